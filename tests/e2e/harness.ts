import type { BrowserContext, Frame, Page, Worker } from 'playwright-core';
import type { browser } from 'wxt/browser';
import { startInbox } from '../../demo/server.mjs';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXTENSION_DIR, extensionWorker, launchChromium } from '../../scripts/launch-chromium.mjs';
import { messageId, type InboxEvent, type MessageEvent } from '../../lib/events';
import { defaultSettings, type Settings } from '../../lib/settings';
import type { Truth } from '../../demo/truth.mjs';

export { overlayOf } from '../../scripts/overlay.mjs';

/** The extension page the row timers are drawn in, framed over the inbox inside the overlay's closed shadow root. */
export function timersFrame(inbox: Page): Frame {
  const frame = inbox.frames().find((f) => f.url().startsWith('chrome-extension://') && new URL(f.url()).pathname === '/row-timers.html');
  if (!frame) throw new Error('no timers frame in the inbox');
  return frame;
}

/** The observer's settle window (lib/observe/engine.ts settleMs) plus a margin. */
const LIST_SETTLE_MS = 2000;

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
  /**
   * Reloads the extension, as an update does: Chromium cuts the running content scripts off and the
   * worker starts anew (`onInstalled`, reason `update`). Returns at once: the reload is under way.
   */
  reloadExtension(): Promise<void>;
  /** Merges into the stored settings; every surface applies them live. */
  configure(patch: Partial<Settings>): Promise<void>;
  close(): Promise<void>;
}

/** One browser with the built extension and one inbox tab: a scenario starts with `await startSession('?lang=fr')`. */
export async function startSession(query = '', { lang = 'en-US' }: { lang?: string } = {}): Promise<Session> {
  const server = await startInbox();
  const extensionDir = await snapshotExtension();
  const { context, close: closeBrowser } = await launchChromium({ inboxPort: server.port, lang, extensionDir });
  const close = async () => { await closeBrowser(); rmSync(extensionDir, { recursive: true, force: true }); };
  const extensionId = unpackedExtensionId(extensionDir);
  const inbox = context.pages()[0] ?? await context.newPage();
  await inbox.goto(`https://web.whatsapp.com/${query}`);
  await inbox.waitForFunction(() => (window as unknown as { waSim?: { ready: boolean } }).waSim?.ready);
  await inbox.waitForSelector('inbox-pulse-overlay', { state: 'attached' }); // the content script runs
  // The chat list's first 1.5 s are its settle window (unread counts already there are history,
  // not news), so scenarios start after it.
  await inbox.waitForTimeout(LIST_SETTLE_MS);
  const worker = () => extensionWorker(context);
  // Reads and settings go through an extension page, not the worker, which Chromium may stop at any
  // time (and the worker-restart test stops on purpose).
  let probe: Page | undefined;
  const probePage = async (): Promise<Page> => {
    if (probe && !probe.isClosed()) return probe;
    const page = await context.newPage();
    // Refused while the extension reloads: the next read opens a new page.
    await page.goto(`chrome-extension://${extensionId}/manifest.json`).catch(async (error: unknown) => { await page.close(); throw error; });
    await inbox.bringToFront();
    probe = page;
    return probe;
  };
  const storedEvents = async (): Promise<InboxEvent[]> => (await probePage()).evaluate(readAllEvents);
  const openPage = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };
  return {
    context,
    extensionId,
    inbox,
    worker,
    openPage,
    storedEvents,
    async messagesWhere(filter, count, what) {
      return eventually(async () => {
        const found = messageEvents(await storedEvents()).filter(filter);
        return found.length >= count ? found : undefined;
      }, `${count} × ${what}`);
    },
    async reloadExtension() {
      // Chromium reloads an unpacked extension only in developer mode; else it disables it.
      const extensions = await context.newPage();
      await extensions.goto('chrome://extensions');
      await extensions.evaluate(() => (globalThis as unknown as { chrome: { developerPrivate: { updateProfileConfiguration(c: object): Promise<void> } } })
        .chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
      await extensions.close();
      const page = await openPage('popup.html');
      void page.evaluate(() => (globalThis as unknown as { chrome: typeof browser }).chrome.runtime.reload()).catch(() => undefined);
      await inbox.bringToFront();
    },
    async configure(patch) {
      const settings = { ...defaultSettings(), ...patch };
      await (await probePage()).evaluate((value: Settings) => (globalThis as unknown as { chrome: typeof browser }).chrome.storage.local.set({ settings: value }), settings);
    },
    async close() {
      await close();
      await server.close();
    },
  };
}

/**
 * A private copy of the built extension (.output/chrome-mv3) for one browser: a `wxt build` run
 * while the browser is open (another terminal, the benchmarks) must not pull files from under it.
 */
