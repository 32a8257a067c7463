// Issue 14.7, seeing it run: /metrics in the Prometheus text format, a request id in every
// answer and log line, JSON logs on request, and the systemd unit of packaging/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useServer, startServer, run, REPO_ROOT, RELAIS_BIN, makeTempDir } from './server.mjs';

const srv = useServer();

/** The samples of a Prometheus text answer: {"name{labels}": value}. */
function samples(text) {
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out[line.slice(0, i)] = Number(line.slice(i + 1));
  }
  return out;
}

const metrics = async (server = srv) => {
  const r = await server.get('/metrics');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return samples(r.text);
};

test('/metrics counts requests by route and status, with latency histograms, database time, imports and refused logins', async () => {
  const before = await metrics();
  const health = 'relais_http_requests_total{method="GET",route="/api/v1/health",status="200"}';
  for (let i = 0; i < 3; i++) assert.equal((await srv.get('/api/v1/health')).status, 200);
  await srv.get('/api/v1/organisations/12345', {});
  assert.equal((await srv.post('/api/v1/session', { json: { email: 'coordinator@demo.relais', password: 'faux' } })).status, 401);
  const operator = await srv.loginAs('operator');
  const bad = await srv.post('/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=M', { auth: operator, body: 'iccid\n123\n', contentType: 'text/csv' });
  assert.equal(bad.status, 422);
  const after = await metrics();
  assert.equal(after[health] - (before[health] ?? 0), 3);
  assert.equal(after['relais_http_requests_total{method="GET",route="/api/v1/organisations/{id}",status="401"}'] -
    (before['relais_http_requests_total{method="GET",route="/api/v1/organisations/{id}",status="401"}'] ?? 0), 1);
  assert.equal(after['relais_logins_refused_total{reason="invalid_credentials"}'] - before['relais_logins_refused_total{reason="invalid_credentials"}'], 1);
  assert.equal(after['relais_imports_total{kind="sim_batch",outcome="refused"}'] - before['relais_imports_total{kind="sim_batch",outcome="refused"}'], 1);
  assert.equal(after['relais_imports_total{kind="sim_batch",outcome="stored"}'], before['relais_imports_total{kind="sim_batch",outcome="stored"}']);
  // A histogram's buckets are cumulative and end with +Inf = count.
  const h = 'relais_http_request_duration_seconds';
  const labels = 'method="GET",route="/api/v1/health"';
  const count = after[`${h}_count{${labels}}`];
  assert.equal(after[`${h}_bucket{${labels},le="+Inf"}`], count);
  assert.ok(after[`${h}_bucket{${labels},le="0.001"}`] <= after[`${h}_bucket{${labels},le="10"}`]);
  assert.ok(count >= 3);
  assert.ok(after['relais_db_transaction_seconds_count{mode="read"}'] > before['relais_db_transaction_seconds_count{mode="read"}']);
  assert.ok(after['relais_db_transaction_seconds_count{mode="write"}'] > before['relais_db_transaction_seconds_count{mode="write"}']);
  assert.ok(after.relais_open_connections >= 1);
  assert.ok(after.process_resident_memory_bytes > 1e6);
  assert.ok(after.relais_process_peak_memory_bytes >= after.process_resident_memory_bytes);
  // /metrics is not under /api/: only GET, no other method.
  assert.equal((await srv.post('/metrics', { body: 'x', contentType: 'text/plain' })).status, 404);
  assert.equal((await srv.request('DELETE', '/metrics')).status, 404);
});

test('every answer carries a request id: a load balancer’s own is kept, a hostile one replaced', async () => {
  const r = await srv.get('/api/v1/health');
  assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
  const other = await srv.get('/api/v1/health');
  assert.notEqual(other.headers.get('x-request-id'), r.headers.get('x-request-id'));
  const given = await srv.get('/api/v1/health', { headers: { 'x-request-id': 'lb-7f3a.42:x_y' } });
  assert.equal(given.headers.get('x-request-id'), 'lb-7f3a.42:x_y');
  for (const hostile of ['a b', '<script>', 'x'.repeat(65), 'é']) {
    const h = await srv.get('/api/v1/health', { headers: { 'x-request-id': encodeURI(hostile) === hostile ? hostile : encodeURIComponent(hostile) } });
    assert.match(h.headers.get('x-request-id'), /^[0-9a-f]{16}$/, hostile);
  }
  // Errors too, and the log line carries the same id.
  const missing = await srv.get('/api/v1/nowhere');
  const id = missing.headers.get('x-request-id');
  assert.match(id, /^[0-9a-f]{16}$/);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.match(srv.getLog(), new RegExp(`${id} 127\\.0\\.0\\.1 GET /api/v1/nowhere 404 `));
});

test('--log-format json: one JSON object per line, the access log’s fields as members', async () => {
  const server = await startServer({ serveArgs: ['--log-format', 'json'] });
  try {
    const r = await server.get('/api/v1/deliveries/SECRETtoken99?x=0612345678', {});
    const id = r.headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const lines = server.getLog().trim().split('\n');
    const objects = lines.map((l) => JSON.parse(l));
    for (const o of objects) {
      assert.match(o.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(['info', 'warning', 'error'].includes(o.level), o.level);
    }
    assert.ok(objects.some((o) => /relais listening on/.test(o.message ?? '')));
    const access = objects.find((o) => o.request_id === id);
    assert.deepEqual({ ...access, time: undefined, ms: undefined }, {
      time: undefined, level: 'info', request_id: id, client: '127.0.0.1', method: 'GET',
      target: '/api/v1/deliveries/…?x=…', status: 401, bytes: Buffer.byteLength(r.text), ms: undefined,
    });
    assert.ok(!server.getLog().includes('SECRETtoken99') && !server.getLog().includes('0612345678'));
  } finally {
    await server.stop();
  }
});

test('the systemd unit passes systemd-analyze, with the usual sandboxing', async () => {
  const unit = await fs.readFile(path.join(REPO_ROOT, 'packaging/systemd/relais.service'), 'utf8');
  for (const setting of ['User=relais', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'StateDirectory=relais',
    'UMask=0077', 'PrivateTmp=yes', 'CapabilityBoundingSet=', 'ExecReload=/bin/kill -HUP $MAINPID']) {
    assert.ok(unit.split('\n').includes(setting), setting);
  }
  // Verified with this build's binary in place of the installed one.
  const dir = await makeTempDir('relais-unit-');
  try {
    const file = path.join(dir, 'relais.service');
    await fs.writeFile(file, unit.replaceAll('/usr/local/bin/relais', RELAIS_BIN));
    const verify = await run('systemd-analyze', ['verify', file]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.equal(verify.stderr.trim(), '', verify.stderr);
    const security = await run('systemd-analyze', ['security', '--offline=yes', file]);
    const level = Number(/Overall exposure level for relais\.service: ([\d.]+)/.exec(security.stdout)?.[1]);
    assert.ok(level <= 2.0, `exposure ${level}\n${security.stdout.slice(-400)}`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
