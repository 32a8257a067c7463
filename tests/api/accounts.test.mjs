// Accounts and tokens (issue 14): API tokens that expire and can be revoked, users disabled and
// enabled again, a password changed by its user and reset with a one-time link.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, DEMO_PASSWORD } from './server.mjs';

const srv = useServer();
let coordinator;
let structureOrg; // a demo structure without an account
let coordinatorOrgId;

before(async () => {
  coordinator = await srv.loginAs('coordinator');
  coordinatorOrgId = coordinator.user.organisation_id;
  const structureUser = await srv.loginAs('structure');
  const list = await srv.get('/api/v1/organisations?kind=structure&limit=5', { auth: coordinator });
  structureOrg = list.body.items.find((o) => o.id !== structureUser.user.organisation_id);
});

let nextUser = 0;
/** A new structure account; returns the user. */
async function newStructureUser(password = 'un-mot-de-passe-long') {
  nextUser += 1;
  const r = await srv.post('/api/v1/users', {
    auth: coordinator,
    json: { email: `compte.${nextUser}@example.org`, name: `Compte ${nextUser}`, role: 'structure', organisation_id: structureOrg.id, password },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function newToken(email, name = 'intégration', extra = {}) {
  const r = await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: email, name, ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const me = (auth) => srv.get('/api/v1/session', { auth });
const orgs = (token) => srv.get('/api/v1/organisations?limit=1', { auth: { token } });

test('the coordinator creates a token (90 days by default), it works, and the list shows it without the secret', async () => {
  const made = await newToken('operator@demo.relais', 'SI opérateur');
  assert.match(made.token, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(Object.keys(made.item).sort(), ['created_at', 'expires_at', 'id', 'last_used_at', 'name', 'revoked_at', 'user_email', 'user_id']);
  const days = (Date.parse(made.item.expires_at) - Date.parse(made.item.created_at)) / 86400000;
  assert.equal(days, 90);
  assert.equal(made.item.last_used_at, null);
  assert.equal((await orgs(made.token)).status, 200);

  const list = await srv.get('/api/v1/tokens?user=operator@demo.relais', { auth: coordinator });
  assert.equal(list.status, 200);
  const item = list.body.items.find((t) => t.id === made.item.id);
  assert.equal(item.name, 'SI opérateur');
  assert.equal(item.user_email, 'operator@demo.relais');
  assert.match(item.last_used_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'its use is noted');
  assert.ok(!list.text.includes(made.token), 'never the token');

  const year = await newToken('operator@demo.relais', 'un an', { expires_days: 365 });
  assert.equal((Date.parse(year.item.expires_at) - Date.parse(year.item.created_at)) / 86400000, 365);
});

test('token creation is bounded: 0 or 366 days, no name, an unknown account, unknown fields → clear problems', async () => {
  for (const expires_days of [0, 366, -1]) {
    const p = assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: 'operator@demo.relais', name: 'x', expires_days } }), 422, 'validation_failed');
    assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['expires_days', 'out_of_range']]);
  }
  const bad = assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: 'operator@demo.relais', expires_days: 'soon' } }), 422, 'validation_failed');
  assert.deepEqual(bad.errors.map((e) => [e.field, e.reason]), [['expires_days', 'not_a_number']]);
  const noName = assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: 'operator@demo.relais' } }), 422, 'validation_failed');
  assert.deepEqual(noName.errors.map((e) => [e.field, e.reason]), [['name', 'required']]);
  const long = assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: 'operator@demo.relais', name: 'n'.repeat(101) } }), 422, 'validation_failed');
  assert.deepEqual(long.errors.map((e) => [e.field, e.reason]), [['name', 'too_long']]);
  const tab = assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: 'operator@demo.relais', name: 'a\tb' } }), 422, 'validation_failed');
  assert.deepEqual(tab.errors.map((e) => [e.field, e.reason]), [['name', 'control_characters']]);
  assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: 'nobody@demo.relais', name: 'x' } }), 404, 'not_found');
  const extra = assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, json: { user_email: 'operator@demo.relais', name: 'x', token: 'mine' } }), 422, 'validation_failed');
  assert.deepEqual(extra.errors.map((e) => [e.field, e.reason]), [['token', 'unknown_field']]);
  assertProblem(await srv.post('/api/v1/tokens', { auth: coordinator, body: 'x'.repeat(5000), contentType: 'application/json' }), 413, 'body_too_large');
});

