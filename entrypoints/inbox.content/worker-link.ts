import type { Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { INBOX_PORT, type LiveChat, type SaveFailure, type ToInbox, type ToWorker } from '../../lib/messaging';
import type { InboxEvent } from '../../lib/events';
import { Outbox } from '../../lib/pipeline/outbox';
import { throttle } from '../../lib/throttle';

/**
 * Events go to the worker at once when they come alone, and at most once per FLUSH_MS while they
 * keep coming: each post costs the page an extension-binding call and brings back an ack and a
 * live board, so a busy inbox (one message every 50 ms) posts once a second rather than twenty
 * times. The timers then trail a burst by up to a second; a lone customer message is not delayed.
 */
const FLUSH_MS = 1000;
const MAX_BATCH = 500;

/**
 * Keeps a port to the worker open for the life of the tab. The worker may be stopped at any time
 * (idle, crash, update): the port then disconnects, we reconnect and resend what was not acknowledged.
 * A batch the worker could not store stays here and is retried with a growing delay; `onSaveFailure`
 * says so (null once a batch is stored again). Once the extension is gone from this script (an
 * update, a reload: its context is invalidated) nothing can be sent any more: `leave` gets every
 * event not acknowledged, then each event recorded since, for the script that replaces it.
 */
export function connectWorker(
  ctx: ContentScriptContext,
  onLive: (chats: LiveChat[]) => void,
  onSaveFailure: (failure: SaveFailure | null) => void,
  leave: (events: readonly InboxEvent[]) => void,
) {
  const outbox = new Outbox();
  let port: Browser.runtime.Port | undefined;
  let lastConnection: ToWorker | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: ToWorker): void => {
    port?.postMessage(message);
  };
  const flush = (): void => {
    if (!port || retryTimer !== undefined) return; // while writes fail, only the retry sends
    for (let batch = outbox.take(MAX_BATCH); batch;) {
      const next = outbox.take(MAX_BATCH);
      post({ kind: 'events', seq: batch.seq, events: batch.events, more: next !== undefined });
      batch = next;
    }
  };
  const connect = (): void => {
    if (!ctx.isValid) return;
    try {
      port = browser.runtime.connect({ name: INBOX_PORT });
    } catch {
      port = undefined; // extension context gone; ctx invalidation tears us down
      return;
    }
    port.onMessage.addListener((message: ToInbox) => {
      if (message.kind === 'ack') {
        const recovering = outbox.retryDelayMs > 0;
        outbox.ack(message.seq);
        if (recovering) {
          onSaveFailure(null);
          clearTimeout(retryTimer);
          retryTimer = undefined;
          sends.request(); // what was recorded since the retry went out
        }
      } else if (message.kind === 'error') {
        outbox.fail(message.seq);
        onSaveFailure({ full: message.full, reason: message.message, waiting: outbox.size });
        scheduleFlush();
      } else if (message.kind === 'live') {
        onLive(message.chats);
      }
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      outbox.requeue();
      ctx.setTimeout(connect, 250);
    });
    if (lastConnection) post(lastConnection);
    flush();
  };

  // A lone post runs in a task of its own, not in the observer batch that recorded the events.
  const sends = throttle((late) => (late ? flush() : setTimeout(flush)), FLUSH_MS);
  // While writes fail, what waits is sent again later and later (Outbox.retryDelayMs), by this timer only.
  const scheduleFlush = (): void => {
    if (outbox.retryDelayMs === 0) sends.request();
    else retryTimer ??= setTimeout(() => { retryTimer = undefined; flush(); }, outbox.retryDelayMs);
  };

  connect();
  // A tab being closed posts what is still waiting for the next flush.
  ctx.addEventListener(window, 'pagehide', flush);
  let gone = false;
  ctx.onInvalidated(() => {
    gone = true;
    sends.cancel();
    clearTimeout(retryTimer);
    port?.disconnect();
    leave(outbox.unsent());
  });

  return {
    send(message: ToWorker): void {
      if (message.kind === 'connection') lastConnection = message;
      post(message);
    },
    record(events: readonly InboxEvent[]): void {
      if (gone) return leave(events);
      outbox.push(events);
      scheduleFlush();
    },
    get unsent(): number {
      return outbox.size;
    },
  };
}
