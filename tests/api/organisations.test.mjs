// Creating and updating organisations; validation errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, } from './server.mjs';

const srv = useServer();
let coordinator;
let liaison;
let structureUser;

before(async () => {
  coordinator = await srv.loginAs('coordinator');
  liaison = await srv.loginAs('liaison');
  structureUser = await srv.loginAs('structure');
});

async function total() {
  return (await srv.get('/api/v1/organisations?limit=1', { auth: coordinator })).body.total;
}

const validStructure = (name) => ({
  kind: 'structure',
  name,
  structure_type: 'CADA',
  capacity: 40,
  address: '12 rue des Lilas',
  postcode: '69003',
  commune: 'Lyon',
  department: '69',
});

const sortedErrors = (errors) => [...errors].sort((a, b) => a.field.localeCompare(b.field));

test('coordinator creates a valid structure → 201 Organisation + Location, readable afterwards', async () => {
  const before = await total();
  const r = await srv.post('/api/v1/organisations', { auth: coordinator, json: validStructure('CADA Les Lilas') });
  assert.equal(r.status, 201);
  const o = r.body;
  assert.equal(typeof o.id, 'number');
  assert.equal(r.headers.get('location'), `/api/v1/organisations/${o.id}`);
  assert.deepEqual(
    { ...o, id: undefined, created_at: undefined, updated_at: undefined },
    { ...validStructure('CADA Les Lilas'), id: undefined, code: null, created_at: undefined, updated_at: undefined },
  );
  assert.match(o.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(o.updated_at, o.created_at);
  assert.equal(await total(), before + 1);

  const got = await srv.get(r.headers.get('location'), { auth: coordinator });
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, o);
});

test('coordinator creates an operator with a code and no address fields → 201', async () => {
  const r = await srv.post('/api/v1/organisations', {
    auth: coordinator,
    json: { kind: 'operator', name: 'Opérateur Test', code: 'OPT' },
  });
  assert.equal(r.status, 201);
  assert.equal(r.body.kind, 'operator');
  assert.equal(r.body.code, 'OPT');
  assert.equal(r.body.structure_type, null);
  assert.equal(r.body.capacity, null);
  assert.equal(r.body.department, null);
});

test('invalid structure → 422 validation_failed naming department, capacity and commune; nothing created', async () => {
  const before = await total();
  const body = { ...validStructure('CADA Invalide'), department: '20', capacity: 'x' };
  delete body.commune;
  const r = await srv.post('/api/v1/organisations', { auth: coordinator, json: body });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.equal(r.headers.get('content-language'), 'fr');
  assert.deepEqual(sortedErrors(p.errors), [
    { field: 'capacity', value: 'x', reason: 'not_a_number', message: 'Un nombre entier est attendu.' },
    { field: 'commune', value: '', reason: 'required', message: 'Ce champ est obligatoire.' },
    { field: 'department', value: '20', reason: 'unknown_department', message: 'Code de département INSEE inconnu.' },
  ]);
  assert.equal(await total(), before);
});

test('validation messages are in English with Accept-Language: en', async () => {
  const body = { ...validStructure('CADA Invalid'), department: '20', capacity: 'x' };
  delete body.commune;
  const r = await srv.post('/api/v1/organisations', { auth: coordinator, json: body, lang: 'en' });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.equal(r.headers.get('content-language'), 'en');
  assert.deepEqual(sortedErrors(p.errors), [
    { field: 'capacity', value: 'x', reason: 'not_a_number', message: 'A whole number is expected.' },
    { field: 'commune', value: '', reason: 'required', message: 'This field is required.' },
    { field: 'department', value: '20', reason: 'unknown_department', message: 'Unknown INSEE department code.' },
  ]);
});

test('validation_failed detail counts the invalid fields',
  async () => {
    const body = { ...validStructure('CADA Count'), department: '20', capacity: 'x' };
    delete body.commune;
    const fr = await srv.post('/api/v1/organisations', { auth: coordinator, json: body });
    assert.equal(assertProblem(fr, 422, 'validation_failed').errors.length, 3);
    assert.equal(fr.body.detail, '3 champs invalides.');
    const en = await srv.post('/api/v1/organisations', { auth: coordinator, json: body, lang: 'en' });
    assert.equal(en.body.detail, '3 invalid fields.');
  });

