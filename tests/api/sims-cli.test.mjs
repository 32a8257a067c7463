// `relais import sims` on fresh demo databases, each with its own server to see through the API what
// the command stored, plus the SIM import through a server started with --max-body-bytes 65536 (413 for
// a bigger file; a CLI import into the live database shows in the API).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useServer, startServer, runRelais, makeTempDir, missingDbArg, assertProblem, withLuhn, TestDatabase, PG_BASE }
  from './server.mjs';

const LIMIT = 65536;
const srv = useServer({ serveArgs: ['--max-body-bytes', String(LIMIT)] });


/** A valid SFR ICCID (issuer 893310, then 1) with an 11-digit serial; this file uses serials 43,000,000+. */
const sfr = (n) => withLuhn(`8933101${String(43_000_000 + n).padStart(11, '0')}`);
/** A French mobile number not used by the demo. */
const mobile = (n) => `0643${String(n).padStart(6, '0')}`;
const imsi = (n) => `20810${String(4_300_000_000 + n).padStart(10, '0')}`;

const tempDirs = [];
const servers = [];
const databases = [];
after(async () => {
  for (const s of servers) await s.stop();
  for (const db of databases) await db.drop();
  for (const d of tempDirs) await fs.rm(d, { recursive: true, force: true });
});

/**
 * A fresh demo database with its own server, to look at what the CLI did through the API; returns
 * {dir, server, coordinator, file(name, text), importSims(file, args), count(), sim(iccid), batch(id)}.
 */
async function demoDb() {
  const server = await startServer();
  servers.push(server);
  const coordinator = await server.loginAs('coordinator');
  return {
    dir: server.dir,
    server,
    coordinator,
    async file(name, text) {
      const p = path.join(server.dir, name);
      await fs.writeFile(p, text);
      return p;
    },
    importSims(file, extra = []) {
      return server.cli(['import', 'sims', '--operator', 'SFR', '--plan', 'CU-2020', ...extra, file]);
    },
    /** The cards and the batches Relais holds. */
    async count() {
      const r = await server.get('/api/v1/stock/summary', { auth: coordinator });
      assert.equal(r.status, 200, r.text);
      return { sims: r.body.total, batches: r.body.batches.length };
    },
    /** GET /api/v1/sims/{iccid} as the coordinator. */
    sim(iccid) {
      return server.get(`/api/v1/sims/${iccid}`, { auth: coordinator });
    },
    async batch(id) {
      const r = await server.get(`/api/v1/sim-batches/${id}`, { auth: coordinator });
      assert.equal(r.status, 200, r.text);
      return r.body;
    },
  };
}

const GOOD = 'iccid,msisdn,imsi,puk\n' +
  `${sfr(1)},${mobile(1)},${imsi(1)},12340001\n` +
  `${sfr(2)},${mobile(2)},${imsi(2)},12340002\n` +
  `${sfr(3)},${mobile(3)},,\n`;

test('the Luhn helper matches the contract ICCIDs', () => {
  assert.equal(withLuhn('893310100000000001'), '8933101000000000010');
  assert.equal(withLuhn('893310100000000003'), '8933101000000000036');
  assert.equal(withLuhn('893310200001200000'), '8933102000012000007');
});

test('a good file → exit 0 "imported 3 SIM cards, batch 2"; the same file again → "already imported"', async () => {
  const d = await demoDb();
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });
  const f = await d.file('livraison.csv', GOOD);

  const r = await d.importSims(f, ['--reference', 'Livraison CLI']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'imported 3 SIM cards, batch 2\n');
  assert.equal(r.stderr, '');
  assert.deepEqual(await d.count(), { sims: 2503, batches: 2 });
  assert.equal((await d.batch(2)).reference, 'Livraison CLI');
  for (const iccid of [sfr(1), sfr(2), sfr(3)]) {
    const card = await d.sim(iccid);
    assert.deepEqual([card.status, card.body.batch_id, card.body.state], [200, 2, 'in_stock'], iccid);
  }

  const again = await d.importSims(f, ['--reference', 'Livraison CLI']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'already imported (same file): 3 SIM cards, batch 2\n');
  assert.deepEqual(await d.count(), { sims: 2503, batches: 2 });

  // without --reference the reference is the file name
  const other = await d.file('second.csv', `iccid,msisdn\n${sfr(4)},${mobile(4)}\n`);
  const r2 = await d.importSims(other);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal(r2.stdout, 'imported 1 SIM card, batch 3\n');
  assert.deepEqual(await d.count(), { sims: 2504, batches: 3 });
  assert.equal((await d.batch(3)).reference, 'second.csv');

  const audit = await d.server.cli(['audit', 'verify']);
  assert.equal(audit.code, 0, audit.stderr);
  assert.match(audit.stdout, /^audit chain intact/);
});

