// Crash safety: `relais serve` killed with SIGKILL in the middle of an import, an allocation
// apply, a burst of scans at the packing station and a delivery confirmation, then started again
// on the same database. After each kill the operation is whole or absent (never in part), the
// stock counters reconcile with the cards (verify=true), the audit chain holds
// (`relais audit verify`), and the operation can then be completed.
//
// Where it kills: the import, the allocation and the delivery are each one request. Each is sent,
// and the server killed after a delay that grows from one kill to the next (the "ladder": 10 ms,
// then half as long again plus 10 ms each time; the delivery, quicker, from 2 ms by 40 % plus
// 3 ms) until a kill finds it whole; a kill that finds it absent is followed by the next, later
// one, on the same pending operation. The import has one more kill point first: as soon as the
// server's import workers exist (its threads, read in /proc), which is inside the import's open
// transaction. The scans are a burst of many requests at once: the server is killed when the
// 300th scan has been answered, the other 15 scanners' requests on their way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, TestDatabase, withLuhn, DEMO_RESERVED, ENGINE } from './server.mjs';

let db;
let srv;
const as = {};

before(async () => {
  db = await TestDatabase.create('relais-crash-');
  const demo = await db.cli(['demo', '--no-history']);
  assert.equal(demo.code, 0, demo.stderr);
  srv = await startServer({ demo: false, database: db });
  for (const role of ['coordinator', 'operator', 'logistics']) as[role] = await srv.loginAs(role);
});

after(async () => {
  if (srv) await srv.stop();
  if (db) await db.drop();
});

/** Kills the server with SIGKILL, waits for it to end, and starts another on the same database. */
async function killAndRestart() {
  srv.child.kill('SIGKILL');
  const { signal } = await srv.exited;
  assert.equal(signal, 'SIGKILL');
  srv = await startServer({ demo: false, database: db });
}

/** Sends a request without waiting; resolves {status, body} or {failed} when the server died first. */
function inFlight(method, urlPath, opts) {
  return srv.request(method, urlPath, opts).then(
    (r) => ({ status: r.status, body: r.body, text: r.text }),
    (e) => ({ failed: String(e.cause ?? e) }),
  );
}

/** The events of the audit log when assertSound() last verified it. */
let auditEvents = 0;

/** What holds after every restart: the counters reconcile with the cards, the audit chain is intact. */
async function assertSound() {
  const verify = await srv.get('/api/v1/stock/summary?verify=true', { auth: as.coordinator });
  assert.equal(verify.status, 200, verify.text);
  assert.equal(verify.body.reconciled, true, 'the stock counters reconcile with the cards');
  const audit = await db.cli(['audit', 'verify']);
  assert.equal(audit.code, 0, `relais audit verify: ${audit.stdout}${audit.stderr}`);
  const m = /^audit chain intact: (\d+) events/.exec(audit.stdout);
  assert.ok(m, audit.stdout);
  auditEvents = Number(m[1]);
  return verify.body;
}

/**
 * The kill ladder: sends the operation, kills the server `delay` ms later, restarts it, and asks
 * `state()` what became of it: 'absent' or 'whole' (it throws on anything in between, and checks
 * assertSound()). Again, later each time (`grow`), until a kill finds it whole. `first`: an
 * earlier kill point (a function that resolves when to kill). Returns the kill points and what
 * each found.
 */
async function killLadder(t, send, state, { first = null, delay: start = 10, grow = (d) => d * 1.5 + 10 } = {}) {
  const rungs = [];
  let delay = start;
  await assertSound();
  const eventsBefore = auditEvents;
  for (let rung = 0; rung < 30; rung++) {
    const pid = srv.child.pid;
    const answer = send();
    const started = performance.now();
    if (rung === 0 && first) await first(pid, answer);
    else await Promise.race([sleep(delay), answer]);
    const killedAfter = Math.round(performance.now() - started);
    await killAndRestart();
    const answered = await answer;
    const found = await state();
    assert.ok(['absent', 'whole'].includes(found), `state: ${found}`);
    // Its audit events too: none when it is absent.
    if (found === 'absent') assert.equal(auditEvents, eventsBefore, 'an absent operation left no audit event');
    else assert.ok(auditEvents > eventsBefore, 'a whole operation is audited');
    // An operation the server said it did must still be there after the crash.
    if (answered.status >= 200 && answered.status < 300) assert.equal(found, 'whole', 'an answered operation is whole');
    assert.ok(answered.failed || answered.status < 300, `answered ${answered.status} ${answered.text}`);
    rungs.push({ killedAfter, answered: !answered.failed, found });
    if (found === 'whole') break;
    if (!(rung === 0 && first)) delay = Math.round(grow(delay));
  }
  t.diagnostic(`${ENGINE}: ${rungs.map((r) => `${r.killedAfter} ms → ${r.found}${r.answered ? ' (answered)' : ''}`).join(', ')}`);
  assert.equal(rungs.at(-1).found, 'whole', 'the ladder ends with the operation whole');
  assert.equal(rungs[0].found, 'absent', 'the first kill came before the operation was done');
  return rungs;
}

