/**
 * Who is who. Messages name their agent by id (local attribution) or by the name in the
 * signature (signature attribution); `agent` events tie ids to names and teams. Resolving
 * names to ids credits both kinds of message to one person.
 */
import type { InboxEvent } from '../events';

export interface AgentInfo {
  id: string;
  name: string;
  team: string;
}

export interface AgentDirectory {
  /** The agent id for an id or a known name (case and surrounding spaces ignored); unknown refs pass through. */
  resolve(ref: string): string;
  info(id: string): AgentInfo | undefined;
  /**
   * The log's recording start: its earliest `agent` event (a browser writes one when it first
   * records), or undefined when it has none. Durations that start before it are history from before
   * Inbox Pulse was installed, and count in no KPI.
   */
  readonly recordingStart: number | undefined;
}

export function agentDirectory(events: Iterable<InboxEvent>): AgentDirectory {
  const byId = new Map<string, AgentInfo>();
  const seenAt = new Map<string, string>();
  let first: string | undefined;
  for (const e of events) {
    if (e.type !== 'agent') continue;
    if (first === undefined || e.at < first) first = e.at;
    // The latest record wins: names and teams change.
    if ((seenAt.get(e.agent) ?? '') > e.at) continue;
    seenAt.set(e.agent, e.at);
    byId.set(e.agent, { id: e.agent, name: e.name, team: e.team });
  }
  const byName = new Map<string, string | null>();
  for (const info of byId.values()) {
    const key = info.name.trim().toLowerCase();
    if (!key) continue;
    // A name shared by two ids is ambiguous: leave it unresolved rather than guess.
    byName.set(key, byName.has(key) && byName.get(key) !== info.id ? null : info.id);
  }
  return {
    recordingStart: first === undefined ? undefined : Date.parse(first),
    resolve(ref) {
      if (byId.has(ref)) return ref;
      return byName.get(ref.trim().toLowerCase()) ?? ref;
    },
    info(id) {
      return byId.get(id);
    },
  };
}
