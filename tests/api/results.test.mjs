// A programme's results (issue 13) on the whole demo (with its second programme's year of
// history): the figures agree with what the other routes say, filters, budget and co-funding,
// share links and the public results they open, who may do what, hostile input, and a walk of
// every route the funder may call: no personal field, no count of people from 1 to 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useServer, startServer, assertProblem, run, withLuhn, REPO_ROOT } from './server.mjs';

const srv = useServer({ demo: 'history' });
const HISTORY = 2; // "Connexion solidaire 2026", the demo's year of history
const CARD_PRICE = 1200;

/** A count as the funder may see it: null ("< 5"), "secret", 0 or at least 5. */
function assertDisclosed(value, where) {
  assert.ok(value === null || value === 'secret' || (Number.isInteger(value) && (value === 0 || value >= 5)),
    `${where}: ${JSON.stringify(value)} is a count of people the funder may not see`);
}

/** Every count of people in a results answer. */
function resultCounts(r) {
  const out = [];
  const add = (v, where) => out.push([v, where]);
  for (const s of r.funnel) {
    add(s.total, `funnel.${s.stage}`);
    s.by_month.forEach((v, i) => add(v, `funnel.${s.stage}.${r.months[i]}`));
  }
  for (const l of r.lead_times) add(l.count, `lead_times.${l.measure}`);
  for (const key of ['departments', 'structure_types']) {
    for (const p of r[key]) add(p.connected, `${key}.${p.code ?? p.type}`);
    add(r[`${key}_total`].connected, `${key}_total`);
  }
  for (const h of r.household_sizes) add(h.people, `household.${h.size}`);
  for (const l of r.languages) add(l.people, `language.${l.language}`);
  add(r.household_total, 'household_total');
  add(r.language_total, 'language_total');
  const c = r.changes;
  for (const key of ['surveys', 'still_used', 'not_used', 'not_asked', 'satisfaction_answers']) add(c[key], key);
  for (const u of c.uses) add(u.people, `uses.${u.use}`);
  for (const s of c.satisfaction) add(s.people, `satisfaction.${s.score}`);
  add(r.budget.people_connected, 'people_connected');
  return out;
}

const stage = (r, name) => r.funnel.find((s) => s.stage === name);

