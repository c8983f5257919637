// Hub: events/s stored into PostgreSQL through POST /v1/events (4 agents of one team sending
// batches of 1 000 of their own events at once over HTTP, goal ≥ 50 000/s), and the embedded
// PGlite's figure beside it; then GET /v1/report on a team's quarter (50 agents × 90 days,
// generated, sent by the agents themselves) for its first 30 and all 90 days, to show how the
// report's time grows with the events it reads. The PostgreSQL server is a throwaway cluster
// with its default (durable) settings. On a shared machine the wall-clock rate says as much about
// the neighbours as about the hub, so the CPU time the ingest cost (the server's processes and
// this one, which holds the hub and its 4 clients) is measured too: events per CPU-second is the
// rate one free core sustains.
// Smaller runs: HUB_BENCH_AGENTS=10 HUB_BENCH_DAYS=30 HUB_BENCH_PER_DAY=20 node scripts/bench.mjs hub
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { startCluster } = await import('../../hub/dev/throwaway-postgres.ts');
const { embeddedDatabase, serverDatabase } = await import('../../hub/database.ts');
const { migrate } = await import('../../hub/migrate.ts');
const { invite } = await import('../../hub/members.ts');
const { buildHub } = await import('../../hub/server.ts');
const { asMember } = await import('../../hub/session.ts');
const { reportedEvents } = await import('../../hub/team-report.ts');
const { defaultSettings } = await import('../../lib/settings.ts');

const SENDERS = 4;
const BATCH = 1000;
const BATCHES_PER_SENDER = Number(process.env.HUB_BENCH_BATCHES ?? 50);
const AGENTS = Number(process.env.HUB_BENCH_AGENTS ?? 50);
const DAYS = Number(process.env.HUB_BENCH_DAYS ?? 90);
const PER_DAY = Number(process.env.HUB_BENCH_PER_DAY ?? 20); // episodes per agent per day
const FIRST_DAY = Date.parse('2026-08-23T00:00:00.000Z');
const REPORT_RUNS = 2;
const HOUR = 3_600_000;
const MIN = 60_000;

const iso = (t) => new Date(t).toISOString();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 0) => Number(x.toFixed(d));

/**
 * One agent's days [d0, d1) as its browser records them: online with an hourly heartbeat over an
 * 8-hour shift, then offline; PER_DAY episodes (a customer's message, the agent's reply after a
 * lognormal delay, half the time a second round, a close). About 5 events per episode.
 */
function agentLog(a, d0, d1, perDay) {
  const agent = `agent${a}`;
  let seed = 0x9e3779b9 ^ (a * 7919 + d0);
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const delay = () => Math.min(3 * HOUR, Math.round(90_000 * Math.exp(1.1 * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()))));
  const events = [{ v: 1, id: `a:${agent}:Agent ${a}:support`, at: iso(FIRST_DAY + d0 * 24 * HOUR), type: 'agent', agent, name: `Agent ${a}`, team: 'support' }];
  for (let d = d0; d < d1; d++) {
    const shift = FIRST_DAY + d * 24 * HOUR + (7 + (a % 8)) * HOUR;
    for (let h = 0; h < 8; h++) events.push({ v: 1, id: `s:${agent}:${iso(shift + h * HOUR)}:online`, at: iso(shift + h * HOUR), type: 'status', agent, status: 'online', reason: h ? 'heartbeat' : 'manual' });
    events.push({ v: 1, id: `s:${agent}:${iso(shift + 8 * HOUR)}:offline`, at: iso(shift + 8 * HOUR), type: 'status', agent, status: 'offline', reason: 'tab' });
    for (let k = 0; k < perDay; k++) {
      const chat = `55${a}x${(d * perDay + k) % (30 * perDay)}@c.us`;
      let n = 0;
      const msg = (t, by) => {
        const m = `${d}.${k}.${n++}`;
        events.push({
          v: 1, id: `m:whatsapp:${chat}:${m}`, at: iso(t), type: 'message', site: 'whatsapp', chat, chatTitle: `Customer ${a}-${k}`, msg: m,
          dir: by === 'customer' ? 'in' : 'out', by, ...(by === 'agent' ? { agent, attribution: 'local' } : { attribution: 'none' }), live: true,
        });
      };
      let t = shift + Math.floor((k * 8 * HOUR) / perDay);
      for (let r = 0; r < (rnd() < 0.5 ? 2 : 1); r++) {
        msg(t, 'customer');
        t += delay();
        msg(t, 'agent');
        t += 2 * MIN;
      }
      events.push({ v: 1, id: `c:whatsapp:${chat}:${iso(t)}`, at: iso(t), type: 'close', site: 'whatsapp', chat, agent });
    }
  }
  return events;
}

