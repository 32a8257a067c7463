// Packing through the API: orders made from the applied allocation, every kind of scan, closing
// a parcel, replacing a defective card, the scopes of every role, and the PDF documents checked
// with pdftotext, pdfinfo, pdftoppm and zbarimg (the barcodes and the QR code read back).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useServer, assertProblem, demoCard, run } from './server.mjs';

const srv = useServer();
const as = {};
before(async () => {
  for (const role of ['coordinator', 'funder', 'operator', 'logistics', 'liaison', 'structure', 'association']) {
    as[role] = await srv.loginAs(role);
  }
});

const HOME = 6;
const scan = (id, iccid, auth = as.logistics) => srv.post(`/api/v1/packing-orders/${id}/scans`, { auth, json: { iccid } });
const order = (id, auth = as.logistics) => srv.get(`/api/v1/packing-orders/${id}`, { auth });
// The demo structure's request 2 has demo cards 0-11 reserved.
const HOME_CARDS = Array.from({ length: 12 }, (_, n) => demoCard(n));

/** Writes a response body to a temp file and runs a poppler or zbar tool on it. */
async function tool(bytes, bin, args, ext = '.pdf') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relais-pdf-'));
  try {
    const file = path.join(dir, `doc${ext}`);
    await writeFile(file, bytes);
    const r = await run(bin, [...args.map((a) => a.replace('{}', file).replace('{dir}', dir))]);
    return { ...r, dir, file };
  } finally {
    if (bin !== 'pdftoppm') await rm(dir, { recursive: true, force: true });
  }
}

