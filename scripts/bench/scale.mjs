// Scale: a team's quarter in real Chromium with the built extension. 50 agents × 90 days × 100
// episodes per agent per day are generated deterministically in an extension page and written
// through the real store (putEvents, which marks the rollup days dirty in the same transaction);
// the rollups are built (recomputeDirtyDays); then the side panel's KPI query (queryKpis over the
// day rollups) is timed for 30 and 90 days against a naive scan of the same period (read the
// period's events, buildEpisodes, statusIntervals, computeKpis, summaries), with the JS heap.
// The side panel itself is opened cold on the 90-day period (first KPI paint) before the naive scans.
// Everything lives in the extension's database of a throwaway profile: nothing is cached between runs.
// Smaller runs for a quick look: SCALE_AGENTS=5 SCALE_DAYS=10 node scripts/bench.mjs scale
// Query-only re-runs: SCALE_PROFILE=/path keeps the profile there and, when it already holds the
// dataset of these sizes, skips generating it (the rollups are then only rebuilt where the build
// under test needs it, e.g. a new ROLLUPS_VERSION); SCALE_NAIVE=0 skips the naive scans;
// SCALE_BUILD=/path runs another build of the extension (with its bench page) on it, for A/B runs
// (each build on its own copy of the profile, moved to SCALE_PROFILE's path for its run: the
// extension's id, and so its database, follows that path).
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startInbox } from '../../demo/server.mjs';
import { EXTENSION_DIR, extensionWorker, launchChromium } from '../launch-chromium.mjs';

const AGENTS = Number(process.env.SCALE_AGENTS ?? 50);
const DAYS = Number(process.env.SCALE_DAYS ?? 90);
const PER_DAY = Number(process.env.SCALE_PER_DAY ?? 100);
const FIRST_DAY = '2026-08-23'; // 90 days: 2026-08-23 … 2026-11-20, across the end of DST in Paris
const ZONE = 'Europe/Paris';
// The extension's own database: the side panel part opens the real panel on it.
const DB = 'inbox-pulse';
const BATCH = 5000; // events per putEvents call (one transaction), as an import writes them
const QUERY_RUNS = 5;
const PANEL_OPENS = 4;
const PROFILE = process.env.SCALE_PROFILE;
const NAIVE = process.env.SCALE_NAIVE !== '0';
const DATASET = JSON.stringify({ AGENTS, DAYS, PER_DAY, FIRST_DAY });
const SETTINGS_OVER = {
  timeZone: ZONE,
  autoCloseAfterS: 24 * 3600,
  // Heartbeats every 10 minutes in the generated log (the extension's is 1 minute; 10 keeps the
  // status part of the log at ~2 % of the events instead of half of them).
  heartbeatTimeoutS: 900,
  targets: { frtS: 540, rtS: 540, closeS: 3600 },
};