test('the funder sees the year of history: figures that agree with the stock, the top-ups and the budget', async () => {
  const f = await srv.loginAs('funder');
  const r = await srv.get(`/api/v1/programmes/${HISTORY}/results`, { auth: f });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const x = r.body;
  assert.equal(x.programme.code, 'CS-2026');
  assert.equal(x.programme.operator, 'SFR');
  assert.equal(x.programme.coordinator, 'Emmaüs Connect');
  for (const [v, where] of resultCounts(x)) assertDisclosed(v, where);
  // Every card received is in the stock summary's plan total (the coordinator's: the funder's
  // hides it, to protect a state counting fewer than 5 cards).
  const stock = (await srv.get('/api/v1/stock/summary', { auth: await srv.loginAs('coordinator') })).body;
  assert.equal(stage(x, 'received').total, stock.plan_totals['CS-2026']);
  assert.equal(stage(x, 'received').total, 3200);
  // A year of months, each stage's months adding up to its total (every figure shown here).
  assert.equal(x.months.length, 13);
  for (const s of x.funnel) {
    assert.ok(s.by_month.every(Number.isInteger), `${s.stage} by month: ${s.by_month}`);
    assert.equal(s.by_month.reduce((a, b) => a + b, 0), s.total, s.stage);
  }
  const order = ['received', 'allocated', 'packed', 'shipped', 'delivered', 'handed_over', 'active', 'still_used'];
  assert.deepEqual(x.funnel.map((s) => s.stage), order);
  for (let i = 1; i < order.length; i++) assert.ok(x.funnel[i].total <= x.funnel[i - 1].total, order[i]);
  // Places: the 120 structures' capacity, the same people connected by department and by type.
  assert.equal(x.departments_total.structures, 120);
  assert.equal(x.departments_total.places, 12383);
  assert.equal(x.structure_types_total.connected, x.departments_total.connected);
  assert.equal(x.budget.people_connected, x.departments_total.connected);
  assert.equal(x.household_total, x.departments_total.connected);
  assert.ok(x.departments.length > 40);
  // Costs from what happened: cards handed over at the plan's price, the top-ups confirmed.
  const c = await srv.loginAs('coordinator');
  const confirmed = (await srv.get(`/api/v1/topups?status=confirmed&programme_id=${HISTORY}&limit=1`, { auth: c })).body.total;
  const line = (k) => x.budget.lines.find((l) => l.category === k);
  assert.equal(line('cards').spent_cents, stage(x, 'handed_over').total * CARD_PRICE);
  assert.equal(line('topups').spent_cents, confirmed * CARD_PRICE);
  assert.equal(line('devices').spent_cents, 1450000);
  assert.equal(line('devices').left_cents, 550000);
  assert.equal(x.budget.total.budget_cents, 3840000 + 5000000 + 400000 + 2000000 + 800000 + 1500000);
  const spent = x.budget.lines.reduce((a, l) => a + l.spent_cents, 0);
  assert.equal(x.budget.total.spent_cents, spent);
  assert.equal(x.budget.cost_per_person_cents, Math.floor(spent / x.budget.people_connected));
  // The state funds 70 % of everything, the fund the devices.
  const [state, fund] = x.budget.funders;
  assert.equal(state.share_bp, 7000);
  assert.equal(state.committed_cents, x.budget.total.budget_cents * 0.7);
  assert.equal(state.spent_cents, Number(BigInt(spent) * BigInt(state.committed_cents) / BigInt(x.budget.total.budget_cents)));
  assert.equal(fund.category, 'devices');
  assert.equal(fund.spent_cents, Math.floor(1450000 * 1500000 / 2000000));
  // What changed: surveys with their uses, testimonies whose authors consented.
  assert.ok(x.changes.surveys > 1000);
  assert.equal(x.changes.still_used + x.changes.not_used + x.changes.not_asked, x.changes.surveys);
  assert.equal(x.changes.still_used_rate, Math.round(1000 * x.changes.still_used / (x.changes.still_used + x.changes.not_used)) / 10);
  assert.deepEqual(x.changes.uses.map((u) => u.use), ['family', 'job_search', 'training', 'schooling', 'procedures', 'health']);
  assert.ok(x.changes.testimonies.length > 20);
  for (const t of x.changes.testimonies) assert.deepEqual(Object.keys(t).sort(), ['text', 'year']);
  // Lead times in hours, the 90th percentile never under the median.
  for (const l of x.lead_times) {
    assert.ok(l.count >= 5, l.measure);
    assert.ok(l.p90_hours >= l.median_hours, l.measure);
  }
  // The coordinator reads the same figures (results are for publication, disclosed for all).
  const same = await srv.get(`/api/v1/programmes/${HISTORY}/results`, { auth: c });
  assert.deepEqual({ ...same.body, as_of: null }, { ...x, as_of: null });
});

