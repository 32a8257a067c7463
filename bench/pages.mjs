// The browser half of bench/pages.sh (whose header says what is measured and how): logs in as
// each demo role in headless Chromium, opens every page that role reaches, each in a fresh browser
// context, and prints one line per page. Usage: node bench/pages.mjs http://127.0.0.1:PORT
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

// Playwright as the web app's browser tests have it (web/node_modules).
const { chromium } = createRequire(new URL('../web/package.json', import.meta.url))('@playwright/test');

const base = process.argv[2];
const PASSWORD = 'relais-demo';
const VIEWPORT = { width: 360, height: 800 };
// How long nothing may happen (no request pending, no DOM change) before a page counts as ready.
const QUIET_MS = 500;
const TIMEOUT_MS = 30_000;
const TARGET_MS = 1000;
const TARGET_MB = 150;

// The launch options of web/playwright.config.ts (a TypeScript file node does not import).
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

// Each role's pages, in the order of its menu, then the pages behind them. `pick` takes the first
// link of the rendered page matching it (the first item as the page lists it, default filters
// kept) and names the detail page it opens; `api` finds through the API what the first listed
// item would not show (an open parcel, a draft, a card held) or what no link reaches (a delivery's
// page, which its QR code opens).
const ID = '\\d+';
const plans = {
  coordinator: [
    { path: '/' },
    { path: '/requests', pick: { request: `^/requests/${ID}$` } },
    { path: '/requests/summary' },
    { path: '/allocation' },
    // Again: the server keeps the preview it computed until the next write (a login is one).
    { path: '/allocation', label: '/allocation (again)' },
    { path: '/packing' },
    { api: 'open parcel' },
    { path: '/shipments', pick: { shipment: `^/shipments/${ID}$` } },
    { path: '/incidents' },
    { path: '/organisations', pick: { organisation: `^/organisations/${ID}$` } },
    { path: '/organisations/new' },
    { path: '/organisations/import' },
    { path: '/users' },
    { path: '/stock', pick: { card: '^/sims/\\d{18,20}F?$' } },
    { search: 'whole ICCID' },
    { search: 'number' },
    { path: '/stock/import' },
    { path: '/stock/status-report' },
    { path: '/referrals', pick: { referral: `^/referrals/${ID}$` } },
    { api: 'delivery' },
  ],
  funder: [{ path: '/' }, { path: '/requests/summary' }, { own: 'organisation' }, { path: '/stock' }],
  operator: [
    { path: '/organisations', pick: { organisation: `^/organisations/${ID}$` } },
    { path: '/stock', pick: { card: '^/sims/\\d{18,20}F?$' } },
    { search: 'whole ICCID' },
    { search: 'number' },
    { path: '/stock/import' },
    { path: '/stock/status-report' },
  ],
  logistics: [
    { path: '/packing' },
    { api: 'open parcel' },
    { path: '/shipments', pick: { shipment: `^/shipments/${ID}$` } },
    { path: '/organisations', pick: { organisation: `^/organisations/${ID}$` } },
  ],
  liaison: [
    { path: '/requests', pick: { request: `^/requests/${ID}$` } },
    { path: '/requests/summary' },
    { path: '/organisations', pick: { organisation: `^/organisations/${ID}$` } },
    { path: '/organisations/new' },
    { path: '/organisations/import' },
    { path: '/stock' },
  ],
  structure: [
    { path: '/', label: '/ (dashboard)' },
    { path: '/requests', pick: { request: `^/requests/${ID}$` } },
    { path: '/requests/new' },
    { api: 'draft request' },
    { path: '/referrals', pick: { referral: `^/referrals/${ID}$` } },
    { path: '/shipments', pick: { shipment: `^/shipments/${ID}$`, delivery: '^/deliveries/[A-Za-z0-9_-]+$' } },
    // Its parcels are reached from its incidents (a parcel's reference links to its page).
    { path: '/incidents', pick: { 'packing station': `^/packing/${ID}$` } },
    { own: 'organisation' },
    { api: 'held card' },
  ],
  association: [
    { path: '/referrals', pick: { referral: `^/referrals/${ID}$` } },
    { path: '/referrals/new' },
    { path: '/organisations', pick: { organisation: `^/organisations/${ID}$` } },
  ],
};