const dayKeyAt = (i) => new Date(Date.parse(`${FIRST_DAY}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 1) => Number(x.toFixed(d));
const mb = (bytes) => round(bytes / 1048576, 0);

/** In the page: generates days [d0, d1) of the team log and writes them; returns counts and times. */
export async function generateAndStore({ d0, d1, agents, perDay, firstDay, zone, db: name, batch }) {
  const B = window.pulseBench;
  const db = await B.openPulseDb(name);
  const HOUR = 3_600_000;
  const MIN = 60_000;
  const iso = (t) => new Date(t).toISOString();
  let seed = 0x9e3779b9 ^ d0;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Reply delays: lognormal, median 90 s, long tail (capped at 3 h).
  const delay = () => {
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    return Math.min(3 * HOUR, Math.round(90_000 * Math.exp(1.1 * z)));
  };
  const dayKey = (i) => new Date(Date.parse(`${firstDay}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
  let genMs = 0;
  let putMs = 0;
  let stored = 0;
  const flush = async (events) => {
    for (let i = 0; i < events.length; i += batch) {
      const t0 = performance.now();
      const r = await B.putEvents(db, events.slice(i, i + batch));
      putMs += performance.now() - t0;
      stored += r.added + r.updated;
    }
  };
  if (d0 === 0) {
    const start = B.dayRange(dayKey(0), zone).from;
    await flush(Array.from({ length: agents }, (_, i) => ({
      v: 1, id: `a:agent${i}:Agent ${i}:support`, at: iso(start - HOUR), type: 'agent', agent: `agent${i}`, name: `Agent ${i}`, team: 'support',
    })));
  }
  for (let d = d0; d < d1; d++) {
    const g0 = performance.now();
    const events = [];
    const dayStart = B.dayRange(dayKey(d), zone).from;
    for (let a = 0; a < agents; a++) {
      const agent = `agent${a}`;
      const shift = dayStart + (7 + (a % 10)) * HOUR; // 07:00 … 16:00 starts: late shifts cross midnight
      // Status: online with a heartbeat every 10 minutes, a 40-minute unavailable break, offline at the end.
      for (let t = shift; t < shift + 8 * HOUR; t += 10 * MIN) {
        const status = t >= shift + 4 * HOUR && t < shift + 4 * HOUR + 40 * MIN ? 'unavailable' : 'online';
        events.push({ v: 1, id: `s:${agent}:${iso(t)}:${status}`, at: iso(t), type: 'status', agent, status, reason: t === shift ? 'manual' : 'heartbeat' });
      }
      events.push({ v: 1, id: `s:${agent}:${iso(shift + 8 * HOUR)}:offline`, at: iso(shift + 8 * HOUR), type: 'status', agent, status: 'offline', reason: 'tab' });
      for (let k = 0; k < perDay; k++) {
        // Each chat comes back every 30 days: episodes of one chat never overlap.
        const chat = `55${String(a).padStart(3, '0')}${String((d * perDay + k) % (30 * perDay)).padStart(5, '0')}@c.us`;
        let n = 0;
        const msg = (t, by, extra = {}) => {
          const m = `${d}.${a}.${k}.${n++}`;
          events.push({
            v: 1, id: `m:whatsapp:${chat}:${m}`, at: iso(t), type: 'message', site: 'whatsapp', chat, chatTitle: `Customer ${chat.slice(2, 10)}`,
            msg: m, dir: by === 'customer' ? 'in' : 'out', by, attribution: by === 'agent' ? 'local' : 'none', live: true, ...extra,
          });
        };
        const reply = (t) => (rnd() < 0.1
          ? msg(t, 'agent', { agent: `Agent ${a}`, attribution: 'signature' }) // signed: resolved by name
          : msg(t, 'agent', { agent }));
        let t = shift + Math.floor(k * (8 * HOUR) / perDay + rnd() * 3 * MIN);
        if (rnd() < 0.15) {
          msg(t, 'bot');
          t += 10_000;
        }
        // About 5 events per episode: a burst, a reply, sometimes one or two more waits, a close.
        const rounds = 1 + (rnd() < 0.5 ? 1 : 0) + (rnd() < 0.2 ? 1 : 0);
        for (let r = 0; r < rounds; r++) {
          const burst = 1 + Math.floor(rnd() * 2);
          for (let b = 0; b < burst; b++) {
            msg(t, 'customer');
            t += 5_000 + Math.floor(rnd() * 35_000);
          }
          t += delay();
          reply(t);
          t += MIN + Math.floor(rnd() * 9 * MIN);
        }
        if (rnd() < 0.8) events.push({ v: 1, id: `c:whatsapp:${chat}:${iso(t)}`, at: iso(t), type: 'close', site: 'whatsapp', chat, agent });
        // else: silence, auto-closed after 24 h
      }
    }
    genMs += performance.now() - g0;
    await flush(events);
  }
  db.close();
  return { genMs, putMs, stored };
}

/**
 * The side panel opened in a new tab on the saved custom period [first, last] (its choice is
 * remembered in localStorage): from navigation start to the first animation frame with the KPI
 * cards in the DOM; then the same for the live section. The first open is after the queries above
 * (the browser's IndexedDB caches are as warm as a supervisor's would be), the others repeat it.
 */
async function sidePanelOpens(context, id, page, first, last) {
  await page.evaluate(({ first, last }) => {
    localStorage.setItem('inbox-pulse:panel-period', JSON.stringify({ preset: 'custom', from: first, to: last }));
    localStorage.setItem('inbox-pulse:panel-filter', JSON.stringify(''));
  }, { first, last });
  const paints = [];
  const lives = [];
  for (let i = 0; i < PANEL_OPENS; i++) {
    const panel = await context.newPage();
    await panel.bringToFront(); // a background tab gets no animation frames
    // From the document's start: the first animation frame after each element is in the DOM.
    await panel.addInitScript(() => {
      const stamps = (window.__panelStamps = {});
      const watch = { kpi: '[data-kpi="kpi-frt"]', live: '.live .live-grid' };
      new MutationObserver(() => {
        for (const [name, selector] of Object.entries(watch)) {
          if (stamps[name] === undefined && document.querySelector(selector)) {
            stamps[name] = null;
            requestAnimationFrame(() => { stamps[name] = performance.now(); });
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await panel.goto(`chrome-extension://${id}/sidepanel.html`);
    const stamps = await panel.waitForFunction(() => window.__panelStamps?.kpi && window.__panelStamps?.live && window.__panelStamps, null, { timeout: 600_000, polling: 100 })
      .then((h) => h.jsonValue())
      .catch(async (error) => { throw new Error(`side panel never showed its KPIs and live section (${JSON.stringify(await panel.evaluate(() => window.__panelStamps))}); it shows: ${(await panel.locator('body').innerText()).slice(0, 100)}`, { cause: error }); });
    paints.push(stamps.kpi);
    lives.push(stamps.live);
    const shown = await panel.locator('[data-kpi="kpi-frt"]').innerText();
    if (!/\d/.test(shown)) throw new Error(`side panel KPI card shows no figure: ${shown}`);
    await panel.close();
  }
  const paint = median(paints.slice(1));
  return [
    { measure: `side panel cold open to first KPI paint, ${first} … ${last}: first open`, value: round(paints[0]), unit: 'ms', target: '< 500', ok: paints[0] < 500 },
    { measure: `side panel cold open to first KPI paint: median of ${PANEL_OPENS - 1} more`, value: round(paint), unit: 'ms', target: '< 500', ok: paint < 500 },
    { measure: 'side panel open to the live section filled (the recently active chats, read after the first paint), median', value: round(median(lives.slice(1))), unit: 'ms' },
  ];
}

async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * A kept profile loads the build under test from a copy beside it: an unpacked extension's id, and
 * so its IndexedDB origin, follows its folder, which must stay the same for any build (A/B runs).
 * Its registered service worker goes: Chromium would keep running the previous build's worker
 * (same extension version), whose rollup maintenance would rebuild every day in its own format.
 */
function keptProfile() {
  if (!PROFILE) return {};
  const extensionDir = `${PROFILE}.extension`;
  rmSync(extensionDir, { recursive: true, force: true });
  cpSync(process.env.SCALE_BUILD ?? EXTENSION_DIR, extensionDir, { recursive: true });
  if (!existsSync(PROFILE)) mkdirSync(PROFILE, { recursive: true });
  rmSync(join(PROFILE, 'Default', 'Service Worker'), { recursive: true, force: true });
  return { profileDir: PROFILE, extensionDir };
}

export async function run() {
  const server = await startInbox();
  const { context, close } = await launchChromium({ inboxPort: server.port, ...keptProfile() });
  const rows = [];
  try {
    const id = new URL((await extensionWorker(context)).url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/bench-scale.html`);
    await page.waitForFunction(() => window.pulseBench);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const endDay = dayKeyAt(DAYS);
    const env = { db: DB, zone: ZONE, over: SETTINGS_OVER };
    // `now`: 5 minutes into the day after the last: the last day's status is not final yet and its
    // open episodes are pending auto-closes, as in a side panel opened just after midnight.
    const { now, reused } = await page.evaluate(async ({ db, zone, over, endDay, dataset }) => {
      const B = window.pulseBench;
      const reused = localStorage.getItem('inbox-pulse:bench-dataset') === dataset;
      if (!reused) {
        localStorage.removeItem('inbox-pulse:bench-dataset');
        await B.deleteDB(db);
      }
      await B.saveSettings(over); // the side panel's settings, so its queries use the same rollups
      const store = await B.openPulseDb(db);
      await B.ensureRollupBasis(store, { ...over }, zone); // rollups exist: every write marks its days
      store.close();
      return { now: B.dayRange(endDay, zone).from + 5 * 60_000, reused };
    }, { ...env, endDay, dataset: DATASET });

    // 1. Generate and store, ten days per evaluate.
    let genMs = 0;
    let putMs = 0;
    let stored = 0;
    const t0 = Date.now();
    if (reused) console.log(`  scale: the dataset in ${PROFILE} is reused`);
    for (let d0 = 0; d0 < DAYS && !reused; d0 += 10) {
      const r = await page.evaluate(generateAndStore, { d0, d1: Math.min(DAYS, d0 + 10), agents: AGENTS, perDay: PER_DAY, firstDay: FIRST_DAY, zone: ZONE, db: DB, batch: BATCH });
      genMs += r.genMs;
      putMs += r.putMs;
      stored += r.stored;
      process.stdout.write(`  scale: ${Math.min(DAYS, d0 + 10)}/${DAYS} days, ${stored} events, ${round((Date.now() - t0) / 1000, 0)} s\n`);
    }
    if (PROFILE && !reused) await page.evaluate((dataset) => localStorage.setItem('inbox-pulse:bench-dataset', dataset), DATASET);
    const episodes = AGENTS * DAYS * PER_DAY;
    if (!reused) rows.push({ measure: `events generated and stored (${AGENTS} agents × ${DAYS} days × ${PER_DAY} episodes = ${episodes} episodes)`, value: stored, unit: 'events' });
    if (!reused) rows.push({ measure: `generation rate (in the page)`, value: Math.round(stored / (genMs / 1000)), unit: 'events/s' });
    if (!reused) rows.push({ measure: `insert rate: putEvents, ${BATCH}-event transactions, dirty days marked in each`, value: Math.round(stored / (putMs / 1000)), unit: 'events/s' });

    // 2. Build every dirty day's rollups.
    const build = await page.evaluate(async ({ db, zone, over, now }) => {
      const B = window.pulseBench;
      const store = await B.openPulseDb(db);
      const t = performance.now();
      const r = await B.recomputeDirtyDays(store, { settings: { ...over }, zone, now });
      const ms = performance.now() - t;
      const dirtyLeft = await B.countDirtyDays(store);
      store.close();
      return { ms, ...r, dirtyLeft };
    }, { ...env, now });
    rows.push({ measure: `rollups built from the events (${build.factDays} days; ${build.dirtyLeft} left dirty)`, value: round(build.ms / 1000, 1), unit: 's' });

    // 3. The side panel's query over the rollups, and the naive scan, for 30 and 90 days.
    const query = (from) => page.evaluate(async ({ db, zone, over, now, from, to, runs }) => {
      const B = window.pulseBench;
      const store = await B.openPulseDb(db);
      const times = [];
      let result;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        result = await B.queryKpis(store, { from, to, zone, settings: { ...over }, now });
        times.push(performance.now() - t);
      }
      store.close();
      return { times, team: result.team, agents: result.agents.length, days: result.series.days.length };
    }, { ...env, now, from, to: endDay, runs: QUERY_RUNS });

    const naive = (from) => page.evaluate(async ({ db, zone, over, now, from, to }) => {
      const B = window.pulseBench;
      const store = await B.openPulseDb(db);
      const t = performance.now();
      const range = { from: B.dayRange(from, zone).from, to: B.dayRange(to, zone).from };
      // Episodes may have started before the period: read back one auto-close delay.
      const events = await B.readEvents(store, new Date(range.from - over.autoCloseAfterS * 1000).toISOString(), new Date(Math.min(range.to, now)).toISOString());
      const { directory } = await B.readDirectory(store);
      const episodes = B.buildEpisodes(events, over, { now, resolveAgent: directory.resolve });
      const intervals = B.statusIntervals(events, { now, heartbeatTimeoutS: over.heartbeatTimeoutS, resolveAgent: directory.resolve });
      const kpis = B.computeKpis(episodes, intervals, range);
      const team = B.summarizeAll(kpis.team.aggs);
      const agents = kpis.agents.map((a) => ({ s: B.summarizeAll(a.aggs), sla: B.slaCompliance(a.aggs, over.targets) }));
      const ms = performance.now() - t;
      store.close();
      window.__naiveHold = { events, episodes, kpis }; // kept alive for the heap reading, then dropped
      return { ms, events: events.length, team: { frt: team.frt, rt: team.rt, close: team.close, chatsClosed: kpis.team.chatsClosed, autoClosed: kpis.team.autoClosed, onlineS: kpis.team.onlineMs / 1000 }, agents: agents.length };
    }, { ...env, now, from, to: endDay });

    const heapBase = await heap(cdp);
    const windows = [30, DAYS].filter((n, i, xs) => n <= DAYS && xs.indexOf(n) === i);
    const queried = [];
    for (const n of windows) {
      const q = await query(dayKeyAt(DAYS - n));
      const heapQuery = await heap(cdp);
      const qMs = median(q.times.slice(1));
      queried.push({ n, q, qMs, heapQuery });
      rows.push({ measure: `queryKpis, ${n} days, team + ${q.agents} agents + per-day series: first call`, value: round(q.times[0]), unit: 'ms' });
      rows.push({
        measure: `queryKpis, ${n} days: median of ${QUERY_RUNS - 1} more`, value: round(qMs), unit: 'ms',
        ...(n === 90 ? { target: '< 250', ok: qMs < 250 } : {}),
      });
    }
    rows.push({ measure: 'JS heap of the page before the queries (after GC)', value: mb(heapBase), unit: 'MB' });
    // The panel runs at the real time, when the days the bench's `now` left open are over: by then
    // the worker's maintenance (every 2 s under traffic) has settled them, which is done here.
    const settled = await page.evaluate(async ({ db, zone, over }) => {
      const B = window.pulseBench;
      const store = await B.openPulseDb(db);
      const t = performance.now();
      const r = await B.recomputeDirtyDays(store, { settings: { ...over }, zone, now: Date.now() });
      store.close();
      return { ms: performance.now() - t, ...r };
    }, env);
    rows.push({ measure: `rollups settled at the real time before the side panel opens (${settled.statusDays} status days; ${settled.spans} spans built)`, value: round(settled.ms), unit: 'ms' });
    // Before the naive scans: their gigabytes of heap live in the renderer process every extension
    // page shares, which a side panel opened by a user never has to make room in.
    rows.push(...await sidePanelOpens(context, id, page, dayKeyAt(0), dayKeyAt(DAYS - 1)));

    for (const { n, q, qMs, heapQuery } of queried) {
      // The naive scan; if a period is too much for the page, a shorter period says so.
      let scanned = null;
      let days = n;
      let note = '';
      while (NAIVE && !scanned && days >= 10) {
        try {
          scanned = await naive(dayKeyAt(DAYS - days));
        } catch (error) {
          note = ` (the ${days}-day scan failed: ${String(error.message ?? error).split('\n')[0].slice(0, 80)})`;
          if (page.isClosed()) throw error;
          days = Math.floor(days / 2);
        }
      }
      if (!scanned) continue;
      const heapNaive = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      await page.evaluate(() => { delete window.__naiveHold; });
      const subset = days !== n;
      const label = subset ? `naive scan of ${days} of the ${n} days${note}` : `naive scan, ${n} days (read ${scanned.events} events, episodes, KPIs, summaries)`;
      rows.push({ measure: label, value: round(scanned.ms), unit: 'ms' });
      const same = subset ? await query(dayKeyAt(DAYS - days)) : q;
      const sameMs = subset ? median(same.times.slice(1)) : qMs;
      const ratio = scanned.ms / sameMs;
      rows.push({
        measure: `naive / queryKpis, ${subset ? `${days}-day subset` : `${n} days`} (one run)`, value: round(ratio, 0), unit: '×',
        ...(n === 90 ? { target: '≥ 20', ok: ratio >= 20 } : {}),
      });
      // Only a scan from the first day has the whole history (e.g. whether a chat was opened
      // before, which decides if a bot greeting opens an episode): compare that one.
      const comparable = DAYS - days === 0;
      const pairs = {
        chatsClosed: [scanned.team.chatsClosed, same.team.chatsClosed],
        autoClosed: [scanned.team.autoClosed, same.team.autoClosed],
        frt: [scanned.team.frt, same.team.summaries.frt],
        rt: [scanned.team.rt, same.team.summaries.rt],
        close: [scanned.team.close, same.team.summaries.close],
      };
      const differ = Object.entries(pairs).filter(([, [a, b]]) => JSON.stringify(a) !== JSON.stringify(b)).map(([k, [a, b]]) => `${k}: scan ${JSON.stringify(a)} vs query ${JSON.stringify(b)}`);
      if (Math.abs(scanned.team.onlineS - same.team.onlineS) >= 1e-6) differ.push(`online: scan ${scanned.team.onlineS} vs query ${same.team.onlineS}`);
      const agree = differ.length === 0;
      if (!agree) console.log(`  scale: queryKpis and the naive scan differ: ${differ.join('; ')}`);
      if (comparable) rows.push({ measure: `queryKpis team figures == naive scan's, ${days} days (FRT, RT, close, closed, auto-closed, online)`, value: agree ? 'yes' : 'NO', unit: '', target: 'yes', ok: agree });
      rows.push({ measure: `JS heap after the ${n}-day queryKpis (after GC)`, value: mb(heapQuery), unit: 'MB' });
      rows.push({ measure: `JS heap holding the ${days}-day naive scan (events, episodes, KPIs)`, value: mb(heapNaive), unit: 'MB' });
    }
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
    rows.push({ measure: 'IndexedDB usage of the extension origin (events + rollups)', value: mb(usage), unit: 'MB' });
    if (!PROFILE) await page.evaluate(async (db) => window.pulseBench.deleteDB(db), DB);
  } finally {
    await close();
    await server.close();
  }
  return rows;
}
