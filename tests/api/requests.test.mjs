// Needs and allocation through the API: referrals (pseudonymous, notes sealed), requests and
// their workflow with every illegal transition, the capacity rule, scopes of every role, and the
// allocation previewed then applied.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { useServer, startServer, assertProblem, DEMO_RESERVED, DEMO_ALLOCATED } from './server.mjs';

const srv = useServer();
const as = {};
before(async () => {
  for (const role of ['coordinator', 'funder', 'operator', 'logistics', 'liaison', 'structure', 'association']) {
    as[role] = await srv.loginAs(role);
  }
});

const HOME = 6;  // the demo structure: capacity 98, holds 5 cards not handed over
const PSEUDONYM = /^R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const fields = (problem) => problem.errors.map((e) => [e.field, e.reason]).sort();
const transition = (id, auth, name, extra = {}) =>
  srv.post(`/api/v1/requests/${id}/transitions`, { auth, json: { transition: name, ...extra } });
const request = (id, auth = as.coordinator) => srv.get(`/api/v1/requests/${id}`, { auth });
const inStock = async () => (await srv.get('/api/v1/stock/summary', { auth: as.coordinator })).body.by_state;
const referralCount = async () => (await srv.get('/api/v1/referrals?limit=1', { auth: as.coordinator })).body.total;

/** Every card's timeline as the coordinator reads it (GET /api/v1/sims/{iccid}), its events flattened. */
async function allCardEvents() {
  const cards = (await srv.listAll('/api/v1/sims', as.coordinator)).items;
  const events = [];
  for (let i = 0; i < cards.length; i += 16) {
    const details = await Promise.all(cards.slice(i, i + 16).map((c) => srv.get(`/api/v1/sims/${c.iccid}`, { auth: as.coordinator })));
    for (const d of details) {
      assert.equal(d.status, 200, d.text);
      for (const e of d.body.timeline) events.push({ iccid: d.body.iccid, ...e });
    }
  }
  return events;
}

// ---------------------------------------------------------------------------------------------------
// The demo: a living operation

test('the demo holds requests in every state and referrals in every status', async () => {
  // The coordinator sees every request but drafts, the demo structure its own (its draft 1); the
  // summary below counts them all, drafts included: there is no other.
  const seen = new Map();
  for (const role of ['coordinator', 'structure']) {
    for (const r of (await srv.listAll('/api/v1/requests', as[role])).items) seen.set(r.id, r.state);
  }
  assert.deepEqual([...seen].sort((a, b) => a[0] - b[0]), [[1, 'draft'], [2, 'approved'], [3, 'fulfilled'],
    [4, 'submitted'], [5, 'endorsed'], [6, 'approved'], [7, 'partially_approved'], [8, 'rejected'], [9, 'cancelled'],
    // Served by a second allocation; their parcels are in every state (see packing.test.mjs).
    [10, 'approved'], [11, 'approved'], [12, 'approved'], [13, 'approved'], [14, 'approved']]);
  const summary = await srv.get('/api/v1/requests/summary', { auth: as.coordinator });
  assert.equal(summary.status, 200, summary.text);
  assert.deepEqual(summary.body, {
    requests_by_state: { approved: 7, cancelled: 1, draft: 1, endorsed: 1, fulfilled: 1, partially_approved: 1,
      rejected: 1, submitted: 1 },
    cards_requested_by_state: { approved: 92, cancelled: 10, draft: 6, endorsed: 30, fulfilled: 20,
      partially_approved: 50, rejected: 15, submitted: 25 },
    referrals_by_status: { closed: 1, included: 4, open: 5, served: 2 },
    cards_allocated: 72,
    masked: false,
  });
  // The funder sees counts only, those under 5 masked.
  const funder = await srv.get('/api/v1/requests/summary', { auth: as.funder });
  assert.equal(funder.body.masked, true);
  assert.deepEqual(funder.body.referrals_by_status, { closed: null, included: null, open: 5, served: null });
  // Fewer than 5 requests in a state: their cards are masked too (they would tell one apart).
  assert.deepEqual(funder.body.cards_requested_by_state, { approved: 92, cancelled: null, draft: null, endorsed: null,
    fulfilled: null, partially_approved: null, rejected: null, submitted: null });
  assert.equal(funder.body.requests_by_state.approved, 7);
  assert.equal(funder.body.requests_by_state.fulfilled, null);
  assert.equal(funder.body.cards_allocated, 72);
  for (const role of ['operator', 'logistics', 'structure', 'association']) {
    assertProblem(await srv.get('/api/v1/requests/summary', { auth: as[role] }), 403, 'forbidden');
  }
});

test('a request\'s detail follows its cards into their parcels: made, closed, shipped, delivered', async () => {
  const ISO_OR_NULL = (v) => v === null || /^\d{4}-\d\d-\d\dT/.test(v);
  // Request 3 was served by the demo's delivered parcel; request 2's cards wait in an open one.
  const served = (await srv.get('/api/v1/requests/3', { auth: as.coordinator })).body;
  assert.deepEqual(served.parcels.map((p) => [p.reference, p.state, p.cards]), [['CO-000002', 'delivered', 20]]);
  const [p] = served.parcels;
  assert.ok([p.created_at, p.packed_at, p.shipped_at, p.delivered_at].every((v) => typeof v === 'string' && ISO_OR_NULL(v)));
  assert.ok(p.created_at <= p.packed_at && p.packed_at <= p.shipped_at && p.shipped_at <= p.delivered_at);
  const waiting = (await srv.get('/api/v1/requests/2', { auth: as.structure })).body;
  assert.deepEqual(waiting.parcels.map((x) => [x.reference, x.state, x.cards, x.packed_at, x.shipped_at, x.delivered_at]),
    [['CO-000001', 'open', 12, null, null, null]]);
  // A request with no card allocated yet has no parcel.
  assert.deepEqual((await srv.get('/api/v1/requests/4', { auth: as.liaison })).body.parcels, []);
});

