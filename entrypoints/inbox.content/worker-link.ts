import type { Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { INBOX_PORT, type LiveChat, type SaveFailure, type ToInbox, type ToWorker } from '../../lib/messaging';
import type { InboxEvent } from '../../lib/events';
import { Outbox } from '../../lib/pipeline/outbox';

const FLUSH_MS = 200;
const MAX_BATCH = 500;

/**
 * Keeps a port to the worker open for the life of the tab. The worker may be stopped at any time
 * (idle, crash, update): the port then disconnects, we reconnect and resend what was not acknowledged.
 * A batch the worker could not store stays here and is retried with a growing delay; `onSaveFailure`
 * says so (null once a batch is stored again).
 */
export function connectWorker(ctx: ContentScriptContext, onLive: (chats: LiveChat[]) => void, onSaveFailure: (failure: SaveFailure | null) => void) {
  const outbox = new Outbox();
  let port: Browser.runtime.Port | undefined;
  let lastConnection: ToWorker | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: ToWorker): void => {
    port?.postMessage(message);
  };
  const flush = (): void => {
    flushTimer = undefined;
    if (!port) return;
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
        if (recovering) onSaveFailure(null);
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

  // Events wait up to FLUSH_MS to go as one batch (longer while writes fail). The timer is set only
  // when there is something to send: an idle inbox must not wake the page's main thread for nothing.
  const scheduleFlush = (): void => {
    if (flushTimer === undefined) flushTimer = setTimeout(flush, Math.max(FLUSH_MS, outbox.retryDelayMs));
  };

  connect();
  ctx.onInvalidated(() => {
    clearTimeout(flushTimer);
    port?.disconnect();
  });

  return {
    send(message: ToWorker): void {
      if (message.kind === 'connection') lastConnection = message;
      post(message);
    },
    record(events: readonly InboxEvent[]): void {
      outbox.push(events);
      scheduleFlush();
    },
    get unsent(): number {
      return outbox.size;
    },
  };
}
