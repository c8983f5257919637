import './overlay.css';
import { render } from 'preact';
import { closeId, iso, returnId, type InboxEvent } from '../../lib/events';
import { startDomObserver } from '../../lib/adapters/dom-observer';
import { whatsappAdapter as whatsapp } from '../../lib/adapters/whatsapp';
import { ObserverEngine } from '../../lib/observe';
import { localAgent } from '../../lib/settings';
import { loadSettings, watchSettings } from '../../lib/store/settings-item';
import { OverlayApp } from '../../components/overlay/OverlayApp';
import { createOverlayState } from '../../components/overlay/overlay-state';
import { trackPlacements } from './placements';
import { startSuccession } from './succession';
import { connectWorker } from './worker-link';

const HEALTH_EVERY_MS = 60_000;
/** How many recent batch durations the benchmark hook keeps (trimmed by half when twice this). */
const BENCH_KEEP = 4096;

export default defineContentScript({
  matches: ['https://web.whatsapp.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const state = createOverlayState();
    const [settings, succession] = await Promise.all([loadSettings(), startSuccession(ctx)]);
    state.settings.value = settings;
    const engine = new ObserverEngine({ settings, now: Date.now, ...succession.engineOptions });
    ctx.onInvalidated(watchSettings((s) => {
      state.settings.value = s;
      engine.setSettings(s);
    }));

    const link = connectWorker(
      ctx,
      (chats) => { state.live.value = new Map(chats.map((c) => [c.chat, c])); },
      (failure) => { state.unsaved.value = failure; },
      succession.leave,
    );
    succession.adoptInto((events) => link.record(events));
    let announced: string | undefined;
    const announce = (paused: string | null) => {
      const key = paused ?? 'active';
      if (key === announced) return;
      announced = key;
      link.send({ kind: 'connection', connection: { site: 'whatsapp', seenAt: iso(Date.now()), monitoring: paused ? 'paused' : 'active', ...(paused ? { pausedReason: paused } : {}) } });
    };

    // Benchmark hook (scripts/bench/capture.mjs): the observer's recent per-batch durations (ms) on
    // this isolated world's globalThis. Only CDP `Runtime.evaluate` in the content script's own
    // execution context reads it: the page cannot see it and no message handler is added.
    const benchBatchMs: number[] = [];
    (globalThis as { __inboxPulseBatchMs?: number[] }).__inboxPulseBatchMs = benchBatchMs;

    const placements = trackPlacements(ctx, document, whatsapp, state);
    const observer = startDomObserver({
      doc: document,
      adapter: whatsapp,
      engine: succession.engine(engine),
      // Health is probed on every conversation mount and then once a minute, not on every batch.
      healthIntervalMs: HEALTH_EVERY_MS,
      onEvents: (events) => link.record(events),
      onBatch: (ms) => { if (benchBatchMs.push(ms) > 2 * BENCH_KEEP) benchBatchMs.splice(0, BENCH_KEEP); },
      onFrame: (frame) => {
        // No inbox on the page: nothing to say until the observer says it has waited long enough.
        if (frame.rows === null && !frame.paused) return;
        announce(frame.paused?.reason ?? null);
        state.paused.value = frame.paused?.reason ?? null;
        placements.update(frame.rows ?? [], frame.open, (key) => engine.chatKey(key));
      },
    });
    succession.retireOnInvalidation(observer);
    ctx.setInterval(() => observer.flush(), HEALTH_EVERY_MS);

    const record = (event: InboxEvent) => link.record([event]);
    const ui = await createShadowRootUi(ctx, {
      name: 'inbox-pulse-overlay',
      position: 'overlay',
      zIndex: 2147483000,
      anchor: 'body',
      // Closed: the page's scripts cannot reach the buttons (or the timers frame) inside it.
      mode: 'closed',
      isolateEvents: true,
      onMount: (container) => {
        const agent = () => localAgent(state.settings.value);
        render(
          <OverlayApp
            state={state}
            onClose={(chat) => {
              const at = iso(Date.now());
              record({ v: 1, id: closeId('whatsapp', chat, at), at, type: 'close', site: 'whatsapp', chat, agent: agent() });
            }}
            onReturnToBot={(chat) => {
              const at = iso(Date.now());
              record({ v: 1, id: returnId('whatsapp', chat, at), at, type: 'return_to_bot', site: 'whatsapp', chat, agent: agent() });
            }}
          />,
          container,
        );
        return container;
      },
      onRemove: (container) => {
        // Removed when an update cuts this script off: cleanups that call the extension's API then
        // throw, and WXT would leave the stale overlay over the new one's.
        try {
          if (container) render(null, container);
        } catch { /* the host is removed next all the same */ }
      },
    });
    ui.mount();
  },
});
