import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, MAX_RETRY_MS, Outbox } from '../../lib/pipeline/outbox';
import type { InboxEvent } from '../../lib/events';

const ev = (n: number): InboxEvent => ({ v: 1, id: `s:a:${n}:online`, at: new Date(n).toISOString(), type: 'status', agent: 'a', status: 'online', reason: 'manual' });

describe('outbox', () => {
  it('keeps a batch until it is acknowledged', () => {
    const box = new Outbox();
    box.push([ev(1), ev(2)]);
    const batch = box.take()!;
    expect(batch.events.map((e) => e.id)).toEqual([ev(1).id, ev(2).id]);
    expect(box.size).toBe(2);
    box.ack(batch.seq);
    expect(box.size).toBe(0);
    expect(box.take()).toBeUndefined();
  });

  it('resends unacknowledged batches first, in order, after a reconnect', () => {
    const box = new Outbox();
    box.push([ev(1)]);
    const first = box.take()!;
    box.push([ev(2)]);
    const second = box.take()!;
    box.push([ev(3)]);
    box.ack(second.seq);
    box.requeue();
    expect(box.take()!.events.map((e) => e.id)).toEqual([ev(1).id, ev(3).id]);
    expect(first.seq).toBeLessThan(second.seq);
  });

  it('splits into batches of at most max events', () => {
    const box = new Outbox();
    box.push([ev(1), ev(2), ev(3)]);
    expect(box.take(2)!.events).toHaveLength(2);
    expect(box.take(2)!.events).toHaveLength(1);
  });

  it('keeps a batch the worker could not store, first in line, and waits longer after each failure in a row', () => {
    const box = new Outbox();
    box.push([ev(1), ev(2)]);
    const first = box.take()!;
    box.push([ev(3)]);
    expect(box.retryDelayMs).toBe(0);
    box.fail(first.seq);
    expect(box.size).toBe(3);
    expect(box.retryDelayMs).toBe(FIRST_RETRY_MS);
    const again = box.take()!;
    expect(again.events.map((e) => e.id)).toEqual([ev(1).id, ev(2).id, ev(3).id]);
    box.fail(again.seq);
    expect(box.retryDelayMs).toBe(2 * FIRST_RETRY_MS);
    for (let i = 0; i < 10; i++) box.fail(box.take()!.seq);
    expect(box.retryDelayMs).toBe(MAX_RETRY_MS);
    expect(box.size).toBe(3);
    // Stored at last: nothing waits, and the next batch goes without delay.
    box.ack(box.take()!.seq);
    expect([box.size, box.retryDelayMs]).toEqual([0, 0]);
    box.fail(12345); // an unknown batch changes nothing
    expect(box.retryDelayMs).toBe(0);
  });
});
