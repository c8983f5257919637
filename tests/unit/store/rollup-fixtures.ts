/**
 * A deterministic, messy team log for the rollup tests, and the engine's direct answer to compare
 * with: chats with bursts, bot phases, handoffs, returns to bot, manual and auto closes, episodes
 * running across midnight (and across a DST change), signed messages resolved through agent
 * events, backfill, and agents whose heartbeats stop.
 */
import type { AgentStatus, InboxEvent, MessageEvent } from '../../../lib/events';
import { agentEventId, closeId, iso, messageId, returnId, statusId } from '../../../lib/events';
import { defaultSettings, type Settings } from '../../../lib/settings';
import { agentDirectory } from '../../../lib/metrics/agent-directory';
import { buildEpisodes, type Episode } from '../../../lib/metrics/episodes';
import { computeKpis, type Kpis } from '../../../lib/metrics/kpis';
import { summarizeAll } from '../../../lib/metrics/metric-aggs';
import { periodRange } from '../../../lib/metrics/periods';
import { slaCompliance } from '../../../lib/metrics/sla';
import { type StatusInterval, statusIntervals } from '../../../lib/metrics/status-intervals';
import { dayOfNumber } from '../../../lib/store/rollup-spans';
import type { DayRollup } from '../../../lib/store/rollup-types';
import { storedAggOf } from '../../../lib/store/stored-parts';

export const ZONE = 'Europe/Paris';
/** 2026-10-25 is the day Paris falls back (25 hours). */
export const FIRST_DAY = '2026-10-21';
export const END_DAY = '2026-10-29';
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function settingsFor(over: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), timeZone: ZONE, autoCloseAfterS: 8 * 3600, heartbeatTimeoutS: 180, ...over };
}

const dayStart = (day: string, zone = ZONE): number => {
  const r = periodRange(day, zone);
  if (!r) throw new Error(day);
  return r.from;
};

export function teamLog(seed = 7): InboxEvent[] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const events: InboxEvent[] = [];
  const t0 = dayStart(FIRST_DAY);
  const tEnd = dayStart(END_DAY);
  const agents = ['ana', 'bob', 'cid'];
  events.push({ v: 1, id: agentEventId('ana', 'Ana', 'support'), at: iso(t0 - HOUR), type: 'agent', agent: 'ana', name: 'Ana', team: 'support' });
  events.push({ v: 1, id: agentEventId('bob', 'Bob', 'support'), at: iso(t0 - HOUR), type: 'agent', agent: 'bob', name: 'Bob', team: 'support' });
  let n = 0;
  const msg = (chat: string, t: number, by: MessageEvent['by'], extra: Partial<MessageEvent> = {}): void => {
    const id = `k${++n}`;
    const e: MessageEvent = {
      v: 1, id: messageId('whatsapp', chat, id), at: iso(t), type: 'message', site: 'whatsapp', chat, chatTitle: chat, msg: id,
      dir: by === 'customer' ? 'in' : 'out', by, attribution: by === 'agent' ? 'local' : 'none', live: r() > 0.1, ...extra,
    };
    events.push(e);
  };
  for (let c = 0; c < 14; c++) {
    const chat = `chat${c}@c.us`;
    let t = t0 + r() * 20 * HOUR;
    // Some chats start with an agent message (outgoing-first), a few with a bot greeting.
    if (c % 5 === 0) msg(chat, t, 'agent', { agent: pick(agents) });
    while (t < tEnd) {
      // One episode: a customer burst, maybe a bot phase, replies, then close / auto-close / keep going.
      const rounds = 1 + Math.floor(r() * 4);
      for (let k = 0; k < rounds && t < tEnd; k++) {
        const burst = 1 + Math.floor(r() * 3);
        for (let b = 0; b < burst; b++) {
          msg(chat, t, 'customer', r() < 0.2 ? { route: pick(['sales', 'billing']) } : {});
          t += r() * 3 * MIN;
        }
        if (r() < 0.25) {
          t += r() * 2 * MIN;
          msg(chat, t, 'bot', { handoff: r() < 0.5 });
        }
        t += r() < 0.1 ? 3 * HOUR + r() * 5 * HOUR : r() * 40 * MIN;
        const agent = pick(agents);
        if (r() < 0.3 && agent !== 'cid') {
          msg(chat, t, 'agent', { agent: agent === 'ana' ? 'Ana' : 'Bob', attribution: 'signature' });
        } else {
          msg(chat, t, 'agent', { agent });
        }
        if (r() < 0.15) {
          t += r() * 10 * MIN;
          events.push({ v: 1, id: returnId('whatsapp', chat, iso(t)), at: iso(t), type: 'return_to_bot', site: 'whatsapp', chat, agent });
        }
        t += r() * 6 * HOUR;
      }
      const end = r();
      if (end < 0.45) {
        t += r() * 30 * MIN;
        events.push({ v: 1, id: closeId('whatsapp', chat, iso(t)), at: iso(t), type: 'close', site: 'whatsapp', chat, agent: pick(agents) });
        if (r() < 0.3) msg(chat, t + MIN, 'agent', { agent: pick(agents) }); // a goodbye after the close
        t += r() * 30 * HOUR;
      } else if (end < 0.75) {
        t += 8 * HOUR + r() * 30 * HOUR; // silence: auto-close
      } else {
        t += r() * 7 * HOUR; // the customer comes back within the auto-close delay
      }
    }
  }
  // Status: shifts with heartbeats every 2 minutes, an unavailable break, sometimes a lost browser.
  for (const [i, agent] of agents.entries()) {
    for (let d = 0; d < 8; d++) {
      const start = t0 + d * 24 * HOUR + (7 + i * 5) * HOUR + r() * HOUR; // cid works across midnight
      const end = start + 5 * HOUR;
      const lunch = start + 3 * HOUR;
      const lost = r() < 0.3 ? start + r() * 5 * HOUR : Infinity;
      let last: AgentStatus | null = null;
      for (let t = start; t < end && t < lost && t < tEnd; t += 2 * MIN) {
        const s: AgentStatus = t >= lunch && t < lunch + 40 * MIN ? 'unavailable' : 'online';
        events.push({ v: 1, id: statusId(agent, iso(t), s), at: iso(t), type: 'status', agent, status: s, reason: s === last ? 'heartbeat' : 'manual' });
        last = s;
      }
      if (lost === Infinity && end < tEnd) events.push({ v: 1, id: statusId(agent, iso(end), 'offline'), at: iso(end), type: 'status', agent, status: 'offline', reason: 'tab' });
    }
  }
  return events.filter((e) => Date.parse(e.at) < tEnd).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Deterministic shuffle into batches (imports and late arrivals come in any order). */
