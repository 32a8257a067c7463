// Residents (issue 11): a structure records a resident with the least data, their consent, hands
// them a line and takes it back; each role sees what DESIGN.md rule 4 allows and nothing more; the
// personal fields never reach the database in clear; erasure keeps the counts and the audit chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useServer, assertProblem, run, PG_BASE, withLuhn } from './server.mjs';

const srv = useServer();

const ZAINAB = { household_size: 3, children: 1, languages: ['ar', 'fr'], needs: ['schooling'],
  first_name: 'Zaïnab', contact: '06 12 34 56 78' };

async function cardsAtStructure(auth) {
  const r = await srv.get('/api/v1/sims?state=at_structure&limit=200', { auth });
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((c) => c.iccid);
}

async function resident(auth, body = { household_size: 1, languages: ['ti'] }) {
  const r = await srv.post('/api/v1/residents', { auth, json: body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const consent = (auth, id, purpose = 'line', method = 'oral', extra = {}) =>
  srv.post(`/api/v1/residents/${id}/consents`, { auth, json: { purpose, method, ...extra } });
const handOver = (auth, residentId, iccid) =>
  srv.post('/api/v1/handovers', { auth, json: { resident_id: residentId, iccid } });
const auditCount = async () => Number((await srv.cli(['audit', 'verify'])).stdout.match(/(\d+) events/)[1]);

test('the demo holds residents at two structures, lines in many languages, a consent withdrawn, one erased', async () => {
  const c = await srv.loginAs('coordinator');
  const all = (await srv.listAll('/api/v1/residents', c)).items;
  const holding = all.filter((r) => r.status === 'has_line');
  assert.equal(holding.length, 34, 'the 34 cards handed over in 2020 each have their resident');
  assert.ok(new Set(all.map((r) => r.structure_id)).size >= 2);
  assert.ok(new Set(holding.map((r) => r.languages[0])).size >= 10, 'lines handed over in many languages');
  assert.deepEqual(all.filter((r) => r.status !== 'has_line').map((r) => r.status).sort(),
    ['needs_consent', 'needs_consent', 'waiting_line', 'waiting_line']);
  const erased = (await srv.get('/api/v1/residents?status=erased', { auth: c })).body.items;
  assert.equal(erased.length, 1);
  const details = await Promise.all(holding.map((r) => srv.get(`/api/v1/residents/${r.id}`, { auth: c })));
  const withdrawn = details.flatMap((d) => d.body.consents).filter((x) => x.status === 'withdrawn');
  assert.deepEqual(withdrawn.map((x) => x.purpose), ['follow_up']);
  // Two lost their phone: their line was replaced (a second line each).
  assert.deepEqual(details.map((d) => d.body.lines.length).sort(), [...Array(32).fill(1), 2, 2]);
  assert.ok(details.every((d) => !('first_name' in d.body)));
  // The structure reads the first names it recorded; the coordinator never does.
  const s = await srv.loginAs('structure');
  const own = await Promise.all(holding.map((r) => srv.get(`/api/v1/residents/${r.id}`, { auth: s })));
  assert.ok(own.filter((d) => d.body.first_name).length >= 5);
});

test("the structure's home counts: cards on hand, handed over this week, residents waiting", async () => {
  const s = await srv.loginAs('structure');
  const before = (await srv.get('/api/v1/residents/summary', { auth: s })).body;
  // The demo: 5 cards at the door, 34 lines handed over in 2020 (two replaced this week after a
  // theft and a loss), one resident waiting for a line, one whose consent is to be asked, 36
  // residents not erased.
  assert.deepEqual(before, { cards_on_hand: 5, handed_over_this_week: 2, waiting_for_line: 1, needs_consent: 1, residents: 36 });
  const z = await resident(s);
  await consent(s, z.id);
  const [card] = await cardsAtStructure(s);
  assert.equal((await handOver(s, z.id, card)).status, 201);
  const after = (await srv.get('/api/v1/residents/summary', { auth: s })).body;
  assert.deepEqual(after, { ...before, cards_on_hand: 4, handed_over_this_week: 3, residents: 37 });
  // Taken back: no longer counted as handed over.
  const line = (await srv.get(`/api/v1/residents/${z.id}`, { auth: s })).body.lines[0];
  await srv.post(`/api/v1/handovers/${line.id}/take-back`, { auth: s, json: { reason: 'refused' } });
  assert.deepEqual((await srv.get('/api/v1/residents/summary', { auth: s })).body,
    { ...before, waiting_for_line: 2, residents: 37 });
  for (const role of ['coordinator', 'association', 'funder']) {
    assertProblem(await srv.get('/api/v1/residents/summary', { auth: await srv.loginAs(role) }), 403, 'forbidden');
  }
});

test('the chain from a delivered card to a resident holding a line, with consent first', async () => {
  const s = await srv.loginAs('structure');
  const created = await srv.post('/api/v1/residents', { auth: s, json: ZAINAB });
  assert.equal(created.status, 201, created.text);
  const z = created.body;
  assert.match(z.pseudonym, /^R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(created.headers.get('location'), `/api/v1/residents/${z.id}`);
  assert.deepEqual([z.first_name, z.contact, z.household_size, z.children, z.languages, z.needs, z.status],
    ['Zaïnab', '+33612345678', 3, 1, ['ar', 'fr'], ['schooling'], 'needs_consent']);

  const [card, other] = await cardsAtStructure(s);
  assertProblem(await handOver(s, z.id, card), 409, 'consent_missing');

  const given = await consent(s, z.id);
  assert.equal(given.status, 201, given.text);
  assert.deepEqual([given.body.purpose, given.body.method, given.body.status, given.body.notice_language,
    given.body.notice_version, given.body.witness_name, given.body.recorded_by_name],
  ['line', 'oral', 'given', 'ar', '2026-12', given.body.recorded_by_name, given.body.recorded_by_name]);
  assert.ok(given.body.recorded_by_name, 'who recorded it is named');
  const again = assertProblem(await consent(s, z.id), 409, 'consent_already_given');
  assert.match(again.detail, /^Ce consentement \(la ligne\) est déjà donné\u202f;/);
  const written = await consent(s, z.id, 'follow_up', 'written', { notice_language: 'fr' });
  assert.deepEqual([written.status, written.body.witness_name, written.body.notice_language], [201, null, 'fr']);

  const h = await handOver(s, z.id, card);
  assert.equal(h.status, 201, h.text);
  assert.deepEqual([h.body.iccid, h.body.resident_id, h.body.programme, h.body.taken_back_at], [card, z.id, 'CU-2020', null]);
  assert.ok(h.body.ends_at > h.body.handed_over_at, 'the line ends after the plan validity');
  const sim = (await srv.get(`/api/v1/sims/${card}`, { auth: s })).body;
  assert.equal(sim.state, 'handed_over');
  const event = sim.timeline.at(-1);
  assert.deepEqual([event.transition, event.reason], ['hand_over', ''], 'the card tells no one who holds it');

  // One line per resident and programme; a card in one pair of hands.
  assertProblem(await handOver(s, z.id, other), 409, 'resident_has_line');
  const second = await resident(s);
  await consent(s, second.id);
  assertProblem(await handOver(s, second.id, card), 409, 'sim_not_at_structure');
  assert.equal((await srv.get(`/api/v1/residents/${z.id}`, { auth: s })).body.status, 'has_line');
  assert.equal((await srv.get(`/api/v1/residents/${second.id}`, { auth: s })).body.status, 'waiting_line');

  // Taken back (the wrong person), the card is at the structure again and goes to the right one.
  assertProblem(await srv.post(`/api/v1/handovers/${h.body.id}/take-back`, { auth: s, json: { reason: 'lost it' } }),
    422, 'validation_failed');
  const back = await srv.post(`/api/v1/handovers/${h.body.id}/take-back`, { auth: s, json: { reason: 'wrong_person' } });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.taken_back_reason, 'wrong_person');
  assertProblem(await srv.post(`/api/v1/handovers/${h.body.id}/take-back`, { auth: s, json: { reason: 'refused' } }),
    409, 'handover_ended');
  assert.equal((await srv.get(`/api/v1/sims/${card}`, { auth: s })).body.state, 'at_structure');
  assert.equal((await handOver(s, second.id, card)).status, 201);
  const lines = (await srv.get(`/api/v1/residents/${z.id}`, { auth: s })).body.lines;
  assert.deepEqual(lines.map((l) => [l.iccid, l.taken_back_reason]), [[card, 'wrong_person']]);
});

test('fields that must not exist are refused as unknown, bad values with their reasons, nothing written', async () => {
  const s = await srv.loginAs('structure');
  const before = (await srv.get('/api/v1/residents', { auth: s })).body.total;
  const sensitive = ['nationality', 'legal_status', 'religion', 'health', 'full_name', 'last_name', 'identity_document'];
  const r = await srv.post('/api/v1/residents', { auth: s,
    json: { household_size: 1, languages: ['fr'], ...Object.fromEntries(sensitive.map((k) => [k, 'x'])) } });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.reason]).sort(), sensitive.map((k) => [k, 'unknown_field']).sort());
  const bad = assertProblem(await srv.post('/api/v1/residents', { auth: s, json: {
    household_size: 2, children: 2, languages: ['xx'], needs: ['health'], first_name: 'a'.repeat(51), contact: '01 23',
  } }), 422, 'validation_failed');
  assert.deepEqual(bad.errors.map((e) => [e.field, e.reason]), [
    ['children', 'out_of_range'], ['languages', 'unknown_languages'], ['needs', 'unknown_needs'],
    ['first_name', 'too_long'], ['contact', 'msisdn_bad_msisdn'],
  ]);
  assertProblem(await srv.post('/api/v1/residents', { auth: s, json: { household_size: '3', languages: 'ar' } }), 422, 'validation_failed');
  // A huge wrong value is named, not sent back whole.
  const huge = assertProblem(await srv.post('/api/v1/residents', { auth: s,
    json: { household_size: 1, languages: 'é'.repeat(100000) } }), 422, 'validation_failed');
  assert.deepEqual(huge.errors.map((e) => [e.field, e.reason]), [['languages', 'not_a_list']]);
  assert.ok(Buffer.byteLength(huge.errors[0].value) <= 60, huge.errors[0].value);
  assertProblem(await srv.post('/api/v1/residents', { auth: s, body: '{"household_size":', contentType: 'application/json' }), 400, 'malformed_json');
  assert.equal((await srv.get('/api/v1/residents', { auth: s })).body.total, before);
  const z = await resident(s);
  for (const [body, reason] of [[{ purpose: 'marketing', method: 'oral' }, 'unknown_purpose'],
    [{ purpose: 'line', method: 'telepathy' }, 'unknown_method'], [{ purpose: 'line' }, 'required'],
    [{ purpose: 'line', method: 'oral', notice_language: 'klingon' }, 'unknown_languages']]) {
    const c = assertProblem(await srv.post(`/api/v1/residents/${z.id}/consents`, { auth: s, json: body }), 422, 'validation_failed');
    assert.equal(c.errors[0].reason, reason);
  }
  assertProblem(await handOver(s, z.id, '8933102000012000016'), 422, 'validation_failed');  // check digit
  assertProblem(await srv.post('/api/v1/handovers', { auth: s, json: { iccid: 'x'.repeat(5000) } }), 422, 'validation_failed');
});

