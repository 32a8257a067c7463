// Backups: `relais backup` copies a served SQLite database while it is written to, with its key
// file; `relais restore` puts the copy in place for a new server, which serves the same data
// (a resident's sealed first name readable: the key came along). Every refusal leaves every file
// as it was. On PostgreSQL `relais backup` points at pg_dump, and the way docs/operations.md
// describes (pg_dump, pg_restore, the same key file) is run as written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useServer, startServer, runRelais, run, makeTempDir, newPgName, psql, TestDatabase, PG_BASE, RELAIS_BIN } from './server.mjs';

const srv = useServer();
const as = {};
let dir;
before(async () => {
  await srv.ready;
  for (const role of ['coordinator', 'structure']) as[role] = await srv.loginAs(role);
  dir = await makeTempDir('relais-backup-');
});
after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const sqliteOnly = { skip: PG_BASE ? 'relais backup and restore copy SQLite files' : false };
const mode = async (file) => (await fs.stat(file)).mode & 0o777;
const sha = async (file) => crypto.createHash('sha256').update(await fs.readFile(file)).digest('hex');
const exists = (file) => fs.access(file).then(() => true, () => false);
const organisations = async (server, auth) =>
  (await server.listAll('/api/v1/organisations', auth)).items.map((o) => [o.id, o.name]).sort((a, b) => a[0] - b[0]);

/** What a second server must serve the same: the stock summary and a resident's sealed first name. */
async function servedData(server, auth) {
  const stock = await server.get('/api/v1/stock/summary?verify=true', { auth: auth.coordinator });
  assert.equal(stock.status, 200, stock.text);
  const residents = (await server.listAll('/api/v1/residents', auth.structure)).items;
  const named = [];
  for (const r of residents.filter((x) => x.pseudonym === residentPseudonym)) {
    const one = await server.get(`/api/v1/residents/${r.id}`, { auth: auth.structure });
    assert.equal(one.status, 200, one.text);
    named.push([one.body.pseudonym, one.body.first_name, one.body.contact]);
  }
  return { stock: stock.body, named };
}
let residentPseudonym;

