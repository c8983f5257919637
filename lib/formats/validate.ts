/**
 * One event of events.ndjson (docs/formats.md v1), checked field by field. Unknown fields are
 * kept; unknown types are rejected. The checks are strict because an import is all or
 * nothing: a bad line must be caught before anything is written.
 */
import { EVENT_TYPES, type InboxEvent } from '../events';

const SITES = ['whatsapp', 'telegram'];
const DIRECTIONS = ['in', 'out'];
const AUTHORS = ['customer', 'agent', 'bot'];
const ATTRIBUTIONS = ['local', 'signature', 'none'];
const STATUSES = ['online', 'unavailable', 'offline'];
const REASONS = ['manual', 'idle', 'locked', 'tab', 'heartbeat'];
const AT_RE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

type Obj = Record<string, unknown>;
type Check = (o: Obj) => string | null;

const nonEmpty = (field: string): Check => (o) =>
  typeof o[field] === 'string' && (o[field] as string).length > 0 ? null : `"${field}" must be a non-empty string`;
const str = (field: string): Check => (o) => (typeof o[field] === 'string' ? null : `"${field}" must be a string`);
const oneOf = (field: string, values: string[]): Check => (o) =>
  values.includes(o[field] as string) ? null : `"${field}" must be one of ${values.join(', ')}`;
const bool = (field: string): Check => (o) => (typeof o[field] === 'boolean' ? null : `"${field}" must be true or false`);
const optional = (field: string, check: Check): Check => (o) => (o[field] === undefined ? null : check(o));

const AGENT_REQUIRED = nonEmpty('agent');
const AGENT_OPTIONAL = optional('agent', str('agent'));

const FIELDS: Record<InboxEvent['type'], Check[]> = {
  agent: [nonEmpty('agent'), str('name'), str('team')],
  message: [
    oneOf('site', SITES),
    nonEmpty('chat'),
    str('chatTitle'),
    nonEmpty('msg'),
    oneOf('dir', DIRECTIONS),
    oneOf('by', AUTHORS),
    (o) => ((o.by === 'customer') === (o.dir === 'in') ? null : `"by": "${String(o.by)}" does not go with "dir": "${String(o.dir)}"`),
    (o) => (o.by === 'agent' ? AGENT_REQUIRED(o) : AGENT_OPTIONAL(o)),
    oneOf('attribution', ATTRIBUTIONS),
    bool('live'),
    optional('route', nonEmpty('route')),
    optional('handoff', bool('handoff')),
  ],
  close: [oneOf('site', SITES), nonEmpty('chat'), nonEmpty('agent')],
  return_to_bot: [oneOf('site', SITES), nonEmpty('chat'), nonEmpty('agent')],
  status: [nonEmpty('agent'), oneOf('status', STATUSES), oneOf('reason', REASONS)],
  link: [
    oneOf('site', SITES),
    nonEmpty('chat'),
    nonEmpty('msg'),
    optional('toChat', nonEmpty('toChat')),
    optional('toMsg', nonEmpty('toMsg')),
    (o) => ((o.toChat === undefined) === (o.toMsg === undefined) ? null : '"toChat" and "toMsg" go together'),
    (o) => (o.toChat === o.chat && o.toMsg === o.msg ? 'a message cannot supersede itself' : null),
  ],
};

const ID_CHECK = nonEmpty('id');

/** Deeper values are refused: real events are flat, and deep ones overflow the stack of whatever copies them later (serialising, storing). */
export const MAX_DEPTH = 32;
/** WhatsApp's first day: an earlier event is a broken clock, not history. */
export const EARLIEST_AT = '2009-01-01T00:00:00.000Z';
/** Clocks drift and zones get confused, but not by more than a day. */
export const MAX_AHEAD_MS = 24 * 3600 * 1000;

/** True when `value` holds objects or arrays more than `max` levels deep (iterative: a deep value must not overflow this check either). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function timeProblem(at: string, now: number): string | null {
  if (at < EARLIEST_AT) return `"at" is before ${EARLIEST_AT.slice(0, 10)}, when WhatsApp began: ${at}`;
  if (Date.parse(at) > now + MAX_AHEAD_MS) return `"at" is more than a day after the time of import (${new Date(now).toISOString()}): ${at}`;
  return null;
}

/**
 * Null when `value` is a valid event, else the reason. `now` is the time of import: events
 * more than a day after it are refused, like events before WhatsApp existed.
 */
export function eventProblem(value: unknown, now: number = Date.now()): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  if (deeperThan(value, MAX_DEPTH)) return `nested more than ${MAX_DEPTH} levels deep`;
  const o = value as Obj;
  if (o.v !== 1) return `"v" must be 1`;
  const idProblem = ID_CHECK(o);
  if (idProblem) return idProblem;
  if (!EVENT_TYPES.includes(o.type as InboxEvent['type'])) return `unknown "type": ${JSON.stringify(o.type)}`;
  const at = typeof o.at === 'string' ? AT_RE.exec(o.at) : null;
  if (!at) return `"at" must be ISO-8601 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.sssZ)`;
  // Date.UTC(y, m, 0) is the last day of month m: rejects Feb 30 without a Date round trip.
  const [year, month, day] = [Number(at[1]), Number(at[2]), Number(at[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return `"at" is not a real time: ${o.at as string}`;
  const when = timeProblem(o.at as string, now);
  if (when) return when;
  for (const check of FIELDS[o.type as InboxEvent['type']]) {
    const problem = check(o);
    if (problem) return problem;
  }
  return null;
}

export function isInboxEvent(value: unknown, now?: number): value is InboxEvent {
  return eventProblem(value, now) === null;
}
