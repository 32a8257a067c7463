// What each role sees (demo: 5 partner organisations, 120 structures, 10 associations = 135).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem } from './server.mjs';

const srv = useServer();

const DEMO_KINDS = {
  coordinator: 1, funder: 1, operator: 1, logistics: 1, liaison: 1, structure: 120, association: 10,
};

const sessions = {};
let all; // every organisation, as the coordinator sees it

before(async () => {
  for (const role of Object.keys(DEMO_KINDS)) sessions[role] = await srv.loginAs(role);
  all = (await srv.listAll('/api/v1/organisations', sessions.coordinator)).items;
});

function countKinds(items) {
  const counts = {};
  for (const o of items) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

test('coordinator sees every organisation: total 135 = 5 partners + 120 structures + 10 associations', async () => {
  const r = await srv.get('/api/v1/organisations?limit=1', { auth: sessions.coordinator });
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 135);
  assert.equal(all.length, 135);
  assert.deepEqual(countKinds(all), DEMO_KINDS);
  assert.equal(new Set(all.map((o) => o.id)).size, 135);
});

test('liaison sees every organisation too: total 135', async () => {
  const r = await srv.get('/api/v1/organisations?limit=1', { auth: sessions.liaison });
  assert.equal(r.body.total, 135);
});

for (const role of ['operator', 'logistics', 'association']) {
  test(`${role} sees its own organisation plus the 120 structures: total 121`, async () => {
    const s = sessions[role];
    const r = await srv.get('/api/v1/organisations?limit=1', { auth: s });
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 121);
    const items = (await srv.listAll('/api/v1/organisations', s)).items;
    assert.equal(items.length, 121);
    const others = items.filter((o) => o.kind !== 'structure');
    assert.deepEqual(others.map((o) => o.id), [s.user.organisation_id]);
    assert.equal(others[0].kind, role);
    assert.equal(items.filter((o) => o.kind === 'structure').length, 120);
  });
}

for (const role of ['structure', 'funder']) {
  test(`${role} sees only its own organisation: total 1`, async () => {
    const s = sessions[role];
    const r = await srv.get('/api/v1/organisations', { auth: s });
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 1);
    assert.equal(r.body.items.length, 1);
    assert.equal(r.body.next_cursor, null);
    assert.equal(r.body.items[0].id, s.user.organisation_id);
    assert.equal(r.body.items[0].kind, role);
  });
}

test('structure user: GET of its own organisation → 200, of another structure → 404 not_found', async () => {
  const s = sessions.structure;
  const own = await srv.get(`/api/v1/organisations/${s.user.organisation_id}`, { auth: s });
  assert.equal(own.status, 200);
  assert.equal(own.body.id, s.user.organisation_id);
  assert.equal(own.body.name, 'CADA Croix-Rouge française Le Moule');

  const other = all.find((o) => o.kind === 'structure' && o.id !== s.user.organisation_id);
  assertProblem(await srv.get(`/api/v1/organisations/${other.id}`, { auth: s }), 404, 'not_found');
  const coordinatorOrg = all.find((o) => o.kind === 'coordinator');
  assertProblem(await srv.get(`/api/v1/organisations/${coordinatorOrg.id}`, { auth: s }), 404, 'not_found');
});

test('funder: GET of a structure → 404 not_found (aggregates only)', async () => {
  const structure = all.find((o) => o.kind === 'structure');
  assertProblem(await srv.get(`/api/v1/organisations/${structure.id}`, { auth: sessions.funder }), 404, 'not_found');
});

test('operator: GET of a structure → 200, of the funder → 404 not_found', async () => {
  const structure = all.find((o) => o.kind === 'structure');
  const funder = all.find((o) => o.kind === 'funder');
  assert.equal((await srv.get(`/api/v1/organisations/${structure.id}`, { auth: sessions.operator })).status, 200);
  assertProblem(await srv.get(`/api/v1/organisations/${funder.id}`, { auth: sessions.operator }), 404, 'not_found');
});

test('unknown organisation id → 404 not_found, even for the coordinator', async () => {
  assertProblem(await srv.get('/api/v1/organisations/999999', { auth: sessions.coordinator }), 404, 'not_found');
});

test('GET /users is for the coordinator only: every other role → 403 forbidden', async () => {
  for (const role of ['funder', 'operator', 'logistics', 'liaison', 'structure', 'association']) {
    assertProblem(await srv.get('/api/v1/users', { auth: sessions[role] }), 403, 'forbidden');
  }
  assert.equal((await srv.get('/api/v1/users', { auth: sessions.coordinator })).status, 200);
});

test('roles other than coordinator and liaison cannot create organisations → 403 forbidden', async () => {
  const body = {
    kind: 'structure', name: 'CADA Scope', structure_type: 'CADA', capacity: 10, address: '1 rue A',
    postcode: '75001', commune: 'Paris', department: '75',
  };
  for (const role of ['funder', 'operator', 'logistics', 'structure', 'association']) {
    assertProblem(await srv.post('/api/v1/organisations', { auth: sessions[role], json: body }), 403, 'forbidden');
  }
  const r = await srv.get('/api/v1/organisations?limit=1', { auth: sessions.coordinator });
  assert.equal(r.body.total, 135);
});
