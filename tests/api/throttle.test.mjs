// Login throttling (issue 14): per client address (in the server's memory) and per real account
// (in the database), never turned against the account's owner. This file has its own server and
// database. Every client here connects from its own loopback address (127.0.0.N: Linux routes
// all of 127/8 to the loopback), so that each is a different address to the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { useServer, assertProblem, DEMO_PASSWORD } from './server.mjs';

const srv = useServer();

/** POST /api/v1/session from `address`, with the device cookie `device` if given. */
function loginFrom(address, email, password, { device = null, body = null, lang = 'fr' } = {}) {
  const payload = body ?? JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'accept-language': lang };
    if (device) headers.cookie = device;
    const req = http.request(
      { host: '127.0.0.1', port: srv.port, path: '/api/v1/session', method: 'POST', localAddress: address, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => {
          const cookies = res.headers['set-cookie'] ?? [];
          const find = (name) => cookies.find((c) => c.startsWith(`${name}=`)) ?? null;
          resolve({
            status: res.status ?? res.statusCode,
            headers: { get: (n) => res.headers[n.toLowerCase()] ?? null },
            text,
            body: text && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : undefined,
            session: find('relais_session'),
            device: find('relais_device'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const cookieOf = (setCookie) => setCookie.split(';')[0];
const randomEmail = (bytes) => `${crypto.randomBytes(bytes).toString('hex')}@example.org`;

test('a login sets an HttpOnly SameSite=Strict device cookie, sent only to the login route, valid a year', async () => {
  const r = await loginFrom('127.0.0.2', 'liaison@demo.relais', DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  assert.match(r.device, /^relais_device=\d+\.[A-Za-z0-9_-]+\.[0-9a-f]{64}; Path=\/api\/v1\/session; HttpOnly; SameSite=Strict; Max-Age=31536000$/);
});

test('a stranger\'s wrong passwords throttle the account for strangers, never for its owner\'s known browser', async () => {
  const email = 'coordinator@demo.relais';
  // The owner logged in before from this browser: it holds a device cookie.
  const first = await loginFrom('127.0.0.3', email, DEMO_PASSWORD);
  assert.equal(first.status, 200);
  const device = cookieOf(first.device);

  // A stranger guesses 5 times from another address.
  for (let i = 1; i <= 5; i++) assertProblem(await loginFrom('127.0.0.4', email, `wrong-${i}`), 401, 'invalid_credentials');
  // The account is now throttled for every client it does not know, the right password included.
  const stranger = await loginFrom('127.0.0.5', email, DEMO_PASSWORD);
  assertProblem(stranger, 429, 'too_many_attempts');
  assert.equal(stranger.session, null, 'no session while throttled');
  const retryAfter = Number(stranger.headers.get('retry-after'));
  assert.ok(retryAfter > 0 && retryAfter <= 31, `Retry-After ${retryAfter}`);
  assertProblem(await loginFrom('127.0.0.4', 'COORDINATOR@demo.relais', DEMO_PASSWORD), 429, 'too_many_attempts');
  const en = await loginFrom('127.0.0.5', email, DEMO_PASSWORD, { lang: 'en' });
  assert.match(assertProblem(en, 429, 'too_many_attempts').detail, /^Too many login attempts\. Try again in \d+ seconds?\.$/);

  // A device cookie of another account, or a forged one, does not make a client known.
  const other = await loginFrom('127.0.0.6', 'funder@demo.relais', DEMO_PASSWORD);
  assertProblem(await loginFrom('127.0.0.6', email, DEMO_PASSWORD, { device: cookieOf(other.device) }), 429, 'too_many_attempts');
  const forged = device.replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'));
  assertProblem(await loginFrom('127.0.0.6', email, DEMO_PASSWORD, { device: forged }), 429, 'too_many_attempts');

  // The owner, with the right password and the device cookie, logs in at once, even from the
  // stranger's own address.
  for (const address of ['127.0.0.3', '127.0.0.4']) {
    const owner = await loginFrom(address, email, DEMO_PASSWORD, { device });
    assert.equal(owner.status, 200, owner.text);
    assert.ok(owner.session, 'a session');
    assert.equal(cookieOf(owner.device), device, 'the same device cookie is kept');
  }
  // The owner's login cleared the account's count: a stranger with the right password gets in.
  assert.equal((await loginFrom('127.0.0.6', email, DEMO_PASSWORD)).status, 200);
});

test('fewer than 5 failures do not throttle an account: 4 wrong then the right password → 200', async () => {
  const email = 'logistics@demo.relais';
  for (let i = 1; i <= 4; i++) assertProblem(await loginFrom('127.0.0.7', email, 'wrong'), 401, 'invalid_credentials');
  assert.equal((await loginFrom('127.0.0.7', email, DEMO_PASSWORD)).status, 200);
});

test('an address that fails 10 times waits, whatever the accounts it tries; other addresses do not', async () => {
  const address = '127.0.0.8';
  // The operator's own browser logged in before, elsewhere.
  const device = cookieOf((await loginFrom('127.0.0.10', 'operator@demo.relais', DEMO_PASSWORD)).device);
  const accounts = ['operator', 'structure', 'funder', 'liaison'].map((r) => `${r}@demo.relais`);
  for (let i = 0; i < 10; i++) {
    const email = accounts[i] ?? randomEmail(8);  // one failure per real account, then unknown ones
    assertProblem(await loginFrom(address, email, 'wrong'), 401, 'invalid_credentials');
  }
  const held = await loginFrom(address, 'operator@demo.relais', DEMO_PASSWORD);
  assertProblem(held, 429, 'too_many_attempts');
  assert.ok(Number(held.headers.get('retry-after')) > 0);
  // The operator's known browser behind that same address still gets in.
  assert.equal((await loginFrom(address, 'operator@demo.relais', DEMO_PASSWORD, { device })).status, 200);
  // The same accounts from another address: one failure each is far from their own limit.
  assert.equal((await loginFrom('127.0.0.9', 'structure@demo.relais', DEMO_PASSWORD)).status, 200);
});

test('1,000 failed logins with long random emails write nothing: the audit log does not grow, the owner still logs in', async () => {
  const before = await srv.auditCount();
  const statuses = new Map();
  for (let i = 0; i < 1000; i++) {
    const r = await loginFrom('127.0.1.1', randomEmail(100), 'x'.repeat(200));
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  }
  // The first 10 are checked (401), the rest wait (429) without a password hash computed.
  assert.deepEqual(Object.fromEntries(statuses), { 401: 10, 429: 990 });
  assert.equal(await srv.auditCount(), before);
  assert.equal((await loginFrom('127.0.1.2', 'structure@demo.relais', DEMO_PASSWORD)).status, 200);
});

test('an email over 254 bytes or a password over 256 bytes → 422, nothing counted', async () => {
  const long = await loginFrom('127.0.1.3', `${'a'.repeat(250)}@x.fr`, 'whatever');
  const p = assertProblem(long, 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['email', 'too_long']]);
  const both = assertProblem(await loginFrom('127.0.1.3', `${'a'.repeat(250)}@x.fr`, 'p'.repeat(257)), 422, 'validation_failed');
  assert.deepEqual(both.errors.map((e) => [e.field, e.reason]), [['email', 'too_long'], ['password', 'too_long']]);
  // 20 refusals of this kind do not count as failures of the address.
  for (let i = 0; i < 20; i++) await loginFrom('127.0.1.3', 'operator@demo.relais', 'p'.repeat(300));
  assert.equal((await loginFrom('127.0.1.3', 'operator@demo.relais', DEMO_PASSWORD)).status, 200);
});

test('a 5 MB email → 413 body_too_large at once, nothing written', async () => {
  const before = await srv.auditCount();
  const started = Date.now();
  const r = await loginFrom('127.0.1.4', null, null, { body: JSON.stringify({ email: `${'e'.repeat(5 * 1024 * 1024)}@x.fr`, password: 'x' }) });
  assertProblem(r, 413, 'body_too_large');
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  assert.equal(await srv.auditCount(), before);
});

test('malformed and odd logins are bounded problems: not JSON → 400, not an object → 400, numbers → 401', async () => {
  assertProblem(await loginFrom('127.0.1.5', null, null, { body: '{"email":' }), 400, 'malformed_json');
  assertProblem(await loginFrom('127.0.1.5', null, null, { body: '[1,2]' }), 400, 'json_object_expected');
  assertProblem(await loginFrom('127.0.1.5', null, null, { body: '{"email":1,"password":2}' }), 401, 'invalid_credentials');
});

test('20 parallel guesses on one account from 20 addresses: exactly 5 checked, 15 throttled', async () => {
  const email = 'association@demo.relais';
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => loginFrom(`127.0.2.${i + 1}`, email, `guess-${i}`)),
  );
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  assert.deepEqual(counts, { 401: 5, 429: 15 });
});