// ---------------------------------------------------------------------------------------------------
// An operator's file of 100,000 cards

const CARDS = 100_000;
const iccid = (n) => withLuhn(`8933107${String(n).padStart(11, '0')}`);
const FILE = ['iccid,msisdn,puk',
  ...Array.from({ length: CARDS }, (_, n) => `${iccid(n)},07${String(30_000_000 + n)},${String(10_000_000 + n)}`)]
  .join('\n') + '\n';
const importFile = () => inFlight('POST', '/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Crash',
  { auth: as.operator, body: FILE, contentType: 'text/csv' });

/** The threads of a process (Linux). */
async function threadCount(pid) {
  return (await fs.readdir(`/proc/${pid}/task`)).length;
}

test('an import killed in flight is absent or whole (0 or 100,000 cards); imported again, it is whole once', async (t) => {
  const batches = async () => (await srv.get('/api/v1/sim-batches', { auth: as.coordinator })).body.items;
  const state = async () => {
    const [, ...ours] = await batches();
    const s = await assertSound();
    if (ours.length === 0) {
      assert.equal(s.total, 2500);
      assert.equal((await srv.get(`/api/v1/sims/${iccid(0)}`, { auth: as.coordinator })).status, 404);
      return 'absent';
    }
    assert.deepEqual(ours.map((b) => [b.id, b.quantity, b.reference]), [[2, CARDS, 'Crash']]);
    assert.equal(s.total, 2500 + CARDS);
    assert.equal(s.batches[1].by_state.in_stock, CARDS);
    const listed = await srv.get('/api/v1/sims?batch=2&limit=1', { auth: as.coordinator });
    assert.equal(listed.body.total, CARDS);
    return 'whole';
  };
  assert.equal(await state(), 'absent');
  // First kill point: the import's workers check the lines inside its open transaction. The
  // server's own threads are counted once it has settled.
  await sleep(300);
  const idle = await threadCount(srv.child.pid);
  const whenWorking = async (pid, answer) => {
    let done = false;
    answer.then(() => (done = true));
    while (!done && (await threadCount(pid)) <= idle) await sleep(1);
  };
  await killLadder(t, importFile, state, { first: whenWorking });

  // Whole once: the file sent again is recognised as the same file (200), nothing added.
  const again = await importFile();
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.quantity, CARDS);
  assert.equal(await state(), 'whole');
  assert.equal((await batches()).length, 2);
});

// ---------------------------------------------------------------------------------------------------
// An allocation of some 21,000 cards

/** Two structures of 10,000 places and one of 1,000, each with an account, each asking all it can. */
const BIG = 10_000;
const PARCEL = 1_000;
const structures = [];

