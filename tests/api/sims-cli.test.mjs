// `relais import sims` on temp demo databases, plus the SIM import through a server started with
// --max-body-bytes 65536 (413 for a bigger file; a CLI import into the live database shows in the API).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useServer, runRelais, run, makeTempDir, assertProblem, withLuhn } from './server.mjs';

const LIMIT = 65536;
const srv = useServer({ serveArgs: ['--max-body-bytes', String(LIMIT)] });


/** A valid SFR ICCID (issuer 893310, then 1) with an 11-digit serial; this file uses serials 43,000,000+. */
const sfr = (n) => withLuhn(`8933101${String(43_000_000 + n).padStart(11, '0')}`);
/** A French mobile number not used by the demo. */
const mobile = (n) => `0643${String(n).padStart(6, '0')}`;
const imsi = (n) => `20810${String(4_300_000_000 + n).padStart(10, '0')}`;

const tempDirs = [];
after(async () => {
  for (const d of tempDirs) await fs.rm(d, { recursive: true, force: true });
});

/** A fresh demo database in its own temp dir; returns {dir, db, file(name, text), importSims(args), count()}. */
async function demoDb() {
  const dir = await makeTempDir('relais-sims-cli-');
  tempDirs.push(dir);
  const db = path.join(dir, 'relais.db');
  const r = await runRelais(['demo', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return {
    dir,
    db,
    async file(name, text) {
      const p = path.join(dir, name);
      await fs.writeFile(p, text);
      return p;
    },
    importSims(file, extra = []) {
      return runRelais(['import', 'sims', '--db', db, '--operator', 'SFR', '--plan', 'CU-2020', ...extra, file]);
    },
    async count() {
      const q = await run('sqlite3', [db, 'SELECT (SELECT count(*) FROM sims) || \' \' || (SELECT count(*) FROM ' +
        'sim_batches)']);
      assert.equal(q.code, 0, q.stderr);
      const [sims, batches] = q.stdout.trim().split(' ').map(Number);
      return { sims, batches };
    },
    async sql(sql) {
      const q = await run('sqlite3', [db, sql]);
      assert.equal(q.code, 0, q.stderr);
      return q.stdout;
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
  assert.equal(await d.sql('SELECT reference FROM sim_batches WHERE id = 2'), 'Livraison CLI\n');
  assert.equal(await d.sql(`SELECT count(*) FROM sims WHERE batch_id = 2 AND state = 'in_stock' AND iccid IN ` +
    `('${sfr(1)}','${sfr(2)}','${sfr(3)}')`), '3\n');

  const again = await d.importSims(f, ['--reference', 'Livraison CLI']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'already imported (same file): 3 SIM cards, batch 2\n');
  assert.deepEqual(await d.count(), { sims: 2503, batches: 2 });

  // without --reference the reference is the file name
  const other = await d.file('second.csv', `iccid,msisdn\n${sfr(4)},${mobile(4)}\n`);
  const r2 = await d.importSims(other);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal(r2.stdout, 'imported 1 SIM cards, batch 3\n');
  assert.deepEqual(await d.count(), { sims: 2504, batches: 3 });
  assert.equal(await d.sql('SELECT reference FROM sim_batches WHERE id = 3'), 'second.csv\n');

  const audit = await runRelais(['audit', 'verify', '--db', d.db]);
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
    'error: File refused: 7 bad line(s), nothing was stored.',
    `line 2: iccid: ${wrongCheck}: ICCID: wrong check digit (Luhn).`,
    'line 4: msisdn: 0712345678: Invalid phone number.',
    "line 5: imsi: 208150000000013: IMSI: network code of another operator than the batch's.",
    'line 6: puk: : PUK: 8 digits expected.',
    `line 7: iccid: ${sfr(11)}: ICCID already earlier in this file.`,
    'line 8: iccid: 8933102000012000015: This card (ICCID) is already known to Relais.',
    'line 9: : : 2 field(s) instead of 4.',
  ].join('\n') + '\n');
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });
  assert.equal(await d.sql(`SELECT count(*) FROM sims WHERE iccid = '${sfr(11)}'`), '0\n');
});