export function shuffledBatches<T>(items: readonly T[], size: number, seed = 3): T[][] {
  const r = rng(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  const out: T[][] = [];
  for (let i = 0; i < copy.length; i += size) out.push(copy.slice(i, i + size));
  return out;
}

export interface DirectAnswer {
  kpis: Kpis;
  episodes: Episode[];
  intervals: StatusInterval[];
  team: ReturnType<typeof summarizeAll>;
  agents: Array<{ agent: string; summaries: ReturnType<typeof summarizeAll>; chatsClosed: number; onlineS: number; unavailableS: number; sla: ReturnType<typeof slaCompliance> }>;
}

/** The engine over the whole log at `now`, for the days [from, to) in `zone`. */
export function direct(events: readonly InboxEvent[], settings: Settings, from: string, to: string, now: number, zone = ZONE): DirectAnswer {
  const known = events.filter((e) => Date.parse(e.at) < now);
  const dir = agentDirectory(known);
  const episodes = buildEpisodes(known, settings, { now, resolveAgent: dir.resolve });
  const intervals = statusIntervals(known, { now, heartbeatTimeoutS: settings.heartbeatTimeoutS, resolveAgent: dir.resolve });
  const kpis = computeKpis(episodes, intervals, { from: dayStart(from, zone), to: dayStart(to, zone) });
  return {
    kpis,
    episodes,
    intervals,
    team: summarizeAll(kpis.team.aggs),
    agents: kpis.agents.map((a) => ({
      agent: a.agent,
      summaries: summarizeAll(a.aggs),
      chatsClosed: a.chatsClosed,
      onlineS: a.onlineMs / 1000,
      unavailableS: a.unavailableMs / 1000,
      sla: slaCompliance(a.aggs, settings.targets),
    })),
  };
}

const NO_SUMMARY = { count: 0, mean: null, p50: null, p95: null, p99: null, min: null, max: null };

/**
 * A settled day record made directly (day number `n`, UTC days): agent `ana` with `count` FRT values
 * and closes (1 to 20 FRT and 0 to 4 closes when omitted), the team's sketches, a route count, one
 * online second.
 */
export function dayRollupOf(n: number, r: () => number, count?: number): DayRollup {
  const frt = Array.from({ length: count ?? 1 + Math.floor(r() * 20) }, () => Math.floor(r() * 600_000));
  const close = Array.from({ length: count ?? Math.floor(r() * 5) }, () => Math.floor(r() * 3_600_000));
  const from = n * 86_400_000;
  return {
    day: dayOfNumber(n),
    facts: {
      computedAt: 0,
      agents: { ana: { frt: storedAggOf(frt, 100_000), ...(close.length ? { close: storedAggOf(close, 100_000) } : {}) } },
      team: { frt: storedAggOf(frt, 0, true), ...(close.length ? { close: storedAggOf(close, 0, true) } : {}) },
      series: { frt: NO_SUMMARY, rt: NO_SUMMARY, bot_return: NO_SUMMARY, frt_bh: NO_SUMMARY, rt_bh: NO_SUMMARY, bot_return_bh: NO_SUMMARY },
      routes: { sales: n % 3 },
      pending: [],
    },
    status: { computedAt: 0, final: true, agents: { ana: { onlineMs: 1000, unavailableMs: 0, spans: Float64Array.of(from, from + 1000, 0) } } },
  };
}