test('each role sees what rule 4 allows: structure all, coordinator no first name, association a status', async () => {
  const s = await srv.loginAs('structure');
  const assoc = await srv.loginAs('association');
  const coordinator = await srv.loginAs('coordinator');
  // A resident who came through the association's referral keeps its pseudonym.
  const referral = (await srv.get('/api/v1/referrals?status=open', { auth: s })).body.items[0];
  const fromReferral = await resident(s, { household_size: 2, languages: ['prs'], referral_id: referral.id, first_name: 'Ahmad' });
  assert.equal(fromReferral.pseudonym, referral.pseudonym);
  assertProblem(await srv.post('/api/v1/residents', { auth: s, json: { household_size: 2, languages: ['prs'], referral_id: referral.id } }),
    409, 'referral_has_resident');
  const own = await resident(s, { household_size: 1, languages: ['fr'], first_name: 'Léa' });

  const c = await srv.get(`/api/v1/residents/${fromReferral.id}`, { auth: coordinator });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.pseudonym, referral.pseudonym);
  assert.equal('first_name' in c.body, false);
  assert.equal('contact' in c.body, false);
  assert.ok(!c.text.includes('Ahmad'));

  const a = await srv.get(`/api/v1/residents/${fromReferral.id}`, { auth: assoc });
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.body).sort(), ['id', 'pseudonym', 'referral_id', 'status', 'structure_id', 'structure_name']);
  assertProblem(await srv.get(`/api/v1/residents/${own.id}`, { auth: assoc }), 404, 'not_found');
  const list = (await srv.get('/api/v1/residents', { auth: assoc })).body;
  assert.ok(list.items.every((r) => r.referral_id !== null && !('household_size' in r)), JSON.stringify(list.items));
  assert.ok(list.items.some((r) => r.id === fromReferral.id));

  for (const role of ['logistics', 'operator', 'liaison', 'funder']) {
    const who = await srv.loginAs(role);
    assertProblem(await srv.get('/api/v1/residents', { auth: who }), 403, 'forbidden');
    assertProblem(await srv.get(`/api/v1/residents/${own.id}`, { auth: who }), 403, 'forbidden');
    assertProblem(await srv.post('/api/v1/residents', { auth: who, json: { household_size: 1, languages: ['fr'] } }), 403, 'forbidden');
    assertProblem(await srv.get(`/api/v1/residents/${own.id}/export`, { auth: who }), 403, 'forbidden');
    assertProblem(await srv.delete(`/api/v1/residents/${own.id}`, { auth: who }), 403, 'forbidden');
    assertProblem(await handOver(who, own.id, (await cardsAtStructure(s))[0]), 403, 'forbidden');
  }
  for (const who of [coordinator, assoc]) {
    assertProblem(await srv.post('/api/v1/residents', { auth: who, json: { household_size: 1, languages: ['fr'] } }), 403, 'forbidden');
    assertProblem(await consent(who, own.id), 403, 'forbidden');
    assertProblem(await srv.delete(`/api/v1/residents/${own.id}`, { auth: who }), 403, 'forbidden');
  }
  assertProblem(await srv.get('/api/v1/residents?status=whatever', { auth: s }), 400, 'bad_parameter');
});

