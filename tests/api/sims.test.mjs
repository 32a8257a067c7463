// SIM stock over HTTP: GET /stock/summary, GET /sims, GET /sims/{iccid}, POST /sim-batches (all or nothing).
//
// Tests run in file order on one demo database: the summary and the card list are checked on the untouched
// demo stock (batch 1: 2,500 cards in_stock) first, then the imports add cards and each test checks the totals
// before and after.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { useServer, assertProblem, withLuhn } from './server.mjs';

const srv = useServer();
let coordinator;
let operator;

before(async () => {
  coordinator = await srv.loginAs('coordinator');
  operator = await srv.loginAs('operator');
});

const STATES = ['in_stock', 'reserved', 'packed', 'in_transit', 'at_structure', 'handed_over', 'active', 'suspended',
  'expired', 'lost', 'defective', 'returned', 'terminated'];

/** {in_stock: n, every other state: 0} */
const inStock = (n) => Object.fromEntries(STATES.map((s) => [s, s === 'in_stock' ? n : 0]));
// The demo's last 40 cards went on to a structure; the other n - 40 are in stock.
// The demo's allocations took the first 72 cards (see demoState below); its last 42 went to the
// demo structure (two of them to replace a stolen and a lost line: issue 12).
const DEMO_MOVED = { reserved: 12, packed: 6, in_transit: 8, active: 26, suspended: 2, handed_over: 4, at_structure: 32,
  lost: 11, returned: 10, defective: 1, terminated: 2 };
const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const demoStock = (n) => ({ ...inStock(n - sum(DEMO_MOVED)), ...DEMO_MOVED });
// What the funder sees of a count: null ("< 5") from 1 to 4, the true count otherwise.
const shown = (n) => (n > 0 && n < 5 ? null : n);
const masked = (counts) => Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, shown(v)]));


/** A valid SFR ICCID (issuer 893310, then 1) with an 11-digit serial; this file uses serials 42,000,000+. */
const sfr = (n) => withLuhn(`8933101${String(42_000_000 + n).padStart(11, '0')}`);
/** A French mobile number not used by the demo (demo: 06 10 00 00 00 .. 06 10 01 74 93). */
const mobile = (n) => `0642${String(n).padStart(6, '0')}`;
const e164 = (national) => `+33${national.replace(/\s/g, '').slice(1)}`;
/** An SFR IMSI (MCC 208, MNC 10). */
const imsi = (n) => `20810${String(4_200_000_000 + n).padStart(10, '0')}`;

/** Demo card i (0..2499): ICCID, MSISDN and IMSI as the contract describes them. */
const demoCard = (i) => ({
  iccid: withLuhn(`89331020${String(1_200_000 + i).padStart(10, '0')}`),
  msisdn: `+33${610_000_000 + 7 * i}`,
  imsi: `20810${String(4_400_000 + i).padStart(10, '0')}`,
});
const DEMO_CARDS = Array.from({ length: 2500 }, (_, i) => demoCard(i));

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const sha256 = (body) => crypto.createHash('sha256').update(body).digest('hex');

const importSims = (body, { query = 'operator=SFR&plan=CU-2020&reference=Livraison%20test', auth = operator,
  ...opts } = {}) => srv.post(`/api/v1/sim-batches?${query}`, { auth, body, contentType: 'text/csv', ...opts });