test('an allocation apply killed in flight reserves all its cards or none; applied again, once', async (t) => {
  const names = ['Alpha', 'Beta', 'Colis'];
  const csv = ['name,type,capacity,address,postcode,commune,department',
    ...names.map((n) => `CADA Crash ${n},CADA,${n === 'Colis' ? PARCEL : BIG},1 rue du Test,75011,Paris,75`)].join('\n');
  const made = await srv.post('/api/v1/organisations/import', { auth: as.coordinator, body: csv, contentType: 'text/csv' });
  assert.equal(made.status, 201, made.text);
  for (const org of made.body.items) {
    const email = `crash.${org.id}@example.org`;
    const user = await srv.post('/api/v1/users', { auth: as.coordinator, json: { email, name: org.name, role: 'structure',
      organisation_id: org.id, password: 'un-mot-de-passe-long' } });
    assert.equal(user.status, 201, user.text);
    const auth = await srv.login(email, 'un-mot-de-passe-long');
    const quantity = org.capacity;
    const asked = await srv.post('/api/v1/requests', { auth, json: { programme: 'CU-2020', quantity,
      needs: { keep_in_touch: quantity }, leaflet_languages: ['fr'], comment: '' } });
    assert.equal(asked.status, 201, asked.text);
    for (const [who, transition] of [[auth, 'submit'], [as.coordinator, 'approve']]) {
      const moved = await srv.post(`/api/v1/requests/${asked.body.id}/transitions`, { auth: who, json: { transition } });
      assert.equal(moved.status, 200, moved.text);
    }
    structures.push({ id: org.id, quantity, request: asked.body.id, auth });
  }
  const preview = (await srv.get('/api/v1/allocation', { auth: as.coordinator })).body;
  const total = 2 * BIG + PARCEL;
  // The demo's two approved requests waiting (65 cards) are served too.
  assert.equal(preview.allocated, total + 65);
  const before = (await assertSound()).by_state;
  assert.equal(before.reserved, DEMO_RESERVED);

  const state = async () => {
    const s = (await assertSound()).by_state;
    const allocated = [];
    for (const { request } of structures) {
      const r = (await srv.get(`/api/v1/requests/${request}`, { auth: as.coordinator })).body;
      allocated.push([r.allocated, r.reserved]);
    }
    if (s.reserved === DEMO_RESERVED) {
      assert.equal(s.in_stock, before.in_stock);
      assert.deepEqual(allocated, structures.map(() => [null, 0]));
      return 'absent';
    }
    assert.deepEqual([s.reserved, s.in_stock], [DEMO_RESERVED + preview.allocated, before.in_stock - preview.allocated]);
    assert.deepEqual(allocated, structures.map((x) => [x.quantity, x.quantity]));
    return 'whole';
  };
  const apply = () => inFlight('POST', '/api/v1/allocation', { auth: as.coordinator, json: { fingerprint: preview.fingerprint } });
  await killLadder(t, apply, state);
  // Applied once: nothing is left to allocate.
  const empty = (await srv.get('/api/v1/allocation', { auth: as.coordinator })).body;
  assert.equal(empty.allocated, 0);
});

// ---------------------------------------------------------------------------------------------------
// A burst of 1,000 scans into one parcel

let parcel;

test('a burst of scans killed after 300 answers: every answered scan kept, each card packed once or not at all', async (t) => {
  const made = await srv.post('/api/v1/packing-orders', { auth: as.coordinator });
  assert.equal(made.status, 201, made.text);
  const colis = structures.at(-1);
  parcel = made.body.items.find((o) => o.structure_id === colis.id);
  assert.equal(parcel.total, PARCEL);
  const cards = (await srv.get(`/api/v1/packing-orders/${parcel.id}`, { auth: as.logistics })).body.sims.map((c) => c.iccid);
  assert.equal(cards.length, PARCEL);

  await assertSound();
  const eventsBefore = auditEvents;
  // 16 scanners at once, as fast as the server answers; the kill comes with the 300th answer.
  const answered = new Set();
  let killed = null;
  let next = 0;
  const scanner = async () => {
    while (next < cards.length && !killed) {
      const card = cards[next++];
      const r = await inFlight('POST', `/api/v1/packing-orders/${parcel.id}/scans`, { auth: as.logistics, json: { iccid: card } });
      if (r.failed) return;
      assert.equal(r.status, 200, r.text);
      answered.add(card);
      if (answered.size === 300 && !killed) killed = killAndRestart();
    }
  };
  await Promise.all(Array.from({ length: 16 }, scanner));
  await killed;
  assert.ok(answered.size >= 300 && answered.size < PARCEL, `${answered.size} answered`);

  await assertSound();
  const after = (await srv.get(`/api/v1/packing-orders/${parcel.id}`, { auth: as.logistics })).body;
  const packed = after.sims.filter((c) => c.state === 'packed').map((c) => c.iccid);
  assert.equal(auditEvents, eventsBefore + packed.length, 'one audit event per card packed');
  assert.deepEqual(after.sims.filter((c) => !['packed', 'reserved'].includes(c.state)), []);
  assert.equal(after.packed, packed.length, 'the parcel counts its packed cards');
  for (const card of answered) assert.ok(packed.includes(card), `answered scan of ${card} kept`);
  t.diagnostic(`${ENGINE}: ${answered.size} scans answered before the kill, ${packed.length} cards packed after it`);
  // Each card packed at most once: one pack event for each packed card, none for the others.
  const events = [];
  for (let i = 0; i < cards.length; i += 50) {
    events.push(...await Promise.all(cards.slice(i, i + 50).map(async (card) => {
      const r = await srv.get(`/api/v1/sims/${card}`, { auth: as.coordinator });
      return r.body.timeline.filter((e) => e.transition === 'pack').length;
    })));
  }
  assert.deepEqual(events, cards.map((card) => (packed.includes(card) ? 1 : 0)));

  // Completed: every card scanned again; the packed ones are refused as already packed.
  let refused = 0;
  for (const card of cards) {
    const r = await srv.post(`/api/v1/packing-orders/${parcel.id}/scans`, { auth: as.logistics, json: { iccid: card } });
    if (packed.includes(card)) {
      assert.deepEqual([r.status, r.body.code], [409, 'scan_already_packed']);
      refused++;
    } else {
      assert.equal(r.status, 200, r.text);
    }
  }
  assert.equal(refused, packed.length);
  const closed = await srv.post(`/api/v1/packing-orders/${parcel.id}/close`, { auth: as.logistics });
  assert.deepEqual([closed.status, closed.body.state, closed.body.packed], [200, 'packed', PARCEL]);
  await assertSound();
});

