// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { type InboxEvent, type MessageEvent, messageId } from '../../../lib/events';
import { openPulseDb } from '../../../lib/store/db';
import { putEvents } from '../../../lib/store/events-store';
import { queryKpis } from '../../../lib/store/kpi-query';
import { agentMsg, bot, close, customer, returnToBot, status, t } from '../metrics/events-builder';
import { expectSame } from './expect-same';
import { deduplicated, linkOf } from './link-fixtures';
import { ZONE, settingsFor, shuffledBatches } from './rollup-fixtures';

vi.setConfig({ testTimeout: 300_000 });

/**
 * Up to 60 steps over four chats and three agents, minutes to hours apart (so across days and
 * auto-closes). A `row` is a customer message first seen only in the chat list; a later `link`
 * step supersedes the chat's oldest unlinked one, by its real message (same time) or retracted.
 */
const script = fc.array(
  fc.record({
    chat: fc.constantFrom('a', 'b', 'c', 'd'),
    kind: fc.constantFrom('customer', 'agent', 'bot', 'handoff', 'close', 'return', 'status', 'row', 'link'),
    gap: fc.integer({ min: 0, max: 9 * 60 }),
    agent: fc.constantFrom('ana', 'bob', 'cy'),
    st: fc.constantFrom('online' as const, 'unavailable' as const, 'offline' as const),
  }),
  { maxLength: 60 },
).map((steps) => {
  let m = 0;
  const rows = new Map<string, MessageEvent[]>();
  return steps.flatMap((s, i): InboxEvent[] => {
    m += s.gap;
    const o = { msg: `k${i}` };
    switch (s.kind) {
      case 'customer': return [customer(s.chat, m, o)];
      case 'agent': return [agentMsg(s.chat, m, s.agent, o)];
      case 'bot': return [bot(s.chat, m, o)];
      case 'handoff': return [bot(s.chat, m, { ...o, handoff: true })];
      case 'close': return [close(s.chat, m, s.agent)];
      case 'return': return [returnToBot(s.chat, m, s.agent)];
      case 'row': {
        const row = customer(s.chat, m, { msg: `row-${i}` });
        rows.set(s.chat, [...rows.get(s.chat) ?? [], row]);
        return [row];
      }
      case 'link': {
        const row = rows.get(s.chat)?.shift();
        if (!row) return [];
        if (s.gap % 2 === 1) return [linkOf(row)];
        const real = { ...row, id: messageId('whatsapp', s.chat, `k${i}`), msg: `k${i}` };
        return [real, linkOf(row, real)];
      }
      default: return [{ ...status(s.agent, m, s.st), id: `s${i}` }];
    }
  });
});

const dayKeys = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 10, 23 + i)).toISOString().slice(0, 10));

describe('rollups property', () => {
  it('any log, written in any batches, queried over any days: the stored rollups answer as the engine over the whole log (each message once)', async () => {
    const settings = settingsFor({
      businessHours: { enabled: true, timeZone: ZONE, week: Array.from({ length: 7 }, () => [{ from: '09:00', to: '17:00' }]), holidays: [] },
    });
    await fc.assert(
      fc.asyncProperty(script, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 25 }), fc.nat(),
        async (events, startDay, days, batch, seed) => {
          globalThis.indexedDB = new IDBFactory();
          const db = await openPulseDb();
          try {
            for (const b of shuffledBatches(events, batch, seed)) await putEvents(db, b);
            const now = t(60 * 24 * 30);
            const [from, to] = [dayKeys[startDay]!, dayKeys[startDay + days]!];
            expectSame(await queryKpis(db, { from, to, zone: ZONE, settings, now }), deduplicated(events), settings, from, to, now);
          } finally {
            db.close();
          }
        }),
      { numRuns: 150 },
    );
  });
});