test('a revoked token gets 401 on the very next request; revoking again changes nothing; an unknown id → 404', async () => {
  const made = await newToken('logistics@demo.relais');
  assert.equal((await orgs(made.token)).status, 200);
  const before = await srv.auditCount();
  const r = await srv.delete(`/api/v1/tokens/${made.item.id}`, { auth: coordinator });
  assert.equal(r.status, 204);
  assertProblem(await orgs(made.token), 401, 'not_authenticated');
  assert.equal((await srv.delete(`/api/v1/tokens/${made.item.id}`, { auth: coordinator })).status, 204);
  assert.equal(await srv.auditCount(), before + 1, 'one revocation audited');
  const list = await srv.get('/api/v1/tokens?user=logistics@demo.relais', { auth: coordinator });
  assert.match(list.body.items.find((t) => t.id === made.item.id).revoked_at, /Z$/);
  assertProblem(await srv.delete('/api/v1/tokens/999999', { auth: coordinator }), 404, 'not_found');
  assertProblem(await srv.delete('/api/v1/tokens/abc', { auth: coordinator }), 404, 'not_found');
});

test('every new coordinator route → 403 forbidden for the other roles, by session and by token', async () => {
  const target = (await srv.get('/api/v1/users?limit=200', { auth: coordinator })).body.items.find((u) => u.role === 'funder');
  const calls = [
    ['GET', '/api/v1/tokens', undefined],
    ['POST', '/api/v1/tokens', { user_email: 'operator@demo.relais', name: 'x' }],
    ['DELETE', '/api/v1/tokens/1', undefined],
    ['POST', `/api/v1/users/${target.id}/disable`, undefined],
    ['POST', `/api/v1/users/${target.id}/enable`, undefined],
    ['POST', `/api/v1/users/${target.id}/password-reset`, undefined],
  ];
  for (const role of ['funder', 'operator', 'logistics', 'liaison', 'structure', 'association']) {
    const session = await srv.loginAs(role);
    for (const [method, path, json] of calls) {
      assertProblem(await srv.request(method, path, { auth: session, json }), 403, 'forbidden');
    }
  }
  const operatorToken = (await newToken('operator@demo.relais', 'rôle')).token;
  for (const [method, path, json] of calls) {
    assertProblem(await srv.request(method, path, { auth: { token: operatorToken }, json }), 403, 'forbidden');
  }
  // Without a login: 401.
  for (const [method, path, json] of calls) {
    assertProblem(await srv.request(method, path, { json }), 401, 'not_authenticated');
  }
  assert.equal((await srv.login('funder@demo.relais')).user.role, 'funder', 'nobody was disabled');
});

test('a disabled user\'s session and token get 401 at once, and their right password the answer of a wrong one; enabled again, they log in', async () => {
  const user = await newStructureUser();
  const session = await srv.login(user.email, 'un-mot-de-passe-long');
  const token = (await newToken(user.email)).token;
  assert.equal((await me(session)).status, 200);
  assert.equal((await orgs(token)).status, 200);

  const r = await srv.post(`/api/v1/users/${user.id}/disable`, { auth: coordinator });
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.disabled_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assertProblem(await me(session), 401, 'not_authenticated');
  assertProblem(await orgs(token), 401, 'not_authenticated');
  const refused = assertProblem(await srv.loginResponse(user.email, 'un-mot-de-passe-long'), 401, 'invalid_credentials');
  const wrong = assertProblem(await srv.loginResponse(user.email, 'not-the-password'), 401, 'invalid_credentials');
  assert.equal(refused.detail, wrong.detail, 'no oracle');
  // Disabling again changes nothing.
  assert.equal((await srv.post(`/api/v1/users/${user.id}/disable`, { auth: coordinator })).body.disabled_at, r.body.disabled_at);
  const listed = (await srv.get('/api/v1/users?limit=200', { auth: coordinator })).body.items.find((u) => u.id === user.id);
  assert.equal(listed.disabled_at, r.body.disabled_at);

  const e = await srv.post(`/api/v1/users/${user.id}/enable`, { auth: coordinator });
  assert.equal(e.status, 200);
  assert.equal(e.body.disabled_at, null);
  assertProblem(await me(session), 401, 'not_authenticated');  // sessions ended for good
  assert.equal((await orgs(token)).status, 200, 'the token works again');
  assert.equal((await srv.login(user.email, 'un-mot-de-passe-long')).user.id, user.id);
  assertProblem(await srv.post('/api/v1/users/999999/disable', { auth: coordinator }), 404, 'not_found');
});

test('a coordinator cannot disable themself (409); the command line cannot disable the last enabled coordinator (409)', async () => {
  assertProblem(await srv.post(`/api/v1/users/${coordinator.user.id}/disable`, { auth: coordinator }), 409, 'cannot_disable_self');
  const second = await srv.post('/api/v1/users', {
    auth: coordinator,
    json: { email: 'seconde.coordinatrice@example.org', name: 'Seconde', role: 'coordinator', organisation_id: coordinatorOrgId, password: 'un-mot-de-passe-long' },
  });
  assert.equal(second.status, 201, second.text);
  const cli = await srv.cli(['user', 'disable', 'seconde.coordinatrice@example.org']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^user \d+ seconde\.coordinatrice@example\.org disabled since \d{4}-/);
  const last = await srv.cli(['user', 'disable', 'coordinator@demo.relais']);
  assert.equal(last.code, 1);
  assert.match(last.stderr, /last enabled coordinator/);
  assert.equal((await me(coordinator)).status, 200);
  const enable = await srv.cli(['user', 'enable', 'SECONDE.coordinatrice@example.org']);
  assert.equal(enable.code, 0, enable.stderr);
  assert.match(enable.stdout, /enabled\n$/);
  const unknown = await srv.cli(['user', 'disable', 'nobody@example.org']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /User not found/);
});