test('people are named where they are shown: a request\'s author and the actor of each of its events', async () => {
  const users = await srv.listAll('/api/v1/users', as.coordinator, 200);
  const names = new Map(users.items.map((u) => [u.email, u.name]));
  const served = (await srv.get('/api/v1/requests/3', { auth: as.coordinator })).body;
  assert.equal(served.created_by_name, names.get(served.created_by) ?? null, served.created_by);
  assert.ok(served.events.length > 2);
  for (const e of served.events) assert.equal(e.actor_name, names.get(e.actor) ?? null, `${e.transition} by ${e.actor}`);
  assert.ok(served.events.some((e) => e.actor === 'coordinator@demo.relais' && e.actor_name === names.get('coordinator@demo.relais')));
  assert.notEqual(names.get('coordinator@demo.relais'), undefined);
  // A card's history names who packed it for the coordinator; the operator learns no name.
  const [card] = (await srv.get('/api/v1/packing-orders/2', { auth: as.coordinator })).body.sims;
  const history = (await srv.get(`/api/v1/sims/${card.iccid}`, { auth: as.coordinator })).body.timeline;
  const packed = history.find((e) => e.transition === 'pack');
  assert.deepEqual([packed.actor, packed.actor_name], ['logistics@demo.relais', names.get('logistics@demo.relais')]);
  const seenByOperator = (await srv.get(`/api/v1/sims/${card.iccid}`, { auth: as.operator })).body.timeline;
  assert.equal(seenByOperator.length, history.length);
  assert.ok(seenByOperator.every((e) => e.actor_name === null));
});

test('reference lists: six needs, at least the sixteen languages named in French and in themselves', async () => {
  const r = await srv.get('/api/v1/reference', { auth: as.association });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.needs,
    ['keep_in_touch', 'job_search', 'training', 'language_course', 'schooling', 'administrative']);
  const codes = r.body.languages.map((l) => l.code);
  for (const c of ['fr', 'en', 'ar', 'prs', 'ps', 'ti', 'so', 'ru', 'ka', 'sq', 'uk', 'es', 'pt', 'tr', 'bn', 'ur']) {
    assert.ok(codes.includes(c), c);
  }
  const dari = r.body.languages.find((l) => l.code === 'prs');
  assert.deepEqual(dari, { code: 'prs', french: 'dari', english: 'Dari', native: 'دری',
    translator: 'Relais developers (machine-assisted draft)', checked_by: null });
  assert.deepEqual(r.body.request_states, ['draft', 'submitted', 'endorsed', 'approved', 'partially_approved',
    'rejected', 'fulfilled', 'cancelled']);
  const programmes = await srv.get('/api/v1/programmes', { auth: as.structure });
  assert.deepEqual(programmes.body.items.map((g) => [g.code, g.plan]), [['CU-2020', 'CU-2020']]);
});

// ---------------------------------------------------------------------------------------------------
// Referrals

const PERSON = { structure_id: HOME, adults: 1, children: 2, languages: ['prs', 'fr'], needs: ['keep_in_touch', 'schooling'],
  note: 'Disponible le mardi.' };

test('an association refers a person: a pseudonym issued by Relais, the note sealed at rest and hidden from the coordinator', async () => {
  const r = await srv.post('/api/v1/referrals', { auth: as.association, json: PERSON });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.pseudonym, PSEUDONYM);
  assert.equal(r.headers.get('location'), `/api/v1/referrals/${r.body.id}`);
  assert.deepEqual({ ...r.body, id: 0, pseudonym: '', created_at: '', updated_at: '' }, {
    id: 0, pseudonym: '', association_id: as.association.user.organisation_id, association_name: 'Each One',
    structure_id: HOME, structure_name: 'CADA Croix-Rouge française Le Moule', adults: 1, children: 2,
    languages: ['prs', 'fr'], needs: ['keep_in_touch', 'schooling'], status: 'open', request_id: null,
    note: 'Disponible le mardi.', created_at: '', updated_at: '',
  });
  // Sealed at rest: a server on the same database with another key file cannot read the note back,
  // where a note stored in clear would read the same whatever the key.
  const otherKey = path.join(srv.dir, 'other.key');
  await fs.writeFile(otherKey, crypto.randomBytes(32), { mode: 0o600 });
  const twin = await startServer({ database: srv.database, demo: false, env: { RELAIS_KEY_FILE: otherKey } });
  try {
    const unsealed = await twin.get(`/api/v1/referrals/${r.body.id}`, { auth: await twin.loginAs('association') });
    assert.equal(unsealed.status, 200, unsealed.text);
    assert.equal(unsealed.body.pseudonym, r.body.pseudonym);
    assert.equal('note' in unsealed.body, false, 'the note is not stored in clear');
  } finally {
    await twin.stop();
  }

  const structure = await srv.get(`/api/v1/referrals/${r.body.id}`, { auth: as.structure });
  assert.equal(structure.body.note, 'Disponible le mardi.', 'the structure it is sent to reads the note');
  const coordinator = await srv.get(`/api/v1/referrals/${r.body.id}`, { auth: as.coordinator });
  assert.equal(coordinator.status, 200);
  assert.equal('note' in coordinator.body, false, 'the coordinator sees no note');

  // Two referrals never share a pseudonym.
  const again = await srv.post('/api/v1/referrals', { auth: as.association, json: PERSON });
  assert.notEqual(again.body.pseudonym, r.body.pseudonym);
});

