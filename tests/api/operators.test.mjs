// A second operator: created with a known code it gets its numbering; its plans; its batches
// are checked against its own ICCID prefix and network codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, withLuhn } from './server.mjs';

const srv = useServer();


const plan = {
  operator: 'ORANGE', code: 'ORA-SOLIDAIRE', name: 'Solidaire 20 Go', data_gb: 20, validity_days: 30,
  calls_sms_included: true, unit_cost_cents: 500, rechargeable: false,
};

test('the coordinator adds Orange, a plan, and a batch checked against Orange numbering', async () => {
  const coordinator = await srv.loginAs('coordinator');
  const org = await srv.post('/api/v1/organisations', { auth: coordinator, json: { kind: 'operator', name: 'Orange', code: 'ORANGE' } });
  assert.equal(org.status, 201, org.text);

  const created = await srv.post('/api/v1/plans', { auth: coordinator, json: plan });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual({ ...created.body, id: 0, operator_id: 0 }, {
    id: 0, operator_id: 0, code: 'ORA-SOLIDAIRE', name: 'Solidaire 20 Go', data_gb: 20, validity_days: 30,
    calls_sms_included: true, unit_cost_cents: 500, rechargeable: false,
  });
  assertProblem(await srv.post('/api/v1/plans', { auth: coordinator, json: plan }), 422, 'validation_failed');

  const orange = withLuhn('893301000000000777');
  const sfr = withLuhn('893310000000000777');
  const body = `iccid,msisdn,imsi\n${orange},0749000001,208011234567890\n${sfr},0749000002,208101234567890\n`;
  const refused = await srv.post('/api/v1/sim-batches?operator=ORANGE&plan=ORA-SOLIDAIRE&reference=o1',
    { auth: coordinator, body, contentType: 'text/csv' });
  assert.deepEqual(assertProblem(refused, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.reason]),
    [[3, 'iccid', 'wrong_operator'], [3, 'imsi', 'imsi_wrong_network']]);

  const good = `iccid,msisdn,imsi\n${orange},0749000001,208011234567890\n`;
  const r = await srv.post('/api/v1/sim-batches?operator=ORANGE&plan=ORA-SOLIDAIRE&reference=o1',
    { auth: coordinator, body: good, contentType: 'text/csv' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.body.operator, r.body.plan, r.body.quantity], ['ORANGE', 'ORA-SOLIDAIRE', 1]);
});

test("an operator creates plans for itself only; bad plan fields are all named", async () => {
  const operator = await srv.loginAs('operator');
  assertProblem(await srv.post('/api/v1/plans', { auth: operator, json: { ...plan, code: 'X' } }), 403, 'forbidden');
  const bad = await srv.post('/api/v1/plans', {
    auth: operator,
    json: { operator: 'SFR', code: 'bad code', name: '', data_gb: -1, validity_days: 'thirty', rechargeable: 'yes' },
  });
  assert.deepEqual(assertProblem(bad, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['validity_days', 'not_a_number'], ['rechargeable', 'not_a_boolean']]);
  const bad2 = await srv.post('/api/v1/plans', {
    auth: operator, json: { operator: 'SFR', code: 'bad code', name: '', data_gb: -1, validity_days: 0 },
  });
  assert.deepEqual(assertProblem(bad2, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]), [
    ['code', 'bad_code'], ['name', 'required'], ['data_gb', 'out_of_range'], ['validity_days', 'out_of_range'],
    ['unit_cost_cents', 'required'], ['calls_sms_included', 'required'], ['rechargeable', 'required'],
  ]);
  const ok = await srv.post('/api/v1/plans', { auth: operator, json: { ...plan, operator: 'SFR', code: 'SFR-2021' } });
  assert.equal(ok.status, 201, ok.text);
  const structure = await srv.loginAs('structure');
  assertProblem(await srv.post('/api/v1/plans', { auth: structure, json: plan }), 403, 'forbidden');
});