async function snapshotExtension(): Promise<string> {
  const files = ['manifest.json', 'background.js', 'content-scripts/inbox.js', 'popup.html'];
  for (let attempt = 0; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'inbox-pulse-extension-'));
    try {
      const before = statSync(EXTENSION_DIR).mtimeMs;
      cpSync(EXTENSION_DIR, dir, { recursive: true });
      if (files.every((f) => existsSync(join(dir, f))) && statSync(EXTENSION_DIR).mtimeMs === before) return dir;
    } catch { /* being rebuilt: try again */ }
    rmSync(dir, { recursive: true, force: true });
    if (attempt >= 60) throw new Error(`no complete build in ${EXTENSION_DIR}: run \`npx wxt build\``);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The id Chromium gives an unpacked extension: the SHA-256 of its absolute path, first 32 hex digits as a–p. */
function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

/** Runs in an extension page; plain IndexedDB so the test does not depend on the code under test. */
function readAllEvents(): Promise<InboxEvent[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('inbox-pulse');
    let fresh = false;
    // Not created yet: never create it here (the worker's upgrade must run from version 0).
    open.onupgradeneeded = () => { fresh = true; open.transaction?.abort(); };
    open.onerror = () => (fresh ? resolve([]) : reject(open.error));
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('chunks')) { db.close(); resolve([]); return; }
      // Events are stored grouped in chunks (lib/store/event-chunks.ts), as JSON text: every chunk, flattened, in time order.
      const request = db.transaction('chunks').objectStore('chunks').getAll();
      request.onsuccess = () => {
        db.close();
        const events = (request.result as Array<{ eventsJson: string }>).flatMap((c) => JSON.parse(c.eventsJson) as InboxEvent[]);
        resolve(events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
      };
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

// ---------------------------------------------------------------- the imitation's driver (demo/whatsapp/sim.js)

export interface SimMessage { key: string; dataId: string | null; fromMe: boolean; author: string; text: string; media: false | string; at: number; rendered: boolean }
export interface SimChat {
  title: string; jid: string; group: boolean; unread: number; muted: boolean; pinned: boolean; archived: boolean; typing: boolean;
  lastIsMine: boolean; preview: string | null; index: number; open: boolean;
}
export interface SimRef { key: string; dataId: string | null; jid: string }
export interface SendOptions { media?: boolean | 'picture' | 'audio' | 'document' | 'sticker'; author?: string; quote?: string; seconds?: number; fileName?: string }

/** Calls `window.waSim[name](...args)` in the inbox tab. */
async function simCall<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([n, a]) => {
    const sim = (window as unknown as { waSim: Record<string, (...x: unknown[]) => unknown> }).waSim;
    return sim[n as string](...(a as unknown[]));
  }, [name, args] as const) as Promise<T>;
}

/** Typed access to `window.waSim` of an inbox tab. */
export function sim(page: Page) {
  return {
    chats: () => simCall<SimChat[]>(page, 'chats'),
    messages: (title: string) => simCall<SimMessage[]>(page, 'messages', title),
    customerSends: (title: string, text: string, opts: SendOptions = {}) => simCall<SimRef>(page, 'customerSends', title, text, opts),
    botSends: (title: string, text: string, opts: SendOptions = {}) => simCall<SimRef>(page, 'botSends', title, text, opts),
    otherAgentSends: (title: string, text: string, opts: SendOptions = {}) => simCall<SimRef>(page, 'otherAgentSends', title, text, opts),
    openChat: (title: string) => simCall<{ jid: string; title: string }>(page, 'openChat', title),
    closeChat: () => simCall<boolean>(page, 'closeChat'),
    loadOlder: (opts: { customerSends?: string } = {}) => simCall<{ loaded: number; remaining: number; arrived: SimRef[] }>(page, 'loadOlder', opts),
    addChat: (title: string, opts: { group?: boolean; duplicate?: boolean } = {}) => simCall<{ jid: string }>(page, 'addChat', title, opts),
    /** What really happened (demo/truth.mjs compares the stored events with it). */
    truth: () => simCall<Truth>(page, 'truth'),
    now: () => simCall<number>(page, 'now'),
    customerTypes: (title: string, ms: number, opts: { author?: string } = {}) => simCall<boolean>(page, 'customerTypes', title, ms, opts),
    react: (title: string, key: string, emoji: string, opts: { fromMe?: boolean; author?: string } = {}) => simCall<boolean>(page, 'react', title, key, emoji, opts),
    edit: (title: string, key: string, text: string) => simCall<boolean>(page, 'edit', title, key, text),
    deleteMessage: (title: string, key: string, opts: { forEveryone?: boolean } = {}) => simCall<boolean>(page, 'deleteMessage', title, key, opts),
    renameChat: (title: string, newTitle: string) => simCall<{ jid: string; title: string }>(page, 'renameChat', title, newTitle),
    pinChat: (title: string, on = true) => simCall<boolean>(page, 'pinChat', title, on),
    archiveChat: (title: string, on = true) => simCall<boolean>(page, 'archiveChat', title, on),
    offlineSync: (entries: { title: string; text: string; ago: number; fromMe?: boolean }[]) => simCall<(SimRef & { at: number })[]>(page, 'offlineSync', entries),
    renderedRows: () => simCall<string[]>(page, 'renderedRows'),
  };
}