// Records, from before the app's first script, when the DOM last changed (performance.now(), whose
// origin is the navigation's start).
function watchDom() {
  window.__lastChange = 0;
  new MutationObserver(() => (window.__lastChange = performance.now())).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

/**
 * Waits until the page is ready and returns how long it took from `startedAt` (page clock), or
 * null after TIMEOUT_MS. Ready: a heading visible in <main> (h1; an organisation's page has only
 * an h3), no element aria-busy="true", no request pending, and nothing (request or DOM change)
 * for QUIET_MS. The time is that of the last thing that happened, the last response's end or the
 * last DOM change, whichever is later: the quiet wait is not counted.
 */
async function waitReady(page, net, startedAt) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const s = await page.evaluate(() => {
      const heading = document.querySelector('main :is(h1, h2, h3)');
      const ends = performance.getEntriesByType('resource').map((e) => e.responseEnd);
      return {
        now: performance.now(),
        heading: !!heading && heading.getBoundingClientRect().height > 0,
        busy: document.querySelectorAll('[aria-busy="true"]').length,
        lastChange: window.__lastChange ?? 0,
        lastResponse: Math.max(0, ...ends),
      };
    });
    const quietNet = net.pending === 0 && Date.now() - net.lastActivity >= QUIET_MS;
    const quietDom = s.now - s.lastChange >= QUIET_MS;
    if (s.heading && s.busy === 0 && quietNet && quietDom) {
      return Math.max(s.lastChange, s.lastResponse) - startedAt;
    }
    if (Date.now() > deadline) return null;
    await page.waitForTimeout(50);
  }
}

/** Counts the page's requests in flight, and when one last started or ended. */
function trackNetwork(page) {
  const net = { pending: 0, lastActivity: Date.now(), api: [] };
  const started = new Map();
  page.on('request', (r) => {
    net.pending++;
    net.lastActivity = Date.now();
    started.set(r, Date.now());
  });
  const done = (r) => {
    net.pending--;
    net.lastActivity = Date.now();
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) {
      net.api.push({ path: url.pathname + url.search, ms: Date.now() - started.get(r), request: r });
    }
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return net;
}

/** The processes started, directly or not, by process `root`. */
function descendants(root) {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1];
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(pid);
    } catch {
      // gone meanwhile
    }
  }
  const all = [];
  const walk = (pid) => (children.get(pid) ?? []).forEach((c) => (all.push(c), walk(c)));
  walk(String(root));
  return all;
}

/**
 * What the process alone holds: Private_Clean + Private_Dirty + Swap of /proc/PID/smaps_rollup,
 * without the pages of the libraries it shares with Chromium's other processes (RSS counts them).
 */
function privateBytes(pid) {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  let kb = 0;
  for (const m of rollup.matchAll(/^(Private_Clean|Private_Dirty|Swap):\s+(\d+) kB/gm)) kb += Number(m[2]);
  return kb * 1024;
}

/**
 * Chromium's processes: each with its private bytes and RSS, and whether it renders pages (not
 * the WebUI renderer headless Chromium starts with each context).
 */