test('the PUK comes from its own endpoint, each reading audited; the card page never carries it', async () => {
  const s = await srv.loginAs('structure');
  const [card] = await cardsAtStructure(s);
  assert.equal('puk' in (await srv.get(`/api/v1/sims/${card}`, { auth: s })).body, false);
  const before = await auditCount();
  const r = await srv.get(`/api/v1/sims/${card}/puk`, { auth: s });
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.puk, /^\d{8}$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  await srv.get(`/api/v1/sims/${card}/puk`, { auth: s });
  assert.equal(await auditCount(), before + 2);
  assertProblem(await srv.get(`/api/v1/sims/${withLuhn('89331020' + '0001200107')}/puk`, { auth: s }), 404, 'not_found');
  for (const role of ['operator', 'logistics', 'funder', 'liaison', 'association']) {
    assertProblem(await srv.get(`/api/v1/sims/${card}/puk`, { auth: await srv.loginAs(role) }), 403, 'forbidden');
  }
});

test('export, withdrawal and erasure: personal fields destroyed, counts and audit chain kept', async () => {
  const s = await srv.loginAs('structure');
  const coordinator = await srv.loginAs('coordinator');
  const z = await resident(s, { ...ZAINAB, first_name: 'Yohannes', contact: '07 98 76 54 32', languages: ['ti'] });
  const c = (await consent(s, z.id)).body;
  await consent(s, z.id, 'testimony', 'electronic');
  const [card] = await cardsAtStructure(s);
  assert.equal((await handOver(s, z.id, card)).status, 201);

  const exported = await srv.get(`/api/v1/residents/${z.id}/export`, { auth: s });
  assert.equal(exported.status, 200, exported.text);
  assert.match(exported.headers.get('content-disposition'), new RegExp(`attachment; filename="${z.pseudonym}.json"`));
  assert.deepEqual([exported.body.first_name, exported.body.contact, exported.body.consents.length, exported.body.lines.length],
    ['Yohannes', '+33798765432', 2, 1]);

  const w = await srv.post(`/api/v1/consents/${c.id}/withdraw`, { auth: s });
  assert.deepEqual([w.status, w.body.status], [200, 'withdrawn']);
  assert.ok(w.body.status_at && w.body.status_by_name);
  const twice = assertProblem(await srv.post(`/api/v1/consents/${c.id}/withdraw`, { auth: s }), 409, 'consent_not_given');
  assert.equal(twice.detail, 'Ce consentement n\'est plus en vigueur\u202f: il est retiré.');
  assertProblem(await srv.post(`/api/v1/consents/${c.id}/withdraw`, { auth: coordinator }), 403, 'forbidden');

  const stock = (await srv.get('/api/v1/stock/summary', { auth: coordinator })).body.by_state;
  const erased = await srv.delete(`/api/v1/residents/${z.id}`, { auth: s });
  assert.equal(erased.status, 200, erased.text);
  assert.deepEqual([erased.body.status, erased.body.first_name, erased.body.contact, erased.body.household_size],
    ['erased', null, null, 3]);
  assert.ok(erased.body.consents.every((x) => x.status === 'withdrawn'));
  assert.deepEqual((await srv.get('/api/v1/stock/summary', { auth: coordinator })).body.by_state, stock);
  assertProblem(await consent(s, z.id, 'follow_up'), 409, 'resident_erased');
  assertProblem(await srv.delete(`/api/v1/residents/${z.id}`, { auth: s }), 409, 'resident_erased');
  const list = (await srv.get('/api/v1/residents?status=erased', { auth: s })).body.items;
  assert.ok(list.some((r) => r.id === z.id));
  const verify = await srv.cli(['audit', 'verify']);
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stdout, /^audit chain intact/);
});