test('each validation reason of the contract', async () => {
  const cases = [
    [{ kind: 'martian', name: 'M' }, 'kind', 'martian', 'unknown_kind'],
    [{ kind: 'funder' }, 'name', '', 'required'],
    [{ kind: 'funder', name: 'N'.repeat(201) }, 'name', 'N'.repeat(201), 'too_long'],
    [{ ...validStructure('S1'), structure_type: 'XYZ' }, 'structure_type', 'XYZ', 'unknown_structure_type'],
    [{ ...validStructure('S2'), capacity: 0 }, 'capacity', '0', 'out_of_range'],
    [{ ...validStructure('S3'), capacity: 100001 }, 'capacity', '100001', 'out_of_range'],
    [{ ...validStructure('S4'), postcode: '6900' }, 'postcode', '6900', 'bad_postcode'],
    [{ ...validStructure('S5'), postcode: '2A004' }, 'postcode', '2A004', 'bad_postcode'],
    [{ kind: 'funder', name: 'F dept', department: '96' }, 'department', '96', 'unknown_department'],
  ];
  const before = await total();
  for (const [body, field, value, reason] of cases) {
    const r = await srv.post('/api/v1/organisations', { auth: coordinator, json: body });
    const p = assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => [e.field, e.value, e.reason]), [[field, value, reason]],
      `${JSON.stringify(body).slice(0, 80)} → ${r.text.slice(0, 300)}`);
    assert.equal(typeof p.errors[0].message, 'string');
  }
  assert.equal(await total(), before);
});

test('capacity bounds 1 and 100000 are accepted; Corsican and overseas departments are accepted', async () => {
  for (const [name, capacity, department, postcode] of [
    ['CAES Borne Basse', 1, '2A', '20000'],
    ['CAES Borne Haute', 100000, '2B', '20200'],
    ['HUDA Mayotte Test', 25, '976', '97600'],
  ]) {
    const r = await srv.post('/api/v1/organisations', {
      auth: coordinator,
      json: { ...validStructure(name), structure_type: 'CAES', capacity, department, postcode },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.capacity, capacity);
    assert.equal(r.body.department, department);
  }
});

test('the same name in the same commune → 422 validation_failed (name_taken)', async () => {
  assert.equal((await srv.post('/api/v1/organisations', { auth: coordinator, json: validStructure('CADA Doublon') }))
    .status, 201);
  const r = await srv.post('/api/v1/organisations', { auth: coordinator, json: validStructure('CADA Doublon') });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['name', 'name_taken']]);
});

test('liaison creates a structure → 201 but an operator → 403 forbidden', async () => {
  const ok = await srv.post('/api/v1/organisations', { auth: liaison, json: validStructure('PRAHDA Liaison') });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.kind, 'structure');

  const before = await total();
  const r = await srv.post('/api/v1/organisations', {
    auth: liaison,
    json: { kind: 'operator', name: 'Orange', code: 'ORA' },
  });
  assertProblem(r, 403, 'forbidden');
  for (const kind of ['coordinator', 'funder', 'logistics', 'liaison', 'association']) {
    assertProblem(await srv.post('/api/v1/organisations', { auth: liaison, json: { kind, name: `Liaison ${kind}` } }),
      403, 'forbidden');
  }
  assert.equal(await total(), before);
});

test('PATCH updates the capacity only → 200, updated_at moves, other fields kept', async () => {
  const created = (await srv.post('/api/v1/organisations', { auth: coordinator, json: validStructure('CPH Patch') }))
    .body;
  await new Promise((r) => setTimeout(r, 1100)); // timestamps have one-second resolution
  const r = await srv.patch(`/api/v1/organisations/${created.id}`, { auth: coordinator, json: { capacity: 77 } });
  assert.equal(r.status, 200);
  assert.equal(r.body.capacity, 77);
  assert.deepEqual({ ...r.body, capacity: 40, updated_at: created.updated_at }, created);
  assert.ok(r.body.updated_at > created.updated_at, `${r.body.updated_at} > ${created.updated_at}`);
  const got = await srv.get(`/api/v1/organisations/${created.id}`, { auth: coordinator });
  assert.equal(got.body.capacity, 77);
});

