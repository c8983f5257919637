/**
 * Reconciliation: messages first seen only in the chat list (list signals of a chat that was not
 * open) meet their real messages when the chat is opened. PURE.
 *
 * The conversation is walked from the bottom up over the messages not recorded before, each
 * direction paired on its own: a message pairs with the newest unpaired list signal of its
 * direction (a customer message never skips past an agent signal, nor the other way round). A
 * list signal newer than a message by more than `skewMs` can have no match at or above it: it is
 * passed over (left unpaired) and the message is tried against the next older signal. The walk stops
 * at a message recorded before the signals (the chat was open then, so nothing older is theirs).
 *
 * Unpaired signals are `refuted` when the walk saw enough of the conversation to be sure no message
 * of theirs exists: it reached a message recorded earlier, or one older than the signal by more than
 * the skew. Otherwise (the conversation is not rendered that far yet) they stay `open`, and when the
 * reconciliation ends (`unpairedAtEnd`), those the conversation shows an older message than are
 * refuted too: the list saw a change that was no message (an edit, a reaction).
 */
import type { MessageState } from './snapshots';

export interface ListSignal {
  dir: 'in' | 'out';
  /** When the list showed it (live), or the message time the list showed (history at load). */
  observedAt: number;
  /** The made-up key it was recorded under, and the chat key it was recorded in. */
  msg: string;
  chat: string;
  live: boolean;
}

export interface Reconciled {
  /** Message key → the list signal it is. */
  pairs: Map<string, ListSignal>;
  refuted: ListSignal[];
  open: ListSignal[];
}

const MINUTE = 60_000;

/**
 * How the walk treats a message: `stop` at one recorded before the signals, `skip` one recorded
 * by this reconciliation already (a pair, or history of the same opening), `try` the others.
 */
export type Walk = (key: string) => 'stop' | 'skip' | 'try';

/** `msgs`: the conversation's unique messages in DOM order; `signals`: oldest first. */
export function reconcile(msgs: readonly MessageState[], signals: readonly ListSignal[], walk: Walk, skewMs: number): Reconciled {
  const pairs = new Map<string, ListSignal>();
  const waiting = { in: signals.filter((s) => s.dir === 'in'), out: signals.filter((s) => s.dir === 'out') };
  const next = { in: waiting.in.length - 1, out: waiting.out.length - 1 };
  const passed: ListSignal[] = [];
  let conclusive = false;
  let oldestSeen = Infinity;
  for (let i = msgs.length - 1; i >= 0 && (next.in >= 0 || next.out >= 0); i--) {
    const m = msgs[i];
    const step = walk(m.key);
    if (step === 'stop') {
      conclusive = true;
      break;
    }
    if (step === 'skip') continue;
    if (m.tsMinute !== undefined) oldestSeen = Math.min(oldestSeen, m.tsMinute);
    if (m.kind === 'system' || m.direction === 'unknown') continue;
    const list = waiting[m.direction];
    // A message older than the signal (beyond the skew) cannot be it: that signal has no match here.
    while (next[m.direction] >= 0 && m.tsMinute !== undefined && m.tsMinute + MINUTE < list[next[m.direction]].observedAt - skewMs) {
      passed.push(list[next[m.direction]--]);
    }
    if (next[m.direction] < 0) continue;
    pairs.set(m.key, list[next[m.direction]--]);
  }
  // Passed over: a message older than the signal was reached, so nothing above can be it.
  const refuted = passed;
  const open: ListSignal[] = [];
  for (const s of [...waiting.in.slice(0, next.in + 1), ...waiting.out.slice(0, next.out + 1)]) {
    (conclusive || oldestSeen + MINUTE < s.observedAt - skewMs ? refuted : open).push(s);
  }
  return { pairs, refuted, open: open.sort((a, b) => a.observedAt - b.observedAt) };
}

/** The signals still open when reconciliation ends that the conversation refutes (see above). */
export function unpairedAtEnd(msgs: readonly MessageState[], open: readonly ListSignal[], walk: Walk): ListSignal[] {
  let oldest = Infinity;
  for (let i = msgs.length - 1; i >= 0; i--) {
    if (walk(msgs[i].key) === 'stop') return [...open];
    const ts = msgs[i].tsMinute;
    if (ts !== undefined && ts < oldest) oldest = ts;
  }
  return open.filter((s) => oldest + MINUTE <= s.observedAt);
}
