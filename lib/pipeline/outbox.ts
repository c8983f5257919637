import type { InboxEvent } from '../events';

export interface Batch { seq: number; events: InboxEvent[] }

/** The first retry after a failed write, doubled after each failure in a row up to MAX_RETRY_MS. */
export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 60_000;

/**
 * The content script's side of the pipeline. An event stays here until the worker acknowledges
 * the transaction that stored it; when the port drops (worker stopped, extension reloaded)
 * every unacknowledged batch is sent again. Ids are content-derived, so a batch that was
 * stored but not acknowledged is harmless to resend. A batch the worker could not store (a full
 * disk) is kept too, and retried later and later while failures go on.
 */
export class Outbox {
  private pending: InboxEvent[] = [];
  private inflight = new Map<number, InboxEvent[]>();
  private seq = 0;
  private failures = 0;

  push(events: readonly InboxEvent[]): void {
    this.pending.push(...events);
  }

  /** Takes everything pending as one batch to send; undefined when there is nothing. */
  take(max = Infinity): Batch | undefined {
    if (this.pending.length === 0) return undefined;
    const events = this.pending.splice(0, max);
    const batch = { seq: ++this.seq, events };
    this.inflight.set(batch.seq, events);
    return batch;
  }

  ack(seq: number): void {
    this.inflight.delete(seq);
    this.failures = 0;
  }

  /** The worker could not store the batch: its events are pending again, first. */
  fail(seq: number): void {
    const events = this.inflight.get(seq);
    if (!events) return;
    this.inflight.delete(seq);
    this.pending = [...events, ...this.pending];
    this.failures++;
  }

  /** How long to wait before sending again: nothing while batches get stored, a growing delay while they fail. */
  get retryDelayMs(): number {
    return this.failures === 0 ? 0 : Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1));
  }

  /** The connection is gone: whatever was in flight is pending again, oldest first. */
  requeue(): void {
    this.pending = this.unsent();
    this.inflight.clear();
  }

  /** Every event not acknowledged yet, in flight or pending, oldest first. */
  unsent(): InboxEvent[] {
    const unacked = [...this.inflight.keys()].sort((a, b) => a - b).flatMap((s) => this.inflight.get(s)!);
    return [...unacked, ...this.pending];
  }

  get size(): number {
    let n = this.pending.length;
    for (const events of this.inflight.values()) n += events.length;
    return n;
  }
}