test('a bad referral → 422 naming every field; no name or nationality field exists; nothing stored', async () => {
  const before = await referralCount();
  const bad = await srv.post('/api/v1/referrals', {
    auth: as.association,
    json: { structure_id: 1, adults: 0, children: 21, languages: ['fr', 'xx', 'fr'], needs: [], note: 'x'.repeat(281) },
  });
  assert.deepEqual(fields(assertProblem(bad, 422, 'validation_failed')), [
    ['adults', 'out_of_range'], ['children', 'out_of_range'], ['languages', 'repeated'], ['languages', 'unknown_languages'],
    ['needs', 'required'], ['note', 'too_long'], ['structure_id', 'unknown_structure'],
  ]);
  for (const extra of [{ name: 'Ahmad' }, { nationality: 'AF' }, { legal_status: 'asylum seeker' }, { health: '-' }]) {
    const r = await srv.post('/api/v1/referrals', { auth: as.association, json: { ...PERSON, ...extra } });
    assert.deepEqual(fields(assertProblem(r, 422, 'validation_failed')), [[Object.keys(extra)[0], 'unknown_field']]);
  }
  const typed = await srv.post('/api/v1/referrals', { auth: as.association, json: { ...PERSON, adults: '2', needs: 'job_search' } });
  assert.deepEqual(fields(assertProblem(typed, 422, 'validation_failed')), [['adults', 'not_a_number'], ['needs', 'not_a_list']]);
  const en = await srv.post('/api/v1/referrals', { auth: as.association, lang: 'en', json: { ...PERSON, adults: 0 } });
  assert.equal(en.body.errors[0].message, 'The value must be between 1 and 20.');
  assert.equal(await referralCount(), before);
  for (const role of ['coordinator', 'structure', 'funder', 'liaison', 'operator', 'logistics']) {
    assertProblem(await srv.post('/api/v1/referrals', { auth: as[role], json: PERSON }), 403, 'forbidden');
  }
});

test('referral scopes: an association its own, a structure those sent to it, the coordinator all; others 403', async () => {
  const mine = await srv.listAll('/api/v1/referrals', as.association);
  assert.ok(mine.items.length >= 12);
  assert.ok(mine.items.some((f) => f.structure_id === HOME) && mine.items.some((f) => f.structure_id !== HOME));
  assert.ok(mine.items.every((f) => f.association_id === as.association.user.organisation_id && 'note' in f));
  const ids = mine.items.map((f) => f.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  const home = await srv.listAll('/api/v1/referrals', as.structure);
  assert.equal(home.items.length, mine.items.filter((f) => f.structure_id === HOME).length);
  assert.ok(home.items.every((f) => f.structure_id === HOME));
  const other = mine.items.find((f) => f.structure_id !== HOME);
  assertProblem(await srv.get(`/api/v1/referrals/${other.id}`, { auth: as.structure }), 404, 'not_found');
  const all = await srv.get('/api/v1/referrals?limit=200', { auth: as.coordinator });
  assert.equal(all.body.total, mine.items.length);
  assert.ok(all.body.items.every((f) => !('note' in f)));
  const open = await srv.get('/api/v1/referrals?status=open&limit=200', { auth: as.coordinator });
  assert.ok(open.body.items.length >= 5);
  assert.ok(open.body.items.every((f) => f.status === 'open'));
  assertProblem(await srv.get('/api/v1/referrals?status=lost', { auth: as.coordinator }), 400, 'bad_parameter');
  for (const role of ['funder', 'liaison', 'operator', 'logistics']) {
    assertProblem(await srv.get('/api/v1/referrals', { auth: as[role] }), 403, 'forbidden');
  }
});

test('closing a referral: its association or its structure, once; the coordinator may not', async () => {
  const r = await srv.post('/api/v1/referrals', { auth: as.association, json: PERSON });
  assertProblem(await srv.post(`/api/v1/referrals/${r.body.id}/close`, { auth: as.coordinator }), 403, 'forbidden');
  const closed = await srv.post(`/api/v1/referrals/${r.body.id}/close`, { auth: as.structure });
  assert.equal(closed.body.status, 'closed');
  assertProblem(await srv.post(`/api/v1/referrals/${r.body.id}/close`, { auth: as.association }), 409,
    'referral_transition_refused');
});

test('relais purge --days N erases the notes of referrals served or closed more than N days ago, nothing else', async () => {
  const r = await srv.post('/api/v1/referrals', { auth: as.association, json: { ...PERSON, note: 'À rappeler.' } });
  await srv.post(`/api/v1/referrals/${r.body.id}/close`, { auth: as.association });
  const open = await srv.post('/api/v1/referrals', { auth: as.association, json: { ...PERSON, note: 'Ouverte.' } });
  // Nothing ended a year ago, nor 180 days ago (the default).
  const kept = await srv.cli(['purge', '--days', '365']);
  assert.equal(kept.code, 0, kept.stderr);
  assert.equal(kept.stdout, 'erased 0 referral notes and the personal data of 0 residents, ended more than 365 days ago\n');
  const byDefault = await srv.cli(['purge']);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.equal(byDefault.stdout, 'erased 0 referral notes and the personal data of 0 residents, ended more than 180 days ago\n');
  // Every referral here ended today: with 0 days, once the clock has left the second the last one
  // ended in, exactly those served or closed with a note lose it (the association reads them all).
  await sleep(1100);
  const notes = new Map((await srv.listAll('/api/v1/referrals', as.association)).items.map((f) => [f.id, f]));
  assert.equal(notes.size, await referralCount(), 'the association\'s own referrals are all of them');
  const ended = [...notes.values()].filter((f) => ['served', 'closed'].includes(f.status) && f.note !== '');
  assert.ok(ended.some((f) => f.id === r.body.id));
  const purged = await srv.cli(['purge', '--days', '0']);
  assert.equal(purged.code, 0, purged.stderr);
  assert.match(purged.stdout, new RegExp(`^erased ${ended.length} referral notes? and the personal data of \\d+ residents?, ended more than 0 days ago\n$`));
  for (const f of (await srv.listAll('/api/v1/referrals', as.association)).items) {
    const ends = ended.some((e) => e.id === f.id);
    assert.equal(f.note, ends ? '' : notes.get(f.id).note, `referral ${f.id} (${f.status})`);
  }
  assert.equal((await srv.get(`/api/v1/referrals/${r.body.id}`, { auth: as.association })).body.note, '');
  assert.equal((await srv.get(`/api/v1/referrals/${open.body.id}`, { auth: as.association })).body.note, 'Ouverte.',
    'an open referral keeps its note');
  const bad = await srv.cli(['purge', '--days', '-1']);
  assert.notEqual(bad.code, 0);
});

// ---------------------------------------------------------------------------------------------------
// Requests: the workflow

const ASK = { programme: 'CU-2020', quantity: 3, needs: { keep_in_touch: 2, schooling: 1 }, leaflet_languages: ['fr', 'prs'],
  comment: 'Trois familles arrivées cette semaine.' };

test('a request from draft to approved: create, edit, submit, endorse, approve; each step an event', async () => {
  const referral = await srv.post('/api/v1/referrals', { auth: as.association, json: PERSON });
  const created = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, referral_ids: [referral.body.id] } });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assert.equal(created.headers.get('location'), `/api/v1/requests/${id}`);
  assert.deepEqual([created.body.state, created.body.quantity, created.body.needs, created.body.structure_id,
    created.body.department, created.body.capacity], ['draft', 3, { keep_in_touch: 2, schooling: 1 }, HOME, '971', 98]);
  assert.deepEqual(created.body.referrals.map((f) => [f.id, f.status, f.request_id]), [[referral.body.id, 'included', id]]);

  // A draft is the structure's alone: the coordinator and the liaison do not see it.
  assertProblem(await request(id, as.coordinator), 404, 'not_found');
  assertProblem(await request(id, as.liaison), 404, 'not_found');

  const edited = await srv.patch(`/api/v1/requests/${id}`, { auth: as.structure, json: { ...ASK, quantity: 4, referral_ids: [] } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.quantity, 4);
  assert.deepEqual(edited.body.referrals, []);
  assert.equal((await srv.get(`/api/v1/referrals/${referral.body.id}`, { auth: as.association })).body.status, 'open',
    'a referral unlinked from the draft is open again');

  const submitted = await transition(id, as.structure, 'submit');
  assert.equal(submitted.status, 200, submitted.text);
  assert.equal(submitted.body.state, 'submitted');
  assert.match(submitted.body.submitted_at, /^\d{4}-\d\d-\d\dT/);
  assertProblem(await srv.patch(`/api/v1/requests/${id}`, { auth: as.structure, json: ASK }), 409, 'request_not_draft');
  assert.equal((await transition(id, as.liaison, 'endorse')).body.state, 'endorsed');
  const approved = await transition(id, as.coordinator, 'approve');
  assert.deepEqual([approved.body.state, approved.body.approved_quantity, approved.body.allocated], ['approved', 4, null]);
  assert.deepEqual(approved.body.events.map((e) => [e.transition, e.from, e.to, e.actor]), [
    ['create', null, 'draft', 'structure@demo.relais'],
    ['submit', 'draft', 'submitted', 'structure@demo.relais'],
    ['endorse', 'submitted', 'endorsed', 'liaison@demo.relais'],
    ['approve', 'endorsed', 'approved', 'coordinator@demo.relais'],
  ]);
  // Cancelled by the coordinator, so that the allocation test below sees the demo's own queue.
  assert.equal((await transition(id, as.coordinator, 'cancel', { reason: 'doublon' })).body.state, 'cancelled');
});