test('filters: a period, a department, a structure type; received is not counted by place', async () => {
  const f = await srv.loginAs('funder');
  const all = (await srv.get(`/api/v1/programmes/${HISTORY}/results`, { auth: f })).body;
  const dep = all.departments.find((d) => Number.isInteger(d.connected) && d.connected >= 5);
  const one = (await srv.get(`/api/v1/programmes/${HISTORY}/results?department=${dep.code}`, { auth: f })).body;
  assert.deepEqual(one.filter, { from: null, to: null, department: dep.code, structure_type: null });
  assert.deepEqual(one.departments.map((d) => d.code), [dep.code]);
  assert.equal(one.departments_total.connected, dep.connected);
  assert.ok(!one.funnel.some((s) => s.stage === 'received'));
  const cada = (await srv.get(`/api/v1/programmes/${HISTORY}/results?structure_type=CADA`, { auth: f })).body;
  assert.deepEqual(cada.structure_types.map((t) => t.type), ['CADA']);
  assert.equal(cada.departments_total.connected, all.structure_types.find((t) => t.type === 'CADA').connected);
  // A department's CADA count is shown only where it is the department's whole count (its other
  // types' would be the difference); elsewhere it is hidden. Likewise a department's types.
  let hiddenCells = 0;
  for (const d of cada.departments) {
    const whole = all.departments.find((x) => x.code === d.code).connected;
    if (Number.isInteger(d.connected) && d.connected > 0) assert.equal(d.connected, whole, d.code);
    if (d.connected === 'secret') hiddenCells++;
  }
  assert.ok(hiddenCells > 0, 'some departments have CADA and other types');
  // The same for a department's types.
  for (const t of one.structure_types) {
    if (Number.isInteger(t.connected) && t.connected > 0) {
      assert.ok([dep.connected, all.structure_types.find((x) => x.type === t.type).connected].includes(t.connected), t.type);
    }
  }
  // A period is whole months: from the first of the first, to the last of the last.
  const snapped = (await srv.get(`/api/v1/programmes/${HISTORY}/results?from=2026-02-17&to=2026-04-03`, { auth: f })).body;
  assert.deepEqual([snapped.filter.from, snapped.filter.to], ['2026-02-01', '2026-04-30']);
  // A period of two months: only those months, each stage's total their sum.
  const [m1, m2] = all.months.slice(3, 5);
  const to = new Date(Date.UTC(Number(m2.slice(0, 4)), Number(m2.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const two = (await srv.get(`/api/v1/programmes/${HISTORY}/results?from=${m1}-01&to=${to}`, { auth: f })).body;
  assert.deepEqual(two.months, [m1, m2]);
  for (const s of two.funnel) {
    const whole = stage(all, s.stage);
    assert.deepEqual(s.by_month, whole.by_month.slice(3, 5), s.stage);
  }
  // Budget: always the whole programme's.
  assert.deepEqual(two.budget, all.budget);
});

test('bad filters: 422 naming each, bounded echoes; unknown programme 404; other roles 403; no session 401', async () => {
  const f = await srv.loginAs('funder');
  const bad = await srv.get(`/api/v1/programmes/${HISTORY}/results?from=2026-13-01&to=yesterday&department=${'9'.repeat(5000)}&structure_type=hotel`, { auth: f });
  const p = assertProblem(bad, 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [
    ['from', 'bad_date'], ['to', 'bad_date'], ['department', 'unknown_department'], ['structure_type', 'unknown_structure_type']]);
  assert.ok(p.errors[2].value.length <= 41, 'a huge value is not echoed whole');
  assert.ok(bad.text.length < 4000);
  const reversed = await srv.get(`/api/v1/programmes/${HISTORY}/results?from=2026-05-01&to=2026-04-30`, { auth: f });
  assert.deepEqual(assertProblem(reversed, 422, 'validation_failed').errors.map((e) => e.reason), ['dates_reversed']);
  assertProblem(await srv.get('/api/v1/programmes/999/results', { auth: f }), 404, 'not_found');
  assertProblem(await srv.get('/api/v1/programmes/abc/results', { auth: f }), 404, 'not_found');
  for (const role of ['structure', 'operator', 'logistics', 'liaison', 'association']) {
    const a = await srv.loginAs(role);
    assertProblem(await srv.get(`/api/v1/programmes/${HISTORY}/results`, { auth: a }), 403, 'forbidden');
    assertProblem(await srv.get(`/api/v1/programmes/${HISTORY}/budget`, { auth: a }), 403, 'forbidden');
    assertProblem(await srv.post(`/api/v1/programmes/${HISTORY}/share-links`, { auth: a, json: { expires_at: '2030-01-01' } }), 403, 'forbidden');
  }
  assertProblem(await srv.get(`/api/v1/programmes/${HISTORY}/results`), 401, 'not_authenticated');
});

test('budget: the coordinator replaces it whole; every bad field named, nothing stored; the funder reads', async () => {
  const c = await srv.loginAs('coordinator');
  const f = await srv.loginAs('funder');
  const before = (await srv.get('/api/v1/programmes/1/budget', { auth: f })).body;
  assert.deepEqual(before.lines, [{ category: 'topups', budget_cents: 200000, spent_cents: null }]);
  assert.deepEqual(before.funders, []);
  const budget = {
    profile: { target_people: 2500, starts_on: '2020-04-01', ends_on: '2021-03-31', iati_identifier: 'FR-RNA-W1-CU2020', iati_org_ref: 'FR-RNA-W1' },
    lines: [
      { category: 'cards', budget_cents: 2500000 },
      { category: 'topups', budget_cents: 300000 },
      { category: 'coordination', budget_cents: 100000, spent_cents: 40000 },
    ],
    funders: [
      { name: 'DIAIR', share_bp: 8000 },
      { name: 'Fondation', iati_ref: 'XM-F-1', category: 'coordination', amount_cents: 100000 },
    ],
  };
  assertProblem(await srv.put('/api/v1/programmes/1/budget', { auth: f, json: budget }), 403, 'forbidden');
  const put = await srv.put('/api/v1/programmes/1/budget', { auth: c, json: budget });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.body.lines.map((l) => l.category), ['cards', 'topups', 'coordination']);
  assert.equal(put.body.profile.target_people, 2500);
  // The top-ups' line is the programme's top-up budget.
  const programme = (await srv.get('/api/v1/programmes', { auth: c })).body.items.find((g) => g.id === 1);
  assert.equal(programme.topup_budget_cents, 300000);
  const results = (await srv.get('/api/v1/programmes/1/results', { auth: f })).body;
  assert.equal(results.profile.iati_identifier, 'FR-RNA-W1-CU2020');
  assert.equal(results.budget.funders[0].committed_cents, (2500000 + 300000 + 100000) * 0.8);
  assert.equal(results.budget.funders[1].committed_cents, 100000);
  assert.equal(results.budget.funders[1].spent_cents, 40000);

  const wrong = {
    profile: { target_people: 0, starts_on: '2021-01-01', ends_on: '2020-01-01', iati_identifier: 'XX-OTHER', iati_org_ref: 'FR RNA' },
    lines: [
      { category: 'cards', budget_cents: 1, spent_cents: 5 },
      { category: 'cards', budget_cents: -1 },
      { category: 'yachts', budget_cents: 1 },
    ],
    funders: [
      { name: 'A', share_bp: 6000 },
      { name: 'B', share_bp: 5000 },
      { name: 'C', share_bp: 10, amount_cents: 10 },
      { name: '', amount_cents: 1 },
      { name: 'D', category: 'yachts', amount_cents: 1 },
    ],
  };
  const refused = assertProblem(await srv.put('/api/v1/programmes/1/budget', { auth: c, json: wrong }), 422, 'validation_failed');
  assert.deepEqual(refused.errors.map((e) => [e.field, e.reason]), [
    ['lines.0.spent_cents', 'spent_counted'],
    ['lines.1.category', 'repeated'],
    ['lines.1.budget_cents', 'out_of_range'],
    ['lines.2.category', 'unknown_category'],
    ['funders.1.share_bp', 'shares_over_100'],
    ['funders.2.share_bp', 'share_or_amount'],
    ['funders.3.name', 'required'],
    ['funders.4.category', 'unknown_category'],
    ['target_people', 'out_of_range'],
    ['ends_on', 'dates_reversed'],
    ['iati_org_ref', 'bad_iati_ref'],
  ]);
  for (const e of refused.errors) assert.ok(e.message.length > 0);
  const prefix = { ...budget, profile: { ...budget.profile, iati_identifier: 'XM-OTHER-1' } };
  const p = assertProblem(await srv.put('/api/v1/programmes/1/budget', { auth: c, json: prefix }), 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['iati_identifier', 'iati_identifier_prefix']]);
  // Shapes: unknown fields, wrong types, too many items.
  const shapes = assertProblem(await srv.put('/api/v1/programmes/1/budget', {
    auth: c, json: { extra: 1, lines: 'all', funders: Array.from({ length: 51 }, () => ({ name: 'x', amount_cents: 1 })) },
  }), 422, 'validation_failed');
  assert.deepEqual(shapes.errors.map((e) => [e.field, e.reason]), [['extra', 'unknown_field'], ['lines', 'not_a_list'], ['funders', 'too_many']]);
  const types = assertProblem(await srv.put('/api/v1/programmes/1/budget', {
    auth: c, json: { lines: [{ category: 5, budget_cents: '10' }], funders: [{ name: 'x', share_bp: 1.5 }] },
  }), 422, 'validation_failed');
  assert.deepEqual(types.errors.map((e) => [e.field, e.reason]), [
    ['lines.0.category', 'not_a_string'], ['lines.0.budget_cents', 'not_a_number'], ['funders.0.share_bp', 'not_a_number']]);
  // Nothing was stored by any refusal.
  assert.deepEqual((await srv.get('/api/v1/programmes/1/budget', { auth: f })).body, put.body);
});

test('share links: made by the funder, opened without an account, listed, revoked; hostile tokens and dates', async () => {
  const f = await srv.loginAs('funder');
  const c = await srv.loginAs('coordinator');
  const inAMonth = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  const made = await srv.post(`/api/v1/programmes/${HISTORY}/share-links`, { auth: f, json: { expires_at: inAMonth } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.headers.get('cache-control'), 'no-store');
  assert.equal(made.body.expires_at, `${inAMonth}T23:59:59Z`);
  const token = new URL(made.body.url).pathname.split('/').pop();
  assert.match(new URL(made.body.url).pathname, /^\/shared\/[A-Za-z0-9_-]{32}$/);
  const shared = await srv.get(`/api/v1/shared/${token}/results`);
  assert.equal(shared.status, 200, shared.text);
  assert.equal(shared.headers.get('cache-control'), 'no-store');
  const own = (await srv.get(`/api/v1/programmes/${HISTORY}/results`, { auth: f })).body;
  assert.equal(shared.body.budget.people_connected, own.budget.people_connected);
  assert.deepEqual(shared.body.departments, own.departments);
  const filtered = await srv.get(`/api/v1/shared/${token}/results?structure_type=HUDA`);
  assert.deepEqual(filtered.body.structure_types.map((t) => t.type), ['HUDA']);
  assertProblem(await srv.get(`/api/v1/shared/${token}/results?from=never`), 422, 'validation_failed');
  // The token is not kept: only its hash, and the list never shows it.
  const list = await srv.get(`/api/v1/programmes/${HISTORY}/share-links`, { auth: c });
  assert.equal(list.status, 200);
  assert.equal(list.body.items[0].id, made.body.id);
  assert.ok(!list.text.includes(token));
  // Revoked by the coordinator: the link opens nothing, at once; revoked twice: 404.
  const revoke = await srv.delete(`/api/v1/programmes/${HISTORY}/share-links/${made.body.id}`, { auth: c });
  assert.equal(revoke.status, 204, revoke.text);
  assertProblem(await srv.get(`/api/v1/shared/${token}/results`), 404, 'not_found');
  assertProblem(await srv.delete(`/api/v1/programmes/${HISTORY}/share-links/${made.body.id}`, { auth: c }), 404, 'not_found');
  assertProblem(await srv.delete(`/api/v1/programmes/1/share-links/${made.body.id + 1000}`, { auth: c }), 404, 'not_found');
  // Hostile tokens: unknown, huge, with other characters: the same 404.
  for (const t of ['A'.repeat(32), 'x'.repeat(5000), "'%20OR%201=1", '%00']) {
    assertProblem(await srv.get(`/api/v1/shared/${t}/results`), 404, 'not_found');
  }
  // A path that climbs out of the route is no route at all.
  assertProblem(await srv.get('/api/v1/shared/..%2F..%2Fetc/results'), 404, 'route_not_found');
  // Dates: required, in the future, within a year, well formed; unknown fields refused.
  const bad = async (json) => assertProblem(await srv.post(`/api/v1/programmes/${HISTORY}/share-links`, { auth: f, json }), 422, 'validation_failed').errors.map((e) => e.reason);
  assert.deepEqual(await bad({}), ['required']);
  assert.deepEqual(await bad({ expires_at: '2020-01-01' }), ['expiry_out_of_range']);
  assert.deepEqual(await bad({ expires_at: new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10) }), ['expiry_out_of_range']);
  assert.deepEqual(await bad({ expires_at: 'x'.repeat(10000) }), ['bad_date']);
  assert.deepEqual(await bad({ expires_at: 5 }), ['not_a_string']);
  assert.deepEqual(await bad({ expires_at: inAMonth, programme_id: 1 }), ['unknown_field']);
  assertProblem(await srv.post('/api/v1/programmes/999/share-links', { auth: f, json: { expires_at: inAMonth } }), 404, 'not_found');
  // Writes need the CSRF token like any other.
  const noCsrf = await srv.post(`/api/v1/programmes/${HISTORY}/share-links`, { auth: f, csrf: false, json: { expires_at: inAMonth } });
  assert.equal(noCsrf.status, 403);
});

test('two share links asked at once are both made; one revoked leaves the other working', async () => {
  const f = await srv.loginAs('funder');
  const day = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  const [a, b] = await Promise.all([1, 2].map(() => srv.post(`/api/v1/programmes/${HISTORY}/share-links`, { auth: f, json: { expires_at: day } })));
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.notEqual(a.body.url, b.body.url);
  assert.equal((await srv.delete(`/api/v1/programmes/${HISTORY}/share-links/${a.body.id}`, { auth: f })).status, 204);
  assert.equal((await srv.get(`/api/v1/shared/${new URL(b.body.url).pathname.split('/').pop()}/results`)).status, 200);
});

// Personal fields a funder must never receive, whatever the route.
const PERSONAL = new Set(['pseudonym', 'first_name', 'contact', 'msisdn', 'imsi', 'puk', 'iccid', 'note', 'testimony',
  'resident_id', 'answers', 'comment', 'reason', 'decision_reason']);

function walk(value, where, visit) {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v, `${where}.${k}`);
      walk(v, `${where}.${k}`, visit);
    }
  }
}

