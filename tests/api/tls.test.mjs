// Issue 14.3: HTTPS in the binary. `relais tls self-signed` makes a server certificate signed by a
// one-off local authority (what phones can be made to trust, so that the packing station's camera
// works on a local network); `relais serve --tls-cert --tls-key` speaks HTTPS only, with HSTS and
// Secure cookies, keeps the body limits and HEAD, survives plain HTTP on its port, and serves a
// new certificate to new connections once its files change, keeping the old one when the new
// pair does not load; Chromium, trusting that certificate, finds a secure page with a camera API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { startServer, runRelais, run, makeTempDir, assertProblem, DEMO_PASSWORD, TestDatabase } from './server.mjs';

let dir;
let srv;
const cas = []; // every authority made here, trusted by the test's client
const servedCert = () => path.join(dir, 'served', 'site.crt');
const servedKey = () => path.join(dir, 'served', 'site.key');

/** `relais tls self-signed --host localhost --host 127.0.0.1 --out DIR/NAME`; returns its files. */
async function makeCertificate(name) {
  const out = path.join(dir, name);
  const r = await runRelais(['tls', 'self-signed', '--host', 'localhost', '--host', '127.0.0.1', '--out', out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const files = { cert: path.join(out, 'localhost.crt'), key: path.join(out, 'localhost.key'), ca: path.join(out, 'localhost-ca.crt') };
  cas.push(await fs.readFile(files.ca, 'utf8'));
  const pem = await fs.readFile(files.cert, 'utf8');
  files.fingerprint = new crypto.X509Certificate(pem).fingerprint256; // the first: the server's own
  files.stdout = r.stdout;
  return files;
}

/** An HTTPS request to the server (or `server`); resolves {status, headers, text, fingerprint}. */
function request(method, urlPath, { body, headers = {}, agent, server } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      // A kept-alive agent brings its own authorities: a connection is reused only for the same.
      host: '127.0.0.1', port: (server ?? srv).port, method, path: urlPath, ca: agent ? undefined : cas, agent: agent ?? false,
      headers: body === undefined ? headers : { 'content-length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      const fingerprint = res.socket.getPeerCertificate().fingerprint256;
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, fingerprint }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The fingerprint of the certificate a new TLS connection is served. */
function servedFingerprint() {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: srv.port, ca: cas }, () => {
      const f = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(f);
    });
    socket.on('error', reject);
  });
}

/** Raw bytes over a new plain TCP connection to `port`: resolves everything read once the server closes it. */
function rawTcp(port, data) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(new Error('no close in 10 s')), 10000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString('latin1')); });
  });
}

/** A loopback port no one listens on (closed again at once). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The samples of /metrics (from this machine) as a map "name{labels}" -> number. */
async function metricsOf(server) {
  const r = await request('GET', '/metrics', { server });
  assert.equal(r.status, 200, r.text);
  return new Map(r.text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const at = l.lastIndexOf(' ');
    return [l.slice(0, at), Number(l.slice(at + 1))];
  }));
}

/** Raw bytes over a new TLS connection, left open: resolves the whole answer once the server closes it. */
function rawTls(data) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: srv.port, ca: cas }, () => socket.write(data));
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(new Error('no close in 10 s')), 10000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString('utf8')); });
  });
}