test('two staff hand the same card to two residents at once: one wins, the other gets 409', async () => {
  const s = await srv.loginAs('structure');
  const a = await resident(s);
  const b = await resident(s);
  await consent(s, a.id);
  await consent(s, b.id);
  const [card] = await cardsAtStructure(s);
  const results = await Promise.all([handOver(s, a.id, card), handOver(s, b.id, card)]);
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
  assert.equal(results.find((r) => r.status === 409).body.code, 'sim_not_at_structure');
});

test("the same consent or the same referral's resident recorded twice at once: one wins, the other gets 409", async () => {
  const s = await srv.loginAs('structure');
  const z = await resident(s);
  const given = await Promise.all([consent(s, z.id), consent(s, z.id)]);
  assert.deepEqual(given.map((r) => r.status).sort(), [201, 409]);
  assert.equal(given.find((r) => r.status === 409).body.code, 'consent_already_given');
  const open = (await srv.get('/api/v1/referrals?status=open', { auth: s })).body.items;
  assert.ok(open.length >= 2, 'the demo has open referrals at this structure');
  const referral = open.at(-1);
  const body = { household_size: 1, languages: ['fr'], referral_id: referral.id };
  const made = await Promise.all([1, 2].map(() => srv.post('/api/v1/residents', { auth: s, json: body })));
  // The oldest open referral (the role test above takes the newest).
  assert.deepEqual(made.map((r) => r.status).sort(), [201, 409]);
  assert.equal(made.find((r) => r.status === 409).body.code, 'referral_has_resident');
});