test('liaison PATCHes a structure → 200, but not the funder → 403 forbidden', async () => {
  const s = (await srv.post('/api/v1/organisations', { auth: coordinator, json: validStructure('CADA Liaison Patch') }))
    .body;
  const r = await srv.patch(`/api/v1/organisations/${s.id}`, { auth: liaison, json: { capacity: 12 } });
  assert.equal(r.status, 200);
  assert.equal(r.body.capacity, 12);
  const funder = (await srv.get('/api/v1/organisations?kind=funder', { auth: coordinator })).body.items[0];
  assertProblem(await srv.patch(`/api/v1/organisations/${funder.id}`, { auth: liaison, json: { name: 'X' } }), 403,
    'forbidden');
});

test('PATCH by a structure user, even of its own organisation → 403 forbidden, unchanged', async () => {
  const id = structureUser.user.organisation_id;
  const before = (await srv.get(`/api/v1/organisations/${id}`, { auth: coordinator })).body;
  assertProblem(await srv.patch(`/api/v1/organisations/${id}`, { auth: structureUser, json: { capacity: 5 } }), 403,
    'forbidden');
  const after = (await srv.get(`/api/v1/organisations/${id}`, { auth: coordinator })).body;
  assert.deepEqual(after, before);
});

test('PATCH with invalid values → 422 validation_failed, unchanged; unknown id → 404 not_found', async () => {
  const s = (await srv.post('/api/v1/organisations', { auth: coordinator, json: validStructure('CADA Patch Bad') }))
    .body;
  const r = await srv.patch(`/api/v1/organisations/${s.id}`, {
    auth: coordinator,
    json: { capacity: 0, postcode: '123', department: '20' },
  });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(sortedErrors(p.errors).map((e) => [e.field, e.value, e.reason]), [
    ['capacity', '0', 'out_of_range'],
    ['department', '20', 'unknown_department'],
    ['postcode', '123', 'bad_postcode'],
  ]);
  const removed = await srv.patch(`/api/v1/organisations/${s.id}`, { auth: coordinator, json: { commune: null } });
  assert.deepEqual(assertProblem(removed, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['commune', 'required']]);
  assert.deepEqual((await srv.get(`/api/v1/organisations/${s.id}`, { auth: coordinator })).body, s);

  assertProblem(await srv.patch('/api/v1/organisations/999999', { auth: coordinator, json: { capacity: 3 } }), 404,
    'not_found');
});

test('capacity 12.5 or true → 422 with reason not_a_number',
  async () => {
    for (const capacity of [12.5, true]) {
      const r = await srv.post('/api/v1/organisations', {
        auth: coordinator,
        json: { ...validStructure(`CADA Capacité ${capacity}`), capacity },
      });
      const p = assertProblem(r, 422, 'validation_failed');
      assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['capacity', 'not_a_number']], r.text);
    }
  });

test('capacity as a digit string is accepted like a number; "12.0", "+12", "1e3" → not_a_number', async () => {
  const ok = await srv.post('/api/v1/organisations', {
    auth: coordinator,
    json: { ...validStructure('CADA Capacité Texte'), capacity: '12' },
  });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.capacity, 12);
  for (const capacity of ['12.0', '+12', '1e3', '12abc']) {
    const r = await srv.post('/api/v1/organisations', {
      auth: coordinator,
      json: { ...validStructure(`CADA Capacité ${capacity}`), capacity },
    });
    const p = assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => [e.field, e.value, e.reason]), [['capacity', capacity, 'not_a_number']]);
  }
});

test('a duplicate operator code → 422 validation_failed on field code',
  async () => {
    const before = await total();
    const r = await srv.post('/api/v1/organisations', {
      auth: coordinator,
      json: { kind: 'operator', name: 'SFR bis', code: 'SFR' },
    });
    const p = assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => e.field), ['code']);
    assert.doesNotMatch(r.text, /UNIQUE constraint/);
    assert.equal(await total(), before);
  });
