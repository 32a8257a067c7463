// Pagination and filters of GET /api/v1/organisations (and /users).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, compareUtf8 } from './server.mjs';

const srv = useServer();
let c;

before(async () => {
  c = await srv.loginAs('coordinator');
});

// The directory sorts by name with case and French accents folded (É = e, œ = oe), then by id.
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/œ/gi, 'oe')
  .replace(/æ/gi, 'ae').toLowerCase();
const byNameThenId = (a, b) => compareUtf8(fold(a.name), fold(b.name)) || a.id - b.id;

test('kind=structure&limit=50: 50 items and a next_cursor; walking all pages gives the 120 structures in order', async () => {
  const first = await srv.get('/api/v1/organisations?kind=structure&limit=50', { auth: c });
  assert.equal(first.status, 200);
  assert.equal(first.body.items.length, 50);
  assert.equal(first.body.total, 120);
  assert.equal(typeof first.body.next_cursor, 'string');
  assert.ok(first.body.next_cursor.length > 0);

  const pages = [first.body];
  let cursor = first.body.next_cursor;
  while (cursor !== null) {
    const r = await srv.get(`/api/v1/organisations?kind=structure&limit=50&cursor=${encodeURIComponent(cursor)}`,
      { auth: c });
    assert.equal(r.status, 200);
    pages.push(r.body);
    cursor = r.body.next_cursor;
    assert.ok(pages.length <= 10, 'pagination ends');
  }
  assert.deepEqual(pages.map((p) => p.items.length), [50, 50, 20]);
  assert.deepEqual(pages.map((p) => p.total), [120, 120, 120]);
  assert.equal(pages.at(-1).next_cursor, null);

  const items = pages.flatMap((p) => p.items);
  assert.equal(items.length, 120);
  assert.equal(new Set(items.map((o) => o.id)).size, 120, '120 distinct ids');
  assert.ok(items.every((o) => o.kind === 'structure'));
  assert.deepEqual(items.map((o) => o.id), [...items].sort(byNameThenId).map((o) => o.id), 'sorted by folded name then id');
});

test('the full list (limit 200) is sorted by name then id and equals the concatenated pages of 7', async () => {
  const one = await srv.get('/api/v1/organisations?limit=200', { auth: c });
  assert.equal(one.status, 200);
  assert.equal(one.body.items.length, 135);
  assert.equal(one.body.total, 135);
  assert.equal(one.body.next_cursor, null);
  const ids = one.body.items.map((o) => o.id);
  assert.deepEqual(ids, [...one.body.items].sort(byNameThenId).map((o) => o.id));

  const { items, pages } = await srv.listAll('/api/v1/organisations', c, 7);
  assert.equal(pages.length, Math.ceil(135 / 7));
  assert.deepEqual(items.map((o) => o.id), ids);
});

test('default limit is 50', async () => {
  const r = await srv.get('/api/v1/organisations', { auth: c });
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 50);
  assert.equal(r.body.total, 135);
  assert.notEqual(r.body.next_cursor, null);
});

test('limit=200 is accepted; limit=0, 201, -1, abc → 400 bad_parameter', async () => {
  assert.equal((await srv.get('/api/v1/organisations?limit=200', { auth: c })).status, 200);
  assert.equal((await srv.get('/api/v1/organisations?limit=1', { auth: c })).body.items.length, 1);
  for (const limit of ['0', '201', '-1', 'abc']) {
    assertProblem(await srv.get(`/api/v1/organisations?limit=${limit}`, { auth: c }), 400, 'bad_parameter');
  }
  assertProblem(await srv.get('/api/v1/users?limit=0', { auth: c }), 400, 'bad_parameter');
  assertProblem(await srv.get('/api/v1/users?limit=201', { auth: c }), 400, 'bad_parameter');
});

test('a garbage cursor → 400 bad_cursor', async () => {
  for (const cursor of ['garbage!!', 'Zm9v', 'xxxxxxxxxxxxxxxxxxxxxxxx']) {
    assertProblem(await srv.get(`/api/v1/organisations?cursor=${encodeURIComponent(cursor)}`, { auth: c }), 400,
      'bad_cursor');
  }
  assertProblem(await srv.get('/api/v1/users?cursor=garbage', { auth: c }), 400, 'bad_cursor');
});

test('department filter returns exactly the organisations of that department', async () => {
  const everything = (await srv.listAll('/api/v1/organisations', c)).items;
  const counts = {};
  for (const o of everything.filter((x) => x.kind === 'structure')) counts[o.department] = (counts[o.department] ?? 0) + 1;
  // The department with the most structures in the demo.
  const [dept, structures] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  assert.ok(structures >= 2, `department ${dept} has ${structures} structures`);

  const r = await srv.listAll(`/api/v1/organisations?kind=structure&department=${dept}`, c, 3);
  assert.equal(r.items.length, structures);
  assert.equal(r.pages[0].total, structures);
  assert.ok(r.items.every((o) => o.department === dept && o.kind === 'structure'));

  const expectedAllKinds = everything.filter((o) => o.department === dept).map((o) => o.id);
  const anyKind = await srv.get(`/api/v1/organisations?department=${dept}&limit=200`, { auth: c });
  assert.equal(anyKind.body.total, expectedAllKinds.length);
  assert.deepEqual(anyKind.body.items.map((o) => o.id), expectedAllKinds);

  // Overseas and Corsican codes work as filters too.
  const overseas = everything.filter((o) => o.department === '971').length;
  assert.equal((await srv.get('/api/v1/organisations?department=971', { auth: c })).body.total, overseas);
});

test('kind filter: 10 associations; an unknown kind or department → 400 bad_parameter', async () => {
  assert.equal((await srv.get('/api/v1/organisations?kind=association', { auth: c })).body.total, 10);
  assert.equal((await srv.get('/api/v1/organisations?kind=operator', { auth: c })).body.total, 1);
  assertProblem(await srv.get('/api/v1/organisations?kind=martian', { auth: c }), 400, 'bad_parameter');
  assertProblem(await srv.get('/api/v1/organisations?department=20', { auth: c }), 400, 'bad_parameter');
});

test('q filter searches names', async () => {
  const r = await srv.get('/api/v1/organisations?q=Each%20One', { auth: c });
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 1);
  assert.equal(r.body.items[0].name, 'Each One');
  assert.equal(r.body.items[0].kind, 'association');

  const everything = (await srv.listAll('/api/v1/organisations', c)).items;
  const expected = everything.filter((o) => o.name.includes('Croix-Rouge')).map((o) => o.id);
  assert.ok(expected.length >= 2);
  const q = await srv.listAll('/api/v1/organisations?q=Croix-Rouge', c, 5);
  assert.deepEqual(q.items.map((o) => o.id), expected);
});

test('filters combine with the scope: operator with kind=structure sees 120, with kind=funder sees 0', async () => {
  const op = await srv.loginAs('operator');
  assert.equal((await srv.get('/api/v1/organisations?kind=structure', { auth: op })).body.total, 120);
  const none = await srv.get('/api/v1/organisations?kind=funder', { auth: op });
  assert.equal(none.status, 200);
  assert.equal(none.body.total, 0);
  assert.deepEqual(none.body.items, []);
  assert.equal(none.body.next_cursor, null);
});

test('GET /users pages: limit=3 walks the 7 demo users', async () => {
  const { items, pages } = await srv.listAll('/api/v1/users', c, 3);
  assert.deepEqual(pages.map((p) => p.items.length), [3, 3, 1]);
  assert.ok(pages.every((p) => p.total === 7));
  assert.equal(new Set(items.map((u) => u.id)).size, 7);
});