test('a user changes their password: the other sessions end, this one stays, the old password stops working', async () => {
  const user = await newStructureUser('ancien-mot-de-passe');
  const here = await srv.login(user.email, 'ancien-mot-de-passe');
  const elsewhere = await srv.login(user.email, 'ancien-mot-de-passe');
  const change = (auth, json, opts = {}) => srv.post('/api/v1/me/password', { auth, json, ...opts });

  const wrong = assertProblem(await change(here, { current: 'pas-le-bon-mot', new: 'nouveau-mot-de-passe' }), 422, 'validation_failed');
  assert.deepEqual(wrong.errors.map((e) => [e.field, e.reason]), [['current', 'wrong_password']]);
  const short = assertProblem(await change(here, { current: 'ancien-mot-de-passe', new: 'court' }), 422, 'validation_failed');
  assert.deepEqual(short.errors.map((e) => [e.field, e.reason]), [['new', 'password_too_short']]);
  const long = assertProblem(await change(here, { current: 'ancien-mot-de-passe', new: 'x'.repeat(300) }), 422, 'validation_failed');
  assert.deepEqual(long.errors.map((e) => [e.field, e.reason]), [['new', 'too_long']]);
  assertProblem(await change(here, { current: 'ancien-mot-de-passe', new: 'nouveau-mot-de-passe' }, { csrf: false }), 403, 'csrf_token_missing');
  assertProblem(await srv.post('/api/v1/me/password', { auth: here, body: 'x'.repeat(5000), contentType: 'application/json' }), 413, 'body_too_large');
  assertProblem(await srv.post('/api/v1/me/password', { auth: here, body: '{"current":', contentType: 'application/json' }), 400, 'malformed_json');
  assert.equal((await me(elsewhere)).status, 200, 'nothing changed yet');

  const r = await change(here, { current: 'ancien-mot-de-passe', new: 'nouveau-mot-de-passe' });
  assert.equal(r.status, 204, r.text);
  assert.equal((await me(here)).status, 200, 'this session stays');
  assertProblem(await me(elsewhere), 401, 'not_authenticated');
  assertProblem(await srv.loginResponse(user.email, 'ancien-mot-de-passe'), 401, 'invalid_credentials');
  assert.equal((await srv.login(user.email, 'nouveau-mot-de-passe')).user.id, user.id);

  // An API token is not a browser session.
  const token = (await newToken(user.email)).token;
  assertProblem(await change({ token }, { current: 'nouveau-mot-de-passe', new: 'encore-un-autre-mot' }), 403, 'session_required');
});

test('a reset link works once: it ends every session, sets the password, and is then gone (410)', async () => {
  const user = await newStructureUser('oublié-depuis-longtemps');
  const session = await srv.login(user.email, 'oublié-depuis-longtemps');
  const first = await srv.post(`/api/v1/users/${user.id}/password-reset`, { auth: coordinator });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.headers.get('cache-control'), 'no-store');
  const m = new RegExp(`^http://127\\.0\\.0\\.1:${srv.port}/reset#([A-Za-z0-9_-]{43})$`).exec(first.body.url);
  assert.ok(m, first.body.url);
  assert.equal(first.body.user.id, user.id);
  const hours = (Date.parse(first.body.expires_at) - Date.now()) / 3600000;
  assert.ok(hours > 23.9 && hours <= 24, `${hours} h`);

  // A second link replaces the first.
  const second = await srv.post(`/api/v1/users/${user.id}/password-reset`, { auth: coordinator });
  const token = second.body.url.split('#')[1];
  const use = (t, next) => srv.post('/api/v1/password-resets', { json: { token: t, new: next } });
  assertProblem(await use(m[1], 'nouveau-mot-de-passe'), 404, 'reset_link_unknown');
  const short = assertProblem(await use(token, 'court'), 422, 'validation_failed');
  assert.deepEqual(short.errors.map((e) => [e.field, e.reason]), [['new', 'password_too_short']]);
  assert.equal((await me(session)).status, 200, 'nothing changed yet');

  assert.equal((await use(token, 'nouveau-mot-de-passe')).status, 204);
  assertProblem(await me(session), 401, 'not_authenticated');
  assertProblem(await use(token, 'encore-un-autre-mot'), 410, 'reset_link_gone');
  assertProblem(await srv.loginResponse(user.email, 'oublié-depuis-longtemps'), 401, 'invalid_credentials');
  assert.equal((await srv.login(user.email, 'nouveau-mot-de-passe')).user.id, user.id);
  assertProblem(await srv.post('/api/v1/users/999999/password-reset', { auth: coordinator }), 404, 'not_found');
});

