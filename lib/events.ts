/**
 * The event log of docs/formats.md (v1). Every other module speaks these types;
 * ids are derived from content so that the same fact recorded twice (a replay, a second
 * browser, an import) has the same id and is stored once.
 */
export type Site = 'whatsapp' | 'telegram';
export type Direction = 'in' | 'out';
export type Author = 'customer' | 'agent' | 'bot';
export type Attribution = 'local' | 'signature' | 'none';
export type AgentStatus = 'online' | 'unavailable' | 'offline';
export type StatusReason = 'manual' | 'idle' | 'locked' | 'tab' | 'heartbeat';

interface Base {
  v: 1;
  id: string;
  /** ISO-8601 UTC with milliseconds. */
  at: string;
  /** Unknown fields are kept on import (docs/formats.md). */
  [extra: string]: unknown;
}

export interface AgentEvent extends Base { type: 'agent'; agent: string; name: string; team: string }
export interface MessageEvent extends Base {
  type: 'message';
  site: Site;
  chat: string;
  chatTitle: string;
  msg: string;
  dir: Direction;
  by: Author;
  agent?: string;
  attribution: Attribution;
  live: boolean;
  route?: string;
  /** For `by: bot`: the text matched a handoff rule ("an agent will answer you"); the customer now waits for a human. */
  handoff?: boolean;
}
export interface CloseEvent extends Base { type: 'close'; site: Site; chat: string; agent: string }
export interface ReturnToBotEvent extends Base { type: 'return_to_bot'; site: Site; chat: string; agent: string }
export interface StatusEvent extends Base { type: 'status'; agent: string; status: AgentStatus; reason: StatusReason }
/**
 * A message first seen only in the chat list (`msg` is a made-up `row-…` key) is superseded: the
 * message event `messageId(site, chat, msg)` no longer counts, wherever it is (the same file, another
 * file, the store, or arriving later). When `toMsg` is set, the fact is carried by the real message
 * `messageId(site, toChat, toMsg)`, recorded by the same browser with the list signal's live time;
 * without it the list signal was wrong (nothing of that direction was there when the chat was opened).
 */
export interface LinkEvent extends Base { type: 'link'; site: Site; chat: string; msg: string; toChat?: string; toMsg?: string }

/** What the page observer records: messages, and links from list-seen messages to their real ones. */
export type CapturedEvent = MessageEvent | LinkEvent;
export type InboxEvent = AgentEvent | MessageEvent | CloseEvent | ReturnToBotEvent | StatusEvent | LinkEvent;
export type EventType = InboxEvent['type'];
export const EVENT_TYPES: readonly EventType[] = ['agent', 'message', 'close', 'return_to_bot', 'status', 'link'];

export const iso = (ms: number): string => new Date(ms).toISOString();
export const ms = (at: string): number => Date.parse(at);

/** A message's id depends only on where it lives, so every browser derives the same one. */
export const messageId = (site: Site, chat: string, msg: string): string => `m:${site}:${chat}:${msg}`;
export const closeId = (site: Site, chat: string, at: string): string => `c:${site}:${chat}:${at}`;
/** One link per list message: linking it again (another browser, a replay) is the same fact. */
export const linkId = (site: Site, chat: string, msg: string): string => `l:${site}:${chat}:${msg}`;
export const returnId = (site: Site, chat: string, at: string): string => `r:${site}:${chat}:${at}`;
export const statusId = (agent: string, at: string, status: AgentStatus): string => `s:${agent}:${at}:${status}`;
/** A changed name or team is a new fact (the latest wins); recording the same identity again is a no-op. */
export const agentEventId = (agent: string, name: string, team: string): string => `a:${agent}:${name}:${team}`;

/** local > signature > none: when one message arrives from several files, the strongest claim wins. */
export const ATTRIBUTION_RANK: Record<Attribution, number> = { none: 0, signature: 1, local: 2 };
