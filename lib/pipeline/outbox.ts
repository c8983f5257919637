import type { InboxEvent } from '../events';

export interface Batch { seq: number; events: InboxEvent[] }

/**
 * The content script's side of the pipeline. An event stays here until the worker acknowledges
 * the transaction that stored it; when the port drops (worker stopped, extension reloaded)
 * every unacknowledged batch is sent again. Ids are content-derived, so a batch that was
 * stored but not acknowledged is harmless to resend.
 */
export class Outbox {
  private pending: InboxEvent[] = [];
  private inflight = new Map<number, InboxEvent[]>();
  private seq = 0;

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
  }

  /** The connection is gone: whatever was in flight is pending again, oldest first. */
  requeue(): void {
    const unacked = [...this.inflight.keys()].sort((a, b) => a - b).flatMap((s) => this.inflight.get(s)!);
    this.inflight.clear();
    this.pending = [...unacked, ...this.pending];
  }

  get size(): number {
    let n = this.pending.length;
    for (const events of this.inflight.values()) n += events.length;
    return n;
  }
}
