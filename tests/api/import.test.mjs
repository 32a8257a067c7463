// POST /api/v1/organisations/import (text/csv, all-or-nothing).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, } from './server.mjs';

const srv = useServer();
let coordinator;

before(async () => {
  coordinator = await srv.loginAs('coordinator');
});

const HEADER = 'name,type,capacity,address,postcode,commune,department';

// Lines 3 and 5 (the header is line 1) are bad.
const BAD_FILE = [
  HEADER,
  'CADA Import Alpha,CADA,50,1 rue A,75001,Paris,75',
  'CADA Import Beta,CADA,abc,2 rue B,75002,Paris,75',
  'HUDA Import Gamma,HUDA,30,3 rue C,69001,Lyon,69',
  'CPH Import Delta,CPH,20,4 rue D,13001,Marseille,20',
].join('\n') + '\n';

const GOOD_FILE = BAD_FILE.replace(',abc,', ',45,').replace('Marseille,20', 'Marseille,13');

const importCsv = (body, opts = {}) =>
  srv.post('/api/v1/organisations/import', { auth: coordinator, body, contentType: 'text/csv', ...opts });

async function total() {
  return (await srv.get('/api/v1/organisations?limit=1', { auth: coordinator })).body.total;
}

test('a file with bad lines 3 and 5 → 422 import_failed naming line, column and value; nothing written', async () => {
  const before = await total();
  const r = await importCsv(BAD_FILE);
  const p = assertProblem(r, 422, 'import_failed');
  assert.equal(p.detail, "Fichier refusé\u202f: 2 lignes en erreur, rien n'a été enregistré.");
  assert.deepEqual(p.errors, [
    { line: 3, column: 'capacity', value: 'abc', reason: 'not_a_number', message: 'Un nombre entier est attendu.' },
    {
      line: 5, column: 'department', value: '20', reason: 'unknown_department',
      message: 'Code de département INSEE inconnu.',
    },
  ]);
  assert.equal(await total(), before, 'the good lines 2 and 4 were not written either');
  const q = await srv.get('/api/v1/organisations?q=Import%20Alpha', { auth: coordinator });
  assert.equal(q.body.total, 0);

  const en = await importCsv(BAD_FILE, { lang: 'en' });
  assert.equal(assertProblem(en, 422, 'import_failed').detail, 'File refused: 2 bad lines, nothing was stored.');
  assert.deepEqual(en.body.errors.map((e) => e.message), ['A whole number is expected.', 'Unknown INSEE department code.']);
});

test('the fixed file → 201 created 4; importing it again → 422 name_taken on every line', async () => {
  const before = await total();
  const r = await importCsv(GOOD_FILE);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.created, 4);
  assert.equal(r.body.items.length, 4);
  assert.deepEqual(r.body.items.map((o) => [o.name, o.kind, o.structure_type, o.capacity, o.postcode, o.commune,
    o.department]), [
    ['CADA Import Alpha', 'structure', 'CADA', 50, '75001', 'Paris', '75'],
    ['CADA Import Beta', 'structure', 'CADA', 45, '75002', 'Paris', '75'],
    ['HUDA Import Gamma', 'structure', 'HUDA', 30, '69001', 'Lyon', '69'],
    ['CPH Import Delta', 'structure', 'CPH', 20, '13001', 'Marseille', '13'],
  ]);
  assert.equal(await total(), before + 4);
  const got = await srv.get(`/api/v1/organisations/${r.body.items[0].id}`, { auth: coordinator });
  assert.deepEqual(got.body, r.body.items[0]);

  const again = await importCsv(GOOD_FILE);
  const p = assertProblem(again, 422, 'import_failed');
  assert.deepEqual(p.errors.map((e) => [e.line, e.column, e.value, e.reason]), [
    [2, 'name', 'CADA Import Alpha', 'name_taken'],
    [3, 'name', 'CADA Import Beta', 'name_taken'],
    [4, 'name', 'HUDA Import Gamma', 'name_taken'],
    [5, 'name', 'CPH Import Delta', 'name_taken'],
  ]);
  assert.equal(await total(), before + 4);
});

test('wrong content type → 415 unsupported_media_type', async () => {
  const before = await total();
  const body = `${HEADER}\nCADA Json,CADA,10,a,75001,Paris,75\n`;
  assertProblem(await importCsv(body, { contentType: 'application/json' }), 415, 'unsupported_media_type');
  assertProblem(await importCsv(body, { contentType: 'application/x-www-form-urlencoded' }), 415,
    'unsupported_media_type');
  assert.equal(await total(), before);
});

