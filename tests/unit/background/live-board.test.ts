// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveBoard } from '../../../entrypoints/background/live-board';
import { iso, messageId, type MessageEvent } from '../../../lib/events';
import type { LiveChat } from '../../../lib/messaging';
import { defaultSettings } from '../../../lib/settings';
import { openPulseDb } from '../../../lib/store/db';
import { putEvents } from '../../../lib/store/events-store';

// Extension storage is not there in node: the board runs on the default settings.
vi.mock('../../../lib/store/settings-item', () => ({ loadSettings: async () => defaultSettings() }));

beforeEach(() => { globalThis.indexedDB = new IDBFactory(); });

const start = Date.now();
const message = (chat: string, key: string, agoMs: number, patch: Partial<MessageEvent> = {}): MessageEvent => ({
  v: 1, id: messageId('whatsapp', chat, key), type: 'message', at: iso(start - agoMs), site: 'whatsapp', chat, chatTitle: chat, msg: key,
  dir: 'in', by: 'customer', attribution: 'none', live: true, ...patch,
});

/** Past the board's own delay (150 ms) and its reads. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('live board', () => {
  it('tells the tabs only when the board changed: more messages to a waiting chat send nothing', async () => {
    const db = openPulseDb();
    const sent: LiveChat[][] = [];
    const board = createLiveBoard(db, (chats) => sent.push(chats));
    const first = message('Ana', 'K1', 60_000);
    await putEvents(await db, [first]);
    board.touch([first]);
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual([expect.objectContaining({ chat: 'Ana', waitingSince: Date.parse(first.at) })]);

    const again = message('Ana', 'K2', 30_000);
    await putEvents(await db, [again]);
    board.touch([again]);
    await settle();
    expect(sent).toHaveLength(1);

    const reply = message('Ana', 'K3', 10_000, { dir: 'out', by: 'agent', agent: 'bruno', attribution: 'local' });
    await putEvents(await db, [reply]);
    board.touch([reply]);
    await settle();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual([expect.objectContaining({ chat: 'Ana', waitingSince: null, firstResponseS: 50 })]);
    expect(await board.snapshot()).toEqual(sent[1]);
  });

  it("waits for a burst's last batch before reading the chats it touched", async () => {
    const db = openPulseDb();
    const sent: LiveChat[][] = [];
    const board = createLiveBoard(db, (chats) => sent.push(chats));
    const [ana, bia] = [message('Ana', 'K1', 60_000), message('Bia', 'K2', 50_000)];
    await putEvents(await db, [ana, bia]);
    board.touch([ana], true);
    await settle();
    expect(sent).toHaveLength(0);
    board.touch([bia]);
    await settle();
    expect(sent).toEqual([expect.arrayContaining([expect.objectContaining({ chat: 'Ana' }), expect.objectContaining({ chat: 'Bia' })])]);
  });
});
