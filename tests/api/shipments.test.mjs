// Shipping and delivery through the API: carriers, shipments and their states, the structure's
// delivery confirmation (by count, or by scan with discrepancies), incidents and their review,
// and the requests fulfilled when their cards arrive.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, demoCard } from './server.mjs';

const srv = useServer();
const as = {};
before(async () => {
  for (const role of ['coordinator', 'funder', 'operator', 'logistics', 'liaison', 'structure', 'association']) {
    as[role] = await srv.loginAs(role);
  }
});

const HOME_CARDS = Array.from({ length: 12 }, (_, n) => demoCard(n));
/** A parcel's delivery token (its QR code's), as the coordinator reads it in the shipments. */
const token = async (orderId) => {
  const parcels = (await srv.listAll('/api/v1/shipments', as.coordinator)).items.flatMap((s) => s.parcels);
  const parcel = parcels.find((p) => p.id === orderId);
  assert.ok(parcel, `parcel ${orderId} is in a shipment`);
  return parcel.delivery_token;
};
const stateOf = async (iccid) => {
  const r = await srv.get(`/api/v1/sims/${iccid}`, { auth: as.coordinator });
  assert.equal(r.status, 200, r.text);
  return r.body.state;
};
/** A parcel's state and its cards counted by state: [order state, card state, count], in card state order. */
const parcelCards = async (orderId) => {
  const r = await srv.get(`/api/v1/packing-orders/${orderId}`, { auth: as.coordinator });
  assert.equal(r.status, 200, r.text);
  const counts = new Map();
  for (const c of r.body.sims) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  return [...counts].sort().map(([state, n]) => [r.body.state, state, n]);
};
const shipmentMove = (id, auth, transition, reason = '') =>
  srv.post(`/api/v1/shipments/${id}/transitions`, { auth, json: { transition, reason } });

test('carriers: three to start with, edited by the coordinator only, with a {tracking} address', async () => {
  const list = await srv.get('/api/v1/carriers', { auth: as.logistics });
  assert.deepEqual(list.body.items.map((c) => c.code), ['CHRONOPOST', 'DHL', 'COLISSIMO']);
  const put = await srv.put('/api/v1/carriers/MONDIAL', {
    auth: as.coordinator, json: { name: 'Mondial Relay', tracking_url: 'https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition={tracking}' },
  });
  assert.equal(put.status, 200, put.text);
  const bad = await srv.put('/api/v1/carriers/x y', { auth: as.coordinator, json: { name: '', tracking_url: 'ftp://x' } });
  assert.deepEqual(assertProblem(bad, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['code', 'bad_code'], ['name', 'required'], ['tracking_url', 'bad_tracking_url']]);
  assertProblem(await srv.put('/api/v1/carriers/DHL', { auth: as.logistics, json: { name: 'DHL', tracking_url: 'https://x/{tracking}' } }),
    403, 'forbidden');
});