const toBatches = (events) => {
  const out = [];
  for (let i = 0; i < events.length; i += BATCH) out.push(events.slice(i, i + BATCH).map((e) => `${JSON.stringify(e)}\n`).join(''));
  return out;
};

/** A hub on `db` listening on a free port of 127.0.0.1. */
async function startHub(db) {
  await migrate(db);
  const app = buildHub({ db, settings: { ...defaultSettings(), timeZone: 'UTC' } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base, db, close: async () => { await app.close(); await db.close(); } };
}

/** Tokens of `team`'s agents agent0 … agent{n-1}, and of its supervisor. */
async function team(db, name, agents) {
  const tokens = [];
  for (let a = 0; a < agents; a++) tokens.push(await invite(db, { team: name, role: 'agent', name: `agent${a}` }));
  return { tokens, boss: await invite(db, { team: name, role: 'supervisor', name: 'boss' }) };
}

async function post(base, token, body) {
  const r = await fetch(`${base}/v1/events`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' } });
  if (r.status !== 200) throw new Error(`POST /v1/events: ${r.status} ${await r.text()}`);
  return r.json();
}

const TICKS_PER_S = 100; // Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these

/** CPU seconds used so far by the PostgreSQL server of `dataDir` (its postmaster and every child), by process. */
function serverCpu(dataDir) {
  const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
  const cpu = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
    if (pid === postmaster || fields[1] === postmaster) cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S);
  }
  return cpu;
}

/** CPU seconds the server and this process spent in `work`. */
async function cpuSeconds(dataDir, work) {
  const server0 = dataDir ? serverCpu(dataDir) : new Map();
  const own0 = process.cpuUsage();
  const result = await work();
  const own = process.cpuUsage(own0);
  let server = 0;
  if (dataDir) for (const [pid, s] of serverCpu(dataDir)) server += s - (server0.get(pid) ?? 0);
  return { result, server, own: (own.user + own.system) / 1e6 };
}

/** Agents first, first + 1 … post their batches one after the other, all at once; returns events stored and per second. */
async function ingest(hub, members, perAgent, first = 0) {
  const t0 = performance.now();
  const counts = await Promise.all(perAgent.map(async (batches, i) => {
    let accepted = 0;
    for (const body of batches) accepted += (await post(hub.base, members.tokens[first + i], body)).accepted;
    return accepted;
  }));
  const stored = counts.reduce((s, n) => s + n, 0);
  return { stored, perSecond: stored / ((performance.now() - t0) / 1000) };
}

/** SENDERS agents' logs cut into BATCHES_PER_SENDER batches of BATCH events each. */
function ingestLoad() {
  const days = Math.ceil((BATCHES_PER_SENDER * BATCH) / (PER_DAY * 5 + 10)) + 1;
  return Array.from({ length: SENDERS }, (_, a) => toBatches(agentLog(a, 0, days, PER_DAY)).slice(0, BATCHES_PER_SENDER));
}