test('the funder walks every route it may read: no personal field, no count of people under 5', async () => {
  const f = await srv.loginAs('funder');
  const spec = await fs.readFile(path.join(REPO_ROOT, 'docs/openapi.yaml'), 'utf8');
  // Every documented path with a GET, its {id} the history programme (or 1), other parameters
  // (tokens, codes, ICCIDs) left out: they name what a funder has no way to know.
  const paths = [];
  let current = null;
  for (const line of spec.split('\n')) {
    const p = /^ {2}(\/api\/v1\/[^:]*):\s*$/.exec(line);
    if (p) current = p[1];
    else if (/^ {4}get:\s*$/.test(line) && current) paths.push(current);
    else if (/^\S/.test(line)) current = null;
  }
  assert.ok(paths.length > 40, `${paths.length} GET routes found`);
  const read = [];
  for (const p of paths) {
    if (/\{(?!id\})[^}]+\}/.test(p)) continue;
    const url = p.replace('{id}', p.startsWith('/api/v1/programmes/') ? String(HISTORY) : '1');
    const r = await srv.get(url, { auth: f });
    assert.ok([200, 403, 404].includes(r.status), `${url}: ${r.status} ${r.text.slice(0, 200)}`);
    if (r.status !== 200 || !r.body || typeof r.body !== 'object') continue;
    read.push(url);
    if (url === '/api/v1/reference') continue; // the code lists (languages, needs...)
    walk(r.body, url, (key, value, where) => {
      assert.ok(!PERSONAL.has(key), `${where}: a personal field reached the funder`);
    });
  }
  // The routes that give the funder counts of people: each one disclosed.
  assert.ok(read.includes(`/api/v1/programmes/${HISTORY}/results`), read.join(' '));
  assert.ok(read.includes('/api/v1/stock/summary') && read.includes('/api/v1/requests/summary'), read.join(' '));
  for (const [v, where] of resultCounts((await srv.get(`/api/v1/programmes/1/results`, { auth: f })).body)) assertDisclosed(v, `programme 1 ${where}`);
  const stock = (await srv.get('/api/v1/stock/summary', { auth: f })).body;
  walk(stock, 'stock', (key, value, where) => {
    if (Number.isInteger(value) && !/id$|quantity$/.test(key)) assertDisclosed(value, where);
  });
  const needs = (await srv.get('/api/v1/requests/summary', { auth: f })).body;
  walk(needs, 'needs', (key, value, where) => {
    if (Number.isInteger(value)) assertDisclosed(value, where);
  });
});

