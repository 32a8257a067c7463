// Request body size limit, on a server started with --max-body-bytes 65536.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { useServer, assertProblem } from './server.mjs';

const LIMIT = 65536;
const srv = useServer({ serveArgs: ['--max-body-bytes', String(LIMIT)] });
let c;

before(async () => {
  c = await srv.loginAs('coordinator');
});

/** Sends raw bytes on a new connection and resolves the whole answer as text. */
function rawRequest(port, data) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {}); // the server may reset the connection after answering
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.write(data, (err) => (err ? reject(err) : socket.end()));
  });
}

function parseRaw(text) {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = {};
  for (const l of headerLines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n') };
}

async function total() {
  return (await srv.get('/api/v1/organisations?limit=1', { auth: c })).body.total;
}

// Regression: until commit de002f9 a body announced by Content-Length above the limit got
// 400 bad_request ("Requête HTTP invalide : body limit exceeded.") instead of 413 body_too_large, because
// Beast fails async_read_header with http::error::body_limit before the server's own check runs.
test('POST of 70,000 bytes (Content-Length) → 413 body_too_large problem+json', async () => {
  const before = await total();
  const json = JSON.stringify({ kind: 'funder', name: 'Fondation Trop Grande' });
  const body = json + ' '.repeat(70000 - json.length); // valid JSON, 70,000 bytes
  assert.equal(Buffer.byteLength(body), 70000);
  const r = await srv.post('/api/v1/organisations', { auth: c, body, contentType: 'application/json' });
  const p = assertProblem(r, 413, 'body_too_large');
  assert.match(p.detail, /65536/);
  assert.equal(await total(), before);
});

test('a chunked body over the limit → 413 body_too_large problem+json', async () => {
  const body = 'x'.repeat(70000);
  const text = await rawRequest(srv.port,
    'POST /api/v1/organisations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    `Cookie: ${c.cookie}\r\nX-CSRF-Token: ${c.csrf}\r\nTransfer-Encoding: chunked\r\n\r\n` +
    `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
  const r = parseRaw(text);
  assert.equal(r.status, 413, text.slice(0, 400));
  assert.equal(r.headers['content-type'], 'application/problem+json');
  const p = JSON.parse(r.body);
  assert.equal(p.code, 'body_too_large');
  assert.equal(p.status, 413);
  assert.equal(p.detail, 'Le corps de la requête dépasse 65536 octets.');
});

test('a chunked file over the limit, as it is written to disk → 413 body_too_large; nothing stored', async () => {
  const o = await srv.loginAs('operator');
  const before = (await srv.get('/api/v1/sim-batches', { auth: c })).body.items.length;
  const line = '8933101000000000010,0612345678\n';
  const chunk = line.repeat(1000); // 32 kB a chunk, three of them
  const text = await rawRequest(srv.port,
    'POST /api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Morceaux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n' +
    `Cookie: ${o.cookie}\r\nX-CSRF-Token: ${o.csrf}\r\nTransfer-Encoding: chunked\r\n\r\n` +
    `d\r\niccid,msisdn\n\r\n` + `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(3) + '0\r\n\r\n');
  const r = parseRaw(text);
  assert.equal(r.status, 413, text.slice(0, 400));
  assert.equal(JSON.parse(r.body).detail, 'Le corps de la requête dépasse 65536 octets.');
  assert.equal((await srv.get('/api/v1/sim-batches', { auth: c })).body.items.length, before);
});

test('a body of exactly the limit is accepted (→ 201)', async () => {
  const json = JSON.stringify({ kind: 'funder', name: 'Fondation Limite' });
  const body = json + ' '.repeat(LIMIT - json.length);
  assert.equal(Buffer.byteLength(body), LIMIT);
  const r = await srv.post('/api/v1/organisations', { auth: c, body, contentType: 'application/json' });
  assert.equal(r.status, 201, r.text.slice(0, 300));
});

test('the server keeps serving after refusing a large body', async () => {
  const r = await srv.get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
});
