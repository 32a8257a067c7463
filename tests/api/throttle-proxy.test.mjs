// Login throttling per address behind a reverse proxy (`--trusted-proxy`): the proxy's
// X-Forwarded-For names the client, and only a trusted peer's header is believed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useServer, assertProblem, DEMO_PASSWORD } from './server.mjs';

const srv = useServer({ serveArgs: ['--trusted-proxy', '127.0.0.1'] });

function loginFrom(address, forwardedFor, email, password) {
  const payload = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
    const req = http.request(
      { host: '127.0.0.1', port: srv.port, path: '/api/v1/session', method: 'POST', localAddress: address, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => resolve({
          status: res.statusCode,
          headers: { get: (n) => res.headers[n.toLowerCase()] ?? null },
          text,
          body: text && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : undefined,
        }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

test('behind the trusted proxy, each forwarded client is throttled on its own', async () => {
  for (let i = 0; i < 10; i++) {
    assertProblem(await loginFrom('127.0.0.1', `198.51.100.${i}, 203.0.113.1`, `inconnu${i}@example.org`, 'wrong'), 401, 'invalid_credentials');
  }
  assertProblem(await loginFrom('127.0.0.1', '203.0.113.1', 'operator@demo.relais', DEMO_PASSWORD), 429, 'too_many_attempts');
  // Another client through the same proxy is not held.
  assert.equal((await loginFrom('127.0.0.1', '203.0.113.2', 'operator@demo.relais', DEMO_PASSWORD)).status, 200);
});

test('a peer that is not a trusted proxy cannot choose its address with X-Forwarded-For', async () => {
  for (let i = 0; i < 10; i++) {
    assertProblem(await loginFrom('127.0.0.2', `203.0.113.${100 + i}`, `autre${i}@example.org`, 'wrong'), 401, 'invalid_credentials');
  }
  assertProblem(await loginFrom('127.0.0.2', '203.0.113.200', 'structure@demo.relais', DEMO_PASSWORD), 429, 'too_many_attempts');
  assert.equal((await loginFrom('127.0.0.3', null, 'structure@demo.relais', DEMO_PASSWORD)).status, 200);
});

test('the access log names the forwarded client behind the trusted proxy, the peer otherwise', async () => {
  await loginFrom('127.0.0.1', '192.0.2.77', 'nobody@example.org', 'wrong');
  await loginFrom('127.0.0.2', '192.0.2.88', 'nobody@example.org', 'wrong');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const log = srv.getLog();
  assert.match(log, / 192\.0\.2\.77 POST \/api\/v1\/session 401 /);
  assert.match(log, / 127\.0\.0\.2 POST \/api\/v1\/session 401 /);
  assert.ok(!log.includes('192.0.2.88'));
});
