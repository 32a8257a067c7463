// Lines in use (issue 12): a line handed over, activated by the operator's report (which gives the
// number of a card that arrived without one), topped up within the programme's budget, lost,
// blocked, replaced keeping its number, followed up; the to-do lists the daily job builds; every
// refusal with its stable code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, run, psql, PG_BASE, ENGINE } from './server.mjs';

const srv = useServer();
const DAY = 86400000;

const report = (rows, header = 'iccid,status,date,data_used_mb,msisdn,new_iccid') =>
  [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';
const sendReport = async (auth, rows) => srv.post('/api/v1/status-reports?operator=SFR',
  { auth, body: report(rows), contentType: 'text/csv' });
const csvRows = (text) => text.trim().split('\n').map((l) => l.split(','));
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

async function sql(statement) {
  if (PG_BASE) return psql(new URL(srv.dbArg).pathname.slice(1), statement);
  const r = await run('sqlite3', [srv.dbArg, statement]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function newResident(s, purposes = ['line']) {
  const r = await srv.post('/api/v1/residents', { auth: s, json: { household_size: 2, children: 1, languages: ['ps', 'fr'] } });
  assert.equal(r.status, 201, r.text);
  for (const purpose of purposes) {
    const c = await srv.post(`/api/v1/residents/${r.body.id}/consents`, { auth: s, json: { purpose, method: 'oral' } });
    assert.equal(c.status, 201, c.text);
  }
  return r.body;
}

async function cardsAtDoor(s) {
  const r = await srv.get('/api/v1/sims?state=at_structure&limit=200', { auth: s });
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((c) => c.iccid);
}

const lineOf = async (auth, residentId) =>
  (await srv.get(`/api/v1/residents/${residentId}`, { auth })).body;

test('the demo holds lines active, ending, ended, topped up, blocked and replaced, followed up', async () => {
  const c = await srv.loginAs('coordinator');
  const count = async (filter) => (await srv.get(`/api/v1/lines?filter=${filter}&limit=1`, { auth: c })).body.total;
  // 34 lines handed over in 2020, two replaced since (their first line ended with the incident).
  assert.equal(await count('all'), 34);
  assert.equal(await count('not_active'), 4);
  assert.equal(await count('ending'), 2);
  // Two ran out (the blocked ones were replaced: a line replaced is no longer in use).
  assert.equal(await count('ended'), 2);
  const confirmed = (await srv.get('/api/v1/topups?status=confirmed&limit=1', { auth: c })).body.total;
  assert.equal(confirmed, 36);
  const waiting = (await srv.get('/api/v1/topups?status=requested', { auth: c })).body.items;
  assert.equal(waiting.length, 1);
  const incidents = (await srv.listAll('/api/v1/line-incidents', c)).items;
  assert.deepEqual(incidents.map((i) => [i.kind, i.status, i.replacement_mode]).sort(), [
    ['defective', 'block_requested', null],
    ['lost', 'declared', null],
    ['lost', 'replaced', 'new_line'],
    ['stolen', 'replaced', 'keep_number'],
  ]);
  // The number stayed with the resident whose phone was stolen.
  const stolen = incidents.find((i) => i.kind === 'stolen');
  const resident = await lineOf(c, stolen.resident_id);
  assert.deepEqual(resident.lines.map((l) => l.iccid), [stolen.iccid, stolen.replacement_iccid]);
  assert.equal(resident.lines[0].msisdn, null);
  assert.match(resident.lines[1].msisdn, /^\+336/);
  assert.equal(resident.lines[1].replaces_id, resident.lines[0].id);
  assert.equal(resident.lines[0].taken_back_reason, 'stolen');
  // Follow-ups with what the lines were used for, two testimonies.
  const all = (await srv.listAll('/api/v1/residents', c)).items;
  const details = await Promise.all(all.map((r) => lineOf(c, r.id)));
  const followUps = details.flatMap((d) => d.follow_ups ?? []);
  assert.equal(followUps.length, 3);
  assert.deepEqual(followUps.map((f) => f.uses.length).sort(), [2, 2, 3]);
  assert.equal(followUps.filter((f) => f.testimony).length, 2);
});

test('whether lines are really used: data per month from the operator\'s reports, aggregated', async () => {
  // The demo: 30 lines with a figure this month and the month before (200 MB and up, 400 more
  // the month before), as its reports said.
  const perLine = Array.from({ length: 30 }, (_, n) => 200 + ((n * 97) % 2500));
  const total = perLine.reduce((a, b) => a + b, 0);
  const thisMonth = new Date().toISOString().slice(0, 7);
  const lastMonth = new Date(Date.now() - 31 * DAY).toISOString().slice(0, 7);
  const expected = { months: [
    { month: thisMonth, lines: 30, used: 30, total_mb: total },
    { month: lastMonth, lines: 30, used: 30, total_mb: total + 30 * 400 },
  ] };
  for (const role of ['coordinator', 'structure']) {
    const r = await srv.get('/api/v1/lines/usage', { auth: await srv.loginAs(role) });
    assert.deepEqual(r.body, expected, role);
  }
  assertProblem(await srv.get('/api/v1/lines/usage', { auth: await srv.loginAs('funder') }), 403, 'forbidden');
});

test('the daily job run with the clock moved forward builds exactly the expected to-do items', async () => {
  const c = await srv.loginAs('coordinator');
  const home = (await srv.get('/api/v1/lines?limit=1', { auth: c })).body.items[0].structure_id;
  // Forty days on: the lines running until now+45 days end within the week, except the one whose
  // top-up is already sent; the two that ran out are over; those of cards lost or defective are
  // no longer working. The 4 lines handed over in 2020 and never activated are late; three
  // residents who agreed to a follow-up are due one (the replaced line counts from its handover);
  // the two incidents not settled wait.
  const at = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 19) + 'Z';
  const out = await srv.cli(['todo', '--at', at]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, new RegExp(`^built \\d+ to-do items as at ${at}`));
  const list = (await srv.get(`/api/v1/todo?structure_id=${home}`, { auth: c })).body;
  assert.equal(list.built_at, at);
  const byKind = {};
  for (const item of list.items) byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
  assert.deepEqual(byKind, { activation_late: 4, line_ending: 22, follow_up_due: 3, incident_waiting: 2 });
  // Each item names its resident and line; late activations are exactly the lines not active.
  const notActive = (await srv.get('/api/v1/lines?filter=not_active', { auth: c })).body.items;
  assert.deepEqual(list.items.filter((i) => i.kind === 'activation_late').map((i) => i.handover_id).sort(),
    notActive.map((l) => l.id).sort());
  assert.ok(list.items.every((i) => i.pseudonym.startsWith('R-') && i.structure_id === home));
  assert.deepEqual(list.items.filter((i) => i.kind === 'incident_waiting').map((i) => i.detail).sort(),
    ['block_requested', 'declared']);
  // The coordinator's overview counts the same per structure.
  const overview = (await srv.get('/api/v1/todo', { auth: c })).body.structures;
  assert.deepEqual(overview.find((s) => s.structure_id === home).counts, byKind);
  // Back to today: the list is as it was.
  assert.equal((await srv.cli(['todo'])).code, 0);
  const today = (await srv.get('/api/v1/todo', { auth: await srv.loginAs('structure') })).body.items;
  const todayKinds = {};
  for (const item of today) todayKinds[item.kind] = (todayKinds[item.kind] ?? 0) + 1;
  assert.deepEqual(todayKinds, { activation_late: 4, follow_up_due: 2, incident_waiting: 2, line_ending: 1 });
  // A bad time is refused whole.
  const bad = await srv.cli(['todo', '--at', 'tomorrow']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a time/);
});

test('a line from handover to activation, top-up, loss, block, swap keeping its number, and follow-up', async () => {
  const s = await srv.loginAs('structure');
  const c = await srv.loginAs('coordinator');
  const op = await srv.loginAs('operator');
  const [card, spare] = await cardsAtDoor(s);
  // The card arrived without its number (a vendor's output file): the operator gives it.
  await sql(`UPDATE sims SET msisdn = NULL WHERE iccid = '${card}'`);
  const zara = await newResident(s, ['line', 'follow_up']);
  const handed = await srv.post('/api/v1/handovers', { auth: s, json: { resident_id: zara.id, iccid: card } });
  assert.equal(handed.status, 201, handed.text);
  assert.equal(handed.body.msisdn, null);
  const requests = await srv.get('/api/v1/activation-requests?operator=SFR', { auth: op });
  assert.ok(requests.text.includes(`${card},,`), 'asked without a number');
  // The leaflet tells the resident their number: it waits for the activation.
  const early = assertProblem(await srv.get(`/api/v1/residents/${zara.id}/leaflet.pdf`, { auth: s }), 409, 'number_pending');
  assert.match(early.detail, /activation/);
  // A card in a resident's hands is not declared lost by hand: through its line's incident.
  assertProblem(await srv.post(`/api/v1/sims/${card}/transitions`, { auth: s, json: { transition: 'declare_lost', reason: 'perdue' } }),
    409, 'line_in_use');

  // The activation report: refused whole when the number is bad or already someone's.
  const taken = (await srv.get(`/api/v1/sims?state=active&limit=1`, { auth: c })).body.items[0].msisdn;
  const refused = await sendReport(op, [[card, 'activated', '2026-11-02', '0', taken.replace('+33', '0'), '']]);
  assert.deepEqual(assertProblem(refused, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.reason]),
    [[2, 'msisdn', 'msisdn_known']]);
  const bad = await sendReport(op, [[card, 'activated', '2026-11-02', '0', '0712345678', '']]);
  assert.deepEqual(assertProblem(bad, 422, 'import_failed').errors.map((e) => e.reason), ['msisdn_bad_msisdn']);
  assert.equal((await lineOf(s, zara.id)).lines[0].activated_at, null);
  const ok = await sendReport(op, [[card, 'activated', '2026-11-02', '15', '06 99 88 77 66', '']]);
  assert.deepEqual(ok.body, { applied: 1, unchanged: 0 });
  let line = (await lineOf(s, zara.id)).lines[0];
  assert.equal(line.msisdn, '+33699887766');
  assert.equal(line.activated_at, '2026-11-02');
  assert.equal(line.ends_at, '2027-01-31T00:00:00Z'); // 90 days of the plan from the activation
  // The same report again changes nothing.
  assert.deepEqual((await sendReport(op, [[card, 'activated', '2026-11-02', '15', '06 99 88 77 66', '']])).body,
    { applied: 0, unchanged: 1 });

  // A top-up: asked by the structure, approved by the coordinator within the budget, sent to the
  // operator, confirmed by its report: the end moves by the plan's validity.
  const asked = await srv.post('/api/v1/topups', { auth: s, json: { iccid: card } });
  assert.equal(asked.status, 201, asked.text);
  const topup = asked.body.items[0];
  assert.deepEqual([topup.status, topup.cost_cents, topup.validity_days], ['requested', 1000, 90]);
  assertProblem(await srv.post('/api/v1/topups', { auth: s, json: { iccid: card } }), 409, 'topup_under_way');
  assertProblem(await srv.post(`/api/v1/topups/${topup.id}/approve`, { auth: s }), 403, 'forbidden');
  const approved = await srv.post(`/api/v1/topups/${topup.id}/approve`, { auth: c });
  assert.equal(approved.body.status, 'approved', approved.text);
  assertProblem(await srv.post(`/api/v1/topups/${topup.id}/refuse`, { auth: c }), 409, 'topup_decided');
  const file = await srv.get('/api/v1/topup-requests?operator=SFR', { auth: op });
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-type'), /^text\/csv/);
  assert.deepEqual(csvRows(file.text)[0], ['topup_id', 'iccid', 'msisdn', 'programme', 'validity_days', 'approved_at']);
  assert.deepEqual(csvRows(file.text).find((r) => r[1] === card).slice(0, 5),
    [String(topup.id), card, '+33699887766', 'CU-2020', '90']);
  assert.deepEqual((await sendReport(op, [[card, 'topped_up', '2026-12-01', '640', '', '']])).body, { applied: 1, unchanged: 0 });
  line = (await lineOf(s, zara.id)).lines[0];
  assert.equal(line.ends_at, '2027-05-01T00:00:00Z');
  assert.ok(!(await srv.get('/api/v1/topup-requests?operator=SFR', { auth: op })).text.includes(card));
  assert.deepEqual((await sendReport(op, [[card, 'topped_up', '2026-12-01', '640', '', '']])).body, { applied: 0, unchanged: 1 });
  // A confirmation nobody asked for is refused.
  const unasked = await sendReport(op, [[card, 'topped_up', '2026-12-02', '', '', '']]);
  assert.deepEqual(assertProblem(unasked, 422, 'import_failed').errors.map((e) => e.reason), ['not_requested']);

  // Lost with the phone: declared, blocked at the coordinator's request, replaced keeping the
  // number with a card from the structure's balance, the swap confirmed by the operator.
  const lost = await srv.post('/api/v1/line-incidents', { auth: s, json: { iccid: card, kind: 'lost' } });
  assert.equal(lost.status, 201, lost.text);
  assert.equal(lost.body.status, 'declared');
  assertProblem(await srv.post('/api/v1/line-incidents', { auth: s, json: { iccid: card, kind: 'lost' } }), 409, 'incident_open');
  assertProblem(await srv.post(`/api/v1/line-incidents/${lost.body.id}/replacement`,
    { auth: s, json: { mode: 'keep_number', iccid: spare } }), 409, 'line_not_blocked');
  assertProblem(await srv.post(`/api/v1/line-incidents/${lost.body.id}/block`, { auth: s }), 403, 'forbidden');
  const block = await srv.post(`/api/v1/line-incidents/${lost.body.id}/block`, { auth: c });
  assert.equal(block.body.status, 'block_requested', block.text);
  const blocks = await srv.get('/api/v1/block-requests?operator=SFR', { auth: op });
  assert.deepEqual(csvRows(blocks.text).find((r) => r[1] === card).slice(0, 4),
    [String(lost.body.id), card, '+33699887766', 'lost']);
  assertProblem(await srv.post(`/api/v1/line-incidents/${lost.body.id}/replacement`,
    { auth: s, json: { mode: 'keep_number', iccid: spare } }), 409, 'line_not_blocked');
  assert.deepEqual((await sendReport(op, [[card, 'blocked', '2026-12-03', '', '', '']])).body, { applied: 1, unchanged: 0 });
  assert.deepEqual((await sendReport(op, [[card, 'blocked', '2026-12-03', '', '', '']])).body, { applied: 0, unchanged: 1 });
  // A block nobody asked for is refused, the whole report with it.
  const unblocked = await sendReport(op, [[spare, 'blocked', '2026-12-03', '', '', '']]);
  assert.deepEqual(assertProblem(unblocked, 422, 'import_failed').errors.map((e) => [e.line, e.reason]), [[2, 'not_requested']]);
  assert.equal((await srv.get(`/api/v1/line-incidents/${lost.body.id}`, { auth: s })).body.status, 'blocked');
  const replaced = await srv.post(`/api/v1/line-incidents/${lost.body.id}/replacement`,
    { auth: s, json: { mode: 'keep_number', iccid: spare } });
  assert.equal(replaced.body.status, 'swap_requested', replaced.text);
  // Until the swap, the new card carries its own number: the leaflet waits for the one kept.
  assertProblem(await srv.get(`/api/v1/residents/${zara.id}/leaflet.pdf`, { auth: s }), 409, 'number_pending');
  // The new card waits for the swap, not for an activation of its own.
  assert.ok(!(await srv.get('/api/v1/activation-requests?operator=SFR', { auth: op })).text.includes(spare));
  const swaps = await srv.get('/api/v1/swap-requests?operator=SFR', { auth: op });
  assert.deepEqual(csvRows(swaps.text).find((r) => r[1] === card).slice(0, 4),
    [String(lost.body.id), card, '+33699887766', spare]);
  // The new card named on a line of its own as well: refused, nothing moved twice.
  const twice = await sendReport(op, [[card, 'swapped', '2026-12-04', '', '', spare], [spare, 'activated', '2026-12-04', '', '', '']]);
  assert.deepEqual(assertProblem(twice, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.reason]),
    [[2, 'new_iccid', 'iccid_in_report']]);
  assert.deepEqual((await sendReport(op, [[card, 'swapped', '2026-12-04', '', '', spare]])).body, { applied: 1, unchanged: 0 });
  const history = await lineOf(s, zara.id);
  assert.deepEqual(history.lines.map((l) => [l.iccid, l.msisdn, l.taken_back_reason]),
    [[card, null, 'lost'], [spare, '+33699887766', null]]);
  assert.equal(history.lines[1].ends_at, '2027-05-01T00:00:00Z', 'the swap keeps the line and its end');
  assert.equal(history.incidents[0].status, 'replaced');
  assert.equal(history.topups.length, 1);
  // The lost card can never be handed over again.
  const again = await newResident(s);
  assertProblem(await srv.post('/api/v1/handovers', { auth: s, json: { resident_id: again.id, iccid: card } }),
    409, 'sim_not_at_structure');
  // Custody events say who did what; the operator's timeline names no resident.
  const timeline = (await srv.get(`/api/v1/sims/${card}`, { auth: op })).body.timeline;
  assert.deepEqual(timeline.slice(-3).map((e) => [e.transition, e.actor]),
    [['activate', 'operator@demo.relais'], ['declare_lost', 'structure@demo.relais'], ['terminate', 'operator@demo.relais']]);
  assert.ok(timeline.every((e) => !e.reason.includes(zara.pseudonym)));
  const spareTimeline = (await srv.get(`/api/v1/sims/${spare}`, { auth: c })).body;
  assert.equal(spareTimeline.state, 'active');

  // The follow-up, in the resident's language, with their consent only.
  const answers = { uses: ['family', 'job_search'], still_used: true, satisfaction: 4 };
  const noConsent = await newResident(s);
  assertProblem(await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: noConsent.id, answers } }), 409, 'consent_missing');
  const withStory = await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: zara.id, language: 'ps',
    answers: { ...answers, testimony: 'Grâce au numéro, mon fils est inscrit à l\u2019école.' } } });
  assert.equal(assertProblem(withStory, 409, 'consent_missing').detail.includes('publication') ||
    withStory.body.detail.length > 0, true);
  const badAnswers = await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: zara.id,
    answers: { uses: ['cinema'], satisfaction: 9, religion: 'x' } } });
  assert.deepEqual(assertProblem(badAnswers, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]).sort(), [
    ['answers.religion', 'unknown_question'],
    ['answers.satisfaction', 'out_of_range'],
    ['answers.still_used', 'required'],
    ['answers.uses', 'unknown_option'],
  ]);
  const done = await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: zara.id, language: 'ps', answers } });
  assert.equal(done.status, 201, done.text);
  assert.deepEqual([done.body.uses, done.body.still_used, done.body.satisfaction, done.body.language, done.body.testimony],
    [['family', 'job_search'], true, 4, 'ps', null]);
  assert.equal(done.body.handover_id, history.lines[1].id);
  assertProblem(await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: zara.id, answers } }), 409, 'follow_up_done');
});