test('every transition the state does not allow → 409 request_transition_refused; the wrong role → 403', async () => {
  // Demo requests: 2 approved (demo structure, cards reserved), 3 fulfilled, 4 submitted, 5 endorsed,
  // 6 approved, 7 partially_approved, 8 rejected, 9 cancelled.
  const coordinatorTransitions = ['approve', 'approve_partially', 'reject', 'fulfil', 'cancel'];
  const allowed = {
    submitted: ['approve', 'approve_partially', 'reject', 'cancel'],
    endorsed: ['approve', 'approve_partially', 'reject', 'cancel'],
    approved: ['approve_partially', 'fulfil', 'cancel'],
    partially_approved: ['fulfil', 'cancel'],
    rejected: [], fulfilled: [], cancelled: [],
  };
  const byState = { submitted: 4, endorsed: 5, approved: 6, partially_approved: 7, rejected: 8, fulfilled: 3, cancelled: 9 };
  let refused = 0;
  for (const [state, id] of Object.entries(byState)) {
    for (const t of coordinatorTransitions) {
      if (allowed[state].includes(t)) continue;
      const r = await transition(id, as.coordinator, t, { reason: 'essai', quantity: 1 });
      assertProblem(r, 409, 'request_transition_refused');
      refused++;
    }
  }
  assert.equal(refused, 22);
  // The message names the action and the state in the reader's language.
  assert.equal((await transition(8, as.coordinator, 'approve')).body.detail,
    'Action «\u202fapprouver\u202f» impossible\u202f: la demande est refusée.');
  const en = await srv.post('/api/v1/requests/3/transitions',
    { auth: as.coordinator, lang: 'en', json: { transition: 'approve_partially', quantity: 1 } });
  assert.equal(en.body.detail, 'Cannot approve in part a request that is fulfilled.');
  // The structure's own transitions from every state of its own requests: submit only from a
  // draft, cancel until served. Its own requests here: 1 draft, 2 approved; others are not its own.
  assertProblem(await transition(2, as.structure, 'submit'), 409, 'request_transition_refused');
  for (const id of [3, 4, 5, 6, 7, 8, 9]) {
    assertProblem(await transition(id, as.structure, 'cancel'), 404, 'not_found');
    assertProblem(await transition(id, as.structure, 'submit'), 404, 'not_found');
  }
  // The liaison endorses only what is submitted; it does not even see the rest.
  assertProblem(await transition(5, as.liaison, 'endorse'), 409, 'request_transition_refused');
  for (const id of [1, 2, 3, 6, 7, 8, 9]) {
    assertProblem(await transition(id, as.liaison, 'endorse'), 404, 'not_found');
  }
  // The structure submits only a draft: its approved request 2.
  assertProblem(await transition(2, as.structure, 'submit'), 409, 'request_transition_refused');
  // Roles: each may apply only its own transitions.
  assertProblem(await transition(4, as.liaison, 'approve'), 403, 'forbidden');
  assertProblem(await transition(4, as.coordinator, 'submit'), 403, 'forbidden');
  assertProblem(await transition(4, as.coordinator, 'endorse'), 403, 'forbidden');
  assertProblem(await transition(2, as.structure, 'approve'), 403, 'forbidden');
  for (const role of ['funder', 'operator', 'logistics', 'association']) {
    assertProblem(await transition(4, as[role], 'approve'), 403, 'forbidden');
  }
  assertProblem(await transition(4, as.coordinator, 'teleport'), 422, 'validation_failed');
  // Reject needs a reason; a partial approval a quantity below what was asked (25 here).
  for (const reason of [undefined, '', '   \n']) {
    assert.deepEqual(fields(assertProblem(await transition(4, as.coordinator, 'reject', { reason }), 422,
      'validation_failed')), [['reason', 'required']], JSON.stringify(reason));
  }
  assert.deepEqual(fields(assertProblem(await transition(4, as.coordinator, 'approve_partially', { quantity: 25 }), 422,
    'validation_failed')), [['quantity', 'out_of_range']]);
  assert.deepEqual(fields(assertProblem(await transition(4, as.coordinator, 'approve_partially'), 422,
    'validation_failed')), [['quantity', 'required']]);
  // Fulfil needs reserved cards.
  assertProblem(await transition(6, as.coordinator, 'fulfil'), 409, 'nothing_allocated');
  // Nothing moved.
  const states = [];
  for (let id = 2; id <= 9; id++) states.push((await request(id)).body.state);
  assert.deepEqual(states, ['approved', 'fulfilled', 'submitted', 'endorsed', 'approved', 'partially_approved', 'rejected',
    'cancelled']);
});

