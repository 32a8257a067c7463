// Shared helper for the Relais HTTP API tests (node --test tests/api/).
//
// Each test file starts its own server on a fresh demo database:
//
//   import { useServer } from './server.mjs';
//   const srv = useServer();                      // or useServer({ serveArgs: ['--max-body-bytes', '65536'] })
//   test('...', async () => { const r = await srv.get('/api/v1/health'); ... });
//
// useServer() registers before()/after() hooks: before() makes a fresh database, runs `relais demo`,
// spawns `relais serve --port 0` and reads the bound port from its log; after() stops the server
// (SIGTERM, waits for exit) and throws the database away.
//
// The engine: SQLite (a file in a temp dir) by default; with RELAIS_TEST_PG set to the base URL of a
// PostgreSQL cluster (`postgresql://relais@127.0.0.1:54329`, see scripts/pg.sh and `make api-pg`), each
// database is a new one in that cluster, created through its `postgres` database and dropped at the
// end. Tests observe the system through the API and the CLI only, never with SQL: they pass
// `srv.dbArg` (a file path or a URL) and `srv.env` to the CLI, or use `srv.cli(...)`.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
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

/** The base URL of the PostgreSQL cluster the tests run on, or null for SQLite. */
export const PG_BASE = process.env.RELAIS_TEST_PG ? process.env.RELAIS_TEST_PG.replace(/\/+$/, '') : null;
/** The engine under test, as GET /api/v1/health names it. */
export const ENGINE = PG_BASE ? 'postgresql' : 'sqlite';

/** Runs the relais binary to completion. Resolves {code, signal, stdout, stderr}. */
export function runRelais(args, { input, timeoutMs = 20000, env } = {}) {
  return run(RELAIS_BIN, args, { input, timeoutMs, env });
}

/** Runs any program to completion (env: variables added to this process's). Resolves {code, signal, stdout, stderr}. */
export function run(bin, args, { input, timeoutMs = 20000, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: env ? { ...process.env, ...env } : process.env,
    });
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