test(`two top-ups of the same line asked at once: one wins, the other gets 409 (${ENGINE})`, async () => {
  const s = await srv.loginAs('structure');
  const free = (await srv.listAll('/api/v1/lines', s)).items.filter((l) => l.state === 'active');
  const underWay = new Set((await srv.listAll('/api/v1/topups', s)).items
    .filter((t) => t.status === 'requested' || t.status === 'approved').map((t) => t.iccid));
  const line = free.find((l) => !underWay.has(l.iccid));
  assert.ok(line, 'an active line without a top-up under way');
  const both = await Promise.all([0, 1].map(() => srv.post('/api/v1/topups', { auth: s, json: { iccid: line.iccid } })));
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
  assert.equal(both.find((r) => r.status === 409).body.code, 'topup_under_way');
});

test('top-ups stay within the programme budget and need a rechargeable plan', async () => {
  const c = await srv.loginAs('coordinator');
  const s = await srv.loginAs('structure');
  const programme = (await srv.get('/api/v1/programmes', { auth: c })).body.items.find((p) => p.code === 'CU-2020');
  assert.equal(programme.topup_budget_cents, 200000);
  assert.equal(programme.follow_up_days, 30);
  assert.deepEqual(programme.follow_up_questions.map((q) => q.id), ['uses', 'still_used', 'satisfaction', 'testimony']);
  const budget = (await srv.get(`/api/v1/programmes/${programme.id}/topup-budget`, { auth: c })).body;
  // Leave room for 2 top-ups, then ask one for every active line of the programme: refused whole.
  const tight = budget.committed_cents + budget.requested_cents + 2000;
  const patched = await srv.patch(`/api/v1/programmes/${programme.id}`, { auth: c, json: { topup_budget_cents: tight } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.topup_budget_cents, tight);
  const before = (await srv.get('/api/v1/topups?limit=1', { auth: c })).body.total;
  const all = await srv.post('/api/v1/topups', { auth: c, json: { programme_id: programme.id } });
  const p = assertProblem(all, 409, 'budget_exceeded');
  assert.match(p.detail, /il reste 20\u00a0€|€20 left/);
  assert.equal((await srv.get('/api/v1/topups?limit=1', { auth: c })).body.total, before, 'nothing written');
  // Room again: every active line without a top-up under way gets one, approved at once.
  await srv.patch(`/api/v1/programmes/${programme.id}`, { auth: c, json: { topup_budget_cents: 500000 } });
  const active = (await srv.listAll('/api/v1/lines', c)).items.filter((l) => l.state === 'active');
  const preview = (await srv.get(`/api/v1/programmes/${programme.id}/topup-round`, { auth: c })).body;
  assert.ok(preview.lines > 0 && preview.lines <= active.length);
  assert.deepEqual([preview.unit_cost_cents, preview.cost_cents, preview.rechargeable],
    [1000, preview.lines * 1000, true]);
  assertProblem(await srv.get(`/api/v1/programmes/${programme.id}/topup-round`, { auth: s }), 403, 'forbidden');
  const round = await srv.post('/api/v1/topups', { auth: c, json: { programme_id: programme.id } });
  assert.equal(round.status, 201, round.text);
  assert.equal(round.body.count, preview.lines, 'the round made what its preview said');
  assert.equal((await srv.get(`/api/v1/programmes/${programme.id}/topup-round`, { auth: c })).body.lines, 0);
  assert.ok(round.body.items.every((t) => t.status === 'approved'));
  // A structure may not top up a whole programme, nor a line of another structure.
  assertProblem(await srv.post('/api/v1/topups', { auth: s, json: { programme_id: programme.id } }), 403, 'forbidden');
  // A programme whose plan is not rechargeable: refused with its own code.
  const plan = await srv.post('/api/v1/plans', { auth: c, json: { operator: 'SFR', code: 'PREPAYE-1', name: 'Carte prépayée',
    data_gb: 5, validity_days: 30, calls_sms_included: true, unit_cost_cents: 500, rechargeable: false } });
  assert.equal(plan.status, 201, plan.text);
  const other = await srv.post('/api/v1/programmes', { auth: c, json: { code: 'PREPAYE', name: 'Prépayé', operator: 'SFR', plan: 'PREPAYE-1' } });
  assert.equal(other.status, 201, other.text);
  assertProblem(await srv.post('/api/v1/topups', { auth: c, json: { programme_id: other.body.id } }), 409, 'plan_not_rechargeable');
  // Hostile settings: refused whole, nothing changed.
  const hostile = await srv.patch(`/api/v1/programmes/${programme.id}`, { auth: c, json: {
    topup_budget_cents: -1, follow_up_days: 0, follow_up_questions: [{ id: 'x', kind: 'poll', labels: { en: 'x' } }] } });
  assert.deepEqual(assertProblem(hostile, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]), [
    ['topup_budget_cents', 'out_of_range'],
    ['follow_up_days', 'out_of_range'],
    ['questions.0.kind', 'unknown_question_kind'],
    ['questions.0.labels', 'label_fr_missing'],
  ]);
  assertProblem(await srv.patch(`/api/v1/programmes/${programme.id}`, { auth: s, json: { follow_up_days: 10 } }), 403, 'forbidden');
  const huge = await srv.patch(`/api/v1/programmes/${programme.id}`, { auth: c, json: {
    follow_up_questions: Array.from({ length: 21 }, (_, i) => ({ id: `q${i}`, kind: 'yes_no', labels: { fr: 'Q' } })) } });
  assert.deepEqual(assertProblem(huge, 422, 'validation_failed').errors.map((e) => e.reason), ['too_many']);
});