test('a structure never asks beyond its capacity minus the cards it holds: the error names both numbers', async () => {
  // 98 places, 5 cards held and not handed over, 12 reserved for its approved request 2 (its
  // draft 1 does not count yet): at most 81.
  const over = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, quantity: 82 } });
  const p = assertProblem(over, 422, 'validation_failed');
  assert.deepEqual(fields(p), [['quantity', 'over_capacity']]);
  assert.equal(p.errors[0].message, 'Au-delà de la capacité de la structure (98)\u202f: une fois ôtées les cartes ' +
    "détenues et pas encore remises (5) et celles en route ou demandées par d'autres demandes en attente (12), " +
    'il en reste au plus 81.');
  const en = await srv.post('/api/v1/requests', { auth: as.structure, lang: 'en', json: { ...ASK, quantity: 82 } });
  assert.equal(en.body.errors[0].message, "Beyond the structure's capacity (98): less the cards held and not yet " +
    'handed over (5) and those on their way or asked for by other waiting requests (12), at most 81 remain.');
  const fits = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, quantity: 81, needs: {} } });
  assert.equal(fits.status, 201, fits.text);
  // Once submitted, its 81 count for the next one: nothing more fits.
  assert.equal((await transition(fits.body.id, as.structure, 'submit')).body.state, 'submitted');
  const one = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, quantity: 1, needs: {} } });
  assert.equal(assertProblem(one, 422, 'validation_failed').errors[0].args, undefined);
  assert.match(one.body.errors[0].message, /structure \(98\).* remises \(5\) .* en attente \(93\), il en reste au plus 0\./);
  assert.equal((await transition(fits.body.id, as.structure, 'cancel')).body.state, 'cancelled');
  const again = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, quantity: 81, needs: {} } });
  assert.equal(again.status, 201, again.text);
  // Checked again on submit: a card handed over... or received meanwhile changes the room.
  const capacity = (places) => srv.patch(`/api/v1/organisations/${HOME}`, { auth: as.coordinator, json: { capacity: places } });
  assert.equal((await capacity(50)).body.capacity, 50);
  const late = await transition(again.body.id, as.structure, 'submit');
  assert.equal(assertProblem(late, 422, 'validation_failed').errors[0].reason, 'over_capacity');
  assert.equal((await capacity(98)).body.capacity, 98);
  assert.equal((await transition(again.body.id, as.structure, 'cancel')).body.state, 'cancelled');
});

test('bad request fields → 422 naming each; unknown programme; referrals of other structures refused', async () => {
  const bad = await srv.post('/api/v1/requests', {
    auth: as.structure,
    json: { programme: 'NOPE', quantity: 0, needs: { job_search: -2, flying: 1 }, leaflet_languages: [], comment: 'x'.repeat(501) },
  });
  assert.deepEqual(fields(assertProblem(bad, 422, 'validation_failed')), [
    ['comment', 'too_long'], ['leaflet_languages', 'required'], ['needs', 'out_of_range'], ['needs', 'unknown_needs'],
    ['programme', 'unknown_programme'], ['quantity', 'out_of_range'],
  ]);
  // People, not cards: five people who need to keep in touch behind three cards is fine (checked
  // without storing: the draft is cancelled right away).
  const family = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, needs: { keep_in_touch: 5 } } });
  assert.equal(family.status, 201, family.text);
  await transition(family.body.id, as.structure, 'cancel');
  const elsewhere = (await srv.get('/api/v1/referrals?limit=200', { auth: as.association })).body.items
    .find((f) => f.structure_id !== HOME);
  const foreign = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, referral_ids: [elsewhere.id] } });
  assert.deepEqual(fields(assertProblem(foreign, 422, 'validation_failed')), [['referral_ids', 'referral_elsewhere']]);
  for (const role of ['coordinator', 'liaison', 'funder', 'association', 'operator', 'logistics']) {
    assertProblem(await srv.post('/api/v1/requests', { auth: as[role], json: ASK }), 403, 'forbidden');
  }
  // Nothing left behind: no draft of the structure (the one that may write requests here) says this.
  const drafts = await srv.listAll('/api/v1/requests?state=draft', as.structure);
  assert.ok(drafts.items.length >= 1);
  assert.deepEqual(drafts.items.filter((r) => r.comment === ASK.comment), []);
});