test('a bad file → exit 2, stderr "line N: column: value: message" for every bad line, nothing stored', async () => {
  const d = await demoDb();
  const wrongCheck = sfr(10).slice(0, 18) + String((Number(sfr(10)[18]) + 1) % 10);
  const f = await d.file('bad.csv', [
    'iccid,msisdn,imsi,puk',
    `${wrongCheck},${mobile(10)},,`, // 2
    `${sfr(11)},${mobile(11)},,`, // 3 good
    `${sfr(12)},0712345678,,`, // 4
    `${sfr(13)},${mobile(13)},208150000000013,`, // 5 MNC 15 is not SFR's
    `${sfr(14)},${mobile(14)},,123`, // 6
    `${sfr(11)},${mobile(15)},,`, // 7 same ICCID as line 3
    `8933102000012000015,${mobile(16)},,`, // 8 demo card
    `${sfr(17)},${mobile(17)}`, // 9
  ].join('\n') + '\n');
  const r = await d.importSims(f, ['--reference', 'Bad']);
  assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, [
    'error: File refused: 7 bad lines, nothing was stored.',
    `line 2: iccid: ${wrongCheck}: ICCID: wrong check digit (Luhn).`,
    'line 4: msisdn: 0712345678: Invalid phone number.',
    "line 5: imsi: 208150000000013: IMSI: network code of an operator other than the batch's.",
    'line 6: puk: : PUK: 8 digits expected.',
    `line 7: iccid: ${sfr(11)}: ICCID already earlier in this file.`,
    'line 8: iccid: 8933102000012000015: This card (ICCID) is already known to Relais.',
    'line 9: : : 2 fields instead of 4.',
  ].join('\n') + '\n');
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });
  assertProblem(await d.sim(sfr(11)), 404, 'not_found');
});

test('a file with 3 bad lines and no good one → exit 2, sims and sim_batches unchanged', async () => {
  const d = await demoDb();
  const before = await d.count();
  const events = await d.server.auditCount();
  const f = await d.file('three.csv', [
    'iccid,msisdn',
    `${withLuhn('893301000043000020')},${mobile(20)}`, // another operator's issuer prefix
    `${sfr(21)},06 10 00 00 07`, // the MSISDN of demo card 2
    `abc,${mobile(22)}`,
  ].join('\n') + '\n');
  const r = await d.importSims(f, ['--reference', 'Trois']);
  assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
  assert.equal(r.stderr, [
    'error: File refused: 3 bad lines, nothing was stored.',
    `line 2: iccid: ${withLuhn('893301000043000020')}: ICCID of an operator other than the batch's.`,
    'line 3: msisdn: 06 10 00 00 07: This number already belongs to a card known to Relais.',
    'line 4: iccid: abc: ICCID: digits expected.',
  ].join('\n') + '\n');
  assert.deepEqual(await d.count(), before);
  assert.deepEqual(before, { sims: 2500, batches: 1 });
  assert.equal(await d.server.auditCount(), events, 'no audit event for a refused file (and the chain holds)');
});

