// Operator exchange: activation requests out, status reports in (CSV from a file, JSON pushed
// by the operator's integration with an API token).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, withLuhn, demoCard as demoCardOf } from './server.mjs';

const srv = useServer();

// The k-th of the demo's last 40 cards, which went to a structure: 0-27 active (but 24 and 25,
// blocked after a theft and a loss, 26 defective, 27 lost), 28-29 suspended, 30-33 handed over,
// 34-38 at the structure, 39 lost. Cards below 2458 are in stock.
const demoCard = (k) => demoCardOf(2460 + k);

async function summary(auth) {
  const r = await srv.get('/api/v1/stock/summary', { auth });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const report = (rows) => 'iccid;status;date;data_used_mb\n' + rows.map((r) => r.join(';')).join('\n') + '\n';

test('activation requests: the operator gets a CSV of the cards handed over to residents', async () => {
  const operator = await srv.loginAs('operator');
  const r = await srv.get('/api/v1/activation-requests?operator=SFR', { auth: operator });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  const lines = r.text.trim().split('\n');
  assert.equal(lines[0], 'iccid,msisdn,imsi,plan,handed_over_at');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), [30, 31, 32, 33].map(demoCard));
  assert.deepEqual(lines[1].split(',').slice(1, 4), ['+33610017430', '208100004402490', 'CU-2020']);
  const structure = await srv.loginAs('structure');
  assertProblem(await srv.get('/api/v1/activation-requests?operator=SFR', { auth: structure }), 403, 'forbidden');
  const coordinator = await srv.loginAs('coordinator');
  assertProblem(await srv.get('/api/v1/activation-requests?operator=NOPE', { auth: coordinator }),
    422, 'validation_failed');
});

test('a status report moves the cards; sent again it changes nothing', async () => {
  const operator = await srv.loginAs('operator');
  const before = await summary(operator);
  assert.deepEqual([before.by_state.active, before.by_state.suspended, before.by_state.handed_over,
    before.by_state.terminated], [26, 2, 4, 2]);
  const body = report([
    [demoCard(30), 'activated', '2020-04-21', '0'],
    [demoCard(31) + 'F', 'activated', '2020-04-21T10:00:00Z', ''],
    [demoCard(0), 'suspended', '2020-06-02', '3072'],
    [demoCard(1), 'terminated', '2020-07-01', '5120'],
    [demoCard(28), 'activated', '2020-06-10', '100'],
  ]);
  const r = await srv.post('/api/v1/status-reports?operator=SFR', { auth: operator, body, contentType: 'text/csv' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { applied: 5, unchanged: 0 });
  const after = await summary(operator);
  assert.deepEqual([after.by_state.active, after.by_state.suspended, after.by_state.handed_over,
    after.by_state.terminated], [27, 2, 2, 3]);
  assert.equal(after.reconciled, true);

  const coordinator = await srv.loginAs('coordinator');
  const card = await srv.get(`/api/v1/sims/${demoCard(0)}`, { auth: coordinator });
  assert.equal(card.body.state, 'suspended');
  assert.equal(card.body.data_used_mb, 3072);
  assert.equal(card.body.reported_at, '2020-06-02');
  const last = card.body.timeline.at(-1);
  assert.deepEqual([last.transition, last.from, last.to, last.actor, last.reason],
    ['suspend', 'active', 'suspended', 'operator@demo.relais', '2020-06-02']);
  const reactivated = await srv.get(`/api/v1/sims/${demoCard(28)}`, { auth: coordinator });
  assert.equal(reactivated.body.timeline.at(-1).transition, 'reactivate');

  const again = await srv.post('/api/v1/status-reports?operator=SFR', { auth: operator, body, contentType: 'text/csv' });
  assert.deepEqual(again.body, { applied: 0, unchanged: 5 });
  assert.deepEqual((await summary(operator)).by_state, after.by_state);
});

test('a report with bad lines is refused whole, every bad line named', async () => {
  const operator = await srv.loginAs('operator');
  const before = await summary(operator);
  const unknown = withLuhn('893310999999999999');
  const body = report([
    [demoCard(32), 'activated', '2020-04-21', '0'],        // fine, but not applied
    [unknown, 'activated', '2020-04-21', '0'],             // not a card of Relais
    [demoCard(-100), 'activated', '2020-04-21', '0'],      // still in stock
    [demoCard(2), 'sold', '2020-13-40', 'lots'],           // bad status, date, data
  ]);
  const r = await srv.post('/api/v1/status-reports?operator=SFR', { auth: operator, body, contentType: 'text/csv' });
  const p = assertProblem(r, 422, 'import_failed');
  assert.deepEqual(p.errors.map((e) => [e.line, e.column, e.value, e.reason]), [
    [3, 'iccid', unknown, 'iccid_unknown'],
    [4, 'status', 'activated', 'illegal_transition'],
    [5, 'status', 'sold', 'unknown_status'],
    [5, 'date', '2020-13-40', 'bad_date'],
    [5, 'data_used_mb', 'lots', 'not_a_number'],
  ]);
  assert.equal(p.errors[1].message, 'Impossible pour une carte en stock.');
  assert.deepEqual((await summary(operator)).by_state, before.by_state);
});

test("the operator's integration pushes JSON with its API token, without CSRF", async () => {
  const token = (await srv.cli(['token', 'add', '--email', 'operator@demo.relais',
    '--name', 'status feed'])).stdout.trim();
  const auth = { token };
  const r = await srv.post('/api/v1/status-reports?operator=SFR', {
    auth,
    json: { reports: [{ iccid: demoCard(33), status: 'activated', date: '2020-04-22', data_used_mb: 12 }] },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { applied: 1, unchanged: 0 });
  const bare = await srv.post('/api/v1/status-reports?operator=SFR', {
    auth, json: [{ iccid: demoCard(33), status: 'activated', date: '2020-04-22' }],
  });
  assert.deepEqual(bare.body, { applied: 0, unchanged: 1 });
  const bad = await srv.post('/api/v1/status-reports?operator=SFR', { auth, json: [{ iccid: '1', status: 'activated', date: '2020-04-22' }, 5] });
  assert.deepEqual(assertProblem(bad, 422, 'import_failed').errors.map((e) => [e.line, e.reason]),
    [[1, 'iccid_bad_length'], [2, 'json_object_expected_item']]);
  assertProblem(await srv.post('/api/v1/status-reports?operator=SFR', { auth, json: { nope: 1 } }),
    400, 'json_reports_expected');
  const structure = await srv.loginAs('structure');
  assertProblem(await srv.post('/api/v1/status-reports?operator=SFR',
    { auth: structure, json: [] }), 403, 'forbidden');
});

test('a report naming a card twice is refused: the second line would move it from a stale state', async () => {
  const operator = await srv.loginAs('operator');
  const before = await summary(operator);
  const body = report([
    [demoCard(32), 'activated', '2020-04-21', '0'],
    [demoCard(32), 'suspended', '2020-04-22', '0'],
  ]);
  const r = await srv.post('/api/v1/status-reports?operator=SFR', { auth: operator, body, contentType: 'text/csv' });
  assert.deepEqual(assertProblem(r, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.reason]),
    [[3, 'iccid', 'iccid_in_report']]);
  const verified = (await srv.get('/api/v1/stock/summary?verify=true', { auth: operator })).body;
  assert.deepEqual(verified.by_state, before.by_state);
  assert.equal(verified.reconciled, true, 'every counter matches the cards');
});
