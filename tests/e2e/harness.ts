import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { browser } from 'wxt/browser';
import { startInbox } from '../../demo/server.mjs';
import { extensionWorker, launchChromium } from '../../scripts/launch-chromium.mjs';
import type { InboxEvent, MessageEvent } from '../../lib/events';
import { defaultSettings, type Settings } from '../../lib/settings';

export interface Session {
  context: BrowserContext;
  extensionId: string;
  /** The WhatsApp Web imitation, loaded as https://web.whatsapp.com with the given query. */
  inbox: Page;
  worker(): Promise<Worker>;
  openPage(path: 'popup.html' | 'sidepanel.html' | 'options.html'): Promise<Page>;
  /** Every event in the extension's IndexedDB, read through the service worker. */
  storedEvents(): Promise<InboxEvent[]>;
  /** Stored message events, once `count` of them match the filter (fails after a timeout). */
  messagesWhere(filter: (m: MessageEvent) => boolean, count: number, what: string): Promise<MessageEvent[]>;
  /** Merges into the stored settings; every surface applies them live. */
  configure(patch: Partial<Settings>): Promise<void>;
  close(): Promise<void>;
}

/** One browser with the built extension and one inbox tab: a scenario starts with `await startSession('?lang=fr')`. */
export async function startSession(query = ''): Promise<Session> {
  const server = await startInbox();
  const { context, close } = await launchChromium({ inboxPort: server.port });
  const first = await extensionWorker(context);
  const extensionId = new URL(first.url()).host;
  const inbox = context.pages()[0] ?? await context.newPage();
  await inbox.goto(`https://web.whatsapp.com/${query}`);
  await inbox.waitForFunction(() => (window as unknown as { waSim?: { ready: boolean } }).waSim?.ready);
  const worker = () => extensionWorker(context);
  const storedEvents = async (): Promise<InboxEvent[]> => (await worker()).evaluate(readAllEvents);
  return {
    context,
    extensionId,
    inbox,
    worker,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    storedEvents,
    async messagesWhere(filter, count, what) {
      return eventually(async () => {
        const found = (await storedEvents()).filter((e): e is MessageEvent => e.type === 'message' && filter(e));
        return found.length >= count ? found : undefined;
      }, `${count} × ${what}`);
    },
    async configure(patch) {
      const settings = { ...defaultSettings(), ...patch };
      await (await worker()).evaluate((value: Settings) => (globalThis as unknown as { chrome: typeof browser }).chrome.storage.local.set({ settings: value }), settings);
    },
    async close() {
      await close();
      await server.close();
    },
  };
}

/** Runs inside the service worker; plain IndexedDB so the test does not depend on the code under test. */
function readAllEvents(): Promise<InboxEvent[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('inbox-pulse');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('events')) { db.close(); resolve([]); return; }
      const request = db.transaction('events').objectStore('events').index('at').getAll();
      request.onsuccess = () => { db.close(); resolve(request.result as InboxEvent[]); };
      request.onerror = () => reject(request.error);
    };
  });
}

/** Polls until the check returns a value that is not undefined/false, or fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await check();
    if (last !== undefined && last !== false) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