test('the vendor output file → exit 0; a Quantity mismatch → exit 2 naming the Quantity line', async () => {
  const d = await demoDb();
  const vendor = (quantity, rows) => ['*HEADER DESCRIPTION', '*===================', 'Customer: SFR',
    `Quantity: ${quantity}`, '*', '*OUTPUT VARIABLES', 'var_out: ICCID/IMSI/MSISDN/PIN1/PUK1', ...rows]
    .join('\n') + '\n';
  const rows = [
    `${sfr(30)}F ${imsi(30)} ${mobile(30)} 0000 76540030`,
    `${sfr(31)}F ${imsi(31)} ${mobile(31)} 0000 76540031`,
  ];
  const bad = await d.importSims(await d.file('mismatch.out', vendor(3, rows)), ['--reference', 'V']);
  assert.equal(bad.code, 2, `${bad.stdout}${bad.stderr}`);
  assert.equal(bad.stderr, 'error: File refused: 1 bad line, nothing was stored.\n' +
    'line 4: Quantity: 3: The declared quantity (3) differs from the number of card lines (2).\n');
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });

  const ok = await d.importSims(await d.file('vendor.out', vendor(2, rows)), ['--reference', 'V']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'imported 2 SIM cards, batch 2\n');
  assert.deepEqual(await d.count(), { sims: 2502, batches: 2 });
  const batch2 = await d.server.listAll('/api/v1/sims?batch=2', d.coordinator);
  assert.deepEqual(batch2.items.map((c) => [c.iccid, c.msisdn, c.imsi]).sort(),
    [[sfr(30), '+33643000030', imsi(30)], [sfr(31), '+33643000031', imsi(31)]]);
});

test('a secret column → exit 2, one line per secret column, nothing stored', async () => {
  const d = await demoDb();
  const f = await d.file('secret.csv', `ICCID,MSISDN,KI,OPc,ADM1\n${sfr(40)},${mobile(40)},00AA,11BB,12345678\n`);
  const r = await d.importSims(f, ['--reference', 'Secret']);
  assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
  const msg = 'Secret column refused: Relais never holds SIM secrets (Ki, OPc, ADM, OTA keys). Remove it from the file.';
  assert.equal(r.stderr, [
    'error: File refused: 1 bad line, nothing was stored.',
    `line 1: KI: KI: ${msg}`,
    `line 1: OPc: OPc: ${msg}`,
    `line 1: ADM1: ADM1: ${msg}`,
  ].join('\n') + '\n');
  assert.doesNotMatch(r.stderr, /00AA|11BB/);
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });
});

test('relais import sims on a missing --db → exit 1, no database created', async () => {
  const dir = await makeTempDir('relais-sims-cli-');
  tempDirs.push(dir);
  const file = path.join(dir, 'good.csv');
  await fs.writeFile(file, GOOD);
  const db = missingDbArg(dir);
  const keyFile = path.join(dir, 'relais.db.key');
  const env = PG_BASE ? { RELAIS_KEY_FILE: keyFile } : {};
  const r = await runRelais(['import', 'sims', '--db', db, '--operator', 'SFR', '--plan', 'CU-2020',
    '--reference', 'X', file], { env });
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: /);
  if (PG_BASE) {
    // Still no such database: relais cannot even read its audit log; and no key was made for it.
    const verify = await runRelais(['audit', 'verify', '--db', db], { env });
    assert.equal(verify.code, 1, `${verify.stdout}${verify.stderr}`);
    await assert.rejects(fs.stat(keyFile));
  } else {
    await assert.rejects(fs.stat(db));
    await assert.rejects(fs.stat(path.join(dir, 'missing')));
  }
});

test('an unknown operator or plan → non-zero exit naming the field, nothing stored', async () => {
  const d = await demoDb();
  const f = await d.file('good.csv', GOOD);
  const op = await d.server.cli(['import', 'sims', '--operator', 'NOPE', '--plan', 'CU-2020', '--reference', 'X', f]);
  assert.notEqual(op.code, 0);
  assert.match(op.stderr, /operator/);
  const plan = await d.server.cli(['import', 'sims', '--operator', 'SFR', '--plan', 'NOPE', '--reference', 'X', f]);
  assert.notEqual(plan.code, 0);
  assert.match(plan.stderr, /plan/);
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });
});

// ---------------------------------------------------------------------------------------------------------------
// The live server (--max-body-bytes 65536)

