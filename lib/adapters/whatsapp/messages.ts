/** Readers for the open conversation: header, message rows, keys, direction, text (docs/architecture.md#reading-whatsapp-web). */
import { chatKeyOf } from '../../observe/normalize';
import type { ChatRef, DirectionSignals, MessageDirection, MessageKind } from '../../observe/snapshots';
import type { MessageSnapshot, ReadCache } from '../site-adapter';
import { cssString, langOf, lastingFirst, queryAllFirst, queryFirst, readableText, withLabels } from './dom';
import { RowReadCache } from './read-cache';
import { DATA_ID, conversation, message } from './selectors';
import { learntMonthFirst, noteDate } from './date-order';
import { parsePrePlainText } from './timestamp';

export function conversationRoot(doc: Document): Element | null {
  return queryFirst(doc, conversation.root);
}

export function headerSlot(doc: Document): Element | null {
  return queryFirst(doc, conversation.header);
}

/** The open chat from `#main header span[title]`, in the document or from the conversation root. */
export function openChat(root: ParentNode): ChatRef | null {
  const title = headerTitle(root)?.getAttribute('title');
  if (!title || !title.trim()) return null;
  return { key: chatKeyOf(title), title };
}

/**
 * The title element, looked for inside the header (selectors still match in document context): from
 * `#main` a strategy that matches nothing (a build without test ids) walks every message.
 */
function headerTitle(root: ParentNode): Element | null {
  const header = queryFirst(root, conversation.header);
  return header && queryFirst(header, conversation.headerTitle);
}

/** The message list inside a conversation root (structural, then localised label prefix, then the root). */
export function messageList(root: Element): Element {
  const strategies = withLabels(root.ownerDocument, conversation.messageList, (t) => t.messageList.map((prefix) => `[aria-label^="${cssString(prefix)}"]`));
  return lastingFirst(root, strategies) ?? root;
}

/** Candidate message rows (keyed or not: health counts the unkeyed ones). */
export function messageRows(root: Element): Element[] {
  return queryAllFirst(messageList(root), conversation.rows);
}

/**
 * The message key and chat id from data-id. The key is the stanza id, without the `true_`/`false_`
 * prefix, the chat jid and a group's participant (a customer's phone number that no count needs:
 * stanza ids are random per message); bare ids are used as they are.
 *   false_5511999887766@c.us_3A12F09…          → 3A12F09…, chat 5511999887766@c.us
 *   false_120363…@g.us_3EB0…_5511999887766@c.us → 3EB0…, chat 120363…@g.us
 *   3B6637D11A63081B8712                        → 3B6637D11A63081B8712, no chat id
 */
export function parseDataId(dataId: string): { key: string; chatId?: string } {
  const parts = dataId.trim().replace(DATA_ID.prefix, '').split('_');
  if (parts.length < 2 || !DATA_ID.jid.test(parts[0])) return { key: parts.join('_') };
  const [chatId, key] = parts;
  return { key, chatId };
}

export const messageKey = (dataId: string): string => parseDataId(dataId).key;

/** The direction signals of one message row. */
export function directionSignals(rowEl: Element, dataId: string | null): DirectionSignals {
  const s: DirectionSignals = {};
  const prefix = dataId ? DATA_ID.prefix.exec(dataId.trim()) : null;
  if (prefix) s.dataId = prefix[1] === 'true' ? 'out' : 'in';
  const out = queryFirst(rowEl, message.out), inn = queryFirst(rowEl, message.in);
  if (out && !inn) s.cls = 'out';
  else if (inn && !out) s.cls = 'in';
  const tOut = queryFirst(rowEl, message.tailOut), tIn = queryFirst(rowEl, message.tailIn);
  if (tOut && !tIn) s.tail = 'out';
  else if (tIn && !tOut) s.tail = 'in';
  if (queryFirst(rowEl, message.ack)) s.ack = 'out';
  return s;
}

/** At least two signals, all agreeing; otherwise 'unknown' (docs/architecture.md#reading-whatsapp-web: never guess). */
export function decideDirection(s: DirectionSignals): MessageDirection {
  const votes = [s.dataId, s.cls, s.tail, s.ack].filter((v): v is 'in' | 'out' => v !== undefined);
  if (votes.length < 2) return 'unknown';
  return votes.every((v) => v === votes[0]) ? votes[0] : 'unknown';
}

/** The leading bold element's text, when the message text starts with it. */
function leadingBold(textEl: Element, text: string): string | undefined {
  const bold = queryFirst(textEl, message.bold);
  if (!bold) return undefined;
  const b = readableText(bold).trim();
  return b && text.trimStart().startsWith(b) ? b : undefined;
}

