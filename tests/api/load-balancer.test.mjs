// Two `relais serve` instances on one database behind HAProxy, configured by the packaged
// packaging/haproxy/relais.cfg: the test makes a configuration from that file (its `bind` line on
// a free loopback port, one `server` line per instance, and without the process settings of
// `global` that need root: chroot, user, group, daemon, the stats socket, syslog), runs
// `haproxy -f CFG -db` in the foreground and checks that requests are spread over both
// instances, that a session opened through the balancer serves 20 requests in a row, and that
// the service still answers when one instance is killed.
//
// Skipped, with a message, only where haproxy is not installed; scripts/setup.sh installs it (the
// Debian package `haproxy`, a dependency of packaging/relais-build-deps).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, makeTempDir, REPO_ROOT, run } from './server.mjs';

const TEMPLATE = path.join(REPO_ROOT, 'packaging/haproxy/relais.cfg');

/** The haproxy binary, looked up in PATH and in the sbin folders a non-root PATH may lack. */
function findHaproxy() {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const d of dirs) {
    const p = path.join(d || '.', 'haproxy');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

const HAPROXY = findHaproxy();
const skip = HAPROXY ? false
  : 'haproxy is not installed (Debian package `haproxy`; `bash scripts/setup.sh` installs it): load balancer tests skipped';

/** A loopback port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * The packaged configuration for these instances: `bind` on 127.0.0.1:port; the template's
 * `server` lines replaced by one per backend port, each with the options the first line had; the
 * root-only process settings of `global` dropped.
 */
function configFor(template, port, backends) {
  const out = [];
  let section = '';
  let binds = 0;
  let servers = 0;
  for (const line of template.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (/^\S/.test(line) && !line.startsWith('#')) section = words[0];
    if (section === 'global' && ['chroot', 'user', 'group', 'daemon', 'stats', 'log'].includes(words[0])) continue;
    if (words[0] === 'bind') {
      if (binds++ === 0) out.push(`    bind 127.0.0.1:${port}`);
      continue;
    }
    if (words[0] === 'server') {
      if (servers++ === 0) {
        const options = words.slice(3).join(' ');
        backends.forEach((p, i) => out.push(`    server relais${i + 1} 127.0.0.1:${p} ${options}`.trimEnd()));
      }
      continue;
    }
    out.push(line);
  }
  assert.equal(binds, 1, 'the template has one active bind line');
  assert.ok(servers >= 1, 'the template has server lines');
  return out.join('\n');
}

let A;
let B;
let dir;
let balancer; // {child, exited, log()}
let baseUrl;

before(async () => {
  if (skip) return;
  A = await startServer();
  B = await startServer({ database: A.database, demo: false });
  dir = await makeTempDir('relais-haproxy-');
  const port = await freePort();
  const cfg = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(cfg, configFor(fs.readFileSync(TEMPLATE, 'utf8'), port, [A.port, B.port]));
  const check = await run(HAPROXY, ['-c', '-f', cfg]);
  assert.equal(check.code, 0, `haproxy -c: ${check.stdout}${check.stderr}`);
  const child = spawn(HAPROXY, ['-f', cfg, '-db'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (log += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  balancer = { child, exited, log: () => log };
  baseUrl = `http://127.0.0.1:${port}`;
  // Up when the balancer answers the health route.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited:\n${log}`);
    const r = await fetch(`${baseUrl}/api/v1/health`).catch(() => null);
    if (r?.status === 200) break;
    if (i > 100) throw new Error(`haproxy did not answer in time:\n${log}`);
    await sleep(100);
  }
});

after(async () => {
  if (balancer && balancer.child.exitCode === null) {
    balancer.child.kill('SIGTERM');
    await balancer.exited;
  }
  await B?.stop();
  await A?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A request through the balancer, with a session's cookie and (for writes) CSRF token. */
async function via(method, urlPath, { auth, json } = {}) {
  const headers = {};
  if (auth) headers.cookie = auth.cookie;
  if (auth && method !== 'GET') headers['x-csrf-token'] = auth.csrf;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + urlPath, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined };
}

async function login(email, password = 'relais-demo') {
  const r = await via('POST', '/api/v1/session', { json: { email, password } });
  assert.equal(r.status, 200, r.text);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('relais_session=')).split(';')[0];
  return { cookie, csrf: r.body.csrf_token };
}

/** How many lines of an instance's access log hold `line` ("GET /api/v1/departments 200"). */
const served = (srv, line) => srv.getLog().split('\n').filter((l) => l.includes(` ${line} `)).length;

/**
 * The access log is flushed every second (src/cli/main.cpp): waits until the instances' logs show
 * `expected` more `line`s in all than `before` (at most 5 s; expected 'each': at least one more
 * on each), then returns the increase on each.
 */
async function servedSince(servers, line, before, expected) {
  const counts = () => servers.map((srv, i) => served(srv, line) - before[i]);
  const done = (c) => (expected === 'each' ? c.every((n) => n > 0) : c.reduce((a, b) => a + b, 0) >= expected);
  for (let waited = 0; !done(counts()) && waited < 5000; waited += 100) await sleep(100);
  return counts();
}

const structure = (name) => ({ kind: 'structure', name, structure_type: 'HUDA', capacity: 30, address: '3 rue du Port',
  postcode: '13002', commune: 'Marseille', department: '13' });

// haproxy -c checks the configuration made from it in before().
test('the packaged configuration has the lines the test rewrites, and round robin, health checks, X-Forwarded-For', () => {
  const cfg = configFor(fs.readFileSync(TEMPLATE, 'utf8'), 8000, [8001, 8002, 8003]);
  assert.match(cfg, /^\s+server relais3 127\.0\.0\.1:8003$/m);
  assert.match(cfg, /^\s+option forwardfor$/m);
  assert.match(cfg, /^\s+balance roundrobin$/m);
  assert.match(cfg, /http-check send meth GET uri \/api\/v1\/health/);
});

test('a login through the balancer, then 20 authenticated requests, all succeed and are spread over both instances', { skip }, async (t) => {
  const s = await login('coordinator@demo.relais');
  const target = 'GET /api/v1/departments 200';
  const write = 'POST /api/v1/organisations 201';
  const before = [served(A, target), served(B, target)];
  const beforeWrites = [served(A, write), served(B, write)];
  for (let i = 0; i < 20; i++) {
    const r = i % 4 === 3
      ? await via('POST', '/api/v1/organisations', { auth: s, json: structure(`HUDA derrière le répartiteur ${i}`) })
      : await via('GET', '/api/v1/departments', { auth: s });
    assert.equal(r.status, i % 4 === 3 ? 201 : 200, `request ${i}: ${r.text.slice(0, 300)}`);
  }
  const reads = await servedSince([A, B], target, before, 15);
  const writes = await servedSince([A, B], write, beforeWrites, 5);
  assert.deepEqual([reads[0] + reads[1], writes[0] + writes[1]], [15, 5], `all logged: reads ${reads}, writes ${writes}`);
  // Round robin over two healthy instances: every other request.
  assert.deepEqual([reads[0] + writes[0], reads[1] + writes[1]], [10, 10], `reads ${reads}, writes ${writes}`);
  t.diagnostic(`instance A served ${reads[0]} reads and ${writes[0]} writes, B ${reads[1]} reads and ${writes[1]} writes`);
  // Both instances also answered the balancer's health checks.
  const checked = await servedSince([A, B], 'GET /api/v1/health 200', [0, 0], 'each');
  assert.ok(checked[0] > 0 && checked[1] > 0, `health checks on both: ${checked}`);
});

test('one instance killed: the service keeps answering through the other, reads and writes', { skip }, async () => {
  const s = await login('coordinator@demo.relais');
  B.child.kill('SIGKILL');
  await B.exited;
  const target = 'GET /api/v1/session 200';
  const before = served(A, target);
  for (let i = 0; i < 20; i++) {
    const r = await via('GET', '/api/v1/session', { auth: s });
    assert.equal(r.status, 200, `request ${i} after the kill: ${r.status} ${r.text.slice(0, 300)}`);
  }
  assert.deepEqual(await servedSince([A], target, [before], 20), [20], 'all served by the instance still up');
  const w = await via('POST', '/api/v1/organisations', { auth: s, json: structure('HUDA après la panne') });
  assert.equal(w.status, 201, w.text);
  // A new login works too.
  const again = await login('logistics@demo.relais');
  assert.equal((await via('GET', '/api/v1/packing-orders', { auth: again })).status, 200);
});