test('request scopes: the structure its own, the liaison what it may endorse, the coordinator all but drafts', async () => {
  const own = await srv.listAll('/api/v1/requests', as.structure);
  assert.ok(own.items.length >= 2);
  assert.ok(own.items.every((r) => r.structure_id === HOME));
  assert.ok(own.items.some((r) => r.state === 'draft'));
  assertProblem(await request(4, as.structure), 404, 'not_found');
  const liaison = await srv.listAll('/api/v1/requests', as.liaison);
  assert.deepEqual(liaison.items.map((r) => [r.id, r.state]), [[4, 'submitted'], [5, 'endorsed']]);
  const coordinator = await srv.listAll('/api/v1/requests', as.coordinator);
  assert.ok(coordinator.items.every((r) => r.state !== 'draft' && r.submitted_at !== null));
  assert.ok(coordinator.items.length >= 8);
  // A draft cancelled before it was ever sent stays the structure's own.
  const unsent = await srv.post('/api/v1/requests', { auth: as.structure, json: { ...ASK, comment: 'brouillon abandonné' } });
  await transition(unsent.body.id, as.structure, 'cancel');
  assertProblem(await request(unsent.body.id, as.coordinator), 404, 'not_found');
  assert.equal((await srv.get('/api/v1/requests?state=cancelled&limit=200', { auth: as.coordinator })).body.items
    .some((r) => r.id === unsent.body.id), false);
  // The liaison reads the request and how many referrals are behind it, not the referrals.
  const withReferrals = await request(4, as.liaison);
  assert.equal(withReferrals.status, 200);
  assert.deepEqual([withReferrals.body.referrals, withReferrals.body.referral_count], [[], 2]);
  const byCoordinator = (await request(4, as.coordinator)).body;
  assert.deepEqual([byCoordinator.referrals.length, byCoordinator.referral_count], [2, 2]);
  const queue = await srv.get('/api/v1/requests?state=submitted', { auth: as.coordinator });
  assert.deepEqual(queue.body.items.map((r) => r.id), [4]);
  // Several states at once: the coordinator's queue to decide.
  const toDecide = await srv.get('/api/v1/requests?state=submitted,endorsed', { auth: as.coordinator });
  assert.deepEqual([toDecide.body.items.map((r) => r.id), toDecide.body.total], [[4, 5], 2]);
  // Outside the scope: a liaison asking for approved requests, the coordinator for drafts.
  const none = await srv.get('/api/v1/requests?state=approved', { auth: as.liaison });
  assert.deepEqual([none.status, none.body.items, none.body.total], [200, [], 0]);
  assert.equal((await srv.get('/api/v1/requests?state=draft', { auth: as.coordinator })).body.total, 0);
  assert.equal((await srv.get('/api/v1/requests?state=draft,submitted', { auth: as.coordinator })).body.total, 1);
  const dept = await srv.get(`/api/v1/requests?department=${queue.body.items[0].department}`, { auth: as.coordinator });
  assert.ok(dept.body.items.length >= 1);
  assert.ok(dept.body.items.every((r) => r.department === queue.body.items[0].department));
  assertProblem(await srv.get('/api/v1/requests?state=lost', { auth: as.coordinator }), 400, 'bad_parameter');
  assertProblem(await srv.get('/api/v1/requests?state=submitted,lost', { auth: as.coordinator }), 400, 'bad_parameter');
  for (const role of ['funder', 'association', 'operator', 'logistics']) {
    assertProblem(await srv.get('/api/v1/requests', { auth: as[role] }), 403, 'forbidden');
    assertProblem(await request(4, as[role]), 403, 'forbidden');
  }
});

// ---------------------------------------------------------------------------------------------------
// Allocation