async function waitFor(what, check, ms = 15000) {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms\n${srv.getLog().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const count = (text, needle) => text.split(needle).length - 1;

let first;
before(async () => {
  dir = await makeTempDir('relais-tls-');
  first = await makeCertificate('first');
  await fs.mkdir(path.join(dir, 'served'));
  await fs.copyFile(first.cert, servedCert());
  await fs.copyFile(first.key, servedKey());
  srv = await startServer({ serveArgs: ['--tls-cert', servedCert(), '--tls-key', servedKey()] });
});

after(async () => {
  await srv?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

test('relais tls self-signed: a server certificate for every host, signed by a one-off authority, its key 0600', async () => {
  assert.equal((await fs.stat(first.key)).mode & 0o777, 0o600);
  const leaf = await run('openssl', ['x509', '-noout', '-text', '-in', first.cert]);
  assert.equal(leaf.code, 0, leaf.stderr);
  assert.match(leaf.stdout, /X509v3 Subject Alternative Name: \n\s+DNS:localhost, IP Address:127\.0\.0\.1\n/);
  assert.match(leaf.stdout, /X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/);
  assert.match(leaf.stdout, /X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication\n/);
  assert.match(leaf.stdout, /Public Key Algorithm: id-ecPublicKey[\s\S]*NIST CURVE: P-256/);
  assert.match(leaf.stdout, /Subject: O = Relais, CN = localhost\n/);
  const ca = await run('openssl', ['x509', '-noout', '-text', '-in', first.ca]);
  assert.match(ca.stdout, /X509v3 Basic Constraints: critical\n\s+CA:TRUE, pathlen:0\n/);
  assert.match(ca.stdout, /X509v3 Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/);
  const verify = await run('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', first.ca, first.cert]);
  assert.equal(verify.stdout, `${first.cert}: OK\n`, verify.stderr);
  // The fingerprint printed is the authority's, as a phone shows it before trusting it.
  const caFingerprint = new crypto.X509Certificate(await fs.readFile(first.ca)).fingerprint256;
  assert.ok(first.stdout.includes(`authority's SHA-256 fingerprint: ${caFingerprint}\n`), first.stdout);
});

test('relais tls self-signed never overwrites a file, refuses a bad host and too many days', async () => {
  const out = path.join(dir, 'first');
  const before = await fs.readFile(first.key, 'utf8');
  const again = await runRelais(['tls', 'self-signed', '--host', 'localhost', '--out', out]);
  assert.equal(again.code, 1);
  assert.equal(again.stderr, `error: ${path.join(out, 'localhost.crt')} already exists; nothing is overwritten: remove it or name another --out\n`);
  assert.equal(await fs.readFile(first.key, 'utf8'), before);

  const badOut = path.join(dir, 'bad');
  const bad = await runRelais(['tls', 'self-signed', '--host', 'relais.lan', '--host', 'evil.example,DNS:x', '--out', badOut]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'error: --host evil.example,DNS:x: not a DNS name or an IP address\n');
  const long = await runRelais(['tls', 'self-signed', '--host', 'relais.lan', '--days', '826', '--out', badOut]);
  assert.notEqual(long.code, 0);
  assert.match(long.stderr, /--days/);
  await assert.rejects(fs.stat(badOut), { code: 'ENOENT' });
});

test('over HTTPS: health answers with HSTS, the session cookie is Secure, links are https', async () => {
  assert.equal(srv.scheme, 'https');
  assert.match(srv.getLog(), new RegExp(`relais listening on https://127\\.0\\.0\\.1:${srv.port}/ `));
  const health = await request('GET', '/api/v1/health');
  assert.equal(health.status, 200, health.text);
  assert.equal(JSON.parse(health.text).status, 'ok');
  assert.equal(health.headers['strict-transport-security'], 'max-age=31536000');
  assert.equal(health.fingerprint, first.fingerprint);

  const login = await request('POST', '/api/v1/session', {
    body: JSON.stringify({ email: 'coordinator@demo.relais', password: DEMO_PASSWORD }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(login.status, 200, login.text);
  const cookie = login.headers['set-cookie'].find((c) => c.startsWith('relais_session='));
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; Secure/);
  assert.match(srv.getLog(), new RegExp(`documents link to https://127\\.0\\.0\\.1:${srv.port}/`));
});

test('plain HTTP sent to the HTTPS port: closed without an HTTP answer, the server goes on', async () => {
  const text = await new Promise((resolve) => {
    const socket = net.connect(srv.port, '127.0.0.1', () => socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n'));
    const chunks = [];
    const timer = setTimeout(() => resolve('still open after 5 s'), 5000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString('latin1')); });
  });
  assert.ok(!text.startsWith('HTTP/') && !text.startsWith('still open'), JSON.stringify(text.slice(0, 80)));
  assert.equal(srv.child.exitCode, null);
  assert.equal((await request('GET', '/api/v1/health')).status, 200);
});

test('over HTTPS, HEAD answers the GET headers without a body; the next answer on the connection is read right', async () => {
  const get = await request('GET', '/api/v1/health');
  const text = await rawTls('HEAD /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const answers = text.split('HTTP/1.1 ').filter(Boolean);
  assert.equal(answers.length, 2, text);
  const [headPart, headBody] = answers[0].split('\r\n\r\n');
  assert.equal(headBody, '');
  assert.match(headPart, /^200 OK\r\n/);
  assert.match(headPart, new RegExp(`\r\nContent-Length: ${Buffer.byteLength(get.text)}(\r\n|$)`));
  assert.match(headPart, /\r\nStrict-Transport-Security: max-age=31536000(\r\n|$)/);
  assert.equal(answers[1].split('\r\n\r\n')[1], get.text);
});

test('over HTTPS, a body past the route\'s limit is refused 413, declared or chunked, with HSTS', async () => {
  const big = JSON.stringify({ email: 'a'.repeat(10000) + '@x.fr', password: 'x' });
  const r = await request('POST', '/api/v1/session', { body: big, headers: { 'content-type': 'application/json' } });
  const p = assertProblem({ ...r, headers: new Headers(r.headers), body: JSON.parse(r.text) }, 413, 'body_too_large');
  assert.equal(p.detail, 'Le corps de la requête dépasse 4096 octets.');
  assert.equal(r.headers['strict-transport-security'], 'max-age=31536000');
  const chunk = 'x'.repeat(8000);
  const text = await rawTls('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    `Transfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
  assert.match(text, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
  assert.equal(JSON.parse(text.split('\r\n\r\n')[1]).code, 'body_too_large');
});

test('a new certificate written over the files is served to new connections, open ones keep theirs; a bad pair is refused and the one in use stays', async () => {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: [...cas] });
  try {
    const open = await request('GET', '/api/v1/health', { agent });
    assert.equal(open.fingerprint, first.fingerprint);

    const second = await makeCertificate('second');
    await fs.copyFile(second.cert, servedCert());
    await fs.copyFile(second.key, servedKey());
    await waitFor('the second certificate served', async () => (await servedFingerprint()) === second.fingerprint);
    // The log is flushed every second.
    await waitFor('the reload logged', async () =>
      srv.getLog().includes(`TLS certificate ${servedCert()} and key ${servedKey()} loaded again`));
    // The connection opened before the change goes on with the first certificate.
    const kept = await request('GET', '/api/v1/health', { agent });
    assert.equal(kept.status, 200);
    assert.equal(kept.fingerprint, first.fingerprint);

    // A certificate without its key: refused, the second stays.
    const third = await makeCertificate('third');
    await fs.copyFile(third.cert, servedCert());
    await waitFor('the mismatch logged', async () =>
      srv.getLog().includes(`TLS certificate not reloaded, the one in use stays: ${servedKey()} is not the key of the certificate ${servedCert()}`));
    assert.equal(await servedFingerprint(), second.fingerprint);
    // Not a certificate at all: refused too.
    await fs.writeFile(servedCert(), 'not a certificate\n');
    await waitFor('the bad file logged', async () => count(srv.getLog(), 'TLS certificate not reloaded') >= 2);
    assert.match(srv.getLog(), /TLS certificate not reloaded, the one in use stays: .*site\.crt: no certificate chain/);
    assert.equal(await servedFingerprint(), second.fingerprint);

    // SIGHUP reads the files at once, changed or not, and does not stop the server.
    await fs.copyFile(third.cert, servedCert());
    await fs.copyFile(third.key, servedKey());
    await waitFor('the third certificate served', async () => (await servedFingerprint()) === third.fingerprint);
    await waitFor('the second and third loads logged', async () => count(srv.getLog(), 'loaded again') === 2);
    srv.child.kill('SIGHUP');
    await waitFor('SIGHUP reloaded', async () => count(srv.getLog(), 'loaded again') === 3, 3000);
    assert.equal(srv.child.exitCode, null);
    assert.equal((await request('GET', '/api/v1/health')).fingerprint, third.fingerprint);
  } finally {
    agent.destroy();
  }
});

test('a TLS handshake counts as a connection for --max-connections and has 10 s to end', async () => {
  const files = await makeCertificate('limit');
  const server = await startServer({ serveArgs: ['--tls-cert', files.cert, '--tls-key', files.key, '--max-connections', '4'] });
  try {
    // Four connections that never say hello hold the four places.
    const opened = Date.now();
    const idle = await Promise.all(Array.from({ length: 4 }, () => new Promise((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => resolve(s));
      s.on('error', () => {});
      s.closedAt = new Promise((r) => s.on('close', () => r(Date.now())));
    })));
    await new Promise((r) => setTimeout(r, 200));
    // The fifth is answered 503 over TLS, with the common headers.
    const text = await new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: cas }, () =>
        socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n'));
      const chunks = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    assert.match(text, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(text, /\r\nRetry-After: 1\r\n/);
    assert.match(text, /\r\nStrict-Transport-Security: max-age=31536000\r\n/);
    assert.equal(JSON.parse(text.split('\r\n\r\n')[1]).code, 'too_many_connections');
    // Without a handshake, each is closed after 10 s (not after the 60 s a kept-alive one idles).
    for (const s of idle) {
      const after = (await s.closedAt) - opened;
      assert.ok(after >= 9500 && after < 13000, `closed after ${after} ms`);
    }
    const again = await new Promise((resolve, reject) => {
      https.get({ host: '127.0.0.1', port: server.port, path: '/api/v1/health', ca: cas, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    assert.equal(again, 200);
  } finally {
    await server.stop();
  }
});

const CHROMIUM = '/usr/bin/chromium';

test('Chromium trusting the certificate opens the site as a secure context, where the camera API exists', { skip: !(await fs.stat(CHROMIUM).catch(() => null)) && 'no Chromium' }, async () => {
  // A page of its own (the tests build no web app): it writes what a packing station's page needs.
  const db = await TestDatabase.create();
  const profile = await makeTempDir('relais-tls-chromium-');
  let server;
  try {
    await fs.mkdir(path.join(db.dir, 'noweb'));
    await fs.writeFile(path.join(db.dir, 'noweb', 'index.html'),
      '<!doctype html><html><head><script src="/check.js"></script></head><body>not run</body></html>\n');
    await fs.writeFile(path.join(db.dir, 'noweb', 'check.js'),
      "document.addEventListener('DOMContentLoaded', () => { document.body.textContent = " +
      '`secure=${window.isSecureContext} camera=${typeof navigator.mediaDevices?.getUserMedia}`; });\n');
    const files = await makeCertificate('browser');
    server = await startServer({ database: db, serveArgs: ['--tls-cert', files.cert, '--tls-key', files.key] });
    // Chromium is told to trust the server's key (its SubjectPublicKeyInfo's SHA-256), as a phone
    // that installed the authority trusts the certificate.
    const leaf = new crypto.X509Certificate(await fs.readFile(files.cert));
    const spki = crypto.createHash('sha256').update(leaf.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    const chromium = (trust) => run(CHROMIUM, [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, ...trust, '--dump-dom', `https://127.0.0.1:${server.port}/`,
    ], { timeoutMs: 60000 });
    const trusted = await chromium([`--ignore-certificate-errors-spki-list=${spki}`]);
    assert.match(trusted.stdout, /<body>secure=true camera=function<\/body>/, trusted.stdout + trusted.stderr);
    const untrusted = await chromium([]);
    assert.doesNotMatch(untrusted.stdout, /secure=true/);
  } finally {
    await server?.stop();
    await db.drop();
    await fs.rm(profile, { recursive: true, force: true });
  }
});

test('--http-redirect-port: plain HTTP is sent on to the same path over HTTPS (308), never to the Host header\'s site', async () => {
  const files = await makeCertificate('redirect');
  const plain = await freePort();
  const server = await startServer({ serveArgs: ['--tls-cert', files.cert, '--tls-key', files.key, '--http-redirect-port', String(plain)] });
  try {
    const site = `https://127.0.0.1:${server.port}`;
    const get = await rawTcp(plain, 'GET /packing/orders?state=ready&x=%C3%A9 HTTP/1.1\r\nHost: evil.example\r\n\r\n');
    assert.match(get, /^HTTP\/1\.1 308 Permanent Redirect\r\n/);
    assert.match(get, new RegExp(`\r\nLocation: ${site}/packing/orders\\?state=ready&x=%C3%A9\r\n`));
    assert.ok(!get.includes('evil.example'), get);
    assert.ok(!/Strict-Transport-Security/i.test(get), 'no HSTS over plain HTTP');
    assert.match(get, /\r\nConnection: close\r\n/);
    // A target that is not a path goes to the home page; a POST's body is not read, only drained.
    const absolute = await rawTcp(plain, 'GET http://evil.example/x HTTP/1.1\r\nHost: evil.example\r\n\r\n');
    assert.match(absolute, new RegExp(`\r\nLocation: ${site}/\r\n`));
    // A POST announcing 5 MB (past any body limit): answered all the same, the body drained.
    const post = await rawTcp(plain, `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n${'x'.repeat(100000)}`);
    assert.match(post, new RegExp(`^HTTP/1\\.1 308 Permanent Redirect\r\n[^]*\r\nLocation: ${site}/api/v1/session\r\n`));
    // A HEAD gets the headers only.
    const head = await rawTcp(plain, 'HEAD /stock HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(head, new RegExp(`^HTTP/1\\.1 308 Permanent Redirect\r\n[^]*\r\nLocation: ${site}/stock\r\n`));
    assert.ok(head.endsWith('\r\n\r\n'), JSON.stringify(head.slice(-80)));
    // Following it lands on the HTTPS port, which answers.
    assert.equal((await request('GET', '/api/v1/health', { server })).status, 200);
    const m = await metricsOf(server);
    assert.equal(m.get('relais_http_redirects_total'), 4);
    await waitFor('the redirects logged', async () => count(server.getLog(), ' GET /packing/orders?state=…&x=… 308 ') === 1);
  } finally {
    await server.stop();
  }
  // With --public-url, that address.
  const plain2 = await freePort();
  const named = await startServer({ serveArgs: ['--tls-cert', files.cert, '--tls-key', files.key, '--http-redirect-port', String(plain2), '--public-url', 'https://relais.example.org/'] });
  try {
    const get = await rawTcp(plain2, 'GET /reset HTTP/1.0\r\n\r\n');
    assert.match(get, /^HTTP\/1\.0 308 Permanent Redirect\r\n[^]*\r\nLocation: https:\/\/relais\.example\.org\/reset\r\n/);
  } finally {
    await named.stop();
  }
  // Without TLS there is nothing to redirect to.
  const refused = await runRelais(['serve', '--db', path.join(dir, 'none.db'), '--http-redirect-port', String(plain)]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stdout + refused.stderr, /--http-redirect-port requires --tls-cert/);
});

test('/metrics over TLS: handshakes done and failed, reloads loaded and refused, the certificate\'s expiry', async () => {
  const files = await makeCertificate('metrics');
  const own = path.join(dir, 'metrics-served');
  await fs.mkdir(own);
  await fs.copyFile(files.cert, path.join(own, 'site.crt'));
  await fs.copyFile(files.key, path.join(own, 'site.key'));
  const server = await startServer({ serveArgs: ['--tls-cert', path.join(own, 'site.crt'), '--tls-key', path.join(own, 'site.key')] });
  try {
    const validTo = Date.parse(new crypto.X509Certificate(await fs.readFile(files.cert)).validTo) / 1000;
    let m = await metricsOf(server);
    assert.equal(m.get('relais_tls_handshakes_total{outcome="done"}'), 1);
    assert.equal(m.get('relais_tls_handshakes_total{outcome="failed"}'), 0);
    assert.equal(m.get('relais_tls_certificate_expiry_timestamp_seconds'), validTo);
    // Plain HTTP on the HTTPS port is a failed handshake.
    await rawTcp(server.port, 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
    // SIGHUP loads the same pair again; a key that is not the certificate's is refused.
    server.child.kill('SIGHUP');
    await waitFor('SIGHUP loaded', async () => count(server.getLog(), 'loaded again') === 1, 5000);
    const other = await makeCertificate('metrics-other');
    await fs.copyFile(other.key, path.join(own, 'site.key'));
    server.child.kill('SIGHUP');
    await waitFor('the bad pair refused', async () => count(server.getLog(), 'not reloaded') >= 1, 5000);
    m = await metricsOf(server);
    assert.equal(m.get('relais_tls_handshakes_total{outcome="done"}'), 2);
    assert.equal(m.get('relais_tls_handshakes_total{outcome="failed"}'), 1);
    assert.equal(m.get('relais_tls_reloads_total{outcome="loaded"}'), 1);
    // The 5 s look may also have found the changed key before the SIGHUP: one refusal or two.
    const refused = m.get('relais_tls_reloads_total{outcome="refused"}');
    assert.ok(refused === 1 || refused === 2, `refused ${refused}`);
    assert.equal(m.get('relais_tls_certificate_expiry_timestamp_seconds'), validTo);
  } finally {
    await server.stop();
  }
});

test('SIGHUP without TLS (systemctl reload) leaves the server serving', async () => {
  const server = await startServer();
  try {
    server.child.kill('SIGHUP');
    await waitFor('SIGHUP logged', async () => server.getLog().includes('SIGHUP: nothing to read again (no TLS certificate)'), 5000);
    assert.equal(server.child.exitCode, null);
    assert.equal((await fetch(`${server.baseUrl}/api/v1/health`)).status, 200);
    // No TLS series on a plain server.
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    assert.ok(!text.includes('relais_tls_'), text);
  } finally {
    await server.stop();
  }
});