test('the demo\'s shipments in every state, each with its tracking page; scopes', async () => {
  const all = await srv.get('/api/v1/shipments', { auth: as.coordinator });
  assert.deepEqual(all.body.items.map((s) => [s.id, s.carrier, s.state, s.parcels.map((p) => p.reference)]), [
    [1, 'COLISSIMO', 'delivered', ['CO-000002']], [2, 'CHRONOPOST', 'prepared', ['CO-000003']],
    [3, 'COLISSIMO', 'shipped', ['CO-000004']], [4, 'COLISSIMO', 'delivered', ['CO-000005']],
    [5, 'DHL', 'lost', ['CO-000006']], [6, 'COLISSIMO', 'returned', ['CO-000007']],
  ]);
  assert.equal(all.body.items[0].tracking_url, 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A20200410001');
  assert.equal((await srv.get('/api/v1/shipments', { auth: as.logistics })).body.total, 6);
  // The demo structure has no parcel on the road yet; the fulfilled request's structure sees its one.
  assert.equal((await srv.get('/api/v1/shipments', { auth: as.structure })).body.total, 0);
  assertProblem(await srv.get('/api/v1/shipments/1', { auth: as.structure }), 404, 'not_found');
  for (const role of ['funder', 'operator', 'association', 'liaison']) {
    assertProblem(await srv.get('/api/v1/shipments', { auth: as[role] }), 403, 'forbidden');
  }
  assertProblem(await srv.get('/api/v1/shipments?state=bogus', { auth: as.coordinator }), 400, 'bad_parameter');
  // What happened to the cards: lost with their parcel, returned to the sender.
  const cards = [];
  for (const id of [4, 6, 7]) cards.push(...(await parcelCards(id)));
  assert.deepEqual(cards, [['shipped', 'in_transit', 7], ['lost', 'lost', 9], ['returned', 'returned', 10]]);
});

test('illegal shipment moves → 409; each move by its role; a shipment takes closed parcels only', async () => {
  assertProblem(await shipmentMove(1, as.logistics, 'ship'), 409, 'shipment_transition_refused');
  assertProblem(await shipmentMove(5, as.coordinator, 'return'), 409, 'shipment_transition_refused');
  assertProblem(await shipmentMove(2, as.logistics, 'return'), 409, 'shipment_transition_refused');
  assertProblem(await shipmentMove(3, as.logistics, 'declare_lost'), 403, 'forbidden');
  assertProblem(await shipmentMove(3, as.logistics, 'teleport'), 422, 'validation_failed');
  // Order 1 is still open, order 2 already delivered: neither can go.
  const bad = await srv.post('/api/v1/shipments', {
    auth: as.logistics, json: { carrier: 'NOPE', tracking_number: '', packing_order_ids: [1, 2, 99] },
  });
  assert.deepEqual(assertProblem(bad, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]), [
    ['carrier', 'unknown_carrier'], ['tracking_number', 'required'], ['packing_order_ids', 'parcel_not_ready'],
    ['packing_order_ids', 'parcel_not_ready'], ['packing_order_ids', 'unknown_parcel'],
  ]);
  const empty = await srv.post('/api/v1/shipments', { auth: as.logistics, json: { carrier: '', tracking_number: 'x', packing_order_ids: [3] } });
  assert.deepEqual(assertProblem(empty, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['carrier', 'required'], ['packing_order_ids', 'parcel_not_ready']]);
  assertProblem(await srv.post('/api/v1/shipments', { auth: as.structure, json: {} }), 403, 'forbidden');
});