const summary = async (auth = coordinator, query = '') => {
  const r = await srv.get(`/api/v1/stock/summary${query}`, { auth });
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const stockTotal = async () => (await summary()).total;
const batchCount = async () => {
  const r = await srv.get('/api/v1/sim-batches', { auth: coordinator });
  assert.equal(r.status, 200, r.text);
  return r.body.items.length;
};
const getSim = (iccid, auth = coordinator) => srv.get(`/api/v1/sims/${iccid}`, { auth });
/** The card's PUK from its own endpoint; null when there is none (404) or the reader may not (403). */
async function pukOf(iccid, auth = coordinator) {
  const r = await srv.get(`/api/v1/sims/${iccid}/puk`, { auth });
  if (r.status === 200) return r.body.puk;
  assert.ok([403, 404].includes(r.status), r.text);
  return null;
}
const errorTuples = (p) => p.errors.map((e) => [e.line, e.column, e.value, e.reason]);

/** Asserts a 201/200 import answer: the Batch body and its Location. */
function assertBatch(r, status, { quantity, reference = 'Livraison test', by = 'operator@demo.relais', body }) {
  assert.equal(r.status, status, r.text);
  const b = r.body;
  assert.deepEqual(Object.keys(b).sort(),
    ['file_sha256', 'id', 'operator', 'plan', 'quantity', 'received_at', 'received_by', 'reference']);
  assert.equal(typeof b.id, 'number');
  assert.equal(b.operator, 'SFR');
  assert.equal(b.plan, 'CU-2020');
  assert.equal(b.reference, reference);
  assert.equal(b.quantity, quantity);
  assert.equal(b.received_by, by);
  assert.match(b.received_at, ISO);
  if (body !== undefined) assert.equal(b.file_sha256, sha256(body));
  assert.equal(r.headers.get('location'), `/api/v1/sim-batches/${b.id}`);
  return b;
}

// ---------------------------------------------------------------------------------------------------------------
// The Luhn helper itself

test('the Luhn helper reproduces the contract ICCIDs and the first demo card', () => {
  assert.equal(withLuhn('893310100000000001'), '8933101000000000010');
  assert.equal(withLuhn('893310100000000002'), '8933101000000000028');
  assert.equal(withLuhn('893310100000000003'), '8933101000000000036');
  assert.equal(demoCard(0).iccid, '8933102000012000007');
  assert.equal(demoCard(1).iccid, '8933102000012000015');
  assert.equal(sfr(1).length, 19);
  assert.ok(sfr(1).startsWith('893310100042000001'));
});

// ---------------------------------------------------------------------------------------------------------------
// Stock summary on the untouched demo

test('stock summary as coordinator: the demo batch of 2,500, reconciled; verify=true gives the same', async () => {
  const s = await summary();
  assert.deepEqual(Object.keys(s).sort(), ['batches', 'by_plan', 'by_state', 'masked', 'plan_totals', 'reconciled', 'total']);
  assert.equal(s.total, 2500);
  assert.deepEqual(s.by_state, demoStock(2500));
  assert.deepEqual(Object.keys(s.by_state), STATES, 'all 13 states, in lifecycle order');
  assert.deepEqual(s.by_plan, { 'CU-2020': demoStock(2500) });
  assert.equal(s.reconciled, true);
  assert.equal(s.masked, false);
  assert.equal(s.batches.length, 1);
  const [b] = s.batches;
  assert.equal(b.total, 2500);
  assert.deepEqual(b.by_state, demoStock(2500));
  assert.equal(b.reconciled, true);
  assert.equal(b.batch.id, 1);
  assert.equal(b.batch.operator, 'SFR');
  assert.equal(b.batch.plan, 'CU-2020');
  assert.equal(b.batch.quantity, 2500);
  assert.equal(b.batch.received_by, 'system');
  assert.match(b.batch.file_sha256, /^[0-9a-f]{64}$/);

  const batches = await srv.get('/api/v1/sim-batches', { auth: coordinator });
  assert.deepEqual(batches.body, { items: [b.batch] });

  assert.deepEqual(await summary(coordinator, '?verify=true'), s);
});

test('stock summary as funder: masked true, the true totals, counts of 1 to 4 hidden (null); liaison allowed', async () => {
  const coord = await summary();
  const funder = await srv.loginAs('funder');
  const f = await summary(funder);
  assert.equal(f.masked, true);
  // The same figures as the coordinator's, each total the true total, nothing hidden added in
  // (the demo's 2 suspended and 4 handed over cards read "< 5").
  assert.deepEqual(f, {
    ...coord,
    masked: true,
    by_state: masked(coord.by_state),
    by_plan: Object.fromEntries(Object.entries(coord.by_plan).map(([k, v]) => [k, masked(v)])),
    plan_totals: { 'CU-2020': 2500 },
    batches: coord.batches.map((b) => ({ ...b, by_state: masked(b.by_state),
      batch: { ...b.batch, received_by: '', file_sha256: '' } })),
  });
  assert.equal(f.total, 2500);
  assert.deepEqual([f.by_state.suspended, f.by_state.handed_over, f.by_state.active], [null, null, 26]);
  assert.deepEqual(await summary(funder, '?verify=true'), f);
  assert.equal(coord.plan_totals['CU-2020'], 2500);

  const liaison = await srv.loginAs('liaison');
  const l = await summary(liaison);
  assert.equal(l.masked, false);
  assert.deepEqual(l, coord);
});

test('stock summary as operator: its own batches (all of the demo stock is SFR)', async () => {
  assert.deepEqual(await summary(operator), await summary());
});

test('stock summary as structure, association or logistics → 403 forbidden', async () => {
  for (const role of ['structure', 'association', 'logistics']) {
    const s = await srv.loginAs(role);
    assertProblem(await srv.get('/api/v1/stock/summary', { auth: s }), 403, 'forbidden');
    assertProblem(await srv.get('/api/v1/stock/summary?verify=true', { auth: s }), 403, 'forbidden');
  }
});

test('plans: coordinator, operator, funder and liaison see CU-2020; structure → 403', async () => {
  for (const role of ['coordinator', 'operator', 'funder', 'liaison']) {
    const s = await srv.loginAs(role);
    const r = await srv.get('/api/v1/plans', { auth: s });
    assert.equal(r.status, 200, `${role}: ${r.text}`);
    assert.equal(r.body.items.length, 1);
    const p = r.body.items[0];
    assert.deepEqual(Object.keys(p).sort(), ['calls_sms_included', 'code', 'data_gb', 'id', 'name', 'operator_id',
      'rechargeable', 'unit_cost_cents', 'validity_days']);
    assert.equal(p.code, 'CU-2020');
    assert.equal(typeof p.calls_sms_included, 'boolean');
    assert.equal(typeof p.rechargeable, 'boolean');
  }
  assertProblem(await srv.get('/api/v1/plans', { auth: await srv.loginAs('structure') }), 403, 'forbidden');
});

// ---------------------------------------------------------------------------------------------------------------
// Cards on the untouched demo

test('GET /sims?limit=50 as coordinator → the first 50 demo cards by ICCID, total 2,500', async () => {
  const r = await srv.get('/api/v1/sims?limit=50', { auth: coordinator });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, 2500);
  assert.equal(r.body.items.length, 50);
  assert.equal(typeof r.body.next_cursor, 'string');
  const expected = DEMO_CARDS.map((c) => c.iccid).sort().slice(0, 50);
  assert.deepEqual(r.body.items.map((s) => s.iccid), expected);
  const first = r.body.items[0];
  assert.match(first.updated_at, ISO);
  assert.deepEqual({ ...first, updated_at: 'x' }, {
    iccid: '8933102000012000007', msisdn: '+33610000000', imsi: '208100004400000', state: 'reserved',
    plan: 'CU-2020', batch_id: 1, holder_id: null, holder_name: null, updated_at: 'x',
    data_used_mb: null, reported_at: null,
  });
});