// ---------------------------------------------------------------------------------------------------
// The delivery of that parcel

test('a delivery confirmation killed in flight is whole (1,000 cards delivered, request served) or absent', async (t) => {
  const shipment = await srv.post('/api/v1/shipments', { auth: as.logistics,
    json: { carrier: 'COLISSIMO', tracking_number: '6ACRASH', packing_order_ids: [parcel.id] } });
  assert.equal(shipment.status, 201, shipment.text);
  const shipped = await srv.post(`/api/v1/shipments/${shipment.body.id}/transitions`, { auth: as.logistics, json: { transition: 'ship' } });
  assert.equal(shipped.status, 200, shipped.text);
  const token = (await srv.get(`/api/v1/shipments/${shipment.body.id}`, { auth: as.coordinator })).body.parcels[0].delivery_token;
  const colis = structures.at(-1);

  const state = async () => {
    const order = (await srv.get(`/api/v1/packing-orders/${parcel.id}`, { auth: as.coordinator })).body;
    const cardStates = [...new Set(order.sims.map((c) => c.state))];
    const ship = (await srv.get(`/api/v1/shipments/${shipment.body.id}`, { auth: as.coordinator })).body;
    const request = (await srv.get(`/api/v1/requests/${colis.request}`, { auth: as.coordinator })).body;
    const held = (await srv.get(`/api/v1/sims?holder=${colis.id}&limit=1`, { auth: as.coordinator })).body.total;
    const incidents = (await srv.get('/api/v1/incidents?limit=200', { auth: as.coordinator })).body.items
      .filter((i) => i.reference === order.reference);
    assert.deepEqual(incidents, [], 'a count that matches opens no incident');
    const seen = [order.state, cardStates, ship.state, request.state, held];
    await assertSound();
    if (order.state === 'shipped') {
      assert.deepEqual(seen, ['shipped', ['in_transit'], 'shipped', 'approved', 0]);
      return 'absent';
    }
    assert.deepEqual(seen, ['delivered', ['at_structure'], 'delivered', 'fulfilled', PARCEL]);
    return 'whole';
  };
  assert.equal(await state(), 'absent');
  const confirm = () => inFlight('POST', `/api/v1/deliveries/${token}`, { auth: colis.auth, json: { count: PARCEL } });
  // The confirmation is quick (some 40 ms on SQLite): finer steps.
  await killLadder(t, confirm, state, { delay: 2, grow: (d) => d * 1.4 + 3 });
  // Confirmed once: a second confirmation is refused.
  const again = await srv.post(`/api/v1/deliveries/${token}`, { auth: colis.auth, json: { count: PARCEL } });
  assert.deepEqual([again.status, again.body.code], [409, 'parcel_not_in_transit']);
});