test('the demo structure\'s parcel from packing to a delivery with a card missing and one unexpected; the review closes it', async () => {
  // Packed and closed at the station, put in a shipment, shipped.
  for (const iccid of HOME_CARDS) {
    assert.equal((await srv.post('/api/v1/packing-orders/1/scans', { auth: as.logistics, json: { iccid } })).status, 200);
  }
  assert.equal((await srv.post('/api/v1/packing-orders/1/close', { auth: as.logistics })).body.state, 'packed');
  const made = await srv.post('/api/v1/shipments', {
    auth: as.logistics, json: { carrier: 'COLISSIMO', tracking_number: ' 6A99 ', packing_order_ids: [1] },
  });
  assert.equal(made.status, 201, made.text);
  const id = made.body.id;
  assert.deepEqual([made.body.state, made.body.tracking_number, made.body.parcels.map((p) => p.reference)],
    ['prepared', '6A99', ['CO-000001']]);
  const shipped = await shipmentMove(id, as.logistics, 'ship');
  assert.deepEqual([shipped.body.state, shipped.body.parcels[0].state], ['shipped', 'shipped']);
  assert.equal(await stateOf(HOME_CARDS[0]), 'in_transit');
  // The demo structure now sees its shipment, and the parcel's confirmation page (the QR code's).
  const theirs = await srv.get('/api/v1/shipments', { auth: as.structure });
  assert.equal(theirs.body.total, 1);
  const t = await token(1);
  assert.equal(theirs.body.items[0].parcels[0].delivery_token, t);
  const view = await srv.get(`/api/v1/deliveries/${t}`, { auth: as.structure });
  assert.deepEqual([view.status, view.body.reference, view.body.total, view.body.state], [200, 'CO-000001', 12, 'shipped']);
  assertProblem(await srv.get('/api/v1/deliveries/not-a-token', { auth: as.structure }), 404, 'not_found');
  assertProblem(await srv.get(`/api/v1/deliveries/${await token(4)}`, { auth: as.structure }), 404, 'not_found');
  assertProblem(await srv.post(`/api/v1/deliveries/${t}`, { auth: as.logistics, json: { count: 12 } }), 404, 'not_found');

  // A count that differs cannot say which card is missing: scan them.
  const count = await srv.post(`/api/v1/deliveries/${t}`, { auth: as.structure, json: { count: 11 } });
  assert.equal(assertProblem(count, 422, 'validation_failed').errors[0].message,
    '12 cartes envoyées\u202f: si le nombre reçu diffère, scannez les cartes reçues.');
  // A scan list far longer than the parcel is refused before anything is written.
  const flood = Array.from({ length: 63 }, (_, n) => demoCard(1000 + n));
  assert.deepEqual(assertProblem(await srv.post(`/api/v1/deliveries/${t}`, { auth: as.structure, json: { iccids: flood } }),
    422, 'validation_failed').errors.map((e) => e.reason), ['too_many']);
  // Scanned: all but card 4, plus a card that was not sent.
  const scanned = [...HOME_CARDS.filter((_, n) => n !== 4), `${demoCard(100)}F`];
  const done = await srv.post(`/api/v1/deliveries/${t}`, { auth: as.structure, json: { iccids: scanned } });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.state, 'delivered');
  assert.deepEqual(done.body.incidents.map((i) => [i.kind, i.iccid, i.state]),
    [['missing_sim', HOME_CARDS[4], 'open'], ['unexpected_sim', demoCard(100), 'open']]);
  assert.equal(await stateOf(HOME_CARDS[0]), 'at_structure');
  assert.equal(await stateOf(HOME_CARDS[4]), 'in_transit', 'missing: waits for the coordinator\'s review');
  assert.equal(await stateOf(demoCard(100)), 'in_stock', 'unexpected: only flagged');
  assert.equal((await srv.get(`/api/v1/shipments/${id}`, { auth: as.coordinator })).body.state, 'delivered');
  assertProblem(await srv.post(`/api/v1/deliveries/${t}`, { auth: as.structure, json: { count: 12 } }), 409, 'parcel_not_in_transit');
  // Request 2 is not served while a card is unaccounted for.
  assert.equal((await srv.get('/api/v1/requests/2', { auth: as.coordinator })).body.state, 'approved');

  // The structure sees its incidents; the coordinator reviews them.
  const mine = await srv.get('/api/v1/incidents', { auth: as.structure });
  assert.deepEqual(mine.body.items.map((i) => i.kind), ['missing_sim', 'unexpected_sim']);
  const open = await srv.get('/api/v1/incidents?state=open', { auth: as.coordinator });
  assert.equal(open.body.total, 3, 'these two and the demo\'s parcel delivered short');
  const [missing, unexpected] = mine.body.items;
  assertProblem(await srv.post(`/api/v1/incidents/${missing.id}/resolve`, { auth: as.structure, json: { resolution: 'found' } }),
    403, 'forbidden');
  assertProblem(await srv.post(`/api/v1/incidents/${missing.id}/resolve`, { auth: as.coordinator, json: { resolution: 'set_aside' } }),
    422, 'validation_failed');
  const found = await srv.post(`/api/v1/incidents/${missing.id}/resolve`,
    { auth: as.coordinator, json: { resolution: 'found', note: 'retrouvée au fond du carton' } });
  assert.deepEqual([found.body.state, found.body.resolution, found.body.resolved_by], ['resolved', 'found', 'coordinator@demo.relais']);
  assert.equal(await stateOf(HOME_CARDS[4]), 'at_structure');
  // Every card of request 2 has arrived: it is served.
  const request = (await srv.get('/api/v1/requests/2', { auth: as.coordinator })).body;
  assert.equal(request.state, 'fulfilled');
  assert.equal(request.events.at(-1).transition, 'fulfil');
  const aside = await srv.post(`/api/v1/incidents/${unexpected.id}/resolve`, { auth: as.coordinator, json: { resolution: 'set_aside' } });
  assert.equal(aside.body.state, 'resolved');
  assertProblem(await srv.post(`/api/v1/incidents/${unexpected.id}/resolve`, { auth: as.coordinator, json: { resolution: 'set_aside' } }),
    409, 'incident_resolved');
  const verify = await srv.get('/api/v1/stock/summary?verify=true', { auth: as.coordinator });
  assert.equal(verify.body.reconciled, true);
});