test('a semicolon-separated file with French headers (any case, BOM, CRLF) → 201', async () => {
  const body = '\uFEFFNom;Type;Places;Adresse;Code_Postal;Commune;Departement\r\n' +
    'CADA Sud Import;CADA;12;5 rue E;33000;Bordeaux;33\r\n' +
    'CAES Nord Import;CAES;8;"6 rue F; bâtiment B";59000;Lille;59\r\n';
  const r = await importCsv(body, { contentType: 'text/csv; charset=utf-8' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.created, 2);
  assert.deepEqual(r.body.items.map((o) => [o.name, o.structure_type, o.capacity, o.address, o.department]), [
    ['CADA Sud Import', 'CADA', 12, '5 rue E', '33'],
    ['CAES Nord Import', 'CAES', 8, '6 rue F; bâtiment B', '59'],
  ]);

  const capacite = await importCsv('nom;type;capacite;adresse;code_postal;commune;departement\n' +
    'PRAHDA Capacite;PRAHDA;9;7 rue G;2A004;Ajaccio;2A\n');
  // 2A004 is not a 5-digit postcode.
  assert.deepEqual(assertProblem(capacite, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.reason]),
    [[2, 'code_postal', 'bad_postcode']]);
  const ok = await importCsv('NOM;TYPE;CAPACITE;ADRESSE;CODE_POSTAL;COMMUNE;DEPARTEMENT\n' +
    'PRAHDA Capacite;PRAHDA;9;7 rue G;20000;Ajaccio;2A\n');
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.items[0].department, '2A');
});

test('header errors: missing column, unknown column → 422 on line 1', async () => {
  const missing = await importCsv('name,type,capacity,address,postcode,commune\nA,CADA,1,a,75001,Paris\n');
  assert.deepEqual(assertProblem(missing, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.reason]),
    [[1, 'department', 'missing_column']]);
  const unknown = await importCsv(`${HEADER},colour\nA,CADA,1,a,75001,Paris,75,red\n`);
  assert.deepEqual(assertProblem(unknown, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.value, e.reason]),
    [[1, 'colour', 'colour', 'unknown_column']]);
});

test('a line with the wrong number of fields → wrong_field_count on that line', async () => {
  const before = await total();
  const r = await importCsv(`${HEADER}\nWF One,CADA,10,a,75001,Paris,75\nWF Two,CADA,10,a,75001,Paris\n`);
  assert.deepEqual(assertProblem(r, 422, 'import_failed').errors.map((e) => [e.line, e.reason]),
    [[3, 'wrong_field_count']]);
  assert.equal(await total(), before);
});

test('line numbers count physical lines: quoted newlines and blank lines are counted', async () => {
  const r = await importCsv(`${HEADER}\nQ One,CADA,10,"1 rue A\nEscalier B",75001,Paris,75\n\nQ Two,CADA,x,a,75001,Paris,75\n`);
  assert.deepEqual(assertProblem(r, 422, 'import_failed').errors.map((e) => [e.line, e.column, e.value]),
    [[5, 'capacity', 'x']]);
});

test('every bad field of a line is reported', async () => {
  const r = await importCsv(`${HEADER}\nM1,XXX,0,a,7500,,99\n`);
  const p = assertProblem(r, 422, 'import_failed');
  assert.deepEqual(p.errors.map((e) => [e.line, e.column, e.value, e.reason]).sort(), [
    [2, 'capacity', '0', 'out_of_range'],
    [2, 'commune', '', 'required'],
    [2, 'department', '99', 'unknown_department'],
    [2, 'postcode', '7500', 'bad_postcode'],
    [2, 'type', 'XXX', 'unknown_structure_type'],
  ]);
  assert.equal(p.detail, "Fichier refusé\u202f: 1 ligne en erreur, rien n'a été enregistré.");
});

test('import is for coordinator and liaison only; others → 403 forbidden', async () => {
  const body = `${HEADER}\nCADA Role Import,CADA,10,a,75001,Paris,75\n`;
  for (const role of ['funder', 'operator', 'logistics', 'structure', 'association']) {
    const s = await srv.loginAs(role);
    assertProblem(await srv.post('/api/v1/organisations/import', { auth: s, body, contentType: 'text/csv' }), 403,
      'forbidden');
  }
  const liaison = await srv.loginAs('liaison');
  const r = await srv.post('/api/v1/organisations/import', { auth: liaison, body, contentType: 'text/csv' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.created, 1);
});

test('import needs the CSRF token with a cookie session', async () => {
  const body = `${HEADER}\nCADA Csrf Import,CADA,10,a,75001,Paris,75\n`;
  assertProblem(await importCsv(body, { csrf: false }), 403, 'csrf_token_missing');
});

test('a non-UTF-8 (Latin-1) file is refused with 422 import_failed, nothing written', async () => {
    const before = await total();
    const body = Buffer.concat([
      Buffer.from(`${HEADER}\nCADA Caf`), Buffer.from([0xe9]), Buffer.from(',CADA,10,1 rue A,75001,Paris,75\n'),
    ]);
    const r = await importCsv(body);
    assertProblem(r, 422, 'import_failed');
    assert.equal(await total(), before);
  });
