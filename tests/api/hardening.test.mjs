// Issue 14: the attacks found against a fresh server, each reproduced, and the safe outcome it
// now gets: bounded error reports, body limits per route, a memory budget for bodies, a
// connection limit, HEAD without a body, answers never cached, files of the user alone, no
// secret in the access log, the security headers on every refusal, codes without control
// characters, the operator kept from what people wrote.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import { useServer, startServer, assertProblem, demoCard, ENGINE } from './server.mjs';

const srv = useServer();
let as = {};

before(async () => {
  for (const role of ['coordinator', 'operator']) as[role] = await srv.loginAs(role);
});

/** The server's peak resident memory so far, in MB (Linux: VmHWM). */
async function peakMb(server) {
  const status = await fs.readFile(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** Sends raw bytes on a new connection; resolves the whole answer as text once the server closes. */
function rawRequest(port, data, { end = true, timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.write(data, (err) => {
      if (err) reject(err);
      else if (end) socket.end();
    });
  });
}

function parseHead(text) {
  const [head] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(head.length + 4) };
}

const distinctLines = (errors) => new Set(errors.map((e) => e.line)).size;

test('a 10 MB SIM file of empty rows: 422 listing the first 100 bad lines and counting the rest, a small answer, bounded memory', async () => {
  const body = 'iccid,msisdn,imsi,puk\n' + ',,,\n'.repeat(2.5 * 1024 * 1024);
  const before = (await srv.get('/api/v1/sim-batches', { auth: as.coordinator })).body.items.length;
  const r = await srv.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Vide',
    { auth: as.operator, body, contentType: 'text/csv' });
  const p = assertProblem(r, 422, 'import_failed_listed');
  assert.ok(r.text.length < 100_000, `answer of ${r.text.length} bytes`);
  assert.equal(distinctLines(p.errors), 100);
  const bad = Number(/: (\d+) lignes en erreur/.exec(p.detail)[1]);
  assert.equal(p.detail, `Fichier refusé\u202f: ${bad} lignes en erreur, les 100 premières sont listées\u202f; rien n’a été enregistré.`);
  assert.equal(p.unlisted_lines, bad - 100);
  assert.equal(bad, 2.5 * 1024 * 1024);
  assert.equal(p.errors[0].line, 2);
  assert.equal((await srv.get('/api/v1/sim-batches', { auth: as.coordinator })).body.items.length, before);
  assert.ok(await peakMb(srv) < 64, `peak ${await peakMb(srv)} MB`);
});

test('a status report and a structures file of bad lines: capped the same way, values cut, read row by row', async () => {
  const long = 'x'.repeat(500);
  const report = 'iccid,status,date\n' + `${long},activated,2026-01-01\n`.repeat(20_000);
  const r = await srv.post('/api/v1/status-reports?operator=SFR', { auth: as.operator, body: report, contentType: 'text/csv' });
  const p = assertProblem(r, 422, 'import_failed_listed');
  assert.equal(distinctLines(p.errors), 100);
  assert.equal(p.unlisted_lines, 20_000 - 100);
  assert.ok(p.errors.every((e) => e.value.length <= 101), 'values cut to 100 bytes and an ellipsis');
  assert.ok(r.text.length < 100_000, `answer of ${r.text.length} bytes`);

  const structures = 'name,type,capacity,address,postcode,commune,department\n' +
    Array.from({ length: 5000 }, (_, i) => `CADA ${i},CADA,abc,1 rue A,75001,Paris,99`).join('\n');
  const s = await srv.post('/api/v1/organisations/import', { auth: as.coordinator, body: structures, contentType: 'text/csv' });
  const q = assertProblem(s, 422, 'import_failed_listed');
  assert.equal(distinctLines(q.errors), 100);
  assert.equal(q.unlisted_lines, 4900);
  assert.ok(await peakMb(srv) < 64, `peak ${await peakMb(srv)} MB`);
  assert.ok(s.text.length < 100_000, `answer of ${s.text.length} bytes`);
});