test('an operator Relais does not know gets its numbering from the coordinator, then imports', async () => {
  const coordinator = await srv.loginAs('coordinator');
  const org = await srv.post('/api/v1/organisations', { auth: coordinator, json: { kind: 'operator', name: 'Mobile Solidaire', code: 'MOBSOL' } });
  assert.equal(org.status, 201, org.text);
  const empty = await srv.get('/api/v1/operators/MOBSOL/numbering', { auth: coordinator });
  assert.deepEqual(empty.body, { iccid_prefixes: [], mobile_network_codes: [], apn: null });

  const bad = await srv.put('/api/v1/operators/MOBSOL/numbering', { auth: coordinator, json: { iccid_prefixes: ['123456', 7], mobile_network_codes: 'x' } });
  assert.deepEqual(assertProblem(bad, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['iccid_prefixes', 'not_a_string'], ['mobile_network_codes', 'not_a_list']]);
  const bad2 = await srv.put('/api/v1/operators/MOBSOL/numbering', { auth: coordinator, json: { iccid_prefixes: ['123456'], mobile_network_codes: ['1'] } });
  assert.deepEqual(assertProblem(bad2, 422, 'validation_failed').errors.map((e) => [e.field, e.value, e.reason]),
    [['iccid_prefixes', '123456', 'bad_iccid_prefix'], ['mobile_network_codes', '1', 'bad_mnc']]);
  const operator = await srv.loginAs('operator');
  assertProblem(await srv.put('/api/v1/operators/SFR/numbering', { auth: operator, json: { iccid_prefixes: ['893310'], mobile_network_codes: ['10'] } }), 403, 'forbidden');
  assertProblem(await srv.get('/api/v1/operators/MOBSOL/numbering', { auth: operator }), 403, 'forbidden');
  assert.deepEqual((await srv.get('/api/v1/operators/SFR/numbering', { auth: operator })).body,
    { iccid_prefixes: ['893310'], mobile_network_codes: ['09', '10', '11', '13'], apn: 'sl2sfr' });

  const badApn = await srv.put('/api/v1/operators/MOBSOL/numbering', { auth: coordinator,
    json: { iccid_prefixes: Array(21).fill('893340'), mobile_network_codes: ['26'], apn: 'web mobsol' } });
  assert.deepEqual(assertProblem(badApn, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['iccid_prefixes', 'too_many'], ['apn', 'bad_apn']]);
  const badApn2 = await srv.put('/api/v1/operators/MOBSOL/numbering', { auth: coordinator,
    json: { iccid_prefixes: ['8933400'], mobile_network_codes: ['26'], apn: 'web mobsol', ki: 'x' } });
  assert.deepEqual(assertProblem(badApn2, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['ki', 'unknown_field']]);
  const badApn3 = await srv.put('/api/v1/operators/MOBSOL/numbering', { auth: coordinator,
    json: { iccid_prefixes: ['8933400'], mobile_network_codes: ['26'], apn: 'web mobsol' } });
  assert.deepEqual(assertProblem(badApn3, 422, 'validation_failed').errors.map((e) => [e.field, e.value, e.reason]),
    [['apn', 'web mobsol', 'bad_apn']]);
  const set = await srv.put('/api/v1/operators/MOBSOL/numbering', { auth: coordinator,
    json: { iccid_prefixes: ['8933400'], mobile_network_codes: ['26'], apn: 'web.mobsol.fr' } });
  assert.equal(set.status, 200, set.text);
  assert.deepEqual(set.body, { iccid_prefixes: ['8933400'], mobile_network_codes: ['26'], apn: 'web.mobsol.fr' });
  const planned = await srv.post('/api/v1/plans', { auth: coordinator, json: { ...plan, operator: 'MOBSOL', code: 'MS-1' } });
  assert.equal(planned.status, 201, planned.text);
  const iccid = withLuhn('893340012345678901');
  const r = await srv.post('/api/v1/sim-batches?operator=MOBSOL&plan=MS-1&reference=ms',
    { auth: coordinator, body: `iccid,msisdn,imsi\n${iccid},0749000077,208261234567890\n`, contentType: 'text/csv' });
  assert.equal(r.status, 201, r.text);
});