/** GET /v1/report from the first day to the end of day `days`: its time, the events it read and the time reading them took. */
async function reportTime(hub, boss, days) {
  const to = FIRST_DAY + days * 24 * HOUR;
  const runs = [];
  for (let i = 0; i < REPORT_RUNS; i++) {
    const t0 = performance.now();
    const r = await fetch(`${hub.base}/v1/report?from=${iso(FIRST_DAY)}&to=${iso(to)}&tz=UTC`, { headers: { authorization: `Bearer ${boss}` } });
    if (r.status !== 200) throw new Error(`GET /v1/report: ${r.status} ${await r.text()}`);
    await r.json();
    runs.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const events = (await asMember(hub.db, boss, ({ query }) => reportedEvents(query, to))).length;
  return { ms: median(runs), events, readMs: performance.now() - t0 };
}

export async function run() {
  const rows = [];
  const load = ingestLoad();
  const cluster = await startCluster();
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-pglite-'));
  try {
    rows.push({ measure: 'machine load average (1 min) before the runs', value: round(loadavg()[0], 1), unit: 'runnable', target: '' });
    const pgHub = await startHub(serverDatabase(cluster.url));
    const { result: pg, server, own } = await cpuSeconds(cluster.dataDir, async () => ingest(pgHub, await team(pgHub.db, 'ingest', SENDERS), load));
    rows.push({ measure: `PostgreSQL: events stored/s (${SENDERS} agents × ${BATCHES_PER_SENDER} batches of ${BATCH})`, value: round(pg.perSecond), unit: 'events/s', target: '≥ 50000', ok: pg.perSecond >= 50_000 });
    rows.push({ measure: '  CPU per 1 000 events: PostgreSQL server', value: round((server / pg.stored) * 1e6, 1), unit: 'ms', target: '' });
    rows.push({ measure: '  CPU per 1 000 events: hub (Node, with its HTTP clients)', value: round((own / pg.stored) * 1e6, 1), unit: 'ms', target: '' });
    rows.push({ measure: '  events per CPU-second, server and hub together', value: round(pg.stored / (server + own)), unit: 'events/s', target: '' });

    const liteHub = await startHub(embeddedDatabase(dataDir));
    const { result: lite, own: liteCpu } = await cpuSeconds(null, async () => ingest(liteHub, await team(liteHub.db, 'ingest', SENDERS), load));
    rows.push({ measure: 'PGlite (embedded, .hub-data): events stored/s, same load', value: round(lite.perSecond), unit: 'events/s', target: '' });
    rows.push({ measure: '  events per CPU-second (one process, one thread)', value: round(lite.stored / liteCpu), unit: 'events/s', target: '' });
    await liteHub.close();

    // The quarter, in a team of its own: every agent sends its own log, 4 agents at a time.
    const support = await team(pgHub.db, 'support', AGENTS);
    const logs = Array.from({ length: AGENTS }, (_, a) => toBatches(agentLog(a, 0, DAYS, PER_DAY)));
    let events = 0;
    for (let a = 0; a < AGENTS; a += SENDERS) events += (await ingest(pgHub, support, logs.slice(a, a + SENDERS), a)).stored;
    rows.push({ measure: `team quarter: ${AGENTS} agents × ${DAYS} days × ${PER_DAY} episodes`, value: events, unit: 'events', target: '' });
    const [{ bytes }] = await pgHub.db.transaction(({ query }) => query("SELECT (pg_total_relation_size('events') / count(*))::int AS bytes FROM events"));
    rows.push({ measure: '  stored size per event (row, TOAST and indexes)', value: bytes, unit: 'bytes', target: '' });
    for (const days of [30, DAYS]) {
      const r = await reportTime(pgHub, support.boss, days);
      rows.push({ measure: `GET /v1/report, first ${days} days (${r.events} events)`, value: round(r.ms), unit: 'ms', target: '' });
      rows.push({ measure: '  of which reading the events from PostgreSQL', value: round(r.readMs), unit: 'ms', target: '' });
      rows.push({ measure: '  per 100 000 events', value: round((r.ms / r.events) * 100_000), unit: 'ms', target: '' });
    }
    await pgHub.close();
  } finally {
    cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
