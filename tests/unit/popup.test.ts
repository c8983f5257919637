// @vitest-environment node
import 'fake-indexeddb/auto';
// What the popup gives an agent: their numbers and the exports of a period.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildExport } from '../../lib/exports';
import { closeId, messageId, type InboxEvent } from '../../lib/events';
import { defaultSettings } from '../../lib/settings';
import { parseCsv } from '../../lib/formats/csv';
import { readAgentNumbers } from '../../lib/store/agent-numbers';
import { openPulseDb, type PulseDb } from '../../lib/store/db';
import { putEvents } from '../../lib/store/events-store';

const settings = { ...defaultSettings(), timeZone: 'UTC', agentId: 'maria', agentName: 'Maria' };
const msg = (chat: string, key: string, at: string, dir: 'in' | 'out'): InboxEvent => ({
  v: 1, id: messageId('whatsapp', chat, key), type: 'message', at, site: 'whatsapp', chat, chatTitle: chat, msg: key, dir,
  by: dir === 'in' ? 'customer' : 'agent', ...(dir === 'out' ? { agent: 'maria', attribution: 'local' } : { attribution: 'none' }), live: true,
} as InboxEvent);
const close = (chat: string, at: string): InboxEvent => ({ v: 1, id: closeId('whatsapp', chat, at), type: 'close', at, site: 'whatsapp', chat, agent: 'maria' });

// Wednesday 2026-11-25; the ISO week began on Monday the 23rd.
const now = Date.parse('2026-11-25T12:00:00.000Z');
const events = [
  msg('Ana', 'a1', '2026-11-23T09:00:00.000Z', 'in'), msg('Ana', 'a2', '2026-11-23T09:05:00.000Z', 'out'),
  msg('Bea', 'b1', '2026-11-25T10:00:00.000Z', 'in'), msg('Bea', 'b2', '2026-11-25T10:02:00.000Z', 'out'),
  close('Bea', '2026-11-25T10:10:00.000Z'),
  msg('Old', 'o1', '2026-11-20T09:00:00.000Z', 'in'), msg('Old', 'o2', '2026-11-20T09:01:00.000Z', 'out'),
];

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
});

describe('agent numbers (popup)', () => {
  it('counts today and this ISO week separately, each in the period of the reply or close', async () => {
    await putEvents(db, events);
    const { today, week } = await readAgentNumbers(db, settings, 'maria', now);
    expect(today.frt).toMatchObject({ count: 1, mean: 120 });
    expect(today.close).toMatchObject({ count: 1, mean: 600 });
    expect(today.chatsClosed).toBe(1);
    expect(week.frt).toMatchObject({ count: 2, mean: 210, max: 300 });
    expect(week.sla.frt).toBe(1);
  });

  it('gives null statistics, never 0, to an agent with no data', async () => {
    const { today } = await readAgentNumbers(db, settings, 'maria', now);
    expect(today.frt.mean).toBeNull();
    expect(today.sla.frt).toBeNull();
  });
});

describe('exports for a period', () => {
  const week = { from: Date.parse('2026-11-23T00:00:00.000Z'), to: Date.parse('2026-11-30T00:00:00.000Z') };
  it('events.ndjson holds only the period', () => {
    const file = buildExport('events.ndjson', events, settings, week, now);
    expect(file.filename).toBe('inbox-pulse-events-2026-11-23_2026-11-29.ndjson');
    expect(file.text.trim().split('\n')).toHaveLength(5);
  });

  it('episodes.csv has one row per episode opened in the period', () => {
    const rows = parseCsv(buildExport('episodes.csv', events, settings, week, now).text);
    expect(rows[0][0]).toBe('episode_id');
    expect(rows.slice(1).filter((r) => r.length > 1).map((r) => r[2]).sort()).toEqual(['Ana', 'Bea']);
  });

  it('agents.csv credits the week to the agent', () => {
    const rows = parseCsv(buildExport('agents.csv', events, settings, week, now).text).filter((r) => r.length > 1);
    const header = rows[0];
    const maria = rows.find((r) => r[0] === 'maria')!;
    expect(maria[header.indexOf('frt_count')]).toBe('2');
    expect(maria[header.indexOf('chats_closed')]).toBe('1');
  });
});