test('after a write, the results lag at most --results-max-age behind (the budget never does)', async () => {
  // The demo server keeps a programme's facts up to 60 s after a change: a carrier's new price
  // is not in the shipping spent yet, and as_of says when the facts were read.
  const c = await srv.loginAs('coordinator');
  const before = (await srv.get('/api/v1/programmes/1/results', { auth: c })).body;
  const carrier = (await srv.get('/api/v1/carriers', { auth: c })).body.items.find((x) => x.code === 'COLISSIMO');
  const put = await srv.put('/api/v1/carriers/COLISSIMO', { auth: c, json: { ...carrier, parcel_price_cents: carrier.parcel_price_cents + 100 } });
  assert.equal(put.status, 200, put.text);
  const after = (await srv.get('/api/v1/programmes/1/results', { auth: c })).body;
  assert.equal(after.as_of, before.as_of);
  assert.deepEqual(after.budget, before.budget);
  await srv.put('/api/v1/carriers/COLISSIMO', { auth: c, json: carrier });
  // A server told to keep nothing after a write reads the facts again at once: a batch of two
  // cards received shows in the funnel.
  const fresh = await startServer({ serveArgs: ['--results-max-age', '0'] });
  try {
    const fc = await fresh.loginAs('coordinator');
    const received = async () => (await fresh.get('/api/v1/programmes/1/results', { auth: fc })).body.funnel[0].total;
    const before2 = await received();
    const cards = [0, 1].map((n) => withLuhn(`8933101${String(77_000_000 + n).padStart(11, '0')}`));
    const body = `iccid;msisdn\n${cards[0]};0611110001\n${cards[1]};0611110002\n`;
    const batch = await fresh.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Deux', { auth: fc, body, contentType: 'text/csv' });
    assert.equal(batch.status, 201, batch.text);
    assert.equal(await received(), before2 + 2);
  } finally {
    await fresh.stop();
  }
});

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const shownAs = (v) => (v === null ? '< 5' : v === 'secret' ? 's' : String(v));

