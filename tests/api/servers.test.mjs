// Several servers, one database: two `relais serve` processes on the same database, and what a
// user does through one is what the other knows. Sessions and their CSRF tokens, logout, login
// throttling, API tokens and the in-memory caches are all checked across the two processes.
//
// On PostgreSQL (the engine for several servers: the store says it is shared), a server keeps a
// session in memory only while no server has written since: each write notifies every server as
// it commits, and each request first waits for one round trip on the server's listening
// connection, after which every write committed before the request is counted. So a logout
// through one server is refused by the other at once, even while the other serves the session
// from memory. On SQLite each process keeps a session it has just read for kSessionCacheSeconds (2 s,
// src/app/auth.hpp), an engine meant for one server: there a logout reaches the other process
// within those 2 seconds, and the test holds it to that.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, assertProblem, DEMO_PASSWORD, ENGINE } from './server.mjs';

let A;
let B;

before(async () => {
  A = await startServer();
  B = await startServer({ database: A.database, demo: false });
});

after(async () => {
  await B?.stop();
  await A?.stop();
});

const structure = (name) => ({ kind: 'structure', name, structure_type: 'CADA', capacity: 40, address: '1 place Bellecour',
  postcode: '69002', commune: 'Lyon', department: '69' });

test('a session opened through A reads and writes through B, with the CSRF token A gave', async () => {
  const s = await A.loginAs('coordinator');
  const me = await B.get('/api/v1/session', { auth: s });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user.email, 'coordinator@demo.relais');
  assert.equal(me.body.csrf_token, s.csrf, 'the same CSRF token on both servers');

  const made = await B.post('/api/v1/organisations', { auth: s, json: structure('CADA via B') });
  assert.equal(made.status, 201, made.text);
  assertProblem(await B.post('/api/v1/organisations', { auth: s, csrf: false, json: structure('CADA sans jeton') }),
    403, 'csrf_token_missing');
  assertProblem(await B.post('/api/v1/organisations', { auth: s, csrf: 'x'.repeat(32), json: structure('CADA mauvais jeton') }),
    403, 'csrf_token_invalid');
  // And back through A.
  const seen = await A.get(`/api/v1/organisations/${made.body.id}`, { auth: s });
  assert.deepEqual([seen.status, seen.body.name], [200, 'CADA via B']);
});

test('caches: a list A just served, and the allocation preview, change at once when B writes', async () => {
  const s = await A.loginAs('coordinator');
  const list = async (srv) => (await srv.get('/api/v1/organisations?kind=structure&limit=1', { auth: s })).body.total;
  const before = await list(A);
  assert.equal(await list(A), before, 'served again (from A\'s cache)');
  const made = await B.post('/api/v1/organisations', { auth: s, json: structure('CADA créée via B') });
  assert.equal(made.status, 201, made.text);
  assert.equal(await list(A), before + 1, 'A sees B\'s write at once');
  const renamed = await B.patch(`/api/v1/organisations/${made.body.id}`, { auth: s, json: { name: 'CADA renommée via B' } });
  assert.equal(renamed.status, 200, renamed.text);
  const q = await A.get('/api/v1/organisations?q=renomm%C3%A9e%20via%20B', { auth: s });
  assert.deepEqual(q.body.items.map((o) => o.id), [made.body.id]);

  // The allocation preview: approving the demo's submitted request 4 through B gives it cards in
  // A's next preview.
  const preview = async () => (await A.get('/api/v1/allocation', { auth: s })).body;
  const p1 = await preview();
  assert.deepEqual(await preview(), p1);
  const approved = await B.post('/api/v1/requests/4/transitions', { auth: s, json: { transition: 'approve' } });
  assert.equal(approved.status, 200, approved.text);
  const p2 = await preview();
  assert.notEqual(p2.fingerprint, p1.fingerprint);
  assert.ok(p2.allocated > p1.allocated, `${p2.allocated} > ${p1.allocated}`);
  // The stale preview is refused through either server.
  assertProblem(await B.post('/api/v1/allocation', { auth: s, json: { fingerprint: p1.fingerprint } }), 409, 'allocation_changed');
});

test('logout through B: A refuses the session (at once on PostgreSQL, within the 2-second session cache on SQLite)', async (t) => {
  const s = await A.loginAs('coordinator');
  // A has just read the session: the case a process cache would get wrong.
  assert.equal((await A.get('/api/v1/session', { auth: s })).status, 200);
  assert.equal((await B.get('/api/v1/session', { auth: s })).status, 200);
  const out = await B.delete('/api/v1/session', { auth: s });
  assert.equal(out.status, 204, out.text);
  const loggedOut = Date.now();
  assertProblem(await B.get('/api/v1/session', { auth: s }), 401, 'not_authenticated');
  if (ENGINE === 'postgresql') {
    assertProblem(await A.get('/api/v1/session', { auth: s }), 401, 'not_authenticated');
    assertProblem(await A.post('/api/v1/organisations', { auth: s, json: structure('CADA après déconnexion') }), 401,
      'not_authenticated');
  } else {
    let r;
    while ((r = await A.get('/api/v1/session', { auth: s })).status === 200 && Date.now() - loggedOut < 5000) await sleep(100);
    const late = Date.now() - loggedOut;
    assertProblem(r, 401, 'not_authenticated');
    assert.ok(late <= 2500, `refused by A ${late} ms after the logout`);
    t.diagnostic(`SQLite: A refused the session ${late} ms after the logout through B`);
  }
  // Another session of the same user, on either server, is not affected.
  const other = await B.loginAs('coordinator');
  assert.equal((await A.get('/api/v1/session', { auth: other })).status, 200);
});