/** Runs psql on a database of the test cluster (RELAIS_TEST_PG); throws unless it succeeds. */
export async function psql(database, sql) {
  if (!PG_BASE) throw new Error('psql: RELAIS_TEST_PG is not set');
  const r = await run('psql', [`${PG_BASE}/${database}`, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  if (r.code !== 0) throw new Error(`psql ${database}: ${sql}: ${r.stderr}`);
  return r.stdout;
}

/**
 * A fresh, empty database of the engine under test, with its own temp dir. `arg` is what `--db`
 * takes (a file path, or a URL), `env` what every relais run on it needs (on PostgreSQL the PUK key
 * file, RELAIS_KEY_FILE, is `relais.db.key` in the temp dir; on SQLite it lies beside the file,
 * by default), `keyFile` where that key is. `drop()` throws it all away.
 */
export class TestDatabase {
  constructor({ dir, arg, env, keyFile, pgName = null }) {
    this.dir = dir;
    this.arg = arg;
    this.env = env;
    this.keyFile = keyFile;
    this.pgName = pgName;
  }

  static async create(prefix = 'relais-api-') {
    const dir = await makeTempDir(prefix);
    if (!PG_BASE) {
      const file = path.join(dir, 'relais.db');
      return new TestDatabase({ dir, arg: file, env: {}, keyFile: `${file}.key` });
    }
    try {
      const name = newPgName();
      await psql('postgres', `CREATE DATABASE ${name}`);
      const keyFile = path.join(dir, 'relais.db.key');
      return new TestDatabase({ dir, arg: `${PG_BASE}/${name}`, env: { RELAIS_KEY_FILE: keyFile }, keyFile, pgName: name });
    } catch (e) {
      await fs.rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** Runs the relais CLI on this database: `relais ARGS --db ARG`. */
  cli(args, opts = {}) {
    return runRelais([...args, '--db', this.arg], { ...opts, env: { ...this.env, ...opts.env } });
  }

  async drop() {
    if (this.pgName) await psql('postgres', `DROP DATABASE IF EXISTS ${this.pgName} WITH (FORCE)`);
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** A database name of the test cluster that nothing uses. */
export function newPgName() {
  return `relais_t_${crypto.randomBytes(6).toString('hex')}`;
}

/** What `--db` takes for a database that does not exist (and that relais must not create). */
export function missingDbArg(dir) {
  return PG_BASE ? `${PG_BASE}/${newPgName()}` : path.join(dir, 'missing', 'relais.db');
}

/**
 * Starts a server. Options:
 *   demo (default true): run `relais demo --no-history` on the database first; 'history': the
 *         whole demo, with the second programme's year of history (`relais demo`)
 *   serveArgs: extra arguments for `relais serve` (e.g. ['--max-body-bytes', '65536'])
 *   database: serve this TestDatabase (another server's) instead of a fresh one; it is not dropped
 *             when this server stops
 *   env: variables for `relais serve` (over the database's own, e.g. another RELAIS_KEY_FILE)
 * Returns a Server.
 */
export async function startServer({ demo = true, serveArgs = [], database = null, env = {} } = {}) {
  const owned = database === null;
  const db = database ?? (await TestDatabase.create());
  try {
    if (demo) {
      // The year of history takes some 15 s on PostgreSQL (its moves one statement at a time).
      const r = demo === 'history'
        ? await db.cli(['demo'], { timeoutMs: 120000 })
        : await db.cli(['demo', '--no-history']);
      if (r.code !== 0) throw new Error(`relais demo failed (${r.code}): ${r.stdout}${r.stderr}`);
    }
    const child = spawn(
      RELAIS_BIN,
      ['serve', '--db', db.arg, '--port', '0', '--web', path.join(db.dir, 'noweb'), ...serveArgs],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...db.env, ...env } },
    );
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let log = '';
    let scheme = 'http';
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relais serve did not start in time:\n${log}`)), 10000);
      const onData = (d) => {
        log += d;
        const m = /relais listening on (https?):\/\/127\.0\.0\.1:(\d+)\//.exec(log);
        if (m) {
          clearTimeout(timer);
          scheme = m[1];
          resolve(Number(m[2]));
        }
      };
      child.stdout.setEncoding('utf8').on('data', onData);
      child.stderr.setEncoding('utf8').on('data', onData);
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`relais serve exited (${code ?? signal}) before listening:\n${log}`));
      });
    });
    return new Server({ database: db, owned, port, scheme, child, exited, getLog: () => log });
  } catch (e) {
    if (owned) await db.drop();
    throw e;
  }
}

export class Server {
  constructor({ database, owned, port, scheme = 'http', child, exited, getLog }) {
    this.database = database;
    this.owned = owned;
    /** What `--db` takes for this server's database: a file path (SQLite) or a URL (PostgreSQL). */
    this.dbArg = database.arg;
    /** The environment every relais run on this database needs (see TestDatabase). */
    this.env = database.env;
    this.dir = database.dir;
    this.port = port;
    /** 'https' when the server was started with --tls-cert (fetch then needs its authority trusted). */
    this.scheme = scheme;
    this.baseUrl = `${scheme}://127.0.0.1:${port}`;
    this.child = child;
    this.exited = exited;
    this.getLog = getLog;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and drops its database unless it was lent. */
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(killer);
    }
    if (this.owned) await this.database.drop();
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
    return this.database.cli(args, opts);
  }

  /** The number of events in the audit log, as `relais audit verify` counts them (the chain must hold). */
  async auditCount() {
    const r = await this.cli(['audit', 'verify']);
    const m = /^audit chain intact: (\d+) events/.exec(r.stdout);
    if (r.code !== 0 || !m) throw new Error(`relais audit verify (${r.code}): ${r.stdout}${r.stderr}`);
    return Number(m[1]);
  }
}

/**
 * Registers before()/after() hooks for one server per test file. Returns a proxy whose methods forward
 * to the Server, waiting for it to start first; plain properties (dbArg, env, port, baseUrl) are available once
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
 * at the structure, 39 lost; of its residents' lines, k 24 was stolen and k 25 lost (both blocked,
 * so terminated, and replaced by cards 2458, which took k 24's number, and 2459), k 26 is
 * defective and k 27 lost (issue 12). Cards 2458-2459 are the structure's spares.
 */
export const DEMO_RESERVED = 12;
/** Cards the demo's allocations reserved (12 still reserved, the other 60 since moved on). */
export const DEMO_ALLOCATED = 72;
export const demoCard = (n) => withLuhn('89331020' + String(1200000 + n).padStart(10, '0'));

/** Byte-wise (SQLite BINARY) comparison of two strings as UTF-8. */
export function compareUtf8(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
