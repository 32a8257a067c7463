// Shared helper for the Relais HTTP API tests (node --test tests/api/).
//
// Each test file starts its own server on a fresh demo database:
//
//   import { useServer } from './server.mjs';
//   const srv = useServer();                      // or useServer({ serveArgs: ['--max-body-bytes', '65536'] })
//   test('...', async () => { const r = await srv.get('/api/v1/health'); ... });
//
// useServer() registers before()/after() hooks: before() creates a temp dir, runs `relais demo`, spawns
// `relais serve --port 0` and reads the bound port from its log; after() stops the server (SIGTERM, waits
// for exit) and removes the temp dir.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const RELAIS_BIN = path.resolve(REPO_ROOT, process.env.RELAIS_BIN ?? 'build/relais');
export const DEMO_PASSWORD = 'relais-demo';
export const DEMO_ROLES = ['coordinator', 'funder', 'operator', 'logistics', 'liaison', 'structure', 'association'];

/** Runs the relais binary to completion. Resolves {code, signal, stdout, stderr}. */
export function runRelais(args, { input, timeoutMs = 20000 } = {}) {
  return run(RELAIS_BIN, args, { input, timeoutMs });
}

/** Runs any program to completion. Resolves {code, signal, stdout, stderr}. */
export function run(bin, args, { input, timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bin} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Creates a temp dir; returns its path. */
export async function makeTempDir(prefix = 'relais-api-') {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * Starts a server. Options:
 *   demo (default true): run `relais demo` on the database first
 *   serveArgs: extra arguments for `relais serve` (e.g. ['--max-body-bytes', '65536'])
 * Returns a Server.
 */
export async function startServer({ demo = true, serveArgs = [] } = {}) {
  const dir = await makeTempDir();
  const db = path.join(dir, 'relais.db');
  try {
    if (demo) {
      const r = await runRelais(['demo', '--db', db]);
      if (r.code !== 0) throw new Error(`relais demo failed (${r.code}): ${r.stdout}${r.stderr}`);
    }
    const child = spawn(
      RELAIS_BIN,
      ['serve', '--db', db, '--port', '0', '--web', path.join(dir, 'noweb'), ...serveArgs],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let log = '';
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relais serve did not start in time:\n${log}`)), 10000);
      const onData = (d) => {
        log += d;
        const m = /relais listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout.setEncoding('utf8').on('data', onData);
      child.stderr.setEncoding('utf8').on('data', onData);
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`relais serve exited (${code ?? signal}) before listening:\n${log}`));
      });
    });
    return new Server({ dir, db, port, child, exited, getLog: () => log });
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

export class Server {
  constructor({ dir, db, port, child, exited, getLog }) {
    this.dir = dir;
    this.db = db;
    this.port = port;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.child = child;
    this.exited = exited;
    this.getLog = getLog;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes the temp dir. */
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(killer);
    }
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Sends a request. Options:
   *   json: a value sent as application/json
   *   body: a raw string/Buffer body (with contentType)
   *   contentType, headers, lang (Accept-Language)
   *   auth: a session {cookie, csrf} (sends cookie and X-CSRF-Token for writes, unless csrf: false),
   *         or {token} for Authorization: Bearer
   *   csrf: false to omit the CSRF header, or a string to send that value
   * Resolves {status, headers, text, body} where body is the parsed JSON (or undefined).
   */
  async request(method, urlPath, opts = {}) {
    const headers = { ...(opts.headers ?? {}) };
    let body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = opts.body;
    }
    if (opts.contentType) headers['content-type'] = opts.contentType;
    if (opts.lang) headers['accept-language'] = opts.lang;
    const auth = opts.auth;
    if (auth?.cookie) {
      headers.cookie = auth.cookie;
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(method);
      if (typeof opts.csrf === 'string') headers['x-csrf-token'] = opts.csrf;
      else if (write && opts.csrf !== false && auth.csrf) headers['x-csrf-token'] = auth.csrf;
    } else if (auth?.token) {
      headers.authorization = `Bearer ${auth.token}`;
      if (typeof opts.csrf === 'string') headers['x-csrf-token'] = opts.csrf;
    }
    const res = await fetch(this.baseUrl + urlPath, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed;
    const ct = res.headers.get('content-type') ?? '';
    if (ct.includes('json') && text.length > 0) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  get(p, o) {
    return this.request('GET', p, o);
  }
  post(p, o) {
    return this.request('POST', p, o);
  }
  patch(p, o) {
    return this.request('PATCH', p, o);
  }
  put(p, o) {
    return this.request('PUT', p, o);
  }
  delete(p, o) {
    return this.request('DELETE', p, o);
  }

  /** Raw login: resolves the full response plus {cookie, csrf, setCookie} when it succeeded. */
  async loginResponse(email, password, opts = {}) {
    const r = await this.post('/api/v1/session', { json: { email, password }, ...opts });
    const setCookie = r.headers.getSetCookie?.() ?? [];
    const sc = setCookie.find((c) => c.startsWith('relais_session=')) ?? null;
    const cookie = sc ? sc.split(';')[0] : null;
    return { ...r, setCookie: sc, cookie, csrf: r.body?.csrf_token ?? null };
  }

  /** Logs in; returns {cookie, csrf, user}. Throws unless 200. */
  async login(email, password = DEMO_PASSWORD) {
    const r = await this.loginResponse(email, password);
    if (r.status !== 200 || !r.cookie) throw new Error(`login ${email} failed: ${r.status} ${r.text}`);
    return { cookie: r.cookie, csrf: r.csrf, user: r.body.user };
  }

  /** Logs in as a demo account of the given role. */
  loginAs(role) {
    return this.login(`${role}@demo.relais`, DEMO_PASSWORD);
  }

  /** Fetches every page of a list endpoint; returns {items, pages, totals}. */
  async listAll(urlPath, auth, limit = 200) {
    const items = [];
    const pages = [];
    let cursor = null;
    for (let i = 0; i < 1000; i++) {
      const sep = urlPath.includes('?') ? '&' : '?';
      const url = `${urlPath}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await this.get(url, { auth });
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text}`);
      pages.push(r.body);
      items.push(...r.body.items);
      cursor = r.body.next_cursor;
      if (cursor === null) return { items, pages };
    }
    throw new Error('pagination did not end');
  }

  /** Runs the relais CLI against this server's database. */
  cli(args, opts) {
    return runRelais([...args, '--db', this.db], opts);
  }

  /** Runs sqlite3 on this server's database. */
  sqlite(sql) {
    return run('sqlite3', [this.db, sql]);
  }
}

/**
 * Registers before()/after() hooks for one server per test file. Returns a proxy whose methods forward
 * to the Server, waiting for it to start first; plain properties (db, port, baseUrl) are available once
 * `await srv.ready` has resolved. (Node 20 runs a file's top-level before() hooks concurrently, so a
 * file's own before() hook must `await srv.ready` before using sync properties.)
 */
export function useServer(options = {}) {
  let started = null;
  let starting = null;
  const ensureStarted = () =>
    (starting ??= startServer(options).then((s) => {
      started = s;
      return s;
    }));
  before(async () => {
    await ensureStarted();
  });
  after(async () => {
    if (starting) {
      const s = await starting.catch(() => null);
      if (s) await s.stop();
    }
  });
  return new Proxy({}, {
    get(_target, prop) {
      if (prop === 'ready') return ensureStarted();
      if (prop === 'then') return undefined; // not a thenable
      const proto = Server.prototype[prop];
      if (typeof proto === 'function') {
        return async (...args) => {
          const s = await ensureStarted();
          return s[prop](...args);
        };
      }
      if (!started) throw new Error(`server not started yet (reading ${String(prop)}); await srv.ready first`);
      return started[prop];
    },
  });
}

/**
 * Asserts that r is an RFC 9457 problem with the given status and code; returns its body.
 */
export function assertProblem(r, status, code) {
  const summary = `${r.status} ${r.text.slice(0, 500)}`;
  assert.equal(r.status, status, `status (response: ${summary})`);
  assert.equal((r.headers.get('content-type') ?? '').split(';')[0].trim(), 'application/problem+json',
    `content-type (response: ${summary})`);
  assert.ok(r.body && typeof r.body === 'object', `problem body (response: ${summary})`);
  assert.equal(r.body.code, code, `problem code (response: ${summary})`);
  assert.equal(r.body.status, status, `problem status member (response: ${summary})`);
  assert.equal(r.body.type, `/problems/${code}`, `problem type (response: ${summary})`);
  assert.equal(typeof r.body.title, 'string');
  assert.equal(typeof r.body.detail, 'string');
  assert.ok(r.body.detail.length > 0, 'problem detail is not empty');
  return r.body;
}

/** Appends the Luhn check digit to a string of digits (ICCIDs are E.118 numbers). */
export function withLuhn(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/**
 * The ICCID of the demo's n-th SFR card. Cards 0-71 went to the demo's allocations: 0-11 are
 * reserved for the demo structure's request 2 (its parcel CO-000001 waits at the packing
 * station), 12-31 were delivered to the structure of the fulfilled request 3 (id 15), 32-71 to
 * requests 10-14 whose parcels are packed, on the road, delivered short of card 52, lost and
 * returned; 72-2459 are in stock;
 * 2460+k went to the demo structure: k 0-27 active, 28-29 suspended, 30-33 handed over, 34-38
 * at the structure, 39 lost.
 */
export const DEMO_RESERVED = 12;
/** Cards the demo's allocations reserved (12 still reserved, the other 60 since moved on). */
export const DEMO_ALLOCATED = 72;
export const demoCard = (n) => withLuhn('89331020' + String(1200000 + n).padStart(10, '0'));

/** Byte-wise (SQLite BINARY) comparison of two strings as UTF-8. */
export function compareUtf8(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