test('a logout through B while A serves the session from memory, 8 requests at a time: every request A receives after the logout has answered is refused', { skip: ENGINE !== 'postgresql' && 'SQLite keeps a session 2 s (above)' }, async () => {
  const s = await A.loginAs('coordinator');
  const seen = [];  // [sent at, answered at, status]
  let loggedOutAt = Infinity;
  let stop = false;
  const reader = async () => {
    while (!stop) {
      const sent = performance.now();
      const r = await A.get('/api/v1/organisations?limit=5', { auth: s });
      seen.push([sent, performance.now(), r.status]);
      if (sent > loggedOutAt + 300) stop = true;
    }
  };
  const readers = Array.from({ length: 8 }, reader);
  await sleep(300);  // A now serves the session and the page from memory
  const logoutSentAt = performance.now();
  const out = await B.delete('/api/v1/session', { auth: s });
  assert.equal(out.status, 204, out.text);
  loggedOutAt = performance.now();
  await Promise.all(readers);
  // Answered before the logout was sent: served. Sent after its answer: refused. (Those in
  // between may be either.)
  const before = seen.filter(([, answered]) => answered < logoutSentAt);
  const after = seen.filter(([sent]) => sent > loggedOutAt);
  assert.ok(before.length > 20, `${before.length} reads before`);
  assert.deepEqual(before.filter(([, , status]) => status !== 200), [], 'a read before the logout was refused');
  assert.ok(after.length > 20, `${after.length} reads after`);
  assert.deepEqual(after.filter(([, , status]) => status !== 401), [], 'a read after the logout was served');
});

test('failed logins count across servers: 4 wrong (A, B, A, B) do not lock; the 5th locks on both, as on one server', async () => {
  // Fewer than 5 failures: the right password still opens a session, and clears the count.
  for (let i = 0; i < 4; i++) assertProblem(await (i % 2 ? B : A).loginResponse('liaison@demo.relais', 'wrong'), 401, 'invalid_credentials');
  assert.equal((await B.loginResponse('liaison@demo.relais', DEMO_PASSWORD)).status, 200);
  // Five wrong, alternating: the account is locked for both servers, even for the right password.
  const email = 'funder@demo.relais';
  for (let i = 0; i < 5; i++) assertProblem(await (i % 2 ? B : A).loginResponse(email, `wrong-${i}`), 401, 'invalid_credentials');
  for (const srv of [A, B]) {
    const r = await srv.loginResponse(email, DEMO_PASSWORD);
    assertProblem(r, 429, 'too_many_attempts');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.equal(r.setCookie, null);
  }
});

test('ten wrong passwords at once through both servers: exactly 5 are checked (401), the other 5 throttled (429)', async () => {
  const email = 'association@demo.relais';
  const tries = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? B : A).loginResponse(email, `guess-${i}`)));
  const statuses = tries.map((r) => r.status).sort();
  assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(5).fill(429)], tries.map((r) => r.text).join('\n'));
  for (const r of tries) assertProblem(r, r.status, r.status === 401 ? 'invalid_credentials' : 'too_many_attempts');
  assertProblem(await B.loginResponse(email, DEMO_PASSWORD), 429, 'too_many_attempts');
});

// API tokens cannot be revoked yet (another issue adds it; its test will belong here: revoked
// through one server, refused by the other at once). A token made with `relais token add` works
// through both servers, reads and writes without a CSRF token.
test('an API token from `relais token add` works through both servers', async () => {
  const r = await A.cli(['token', 'add', '--email', 'coordinator@demo.relais', '--name', 'two-servers']);
  assert.equal(r.code, 0, r.stderr);
  const auth = { token: r.stdout.trim() };
  for (const [name, srv] of [['A', A], ['B', B]]) {
    const read = await srv.get('/api/v1/organisations?limit=1', { auth });
    assert.equal(read.status, 200, `${name}: ${read.text}`);
    const write = await srv.post('/api/v1/organisations', { auth, json: structure(`CADA par jeton via ${name}`) });
    assert.equal(write.status, 201, `${name}: ${write.text}`);
  }
  assertProblem(await B.get('/api/v1/organisations', { auth: { token: 'not-a-token' } }), 401, 'not_authenticated');
});

test('the audit chain written by both servers is intact', async () => {
  const v = await A.cli(['audit', 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /^audit chain intact: \d+ events/);
});
