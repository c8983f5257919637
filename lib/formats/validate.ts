/**
 * One event of events.ndjson (FORMATS.md v1), checked field by field. Unknown fields are
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
  ],
};

const ID_CHECK = nonEmpty('id');

/** Null when `value` is a valid event, else the reason. */
export function eventProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
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
  for (const check of FIELDS[o.type as InboxEvent['type']]) {
    const problem = check(o);
    if (problem) return problem;
  }
  return null;
}

export function isInboxEvent(value: unknown): value is InboxEvent {
  return eventProblem(value) === null;
}
