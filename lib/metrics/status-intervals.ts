/**
 * Agent status events → intervals. A status lasts until the next different status. While an
 * agent is online or unavailable the extension re-states the status periodically: any status
 * event repeating the current status is a heartbeat. When no heartbeat comes for
 * `heartbeatTimeoutS`, the browser is gone: the interval ends at the last heartbeat and an
 * inferred `offline` interval follows (docs/metrics.md: "the interval ends at the last heartbeat").
 * `offline` itself needs no heartbeat.
 */
import type { AgentStatus, InboxEvent } from '../events';
import type { Range } from './periods';

export const DEFAULT_HEARTBEAT_TIMEOUT_S = 180;

export interface StatusInterval {
  agent: string;
  status: AgentStatus;
  from: number;
  to: number;
  /** An offline interval inferred from missing heartbeats. */
  inferred?: true;
  /** Still running at `now`. */
  running?: true;
}

export interface StatusOptions {
  now: number;
  heartbeatTimeoutS?: number;
  resolveAgent?: (ref: string) => string;
}

export function statusIntervals(events: Iterable<InboxEvent>, options: StatusOptions): StatusInterval[] {
  const resolve = options.resolveAgent ?? ((ref: string) => ref);
  const timeoutMs = (options.heartbeatTimeoutS ?? DEFAULT_HEARTBEAT_TIMEOUT_S) * 1000;
  const byAgent = new Map<string, Array<{ at: number; id: string; status: AgentStatus }>>();
  for (const e of events) {
    if (e.type !== 'status') continue;
    const agent = resolve(e.agent);
    const list = byAgent.get(agent) ?? [];
    list.push({ at: Date.parse(e.at), id: e.id, status: e.status });
    byAgent.set(agent, list);
  }
  const out: StatusInterval[] = [];
  for (const [agent, list] of byAgent) {
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let cur: { status: AgentStatus; from: number } | null = null;
    let lastBeat = 0;
    const push = (status: AgentStatus, from: number, to: number, extra: Partial<StatusInterval> = {}): void => {
      if (to > from) out.push({ agent, status, from, to, ...extra });
    };
    const expired = (t: number): boolean => cur !== null && cur.status !== 'offline' && t - lastBeat > timeoutMs;
    for (const e of list) {
      if (cur && expired(e.at)) {
        push(cur.status, cur.from, lastBeat);
        push('offline', lastBeat, e.at, { inferred: true });
        cur = null;
      }
      if (cur && cur.status === e.status) {
        lastBeat = e.at;
        continue;
      }
      if (cur) push(cur.status, cur.from, e.at);
      cur = { status: e.status, from: e.at };
      lastBeat = e.at;
    }
    if (!cur) continue;
    if (expired(options.now)) {
      push(cur.status, cur.from, lastBeat);
      push('offline', lastBeat, options.now, { inferred: true, running: true });
    } else {
      push(cur.status, cur.from, Math.max(options.now, cur.from), { running: true });
    }
  }
  return out.sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : a.from - b.from));
}

/** The part of `interval` inside `range`, or null. */
export function clip<T extends { from: number; to: number }>(interval: T, range: Range): T | null {
  const from = Math.max(interval.from, range.from);
  const to = Math.min(interval.to, range.to);
  return to > from ? { ...interval, from, to } : null;
}
