// The relais command line: version, demo, migrate, audit verify, user add.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useServer, runRelais, run, makeTempDir, assertProblem } from './server.mjs';

const srv = useServer();

const tempDirs = [];
async function tempDb() {
  const dir = await makeTempDir('relais-cli-');
  tempDirs.push(dir);
  return path.join(dir, 'relais.db');
}
after(async () => {
  for (const d of tempDirs) await fs.rm(d, { recursive: true, force: true });
});

const ACCOUNTS = ['coordinator', 'funder', 'operator', 'logistics', 'liaison', 'structure', 'association'];

test('relais version prints "relais 0.1.0"', async () => {
  const r = await runRelais(['version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'relais 0.1.0\n');
});

test('relais demo on an empty database creates the demo (135 organisations, 120 structures)', async () => {
  const db = await tempDb();
  const r = await runRelais(['demo', '--db', db]);
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
  const m = await runRelais(['migrate', '--db', db]);
  assert.equal(m.code, 0, m.stderr);
  const ins = await run('sqlite3', [db,
    "INSERT INTO organisations(kind,name,sort_name,created_at,updated_at) VALUES('funder','X','x','t','t')"]);
  assert.equal(ins.code, 0, ins.stderr);

  const r = await runRelais(['demo', '--db', db]);
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /other data/);
  const count = await run('sqlite3', [db, 'SELECT count(*) FROM organisations']);
  assert.equal(count.stdout.trim(), '1');
});

test('relais audit verify: intact chain → 0; tampered event 5 → exit code 3 naming event 5', async () => {
  const db = await tempDb();
  assert.equal((await runRelais(['demo', '--db', db])).code, 0);
  const ok = await runRelais(['audit', 'verify', '--db', db]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^audit chain intact/);

  const t = await run('sqlite3', [db, "UPDATE audit_events SET summary='x' WHERE id=5"]);
  assert.equal(t.code, 0, t.stderr);
  const bad = await runRelais(['audit', 'verify', '--db', db]);
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