/** The settle window after opening a chat (engine settleMs 1.5 s, pushed by bulk inserts): history is in, live starts after it. */
export const SETTLE_MS = 2000;

/** Opens a chat and waits past its settle window. */
export async function openSettled(page: Page, title: string): Promise<void> {
  await sim(page).openChat(title);
  await page.waitForFunction((t) => (window as unknown as { waSim: { openTitle(): string | null } }).waSim.openTitle() === t, title);
  await page.waitForTimeout(SETTLE_MS);
}

/** Types a reply into the open chat's composer with the real keyboard and sends it with Enter; returns the new message's key. */
export async function typeReply(page: Page, title: string, text: string): Promise<string> {
  const before = new Set((await sim(page).messages(title)).map((m) => m.key));
  await page.locator('#main footer [contenteditable="true"]').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  return eventually(async () => (await sim(page).messages(title)).find((m) => m.fromMe && !before.has(m.key))?.key, `the reply "${text}" in ${title}`);
}

/** True when a stored message key (`msg`) is the imitation's key: 1:1 keys as they are, group keys carry `_participant`. */
export const isKey = (msg: string, simKey: string): boolean => msg === simKey || msg.startsWith(`${simKey}_`);

/**
 * The message events that count: without those a `link` event supersedes (a list-seen message
 * recorded again as its real message when the chat was opened, or refuted).
 */
export function messageEvents(events: readonly InboxEvent[]): MessageEvent[] {
  const superseded = new Set(events.filter((e) => e.type === 'link').map((l) => messageId(l.site, l.chat, l.msg)));
  return events.filter((e): e is MessageEvent => e.type === 'message' && !superseded.has(e.id));
}

/** Fails when any of the texts appears anywhere in the stored events. */
export function assertNoText(events: readonly InboxEvent[], texts: readonly string[]): void {
  const dump = JSON.stringify(events);
  for (const t of texts) if (t && dump.includes(t)) throw new Error(`stored events contain message text ${JSON.stringify(t)}`);
}

/** A list-signal event: a message seen only in the chat list, before its chat was opened (key `row-…`). */
export const isListSignal = (m: MessageEvent): boolean => m.msg.startsWith('row-');

export interface Pairing { pairs: { sim: SimMessage; event: MessageEvent }[]; missing: SimMessage[]; extra: MessageEvent[] }

/**
 * Pairs a chat's stored message events with the messages the imitation holds, one for one: keyed
 * events by message key, list-signal events with the expected messages left over, in order, by direction.
 * `missing` (expected, not stored) and `extra` (stored, not expected or stored twice) must both be empty.
 */
export function pairOneForOne(stored: readonly MessageEvent[], expected: readonly SimMessage[]): Pairing {
  const out: Pairing = { pairs: [], missing: [], extra: [] };
  const keyed = stored.filter((e) => !isListSignal(e));
  const used = new Set<MessageEvent>();
  const leftover: SimMessage[] = [];
  for (const m of expected) {
    const found = keyed.filter((e) => isKey(e.msg, m.key));
    if (found.length) { out.pairs.push({ sim: m, event: found[0] }); used.add(found[0]); } else leftover.push(m);
  }
  const signals = stored.filter(isListSignal).sort((a, b) => a.at.localeCompare(b.at) || a.msg.localeCompare(b.msg, 'en', { numeric: true }));
  for (const m of leftover) {
    const dir = m.fromMe ? 'out' : 'in';
    const e = signals.find((s) => !used.has(s) && s.dir === dir);
    if (e) { out.pairs.push({ sim: m, event: e }); used.add(e); } else out.missing.push(m);
  }
  out.extra = stored.filter((e) => !used.has(e));
  return out;
}

/** Who wrote a message of the imitation's generated history, from its text: its bots start with 🤖 (configure botRules `^🤖`), its agents sign `*Name:*`. */
export function historyAuthor(m: SimMessage): Pick<MessageEvent, 'dir' | 'by' | 'attribution'> & { agent?: string } {
  if (!m.fromMe) return { dir: 'in', by: 'customer', attribution: 'none' };
  if (m.text.startsWith('🤖')) return { dir: 'out', by: 'bot', attribution: 'none' };
  const sig = /^\*([^*]+):\*/.exec(m.text);
  return sig ? { dir: 'out', by: 'agent', agent: sig[1], attribution: 'signature' } : { dir: 'out', by: 'agent', agent: 'unknown', attribution: 'none' };
}