test('a login of 5 MB is refused before it is read; a JSON body past 256 KiB too; a file route takes its file', async () => {
  const email = 'a'.repeat(5 * 1024 * 1024) + '@x.fr';
  const r = await srv.post('/api/v1/session', { json: { email, password: 'x' } });
  const p = assertProblem(r, 413, 'body_too_large');
  assert.equal(p.detail, 'Le corps de la requête dépasse 4096 octets.');
  // Sent in chunks (no Content-Length): cut at the same limit.
  const chunk = 'x'.repeat(8000);
  const text = await rawRequest(srv.port,
    'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    `Transfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
  const chunked = parseHead(text);
  assert.equal(chunked.status, 413, text.slice(0, 300));
  assert.equal(JSON.parse(chunked.body).detail, 'Le corps de la requête dépasse 4096 octets.');
  // Any JSON body: 256 KiB.
  const big = { kind: 'funder', name: 'F', padding: 'y'.repeat(300 * 1024) };
  assert.equal(assertProblem(await srv.post('/api/v1/organisations', { auth: as.coordinator, json: big }), 413,
    'body_too_large').detail, 'Le corps de la requête dépasse 262144 octets.');
  // A status report sent as JSON is held to the JSON limit; as CSV it may be a large file.
  const items = JSON.stringify({ reports: Array.from({ length: 20000 }, () => ({ iccid: '1', status: 'activated', date: '2026-01-01' })) });
  assertProblem(await srv.post('/api/v1/status-reports?operator=SFR', { auth: as.operator, body: items, contentType: 'application/json' }),
    413, 'body_too_large');
  // Unknown routes take no body.
  assertProblem(await srv.post('/api/v1/nowhere', { body: 'z'.repeat(10000), contentType: 'text/plain' }), 413, 'body_too_large');
});

test('30 logins of 16 MB at once: each refused at its header, memory stays bounded', async () => {
  const huge = Buffer.alloc(16 * 1024 * 1024, 'a');
  const results = await Promise.all(Array.from({ length: 30 }, () =>
    srv.post('/api/v1/session', { body: huge, contentType: 'application/json' }).catch((e) => ({ status: 0, error: e }))));
  for (const r of results) {
    // The client may see the reset of a connection refused while it was still sending.
    assert.ok(r.status === 413 || r.status === 0, `status ${r.status}`);
  }
  assert.ok(results.some((r) => r.status === 413));
  assert.ok(await peakMb(srv) < 64, `peak ${await peakMb(srv)} MB`);
  assert.equal((await srv.get('/api/v1/health')).status, 200);
});

test('HEAD answers the GET headers and no body: the next answer on the connection is read right', async () => {
  const get = await srv.get('/api/v1/health');
  const text = await rawRequest(srv.port,
    'HEAD /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const answers = text.split('HTTP/1.1 ').filter(Boolean);
  assert.equal(answers.length, 2, text);
  const head = parseHead('HTTP/1.1 ' + answers[0]);
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(Number(head.headers['content-length']), Buffer.byteLength(get.text));
  const second = parseHead('HTTP/1.1 ' + answers[1]);
  assert.equal(second.status, 200);
  assert.deepEqual(JSON.parse(second.body), get.body);
});

test('API answers are never cached: a PUK, a referral with its note, an error', async () => {
  const coordinator = as.coordinator;
  const structure = await srv.loginAs('structure');
  const puk = await srv.get(`/api/v1/sims/${demoCard(2460)}/puk`, { auth: structure });
  assert.equal(puk.status, 200, puk.text);
  assert.equal(puk.headers.get('cache-control'), 'no-store');
  const referrals = await srv.get('/api/v1/referrals?limit=1', { auth: coordinator });
  assert.equal(referrals.headers.get('cache-control'), 'no-store');
  assert.equal((await srv.get('/api/v1/nowhere')).headers.get('cache-control'), 'no-store');
});

test('header-stage refusals carry the security headers', async () => {
  const text = await rawRequest(srv.port,
    `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20000)}\r\n\r\n`);
  const r = parseHead(text);
  assert.equal(r.status, 431);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.equal(r.headers['content-type'], 'application/problem+json');
  const bad = parseHead(await rawRequest(srv.port, 'NOT HTTP AT ALL\r\n\r\n'));
  assert.equal(bad.status, 400);
  assert.equal(bad.headers['x-content-type-options'], 'nosniff');
});

test('the access log writes the client address, never a delivery token, a share token or a searched number', async () => {
  await srv.get('/api/v1/deliveries/SECRETdeliveryTOKEN123', { auth: as.coordinator });
  await srv.get('/api/v1/shared/SECRETshareTOKEN456/results');
  await srv.get('/api/v1/sims?q=0612345678&limit=5', { auth: as.coordinator });
  await new Promise((r) => setTimeout(r, 1500)); // the access log is flushed every second
  const log = srv.getLog();
  for (const secret of ['SECRETdeliveryTOKEN123', 'SECRETshareTOKEN456', '0612345678']) {
    assert.ok(!log.includes(secret), `the log holds ${secret}`);
  }
  assert.match(log, /127\.0\.0\.1 GET \/api\/v1\/deliveries\/… 40\d /);
  assert.match(log, /127\.0\.0\.1 GET \/api\/v1\/shared\/…\/results /);
  assert.match(log, /127\.0\.0\.1 GET \/api\/v1\/sims\?q=…&limit=… 200 /);
});

test('links on documents use the address the server listens on, not the Host header', async () => {
  const r = await srv.post('/api/v1/programmes/1/share-links', {
    auth: as.coordinator, json: { expires_at: new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10) },
    headers: { host: 'evil.example' },
  });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.url.startsWith(`http://127.0.0.1:${srv.port}/shared/`), r.body.url);
});

