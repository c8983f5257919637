/**
 * The team hub's HTTP API (docs/formats.md, "Team hub HTTP API (v1)"). Every /v1 request runs in
 * one transaction as the member whose token it carries (session.ts); the database's policies,
 * not only these handlers, keep each team to its own rows. Errors are `{"error": "…"}`
 * with no stack trace; the log has the rest.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Settings } from '../lib/settings';
import type { Database, Tx } from './database';
import type { Member } from './members';
import { BodyError, MAX_BODY_BYTES, parseBody } from './ndjson-body';
import { ownerOf } from './ownership';
import { FeedError, readFeed } from './event-feed';
import { Unauthorized, asMember } from './session';
import { storeEvents } from './store-events';
import { ReportQueryError, teamReport } from './team-report';
import { bearerToken } from './tokens';

export interface HubOptions {
  db: Database;
  settings: Settings;
  /** Fastify's logger option: true (pino to stdout), false, or pino options. */
  logger?: boolean | object;
  clock?: () => number;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

// PostgreSQL's insufficient_privilege, which a row-level security violation raises.
const INSUFFICIENT_PRIVILEGE = '42501';

// The only bodies the hub takes; any other type is a 415.
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'text/plain'];
const NDJSON_HINT = `send NDJSON (Content-Type: ${NDJSON_TYPES[0]})`;

export function buildHub({ db, settings, logger = false, clock = Date.now }: HubOptions): FastifyInstance {
  const app = Fastify({ logger, bodyLimit: MAX_BODY_BYTES });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  /** Runs `work` as the request's member (401 without a live token). */
  const member = <T>(req: FastifyRequest, work: (tx: Tx, m: Member) => Promise<T>): Promise<T> => {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new HttpError(401, 'missing bearer token');
    return asMember(db, token, async (tx, m) => {
      req.log.info({ team: m.team, role: m.role, member: m.name }, 'member');
      return work(tx, m);
    });
  };
  const supervisorOnly = (m: Member): void => {
    if (m.role !== 'supervisor') throw new HttpError(403, 'a supervisor token is needed');
  };

  app.get('/healthz', async () => ({ ok: true }));

  app.post('/v1/events', async (req) => {
    const text = req.body as string;
    return member(req, async ({ query }, m) => {
      const events = await parseBody(text);
      if (m.role === 'agent') {
        const foreign = events.findIndex((e) => (ownerOf(e) ?? m.name) !== m.name);
        if (foreign !== -1) throw new HttpError(403, `line ${foreign + 1}: an agent token may only send its own events (this one is ${ownerOf(events[foreign])}'s)`);
      }
      return storeEvents(query, events);
    });
  });

  app.get('/v1/events', async (req, reply) => {
    const params = req.query as { after?: string; limit?: string };
    const page = await member(req, async ({ query }, m) => {
      supervisorOnly(m);
      return readFeed(query, params);
    });
    reply.header('Hub-Cursor', page.cursor).type('application/x-ndjson');
    return page.lines.map((line) => `${line}\n`).join('');
  });

  app.get('/v1/report', async (req) => {
    const params = req.query as { from?: string; to?: string; tz?: string };
    return member(req, async ({ query }, m) => {
      supervisorOnly(m);
      return teamReport(query, params, settings, clock());
    });
  });

  app.setNotFoundHandler((_req, reply) => void reply.code(404).send({ error: 'not found' }));
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req: FastifyRequest, reply: FastifyReply) => {
    const [status, message] = clientError(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ status, reason: message }, 'request refused');
    void reply.code(status).send({ error: message });
  });
  return app;
}

/** The status and one-line message a client gets for `err`. */
function clientError(err: Error & { statusCode?: number; code?: string }): [number, string] {
  if (err instanceof HttpError || err instanceof BodyError) return [err.status, err.message];
  if (err instanceof Unauthorized) return [401, err.message];
  if (err instanceof FeedError || err instanceof ReportQueryError) return [400, err.message];
  if (err.code === INSUFFICIENT_PRIVILEGE) return [403, 'not allowed for this token'];
  if (err.statusCode === 415) return [415, NDJSON_HINT];
  // Fastify's own refusals (a body over the limit…) carry a 4xx and a safe message.
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return [err.statusCode, err.message];
  return [500, 'internal error'];
}