async function pdf(url, auth = as.logistics, lang) {
  const res = await fetch(srv.baseUrl + url, {
    headers: { cookie: auth.cookie, ...(lang ? { 'accept-language': lang } : {}) },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

test('the demo\'s parcels are in every state; making orders again makes none while nothing new is reserved', async () => {
  const all = await srv.get('/api/v1/packing-orders', { auth: as.coordinator });
  assert.deepEqual(all.body.items.map((o) => [o.reference, o.state, o.total, o.packed]), [
    ['CO-000001', 'open', 12, 0], ['CO-000002', 'delivered', 20, 20], ['CO-000003', 'packed', 6, 6],
    ['CO-000004', 'shipped', 7, 7], ['CO-000005', 'delivered', 8, 8], ['CO-000006', 'lost', 9, 9],
    ['CO-000007', 'returned', 10, 10],
  ]);
  const home = all.body.items[0];
  assert.deepEqual([home.structure_id, home.leaflet_languages], [HOME, ['fr', 'ar', 'prs']]);
  assert.equal(home.logistics_name, 'ARES — Association pour la réinsertion économique et sociale');
  for (const role of ['logistics', 'structure', 'funder', 'operator', 'association', 'liaison']) {
    assertProblem(await srv.post('/api/v1/packing-orders', { auth: as[role] }), 403, 'forbidden');
  }
  const again = await srv.post('/api/v1/packing-orders', { auth: as.coordinator });
  assert.deepEqual([again.status, again.body.items, again.body.filled], [200, [], []]);
  const bad = await srv.post('/api/v1/packing-orders', { auth: as.coordinator, json: { logistics_id: HOME } });
  assert.deepEqual(assertProblem(bad, 422, 'validation_failed').errors.map((e) => e.reason), ['unknown_logistics']);
});

test('scopes: logistics its orders, with cards by ICCID and state only; a structure its own; others 403', async () => {
  const list = await srv.get('/api/v1/packing-orders', { auth: as.logistics });
  assert.deepEqual(list.body.items.map((o) => o.id), [1, 2, 3, 4, 5, 6, 7]);
  const o = await order(1);
  assert.equal(o.status, 200, o.text);
  assert.deepEqual(o.body.sims.map((s) => s.iccid), HOME_CARDS);
  // Logistics never sees anything about a resident: the cards carry their ICCID and state only.
  assert.deepEqual(Object.keys(o.body.sims[0]).sort(), ['iccid', 'state']);
  assert.equal(o.body.delivery_token, null);
  assert.deepEqual(Object.keys(o.body).sort(), ['address', 'commune', 'created_at', 'delivered_at', 'delivery_token', 'department', 'id',
    'leaflet_languages', 'logistics_id', 'logistics_name', 'packed', 'packed_at', 'postcode', 'reference', 'shipment_id',
    'sims', 'state', 'structure_id', 'structure_name', 'total', 'updated_at']);
  assert.equal((await order(1, as.structure)).status, 200);
  assert.equal((await srv.get('/api/v1/packing-orders', { auth: as.structure })).body.total, 1);
  for (const role of ['funder', 'operator', 'association', 'liaison']) {
    assertProblem(await srv.get('/api/v1/packing-orders', { auth: as[role] }), 403, 'forbidden');
    assertProblem(await order(1, as[role]), 403, 'forbidden');
  }
  assertProblem(await order(99), 404, 'not_found');
  // A structure reads but does not pack.
  assertProblem(await scan(1, HOME_CARDS[0], as.structure), 403, 'forbidden');
});

test('every kind of scan: packed, already packed, unknown, another parcel\'s, wrong state; each card packed audited', async () => {
  const audited = await srv.auditCount();
  const ok = await scan(1, HOME_CARDS[0]);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual([ok.body.iccid, ok.body.outcome, ok.body.order.packed, ok.body.order.total], [HOME_CARDS[0], 'packed', 1, 12]);
  // The F filler some scanners add, and spaces around, are fine.
  const filler = await scan(1, ` ${HOME_CARDS[1]}F\n`);
  assert.deepEqual([filler.status, filler.body.order.packed], [200, 2]);

  const twice = assertProblem(await scan(1, HOME_CARDS[0]), 409, 'scan_already_packed');
  assert.equal(twice.detail, `${HOME_CARDS[0]}\u202f: carte déjà scannée dans ce colis.`);
  // A well-formed ICCID that no card has: a card to set aside.
  const unknown = assertProblem(await scan(1, '8933109999999999995'), 409, 'scan_unknown');
  assert.equal(unknown.detail, '8933109999999999995\u202f: aucune carte connue sous ce numéro. Mettez-la de côté.');
  // A wrong check digit (a good card's number mistyped), a wrong length or no number at all: a
  // typing error, to check, not a card to set aside.
  const typo = HOME_CARDS[2].slice(0, -1) + String((Number(HOME_CARDS[2].at(-1)) + 1) % 10);
  for (const raw of [typo, HOME_CARDS[2].slice(0, -2), 'hello']) {
    const invalid = assertProblem(await scan(1, raw), 422, 'scan_invalid');
    assert.equal(invalid.detail, `${raw}\u202f: numéro invalide, vérifiez la saisie.`);
  }
  const english = assertProblem(await srv.post('/api/v1/packing-orders/1/scans',
    { auth: as.logistics, json: { iccid: typo }, lang: 'en' }), 422, 'scan_invalid');
  assert.equal(english.detail, `${typo}: invalid number, check what was typed or scanned.`);
  // A card in stock, in no order.
  assertProblem(await scan(1, demoCard(100)), 409, 'scan_other_order');
  // A card in a parcel moves with the parcel, not by hand.
  const byHand = await srv.post(`/api/v1/sims/${HOME_CARDS[11]}/transitions`,
    { auth: as.coordinator, json: { transition: 'declare_lost', reason: 'tombée du bac' } });
  assert.match(assertProblem(byHand, 409, 'card_in_parcel').detail, /CO-000001/);
  const en = await srv.post('/api/v1/packing-orders/1/scans', { auth: as.logistics, lang: 'en', json: { iccid: demoCard(100) } });
  assert.equal(en.body.detail, `${demoCard(100)}: this card is not for this parcel. Set it aside.`);
  assertProblem(await srv.post('/api/v1/packing-orders/1/scans', { auth: as.logistics, json: {} }), 422, 'validation_failed');

  // The refused scans moved nothing (they are kept in the parcel's scan log, which no route reads yet).
  assert.deepEqual([(await order(1)).body.packed, await srv.auditCount()], [2, audited + 2],
    'each card packed is audited, and nothing else');
  const card = await srv.get(`/api/v1/sims/${HOME_CARDS[0]}`, { auth: as.coordinator });
  assert.deepEqual(card.body.timeline.at(-1), { ...card.body.timeline.at(-1), transition: 'pack', from: 'reserved', to: 'packed',
    actor: 'logistics@demo.relais', reason: 'CO-000001' });
});

test('a defective card is replaced from stock for the same request; the parcel closes only when complete', async () => {
  const before = (await srv.get('/api/v1/stock/summary', { auth: as.coordinator })).body.by_state;
  const reservedFor2 = async () => (await srv.get('/api/v1/requests/2', { auth: as.coordinator })).body.reserved;
  assert.equal(await reservedFor2(), 10, 'request 2: 12 cards, 2 packed');
  const r = await srv.post('/api/v1/packing-orders/1/replacements', { auth: as.logistics, json: { iccid: HOME_CARDS[5] } });
  assert.equal(r.status, 200, r.text);
  const spare = r.body.replacement;
  assert.equal(spare, demoCard(72), 'the first card in stock');
  const defective = await srv.get(`/api/v1/sims/${HOME_CARDS[5]}`, { auth: as.coordinator });
  assert.equal(defective.body.state, 'defective');
  const o = (await order(1)).body;
  assert.ok(o.sims.some((s) => s.iccid === spare && s.state === 'reserved'));
  assert.ok(!o.sims.some((s) => s.iccid === HOME_CARDS[5]));
  assert.equal(o.total, 12);
  const after = (await srv.get('/api/v1/stock/summary?verify=true', { auth: as.coordinator })).body;
  assert.deepEqual([after.by_state.in_stock, after.by_state.defective], [before.in_stock - 1, before.defective + 1]);
  assert.equal(after.reconciled, true);
  // The defective card no longer counts for request 2: the spare, reserved for it, does.
  assert.equal(await reservedFor2(), 10);
  assertProblem(await srv.post('/api/v1/packing-orders/1/replacements', { auth: as.logistics, json: { iccid: demoCard(100) } }),
    409, 'not_in_order');

  const early = assertProblem(await srv.post('/api/v1/packing-orders/1/close', { auth: as.logistics }), 409, 'order_incomplete');
  assert.equal(early.detail, 'Colis incomplet\u202f: 2 cartes scannées sur 12.');
  for (const iccid of [...HOME_CARDS.slice(2, 12).filter((c) => c !== HOME_CARDS[5]), spare]) {
    assert.equal((await scan(1, iccid)).status, 200, iccid);
  }
  const closed = await srv.post('/api/v1/packing-orders/1/close', { auth: as.logistics });
  assert.deepEqual([closed.status, closed.body.state, closed.body.packed, closed.body.total], [200, 'packed', 12, 12]);
});

test('the packing list: every ICCID as text and as a readable Code 128, the QR code to the delivery page, pages right', async () => {
  const list = await pdf('/api/v1/packing-orders/1/packing-list.pdf');
  assert.deepEqual([list.status, list.type], [200, 'application/pdf']);
  assert.equal(list.bytes.subarray(0, 5).toString(), '%PDF-');
  const info = await tool(list.bytes, 'pdfinfo', ['{}']);
  assert.match(info.stdout, /^Pages:\s+1$/m);
  const text = (await tool(list.bytes, 'pdftotext', ['-layout', '{}', '-'])).stdout;
  const cards = (await order(1)).body.sims.map((s) => s.iccid);
  assert.equal(cards.length, 12);
  for (const iccid of cards) assert.ok(text.includes(iccid), iccid);
  assert.match(text, /Bordereau de colisage CO-000001/);
  assert.match(text, /CADA Croix-Rouge française Le Moule/);
  assert.match(text, /12 cartes SIM/);
  assert.match(text, /arabe/);
  // Rendered, then read back by a barcode reader: every ICCID and the QR code's address.
  const png = await tool(list.bytes, 'pdftoppm', ['-png', '-r', '150', '{}', '{dir}/page']);
  try {
    const read = await run('zbarimg', ['--quiet', path.join(png.dir, 'page-1.png')]);
    const codes = read.stdout.trim().split('\n');
    assert.deepEqual(codes.filter((c) => c.startsWith('CODE-128:')).map((c) => c.slice(9)).sort(), [...cards].sort());
    // The QR code opens this parcel's delivery confirmation page (the API's view of it, here).
    const qr = codes.filter((c) => c.startsWith('QR-Code:'));
    const prefix = `QR-Code:http://127.0.0.1:${srv.port}/deliveries/`;
    assert.equal(qr.length, 1, codes.join('\n'));
    assert.ok(qr[0].startsWith(prefix), qr[0]);
    const token = qr[0].slice(prefix.length);
    assert.match(token, /^[A-Za-z0-9_-]{16,}$/);
    const page = await srv.get(`/api/v1/deliveries/${token}`, { auth: as.structure });
    assert.deepEqual([page.status, page.body.reference, page.body.sims.map((c) => c.iccid)], [200, 'CO-000001', cards]);
  } finally {
    await rm(png.dir, { recursive: true, force: true });
  }
  const en = await pdf('/api/v1/packing-orders/1/packing-list.pdf', as.logistics, 'en');
  assert.match((await tool(en.bytes, 'pdftotext', ['{}', '-'])).stdout, /Packing list CO-000001/);
});

test('the A6 label: recipient, sender, reference as text and barcode; only those who may read the order', async () => {
  const label = await pdf('/api/v1/packing-orders/1/label.pdf');
  assert.deepEqual([label.status, label.type], [200, 'application/pdf']);
  const info = await tool(label.bytes, 'pdfinfo', ['{}']);
  assert.match(info.stdout, /^Pages:\s+1$/m);
  assert.match(info.stdout, /^Page size:\s+297\.6\d* x 419\.5\d* pts/m, 'A6');
  // Lines wrap on the label: compare with single spaces.
  const text = (await tool(label.bytes, 'pdftotext', ['{}', '-'])).stdout.replace(/\s+/g, ' ');
  for (const part of ['DESTINATAIRE', 'CADA Croix-Rouge française Le Moule', '97160 Le Moule', 'EXPÉDITEUR', 'ARES', 'CO-000001']) {
    assert.ok(text.includes(part), part);
  }
  const png = await tool(label.bytes, 'pdftoppm', ['-png', '-r', '200', '{}', '{dir}/page']);
  try {
    const read = await run('zbarimg', ['--quiet', path.join(png.dir, 'page-1.png')]);
    assert.ok(read.stdout.includes('CODE-128:CO-000001'), read.stdout);
  } finally {
    await rm(png.dir, { recursive: true, force: true });
  }
  for (const role of ['funder', 'operator', 'association']) {
    assert.equal((await pdf('/api/v1/packing-orders/1/label.pdf', as[role])).status, 403, role);
  }
  assert.equal((await pdf('/api/v1/packing-orders/1/label.pdf', as.structure)).status, 200);
});

test('the packing list and the label in the reader\'s language (?lang= of the web app\'s links, else Accept-Language), titled and named like the buttons', async () => {
  const read = async (doc, lang, header) => {
    const r = await pdf(`/api/v1/packing-orders/1/${doc}.pdf${lang ? `?lang=${lang}` : ''}`, as.logistics, header);
    assert.equal(r.status, 200);
    // Lines wrap: compare with single spaces (pdftotext gives French's narrow ones as spaces too).
    const text = (await tool(r.bytes, 'pdftotext', ['{}', '-'])).stdout.replace(/\s+/g, ' ');
    const title = /^Title:\s+(.*)$/m.exec((await tool(r.bytes, 'pdfinfo', ['{}'])).stdout)?.[1];
    return { text, title, disposition: r.disposition };
  };
  for (const [lang, header] of [[null, null], [null, 'de, fr;q=0.5'], ['fr', 'en']]) {
    const list = await read('packing-list', lang, header);
    assert.equal(list.title, 'Bordereau de colisage CO-000001');
    assert.equal(list.disposition, 'inline; filename="CO-000001-bordereau.pdf"');
    for (const part of ['Bordereau de colisage CO-000001', '12 cartes SIM · préparé par ARES', 'Notices : français, arabe',
      'À la réception : scannez pour confirmer la livraison', 'page 1 / 1']) {
      assert.ok(list.text.includes(part), `${lang}/${header}: ${part} in ${list.text}`);
    }
    const label = await read('label', lang, header);
    assert.equal(label.title, 'Étiquette CO-000001');
    assert.equal(label.disposition, 'inline; filename="CO-000001-etiquette.pdf"');
    for (const part of ['DESTINATAIRE', 'EXPÉDITEUR', 'CO-000001 · 12 cartes SIM', 'À la réception : scannez']) {
      assert.ok(label.text.includes(part), `${lang}/${header}: ${part} in ${label.text}`);
    }
  }
  for (const [lang, header] of [[null, 'en-GB, fr;q=0.5'], ['en', 'fr']]) {
    const list = await read('packing-list', lang, header);
    assert.equal(list.title, 'Packing list CO-000001');
    assert.equal(list.disposition, 'inline; filename="CO-000001-packing-list.pdf"');
    for (const part of ['Packing list CO-000001', '12 SIM cards · packed by ARES', 'Leaflets: French (français), Arabic',
      'On receipt: scan to confirm the delivery', 'page 1 of 1']) {
      assert.ok(list.text.includes(part), `${lang}/${header}: ${part} in ${list.text}`);
    }
    assert.doesNotMatch(list.text, /Bordereau|cartes|Notices|réception/);
    const label = await read('label', lang, header);
    assert.equal(label.title, 'Label CO-000001');
    assert.equal(label.disposition, 'inline; filename="CO-000001-label.pdf"');
    for (const part of ['RECIPIENT', 'SENDER', 'CO-000001 · 12 SIM cards', 'On receipt: scan to confirm the delivery']) {
      assert.ok(label.text.includes(part), `${lang}/${header}: ${part} in ${label.text}`);
    }
    assert.doesNotMatch(label.text, /DESTINATAIRE|EXPÉDITEUR|cartes/);
  }
});

test('a parcel closes once every card is packed; then it takes no more scans', async () => {
  // Order 1 keeps its lost card (a discrepancy for the coordinator). A fresh parcel: request 7's
  // 25 cards allocated (request 6 cancelled first), its order made, every card scanned.
  assert.equal((await srv.post('/api/v1/requests/6/transitions', { auth: as.coordinator, json: { transition: 'cancel' } })).status, 200);
  const preview = await srv.get('/api/v1/allocation', { auth: as.coordinator });
  const applied = await srv.post('/api/v1/allocation', { auth: as.coordinator, json: { fingerprint: preview.body.fingerprint } });
  assert.equal(applied.status, 200, applied.text);
  const made = await srv.post('/api/v1/packing-orders', { auth: as.coordinator });
  assert.equal(made.body.items.length, 1);
  const id = made.body.items[0].id;
  const cards = (await order(id)).body.sims.map((s) => s.iccid);
  assert.equal(cards.length, 25);
  for (const iccid of cards) assert.equal((await scan(id, iccid)).status, 200);
  const closed = await srv.post(`/api/v1/packing-orders/${id}/close`, { auth: as.logistics });
  assert.equal(closed.status, 200, closed.text);
  assert.deepEqual([closed.body.state, closed.body.packed, closed.body.total], ['packed', 25, 25]);
  assert.match(closed.body.packed_at, /^\d{4}-/);
  assertProblem(await scan(id, cards[0]), 409, 'order_not_open');
  assertProblem(await srv.post(`/api/v1/packing-orders/${id}/close`, { auth: as.logistics }), 409, 'order_not_open');
  const listed = await srv.get('/api/v1/packing-orders?state=packed', { auth: as.coordinator });
  assert.deepEqual(listed.body.items.map((o) => o.id), [1, 3, id], 'order 1, the demo\'s packed parcel, this one');
  assertProblem(await srv.get('/api/v1/packing-orders?state=bogus', { auth: as.coordinator }), 400, 'bad_parameter');
  // A two-page list: 25 cards do not fit the first page's 22.
  const list = await pdf(`/api/v1/packing-orders/${id}/packing-list.pdf`);
  assert.match((await tool(list.bytes, 'pdfinfo', ['{}'])).stdout, /^Pages:\s+2$/m);
  const text = (await tool(list.bytes, 'pdftotext', ['{}', '-'])).stdout;
  for (const iccid of cards) assert.ok(text.includes(iccid), iccid);
  assert.match(text, /page 2 \/ 2/);
});

// The demo structure asks for cards; the request is approved and the allocation applied.
async function askAndAllocate(quantity, languages) {
  const asked = await srv.post('/api/v1/requests', { auth: as.structure, json: { programme: 'CU-2020', quantity,
    needs: { keep_in_touch: quantity }, leaflet_languages: languages, comment: '' } });
  assert.equal(asked.status, 201, asked.text);
  for (const [auth, transition] of [[as.structure, 'submit'], [as.coordinator, 'approve']]) {
    const moved = await srv.post(`/api/v1/requests/${asked.body.id}/transitions`, { auth, json: { transition } });
    assert.equal(moved.status, 200, moved.text);
  }
  const preview = await srv.get('/api/v1/allocation', { auth: as.coordinator });
  const applied = await srv.post('/api/v1/allocation', { auth: as.coordinator, json: { fingerprint: preview.body.fingerprint } });
  assert.equal(applied.status, 200, applied.text);
}

test('a second allocation for a structure whose parcel is still open fills that parcel, not a second one', async () => {
  // Each request is approved and allocated in turn, then the parcels prepared.
  const allocate = async (quantity, languages) => {
    await askAndAllocate(quantity, languages);
    const audited = await srv.auditCount();
    const prepared = await srv.post('/api/v1/packing-orders', { auth: as.coordinator });
    // One audit event, the order made or the order filled, in an intact chain.
    assert.equal(await srv.auditCount(), audited + 1);
    return prepared;
  };
  const first = await allocate(3, ['fr']);
  assert.equal(first.status, 201, first.text);
  assert.deepEqual([first.body.items.map((o) => [o.structure_id, o.state, o.total]), first.body.filled], [[[HOME, 'open', 3]], []]);
  const parcel = first.body.items[0];
  // One card scanned into it meanwhile: it stays scanned.
  const cards = (await order(parcel.id)).body.sims.map((c) => c.iccid);
  assert.equal((await scan(parcel.id, cards[0])).status, 200);

  const second = await allocate(2, ['fr', 'uk']);
  assert.equal(second.status, 200, second.text);
  assert.deepEqual(second.body.items, []);
  assert.deepEqual(second.body.filled.map((o) => [o.id, o.state, o.total, o.packed, o.leaflet_languages]),
    [[parcel.id, 'open', 5, 1, ['fr', 'uk']]]);
  const open = await srv.listAll('/api/v1/packing-orders?state=open', as.coordinator);
  assert.deepEqual(open.items.filter((o) => o.structure_id === HOME).map((o) => o.id), [parcel.id]);
  const filled = (await order(parcel.id)).body.sims;
  assert.equal(filled.length, 5);
  assert.ok(cards.every((iccid) => filled.some((c) => c.iccid === iccid)));
});

test('the structure a parcel is for reads its delivery token in the packing orders (its home confirms without the paper); no other reader of them does', async () => {
  const shipped = await srv.get('/api/v1/packing-orders?state=shipped', { auth: as.coordinator });
  assert.ok(shipped.body.items.length > 0);
  assert.ok(shipped.body.items.every((o) => o.delivery_token === null));
  const logistics = await srv.listAll('/api/v1/packing-orders', as.logistics);
  assert.ok(logistics.items.every((o) => o.delivery_token === null));
  const mine = await srv.listAll('/api/v1/packing-orders', as.structure);
  assert.ok(mine.items.length > 0);
  for (const o of mine.items) {
    assert.match(o.delivery_token, /^[A-Za-z0-9_-]{24}$/, o.reference);
    const one = await srv.get(`/api/v1/packing-orders/${o.id}`, { auth: as.structure });
    assert.equal(one.body.delivery_token, o.delivery_token);
    const delivery = await srv.get(`/api/v1/deliveries/${o.delivery_token}`, { auth: as.structure });
    assert.equal(delivery.status, 200, delivery.text);
  }
  assert.equal((await srv.get(`/api/v1/packing-orders/${mine.items[0].id}`, { auth: as.coordinator })).body.delivery_token, null);
});

test('preparing the parcels while the open parcel is being closed: one goes first, no card is left out of a parcel', async () => {
  // The demo structure's open parcel, every card scanned: it may be closed.
  const open = (await srv.listAll('/api/v1/packing-orders?state=open', as.coordinator)).items
    .filter((o) => o.structure_id === HOME);
  assert.equal(open.length, 1);
  const parcel = open[0];
  for (const c of (await order(parcel.id)).body.sims) {
    if (c.state === 'reserved') assert.equal((await scan(parcel.id, c.iccid)).status, 200);
  }
  // New cards reserved for the structure; then both at once.
  await askAndAllocate(2, ['fr']);
  const [prepared, closed] = await Promise.all([
    srv.post('/api/v1/packing-orders', { auth: as.coordinator }),
    srv.post(`/api/v1/packing-orders/${parcel.id}/close`, { auth: as.logistics }),
  ]);
  const after = (await order(parcel.id, as.coordinator)).body;
  if (closed.status === 200) {
    // Closed first: the new cards went into a new parcel.
    assert.deepEqual([prepared.status, prepared.body.filled, prepared.body.items.map((o) => o.total)], [201, [], [2]]);
    assert.deepEqual([after.state, after.packed, after.total], ['packed', parcel.total, parcel.total]);
  } else {
    // Filled first: the parcel is no longer complete, and says so.
    assertProblem(closed, 409, 'order_incomplete');
    assert.deepEqual([prepared.status, prepared.body.filled.map((o) => o.id)], [200, [parcel.id]]);
    assert.deepEqual([after.state, after.packed, after.total], ['open', parcel.total, parcel.total + 2]);
  }
  // Whatever the order, every reserved card is in a parcel, and no closed parcel misses a card.
  const all = await srv.listAll('/api/v1/packing-orders', as.coordinator);
  assert.ok(all.items.filter((o) => o.state === 'packed').every((o) => o.packed === o.total));
  const again = await srv.post('/api/v1/packing-orders', { auth: as.coordinator });
  assert.deepEqual([again.status, again.body.items, again.body.filled], [200, [], []]);
});