test('walking every page with limit 200 → 13 pages, 2,500 distinct ICCIDs in order, the demo cards exactly', async () => {
  const { items, pages } = await srv.listAll('/api/v1/sims', coordinator, 200);
  assert.equal(pages.length, 13);
  for (const p of pages) assert.equal(p.total, 2500);
  assert.equal(items.length, 2500);
  assert.equal(new Set(items.map((s) => s.iccid)).size, 2500);
  const byIccid = [...DEMO_CARDS].sort((a, b) => (a.iccid < b.iccid ? -1 : a.iccid > b.iccid ? 1 : 0));
  // The first 72 went to the allocations; the last 42 to the demo structure: 26 active, 2
  // suspended, 4 handed over, 5 at the structure, 1 lost in transit, and the four lines of its
  // residents' incidents (stolen and lost: blocked, so terminated; defective; lost).
  const demoState = (i) => {
    if (i < 12) return 'reserved';        // the demo structure's parcel, at the packing station
    if (i < 32) return 'at_structure';    // delivered whole
    if (i < 38) return 'packed';          // in a prepared shipment
    if (i < 45) return 'in_transit';      // on the road
    if (i < 52) return 'at_structure';    // delivered...
    if (i < 53) return 'in_transit';      // ...but this one was not received
    if (i < 62) return 'lost';            // lost by the carrier
    if (i < 72) return 'returned';        // returned to the sender
    if (i === 2458 || i === 2459) return 'active'; // the replacements: a SIM swap, a new line
    const k = i - 2460;
    if (k < 0) return 'in_stock';
    if (k === 24 || k === 25) return 'terminated';
    if (k === 26) return 'defective';
    if (k === 27) return 'lost';
    if (k < 28) return 'active';
    if (k < 30) return 'suspended';
    if (k < 34) return 'handed_over';
    return k < 39 ? 'at_structure' : 'lost';
  };
  // The stolen line's number moved to its replacement (the SIM swap).
  const number = (c, i) => (i === 2460 + 24 ? null : i === 2458 ? byIccid[2460 + 24].msisdn : c.msisdn);
  assert.deepEqual(items.map((s) => [s.iccid, s.msisdn, s.imsi, s.state, s.batch_id]),
    byIccid.map((c, i) => [c.iccid, number(c, i), c.imsi, demoState(i), 1]));
});

test('q matches a fragment of MSISDN or ICCID in any writing', async () => {
  for (const q of ['06 10 00 00 07', '+33 6 10 00 00 07', '0610000007']) {
    const r = await srv.get(`/api/v1/sims?q=${encodeURIComponent(q)}`, { auth: coordinator });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 1, q);
    assert.deepEqual(r.body.items.map((s) => s.iccid), ['8933102000012000015'], q);
  }
  const frag = '8933102000012000';
  const expected = DEMO_CARDS.filter((c) => c.iccid.includes(frag)).map((c) => c.iccid).sort();
  assert.equal(expected.length, 100);
  const { items, pages } = await srv.listAll(`/api/v1/sims?q=${frag}`, coordinator, 200);
  assert.equal(pages[0].total, 100);
  assert.deepEqual(items.map((s) => s.iccid), expected);

  const none = await srv.get('/api/v1/sims?q=8933109999', { auth: coordinator });
  assert.deepEqual([none.status, none.body.total, none.body.items, none.body.next_cursor], [200, 0, [], null]);

  // The whole ICCID, with its filler.
  const card = DEMO_CARDS[15];
  const whole = await srv.get(`/api/v1/sims?q=${card.iccid}F`, { auth: coordinator });
  assert.deepEqual(whole.body.items.map((s) => s.iccid), [card.iccid]);
  // The last digits of a number (unique among the demo's: 7 apart) find a card that has left
  // the stock, not one still in it, which is found by its ICCID or its whole number.
  const ending = (c) => c.msisdn.slice(-6);
  const [out] = (await srv.get('/api/v1/sims?state=at_structure&limit=1', { auth: coordinator })).body.items;
  const byEnd = await srv.get(`/api/v1/sims?q=${ending(out)}`, { auth: coordinator });
  assert.deepEqual(byEnd.body.items.map((s) => [s.iccid, s.state]), [[out.iccid, 'at_structure']]);
  const [kept] = (await srv.get('/api/v1/sims?state=in_stock&limit=1', { auth: coordinator })).body.items;
  assert.deepEqual((await srv.get(`/api/v1/sims?q=${ending(kept)}`, { auth: coordinator })).body.items, []);
  assert.deepEqual((await srv.get(`/api/v1/sims?q=${encodeURIComponent(kept.msisdn)}`, { auth: coordinator })).body.items
    .map((s) => s.iccid), [kept.iccid]);
  // What no index can answer finds nothing, not everything; a huge q is refused.
  for (const q of ['12', 'abc', '%25', '_']) {
    const r = await srv.get(`/api/v1/sims?q=${q}`, { auth: coordinator });
    assert.deepEqual([r.status, r.body.total], [200, 0], q);
  }
  assertProblem(await srv.get(`/api/v1/sims?q=${'1'.repeat(101)}`, { auth: coordinator }), 400, 'bad_parameter');
});