test('a programme code or a batch reference with control characters is refused', async () => {
  const r = await srv.post('/api/v1/programmes', {
    auth: as.coordinator,
    json: { code: 'CU\u0007-2027', name: 'Connexion\u001b[31m', operator: 'SFR', plan: 'CU-2020', helpline: '' },
  });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(p.errors.map((e) => [e.field, e.reason]), [['code', 'control_characters'], ['name', 'control_characters']]);
  const b = await srv.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=' + encodeURIComponent('Livraison\r\nX'),
    { auth: as.operator, body: 'iccid\n', contentType: 'text/csv' });
  assert.deepEqual(assertProblem(b, 422, 'validation_failed').errors.map((e) => [e.field, e.reason]),
    [['reference', 'control_characters']]);
});

test('what the coordination writes on a card reaches its operator without the words', async () => {
  const iccid = demoCard(107);
  const r = await srv.post(`/api/v1/sims/${iccid}/transitions`,
    { auth: as.coordinator, json: { transition: 'declare_defective', reason: 'Mme Diallo l’a cassée en tombant' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.timeline.at(-1).reason, 'Mme Diallo l’a cassée en tombant');
  const seen = await srv.get(`/api/v1/sims/${iccid}`, { auth: as.operator });
  assert.equal(seen.status, 200, seen.text);
  assert.deepEqual(seen.body.timeline.map((t) => [t.transition, t.reason]),
    [['receive', seen.body.timeline[0].reason], ['declare_defective', '']]);
  assert.ok(!seen.text.includes('Diallo'));
});

test('the database, its journal and its key file are the user’s alone (0600)', { skip: ENGINE !== 'sqlite' && 'SQLite files only' }, async () => {
  const db = srv.dbArg;
  for (const file of [db, `${db}-wal`, `${db}.key`]) {
    const mode = (await fs.stat(file)).mode & 0o777;
    assert.equal(mode.toString(8), '600', file);
  }
});

test('connections past --max-connections get 503 and are closed; the server then serves again', async () => {
  const server = await startServer({ serveArgs: ['--max-connections', '8'] });
  try {
    const idle = await Promise.all(Array.from({ length: 8 }, () => new Promise((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => resolve(s));
    })));
    await new Promise((r) => setTimeout(r, 200));
    const text = await rawRequest(server.port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    const r = parseHead(text);
    assert.equal(r.status, 503, text.slice(0, 300));
    assert.equal(r.headers['retry-after'], '1');
    assert.equal(JSON.parse(r.body).code, 'too_many_connections');
    for (const s of idle) s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await server.get('/api/v1/health')).status, 200);
  } finally {
    await server.stop();
  }
});