test("a programme's own survey: its questions are asked, in the resident's language", async () => {
  const c = await srv.loginAs('coordinator');
  const s = await srv.loginAs('structure');
  const programme = (await srv.get('/api/v1/programmes', { auth: c })).body.items.find((p) => p.code === 'CU-2020');
  const questions = [
    { id: 'still_used', kind: 'yes_no', required: true, labels: { fr: 'Utilisez-vous la ligne\u202f?', ps: 'ایا تاسو لاین کاروئ؟' } },
    { id: 'courses', kind: 'choices', labels: { fr: 'Cours suivis' }, options: [
      { id: 'french', labels: { fr: 'Français' } }, { id: 'digital', labels: { fr: 'Numérique' } }] },
  ];
  const set = await srv.patch(`/api/v1/programmes/${programme.id}`, { auth: c, json: { follow_up_questions: questions, follow_up_days: 14 } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.body.follow_up_questions[0].labels.ps, 'ایا تاسو لاین کاروئ؟');
  try {
    // A resident of the demo who agreed to the follow-up and is due one.
    const due = (await srv.get('/api/v1/todo', { auth: s })).body.items.filter((i) => i.kind === 'follow_up_due');
    assert.ok(due.length > 0);
    const r = { id: due[0].resident_id };
    assertProblem(await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: r.id, answers: { uses: ['family'] } } }),
      422, 'validation_failed');
    const ok = await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: r.id, language: 'ps',
      answers: { still_used: false, courses: ['french'] } } });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.body.answers, { courses: ['french'], still_used: false });
    assert.equal(ok.body.still_used, false);
  } finally {
    await srv.patch(`/api/v1/programmes/${programme.id}`, { auth: c, json: { follow_up_questions: null, follow_up_days: 30 } });
  }
});

