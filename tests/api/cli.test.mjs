// The relais command line: version, demo, migrate, audit verify, user add.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, runRelais, run, psql, assertProblem, TestDatabase, PG_BASE } from './server.mjs';

const srv = useServer();

const databases = [];
async function tempDb() {
  const db = await TestDatabase.create('relais-cli-');
  databases.push(db);
  return db;
}
after(async () => {
  for (const db of databases) await db.drop();
});

const ACCOUNTS = ['coordinator', 'funder', 'operator', 'logistics', 'liaison', 'structure', 'association'];

test('relais version prints "relais 0.1.0"', async () => {
  const r = await runRelais(['version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'relais 0.1.0\n');
});

test('relais demo on an empty database creates the demo (135 organisations, 120 structures)', async () => {
  const db = await tempDb();
  // The whole demo, with its year of history (some 15 s on PostgreSQL).
  const r = await db.cli(['demo'], { timeoutMs: 120000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /135 organisations, 120 hosting structures/);
  for (const role of ACCOUNTS) assert.match(r.stdout, new RegExp(`${role}@demo\\.relais`));
});

test('relais demo on the already-demo database exits 0 and prints the accounts again', async () => {
  await srv.ready;
  const r = await srv.cli(['demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /already/);
  assert.match(r.stdout, /password: relais-demo/);
  for (const role of ACCOUNTS) assert.match(r.stdout, new RegExp(`${role}@demo\\.relais`));
  // nothing was added
  const c = await srv.loginAs('coordinator');
  assert.equal((await srv.get('/api/v1/organisations?limit=1', { auth: c })).body.total, 135);
});

test('relais demo on a database holding other data → exit code 1, nothing added', async () => {
  const db = await tempDb();
  const m = await db.cli(['migrate']);
  assert.equal(m.code, 0, m.stderr);
  // Other data: a programme's first audited action (nothing else can be written without an account).
  const purge = await db.cli(['purge']);
  assert.equal(purge.code, 0, purge.stderr);
  assert.match((await db.cli(['audit', 'verify'])).stdout, /^audit chain intact: 1 events/);

  const r = await db.cli(['demo']);
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /other data/);
  // Nothing added: the demo audits every organisation it creates, and there is still no organisation 1.
  assert.match((await db.cli(['audit', 'verify'])).stdout, /^audit chain intact: 1 events/);
  const user = await db.cli(['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'funder',
    '--organisation', '1'], { input: 'mot-de-passe-long\n' });
  assert.equal(user.code, 2, `${user.stdout}${user.stderr}`);
  assert.match(user.stderr, /organisation_id/);
});

test('relais audit verify: intact chain → 0; tampered event 5 → exit code 3 naming event 5', async () => {
  const db = await tempDb();
  assert.equal((await db.cli(['demo', '--no-history'])).code, 0);
  const ok = await db.cli(['audit', 'verify']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^audit chain intact/);

  // The one direct database access of the API tests: tampering with the stored log behind Relais's
  // back is what this test is about, so it goes around the API, with the engine's own client.
  const tamper = "UPDATE audit_events SET summary='x' WHERE id=5";
  if (PG_BASE) {
    await psql(db.pgName, tamper);
  } else {
    const t = await run('sqlite3', [db.arg, tamper]);
    assert.equal(t.code, 0, t.stderr);
  }
  const bad = await db.cli(['audit', 'verify']);
  assert.equal(bad.code, 3, `${bad.stdout}${bad.stderr}`);
  assert.match(bad.stderr, /\bevent 5\b/);
  assert.doesNotMatch(bad.stdout, /intact/);
});

test('relais audit verify on the live server database, after API writes → 0', async () => {
  const c = await srv.loginAs('coordinator');
  assert.equal((await srv.post('/api/v1/organisations', { auth: c, json: { kind: 'funder', name: 'Audit CLI' } }))
    .status, 201);
  const r = await srv.cli(['audit', 'verify']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^audit chain intact/);
});

test('relais user add reads the password from stdin; the user logs in through the API', async () => {
  const c = await srv.loginAs('coordinator');
  const org = (await srv.get('/api/v1/organisations?kind=structure&limit=1', { auth: c })).body.items[0];
  const r = await srv.cli(['user', 'add', '--email', 'cli.user@example.org', '--name', 'Cli User',
    '--role', 'structure', '--organisation', String(org.id)], { input: 'mot-de-passe-cli\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /cli\.user@example\.org/);

  const s = await srv.login('cli.user@example.org', 'mot-de-passe-cli');
  assert.equal(s.user.role, 'structure');
  assert.equal(s.user.organisation_id, org.id);
  assert.equal(s.user.name, 'Cli User');
  // the trailing newline is not part of the password
  assertProblem(await srv.loginResponse('cli.user@example.org', 'mot-de-passe-cli\n'), 401, 'invalid_credentials');
});

test('relais user add refuses a short password from stdin (non-zero exit, no account)', async () => {
  const c = await srv.loginAs('coordinator');
  const before = (await srv.get('/api/v1/users?limit=1', { auth: c })).body.total;
  const r = await srv.cli(['user', 'add', '--email', 'cli.short@example.org', '--name', 'Short',
    '--role', 'coordinator', '--organisation', String(c.user.organisation_id)], { input: 'short\n' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /password/);
  assert.equal((await srv.get('/api/v1/users?limit=1', { auth: c })).body.total, before);
  assertProblem(await srv.loginResponse('cli.short@example.org', 'short'), 401, 'invalid_credentials');
});
