// Login, session, logout and CSRF protection of cookie sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, DEMO_PASSWORD } from './server.mjs';

const srv = useServer();

test('login with good credentials → 200 Session and an HttpOnly SameSite=Strict cookie', async () => {
  const r = await srv.loginResponse('coordinator@demo.relais', DEMO_PASSWORD);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type').split(';')[0], 'application/json');
  assert.equal(r.body.user.role, 'coordinator');
  assert.equal(r.body.user.email, 'coordinator@demo.relais');
  assert.equal(r.body.user.organisation_name, 'Emmaüs Connect');
  assert.equal(typeof r.body.user.id, 'number');
  assert.equal(typeof r.body.user.organisation_id, 'number');
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length >= 16);
  assert.match(r.body.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Date.parse(r.body.expires_at) > Date.now());

  assert.ok(r.setCookie, 'Set-Cookie relais_session');
  assert.match(r.setCookie, /^relais_session=[^;]{16,};/);
  const attrs = r.setCookie.split(';').map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), r.setCookie);
  assert.ok(attrs.includes('samesite=strict'), r.setCookie);
  assert.ok(attrs.includes('path=/'), r.setCookie);
});

test('every demo role can log in and gets its role', async () => {
  for (const role of ['coordinator', 'funder', 'operator', 'logistics', 'liaison', 'structure', 'association']) {
    const s = await srv.loginAs(role);
    assert.equal(s.user.role, role);
  }
});

test('login email is case-insensitive', async () => {
  const r = await srv.loginResponse('Operator@Demo.Relais', DEMO_PASSWORD);
  assert.equal(r.status, 200);
  assert.equal(r.body.user.email, 'operator@demo.relais');
});

test('wrong password → 401 invalid_credentials with a detail, no cookie', async () => {
  const r = await srv.loginResponse('association@demo.relais', 'not-the-password');
  const p = assertProblem(r, 401, 'invalid_credentials');
  assert.equal(p.detail, 'Adresse e-mail ou mot de passe incorrect.');
  assert.equal(r.setCookie, null);

  const en = await srv.loginResponse('association@demo.relais', 'not-the-password', { lang: 'en' });
  assert.equal(assertProblem(en, 401, 'invalid_credentials').detail, 'Wrong email address or password.');
});

test('unknown email → 401 invalid_credentials (same answer as a wrong password)', async () => {
  const r = await srv.loginResponse('nobody@demo.relais', DEMO_PASSWORD);
  const p = assertProblem(r, 401, 'invalid_credentials');
  assert.equal(p.detail, 'Adresse e-mail ou mot de passe incorrect.');
  assert.equal(r.setCookie, null);
});

test('GET /session without a cookie → 401 not_authenticated; with the cookie → the same Session', async () => {
  assertProblem(await srv.get('/api/v1/session'), 401, 'not_authenticated');
  const s = await srv.loginAs('liaison');
  const r = await srv.get('/api/v1/session', { auth: s });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.user, s.user);
  assert.equal(r.body.csrf_token, s.csrf);
});

test('logout: DELETE /session needs CSRF, then → 204, clears the cookie, and the cookie no longer works', async () => {
  const s = await srv.loginAs('logistics');
  assertProblem(await srv.delete('/api/v1/session', { auth: s, csrf: false }), 403, 'csrf_token_missing');
  assert.equal((await srv.get('/api/v1/session', { auth: s })).status, 200, 'still logged in');

  const r = await srv.delete('/api/v1/session', { auth: s });
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  const cleared = r.headers.getSetCookie().find((c) => c.startsWith('relais_session='));
  assert.ok(cleared, 'Set-Cookie clears relais_session');
  assert.match(cleared, /^relais_session=;/);
  assert.match(cleared, /Max-Age=0/i);

  assertProblem(await srv.get('/api/v1/session', { auth: s }), 401, 'not_authenticated');
  assertProblem(await srv.get('/api/v1/organisations', { auth: s }), 401, 'not_authenticated');
});

test('logging out one session leaves the other sessions of the same account alive', async () => {
  const a = await srv.loginAs('operator');
  const b = await srv.loginAs('operator');
  assert.notEqual(a.cookie, b.cookie);
  assert.equal((await srv.delete('/api/v1/session', { auth: a })).status, 204);
  assertProblem(await srv.get('/api/v1/session', { auth: a }), 401, 'not_authenticated');
  assert.equal((await srv.get('/api/v1/session', { auth: b })).status, 200);
});

async function organisationTotal(auth) {
  const r = await srv.get('/api/v1/organisations?limit=1', { auth });
  assert.equal(r.status, 200);
  return r.body.total;
}

test('CSRF: a cookie write without X-CSRF-Token → 403 csrf_token_missing, nothing created', async () => {
  const c = await srv.loginAs('coordinator');
  const before = await organisationTotal(c);
  const r = await srv.post('/api/v1/organisations', {
    auth: c,
    csrf: false,
    json: { kind: 'funder', name: 'CSRF missing' },
  });
  assertProblem(r, 403, 'csrf_token_missing');
  assert.equal(await organisationTotal(c), before);
});

test('CSRF: a wrong X-CSRF-Token → 403 csrf_token_invalid, nothing created', async () => {
  const c = await srv.loginAs('coordinator');
  const other = await srv.loginAs('coordinator');
  const before = await organisationTotal(c);
  assertProblem(await srv.post('/api/v1/organisations', {
    auth: c, csrf: 'wrong-token', json: { kind: 'funder', name: 'CSRF invalid' },
  }), 403, 'csrf_token_invalid');
  // The token of another session of the same account is not valid either.
  assertProblem(await srv.post('/api/v1/organisations', {
    auth: c, csrf: other.csrf, json: { kind: 'funder', name: 'CSRF other session' },
  }), 403, 'csrf_token_invalid');
  assertProblem(await srv.patch('/api/v1/organisations/1', {
    auth: c, csrf: 'wrong-token', json: { name: 'renamed' },
  }), 403, 'csrf_token_invalid');
  assert.equal(await organisationTotal(c), before);
});

test('CSRF: the right token lets the write through → 201', async () => {
  const c = await srv.loginAs('coordinator');
  const before = await organisationTotal(c);
  const r = await srv.post('/api/v1/organisations', { auth: c, json: { kind: 'funder', name: 'CSRF ok' } });
  assert.equal(r.status, 201);
  assert.equal(await organisationTotal(c), before + 1);
});

test('a login form posted by another site is refused: text/plain → 415, foreign Origin → 403', async () => {
  const creds = JSON.stringify({ email: 'association@demo.relais', password: DEMO_PASSWORD });
  const plain = await srv.post('/api/v1/session', { body: creds, contentType: 'text/plain' });
  assertProblem(plain, 415, 'unsupported_media_type');
  assert.equal(plain.headers.get('set-cookie'), null);

  const foreign = await srv.loginResponse('association@demo.relais', DEMO_PASSWORD, {
    headers: { origin: 'https://evil.example' },
  });
  assertProblem(foreign, 403, 'cross_origin');
  assert.equal(foreign.setCookie, null);
  const sandboxed = await srv.loginResponse('association@demo.relais', DEMO_PASSWORD, {
    headers: { origin: 'null' },
  });
  assertProblem(sandboxed, 403, 'cross_origin');

  const own = await srv.loginResponse('association@demo.relais', DEMO_PASSWORD, {
    headers: { origin: srv.baseUrl },
  });
  assert.equal(own.status, 200, own.text);
});