function processes() {
  const found = [];
  for (const pid of descendants(process.pid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      const renderer = cmd.includes('--type=renderer') && !cmd.includes('--top-chrome-webui');
      found.push({ pid, bytes: privateBytes(pid), rss, renderer });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function exited(pid) {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return false;
  } catch {
    return true;
  }
}

const mb = (bytes) => bytes / 1e6;
const rows = [];
const slow = [];
let lastRenderer = null;

/**
 * Opens `path` in a fresh context logged in as the role, waits until ready, measures, and hands
 * the page to `then` (to pick links or run a search) before closing the context.
 */
async function visit(browser, storageState, role, label, path, then) {
  // The previous page's renderer must be gone, so that the largest renderer left is this page's
  // (the other one is Chromium's spare renderer, kept ready for the next page).
  for (let i = 0; lastRenderer && !exited(lastRenderer) && i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const context = await browser.newContext({ viewport: VIEWPORT, storageState });
  await context.addInitScript(watchDom);
  const page = await context.newPage();
  let net = trackNetwork(page);
  let row = { role, label, ms: null, rendererMb: null, rssMb: null, heapMb: null, browserMb: null, note: '' };
  try {
    await page.goto(base + path, { waitUntil: 'commit' });
    row.ms = await waitReady(page, net, 0);
    if (then) {
      const more = await then(page, () => (net = trackNetwork(page)), () => net);
      if (more) row = { ...row, ...more, label: more.label ?? label };
    }
    const alert = await page.locator('main [role="alert"]').first();
    if ((await alert.count()) > 0 && (await alert.isVisible())) {
      row.note = `alert: ${(await alert.innerText()).slice(0, 40)}`;
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    row.heapMb = mb(metrics.find((m) => m.name === 'JSHeapUsedSize').value);
    const all = processes();
    const largest = all.filter((p) => p.renderer).sort((a, b) => b.bytes - a.bytes)[0];
    row.rendererMb = largest ? mb(largest.bytes) : null;
    row.rssMb = largest ? mb(largest.rss) : null;
    row.browserMb = mb(all.reduce((sum, p) => sum + p.bytes, 0));
    lastRenderer = largest?.pid ?? null;
    if (row.ms === null) row.note = `not ready after ${TIMEOUT_MS / 1000} s ${row.note}`;
    if (row.ms === null || row.ms > TARGET_MS || row.rendererMb > TARGET_MB) {
      const calls = [];
      for (const c of net.api) {
        const sizes = await c.request.sizes().catch(() => null);
        calls.push(`${c.path} ${c.ms} ms ${sizes ? sizes.responseBodySize : '?'} B`);
      }
      slow.push({ role, label: row.label, calls });
    }
  } catch (e) {
    row.note = `error: ${String(e.message ?? e).split('\n')[0].slice(0, 60)}`;
  } finally {
    await context.close();
  }
  rows.push(row);
  print(row);
}

function flag(row) {
  if (row.skipped) return '';
  const over = [];
  if (row.ms === null || row.ms > TARGET_MS) over.push('SLOW');
  if (row.rendererMb !== null && row.rendererMb > TARGET_MB) over.push('MEMORY');
  return over.join(' ');
}

const fmt = (v, d) => (v === null || v === undefined ? '-' : v.toFixed(d));

const COLUMNS = ['ready ms', 'page MB', 'page RSS', 'JS heap', 'browser'];

function print(row) {
  const numbers = [fmt(row.ms, 0), fmt(row.rendererMb, 1), fmt(row.rssMb, 0), fmt(row.heapMb, 1), fmt(row.browserMb, 0)];
  console.log(
    `${row.role.padEnd(12)} ${row.label.slice(0, 46).padEnd(46)} ${numbers.map((n) => n.padStart(8)).join(' ')}  ` +
      [flag(row), row.note].filter(Boolean).join(' '),
  );
}

/** Chromium's own share: the same measures with an empty page (not counted in the summary). */
async function blank(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto('about:blank');
  await page.waitForTimeout(QUIET_MS);
  const all = processes();
  const largest = all.filter((p) => p.renderer).sort((a, b) => b.bytes - a.bytes)[0];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  print({
    role: '-',
    label: 'about:blank (no app)',
    ms: null,
    rendererMb: largest ? mb(largest.bytes) : null,
    rssMb: largest ? mb(largest.rss) : null,
    heapMb: mb(metrics.find((m) => m.name === 'JSHeapUsedSize').value),
    browserMb: mb(all.reduce((sum, p) => sum + p.bytes, 0)),
    skipped: true,
  });
  lastRenderer = largest?.pid ?? null;
  await context.close();
}

/** Logs in through the form, as a person would, and keeps the session's cookie. */
async function login(browser, role) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(`${role}@demo.relais`);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor({ state: 'attached' });
  const me = await (await context.request.get(`${base}/api/v1/session`)).json();
  const state = await context.storageState();
  await context.close();
  return { state, user: me.user };
}

async function apiGet(browser, state, path) {
  const context = await browser.newContext({ storageState: state });
  try {
    const response = await context.request.get(base + path);
    return response.ok() ? await response.json() : null;
  } finally {
    await context.close();
  }
}

/** The first link of the page's <main> whose path matches. */
async function firstLink(page, pattern) {
  return page.evaluate((source) => {
    const re = new RegExp(source);
    for (const a of document.querySelectorAll('main a[href]')) {
      const path = new URL(a.href).pathname;
      if (re.test(path)) return path;
    }
    return null;
  }, pattern);
}

/** A card of the middle of the role's cards (the 201st listed), to be searched for. */
async function middleCard(browser, state) {
  const first = await apiGet(browser, state, '/api/v1/sims?limit=200');
  const cursor = first?.next_cursor;
  const page = await apiGet(browser, state, `/api/v1/sims?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  return page?.items?.[0] ?? null;
}

/** The number as a person types it: 06 12 34 56 78. */
function typedNumber(e164) {
  const french = /^\+33([1-9])(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
  return french ? `0${french[1]} ${french.slice(2).join(' ')}` : e164;
}

async function run() {
  const browser = await chromium.launch(launchOptions);
  console.log(`${'role'.padEnd(12)} ${'page'.padEnd(46)} ${COLUMNS.map((c) => c.padStart(8)).join(' ')}`);
  await blank(browser);
  const only = process.env.ROLES ? process.env.ROLES.split(',') : null;
  for (const [role, plan] of Object.entries(plans).filter(([r]) => !only || only.includes(r))) {
    const { state, user } = await login(browser, role);
    // The detail pages to open once the role's lists are measured: a name and a path, or none.
    const details = [];
    const found = (name, path, shown = path) => details.push({ label: path ? `${name} ${shown}` : `${name} (none)`, path });
    let card = null;
    for (const step of plan) {
      if (step.path) {
        await visit(browser, state, role, step.label ?? step.path, step.path, async (page) => {
          for (const [name, pattern] of Object.entries(step.pick ?? {})) {
            found(name, await firstLink(page, pattern));
          }
        });
      } else if (step.own) {
        const path = `/organisations/${user.organisation_id}`;
        await visit(browser, state, role, `own organisation ${path}`, path);
      } else if (step.search) {
        card ??= await middleCard(browser, state);
        if (!card) {
          print({ role, label: 'cards search (no card)', note: 'skipped', skipped: true });
          continue;
        }
        const text = step.search === 'number' ? typedNumber(card.msisdn) : card.iccid;
        // The stock page first (measured in its own row), then the search typed and sent: timed
        // from the click on Search.
        await visit(browser, state, role, `/stock search ${step.search}`, '/stock', async (page, retrack, getNet) => {
          await page.getByTestId('sims-q').fill(text);
          retrack();
          const startedAt = await page.evaluate(() => performance.now());
          await page.getByTestId('sims-search').click();
          const ms = await waitReady(page, getNet(), startedAt);
          const total = await page.getByTestId('sims-total').getAttribute('data-total');
          return { ms, label: `/stock search ${step.search === 'number' ? 'number' : 'ICCID'} ${text} → ${total}` };
        });
      } else if (step.api === 'open parcel') {
        // The packing station at work: a parcel still to pack (the list starts with the oldest,
        // long delivered).
        const open = await apiGet(browser, state, '/api/v1/packing-orders?state=open&limit=1');
        const id = open?.items?.[0]?.id;
        found('packing station, open', id && `/packing/${id}`);
      } else if (step.api === 'delivery') {
        const shipments = await apiGet(browser, state, '/api/v1/shipments?limit=1');
        const token = shipments?.items?.[0]?.parcels?.[0]?.delivery_token;
        found('delivery', token && `/deliveries/${token}`, `/deliveries/${token?.slice(0, 6)}…`);
      } else if (step.api === 'draft request') {
        const drafts = await apiGet(browser, state, '/api/v1/requests?state=draft&limit=1');
        const id = drafts?.items?.[0]?.id;
        found('draft request', id && `/requests/${id}/edit`);
      } else if (step.api === 'held card') {
        // A card the structure holds: the first card of a parcel delivered to it that it may open
        // (not one lost on the way, which the structure never held).
        let iccid = null;
        const orders = await apiGet(browser, state, '/api/v1/packing-orders?state=delivered&limit=5');
        for (const { id } of orders?.items ?? []) {
          const order = await apiGet(browser, state, `/api/v1/packing-orders/${id}`);
          for (const sim of order?.sims ?? []) {
            if (!iccid && (await apiGet(browser, state, `/api/v1/sims/${sim.iccid}`))) iccid = sim.iccid;
          }
          if (iccid) break;
        }
        found('held card', iccid && `/sims/${iccid}`);
      }
    }
    for (const d of details) {
      if (d.path) await visit(browser, state, role, d.label, d.path);
      else print({ role, label: d.label, note: 'skipped', skipped: true });
    }
  }
  await browser.close();

  const over = rows.filter((r) => flag(r));
  const worstMs = Math.max(...rows.map((r) => r.ms ?? Infinity));
  const worstMb = Math.max(...rows.map((r) => r.rendererMb ?? 0));
  const worstBrowser = Math.max(...rows.map((r) => r.browserMb ?? 0));
  console.log(
    `\n${rows.length} pages; slowest ${fmt(worstMs, 0)} ms; page MB at most ${fmt(worstMb, 1)}, ` +
      `whole browser at most ${fmt(worstBrowser, 0)} MB; ${over.length} over target (${TARGET_MS} ms, ${TARGET_MB} MB)`,
  );
  for (const s of slow) {
    console.log(`\n${s.role} ${s.label}: its API calls (browser time, body bytes)`);
    for (const c of s.calls) console.log(`  ${c}`);
  }
}

await run();
