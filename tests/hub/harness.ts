/** A hub on a test database, driven through Fastify's inject (no sockets), and events to send it. */
import type { FastifyInstance } from 'fastify';
import type { InboxEvent, MessageEvent } from '../../lib/events';
import { messageId, statusId } from '../../lib/events';
import { defaultSettings, type Settings } from '../../lib/settings';
import type { Database } from '../../hub/database';
import { type Role, invite } from '../../hub/members';
import { buildHub } from '../../hub/server';
import { type Backend, openTestDatabase } from './backends';

export interface Reply { status: number; body: string; json: () => Record<string, unknown>; headers: Record<string, unknown> }

export interface TestHub {
  app: FastifyInstance;
  db: Database;
  token(team: string, role: Role, name: string): Promise<string>;
  post(token: string | null, body: string, contentType?: string): Promise<Reply>;
  get(token: string | null, url: string): Promise<Reply>;
  /** Every event of `team` as its supervisor reads them (GET /v1/events, one page). */
  stored(team: string): Promise<InboxEvent[]>;
  close(): Promise<void>;
}

const reply = (r: { statusCode: number; body: string; headers: Record<string, unknown> }): Reply => ({
  status: r.statusCode,
  body: r.body,
  json: () => JSON.parse(r.body),
  headers: r.headers,
});

const auth = (token: string | null): Record<string, string> => (token === null ? {} : { authorization: `Bearer ${token}` });

export async function startTestHub(backend: Backend, settings: Settings = { ...defaultSettings(), timeZone: 'UTC' }): Promise<TestHub> {
  const db = await openTestDatabase(backend);
  const app = buildHub({ db, settings, clock: () => Date.parse('2026-11-25T00:00:00.000Z') });
  const hub: TestHub = {
    app,
    db,
    token: (team, role, name) => invite(db, { team, role, name }),
    post: async (token, body, contentType = 'application/x-ndjson') =>
      reply(await app.inject({ method: 'POST', url: '/v1/events', payload: body, headers: { ...auth(token), 'content-type': contentType } })),
    get: async (token, url) => reply(await app.inject({ method: 'GET', url, headers: auth(token) })),
    async stored(team) {
      const supervisor = await hub.token(team, 'supervisor', `reader-${team}`);
      const r = await hub.get(supervisor, '/v1/events?limit=10000');
      return ndjson(r.body);
    },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
  return hub;
}

export const ndjson = (text: string): InboxEvent[] => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as InboxEvent);
export const lines = (events: object[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join('');

export function status(agent: string, at: string, value: 'online' | 'offline' = 'online'): InboxEvent {
  return { v: 1, id: statusId(agent, at, value), type: 'status', at, agent, status: value, reason: 'manual' };
}

/** A message of chat `chat`: a customer's by default, else a reply with the given attribution. */
export function message(chat: string, msg: string, at: string, reply?: { agent: string; attribution: MessageEvent['attribution'] }): MessageEvent {
  return {
    v: 1, id: messageId('whatsapp', chat, msg), type: 'message', at, site: 'whatsapp', chat, chatTitle: chat, msg,
    ...(reply ? { dir: 'out', by: 'agent', agent: reply.agent, attribution: reply.attribution } : { dir: 'in', by: 'customer', attribution: 'none' }),
    live: true,
  };
}