test('state, plan and batch filters; bad values → 400 bad_parameter', async () => {
  for (const q of ['state=in_stock', 'plan=CU-2020', 'batch=1', 'state=in_stock&plan=CU-2020&batch=1']) {
    const r = await srv.get(`/api/v1/sims?limit=1&${q}`, { auth: coordinator });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, q.includes('state=in_stock') ? 2386 : 2500, q);
  }
  const reserved = await srv.get('/api/v1/sims?state=reserved&limit=200', { auth: coordinator });
  assert.deepEqual(reserved.body.items.map((c) => c.iccid), DEMO_CARDS.slice(0, 12).map((c) => c.iccid));
  const expired = await srv.get('/api/v1/sims?state=expired', { auth: coordinator });
  assert.deepEqual([expired.status, expired.body.total, expired.body.items], [200, 0, []]);
  const terminated = await srv.get('/api/v1/sims?state=terminated', { auth: coordinator });
  assert.deepEqual(terminated.body.items.map((c) => c.iccid), [DEMO_CARDS[2460 + 24].iccid, DEMO_CARDS[2460 + 25].iccid]);
  assertProblem(await srv.get('/api/v1/sims?state=bogus', { auth: coordinator }), 400, 'bad_parameter');
  assertProblem(await srv.get('/api/v1/sims?plan=NOPE', { auth: coordinator }), 400, 'bad_parameter');
  assertProblem(await srv.get('/api/v1/sims?batch=abc', { auth: coordinator }), 400, 'bad_parameter');
  assertProblem(await srv.get('/api/v1/sims?limit=0', { auth: coordinator }), 400, 'bad_parameter');
});

test('an unknown batch id in the filter → 400 bad_parameter (like an unknown plan)', async () => {
  assertProblem(await srv.get('/api/v1/sims?batch=999', { auth: coordinator }), 400, 'bad_parameter');
});

test('GET /sims: operator sees its own 2,500 cards; the structure the 41 it holds; funder, liaison, association, logistics → 403', async () => {
  const r = await srv.get('/api/v1/sims?limit=1', { auth: operator });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, 2500);
  const structure = await srv.loginAs('structure');
  const held = await srv.listAll('/api/v1/sims', structure, 200);
  // The demo's last 42 cards but the one lost in transit.
  assert.deepEqual(held.items.map((s) => s.iccid), DEMO_CARDS.slice(2458, 2499).map((c) => c.iccid));
  assert.ok(held.items.every((s) => s.holder_id === structure.user.organisation_id));
  const other = await srv.get('/api/v1/sims?holder=1', { auth: structure });
  assert.equal(other.body.total, 41, 'a structure cannot ask for another holder');
  for (const role of ['funder', 'liaison', 'association', 'logistics']) {
    const s = await srv.loginAs(role);
    assertProblem(await srv.get('/api/v1/sims', { auth: s }), 403, 'forbidden');
  }
});

test('GET /sims/{iccid}: coordinator sees the batch and the timeline (received, reserved); the 8-digit PUK from its own endpoint', async () => {
  const r = await getSim('8933102000012000015');
  assert.equal(r.status, 200, r.text);
  const s = r.body;
  assert.equal(s.iccid, '8933102000012000015');
  assert.equal(s.msisdn, '+33610000007');
  assert.equal(s.imsi, '208100004400001');
  assert.equal(s.state, 'reserved', 'the demo allocation reserved it for request 2');
  assert.equal(s.plan, 'CU-2020');
  assert.equal(s.batch_id, 1);
  assert.equal(s.holder_id, null);
  assert.equal(s.holder_name, null);
  assert.equal('puk' in s, false, 'the card page carries no PUK');
  const puk = await srv.get('/api/v1/sims/8933102000012000015/puk', { auth: coordinator });
  assert.equal(puk.status, 200, puk.text);
  assert.match(puk.body.puk, /^\d{8}$/);
  const batch1 = (await srv.get('/api/v1/sim-batches', { auth: coordinator })).body.items[0];
  assert.deepEqual(s.batch, batch1);
  assert.equal(s.batch.id, 1);
  assert.equal(s.timeline.length, 2);
  const [t, reserve] = s.timeline;
  assert.deepEqual([reserve.transition, reserve.from, reserve.to, reserve.actor, reserve.reason],
    ['reserve', 'in_stock', 'reserved', 'coordinator@demo.relais', '#2']);
  assert.equal(t.transition, 'receive');
  assert.equal(t.from, null);
  assert.equal(t.to, 'in_stock');
  assert.equal(t.actor, 'system');
  assert.equal(typeof t.reason, 'string');
  assert.match(t.at, ISO);

  // the vendor's F filler is accepted in the path
  const f = await getSim('8933102000012000015F');
  assert.equal(f.status, 200, f.text);
  assert.deepEqual(f.body, s);

  // the operator sees the card, but never the PUK, nor anyone's name, nor what the people of
  // other organisations wrote (issue 14)
  const o = await getSim('8933102000012000015', operator);
  assert.equal(o.status, 200, o.text);
  assertProblem(await srv.get('/api/v1/sims/8933102000012000015/puk', { auth: operator }), 403, 'forbidden');
  assert.ok(s.timeline.some((e) => e.actor_name !== null), 'the coordinator reads names');
  assert.ok(o.body.timeline.every((e) => e.actor_name === null));
  assert.deepEqual(o.body.timeline.map((e) => e.reason), [t.reason, '']);
  assert.deepEqual({ ...o.body, timeline: o.body.timeline.map((e, i) => ({ ...e, actor_name: s.timeline[i].actor_name, reason: s.timeline[i].reason })) }, s);
});