test('one reset link used 6 times at once: exactly one succeeds, the others are gone', async () => {
  const user = await newStructureUser();
  const link = (await srv.post(`/api/v1/users/${user.id}/password-reset`, { auth: coordinator })).body.url;
  const token = link.split('#')[1];
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
    srv.post('/api/v1/password-resets', { json: { token, new: `mot-de-passe-numéro-${i}` } })));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [204, 410, 410, 410, 410, 410]);
  const winner = results.findIndex((r) => r.status === 204);
  assert.equal((await srv.login(user.email, `mot-de-passe-numéro-${winner}`)).user.id, user.id);
});

test('reset requests are bounded: malformed, oversized, unknown fields, no token', async () => {
  const post = (opts) => srv.post('/api/v1/password-resets', opts);
  assertProblem(await post({ body: '{"token":', contentType: 'application/json' }), 400, 'malformed_json');
  assertProblem(await post({ body: JSON.stringify({ token: 't'.repeat(5000), new: 'x' }), contentType: 'application/json' }), 413, 'body_too_large');
  const extra = assertProblem(await post({ json: { token: 'abc', new: 'nouveau-mot-de-passe', user: 1 } }), 422, 'validation_failed');
  assert.deepEqual(extra.errors.map((e) => [e.field, e.reason]), [['user', 'unknown_field']]);
  const none = assertProblem(await post({ json: { new: 'nouveau-mot-de-passe' } }), 422, 'validation_failed');
  assert.deepEqual(none.errors.map((e) => [e.field, e.reason]), [['token', 'required']]);
  assertProblem(await post({ json: { token: 'made-up', new: 'nouveau-mot-de-passe' } }), 404, 'reset_link_unknown');
  assertProblem(await post({ json: { token: 'x'.repeat(300), new: 'nouveau-mot-de-passe' } }), 404, 'reset_link_unknown');
});

test('the command line: token add --expires, token list, token revoke, user reset', async () => {
  const add = await srv.cli(['token', 'create', '--email', 'operator@demo.relais', '--name', 'cli', '--expires', '30']);
  assert.equal(add.code, 0, add.stderr);
  const token = add.stdout.trim();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const id = Number(/^token (\d+) for operator@demo\.relais, valid until \d{4}-/.exec(add.stderr)[1]);
  assert.equal((await orgs(token)).status, 200);
  const tooLong = await srv.cli(['token', 'add', '--email', 'operator@demo.relais', '--name', 'x', '--expires', '400']);
  assert.notEqual(tooLong.code, 0);

  const list = await srv.cli(['token', 'list', '--user', 'operator@demo.relais']);
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trim().split('\n');
  assert.equal(lines[0], 'id\tname\tuser\tcreated\texpires\tlast_used\trevoked');
  const row = lines.find((l) => l.startsWith(`${id}\t`)).split('\t');
  assert.equal(row[1], 'cli');
  assert.equal(row[2], 'operator@demo.relais');
  assert.equal((Date.parse(row[4]) - Date.parse(row[3])) / 86400000, 30);
  assert.equal(row[6], '-');
  assert.ok(!list.stdout.includes(token));

  const revoke = await srv.cli(['token', 'revoke', String(id)]);
  assert.equal(revoke.code, 0, revoke.stderr);
  assert.match(revoke.stdout, new RegExp(`^token ${id} "cli" of operator@demo\\.relais revoked at \\d{4}-`));
  assertProblem(await orgs(token), 401, 'not_authenticated');
  assert.equal((await srv.cli(['token', 'revoke', '999999'])).code, 1);

  const user = await newStructureUser();
  const reset = await srv.cli(['user', 'reset', user.email, '--public-url', 'https://relais.example.org/']);
  assert.equal(reset.code, 0, reset.stderr);
  const m = /^https:\/\/relais\.example\.org\/reset#([A-Za-z0-9_-]{43})\n$/.exec(reset.stdout);
  assert.ok(m, reset.stdout);
  assert.equal((await srv.post('/api/v1/password-resets', { json: { token: m[1], new: 'par-la-ligne-de-commande' } })).status, 204);
  assert.equal((await srv.login(user.email, 'par-la-ligne-de-commande')).user.id, user.id);
});

test('the demo accounts still log in with the demo password', async () => {
  assert.equal((await srv.login('coordinator@demo.relais', DEMO_PASSWORD)).user.role, 'coordinator');
});