test('relais backup while the server is written to, then relais restore: a second server serves the same data', sqliteOnly, async () => {
  const created = await srv.post('/api/v1/residents', { auth: as.structure,
    json: { household_size: 2, languages: ['fr'], first_name: 'Zaïnab', contact: '06 12 34 56 78' } });
  assert.equal(created.status, 201, created.text);
  residentPseudonym = created.body.pseudonym;
  const live = await servedData(srv, as);
  assert.deepEqual(live.named, [[residentPseudonym, 'Zaïnab', '+33612345678']]);
  const before = await organisations(srv, as.coordinator);

  // Organisations are created one after another while the backup runs.
  let writing = true;
  let written = 0;
  const writer = (async () => {
    while (writing) {
      const r = await srv.post('/api/v1/organisations', { auth: as.coordinator, json: { kind: 'funder', name: `Pendant ${written}` } });
      assert.equal(r.status, 201, r.text);
      written++;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const out = path.join(dir, 'copie.db');
  const writtenBefore = written;
  const backup = await runRelais(['backup', '--db', srv.dbArg, out]);
  const writtenDuring = written - writtenBefore;
  writing = false;
  await writer;
  assert.equal(backup.code, 0, backup.stderr);
  assert.ok(writtenDuring > 0, 'the server was written to during the backup');
  assert.match(backup.stdout, new RegExp(`^backed up .+ to ${out} \\(\\d+ bytes\\), its key to ${out}\\.key\\n$`));
  assert.deepEqual([await mode(out), await mode(`${out}.key`)], [0o600, 0o600]);
  assert.equal(await sha(`${out}.key`), await sha(`${srv.dbArg}.key`));

  const target = path.join(dir, 'restored', 'relais.db');
  const restored = await runRelais(['restore', out, '--db', target]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, new RegExp(`^restored ${out} \\(schema version \\d+\\) to ${target}, its key to ${target}\\.key\\n$`));
  assert.deepEqual([await mode(target), await mode(`${target}.key`)], [0o600, 0o600]);
  assert.equal(await sha(`${target}.key`), await sha(`${srv.dbArg}.key`));

  const database = new TestDatabase({ dir: path.dirname(target), arg: target, env: {}, keyFile: `${target}.key` });
  const second = await startServer({ demo: false, database });
  try {
    const auth = { coordinator: await second.loginAs('coordinator'), structure: await second.loginAs('structure') };
    // The same data, sealed values included.
    assert.deepEqual(await servedData(second, auth), live);
    // The organisations as they were at one moment of the writes: those before, then the first
    // ones written during the backup, in order.
    const copied = await organisations(second, auth.coordinator);
    const now = await organisations(srv, as.coordinator);
    assert.equal(now.length, before.length + written);
    // Every write answered before the backup began is in the copy.
    assert.ok(copied.length >= before.length + writtenBefore && copied.length <= now.length,
      `${copied.length} organisations copied, ${before.length + writtenBefore} before the backup, ${now.length} now`);
    assert.deepEqual(copied, now.slice(0, copied.length));
    const audit = await runRelais(['audit', 'verify', '--db', target]);
    assert.equal(audit.code, 0, audit.stderr);
  } finally {
    await second.stop();
  }
});

test('relais backup refuses an existing OUT or OUT.key, and a missing database; nothing is written', sqliteOnly, async () => {
  const out = path.join(dir, 'existing.db');
  await fs.writeFile(out, 'do not touch');
  const refused = await runRelais(['backup', '--db', srv.dbArg, out]);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, `error: ${out} already exists; relais backup never overwrites a file: name a new one\n`);
  assert.equal(await fs.readFile(out, 'utf8'), 'do not touch');
  assert.equal(await exists(`${out}.key`), false);

  const other = path.join(dir, 'other.db');
  await fs.writeFile(`${other}.key`, 'a key');
  const keyRefused = await runRelais(['backup', '--db', srv.dbArg, other]);
  assert.equal(keyRefused.code, 1);
  assert.equal(keyRefused.stderr, `error: ${other}.key already exists; relais backup never overwrites a file: name a new one\n`);
  assert.equal(await exists(other), false);
  assert.equal(await fs.readFile(`${other}.key`, 'utf8'), 'a key');

  const noFolder = path.join(dir, 'no-such-folder', 'copie.db');
  const folderRefused = await runRelais(['backup', '--db', srv.dbArg, noFolder]);
  assert.equal(folderRefused.code, 1);
  assert.equal(folderRefused.stderr, `error: no folder ${path.dirname(noFolder)} to write ${noFolder} in\n`);
  assert.equal(await exists(path.dirname(noFolder)), false);

  const missing = path.join(dir, 'nowhere', 'relais.db');
  const none = await runRelais(['backup', '--db', missing, path.join(dir, 'none.db')]);
  assert.equal(none.code, 1);
  assert.equal(none.stderr, `error: no database at ${missing}\n`);
  assert.equal(await exists(path.join(dir, 'none.db')), false);
  assert.equal(await exists(missing), false, 'no database was created');
});

test('relais restore refuses a missing, unreadable, foreign or damaged backup, a missing key, an existing database; nothing is written', sqliteOnly, async () => {
  const good = path.join(dir, 'good.db');
  const made = await runRelais(['backup', '--db', srv.dbArg, good]);
  assert.equal(made.code, 0, made.stderr);
  const target = path.join(dir, 'target', 'relais.db');
  const restore = (from, extra = []) => runRelais(['restore', from, '--db', target, ...extra]);
  const nothingWritten = async () => {
    assert.equal(await exists(target), false);
    assert.equal(await exists(`${target}.key`), false);
    const left = await fs.readdir(path.dirname(target)).catch(() => []);
    assert.deepEqual(left, [], 'no temporary file left');
  };

  const missing = await restore(path.join(dir, 'missing.db'));
  assert.deepEqual([missing.code, missing.stderr], [1, `error: no backup at ${path.join(dir, 'missing.db')}\n`]);
  await nothingWritten();

  // A file that is not SQLite, with a key beside it.
  const foreign = path.join(dir, 'foreign.db');
  await fs.writeFile(foreign, 'iccid,msisdn\n'.repeat(400));
  await fs.copyFile(`${good}.key`, `${foreign}.key`);
  const notSqlite = await restore(foreign);
  assert.deepEqual([notSqlite.code, notSqlite.stderr],
    [1, `error: ${foreign} is not an SQLite database (not a file made by relais backup)\n`]);
  await nothingWritten();

  // Damaged: pages overwritten, or the file cut short.
  const bytes = await fs.readFile(good);
  const page = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  const pages = bytes.length / page;
  const scrambled = Buffer.from(bytes);
  for (let p = 1; p < pages; p += 7) scrambled.fill(0x5a, p * page, (p + 1) * page);
  const schema = Buffer.from(bytes);
  schema.fill(0x5a, 100, page);
  for (const [name, damaged] of [
    ['scrambled.db', scrambled],  // one page in seven, from the second
    ['schema.db', schema],        // the first page's table of tables
    ['truncated.db', bytes.subarray(0, page * Math.floor(pages / 3))],
  ]) {
    const file = path.join(dir, name);
    await fs.writeFile(file, damaged);
    await fs.copyFile(`${good}.key`, `${file}.key`);
    const r = await restore(file);
    assert.equal(r.code, 1, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^error: ${file} is damaged: .+\\n$`), name);
    await nothingWritten();
  }

  // Unreadable: mode 000. Root reads any file, so as root the restore runs as `nobody`, for whom
  // the mode counts (the folder and the key readable to it).
  const locked = path.join(dir, 'locked.db');
  await fs.copyFile(good, locked);
  await fs.copyFile(`${good}.key`, `${locked}.key`);
  await fs.chmod(locked, 0o000);
  let unreadable;
  if (process.getuid() === 0) {
    await fs.chmod(dir, 0o755);
    await fs.chmod(`${locked}.key`, 0o644);
    unreadable = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', RELAIS_BIN, 'restore', locked,
      '--db', target]);
  } else {
    unreadable = await restore(locked);
  }
  assert.deepEqual([unreadable.code, unreadable.stderr], [1, `error: cannot read ${locked}: Permission denied\n`]);
  await nothingWritten();
  const folder = await restore(dir);
  assert.deepEqual([folder.code, folder.stderr], [1, `error: ${dir} is not a file\n`]);
  await nothingWritten();

  // A backup without its key.
  const keyless = path.join(dir, 'keyless.db');
  await fs.copyFile(good, keyless);
  const noKey = await restore(keyless);
  assert.deepEqual([noKey.code, noKey.stderr], [1, `error: no key file beside the backup (${keyless}.key): without it ` +
    'the sealed values (PUK codes, notes, residents\' names) cannot be read\n']);
  await nothingWritten();

  // An existing database is replaced only with --force.
  const first = await restore(good);
  assert.equal(first.code, 0, first.stderr);
  const kept = [await sha(target), await sha(`${target}.key`)];
  const again = await restore(good);
  assert.deepEqual([again.code, again.stderr], [1, `error: ${target} already exists; relais restore replaces a ` +
    'database and its key only with --force (stop the servers on it first)\n']);
  assert.deepEqual([await sha(target), await sha(`${target}.key`)], kept);
  const forced = await restore(good, ['--force']);
  assert.equal(forced.code, 0, forced.stderr);
  const audit = await runRelais(['audit', 'verify', '--db', target]);
  assert.equal(audit.code, 0, audit.stderr);
});

test('on PostgreSQL, relais backup and restore point at pg_dump and pg_restore', { skip: PG_BASE ? false : 'PostgreSQL only' }, async () => {
  const out = path.join(dir, 'pg.db');
  const backup = await runRelais(['backup', '--db', srv.dbArg, out], { env: srv.env });
  assert.equal(backup.code, 2);
  assert.equal(backup.stderr, 'error: relais backup copies an SQLite database; back up a PostgreSQL database with ' +
    'pg_dump, and its key file (RELAIS_KEY_FILE) apart: see docs/operations.md, "Backups"\n');
  assert.equal(await exists(out), false);
  const restore = await runRelais(['restore', out, '--db', srv.dbArg], { env: srv.env });
  assert.equal(restore.code, 2);
  assert.equal(restore.stderr, 'error: relais restore puts an SQLite backup in place; restore a PostgreSQL dump ' +
    'with pg_restore: see docs/operations.md, "Backups"\n');
});

test('on PostgreSQL, the way of docs/operations.md: pg_dump, pg_restore into a new database, the same key file', { skip: PG_BASE ? false : 'PostgreSQL only' }, async () => {
  const created = await srv.post('/api/v1/residents', { auth: as.structure,
    json: { household_size: 1, languages: ['fr'], first_name: 'Yohannes', contact: '07 98 76 54 32' } });
  assert.equal(created.status, 201, created.text);
  residentPseudonym = created.body.pseudonym;
  const live = await servedData(srv, as);
  assert.deepEqual(live.named, [[residentPseudonym, 'Yohannes', '+33798765432']]);
  const dump = path.join(dir, 'relais.dump');
  const dumped = await run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, srv.dbArg]);
  assert.equal(dumped.code, 0, dumped.stderr);
  const name = newPgName();
  await psql('postgres', `CREATE DATABASE ${name}`);
  const database = new TestDatabase({ dir: await makeTempDir('relais-pg-restore-'), arg: `${PG_BASE}/${name}`,
    env: srv.env, keyFile: srv.env.RELAIS_KEY_FILE, pgName: name });
  try {
    const restored = await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${database.arg}`, dump]);
    assert.equal(restored.code, 0, restored.stderr);
    const audit = await database.cli(['audit', 'verify']);
    assert.equal(audit.code, 0, audit.stderr);
    const second = await startServer({ demo: false, database });
    try {
      const auth = { coordinator: await second.loginAs('coordinator'), structure: await second.loginAs('structure') };
      assert.deepEqual(await servedData(second, auth), live);
      assert.deepEqual(await organisations(second, auth.coordinator), await organisations(srv, as.coordinator));
    } finally {
      await second.stop();
    }
  } finally {
    await database.drop();
  }
});