test('allocation: preview explains every request, apply with the preview fingerprint reserves the cards once', async () => {
  const stockBefore = await inStock();
  assert.equal(stockBefore.reserved, DEMO_RESERVED);
  const preview = await srv.get('/api/v1/allocation', { auth: as.coordinator });
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.body.applied, false);
  assert.equal(preview.body.stock, stockBefore.in_stock);
  // The preview is a summary of bounded size; its requests come a page at a time.
  assert.equal(preview.body.requests, undefined);
  assert.equal(preview.body.allocated, 65);
  assert.deepEqual(preview.body.total, { requests: 2, requested: 65, allocated: 65, served: 2, partly_served: 0, unserved: 0 });
  assert.deepEqual(preview.body.departments.map((d) => [d.requests, d.requested, d.allocated, d.served]).sort(),
    [[1, 25, 25, 1], [1, 40, 40, 1]]);
  assert.ok(preview.body.departments.every((d) => d.capacity > 0));
  assert.deepEqual(preview.body.structure_types.map((t) => t.requests).reduce((a, b) => a + b), 2);
  const lines = await srv.get('/api/v1/allocation/requests?sort=request&order=asc', { auth: as.coordinator });
  assert.equal(lines.status, 200, lines.text);
  assert.equal(lines.body.fingerprint, preview.body.fingerprint);
  assert.deepEqual(lines.body.items.map((l) => [l.request_id, l.requested, l.allocated, l.plan]),
    [[6, 40, 40, 'CU-2020'], [7, 25, 25, 'CU-2020']]);
  assert.equal(lines.body.items[0].explanation,
    '40 cartes attribuées, toute la demande\u202f: le stock CU-2020 suffit.');
  assert.deepEqual([lines.body.total, lines.body.next_cursor], [2, null]);
  // One a page, by what they get (largest first), then the second page by its cursor.
  const first = await srv.get('/api/v1/allocation/requests?sort=allocated&limit=1', { auth: as.coordinator });
  assert.deepEqual([first.body.items.map((l) => l.request_id), first.body.total], [[6], 2]);
  const second = await srv.get(`/api/v1/allocation/requests?sort=allocated&limit=1&cursor=${first.body.next_cursor}`, { auth: as.coordinator });
  assert.deepEqual([second.body.items.map((l) => l.request_id), second.body.next_cursor], [[7], null]);
  // Searched by a fragment of the structure's name in any case, or by the request's number.
  const name = lines.body.items[1].structure_name;
  const found = await srv.get(`/api/v1/allocation/requests?q=${encodeURIComponent(name.slice(2, 9).toUpperCase())}`, { auth: as.coordinator });
  assert.ok(found.body.items.some((l) => l.request_id === 7), found.text);
  const byNumber = await srv.get('/api/v1/allocation/requests?q=6', { auth: as.coordinator });
  assert.deepEqual(byNumber.body.items.map((l) => l.request_id), [6]);
  assert.equal((await srv.get('/api/v1/allocation/requests?outcome=unserved', { auth: as.coordinator })).body.total, 0);
  for (const bad of ['sort=name', 'order=up', 'outcome=all', 'limit=0', 'limit=201', 'cursor=zz', `q=${'x'.repeat(101)}`]) {
    assertProblem(await srv.get(`/api/v1/allocation/requests?${bad}`, { auth: as.coordinator }), 400, bad.startsWith('cursor') ? 'bad_cursor' : 'bad_parameter');
  }
  const en = await srv.get('/api/v1/allocation/requests?sort=request&order=asc', { auth: as.coordinator, lang: 'en' });
  assert.equal(en.body.items[0].explanation, '40 cards allocated, the whole request: the CU-2020 stock is enough.');
  assert.equal(en.body.fingerprint, preview.body.fingerprint, 'the same preview');
  for (const role of ['funder', 'liaison', 'structure', 'association', 'operator', 'logistics']) {
    assertProblem(await srv.get('/api/v1/allocation', { auth: as[role] }), 403, 'forbidden');
    assertProblem(await srv.get('/api/v1/allocation/requests', { auth: as[role] }), 403, 'forbidden');
    assertProblem(await srv.post('/api/v1/allocation', { auth: as[role], json: { fingerprint: preview.body.fingerprint } }),
      403, 'forbidden');
  }
  // Blind or stale applies are refused and change nothing.
  const audited = await srv.auditCount();
  assert.deepEqual(fields(assertProblem(await srv.post('/api/v1/allocation', { auth: as.coordinator, json: {} }), 422,
    'validation_failed')), [['fingerprint', 'required']]);
  assertProblem(await srv.post('/api/v1/allocation', { auth: as.coordinator, json: { fingerprint: 'stale' } }), 409,
    'allocation_changed');
  assert.deepEqual(await inStock(), stockBefore);

  const applied = await srv.post('/api/v1/allocation', { auth: as.coordinator, json: { fingerprint: preview.body.fingerprint } });
  assert.equal(applied.status, 200, applied.text);
  assert.equal(applied.body.applied, true);
  assert.deepEqual([applied.body.allocated, applied.body.total.served], [65, 2]);
  // The pages of the old preview are refused rather than cut from the new one.
  assertProblem(await srv.get(`/api/v1/allocation/requests?sort=allocated&limit=1&cursor=${first.body.next_cursor}`, { auth: as.coordinator }),
    409, 'allocation_changed');
  const after = await inStock();
  assert.deepEqual([after.in_stock, after.reserved], [stockBefore.in_stock - 65, DEMO_RESERVED + 65]);
  const six = (await request(6)).body;
  assert.deepEqual([six.state, six.allocated, six.reserved], ['approved', 40, 40]);
  assert.deepEqual(six.events.at(-1).transition, 'allocate');
  assert.equal(six.events.at(-1).reason, '40/40');
  const seven = (await request(7)).body;
  assert.deepEqual([seven.state, seven.approved_quantity, seven.allocated], ['partially_approved', 25, 25]);
  // One event per reserved card (the demo's history reserved its last 42 cards too), naming the
  // request; request 6's `reserved` above counts its cards in that state. The counters still
  // reconcile with the cards.
  const reserve = (await allCardEvents()).filter((e) => e.transition === 'reserve');
  assert.equal(reserve.length, 42 + DEMO_ALLOCATED + 65);
  assert.equal(new Set(reserve.map((e) => e.iccid)).size, reserve.length, 'one event per card');
  assert.deepEqual([reserve.filter((e) => e.reason === '#6').length, reserve.filter((e) => e.reason === '#7').length], [40, 25]);
  const verify = await srv.get('/api/v1/stock/summary?verify=true', { auth: as.coordinator });
  assert.equal(verify.body.reconciled, true);
  // Applied once: nothing is left to allocate.
  const empty = await srv.get('/api/v1/allocation', { auth: as.coordinator });
  assert.deepEqual([empty.body.total.requests, empty.body.allocated, empty.body.stock], [0, 0, after.in_stock],
    'the stock is shown even with no request waiting');
  assertProblem(await srv.post('/api/v1/allocation', { auth: as.coordinator, json: { fingerprint: empty.body.fingerprint } }),
    409, 'allocation_empty');
  assert.equal(await srv.auditCount(), audited + 1, 'the apply is audited, the refused ones are not');
});