test('bodies wait their turn, JSON past --max-body-memory and files past --max-spool-bytes: 503 server_busy, nothing read', async () => {
  const server = await startServer({ serveArgs: ['--max-body-bytes', '1048576', '--max-spool-bytes', '1048576', '--max-body-memory', '262144'] });
  try {
    const operator = await server.loginAs('operator');
    const coordinator = await server.loginAs('coordinator');
    const held = (target, auth, type, length, first) => {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.on('error', () => {});
      return new Promise((resolve) => socket.on('connect', () => {
        socket.write(`POST ${target} HTTP/1.1\r\nHost: x\r\nCookie: ${auth.cookie}\r\nX-CSRF-Token: ${auth.csrf}\r\n` +
          `Content-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n${first}`);
        resolve(socket);
      }));
    };
    // Waits until /metrics shows `name` at `value` (a share is taken when a header is read, and
    // given back a moment after its request ends).
    const metricAt = async (name, value) => {
      let text = '';
      for (let i = 0; i < 100; i++) {
        text = await (await fetch(`${server.baseUrl}/metrics`)).text();
        if (text.includes(`\n${name} ${value}\n`)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.fail(`${name} never reached ${value}:\n${text}`);
    };
    const file = () => server.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Autre',
      { auth: operator, body: 'iccid\n' + '1\n'.repeat(1000), contentType: 'text/csv' });
    const json = () => server.post('/api/v1/organisations', { auth: coordinator, json: { kind: 'association' } });
    // A first upload announces 1 MiB and sends it slowly: it holds the whole spool budget.
    const slowFile = await held('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Lent', operator, 'text/csv', 1048576, 'iccid\n');
    await metricAt('relais_request_spool_bytes', 1048576);
    const refused = await file();
    assertProblem(refused, 503, 'server_busy');
    assert.equal(refused.headers.get('retry-after'), '2');
    // A JSON body is in memory, not on disk: it goes through.
    assertProblem(await json(), 422, 'validation_failed');
    // A JSON body of 256 KiB sent slowly holds the memory budget; a file still goes to disk.
    const slowJson = await held('/api/v1/organisations', coordinator, 'application/json', 262144, '{');
    await metricAt('relais_request_body_bytes', 262144);
    assertProblem(await json(), 503, 'server_busy');
    slowFile.destroy();
    await metricAt('relais_request_spool_bytes', 0);
    assertProblem(await file(), 422, 'import_failed_listed');
    slowJson.destroy();
    await metricAt('relais_request_body_bytes', 0);
    // Once each is gone, its budget is free again.
    assertProblem(await json(), 422, 'validation_failed');
    await metricAt('relais_bodies_refused_total', 2);
  } finally {
    await server.stop();
  }
});

test('a stranger\'s file is refused at its header (401), unread; a bad spool folder stops the server at start', async () => {
  const server = await startServer({ serveArgs: ['--max-spool-bytes', '16777216'] });
  try {
    // 16 MB announced, nothing sent: the answer comes at once.
    const text = await rawRequest(server.port,
      'POST /api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=X HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n' +
      'Content-Length: 16000000\r\n\r\n', { end: false, timeoutMs: 5000 });
    const r = parseHead(text);
    assert.equal(r.status, 401, text.slice(0, 300));
    assert.equal(JSON.parse(r.body).code, 'not_authenticated');
    assert.match(await (await fetch(`${server.baseUrl}/metrics`)).text(), /\nrelais_request_spool_bytes 0\n/);
  } finally {
    await server.stop();
  }
  const refused = await startServer({ serveArgs: ['--spool-dir', '/proc'] }).then(
    (s) => s.stop().then(() => null), (e) => e);
  assert.match(String(refused), /--spool-dir \/proc: cannot write a file there/);
});

test('a file is written to disk as it arrives, never held in memory: four 4 MB files at once with 256 KiB of body memory', async () => {
  const spool = await fs.mkdtemp('/tmp/relais-spool-');
  const server = await startServer({ serveArgs: ['--max-body-memory', '262144', '--spool-dir', spool] });
  const rssMb = async () => Number(/VmRSS:\s+(\d+) kB/.exec(await fs.readFile(`/proc/${server.child.pid}/status`, 'utf8'))[1]) / 1024;
  try {
    const operator = await server.loginAs('operator');
    const rows = 1024 * 1024;
    const body = Buffer.from('iccid,msisdn,imsi,puk\n' + ',,,\n'.repeat(rows));
    const rest = 64 * 1024; // held back until the rest has arrived
    const before = await rssMb();
    // Four uploads send all but their last 64 KiB, and wait.
    const uploads = await Promise.all([1, 2, 3, 4].map((i) => new Promise((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1');
      const chunks = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('error', () => {});
      const answer = new Promise((done) => socket.on('close', () => done(Buffer.concat(chunks).toString('utf8'))));
      socket.on('connect', () => {
        socket.write(`POST /api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Flux${i} HTTP/1.1\r\nHost: x\r\n` +
          `Cookie: ${operator.cookie}\r\nX-CSRF-Token: ${operator.csrf}\r\nContent-Type: text/csv\r\n` +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
        socket.write(body.subarray(0, body.length - rest), () => resolve({ socket, answer }));
      });
    })));
    await new Promise((r) => setTimeout(r, 500));
    // 16 MB received, and the server holds none of it in memory: it is on disk, in files
    // without a name (the folder stays empty).
    const grown = (await rssMb()) - before;
    assert.ok(grown < 6, `resident memory grew by ${grown} MB while receiving 16 MB`);
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    assert.match(metrics, new RegExp(`\nrelais_request_spool_bytes ${4 * body.length}\n`));
    assert.match(metrics, /\nrelais_request_body_bytes 0\n/);
    assert.deepEqual(await fs.readdir(spool), []);
    // The ends arrive: each file is read whole.
    for (const u of uploads) u.socket.end(body.subarray(body.length - rest));
    for (const u of uploads) {
      const r = parseHead(await u.answer);
      assert.equal(r.status, 422, (await u.answer).slice(0, 300));
      const p = JSON.parse(r.body);
      assert.equal(p.code, 'import_failed_listed');
      assert.equal(p.unlisted_lines, rows - 100);
    }
    // The same kind of file chunked (no length declared) is read whole too.
    const chunked = await rawRequest(server.port,
      `POST /api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Morceaux HTTP/1.1\r\nHost: x\r\nCookie: ${operator.cookie}\r\n` +
      `X-CSRF-Token: ${operator.csrf}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      '16\r\niccid,msisdn,imsi,puk\n\r\n' + `${(4 * 1000).toString(16)}\r\n${',,,\n'.repeat(1000)}\r\n0\r\n\r\n`);
    const parsed = parseHead(chunked);
    assert.equal(parsed.status, 422, chunked.slice(0, 300));
    assert.equal(distinctLines(JSON.parse(parsed.body).errors), 100);
    // Each share of the spool is given back as its request ends, a moment after the answer.
    let text = '';
    for (let i = 0; i < 40 && !/\nrelais_request_spool_bytes 0\n/.test(text); i++) {
      if (i) await new Promise((r) => setTimeout(r, 50));
      text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    }
    assert.match(text, /\nrelais_request_spool_bytes 0\n/);
    assert.deepEqual(await fs.readdir(spool), []);
    assert.ok(await peakMb(server) < 64, `peak ${await peakMb(server)} MB`);
  } finally {
    await server.stop();
    await fs.rm(spool, { recursive: true, force: true });
  }
});