test('the demo\'s short delivery: the missing card is declared lost by the review', async () => {
  const open = (await srv.get('/api/v1/incidents?state=open', { auth: as.coordinator })).body.items;
  assert.equal(open.length, 1);
  const [incident] = open;
  assert.deepEqual([incident.kind, incident.reference, incident.iccid], ['missing_sim', 'CO-000005', demoCard(52)]);
  // The same parcel held a stock card by mistake: flagged, and already set aside.
  const resolved = (await srv.get('/api/v1/incidents?state=resolved', { auth: as.coordinator })).body.items;
  assert.deepEqual(resolved.filter((i) => i.reference === 'CO-000005').map((i) => [i.kind, i.resolution]),
    [['unexpected_sim', 'set_aside']]);
  const lost = await srv.post(`/api/v1/incidents/${incident.id}/resolve`, { auth: as.coordinator, json: { resolution: 'lost' } });
  assert.equal(lost.status, 200, lost.text);
  assert.equal(await stateOf(demoCard(52)), 'lost');
  assertProblem(await srv.get('/api/v1/incidents?state=bogus', { auth: as.coordinator }), 400, 'bad_parameter');
  for (const role of ['logistics', 'funder', 'operator', 'association', 'liaison']) {
    assertProblem(await srv.get('/api/v1/incidents', { auth: as[role] }), 403, 'forbidden');
  }
});

test('a shipment on the road declared lost by the coordinator: its cards are lost', async () => {
  const lost = await shipmentMove(3, as.coordinator, 'declare_lost', 'Jamais arrivé.');
  assert.deepEqual([lost.status, lost.body.state, lost.body.parcels[0].state], [200, 'lost', 'lost']);
  assert.deepEqual(await parcelCards(4), [['lost', 'lost', 7]]);
});

test('a lost or returned parcel does not serve its request; a returned card restocked is free again', async () => {
  // Requests 13 (parcel lost) and 14 (parcel returned) have no card at their structure.
  for (const id of [13, 14]) {
    assertProblem(await srv.post(`/api/v1/requests/${id}/transitions`, { auth: as.coordinator, json: { transition: 'fulfil' } }),
      409, 'cards_not_delivered');
  }
  // Card 62 came back with CO-000007: restocked, it belongs to no request and no parcel.
  assert.equal(await stateOf(demoCard(62)), 'returned');
  const notDelivered = async () => assertProblem(await srv.post('/api/v1/requests/14/transitions',
    { auth: as.coordinator, json: { transition: 'fulfil' } }), 409, 'cards_not_delivered').detail;
  assert.match(await notDelivered(), /^10 cartes de cette demande /);
  const move = (transition) => srv.post(`/api/v1/sims/${demoCard(62)}/transitions`,
    { auth: as.coordinator, json: { transition, reason: 'contrôlée' } });
  const restock = await move('restock');
  assert.equal(restock.body.state, 'in_stock');
  assert.deepEqual(await parcelCards(7), [['returned', 'returned', 9]], 'out of its parcel');
  // Out of request 14 too: sent back again, it no longer counts among the request's cards on their way.
  assert.equal((await move('declare_defective')).body.state, 'defective');
  assert.equal((await move('return')).body.state, 'returned');
  assert.match(await notDelivered(), /^9 cartes de cette demande /);
});