test('GET /sims/{iccid}: unknown card → 404; structure not holding it → 404', async () => {
  assertProblem(await getSim(sfr(999_999)), 404, 'not_found');
  assertProblem(await getSim('8933102000012000016'), 404, 'not_found'); // bad check digit
  const structure = await srv.loginAs('structure');
  assertProblem(await getSim('8933102000012000015', structure), 404, 'not_found');
  assertProblem(await getSim('8933102000012000007', structure), 404, 'not_found');
});

// ---------------------------------------------------------------------------------------------------------------
// Imports

const GOOD = 'iccid,msisdn,imsi,puk\n' +
  `${sfr(1)},${mobile(1)},${imsi(1)},11110001\n` +
  `${sfr(2)},${mobile(2)},${imsi(2)},11110002\n` +
  `${sfr(3)},${mobile(3)},${imsi(3)},11110003\n`;

test('a good 3-card file (comma) as operator → 201, quantity 3; a second reconciled batch; total 2,503', async () => {
  assert.equal(await stockTotal(), 2500);
  const r = await importSims(GOOD);
  const b = assertBatch(r, 201, { quantity: 3, body: GOOD });
  assert.equal(b.id, 2);

  const s = await summary();
  assert.equal(s.total, 2503);
  assert.deepEqual(s.by_state, demoStock(2503));
  assert.deepEqual(s.by_plan, { 'CU-2020': demoStock(2503) });
  assert.equal(s.reconciled, true);
  assert.deepEqual(s.batches.map((x) => [x.batch.id, x.total, x.reconciled]), [[1, 2500, true], [2, 3, true]]);
  assert.deepEqual(s.batches[1].batch, b);
  assert.deepEqual(s.batches[1].by_state, inStock(3));
  assert.deepEqual(await summary(coordinator, '?verify=true'), s);

  const list = await srv.get('/api/v1/sims?batch=2', { auth: coordinator });
  assert.equal(list.body.total, 3);
  assert.deepEqual(list.body.items.map((x) => [x.iccid, x.msisdn, x.imsi, x.state, x.plan, x.batch_id]), [
    [sfr(1), e164(mobile(1)), imsi(1), 'in_stock', 'CU-2020', 2],
    [sfr(2), e164(mobile(2)), imsi(2), 'in_stock', 'CU-2020', 2],
    [sfr(3), e164(mobile(3)), imsi(3), 'in_stock', 'CU-2020', 2],
  ]);

  const card = await getSim(sfr(2));
  assert.equal(card.status, 200, card.text);
  assert.equal(await pukOf(sfr(2)), '11110002', 'the PUK of the file, for the coordinator');
  assert.deepEqual(card.body.batch, b);
  assert.deepEqual(card.body.timeline.map((t) => [t.transition, t.from, t.to, t.actor]),
    [['receive', null, 'in_stock', 'operator@demo.relais']]);
  assert.equal(await pukOf(sfr(2), operator), null);
});

test('the same file again → 200 with the same batch, nothing added (total still 2,503)', async () => {
  const first = (await srv.get('/api/v1/sim-batches', { auth: coordinator })).body.items[1];
  const r = await importSims(GOOD);
  const b = assertBatch(r, 200, { quantity: 3, body: GOOD });
  assert.deepEqual(b, first);
  assert.equal(b.id, 2);
  // a different reference does not make it a new file either
  const r2 = await importSims(GOOD, { query: 'operator=SFR&plan=CU-2020&reference=Autre' });
  assert.equal(r2.status, 200, r2.text);
  assert.deepEqual(r2.body, first);
  assert.equal(await stockTotal(), 2503);
  assert.equal(await batchCount(), 2);
});

test('semicolon, French headers in any case, BOM, CRLF, ignored PIN1 column → 201', async () => {
  const before = await stockTotal();
  const body = '\uFEFFICCID;Numéro;IMSI;PUK1;PIN1\r\n' +
    `${sfr(10)};06 42 00 00 10;${imsi(10)};22220010;0000\r\n` +
    `${sfr(11)};+33 6 42 00 00 11;;;1234\r\n`;
  const b = assertBatch(await importSims(body, { contentType: 'text/csv; charset=utf-8' }), 201,
    { quantity: 2, body });
  assert.equal(await stockTotal(), before + 2);
  const c10 = (await getSim(sfr(10))).body;
  assert.deepEqual([c10.msisdn, c10.imsi, await pukOf(sfr(10)), c10.batch_id], ['+33642000010', imsi(10), '22220010', b.id]);
  const c11 = (await getSim(sfr(11))).body;
  assert.deepEqual([c11.msisdn, c11.imsi, await pukOf(sfr(11)), c11.batch_id], ['+33642000011', null, null, b.id]);
});

test('tab-separated with other French headers (téléphone), as text/plain → 201', async () => {
  const before = await stockTotal();
  const body = `Iccid\tTéléphone\tpuk\n${sfr(20)}\t${mobile(20)}\t33330020\n${sfr(21)}\t${mobile(21)}\t33330021\n`;
  assertBatch(await importSims(body, { contentType: 'text/plain' }), 201, { quantity: 2, body });
  assert.equal(await stockTotal(), before + 2);
  assert.equal(await pukOf(sfr(21)), '33330021');
});