export interface MessageRowRead {
  snapshot?: MessageSnapshot;
  /** The row looks like a message (bubble class, tail or msg container) even when it has no key. */
  looksLikeMessage: boolean;
  hasPrePlainText: boolean;
  /** The row's own tail icon, if any (starts a run). */
  ownTail?: 'in' | 'out';
}

const BUBBLE = message.bubble.join(', ');

export function readMessageRow(rowEl: Element, chatKey: string, lang: string, isLast: boolean): MessageRowRead {
  const idEl = rowEl.matches('[data-id]') ? rowEl : queryFirst(rowEl, message.id);
  const dataId = idEl?.getAttribute('data-id') ?? null;
  const isBubble = rowEl.matches(BUBBLE) || !!rowEl.querySelector(BUBBLE);
  const looksLikeMessage = !!dataId || isBubble;
  const pre = queryFirst(rowEl, message.prePlainText)?.getAttribute('data-pre-plain-text') ?? null;
  const read: MessageRowRead = { looksLikeMessage, hasPrePlainText: pre !== null };
  const signals = directionSignals(rowEl, dataId);
  if (signals.tail) read.ownTail = signals.tail;
  if (!dataId || !dataId.trim()) return read;

  const textEl = queryFirst(rowEl, message.text);
  const text = textEl ? readableText(textEl) : '';
  const kind: MessageKind = !isBubble && signals.ack === undefined ? 'system' : text ? 'text' : 'media';
  const { key, chatId } = parseDataId(dataId);
  const snap: MessageSnapshot = {
    key,
    chatKey,
    direction: kind === 'system' ? 'unknown' : decideDirection(signals),
    directionSignals: signals,
    kind,
    position: isLast ? 'bottom' : 'middle',
  };
  if (chatId) snap.chatId = chatId;
  if (text) snap.text = text;
  if (textEl && text) {
    const sig = leadingBold(textEl, text);
    if (sig) snap.signature = sig;
  }
  if (pre !== null) {
    const doc = rowEl.ownerDocument;
    const now = Date.now();
    noteDate(doc, pre, now);
    const p = parsePrePlainText(pre, lang, { now, monthFirst: learntMonthFirst(doc) });
    if (p.tsMinute !== undefined) snap.tsMinute = p.tsMinute;
    if (p.author) snap.author = p.author;
  }
  if (!snap.author) {
    const a = queryFirst(rowEl, message.author);
    const name = (a?.getAttribute('aria-label') ?? a?.textContent ?? '').replace(/:\s*$/, '').trim();
    if (name) snap.author = name;
  }
  read.snapshot = snap;
  return read;
}

// Selectors are matched in document context, so `#main header …` works from the #main root; from
// the document it finds the same header, so there is nothing to fall back on.
const chatKeyFor = (root: Element): string => openChat(root)?.key ?? '';

const hasKey = (row: Element): boolean => row.matches('[data-id]') || !!row.querySelector('[data-id]');

/** The tail of a run of bubbles from one side, carried down to the tail-less bubbles that continue it. */
type Tail = 'in' | 'out' | undefined;

/** A row's read as placed in its list, kept per (cached) read while its place is the same. */
const placements = new WeakMap<MessageRowRead, { isLast: boolean; runTail: Tail; read: MessageRowRead }>();

/**
 * The row's own read at its place: the bottom one, or a bubble continuing a run whose tail it
 * carries. Reads are shared with the cache and never mutated; most rows are neither, and are the
 * read itself.
 */
function placed(read: MessageRowRead, isLast: boolean, runTail: Tail): MessageRowRead {
  const s = read.snapshot;
  if (!s || (!isLast && !runTail)) return read;
  const kept = placements.get(read);
  if (kept && kept.isLast === isLast && kept.runTail === runTail) return kept.read;
  const directionSignals: DirectionSignals = runTail ? { ...s.directionSignals, tail: runTail, tailFromRun: true } : s.directionSignals;
  const snapshot: MessageSnapshot = { ...s, directionSignals, position: isLast ? 'bottom' : 'middle' };
  if (runTail) snapshot.direction = decideDirection(directionSignals);
  const out = { ...read, snapshot };
  placements.set(read, { isLast, runTail, read: out });
  return out;
}

/** A row's own read, and whether it carries a message key. */
interface OwnRead { keyed: boolean; read: MessageRowRead }

