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
const AT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Obj = Record<string, unknown>;
type Check = (o: Obj) => string | null;

const nonEmpty = (field: string): Check => (o) =>
  typeof o[field] === 'string' && (o[field] as string).length > 0 ? null : `"${field}" must be a non-empty string`;
const str = (field: string): Check => (o) => (typeof o[field] === 'string' ? null : `"${field}" must be a string`);
const oneOf = (field: string, values: string[]): Check => (o) =>
  values.includes(o[field] as string) ? null : `"${field}" must be one of ${values.join(', ')}`;
const bool = (field: string): Check => (o) => (typeof o[field] === 'boolean' ? null : `"${field}" must be true or false`);
const optional = (field: string, check: Check): Check => (o) => (o[field] === undefined ? null : check(o));

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
    (o) => (o.by === 'agent' ? nonEmpty('agent')(o) : optional('agent', str('agent'))(o)),
    oneOf('attribution', ATTRIBUTIONS),
    bool('live'),
    optional('route', nonEmpty('route')),
    optional('handoff', bool('handoff')),
  ],
  close: [oneOf('site', SITES), nonEmpty('chat'), nonEmpty('agent')],
  return_to_bot: [oneOf('site', SITES), nonEmpty('chat'), nonEmpty('agent')],
  status: [nonEmpty('agent'), oneOf('status', STATUSES), oneOf('reason', REASONS)],
};

/** Null when `value` is a valid event, else the reason. */
export function eventProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const o = value as Obj;
  if (o.v !== 1) return `"v" must be 1`;
  const idProblem = nonEmpty('id')(o);
  if (idProblem) return idProblem;
  if (!EVENT_TYPES.includes(o.type as InboxEvent['type'])) return `unknown "type": ${JSON.stringify(o.type)}`;
  if (typeof o.at !== 'string' || !AT_RE.test(o.at)) return `"at" must be ISO-8601 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.sssZ)`;
  const t = Date.parse(o.at);
  if (!Number.isFinite(t) || new Date(t).toISOString() !== o.at) return `"at" is not a real time: ${o.at}`;
  for (const check of FIELDS[o.type as InboxEvent['type']]) {
    const problem = check(o);
    if (problem) return problem;
  }
  return null;
}

export function isInboxEvent(value: unknown): value is InboxEvent {
  return eventProblem(value) === null;
}