const summary = async (auth) => {
  const r = await srv.get('/api/v1/stock/summary', { auth });
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('a 70,000-byte SIM file → 413 body_too_large; nothing stored', async () => {
  const c = await srv.loginAs('coordinator');
  const o = await srv.loginAs('operator');
  const before = (await summary(c)).total;
  let body = 'iccid,msisdn\n';
  for (let i = 0; body.length < 70_000; i++) body += `${sfr(1000 + i)},${mobile(1000 + i)}\n`;
  body = body.slice(0, 70_000);
  assert.equal(Buffer.byteLength(body), 70_000);
  const r = await srv.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Big',
    { auth: o, body, contentType: 'text/csv' });
  const p = assertProblem(r, 413, 'body_too_large');
  assert.match(p.detail, /65536/);
  assert.equal((await summary(c)).total, before);
  assertProblem(await srv.get(`/api/v1/sims/${sfr(1000)}`, { auth: c }), 404, 'not_found');
});

test('a 2,000-card file just under the limit → 201 quantity 2000, reconciled', async () => {
  const c = await srv.loginAs('coordinator');
  const o = await srv.loginAs('operator');
  const before = await summary(c);
  let body = 'iccid,msisdn\n';
  for (let i = 0; i < 2000; i++) body += `${sfr(5000 + i)},${mobile(5000 + i)}\n`;
  assert.ok(Buffer.byteLength(body) < LIMIT, `${Buffer.byteLength(body)} bytes`);
  const r = await srv.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Deux%20mille',
    { auth: o, body, contentType: 'text/csv' });
  assert.equal(r.status, 201, r.text.slice(0, 500));
  assert.equal(r.body.quantity, 2000);
  const after = await summary(c);
  assert.equal(after.total, before.total + 2000);
  assert.equal(after.reconciled, true);
  const b = after.batches.find((x) => x.batch.id === r.body.id);
  assert.deepEqual([b.total, b.reconciled], [2000, true]);
});

test('relais import sims into the live database → the API shows the new batch; audit chain intact', async () => {
  await srv.ready;
  const c = await srv.loginAs('coordinator');
  const before = await summary(c);
  const dir = await makeTempDir('relais-sims-cli-');
  tempDirs.push(dir);
  const file = path.join(dir, 'live.csv');
  await fs.writeFile(file, `iccid,msisdn,puk\n${sfr(9001)},${mobile(9001)},24680001\n` +
    `${sfr(9002)},${mobile(9002)},24680002\n`);
  const r = await srv.cli(['import', 'sims', '--operator', 'SFR', '--plan', 'CU-2020', '--reference', 'Live', file]);
  assert.equal(r.code, 0, r.stderr);
  const id = before.batches.length + 1;
  assert.equal(r.stdout, `imported 2 SIM cards, batch ${id}\n`);

  const after = await summary(c);
  assert.equal(after.total, before.total + 2);
  assert.equal(after.reconciled, true);
  const b = after.batches.at(-1);
  assert.deepEqual([b.batch.id, b.batch.reference, b.batch.quantity, b.total, b.reconciled],
    [id, 'Live', 2, 2, true]);
  const card = await srv.get(`/api/v1/sims/${sfr(9002)}`, { auth: c });
  assert.equal(card.status, 200, card.text);
  assert.deepEqual([card.body.msisdn, card.body.batch_id, card.body.state], ['+33643009002', id, 'in_stock']);
  assert.deepEqual((await srv.get(`/api/v1/sims/${sfr(9002)}/puk`, { auth: c })).body, { puk: '24680002' });
  assert.deepEqual(card.body.timeline.map((t) => [t.transition, t.from, t.to]), [['receive', null, 'in_stock']]);

  const audit = await srv.cli(['audit', 'verify']);
  assert.equal(audit.code, 0, audit.stderr);
  assert.match(audit.stdout, /^audit chain intact/);
});

test('a database whose PUK key file is missing is refused, not given a new key', async () => {
  const db = await TestDatabase.create('relais-key-');
  databases.push(db);
  assert.equal((await db.cli(['demo', '--no-history'])).code, 0);
  await fs.rm(db.keyFile);
  const r = await db.cli(['import', 'sims', '--operator', 'SFR', '--plan', 'CU-2020', `${db.dir}/none.csv`]);
  assert.notEqual(r.code, 0);
  const file = `${db.dir}/one.csv`;
  await fs.writeFile(file, 'iccid,msisdn\n8933101000000000036,0612345670\n');
  const refused = await db.cli(['import', 'sims', '--operator', 'SFR', '--plan', 'CU-2020', file]);
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /relais\.db\.key/);
  await assert.rejects(fs.access(db.keyFile));
});