/** A list's rows as placed, and what placing rows appended below them needs. */
interface Placed {
  reads: readonly OwnRead[];
  placed: MessageRowRead[];
  /** Per row, the run tail it carries (none for a row with its own tail or out of any run). */
  carried: Tail[];
  /** The run going on after the last row, and the last keyed row (the bottom message). */
  runTail: Tail;
  lastKeyed: number;
}

const looked = new WeakSet<Element>();
/**
 * Before a conversation's first read, every stamp in it is looked at for a date that settles the
 * page's day/month order (date-order.ts), so that a message above such a date reads it too. Once
 * per conversation root: the rows read afterwards add theirs as they are read.
 */
function learnDateOrder(root: Element): void {
  const doc = root.ownerDocument;
  if (looked.has(root) || learntMonthFirst(doc) !== undefined) return;
  looked.add(root);
  const now = Date.now();
  for (const el of Array.from(root.querySelectorAll(message.prePlainText.join(',')))) noteDate(doc, el.getAttribute('data-pre-plain-text') ?? '', now);
}

/**
 * Read every row of a conversation root; readMessages keeps the keyed ones. With the adapter's
 * cache, only the rows that changed are read again, a list that did not change at all is not
 * scanned again (the previous scan is returned as it is: callers must not mutate it), and rows
 * appended below are read and placed alone, the rows above keeping theirs (but the former bottom).
 */
export function scanMessages(root: Element, cache?: ReadCache): MessageRowRead[] {
  learnDateOrder(root);
  const chatKey = chatKeyFor(root);
  const lang = langOf(root.ownerDocument);
  const own = (r: Element): OwnRead => ({ keyed: hasKey(r), read: readMessageRow(r, chatKey, lang, false) });
  if (!(cache instanceof RowReadCache)) return placeRows(messageRows(root).map(own)).placed;
  const key = `${chatKey}|${lang}`;
  return cache.derived<Placed>(messageList(root), conversation.rows, key, (rows, before) => {
    const fresh = (list: readonly Element[]) => list.map((r) => cache.read(r, key, () => own(r)));
    return before ? placeRows([...before.value.reads, ...fresh(rows.slice(before.rows))], before.value) : placeRows(fresh(rows));
  }).placed;
}

/**
 * Positions (the last keyed row is the bottom) and run tails, on fresh copies of the rows' own
 * reads; `before`: how the rows above were placed, when the rows after them are new.
 */
function placeRows(reads: readonly OwnRead[], before?: Placed): Placed {
  const start = before ? before.reads.length : 0;
  const carried = before ? [...before.carried] : [];
  // Tails mark the first bubble of a same-sender run: carry the run's tail to the tail-less bubbles
  // below it, but only while their bubble class continues the run. A class that differs means a
  // run started without a tail (stickers have none): the run ends there, and no tail is claimed.
  // A swapped or renamed class therefore still disagrees with the tail on the run's first bubble.
  let runTail = before?.runTail;
  // The last KEYED row is the bottom message (separators and unkeyed rows don't count).
  let lastKeyed = before?.lastKeyed ?? -1;
  for (let i = start; i < reads.length; i++) {
    const { keyed, read } = reads[i];
    const s = read.snapshot;
    carried[i] = undefined;
    if (read.ownTail) runTail = read.ownTail;
    else if (read.looksLikeMessage && s && s.kind !== 'system') {
      if (runTail && s.directionSignals.cls === runTail) carried[i] = runTail;
      else runTail = undefined;
    }
    if (keyed) lastKeyed = i;
  }
  const out = before ? before.placed.slice() : [];
  const formerBottom = before?.lastKeyed ?? -1;
  if (formerBottom >= 0 && formerBottom !== lastKeyed) out[formerBottom] = placed(reads[formerBottom].read, false, carried[formerBottom]);
  for (let i = start; i < reads.length; i++) out[i] = placed(reads[i].read, i === lastKeyed, carried[i]);
  return { reads, placed: out, carried, runTail, lastKeyed };
}

/** Snapshots per scan: an unchanged (cached) scan gives back the same array, which the engine relies on to skip it. */
const snapshotsOf = new WeakMap<readonly MessageRowRead[], MessageSnapshot[]>();

export function readMessages(root: Element, cache?: ReadCache): MessageSnapshot[] {
  const scan = scanMessages(root, cache);
  let snapshots = snapshotsOf.get(scan);
  if (!snapshots) {
    snapshots = [];
    for (const r of scan) if (r.snapshot) snapshots.push(r.snapshot);
    snapshotsOf.set(scan, snapshots);
  }
  return snapshots;
}