test("a list shows each resident's status; consents and lines come with one resident only", async () => {
  const s = await srv.loginAs('structure');
  const z = await resident(s);
  await consent(s, z.id);
  const page = (await srv.get('/api/v1/residents?status=waiting_line&limit=200', { auth: s })).body;
  const row = page.items.find((r) => r.id === z.id);
  assert.equal(row.status, 'waiting_line');
  assert.equal('consents' in row, false);
  assert.ok(page.items.every((r) => r.status === 'waiting_line'));
  const one = (await srv.get(`/api/v1/residents/${z.id}`, { auth: s })).body;
  assert.deepEqual([one.consents.length, one.lines.length], [1, 0]);
  const long = assertProblem(await srv.post('/api/v1/residents', { auth: s,
    json: { household_size: 1, languages: Array(50000).fill('xx') } }), 422, 'validation_failed');
  assert.deepEqual(long.errors.map((e) => [e.field, e.reason, e.value]), [['languages', 'too_many', '50000']]);
});

test('a first name and a contact never reach the database in clear', async () => {
  const s = await srv.loginAs('structure');
  await resident(s, { household_size: 1, languages: ['ar'], first_name: 'Zaïnab', contact: '06 12 34 56 78' });
  const needles = ['Zaïnab', 'Za\u00efnab'.normalize('NFD'), '0612345678', '+33612345678', '612345678'];
  let haystack;
  if (PG_BASE) {
    const dump = await run('pg_dump', ['--data-only', srv.dbArg]);
    assert.equal(dump.code, 0, dump.stderr);
    haystack = Buffer.from(dump.stdout, 'utf8');
    assert.ok(dump.stdout.includes('residents'), 'the dump holds the residents table');
  } else {
    const files = [srv.dbArg, `${srv.dbArg}-wal`];
    haystack = Buffer.concat(await Promise.all(files.map((f) => fs.readFile(f).catch(() => Buffer.alloc(0)))));
    assert.ok(haystack.length > 100000);
  }
  for (const n of needles) assert.equal(haystack.indexOf(Buffer.from(n, 'utf8')), -1, `${n} found in the database`);
  const latin1 = Buffer.from('Zaïnab', 'latin1');
  assert.equal(haystack.indexOf(latin1), -1);
});

