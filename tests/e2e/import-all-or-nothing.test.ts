import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { iso, messageId, type MessageEvent } from '../../lib/events';
import { startSession, type Session } from './harness';

/** Customer messages, a minute apart, in 30 chats over the day before yesterday. */
const EVENTS = 15_000;
/** The storage gives out after this many events: past two of the 5 000-event transactions an import used to write. */
const ROOM = 12_000;

const start = Date.now() - 3 * 86_400_000;
const events: MessageEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
  v: 1, id: messageId('whatsapp', `c${i % 30}@c.us`, `k${i}`), type: 'message', at: iso(start + i * 6_000), site: 'whatsapp',
  chat: `c${i % 30}@c.us`, chatTitle: `C${i % 30}`, msg: `k${i}`, dir: 'in', by: 'customer', attribution: 'none', live: false,
}));
const file = join(tmpdir(), 'many-chats.ndjson');
const ids = new Set(events.map((e) => e.id));

let session: Session;
beforeAll(async () => {
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  session = await startSession();
});
afterAll(async () => { await session?.close(); });

/**
 * A side panel whose IndexedDB runs out of room after `room` events, as a full disk does: past
 * that, an add fails with the QuotaExceededError Chromium gives. Only this page is affected (an
 * init script of the test), nothing of the kind is in the build.
 */
async function panelWithRoom(room: number): Promise<Page> {
  const page = await session.context.newPage();
  await page.addInitScript((limit: number) => {
    let added = 0;
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      // A chunk record (lib/store/event-chunks.ts) lists its events' ids.
      if (this.name === 'chunks' && (added += (args[0] as { ids: string[] }).ids.length) > limit) throw new DOMException('The disk is full.', 'QuotaExceededError');
      return add.apply(this, args);
    };
  }, room);
  await page.goto(`chrome-extension://${session.extensionId}/sidepanel.html`);
  return page;
}

const importInto = async (panel: Page): Promise<string> => {
  await panel.locator('#import-file').setInputFiles(file);
  const status = panel.locator('.import-status');
  await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/Events added|was not imported/);
  return (await status.textContent())!;
};

const storedOfFile = async (): Promise<number> => (await session.storedEvents()).filter((e) => ids.has(e.id)).length;

it('writes nothing of a file whose write fails part-way, says so, and imports it whole once there is room', { timeout: 240_000 }, async () => {
  const full = await panelWithRoom(ROOM);
  const failed = await importInto(full);
  expect(failed).toContain('many-chats.ndjson was not imported');
  expect(failed).toContain('Nothing was written');
  expect(failed).toContain('The disk is full.');
  expect(await storedOfFile()).toBe(0);
  await full.close();

  const done = await importInto(await session.openPage('sidepanel.html'));
  expect(done).toContain(`Events added: ${EVENTS.toLocaleString('en-US')}`);
  expect(await storedOfFile()).toBe(EVENTS);
});