const vendorFile = (quantity, rows) => [
  '*HEADER DESCRIPTION',
  '*===================',
  'Customer: SFR',
  `Quantity: ${quantity}`,
  '*',
  '*OUTPUT VARIABLES',
  'var_out: ICCID/IMSI/MSISDN/PIN1/PUK1',
  ...rows,
].join('\n') + '\n';

test('the SIM vendor output file (F fillers, Quantity matching) → 201; the cards are stored without the F', async () => {
  const before = await stockTotal();
  const body = vendorFile(2, [
    `${sfr(30)}F ${imsi(30)} ${mobile(30)} 0000 44440030`,
    `${sfr(31)}F ${imsi(31)} ${mobile(31)} 0000 44440031`,
  ]);
  const b = assertBatch(await importSims(body), 201, { quantity: 2, body });
  assert.equal(await stockTotal(), before + 2);
  const list = await srv.get(`/api/v1/sims?batch=${b.id}`, { auth: coordinator });
  assert.deepEqual(list.body.items.map((x) => [x.iccid, x.msisdn, x.imsi]), [
    [sfr(30), e164(mobile(30)), imsi(30)],
    [sfr(31), e164(mobile(31)), imsi(31)],
  ]);
  assert.equal(await pukOf(sfr(31)), '44440031');
});

test('a vendor file whose Quantity does not match its rows → 422 quantity_mismatch on the Quantity line', async () => {
  const before = await stockTotal();
  const batches = await batchCount();
  const body = vendorFile(3, [
    `${sfr(40)}F ${imsi(40)} ${mobile(40)} 0000 55550040`,
    `${sfr(41)}F ${imsi(41)} ${mobile(41)} 0000 55550041`,
  ]);
  const p = assertProblem(await importSims(body), 422, 'import_failed');
  assert.deepEqual(errorTuples(p), [[4, 'Quantity', '3', 'quantity_mismatch']]);
  assert.equal(await stockTotal(), before);
  assert.equal(await batchCount(), batches);
  assertProblem(await getSim(sfr(40)), 404, 'not_found');
});

test('secret columns (Ki, OPc, ADM1) → 422, one secret_column error per column on line 1, nothing stored', async () => {
  const before = await stockTotal();
  const batches = await batchCount();
  const body = `iccid,msisdn,Ki,OPc,ADM1\n${sfr(50)},${mobile(50)},00112233445566778899AABBCCDDEEFF,` +
    `FFEEDDCCBBAA99887766554433221100,12345678\n`;
  const p = assertProblem(await importSims(body), 422, 'import_failed');
  assert.deepEqual(errorTuples(p), [
    [1, 'Ki', 'Ki', 'secret_column'],
    [1, 'OPc', 'OPc', 'secret_column'],
    [1, 'ADM1', 'ADM1', 'secret_column'],
  ]);
  assert.equal(await stockTotal(), before);
  assert.equal(await batchCount(), batches);
  assertProblem(await getSim(sfr(50)), 404, 'not_found');
  assert.ok(!p.errors.some((e) => e.value.includes('00112233')), 'secret values are never echoed');

  // the vendor layout: the error is on the var_out line
  const v = vendorFile(1, [`${sfr(51)}F ${imsi(51)} ${mobile(51)} 0000 55550051 00112233`])
    .replace('PUK1\n', 'PUK1/KI\n');
  assert.deepEqual(errorTuples(assertProblem(await importSims(v), 422, 'import_failed')),
    [[7, 'KI', 'KI', 'secret_column']]);
  assert.equal(await stockTotal(), before);
});

const WRONG_CHECK = (() => {
  const ok = sfr(60);
  return ok.slice(0, 18) + String((Number(ok[18]) + 1) % 10);
})();
const ORANGE = withLuhn('893301000004200006'); // issuer 01: not SFR's prefix 893310

// Line numbers count the header as line 1. Lines 8 and 13 are good, every other line has one error.
const BAD_LINES = [
  'iccid,msisdn,imsi,puk',
  `${WRONG_CHECK},${mobile(60)},,`, // 2
  `${ORANGE},${mobile(61)},,`, // 3
  `${sfr(62)},0712345678,,`, // 4
  `${sfr(63)},0690000001,,`, // 5 overseas
  `${sfr(64)},${mobile(64)},208010000000064,`, // 6 MNC 01 is not SFR's
  `${sfr(65)},${mobile(65)},,1234`, // 7
  `${sfr(66)},${mobile(66)},,`, // 8 good
  `${sfr(66)},${mobile(67)},,`, // 9 same ICCID as line 8
  `8933102000012000007,${mobile(68)},,`, // 10 demo card
  `${sfr(69)},06 10 00 00 00,,`, // 11 demo MSISDN
  `${sfr(70)},${mobile(70)},`, // 12 three fields
  `${sfr(71)},${mobile(71)},${imsi(71)},66660071`, // 13 good
].join('\n') + '\n';

const BAD_EXPECTED = [
  [2, 'iccid', WRONG_CHECK, 'iccid_bad_check_digit'],
  [3, 'iccid', ORANGE, 'wrong_operator'],
  [4, 'msisdn', '0712345678', 'msisdn_bad_msisdn'],
  [5, 'msisdn', '0690000001', 'msisdn_bad_msisdn'],
  [6, 'imsi', '208010000000064', 'imsi_wrong_network'],
  [7, 'puk', '', 'bad_puk'],
  [9, 'iccid', sfr(66), 'iccid_in_file'],
  [10, 'iccid', '8933102000012000007', 'iccid_known'],
  [11, 'msisdn', '06 10 00 00 00', 'msisdn_known'],
  [12, '', '', 'wrong_field_count'],
];

