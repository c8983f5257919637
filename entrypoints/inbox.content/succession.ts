import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { DomObserver, EngineLike } from '../../lib/adapters/dom-observer';
import type { InboxEvent } from '../../lib/events';
import type { ObserverEngine } from '../../lib/observe';
import { importHandoverKey, newHandoverKey, sealEvents, unsealEvents } from '../../lib/pipeline/handover';

/** Where a script cut off from the extension leaves its events (the page's sessionStorage). */
const LEFT_EVENTS = 'inbox-pulse:left-events';
/** The sealing key, in extension storage: the page cannot read it. */
const KEY_ITEM = 'handoverKey';

// What the tab's two scripts tell each other, on the document (they carry nothing the page may not see).
/** New → old, at its start: who is still watching? */
const SUCCESSOR = 'inbox-pulse:successor';
/** Old → new, in answer: I am, cut off from the extension; take the list from your first frame. */
const RETIRING = 'inbox-pulse:retiring';
/** New → old, at its first frame with the chat list: this frame is my baseline, the list is mine. */
const LIST_TAKEN = 'inbox-pulse:list-taken';
/** New → old, once its open conversation has settled: the conversation is mine too, stop. */
const TAKEN_OVER = 'inbox-pulse:taken-over';
/** Old → new: I have left (more) events in sessionStorage. */
const LEFT = 'inbox-pulse:left';

/** How long a new script watches the open conversation beside the old one: past its settle window (pushed by bulk inserts). */
const TAKE_OVER_AFTER_MS = 5000;
/** A script cut off with no successor (the extension was removed or disabled) stops watching after this. */
const RETIRE_AT_MOST_MS = 30_000;

const tell = (type: string): boolean => document.dispatchEvent(new CustomEvent(type));

async function loadKey(): Promise<CryptoKey> {
  let { [KEY_ITEM]: key } = await browser.storage.local.get(KEY_ITEM);
  if (typeof key !== 'string') {
    await browser.storage.local.set({ [KEY_ITEM]: newHandoverKey() });
    // Two tabs starting at once may both have written one: both use the one that stayed.
    ({ [KEY_ITEM]: key } = await browser.storage.local.get(KEY_ITEM));
  }
  return importHandoverKey(key as string);
}

/**
 * An extension update (or reload) cuts the tab's content script off from the extension; the worker
 * then starts a new one in the tab (background/reinject.ts). Nothing may be lost in between, and
 * nothing seen live demoted to history: the old script keeps watching, its events left sealed in
 * sessionStorage, until the new one has the chat list (from the very frame the old one stops
 * watching it, so no list signal is missed or doubled) and then its open conversation settled (the
 * old one records that conversation's new messages live meanwhile; both record the same message
 * ids, and the store keeps the live copy). The new script sends what the old one left as it is left.
 */
export async function startSuccession(ctx: ContentScriptContext) {
  const key = await loadKey();
  let listGiven = false;

  // What this script left and its successor has not taken yet, sealed and written one write at a
  // time: a write finding the previous one taken (its item removed) drops those events first.
  let left: InboxEvent[] = [];
  let written = 0;
  let writing: Promise<void> = Promise.resolve();
  let scheduled = false;
  const write = async (): Promise<void> => {
    if (written > 0 && sessionStorage.getItem(LEFT_EVENTS) === null) left = left.slice(written);
    written = left.length;
    sessionStorage.setItem(LEFT_EVENTS, await sealEvents(left, key));
    tell(LEFT);
  };
  const adopt = async (record: (events: InboxEvent[]) => void): Promise<void> => {
    const text = sessionStorage.getItem(LEFT_EVENTS);
    sessionStorage.removeItem(LEFT_EVENTS);
    const events = await unsealEvents(text, key);
    if (events.length) record(events);
  };

  // Asked before this script's own answer exists: a script that answers is its predecessor.
  let predecessor = false;
  const onRetiring = () => { predecessor = true; };
  document.addEventListener(RETIRING, onRetiring);
  tell(SUCCESSOR);
  document.removeEventListener(RETIRING, onRetiring);

  return {
    /** The new engine's options: with a predecessor still watching, the list is complete already. */
    engineOptions: predecessor ? { listSettleMs: 1 } : {},

    /** For the worker link: events this script leaves once cut off (worker-link.ts). */
    leave(events: readonly InboxEvent[]): void {
      left.push(...events);
      if (scheduled) return;
      // One write waits for the one before; the events recorded meanwhile go in the next one.
      scheduled = true;
      writing = writing
        .then(() => { scheduled = false; return write(); })
        .catch((error: unknown) => console.warn('Inbox Pulse: could not leave events for the next script', error));
    },

    /** Sends what a predecessor left: now (one that left before the page reloaded) and whenever it leaves more. */
    adoptInto(record: (events: InboxEvent[]) => void): void {
      void adopt(record);
      ctx.addEventListener(document, LEFT, () => void adopt(record));
    },

    /** The engine as the observer drives it: the list's hand-over marked, or left out once given. */
    engine(inner: ObserverEngine): EngineLike {
      let listTaken = !predecessor;
      return {
        observe(frame) {
          if (listGiven) return inner.observe({ ...frame, rows: null });
          if (!listTaken && frame.rows) {
            listTaken = true;
            tell(LIST_TAKEN); // the old script records what it has not yet, up to this very frame
            ctx.setTimeout(() => tell(TAKEN_OVER), TAKE_OVER_AFTER_MS);
          }
          return inner.observe(frame);
        },
        composerSubmit: (submit) => inner.composerSubmit(submit),
        chatKey: (titleKey) => inner.chatKey(titleKey),
        get paused() { return inner.paused; },
      };
    },

    /** Instead of stopping at invalidation: watches on until the successor has taken over. */
    retireOnInvalidation(observer: DomObserver): void {
      const finish = () => {
        document.removeEventListener(SUCCESSOR, answer);
        document.removeEventListener(LIST_TAKEN, giveList);
        document.removeEventListener(TAKEN_OVER, finish);
        clearTimeout(deadline);
        observer.flush(); // what it has seen and not recorded yet is left too
        observer.stop();
      };
      const answer = () => tell(RETIRING);
      const giveList = () => {
        observer.flush();
        listGiven = true;
      };
      let deadline: ReturnType<typeof setTimeout> | undefined;
      ctx.onInvalidated(() => {
        document.addEventListener(SUCCESSOR, answer);
        document.addEventListener(LIST_TAKEN, giveList);
        document.addEventListener(TAKEN_OVER, finish);
        deadline = setTimeout(finish, RETIRE_AT_MOST_MS);
      });
    },
  };
}
