// Health, routing errors, JSON body errors, language negotiation, authentication required.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, ENGINE } from './server.mjs';

const srv = useServer();

test(`GET /api/v1/health reports ok, ${ENGINE}, schema 10 and the version, without auth`, async () => {
  const r = await srv.get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type').split(';')[0], 'application/json');
  assert.deepEqual(r.body, { status: 'ok', version: '0.1.0', database: ENGINE, schema_version: 11 });
});

test('unknown route → 404 route_not_found (with or without a session)', async () => {
  assertProblem(await srv.get('/api/v1/nope'), 404, 'route_not_found');
  const c = await srv.loginAs('coordinator');
  assertProblem(await srv.get('/api/v1/nope', { auth: c }), 404, 'route_not_found');
  assertProblem(await srv.get('/api/v2/health'), 404, 'route_not_found');
});

test('PUT/POST/DELETE /api/v1/health → 405 method_not_allowed with Allow: GET', async () => {
  for (const method of ['PUT', 'POST', 'DELETE']) {
    const r = await srv.request(method, '/api/v1/health');
    assertProblem(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), 'GET', `${method} Allow header`);
  }
});

test('problem details are French by default and English with Accept-Language: en or ?lang=en', async () => {
  const fr = await srv.get('/api/v1/nope');
  assertProblem(fr, 404, 'route_not_found');
  assert.equal(fr.headers.get('content-language'), 'fr');
  assert.match(fr.body.detail, /Aucune ressource/);

  const en = await srv.get('/api/v1/nope', { lang: 'en' });
  assertProblem(en, 404, 'route_not_found');
  assert.equal(en.headers.get('content-language'), 'en');
  assert.equal(en.body.detail, 'No resource at /api/v1/nope.');

  const enUs = await srv.get('/api/v1/nope', { lang: 'en-US,en;q=0.9' });
  assert.equal(enUs.headers.get('content-language'), 'en');
  const de = await srv.get('/api/v1/nope', { lang: 'de' });
  assert.equal(de.headers.get('content-language'), 'fr', 'unsupported language falls back to French');

  // A lang parameter (what a link can carry) wins over the header; an unknown one is ignored.
  const param = await srv.get('/api/v1/nope?lang=en', { lang: 'fr' });
  assert.deepEqual([param.headers.get('content-language'), param.body.detail], ['en', 'No resource at /api/v1/nope.']);
  assert.equal((await srv.get('/api/v1/nope?lang=fr', { lang: 'en' })).headers.get('content-language'), 'fr');
  assert.equal((await srv.get('/api/v1/nope?lang=de', { lang: 'en' })).headers.get('content-language'), 'en');
});

test('malformed JSON → 400 malformed_json whose detail gives the offset', async () => {
  const c = await srv.loginAs('coordinator');
  const r = await srv.post('/api/v1/organisations', {
    auth: c,
    body: '{"kind": "funder",',
    contentType: 'application/json',
  });
  const p = assertProblem(r, 400, 'malformed_json');
  assert.match(p.detail, /offset 18/);

  const en = await srv.post('/api/v1/organisations', {
    auth: c,
    body: '{"kind": x}',
    contentType: 'application/json',
    lang: 'en',
  });
  assert.match(assertProblem(en, 400, 'malformed_json').detail, /^Malformed JSON: .*offset 9/);

  // The login endpoint parses JSON too.
  assertProblem(await srv.post('/api/v1/session', { body: '{', contentType: 'application/json' }), 400,
    'malformed_json');
});

test('a JSON array body → 400 json_object_expected', async () => {
  const c = await srv.loginAs('coordinator');
  assertProblem(await srv.post('/api/v1/organisations', { auth: c, json: [1, 2] }), 400, 'json_object_expected');
  assertProblem(await srv.post('/api/v1/organisations', { auth: c, json: 'text' }), 400, 'json_object_expected');
  assertProblem(await srv.patch('/api/v1/organisations/1', { auth: c, json: [] }), 400, 'json_object_expected');
});

test('endpoints other than health and login need a session → 401 not_authenticated', async () => {
  for (const p of ['/api/v1/session', '/api/v1/departments', '/api/v1/organisations', '/api/v1/organisations/1',
    '/api/v1/users']) {
    assertProblem(await srv.get(p), 401, 'not_authenticated');
  }
  assertProblem(await srv.post('/api/v1/organisations', { json: { kind: 'funder', name: 'N' } }), 401,
    'not_authenticated');
  assertProblem(await srv.get('/api/v1/organisations', { auth: { cookie: 'relais_session=forged' } }), 401,
    'not_authenticated');
});

test('GET /api/v1/departments lists the 101 INSEE departments', async () => {
  const c = await srv.loginAs('structure');
  const r = await srv.get('/api/v1/departments', { auth: c });
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 101);
  assert.deepEqual(r.body.items[0], {
    code: '01', name: 'Ain', region_code: '84', region_name: 'Auvergne-Rhône-Alpes',
  });
  const codes = r.body.items.map((d) => d.code);
  assert.ok(!codes.includes('20'));
  for (const code of ['2A', '2B', '95', '971', '972', '973', '974', '976']) assert.ok(codes.includes(code), code);
  assert.equal(new Set(codes).size, 101);
});

test('405 lists the allowed methods of each route', async () => {
  const c = await srv.loginAs('coordinator');
  const cases = [
    ['PUT', '/api/v1/organisations', 'GET, POST'],
    ['PUT', '/api/v1/organisations/1', 'GET, PATCH'],
    ['PUT', '/api/v1/users', 'GET, POST'],
    ['POST', '/api/v1/departments', 'GET'],
  ];
  for (const [method, p, allow] of cases) {
    const r = await srv.request(method, p, { auth: c });
    assertProblem(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), allow, `${method} ${p}`);
  }
  const session = await srv.put('/api/v1/session', { auth: c });
  assertProblem(session, 405, 'method_not_allowed');
  assert.deepEqual(session.headers.get('allow').split(/,\s*/).sort(), ['DELETE', 'GET', 'POST']);
});

test('GET /api/v1/organisations/import → 405 with Allow: POST', async () => {
    const c = await srv.loginAs('coordinator');
    const r = await srv.get('/api/v1/organisations/import', { auth: c });
    assertProblem(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), 'POST');
  });

test('Accept-Language weights are honoured: "en;q=0.1, fr" → French', async () => {
    const r = await srv.get('/api/v1/nope', { lang: 'en;q=0.1, fr' });
    assert.equal(r.headers.get('content-language'), 'fr');
    assert.match(r.body.detail, /Aucune ressource/);
  });

test('a path that is not UTF-8 gets a 404 whose JSON is still valid UTF-8', async () => {
  const r = await srv.get('/api/%FF%FE');
  assertProblem(r, 404, 'route_not_found');
  assert.equal(r.body.detail, "Aucune ressource à l'adresse /api/\uFFFD\uFFFD.");
});
