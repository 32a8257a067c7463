// API tokens (Authorization: Bearer), created with `relais token add` while the server runs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem } from './server.mjs';

const srv = useServer();
let operatorToken;
let coordinatorToken;

async function addToken(email, name) {
  const r = await srv.cli(['token', 'add', '--email', email, '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  const token = r.stdout.trim();
  assert.match(token, /^[A-Za-z0-9_-]{32,}$/, `printed token: ${r.stdout}`);
  return token;
}

before(async () => {
  await srv.ready;
  operatorToken = await addToken('operator@demo.relais', 'test');
  coordinatorToken = await addToken('coordinator@demo.relais', 'ci');
});

test('operator bearer token reads organisations within the operator scope → 200, total 121', async () => {
  const r = await srv.get('/api/v1/organisations?limit=1', { auth: { token: operatorToken } });
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 121);
  assert.equal(r.headers.get('set-cookie'), null, 'a token request opens no session');
});

test('a bearer write needs no CSRF token: coordinator token creates an organisation → 201', async () => {
  const before = (await srv.get('/api/v1/organisations?limit=1', { auth: { token: coordinatorToken } })).body.total;
  const r = await srv.post('/api/v1/organisations', {
    auth: { token: coordinatorToken },
    json: { kind: 'funder', name: 'Fondation Jeton' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('location'), `/api/v1/organisations/${r.body.id}`);
  const after = (await srv.get('/api/v1/organisations?limit=1', { auth: { token: coordinatorToken } })).body.total;
  assert.equal(after, before + 1);
});

test('a bearer token keeps the role of its account: operator token cannot create → 403 forbidden', async () => {
  const r = await srv.post('/api/v1/organisations', {
    auth: { token: operatorToken },
    json: { kind: 'funder', name: 'Fondation Opérateur' },
  });
  assertProblem(r, 403, 'forbidden');
  assertProblem(await srv.get('/api/v1/users', { auth: { token: operatorToken } }), 403, 'forbidden');
});

test('a wrong or malformed bearer token → 401 not_authenticated', async () => {
  for (const token of [`${operatorToken}x`, 'nonsense', operatorToken.slice(0, -1)]) {
    assertProblem(await srv.get('/api/v1/organisations', { auth: { token } }), 401, 'not_authenticated');
  }
  assertProblem(await srv.post('/api/v1/organisations', {
    auth: { token: 'nonsense' },
    json: { kind: 'funder', name: 'Fondation Pirate' },
  }), 401, 'not_authenticated');
  const basic = await srv.get('/api/v1/organisations', { headers: { authorization: 'Basic b3A6cGFzcw==' } });
  assertProblem(basic, 401, 'not_authenticated');
});

test('relais token add for an unknown account fails', async () => {
  const r = await srv.cli(['token', 'add', '--email', 'nobody@demo.relais', '--name', 'x']);
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout.trim(), '');
});