test('exports: CSV with its HXL row, XLSX read back by LibreOffice, PDF by pdftotext, IATI by xmllint', async () => {
  const f = await srv.loginAs('funder');
  const json = (await srv.get(`/api/v1/programmes/${HISTORY}/results`, { auth: f })).body;
  const base = `/api/v1/programmes/${HISTORY}`;
  // CSV: a header in French, the HXL hashtags under it, a row per department and the total.
  const csv = await srv.get(`${base}/results.csv`, { auth: f });
  assert.equal(csv.status, 200, csv.text);
  assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="resultats-CS-2026.csv"');
  assert.equal(csv.headers.get('cache-control'), 'no-store');
  const rows = parseCsv(csv.text);
  assert.deepEqual(rows[1], ['#activity+code', '#adm1+code', '#adm1+name', '#indicator+num+structures',
    '#indicator+num+places', '#reached+ind', '#indicator+num+per100places', '#org+impl', '#org+funding',
    '#targeted+ind', '#date+reported']);
  assert.equal(rows[0][5], 'Personnes connectées');
  const data = rows.slice(2).filter((r) => r[0] === 'CS-2026' && r[1] !== '');
  assert.deepEqual(data.map((r) => [r[1], r[2], Number(r[3]), Number(r[4]), r[5]]),
    json.departments.map((d) => [d.code, d.name, d.structures, d.places, shownAs(d.connected)]));
  const total = rows.find((r) => r[0] === 'CS-2026' && r[1] === '');
  assert.equal(total[5], shownAs(json.departments_total.connected));
  assert.equal(total[9], '3000');
  assert.equal(total[10], json.as_of.slice(0, 10));
  const english = parseCsv((await srv.get(`${base}/results.csv?lang=en`, { auth: f })).text);
  assert.equal(english[0][5], 'People connected');
  // A filter applies to the files as to the page.
  const one = json.departments[0].code;
  const filtered = parseCsv((await srv.get(`${base}/results.csv?department=${one}`, { auth: f })).text);
  assert.deepEqual(filtered.slice(2).filter((r) => r[0] === 'CS-2026' && r[1] !== '').map((r) => r[1]), [one]);

  const dir = await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'relais-exports-'));
  try {
    // XLSX: every sheet, the departments' as in the JSON.
    const xlsx = await fetch(srv.baseUrl + `${base}/results.xlsx?lang=fr`, { headers: { cookie: f.cookie } });
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await fs.writeFile(path.join(dir, 'r.xlsx'), Buffer.from(await xlsx.arrayBuffer()));
    const lo = await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, path.join(dir, 'r.xlsx')],
    { timeoutMs: 120000 });
    assert.equal(lo.code, 0, lo.stderr);
    const sheets = (await fs.readdir(dir)).filter((n) => n.startsWith('r-') && n.endsWith('.csv')).map((n) => n.slice(2, -4)).sort();
    assert.deepEqual(sheets, ['Budget', 'Départements', 'Délais', 'Entonnoir', 'Financeurs', 'Langues', 'Satisfaction',
      'Synthèse', 'Tailles de foyer', 'Types de structure', 'Témoignages', 'Usages'].sort());
    const sheet = parseCsv(await fs.readFile(path.join(dir, 'r-Départements.csv'), 'utf8'));
    assert.deepEqual(sheet.slice(1, 1 + json.departments.length).map((r) => [r[0], r[4]]),
      json.departments.map((d) => [d.code, shownAs(d.connected)]));
    // PDF, French and English: the title, a department, the legend; its pages.
    for (const [lang, title] of [['fr', 'Résultats'], ['en', 'Results']]) {
      const pdf = await fetch(srv.baseUrl + `${base}/results.pdf?lang=${lang}`, { headers: { cookie: f.cookie } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const file = path.join(dir, `r-${lang}.pdf`);
      await fs.writeFile(file, Buffer.from(await pdf.arrayBuffer()));
      const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
      assert.ok(text.includes('Connexion solidaire 2026'));
      assert.ok(text.includes(title));
      assert.ok(text.includes(json.departments.find((d) => d.places > 300)?.name ?? json.departments[0].name));
      const info = (await run('pdfinfo', [file])).stdout;
      assert.ok(Number(/Pages:\s+(\d+)/.exec(info)[1]) >= 2);
    }
    // IATI: well formed, the identifier, funders as funding organisations, the sectors.
    const iati = await srv.get(`${base}/iati.xml`, { auth: f });
    assert.equal(iati.status, 200);
    assert.equal(iati.headers.get('content-type'), 'application/xml; charset=utf-8');
    await fs.writeFile(path.join(dir, 'iati.xml'), iati.text);
    assert.equal((await run('xmllint', ['--noout', path.join(dir, 'iati.xml')])).code, 0);
    const xpath = async (expr) => (await run('xmllint', ['--xpath', expr, path.join(dir, 'iati.xml')])).stdout.trim();
    assert.equal(await xpath('string(//iati-activity/iati-identifier)'), 'FR-RNA-W751234567-CS2026');
    assert.equal(await xpath('count(//participating-org[@role="1"])'), '2');
    assert.equal(await xpath('string(//sector[@vocabulary="2"][1]/@code)'), '220');
    assert.equal(await xpath('string(//sector[@vocabulary="2"][2]/@code)'), '930');
    assert.equal(await xpath('count(//transaction/transaction-type[@code="11"])'), '2');
    assert.equal(await xpath('string(//result//actual/@value)'), String(json.budget.people_connected));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  // Who may not, and a language Relais does not write.
  assertProblem(await srv.get(`${base}/results.pdf`, { auth: await srv.loginAs('structure') }), 403, 'forbidden');
  assertProblem(await srv.get(`${base}/results.pdf?lang=de`, { auth: f }), 400, 'bad_parameter');
  assertProblem(await srv.get(`${base}/results.csv?from=yesterday`, { auth: f }), 422, 'validation_failed');
});