test('a file with errors on several lines → 422 import_failed listing each, in line order; nothing written', async () => {
  const before = await stockTotal();
  const batches = await batchCount();
  const p = assertProblem(await importSims(BAD_LINES), 422, 'import_failed');
  assert.deepEqual(errorTuples(p), BAD_EXPECTED);
  assert.equal(p.detail, "Fichier refusé\u202f: 10 lignes en erreur, rien n'a été enregistré.");
  for (const e of p.errors) {
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
  }
  assert.ok(!p.errors.some((e) => e.value === '1234'), 'the PUK is never echoed');
  assert.equal(await stockTotal(), before);
  assert.equal(await batchCount(), batches);
  assertProblem(await getSim(sfr(66)), 404, 'not_found');
  assertProblem(await getSim(sfr(71)), 404, 'not_found');
  const q = await srv.get(`/api/v1/sims?q=${mobile(71)}`, { auth: coordinator });
  assert.equal(q.body.total, 0);
});

test('a MSISDN twice in one file (written differently) → msisdn_in_file on the second line', async () => {
  const before = await stockTotal();
  const body = `iccid,msisdn\n${sfr(80)},${mobile(80)}\n${sfr(81)},+33 6 42 00 00 80\n`;
  assert.deepEqual(errorTuples(assertProblem(await importSims(body), 422, 'import_failed')),
    [[3, 'msisdn', '+33 6 42 00 00 80', 'msisdn_in_file']]);
  assert.equal(await stockTotal(), before);
});

test('Accept-Language en → English detail and messages; the same errors', async () => {
  const p = assertProblem(await importSims(BAD_LINES, { lang: 'en' }), 422, 'import_failed');
  assert.equal(p.detail, 'File refused: 10 bad lines, nothing was stored.');
  assert.deepEqual(errorTuples(p), BAD_EXPECTED);
  const messages = Object.fromEntries(p.errors.map((e) => [e.reason, e.message]));
  assert.equal(messages.iccid_bad_check_digit, 'ICCID: wrong check digit (Luhn).');
  assert.equal(messages.msisdn_bad_msisdn, 'Invalid phone number.');
  assert.equal(messages.bad_puk, 'PUK: 8 digits expected.');
  assert.equal(messages.iccid_known, 'This card (ICCID) is already known to Relais.');
  assert.equal(messages.wrong_field_count, '3 fields instead of 4.');

  const fr = assertProblem(await importSims(BAD_LINES, { lang: 'fr' }), 422, 'import_failed');
  assert.equal(fr.errors[0].message, 'ICCID\u202f: chiffre de contrôle (Luhn) faux.');
});

test('header refusals: missing iccid column, empty file, header only', async () => {
  const before = await stockTotal();
  assert.deepEqual(errorTuples(assertProblem(await importSims('msisdn,puk\n0612345678,12345678\n'), 422,
    'import_failed')), [[1, 'iccid', '', 'missing_column']]);
  assert.deepEqual(errorTuples(assertProblem(await importSims(''), 422, 'import_failed')),
    [[1, '', '', 'empty_file']]);
  assert.deepEqual(errorTuples(assertProblem(await importSims('iccid,msisdn\n'), 422, 'import_failed')),
    [[1, '', '', 'no_rows']]);
  assert.equal(await stockTotal(), before);
});

const fresh = (n) => `iccid,msisdn\n${sfr(n)},${mobile(n)}\n`;
const fieldTuples = (p) => p.errors.map((e) => [e.field, e.value, e.reason]);

test('unknown operator, unknown plan, missing or too long reference → 422 validation_failed', async () => {
  const before = await stockTotal();
  const batches = await batchCount();
  const op = assertProblem(await importSims(fresh(100), { query: 'operator=NOPE&plan=CU-2020&reference=R' }), 422,
    'validation_failed');
  assert.deepEqual(fieldTuples(op), [['operator', 'NOPE', 'unknown_operator']]);
  const plan = assertProblem(await importSims(fresh(100), { query: 'operator=SFR&plan=NOPE&reference=R' }), 422,
    'validation_failed');
  assert.deepEqual(fieldTuples(plan), [['plan', 'NOPE', 'unknown_plan']]);
  const noRef = assertProblem(await importSims(fresh(100), { query: 'operator=SFR&plan=CU-2020' }), 422,
    'validation_failed');
  assert.deepEqual(fieldTuples(noRef), [['reference', '', 'required']]);
  const emptyRef = assertProblem(await importSims(fresh(100), { query: 'operator=SFR&plan=CU-2020&reference=' }),
    422, 'validation_failed');
  assert.deepEqual(fieldTuples(emptyRef), [['reference', '', 'required']]);
  const long = 'x'.repeat(201);
  const longRef = assertProblem(await importSims(fresh(100),
    { query: `operator=SFR&plan=CU-2020&reference=${long}` }), 422, 'validation_failed');
  assert.deepEqual(fieldTuples(longRef), [['reference', long, 'too_long']]);
  assert.equal(await stockTotal(), before);
  assert.equal(await batchCount(), batches);
  assertProblem(await getSim(sfr(100)), 404, 'not_found');
});

test('an already imported file with an unknown operator or plan → 422 validation_failed, not the old batch', async () => {
  const op = await importSims(GOOD, { query: 'operator=NOPE&plan=CU-2020&reference=R' });
  assert.deepEqual(fieldTuples(assertProblem(op, 422, 'validation_failed')), [['operator', 'NOPE', 'unknown_operator']]);
  const plan = await importSims(GOOD, { query: 'operator=SFR&plan=NOPE&reference=R' });
  assert.deepEqual(fieldTuples(assertProblem(plan, 422, 'validation_failed')), [['plan', 'NOPE', 'unknown_plan']]);
});

