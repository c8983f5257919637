// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { closeId, messageId, type InboxEvent } from '../../../lib/events';
import { defaultSettings } from '../../../lib/settings';
import { buildEpisodes } from '../../../lib/metrics/episodes';
import { liveView } from '../../../lib/metrics/live';
import { openPulseDb, type PulseDb } from '../../../lib/store/db';
import { putEvents } from '../../../lib/store/events-store';
import { readRecent } from '../../../lib/store/recent';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-25T12:00:00.000Z');
const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
const msg = (chat: string, key: string, hoursAgo: number, by: 'customer' | 'agent'): InboxEvent => ({
  v: 1, id: messageId('whatsapp', chat, key), type: 'message', at: at(hoursAgo), site: 'whatsapp', chat, chatTitle: chat, msg: key,
  dir: by === 'customer' ? 'in' : 'out', by, ...(by === 'agent' ? { agent: 'ana' } : {}), attribution: by === 'agent' ? 'local' : 'none', live: true,
} as InboxEvent);

const events: InboxEvent[] = [
  // Opened 30 h ago and still going: the episode began before the auto-close window.
  msg('long', 'l1', 30, 'customer'), msg('long', 'l2', 29, 'agent'), msg('long', 'l3', 10, 'customer'), msg('long', 'l4', 2, 'customer'),
  // Quiet for 40 h: auto-closed long ago.
  msg('quiet', 'q1', 40, 'customer'),
  // Closed by the agent an hour ago.
  msg('done', 'd1', 5, 'customer'), msg('done', 'd2', 4, 'agent'),
  { v: 1, id: closeId('whatsapp', 'done', at(1)), type: 'close', at: at(1), site: 'whatsapp', chat: 'done', agent: 'ana' },
];

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
  await putEvents(db, events);
});

it('reads only the recently active chats, each with the history its open episode needs', async () => {
  const settings = { ...defaultSettings(), autoCloseAfterS: 24 * 3600 };
  const recent = await readRecent(db, settings, now);
  expect(recent.from).toBe(now - 24 * HOUR);
  // The same live view as the engine over the whole log.
  expect(recent.live).toEqual(liveView(buildEpisodes(events, settings, { now }), now));
  expect(recent.live.unanswered.map((u) => u.chat)).toEqual(['long']);
  expect(recent.episodes.find((e) => e.chat === 'long')?.openedAt).toBe(now - 30 * HOUR);
  expect(recent.episodes.some((e) => e.chat === 'quiet')).toBe(false);
});

it('without auto-close reads the whole lookback', async () => {
  const settings = { ...defaultSettings(), autoCloseAfterS: 0 };
  const recent = await readRecent(db, settings, now);
  expect(recent.from).toBe(now - 7 * 24 * HOUR);
  expect(recent.live).toEqual(liveView(buildEpisodes(events, settings, { now }), now));
  expect(recent.live.unanswered.map((u) => u.chat).sort()).toEqual(['long', 'quiet']);
});
