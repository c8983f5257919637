import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { connectWorker } from '../../../entrypoints/inbox.content/worker-link';
import type { InboxEvent } from '../../../lib/events';
import type { SaveFailure, ToInbox, ToWorker } from '../../../lib/messaging';

/** The worker's end of the inbox port as the tab sees it: what was posted, and a way to answer. */
function fakePort() {
  const posted: ToWorker[] = [];
  const listeners: Array<(m: ToInbox) => void> = [];
  vi.stubGlobal('browser', {
    runtime: {
      connect: () => ({
        postMessage: (m: ToWorker) => posted.push(structuredClone(m)),
        onMessage: { addListener: (fn: (m: ToInbox) => void) => listeners.push(fn) },
        onDisconnect: { addListener: () => undefined },
        disconnect: () => undefined,
      }),
    },
  });
  const batches = () => posted.flatMap((m) => (m.kind === 'events' ? [m] : []));
  return { batches, answer: (m: ToInbox) => listeners.forEach((fn) => fn(m)) };
}

/** The content script context: valid, with its window listeners kept to fire. */
function fakeContext() {
  const handlers = new Map<string, () => void>();
  const invalidated: Array<() => void> = [];
  const ctx = {
    isValid: true,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    onInvalidated: (fn: () => void) => invalidated.push(fn),
    addEventListener: (_target: unknown, type: string, fn: () => void) => handlers.set(type, fn),
  };
  const invalidate = () => {
    ctx.isValid = false;
    invalidated.forEach((fn) => fn());
  };
  return { ctx: ctx as unknown as ContentScriptContext, fire: (type: string) => handlers.get(type)?.(), invalidate };
}

let n = 0;
const event = (): InboxEvent => ({ v: 1, id: `close:whatsapp:c${n}:${n}`, at: new Date(1_700_000_000_000 + n++).toISOString(), type: 'close', site: 'whatsapp', chat: 'c', agent: 'Ana' });

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('window', {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the tab\'s link to the worker', () => {
  it('posts a lone event in a task of its own, and a burst at most once a second', () => {
    const port = fakePort();
    const { ctx } = fakeContext();
    const link = connectWorker(ctx, () => undefined, () => undefined, () => undefined);
    link.record([event()]);
    expect(port.batches()).toHaveLength(0); // not inside the observer batch that recorded it
    vi.advanceTimersByTime(0);
    expect(port.batches().map((b) => b.events.length)).toEqual([1]);

    // 20 events a second for 3 s: one post a second, none lost.
    for (let i = 0; i < 60; i++) {
      link.record([event()]);
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(1000);
    const sizes = port.batches().map((b) => b.events.length);
    expect(sizes.length).toBeLessThanOrEqual(5);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(61);
    expect(link.unsent).toBe(61); // none acknowledged yet
  });

  it('waits out the retry delay after a failed write, whatever comes meanwhile, then sends what waited', () => {
    const port = fakePort();
    const { ctx } = fakeContext();
    const failures: Array<SaveFailure | null> = [];
    const link = connectWorker(ctx, () => undefined, (f) => failures.push(f), () => undefined);
    link.record([event(), event()]);
    vi.advanceTimersByTime(0);
    const [first] = port.batches();
    port.answer({ kind: 'error', seq: first.seq, message: 'QuotaExceededError', full: true });
    expect(failures).toEqual([{ full: true, reason: 'QuotaExceededError', waiting: 2 }]);

    link.record([event()]);
    vi.advanceTimersByTime(1999); // the first retry comes 2 s after the failure, not with the next flush
    expect(port.batches()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const retry = port.batches()[1];
    expect(retry.events.map((e) => e.id)).toEqual([...first.events.map((e) => e.id), expect.any(String)]);

    link.record([event()]); // recorded while the retry is in flight
    port.answer({ kind: 'ack', seq: retry.seq });
    expect(failures.at(-1)).toBeNull();
    vi.advanceTimersByTime(0);
    expect(port.batches()).toHaveLength(3); // sent as soon as writes work again, not after another delay
    expect(link.unsent).toBe(1);
  });

  it('posts what waits for the next flush when the tab is closed', () => {
    const port = fakePort();
    const { ctx, fire } = fakeContext();
    const link = connectWorker(ctx, () => undefined, () => undefined, () => undefined);
    link.record([event()]);
    vi.advanceTimersByTime(0);
    link.record([event(), event()]);
    expect(port.batches()).toHaveLength(1);
    fire('pagehide');
    expect(port.batches().map((b) => b.events.length)).toEqual([1, 2]);
  });

  it('once the extension is gone, leaves every event not acknowledged, then each one recorded after', () => {
    const port = fakePort();
    const { ctx, invalidate } = fakeContext();
    const left: string[][] = [];
    const link = connectWorker(ctx, () => undefined, () => undefined, (events) => left.push(events.map((e) => e.id)));
    const [a, b, c, d] = [event(), event(), event(), event()];
    link.record([a, b]);
    vi.advanceTimersByTime(0);
    port.answer({ kind: 'ack', seq: port.batches()[0].seq });
    link.record([c]);
    vi.advanceTimersByTime(1000); // in flight, never acknowledged
    expect(port.batches()).toHaveLength(2);
    invalidate();
    expect(left).toEqual([[c.id]]);
    link.record([d]);
    vi.advanceTimersByTime(5000);
    expect(left).toEqual([[c.id], [d.id]]);
    expect(port.batches()).toHaveLength(2); // nothing is posted to a port that is gone
  });
});