test('wrong content type → 415 unsupported_media_type; missing CSRF → 403; nothing stored', async () => {
  const before = await stockTotal();
  assertProblem(await importSims(fresh(110), { contentType: 'application/json' }), 415, 'unsupported_media_type');
  assertProblem(await importSims(fresh(110), { contentType: 'application/x-www-form-urlencoded' }), 415,
    'unsupported_media_type');
  assertProblem(await importSims(fresh(110), { csrf: false }), 403, 'csrf_token_missing');
  assert.equal(await stockTotal(), before);
  assertProblem(await getSim(sfr(110)), 404, 'not_found');
});

test('liaison, structure, funder, logistics and association may not import → 403 forbidden', async () => {
  const before = await stockTotal();
  for (const role of ['liaison', 'structure', 'funder', 'logistics', 'association']) {
    const s = await srv.loginAs(role);
    assertProblem(await importSims(fresh(120), { auth: s }), 403, 'forbidden');
    assertProblem(await srv.get('/api/v1/sim-batches', { auth: s }), 403, 'forbidden');
  }
  assert.equal(await stockTotal(), before);
});

test('the coordinator can import too (received_by is the coordinator)', async () => {
  const before = await stockTotal();
  const body = fresh(130);
  assertBatch(await importSims(body, { auth: coordinator }), 201,
    { quantity: 1, by: 'coordinator@demo.relais', body });
  assert.equal(await stockTotal(), before + 1);
  const t = (await getSim(sfr(130))).body.timeline;
  assert.deepEqual(t.map((x) => [x.transition, x.to, x.actor]), [['receive', 'in_stock', 'coordinator@demo.relais']]);
});

test('after the imports: 2,510 cards in 6 reconciled batches; GET /sims and the operator agree', async () => {
  const s = await summary(coordinator, '?verify=true');
  assert.equal(s.total, 2510); // 2500 + 3 + 2 + 2 + 2 + 1 (the same-file import added nothing)
  assert.deepEqual(s.by_state, demoStock(2510));
  assert.deepEqual(s.by_plan, { 'CU-2020': demoStock(2510) });
  assert.equal(s.reconciled, true);
  assert.deepEqual(s.batches.map((b) => [b.batch.id, b.total, b.batch.quantity, b.reconciled]), [
    [1, 2500, 2500, true], [2, 3, 3, true], [3, 2, 2, true], [4, 2, 2, true], [5, 2, 2, true], [6, 1, 1, true],
  ]);
  assert.deepEqual(await summary(), s);
  assert.deepEqual(await summary(operator), s);
  const list = await srv.get('/api/v1/sims?limit=1', { auth: coordinator });
  assert.equal(list.body.total, 2510);
  const { items } = await srv.listAll('/api/v1/sims', coordinator, 200);
  assert.equal(new Set(items.map((x) => x.iccid)).size, 2510);

  const audit = await srv.cli(['audit', 'verify']);
  assert.equal(audit.code, 0, audit.stderr);
  assert.match(audit.stdout, /^audit chain intact/);
});

test('funder after the imports: the true total; small cells hidden, never added in', async () => {
  const f = await summary(await srv.loginAs('funder'));
  const coord = await summary();
  assert.equal(f.masked, true);
  // 2,510 cards: the total equals the coordinator's; 2 suspended and 4 handed over are hidden.
  assert.equal(f.total, 2510);
  assert.equal(f.total, coord.total);
  assert.deepEqual(f.by_state, masked(demoStock(2510)));
  // batch 6 holds a single card: its count in stock (1) and its total are hidden, not 0
  assert.deepEqual(f.batches[5].by_state, { ...inStock(0), in_stock: null });
  // Every figure is the coordinator's, null exactly where that is 1 to 4, "secret" only where it
  // is not; and no line whose total is shown hides a single count (it would be the difference).
  const lines = [[f.total, f.by_state, coord.total, coord.by_state],
    ...f.batches.map((b, i) => [b.total, b.by_state, coord.batches[i].total, coord.batches[i].by_state]),
    ...Object.keys(f.by_plan).map((p) => [f.plan_totals[p], f.by_plan[p], coord.plan_totals[p], coord.by_plan[p]])];
  for (const [total, cells, trueTotal, trueCells] of lines) {
    for (const [value, truth] of [[total, trueTotal], ...STATES.map((st) => [cells[st], trueCells[st]])]) {
      if (value === null) assert.ok(truth > 0 && truth < 5, `${truth}`);
      else if (value === 'secret') assert.ok(truth === 0 || truth >= 5, `${truth}`);
      else assert.equal(value, truth);
    }
    if (typeof total === 'number') {
      assert.notEqual(STATES.filter((st) => typeof cells[st] !== 'number').length, 1, JSON.stringify(cells));
    }
  }
});

test('funder: a batch total or quantity of 1..4 cards is hidden like its state counts', async () => {
  const f = await summary(await srv.loginAs('funder'));
  assert.deepEqual(f.batches.map((b) => b.total), [2500, null, null, null, null, null]);
  assert.deepEqual(f.batches.map((b) => b.batch.quantity), [2500, null, null, null, null, null]);
  assert.ok(f.batches.every((b) => b.batch.received_by === '' && b.batch.file_sha256 === ''));
});