test('who may read and write lines, top-ups, incidents and to-do lists', async () => {
  const s = await srv.loginAs('structure');
  for (const role of ['funder', 'association', 'logistics', 'liaison', 'operator']) {
    const auth = await srv.loginAs(role);
    for (const url of ['/api/v1/lines', '/api/v1/topups', '/api/v1/line-incidents', '/api/v1/todo']) {
      assertProblem(await srv.get(url, { auth }), 403, 'forbidden');
    }
    assertProblem(await srv.post('/api/v1/line-incidents', { auth, json: { iccid: '8933102000012000007', kind: 'lost' } }), 403, 'forbidden');
    assertProblem(await srv.post('/api/v1/follow-ups', { auth, json: { resident_id: 1, answers: {} } }), 403, 'forbidden');
  }
  for (const role of ['structure', 'funder', 'association']) {
    const auth = await srv.loginAs(role);
    assertProblem(await srv.get('/api/v1/topup-requests?operator=SFR', { auth }), 403, 'forbidden');
    assertProblem(await srv.get('/api/v1/block-requests?operator=SFR', { auth }), 403, 'forbidden');
  }
  // A structure sees only its own lines; the coordinator any structure's.
  const own = (await srv.listAll('/api/v1/lines', s)).items;
  assert.ok(own.length > 0 && own.every((l) => l.structure_id === own[0].structure_id));
  // Hostile input: a bad filter, a bad kind, a card that is not a line, an unknown field.
  assertProblem(await srv.get('/api/v1/lines?filter=everything', { auth: s }), 400, 'bad_parameter');
  assertProblem(await srv.post('/api/v1/line-incidents', { auth: s, json: { iccid: own[0].iccid, kind: 'burnt' } }), 422, 'validation_failed');
  assertProblem(await srv.post('/api/v1/line-incidents', { auth: s, json: { iccid: 'x'.repeat(100000), kind: 'lost' } }), 422, 'validation_failed');
  assertProblem(await srv.post('/api/v1/line-incidents', { auth: s, json: { iccid: '8933102000012000007', kind: 'lost', note: 'x' } }), 422, 'validation_failed');
  assertProblem(await srv.post('/api/v1/topups', { auth: s, json: { iccid: own[0].iccid, programme_id: 1 } }), 422, 'validation_failed');
  assertProblem(await srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: own[0].resident_id,
    answers: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`q${i}`, true])) } }), 422, 'validation_failed');
  // A status report naming a status Relais does not know, or a swap without its new card.
  const op = await srv.loginAs('operator');
  const r = await sendReport(op, [[own[0].iccid, 'exploded', '2026-12-01', '', '', ''], [own[1].iccid, 'swapped', '2026-12-01', '', '', '']]);
  assert.deepEqual(assertProblem(r, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.reason]),
    [[2, 'status', 'unknown_status'], [3, 'new_iccid', 'required']]);
});