test('share links: at most 50 open per programme (409 beyond); a token never reaches the access log', async () => {
  const c = await srv.loginAs('coordinator');
  const day = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  const open = (await srv.get('/api/v1/programmes/1/share-links', { auth: c })).body.items
    .filter((l) => !l.revoked_at && l.expires_at > new Date().toISOString()).length;
  let last = null;
  for (let i = open; i < 50; i++) {
    last = await srv.post('/api/v1/programmes/1/share-links', { auth: c, json: { expires_at: day } });
    assert.equal(last.status, 201, last.text);
  }
  const refused = assertProblem(await srv.post('/api/v1/programmes/1/share-links', { auth: c, json: { expires_at: day } }), 409, 'too_many_share_links');
  assert.match(refused.detail, /50/);
  // One revoked, one more may be made.
  assert.equal((await srv.delete(`/api/v1/programmes/1/share-links/${last.body.id}`, { auth: c })).status, 204);
  const again = await srv.post('/api/v1/programmes/1/share-links', { auth: c, json: { expires_at: day } });
  assert.equal(again.status, 201, again.text);
  const token = new URL(again.body.url).pathname.split('/').pop();
  assert.equal((await srv.get(`/api/v1/shared/${token}/results`)).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the access log is flushed every second
  const log = (await srv.ready).getLog();
  assert.match(log, /GET \/api\/v1\/shared\/…\/results 200/);
  assert.ok(!log.includes(token), 'the share token was written to the access log');
});

test('two budgets saved at once: both answered, the one stored is one of them whole, never a mix', async () => {
  const c = await srv.loginAs('coordinator');
  const one = { lines: [{ category: 'cards', budget_cents: 100 }, { category: 'topups', budget_cents: 200000 }], funders: [{ name: 'Un', share_bp: 10000 }] };
  const two = { lines: [{ category: 'training', budget_cents: 300, spent_cents: 10 }, { category: 'topups', budget_cents: 200000 }], funders: [{ name: 'Deux', amount_cents: 50 }, { name: 'Trois', amount_cents: 60 }] };
  const [a, b] = await Promise.all([one, two].map((json) => srv.put('/api/v1/programmes/1/budget', { auth: c, json })));
  assert.equal(a.status, 200, a.text);
  assert.equal(b.status, 200, b.text);
  const stored = (await srv.get('/api/v1/programmes/1/budget', { auth: c })).body;
  const shape = (x) => [x.lines.map((l) => l.category).sort(), x.funders.map((f) => f.name)];
  assert.ok([JSON.stringify(shape(one)), JSON.stringify(shape(two))].includes(JSON.stringify(shape(stored))),
    `a mix was stored: ${JSON.stringify(stored)}`);
});