/** Writes a PDF answer to a temporary file and runs a poppler tool on it (pdftotext, pdffonts). */
async function poppler(tool, bytes, args = []) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relais-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    await fs.writeFile(file, bytes);
    const r = await run(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function pdf(urlPath, auth) {
  const res = await fetch(srv.baseUrl + urlPath, { headers: { cookie: auth.cookie } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  return bytes;
}

test("the leaflet, the notice and the export, in the resident's language; the leaflet's PUK is audited", async () => {
  const s = await srv.loginAs('structure');
  const z = await resident(s, { household_size: 2, languages: ['ar', 'fr'], first_name: 'Zaïnab' });
  assertProblem(await srv.get(`/api/v1/residents/${z.id}/leaflet.pdf`, { auth: s }), 409, 'no_line');
  await consent(s, z.id);
  const [card] = await cardsAtStructure(s);
  const line = (await handOver(s, z.id, card)).body;
  const puk = (await srv.get(`/api/v1/sims/${card}/puk`, { auth: s })).body.puk;

  const before = await auditCount();
  const fr = await poppler('pdftotext', await pdf(`/api/v1/residents/${z.id}/leaflet.pdf?lang=fr`, s));
  assert.equal(await auditCount(), before + 1, 'the leaflet read the PUK: one audit event');
  const digits = line.msisdn.replace('+33', '');
  assert.ok(fr.includes(`+33 ${digits[0]} ${digits.slice(1, 3)} ${digits.slice(3, 5)}`), fr);
  // The PUK printed in two groups of four, easier to read out and type.
  const grouped = `${puk.slice(0, 4)} ${puk.slice(4)}`;
  for (const text of [grouped, 'sl2sfr', 'Votre ligne mobile', '01 84 60 00 00', z.pseudonym]) {
    assert.ok(fr.includes(text), `${text} in the French leaflet:\n${fr}`);
  }
  const ends = new Date(line.ends_at);
  const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  const day = ends.getUTCDate() === 1 ? '1er' : String(ends.getUTCDate());
  assert.ok(fr.includes(`${day} ${months[ends.getUTCMonth()]} ${ends.getUTCFullYear()}`), `end date in ${fr}`);

  // Without ?lang=, the resident's first language: Arabic, in a Noto Arabic font.
  const ar = await pdf(`/api/v1/residents/${z.id}/leaflet.pdf`, s);
  assert.match(await poppler('pdffonts', ar), /Noto\S*Arabic/);
  assert.ok((await poppler('pdftotext', ar)).includes(grouped));

  const notice = await poppler('pdftotext', await pdf(`/api/v1/residents/${z.id}/notice.pdf?lang=en`, s));
  for (const text of ['Information about your data', 'Notice version 2026-12', 'Connexion d\'Urgence 2020', '180 days']) {
    assert.ok(notice.includes(text), `${text} in the notice:\n${notice}`);
  }
  const ti = await pdf(`/api/v1/residents/${z.id}/notice.pdf?lang=ti`, s);
  assert.match(await poppler('pdffonts', ti), /Ethiopic/);

  const exported = await fetch(`${srv.baseUrl}/api/v1/residents/${z.id}/export?format=pdf&lang=fr`, { headers: { cookie: s.cookie } });
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-disposition'), /^attachment; filename="export-\d+\.pdf"$/);
  const text = await poppler('pdftotext', Buffer.from(await exported.arrayBuffer()));
  assert.ok(text.includes('Zaïnab') && text.includes(z.pseudonym), text);

  assertProblem(await srv.get(`/api/v1/residents/${z.id}/leaflet.pdf?lang=klingon`, { auth: s }), 422, 'validation_failed');
  assertProblem(await srv.get(`/api/v1/residents/${z.id}/export?format=docx`, { auth: s }), 400, 'bad_parameter');
  for (const role of ['coordinator', 'association', 'operator', 'logistics', 'funder', 'liaison']) {
    const who = await srv.loginAs(role);
    for (const doc of ['leaflet.pdf', 'notice.pdf', 'export?format=pdf']) {
      assertProblem(await srv.get(`/api/v1/residents/${z.id}/${doc}`, { auth: who }), 403, 'forbidden');
    }
  }
});

test("the reference lists who translated each language of the residents' documents, and who checked it", async () => {
  const s = await srv.loginAs('structure');
  const langs = (await srv.get('/api/v1/reference', { auth: s })).body.languages;
  assert.equal(langs.length, 20);
  const by = Object.fromEntries(langs.map((l) => [l.code, l]));
  assert.equal(by.fr.checked_by, 'Relais developers');
  assert.equal(by.ti.checked_by, null, 'nobody has checked the Tigrinya draft yet');
  assert.match(by.ti.translator, /machine-assisted draft/);
  assert.ok(langs.every((l) => typeof l.translator === 'string'));
});

test('relais purge erases the first name and contact of residents whose time is over, keeps the others', async () => {
  const s = await srv.loginAs('structure');
  const idle = await resident(s, { household_size: 1, languages: ['so'], first_name: 'Hodan', contact: '06 11 22 33 44' });
  const holding = await resident(s, { household_size: 1, languages: ['so'], first_name: 'Abdi' });
  await consent(s, holding.id);
  await consent(s, idle.id, 'follow_up', 'written');
  const [card] = await cardsAtStructure(s);
  assert.equal((await handOver(s, holding.id, card)).status, 201);
  await new Promise((r) => setTimeout(r, 1100));  // recorded before "now minus 0 days"
  // The demo's lines that ran out ended 12 days ago: kept for 30 days.
  const kept = await srv.cli(['purge', '--days', '30']);
  assert.match(kept.stdout, /and the personal data of 0 residents, ended more than 30 days ago\n$/);
  const purged = await srv.cli(['purge', '--days', '0']);
  assert.equal(purged.code, 0, purged.stderr);
  assert.match(purged.stdout, /and the personal data of [1-9]\d* residents?, ended more than 0 days ago\n$/);
  const gone = (await srv.get(`/api/v1/residents/${idle.id}`, { auth: s })).body;
  assert.deepEqual([gone.status, gone.first_name, gone.contact, gone.household_size], ['erased', null, null, 1]);
  assert.deepEqual(gone.consents.map((c) => c.status), ['expired'], 'its consent in force expired');
  const still = (await srv.get(`/api/v1/residents/${holding.id}`, { auth: s })).body;
  assert.deepEqual([still.status, still.first_name], ['has_line', 'Abdi'], 'a line in use keeps its holder');
  assertProblem(await srv.get('/api/v1/residents', { auth: await srv.loginAs('funder') }), 403, 'forbidden');
  assert.notEqual((await srv.cli(['purge', '--days', '4000'])).code, 0);
});

test('relais keys rotate, the server running: every sealed value readable under the new key, the old key gone', async () => {
  const s = await srv.loginAs('structure');
  const z = await resident(s, { household_size: 1, languages: ['uk'], first_name: 'Olena', contact: '07 55 44 33 22' });
  const card = (await srv.get('/api/v1/sims?limit=1', { auth: s })).body.items[0].iccid;  // one it holds
  const puk = (await srv.get(`/api/v1/sims/${card}/puk`, { auth: s })).body.puk;
  const keyFile = srv.database.keyFile;
  const before = await fs.readFile(keyFile);
  assert.equal(before.length, 32);
  const r = await srv.cli(['keys', 'rotate']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^sealed \d+ values again under a new key; the old key is gone\n$/);
  const resealed = Number(r.stdout.match(/^sealed (\d+)/)[1]);
  assert.ok(resealed > 2500, `every PUK and personal field: ${resealed}`);
  const after = await fs.readFile(keyFile);
  assert.equal(after.length, 32);
  assert.notDeepEqual(after, before);
  assert.equal((await fs.stat(keyFile)).mode & 0o777, 0o600);
  // The running server reads the new key file and opens everything.
  const again = (await srv.get(`/api/v1/residents/${z.id}`, { auth: s })).body;
  assert.deepEqual([again.first_name, again.contact], ['Olena', '+33755443322']);
  assert.deepEqual((await srv.get(`/api/v1/sims/${card}/puk`, { auth: s })).body, { puk });
  // A second rotation has as much to do, no more.
  const second = await srv.cli(['keys', 'rotate']);
  assert.equal(Number(second.stdout.match(/^sealed (\d+)/)[1]), resealed);
  assert.match((await srv.cli(['audit', 'verify'])).stdout, /^audit chain intact/);
});
