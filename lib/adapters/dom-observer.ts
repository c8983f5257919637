/**
 * DOM wiring: ONE MutationObserver on the app root (`#app`), work batched per animation frame,
 * adapter readers → ObserverEngine → onEvents. Also the composer-submit hook (Enter / send click →
 * text hash → engine) used for local attribution; the text itself never leaves this module.
 *
 * Performance: readers only use querySelector/attributes/textContent, never layout properties
 * (offsetTop, getBoundingClientRect, innerText…), so a batch never forces a layout. Each batch is
 * timed with performance.now() (stats / onBatch) for the benchmark.
 *
 * Hidden tabs: browsers pause requestAnimationFrame in background tabs, where agents often leave
 * WhatsApp, so a batch scheduled while the tab is hidden, or pending when it hides, has a timer
 * (`fallbackMs`) instead; whichever fires first runs the batch and cancels the other. A visible
 * tab sets no timer: that is one timer less per batch on the page's main thread.
 */
import type { CapturedEvent } from '../events';
import { textHash } from '../observe/hash';
import type { ChatRef, ComposerSubmit, FieldHealth, ObserveFrame } from '../observe/snapshots';
import type { RowSnapshot, SiteAdapter } from './site-adapter';

/** What the DOM observer needs from the engine (ObserverEngine satisfies it). */
export interface EngineLike {
  observe(frame: ObserveFrame): CapturedEvent[];
  composerSubmit(submit: ComposerSubmit): void;
  /** The chat key a row's title key stands for (rows show titles; chats are keyed by id once seen). */
  chatKey(titleKey: string): string;
  readonly paused: { reason: string } | null;
}

/** One processed batch, for the overlay: rows keep their elements here (and only here). */
export interface FrameInfo {
  rows: RowSnapshot[] | null;
  open: ChatRef | null;
  /** Present when health was re-probed in this batch. */
  health?: FieldHealth[];
  paused: { reason: string } | null;
  events: CapturedEvent[];
}

export interface BatchStats {
  batches: number;
  totalMs: number;
  maxMs: number;
  lastMs: number;
}

export interface DomObserverOptions {
  doc: Document;
  adapter: SiteAdapter;
  engine: EngineLike;
  /** New events of a batch (non-empty). */
  onEvents: (events: CapturedEvent[]) => void;
  /** Every batch, for the overlay (rows with elements, open chat, pause state). */
  onFrame?: (frame: FrameInfo) => void;
  /** Per-batch duration in ms (performance.now). */
  onBatch?: (ms: number) => void;
  /** Defaults to the document's window. */
  requestAnimationFrame?: (cb: () => void) => number;
  cancelAnimationFrame?: (id: number) => void;
  setTimeout?: (cb: () => void, ms: number) => number;
  clearTimeout?: (id: number) => void;
  /** Epoch ms for composer submits; must be the engine's clock. Default Date.now. */
  now?: () => number;
  /** Monotonic ms for batch timing. Default the window's performance.now. */
  perfNow?: () => number;
  /** Health is re-probed on every conversation mount and at most this often otherwise (ms). */
  healthIntervalMs?: number;
  /** Timer fallback when rAF does not fire (hidden tab), ms. */
  fallbackMs?: number;
  /** How long the page may go without the inbox's landmarks before monitoring is reported paused (ms). */
  unknownAfterMs?: number;
  /** Mutations inside our own UI must not trigger batches (default: inside `[data-inbox-pulse]`). */
  ignoreSelector?: string;
  /** Composer text → hash (default FNV-1a of the normalised text). */
  hash?: (text: string) => string;
}

export interface DomObserver {
  /** Run a batch now (tests, or after settings change). */
  flush(): void;
  stop(): void;
  readonly stats: BatchStats;
}

// Not `style`: the virtual lists move their rows with inline transforms, a dozen records per
// message that no reader reads; a move comes with the change that caused it (a row's new content,
// a row inserted), and scrolling and resizing are followed by the overlay's own listeners.
export const OBSERVED_ATTRIBUTES = ['aria-label', 'aria-selected', 'data-icon', 'title', 'data-id'];