test('a file with 3 bad lines and no good one → exit 2, sims and sim_batches unchanged', async () => {
  const d = await demoDb();
  const before = await d.count();
  const events = await d.sql('SELECT count(*) FROM audit_events');
  const f = await d.file('three.csv', [
    'iccid,msisdn',
    `${withLuhn('893301000043000020')},${mobile(20)}`, // another operator's issuer prefix
    `${sfr(21)},06 10 00 00 07`, // the MSISDN of demo card 2
    `abc,${mobile(22)}`,
  ].join('\n') + '\n');
  const r = await d.importSims(f, ['--reference', 'Trois']);
  assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
  assert.equal(r.stderr, [
    'error: File refused: 3 bad line(s), nothing was stored.',
    `line 2: iccid: ${withLuhn('893301000043000020')}: ICCID of another operator than the batch's.`,
    'line 3: msisdn: 06 10 00 00 07: This number already belongs to a card known to Relais.',
    'line 4: iccid: abc: ICCID: digits expected.',
  ].join('\n') + '\n');
  assert.deepEqual(await d.count(), before);
  assert.deepEqual(before, { sims: 2500, batches: 1 });
  assert.equal(await d.sql('SELECT count(*) FROM audit_events'), events, 'no audit event for a refused file');
  const audit = await runRelais(['audit', 'verify', '--db', d.db]);
  assert.equal(audit.code, 0, audit.stderr);
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
  assert.equal(bad.stderr, 'error: File refused: 1 bad line(s), nothing was stored.\n' +
    'line 4: Quantity: 3: Declared quantity 3, but 2 card line(s).\n');
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });

  const ok = await d.importSims(await d.file('vendor.out', vendor(2, rows)), ['--reference', 'V']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'imported 2 SIM cards, batch 2\n');
  assert.deepEqual(await d.count(), { sims: 2502, batches: 2 });
  assert.equal(await d.sql('SELECT iccid, msisdn, imsi FROM sims WHERE batch_id = 2 ORDER BY iccid'),
    `${sfr(30)}|+33643000030|${imsi(30)}\n${sfr(31)}|+33643000031|${imsi(31)}\n`);
});

test('a secret column → exit 2, one line per secret column, nothing stored', async () => {
  const d = await demoDb();
  const f = await d.file('secret.csv', `ICCID,MSISDN,KI,OPc,ADM1\n${sfr(40)},${mobile(40)},00AA,11BB,12345678\n`);
  const r = await d.importSims(f, ['--reference', 'Secret']);
  assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
  const msg = 'Secret column refused: Relais never holds SIM secrets (Ki, OPc, ADM, OTA keys). Remove it from the file.';
  assert.equal(r.stderr, [
    'error: File refused: 1 bad line(s), nothing was stored.',
    `line 1: KI: KI: ${msg}`,
    `line 1: OPc: OPc: ${msg}`,
    `line 1: ADM1: ADM1: ${msg}`,
  ].join('\n') + '\n');
  assert.doesNotMatch(r.stderr, /00AA|11BB/);
  assert.deepEqual(await d.count(), { sims: 2500, batches: 1 });
});

test('relais import sims on a missing --db path → exit 1, no database created', async () => {
  const dir = await makeTempDir('relais-sims-cli-');
  tempDirs.push(dir);
  const file = path.join(dir, 'good.csv');
  await fs.writeFile(file, GOOD);
  const db = path.join(dir, 'missing', 'relais.db');
  const r = await runRelais(['import', 'sims', '--db', db, '--operator', 'SFR', '--plan', 'CU-2020',
    '--reference', 'X', file]);
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: /);
  await assert.rejects(fs.stat(db));
  await assert.rejects(fs.stat(path.join(dir, 'missing')));
});

test('an unknown operator or plan → non-zero exit naming the field, nothing stored', async () => {
  const d = await demoDb();
  const f = await d.file('good.csv', GOOD);
  const op = await runRelais(['import', 'sims', '--db', d.db, '--operator', 'NOPE', '--plan', 'CU-2020',
    '--reference', 'X', f]);
  assert.notEqual(op.code, 0);
  assert.match(op.stderr, /operator/);
  const plan = await runRelais(['import', 'sims', '--db', d.db, '--operator', 'SFR', '--plan', 'NOPE',
    '--reference', 'X', f]);
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
  assert.deepEqual([card.body.msisdn, card.body.puk, card.body.batch_id, card.body.state],
    ['+33643009002', '24680002', id, 'in_stock']);
  assert.deepEqual(card.body.timeline.map((t) => [t.transition, t.from, t.to]), [['receive', null, 'in_stock']]);

  const audit = await srv.cli(['audit', 'verify']);
  assert.equal(audit.code, 0, audit.stderr);
  assert.match(audit.stdout, /^audit chain intact/);
});

test('a database whose PUK key file is missing is refused, not given a new key', async () => {
  const dir = await makeTempDir('relais-key-');
  const db = `${dir}/relais.db`;
  assert.equal((await runRelais(['demo', '--db', db])).code, 0);
  await fs.rm(`${db}.key`);
  const r = await runRelais(['import', 'sims', '--db', db, '--operator', 'SFR', '--plan', 'CU-2020', `${dir}/none.csv`]);
  assert.notEqual(r.code, 0);
  const file = `${dir}/one.csv`;
  await fs.writeFile(file, 'iccid,msisdn\n8933101000000000036,0612345670\n');
  const refused = await runRelais(['import', 'sims', '--db', db, '--operator', 'SFR', '--plan', 'CU-2020', file]);
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /relais\.db\.key/);
  await assert.rejects(fs.access(`${db}.key`));
  await fs.rm(dir, { recursive: true, force: true });
});