test('a card imported without numbers is stored without them', async () => {
  const op = await srv.loginAs('operator');
  const lines = Array.from({ length: 3 }, (_, i) => {
    const body = '89331099' + String(7700000 + i).padStart(10, '0');
    let sum = 0;
    for (let k = 0; k < body.length; k++) {
      let d = Number(body[body.length - 1 - k]);
      if (k % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return `${body}${(10 - (sum % 10)) % 10} 20810${String(1234500 + i).padStart(10, '0')} 1234567${i}`;
  });
  const file = `*HEADER DESCRIPTION\nQuantity: 3\nvar_out: ICCID/IMSI/PUK1\n${lines.join('\n')}\n`;
  const r = await srv.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=SANS-NUMERO', { auth: op, body: file, contentType: 'text/plain' });
  assert.equal(r.status, 201, r.text);
  const card = (await srv.get(`/api/v1/sims/${lines[0].split(' ')[0]}`, { auth: op })).body;
  assert.equal(card.msisdn, null);
  assert.equal(card.state, 'in_stock');
});

test(`the same follow-up or the same incident recorded twice at once: one wins, the other gets 409 (${ENGINE})`, async () => {
  const s = await srv.loginAs('structure');
  const r = await newResident(s, ['line', 'follow_up']);
  const [card] = await cardsAtDoor(s);
  assert.equal((await srv.post('/api/v1/handovers', { auth: s, json: { resident_id: r.id, iccid: card } })).status, 201);
  const answers = { uses: ['family'], still_used: true };
  const surveys = await Promise.all([0, 1].map(() =>
    srv.post('/api/v1/follow-ups', { auth: s, json: { resident_id: r.id, answers } })));
  assert.deepEqual(surveys.map((x) => x.status).sort(), [201, 409]);
  assert.equal(surveys.find((x) => x.status === 409).body.code, 'follow_up_done');
  const declared = await Promise.all(['lost', 'stolen'].map((kind) =>
    srv.post('/api/v1/line-incidents', { auth: s, json: { iccid: card, kind } })));
  assert.deepEqual(declared.map((x) => x.status).sort(), [201, 409]);
  assert.equal(declared.find((x) => x.status === 409).body.code, 'incident_open');
  const incidents = (await lineOf(s, r.id)).incidents;
  assert.equal(incidents.length, 1, 'one incident written');
});
