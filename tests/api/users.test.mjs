// GET/POST /api/v1/users (coordinator only).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, } from './server.mjs';

const srv = useServer();
let coordinator;
let structureOrg; // a demo structure without an account yet

before(async () => {
  coordinator = await srv.loginAs('coordinator');
  const structureUser = await srv.loginAs('structure');
  const list = await srv.get('/api/v1/organisations?kind=structure&limit=5', { auth: coordinator });
  structureOrg = list.body.items.find((o) => o.id !== structureUser.user.organisation_id);
});

async function userTotal() {
  return (await srv.get('/api/v1/users?limit=1', { auth: coordinator })).body.total;
}

const newUser = (extra = {}) => ({
  email: 'nouvelle.structure@example.org',
  name: 'Nouvelle Structure',
  role: 'structure',
  organisation_id: structureOrg.id,
  password: 'un-mot-de-passe-long',
  ...extra,
});

test('coordinator lists the 7 demo users, one per role', async () => {
  const r = await srv.get('/api/v1/users?limit=200', { auth: coordinator });
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 7);
  assert.equal(r.body.items.length, 7);
  assert.equal(r.body.next_cursor, null);
  assert.deepEqual(r.body.items.map((u) => u.role).sort(),
    ['association', 'coordinator', 'funder', 'liaison', 'logistics', 'operator', 'structure']);
  for (const u of r.body.items) {
    assert.equal(u.email, `${u.role}@demo.relais`);
    assert.deepEqual(Object.keys(u).sort(),
      ['created_at', 'disabled_at', 'email', 'id', 'name', 'organisation_id', 'organisation_name', 'role']);
  }
});

test('creates a user with the role of its organisation → 201; the new user can log in', async () => {
  const r = await srv.post('/api/v1/users', { auth: coordinator, json: newUser() });
  assert.equal(r.status, 201, r.text);
  assert.equal(typeof r.body.id, 'number');
  assert.equal(r.body.email, 'nouvelle.structure@example.org');
  assert.equal(r.body.name, 'Nouvelle Structure');
  assert.equal(r.body.role, 'structure');
  assert.equal(r.body.organisation_id, structureOrg.id);
  assert.equal(r.body.organisation_name, structureOrg.name);
  assert.equal('password' in r.body, false);
  assert.equal(await userTotal(), 8);

  const s = await srv.login('nouvelle.structure@example.org', 'un-mot-de-passe-long');
  assert.equal(s.user.id, r.body.id);
  assert.equal(s.user.role, 'structure');
  // and sees only its own organisation
  const own = await srv.get('/api/v1/organisations', { auth: s });
  assert.equal(own.body.total, 1);
  assert.equal(own.body.items[0].id, structureOrg.id);
});

test('a role that does not match the organisation kind → 422 role_mismatch', async () => {
  const before = await userTotal();
  const r = await srv.post('/api/v1/users', {
    auth: coordinator,
    json: newUser({ email: 'mismatch@example.org', role: 'funder' }),
  });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.value, e.reason]), [['role', 'funder', 'role_mismatch']]);
  assert.equal(await userTotal(), before);
});

test('a duplicate email (any case) → 422 email_taken', async () => {
  const before = await userTotal();
  for (const email of ['liaison@demo.relais', 'LIAISON@demo.relais']) {
    const r = await srv.post('/api/v1/users', {
      auth: coordinator,
      json: newUser({ email, role: 'liaison', organisation_id: (await srv.loginAs('liaison')).user.organisation_id }),
    });
    const p = assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['email', 'email_taken']]);
  }
  assert.equal(await userTotal(), before);
});

test('a password under 10 characters → 422 password_too_short, never echoed; 10 is enough', async () => {
  const before = await userTotal();
  const r = await srv.post('/api/v1/users', {
    auth: coordinator,
    json: newUser({ email: 'short@example.org', password: '123456789' }),
  });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.value, e.reason]), [['password', '', 'password_too_short']]);
  assert.ok(!r.text.includes('123456789'));
  assert.equal(await userTotal(), before);

  const ten = await srv.post('/api/v1/users', {
    auth: coordinator,
    json: newUser({ email: 'ten@example.org', password: '0123456789' }),
  });
  assert.equal(ten.status, 201, ten.text);
});

test('password length counts characters, not bytes: "ééééé" is too short', async () => {
    const r = await srv.post('/api/v1/users', {
      auth: coordinator,
      json: newUser({ email: 'accents@example.org', password: 'ééééé' }),
    });
    const p = assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['password', 'password_too_short']]);
  });

test('other validation reasons: bad_email, unknown_organisation, required name', async () => {
  const cases = [
    [newUser({ email: 'not-an-email' }), 'email', 'bad_email'],
    [newUser({ email: 'noorg@example.org', organisation_id: 999999 }), 'organisation_id', 'unknown_organisation'],
    [newUser({ email: 'noname@example.org', name: '' }), 'name', 'required'],
  ];
  for (const [body, field, reason] of cases) {
    const r = await srv.post('/api/v1/users', { auth: coordinator, json: body });
    const p = assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [[field, reason]], r.text);
  }
});

test('only the coordinator creates users → 403 forbidden for the others', async () => {
  const before = await userTotal();
  for (const role of ['funder', 'operator', 'logistics', 'liaison', 'structure', 'association']) {
    const s = await srv.loginAs(role);
    const r = await srv.post('/api/v1/users', {
      auth: s,
      json: newUser({ email: `by-${role}@example.org`, role, organisation_id: s.user.organisation_id }),
    });
    assertProblem(r, 403, 'forbidden');
  }
  assert.equal(await userTotal(), before);
});

test('an email with an empty domain label ("a@b..fr") → 422 bad_email', async () => {
    const r = await srv.post('/api/v1/users', {
      auth: coordinator,
      json: newUser({ email: 'a@b..fr' }),
    });
    const p = assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['email', 'bad_email']]);
  });

test('bad emails → 422 bad_email; surrounding spaces are trimmed and case folded', async () => {
  for (const email of ['a@b', 'a b@c.fr', 'a@@b.fr', 'not-an-email']) {
    const r = await srv.post('/api/v1/users', { auth: coordinator, json: newUser({ email }) });
    assert.deepEqual(assertProblem(r, 422, 'validation_failed').errors.map((e) => [e.field, e.value, e.reason]),
      [['email', email, 'bad_email']]);
  }
  const r = await srv.post('/api/v1/users', { auth: coordinator, json: newUser({ email: '  Trim.Me@Example.org ' }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.email, 'trim.me@example.org');
});