export function startDomObserver(opts: DomObserverOptions): DomObserver {
  const { doc, adapter, engine } = opts;
  const win = doc.defaultView;
  const raf = opts.requestAnimationFrame ?? (win ? (cb: () => void) => win.requestAnimationFrame(cb) : null);
  const caf = opts.cancelAnimationFrame ?? (win ? (id: number) => win.cancelAnimationFrame(id) : () => {});
  const setT = opts.setTimeout ?? ((cb: () => void, ms: number) => (win ?? globalThis).setTimeout(cb, ms) as unknown as number);
  const clearT = opts.clearTimeout ?? ((id: number) => (win ?? globalThis).clearTimeout(id));
  const now = opts.now ?? Date.now;
  const perfNow = opts.perfNow ?? (() => (win?.performance ?? performance).now());
  const healthEvery = opts.healthIntervalMs ?? 1000;
  const fallbackMs = opts.fallbackMs ?? 250;
  const unknownAfterMs = opts.unknownAfterMs ?? 4000;
  const ignore = opts.ignoreSelector ?? '[data-inbox-pulse]';
  const hash = opts.hash ?? textHash;

  const stats: BatchStats = { batches: 0, totalMs: 0, maxMs: 0, lastMs: 0 };
  let stopped = false;
  let rafId: number | null = null;
  let timerId: number | null = null;
  let lastRoot: Element | null = null;
  let mount = 0;
  let lastHealthAt = -Infinity;
  let observedRoot: Node | null = null;
  // Since when the page has shown no inbox (loading, logged out, or a layout the adapter does not know).
  let notReadySince: number | null = null;
  // Rows that did not mutate are not read again: every record goes to the adapter's read cache
  // (in the next batch, so its cost is timed with the batch).
  const cache = adapter.createReadCache?.();
  let unseen: MutationRecord[] = [];
  // The conversation as last read, kept while no record lands inside its root (see run).
  let conversation: { root: Element; open: ChatRef | null; read: ObserveFrame['conversation'] } | null = null;

  const mo = new (win?.MutationObserver ?? MutationObserver)((records) => {
    if (stopped) return;
    if (cache) for (const r of records) unseen.push(r);
    if (rootChanged()) attach();
    if (records.every(isOwnMutation)) return;
    schedule();
  });

  /** Our own overlay, or page parts the readers never look at (the composer while typing). */
  function isOwnMutation(r: MutationRecord): boolean {
    const t = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
    return !!t && (!!t.closest(ignore) || adapter.isNoise(t));
  }

  /** An app root stays the one in the page while it is connected: looked up again only then. */
  function rootChanged(): boolean {
    return !observedRoot?.isConnected && observedRoot !== adapter.appRoot(doc);
  }

  /** Observe #app; until it exists, watch the document for it (the QR/loading screen is small). */
  function attach(): void {
    mo.disconnect();
    cache?.invalidate('all'); // whatever changes before observe() starts is not reported
    unseen = [];
    conversation = null;
    const app = adapter.appRoot(doc);
    observedRoot = app;
    if (app) {
      mo.observe(app, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: OBSERVED_ATTRIBUTES });
    } else {
      mo.observe(doc.documentElement, { childList: true, subtree: true });
    }
  }

  function schedule(): void {
    if (stopped || rafId !== null || timerId !== null) return;
    if (raf && !doc.hidden) rafId = raf(onFrame);
    else timerId = setT(onTimer, fallbackMs);
  }

  // A fired frame or timer needs no cancelling: from the content script that is a native call per batch.
  function onFrame(): void {
    rafId = null;
    run();
  }

  function onTimer(): void {
    timerId = null;
    run();
  }

  function onVisibilityChange(): void {
    if (doc.hidden && rafId !== null && timerId === null) timerId = setT(onTimer, fallbackMs);
  }

  function cancel(): void {
    if (rafId !== null) caf(rafId);
    if (timerId !== null) clearT(timerId);
    rafId = timerId = null;
  }

  function run(): void {
    cancel();
    if (stopped) return;
    const t0 = perfNow();
    let records: MutationRecord[] = [];
    if (cache) {
      for (const r of mo.takeRecords()) unseen.push(r); // mutations not delivered yet (a direct flush)
      if (rootChanged()) attach();
      cache.invalidate(unseen);
      records = unseen;
      unseen = [];
    }
    let info: FrameInfo;
    if (!adapter.appReady(doc)) {
      conversation = null; // this batch's records are not looked at
      info = { rows: null, open: null, paused: engine.paused ?? notReady(t0), events: [] };
    } else {
      notReadySince = null;
      const rows = adapter.readRows(doc, cache);
      const root = adapter.conversationRoot(doc);
      let remount = false;
      if (root !== lastRoot) {
        lastRoot = root;
        if (root) mount++;
        remount = true;
      }
      // Most batches of a busy inbox change other chats' rows only: with the read cache (which hears
      // of every record) and no record inside the conversation's root, the open chat and its
      // messages are what they were, and are not looked up again.
      if (!conversation || conversation.root !== root || !cache || records.some((r) => root?.contains(r.target))) {
        const chat = root ? adapter.openChat(doc) : null;
        conversation = root && { root, open: chat, read: chat && { mount, chat, messages: adapter.readMessages(root, cache) } };
      }
      const shown = conversation?.open ?? null;
      const frame: ObserveFrame = { rows };
      frame.conversation = conversation?.read ?? null;
      const tNow = perfNow();
      let health: FieldHealth[] | undefined;
      if (remount || tNow - lastHealthAt >= healthEvery) {
        lastHealthAt = tNow;
        health = frame.health = adapter.health(doc, cache);
      }
      const events = engine.observe(frame);
      // Rows and the header show titles: the overlay matches them to chats by the engine's keys.
      const open = shown && { ...shown, key: engine.chatKey(shown.key) };
      info = { rows, open, paused: engine.paused, events };
      if (health) info.health = health;
      if (events.length) opts.onEvents(events);
    }
    opts.onFrame?.(info);
    const dt = perfNow() - t0;
    stats.batches++;
    stats.totalMs += dt;
    stats.lastMs = dt;
    if (dt > stats.maxMs) stats.maxMs = dt;
    opts.onBatch?.(dt);
  }

  /**
   * Nothing is recorded while the inbox is not shown: past `unknownAfterMs` that is said (a page that
   * never shows the landmarks, such as a new WhatsApp layout, must not look monitored). A static page
   * sends no mutations, so a timer comes back to say it.
   */
  function notReady(t: number): { reason: string } | null {
    notReadySince ??= t;
    const left = notReadySince + unknownAfterMs - t;
    if (left <= 0) return { reason: 'inbox not recognised (no chat list on the page)' };
    if (timerId === null) timerId = setT(onTimer, left + 50);
    return null;
  }

  // ------------------------------------------------------------ composer submits

  function submit(): void {
    const text = adapter.composerText(doc);
    if (text && text.trim()) engine.composerSubmit({ at: now(), textHash: hash(text) });
  }

  function onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    const c = adapter.composer(doc);
    const t = e.target as Node | null;
    if (c && t && c.contains(t)) submit();
  }

  function onClick(e: Event): void {
    const t = e.target as Element | null;
    if (t && t.nodeType === 1 && adapter.isSendControl(t)) submit();
  }

  // Capturing on the document runs before WhatsApp's own handlers clear the composer.
  doc.addEventListener('keydown', onKeydown, true);
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('visibilitychange', onVisibilityChange);

  attach();
  schedule();

  return {
    flush: run,
    stop() {
      stopped = true;
      cancel();
      mo.disconnect();
      doc.removeEventListener('keydown', onKeydown, true);
      doc.removeEventListener('click', onClick, true);
      doc.removeEventListener('visibilitychange', onVisibilityChange);
    },
    stats,
  };
}