test('fulfil waits for delivery; cancelling an allocated request puts its cards back in stock and out of the counts', async () => {
  // Request 6 has 40 cards reserved, not delivered: it cannot be served yet.
  const early = await transition(6, as.coordinator, 'fulfil');
  assert.equal(assertProblem(early, 409, 'cards_not_delivered').detail,
    '40 cartes de cette demande ne sont pas encore livrées (réservées, dans un colis ou en route)\u202f: ' +
    'la demande sera servie à la livraison.');
  // The demo's fulfilled request 3 went the whole way: its 20 cards, in its parcel CO-000002, are at
  // its structure 15, which holds no other.
  const three = (await request(3)).body;
  assert.deepEqual([three.structure_id, three.allocated, three.reserved], [15, 20, 0]);
  const parcel = (await srv.get('/api/v1/packing-orders/2', { auth: as.coordinator })).body;
  assert.deepEqual([parcel.structure_id, parcel.state, parcel.sims.length], [15, 'delivered', 20]);
  const held = await srv.listAll('/api/v1/sims?holder=15', as.coordinator);
  assert.deepEqual(held.items.map((c) => [c.iccid, c.state, c.holder_id]).sort(),
    parcel.sims.map((c) => [c.iccid, 'at_structure', 15]).sort());
  const allocatedBefore = (await srv.get('/api/v1/requests/summary', { auth: as.coordinator })).body.cards_allocated;
  // The demo structure's request 2 has its cards in a parcel at the packing station: it cannot
  // be cancelled before the parcel is dealt with.
  const inParcel = await transition(2, as.structure, 'cancel', { reason: 'besoins couverts autrement' });
  assert.match(assertProblem(inParcel, 409, 'cards_in_parcel').detail, /CO-000001/);
  // Request 6's 40 cards are reserved, in no parcel yet: cancelled, they go back to stock, one
  // event each.
  const before = await inStock();
  const cancelled = await transition(6, as.coordinator, 'cancel', { reason: 'structure fermée' });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.deepEqual([cancelled.body.state, cancelled.body.reserved], ['cancelled', 0]);
  const after = await inStock();
  assert.deepEqual([after.in_stock, after.reserved], [before.in_stock + 40, before.reserved - 40]);
  const released = (await allCardEvents()).filter((e) => e.transition === 'release' && e.reason === '#6');
  assert.equal(released.length, 40);
  assert.equal(new Set(released.map((e) => e.iccid)).size, 40, 'one event per card');
  const summary = (await srv.get('/api/v1/requests/summary', { auth: as.coordinator })).body;
  assert.equal(summary.cards_allocated, allocatedBefore - 40, 'a cancelled request counts no allocated card');
  const verify = await srv.get('/api/v1/stock/summary?verify=true', { auth: as.coordinator });
  assert.equal(verify.body.reconciled, true);
  // The fulfilled request 3's referrals are served; the draft's referrals stay included.
  const served = await srv.get('/api/v1/referrals?status=served&limit=200', { auth: as.coordinator });
  assert.deepEqual(served.body.items.map((f) => f.request_id), [3, 3]);
});

test('the priority weights are the coordinator\'s setting: they change the scores and the preview\'s fingerprint', async () => {
  const defaults = await srv.get('/api/v1/allocation/weights', { auth: as.coordinator });
  assert.deepEqual(defaults.body, { base: 1, children: 0.5, training: 0.3, job_search: 0.3, isolation: 0.4 });
  // Request 5 (endorsed, 30 cards: 10 job seekers, 6 with children) approved to have a line to score.
  assert.equal((await transition(5, as.coordinator, 'approve')).body.state, 'approved');
  const before = await srv.get('/api/v1/allocation', { auth: as.coordinator });
  const line = (await srv.get('/api/v1/allocation/requests?q=5', { auth: as.coordinator })).body.items[0];
  assert.equal(line.request_id, 5);
  assert.equal(line.score, 1.2);  // 1 + 0.5 × 6/30 + 0.3 × 10/30
  const set = await srv.put('/api/v1/allocation/weights', { auth: as.coordinator, json: { children: 2, job_search: 0 } });
  assert.equal(set.status, 200, set.text);
  assert.deepEqual(set.body, { base: 1, children: 2, training: 0.3, job_search: 0, isolation: 0.4 });
  const after = await srv.get('/api/v1/allocation', { auth: as.coordinator });
  assert.equal((await srv.get('/api/v1/allocation/requests?q=5', { auth: as.coordinator })).body.items[0].score, 1.4);  // 1 + 2 × 6/30
  assert.deepEqual(after.body.weights, set.body);
  assert.notEqual(after.body.fingerprint, before.body.fingerprint);
  assertProblem(await srv.post('/api/v1/allocation', { auth: as.coordinator, json: { fingerprint: before.body.fingerprint } }),
    409, 'allocation_changed');
  const bad = await srv.put('/api/v1/allocation/weights', { auth: as.coordinator, json: { base: 0, children: 11, luck: 1, training: 'x' } });
  assert.deepEqual(fields(assertProblem(bad, 422, 'validation_failed')), [['training', 'not_a_number']]);
  const bad2 = await srv.put('/api/v1/allocation/weights', { auth: as.coordinator, json: { base: 0, children: 11, luck: 1 } });
  assert.deepEqual(fields(assertProblem(bad2, 422, 'validation_failed')),
    [['base', 'out_of_range'], ['children', 'out_of_range'], ['luck', 'unknown_field']]);
  for (const role of ['funder', 'liaison', 'structure']) {
    assertProblem(await srv.put('/api/v1/allocation/weights', { auth: as[role], json: { children: 1 } }), 403, 'forbidden');
  }
  await srv.put('/api/v1/allocation/weights', { auth: as.coordinator, json: { children: 0.5, job_search: 0.3 } });
  assert.equal((await transition(5, as.coordinator, 'cancel', { reason: 'test' })).body.state, 'cancelled');
});

test('relais allocate prints the preview as JSON and, with --apply, applies it', async () => {
  // Approve the submitted request 4 (25 cards) so there is something to allocate.
  assert.equal((await transition(4, as.coordinator, 'approve')).body.state, 'approved');
  const preview = await srv.cli(['allocate', '--lang', 'en']);
  assert.equal(preview.code, 0, preview.stderr);
  const p = JSON.parse(preview.stdout);
  assert.equal(p.applied, false);
  assert.deepEqual(p.requests.map((l) => [l.request_id, l.structure_id, typeof l.department, l.requested, l.allocated]),
    [[4, p.requests[0].structure_id, 'string', 25, 25]]);
  assert.match(p.requests[0].explanation, /^25 cards allocated/);
  assert.equal(p.stock, (await inStock()).in_stock);
  const applied = await srv.cli(['allocate', '--apply']);
  assert.equal(applied.code, 0, applied.stderr);
  assert.equal(JSON.parse(applied.stdout).applied, true);
  assert.equal((await request(4)).body.allocated, 25);
  const again = await srv.cli(['allocate', '--apply']);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /Nothing to allocate/);
});
