/**
 * The site-independent observer engine: turns page snapshots (ObserveFrame) into docs/formats.md
 * `message` events (and `link` events, below). PURE: no DOM, no timers, no extension APIs; time
 * comes from `now()`. The rules are documented in docs/metrics.md (capture) and, in order:
 *
 * - Chat identity (chat-identity.ts): a chat is keyed by the id its open conversation's data-ids
 *   show (a jid), else by its normalised title until that id is seen. Rows show titles only, so
 *   row signals are keyed through the title → id pairs learnt so far; a row renamed in place keeps
 *   its chat. Two rows with the same title give no row signals (they cannot be told apart).
 * - Dedupe: per chat, an LRU of message keys. Rows are recycled by WhatsApp's virtual list, so
 *   nothing is keyed by element.
 * - Mount: a conversation "mounts" when the frame's `mount` number or its chat changes (WhatsApp
 *   swaps `#main` on every chat switch). Its first pass that shows messages is the initial render:
 *   history. After it, a message appended at the bottom is live at once (a customer who writes in
 *   the first second after the chat was opened), unless it comes in a bulk insert (>= bulkSize
 *   unseen messages at the bottom in one frame: a reconnect burst), which also makes the next
 *   `settleMs` history. Messages inserted above (older history loaded) are never at the bottom.
 * - Live: at the bottom, not history as above, and its tsMinute, when known, within ±liveSkewMs of
 *   now (tsMinute is truncated to the minute, so the window is [now − skew − 60 s, now + skew]).
 *   An outgoing message at the bottom that matches a local composer submit is live (this browser
 *   just sent it). Live: `at` = observed time. History: `at` = tsMinute, or observed time when none.
 * - Chat-list signals for chats that are not open (row not selected now nor in the previous frame):
 *     unread count rises and the last message is not ours → that many customer messages, live,
 *     keys `row-<observedAt>-<n>`; the last message is ours and the row shows another (preview,
 *     time label) than the last time its last message was ours → one outgoing message (bot if the
 *     preview matches a bot rule, else agent `unknown`, attribution none). A preview hidden for a
 *     while (a typing indicator) and shown again is no message. A row's time label, when present,
 *     must be a clock time within ±liveSkewMs of now. A row that was not rendered in the previous
 *     frame only counts with such a recent clock label, and not during the list's first settleMs
 *     (its initial render, which may take a few frames, is history).
 * - Backlog: a row seen for the first time (the list's initial render, or scrolled in), or whose
 *   unread count rose with a clock label that is not recent (an offline sync after the app
 *   rendered), whose last message is not ours → one customer message of history at the label's
 *   minute (key `row-h<time>`, the same in every browser): the customer has been waiting since then.
 *   If such a row's last message then becomes ours with an earlier clock label, the reply synced
 *   late: one outgoing message of history at that minute.
 * - Reconciliation (reconcile.ts): list signals wait in their chat until it is opened. During the
 *   `settleMs` after the initial render each is paired with its real message (by direction, newest
 *   first). A paired message is recorded with the signal's time and liveness and the DOM's
 *   attribution (a signature visible only in the conversation), and a `link` event says the list
 *   message is superseded by it; a signal the conversation refutes gets a `link` without target.
 * - Attribution of outgoing messages: local submit (same text hash within submitWindowMs) →
 *   `local`, the local agent; else bot/handoff rule → by bot; else signature (settings.signaturePattern
 *   on the leading bold text, group 1) → `signature`; else agent `unknown`, attribution `none`.
 *   A local submit wins over bot rules: a human typed it in this browser.
 * - Routing: customer messages matching a route option carry `route: label`.
 * - Health gating: a `failed` field pauses the events that depend on it (list: list, rows.title,
 *   rows.unread; conversation: messages.key, messages.direction, messages.tsMinute, header.title).
 *   While paused nothing is guessed; on resume the conversation re-mounts (history) and rows are
 *   treated as freshly rendered (recent-label rule).
 */
import { iso, linkId, messageId, type CapturedEvent, type LinkEvent, type MessageEvent, type Site } from '../events';
import { localAgent, type Settings } from '../settings';
import { ChatIdentity } from './chat-identity';
import { textHash } from './hash';
import { Lru } from './lru';
import { reconcile, unpairedAtEnd, type ListSignal } from './reconcile';
import { compileRules, type CompiledRules } from './rules';
import type {
  ComposerSubmit,
  FieldHealth,
  HealthField,
  MessageState,
  ObserveFrame,
  RowState,
} from './snapshots';

export interface EngineOptions {
  settings: Settings;
  /** Epoch ms; injected so tests control time. */
  now: () => number;
  site?: Site;
  /** Reconciliation window after the initial render, and history window after a bulk insert (ms). */
  settleMs?: number;
  /**
   * The chat list's own settle window (ms; default settleMs). An engine that takes over from a
   * running one (an extension update) gets 1: the list is already complete, its first frame is the
   * baseline, and what changes after it is news.
   */
  listSettleMs?: number;
  /** Bulk insert threshold (unseen messages at the bottom in one frame). */
  bulkSize?: number;
  /** Max distance between tsMinute / row clock label and now for a live message (ms). */
  liveSkewMs?: number;
  /** Max distance between a composer submit and the message appearing (ms). */
  submitWindowMs?: number;
  /** How much older than its list observation a message may look and still reconcile (ms). */
  reconcileSkewMs?: number;
  /** Message keys remembered per chat. */
  keysPerChat?: number;
  /** Chats remembered (dedupe sets, row baselines, title → id pairs). */
  maxChats?: number;
  /** Max customer messages synthesised from one unread jump. */
  maxListBurst?: number;
}

export type PauseScope = 'list' | 'conversation';
export interface Paused {
  reason: string;
}

interface ChatState {
  seen: Lru<string, true>;
  /** List signals waiting for the chat to be opened, oldest first. */
  pending: ListSignal[];
}
interface RowBaseline {
  unread: number;
  lastIsMine: boolean;
  selected: boolean;
  /** What the row showed the last time its last message was ours. */
  mine?: { preview?: string; timeLabel?: string };
}
/** A pass over a mounted conversation: its messages as read, and the unique ones with where each was read. */
interface Pass {
  mount: Mount;
  chat: ChatState;
  messages: readonly MessageState[];
  msgs: MessageState[];
  keys: Set<string>;
  from: number[];
}
interface Mount {
  mount: number;
  chatKey: string;
  /** The initial render has been seen (a pass with messages). */
  rendered: boolean;
  /** List signals are reconciled until then. */
  reconcileUntil: number;
  /** Messages at the bottom are history until then (the rest of a bulk insert). */
  historyUntil: number;
  /** Until the window ends: keys recorded by this mount, passed over (not a stop) by later walks. */
  reconciling: boolean;
  recordedHere: Set<string>;
}

const SCOPE_FIELDS: Record<PauseScope, HealthField[]> = {
  list: ['list', 'rows.title', 'rows.unread'],
  conversation: ['header.title', 'messages.key', 'messages.direction', 'messages.tsMinute'],
};

/** Who wrote an outgoing message. */
type Author = { by: 'bot'; handoff: boolean } | { by: 'agent'; agent: string; attribution: 'local' | 'signature' | 'none' };

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const MAX_PENDING = 200;

// Per read: the reader hands back the same array while the conversation is unchanged.
const chatIds = new WeakMap<readonly MessageState[], string | undefined>();
/** The chat id the conversation's messages show (the newest that shows one). */
function chatIdOf(messages: readonly MessageState[]): string | undefined {
  if (chatIds.has(messages)) return chatIds.get(messages);
  let id: string | undefined;
  for (let i = messages.length - 1; i >= 0 && !id; i--) id = messages[i].chatId;
  chatIds.set(messages, id);
  return id;
}

export class ObserverEngine {
  private settings: Settings;
  private rules: CompiledRules;
  private readonly now: () => number;
  private readonly site: Site;
  private readonly settleMs: number;
  private readonly listSettleMs: number;
  private readonly bulkSize: number;
  private readonly liveSkewMs: number;
  private readonly submitWindowMs: number;
  private readonly reconcileSkewMs: number;
  private readonly keysPerChat: number;
  private readonly maxListBurst: number;

  private readonly chats: Lru<string, ChatState>;
  private readonly rows: Lru<string, RowBaseline>;
  private readonly identity: ChatIdentity;
  /** The rows of the last frame, by key (the first rendered row of a key). */
  private lastRows = new Map<string, RowState>();
  private listStartedAt: number | null = null;
  private mount: Mount | null = null;
  /** The last pass over the conversation (see passMessages). */
  private lastPass: Pass | null = null;
  private submits: (ComposerSubmit & { used: boolean })[] = [];
  private health = new Map<HealthField, FieldHealth>();
  private seq = 0;

  constructor(opts: EngineOptions) {
    this.settings = opts.settings;
    this.rules = compileRules(opts.settings);
    this.now = opts.now;
    this.site = opts.site ?? 'whatsapp';
    this.settleMs = opts.settleMs ?? 1500;
    this.listSettleMs = opts.listSettleMs ?? this.settleMs;
    this.bulkSize = opts.bulkSize ?? 3;
    this.liveSkewMs = opts.liveSkewMs ?? 2 * MINUTE;
    this.submitWindowMs = opts.submitWindowMs ?? 10_000;
    this.reconcileSkewMs = opts.reconcileSkewMs ?? 3 * MINUTE;
    this.keysPerChat = opts.keysPerChat ?? 2000;
    this.maxListBurst = opts.maxListBurst ?? 50;
    this.chats = new Lru(opts.maxChats ?? 500);
    this.rows = new Lru(opts.maxChats ?? 500);
    this.identity = new ChatIdentity(opts.maxChats ?? 500);
  }

  /** The chat key a row or header title key stands for (its id once the conversation showed it). */
  chatKey(titleKey: string): string {
    return this.identity.of(titleKey);
  }

  /** New settings take effect for the next frame (rules are recompiled once here). */
  setSettings(settings: Settings): void {
    this.settings = settings;
    this.rules = compileRules(settings);
  }

  /** Rule sources that did not compile. */
  get invalidRules(): string[] {
    return this.rules.invalid;
  }

  /** A composer submit seen by the content script (Enter or send click). */
  composerSubmit(submit: ComposerSubmit): void {
    this.submits.push({ ...submit, used: false });
    this.pruneSubmits(this.now());
  }

  /** Replace the health report used for gating (also accepted inside a frame). */
  setHealth(report: readonly FieldHealth[]): void {
    const wasPaused = { list: this.scopePaused('list'), conversation: this.scopePaused('conversation') };
    this.health = new Map(report.map((h) => [h.field, h]));
    if (!wasPaused.conversation && this.scopePaused('conversation')) this.mount = null;
    if (!wasPaused.list && this.scopePaused('list')) this.lastRows = new Map();
  }

  /** Why events are currently suppressed, per scope (absent scopes run normally). */
  get pausedScopes(): Partial<Record<PauseScope, Paused>> {
    const out: Partial<Record<PauseScope, Paused>> = {};
    for (const scope of ['list', 'conversation'] as const) {
      const p = this.scopePaused(scope);
      if (p) out[scope] = p;
    }
    return out;
  }

  /** The first paused scope's reason, or null when everything runs. */
  get paused(): Paused | null {
    return this.scopePaused('list') ?? this.scopePaused('conversation');
  }

  /** Feed one observation; returns the new `message` events (never containing message text). */
  observe(frame: ObserveFrame): CapturedEvent[] {
    const now = this.now();
    if (frame.health) this.setHealth(frame.health);
    this.pruneSubmits(now);
    const events: CapturedEvent[] = [];
    if (frame.rows && !this.scopePaused('list')) this.observeRows(frame.rows, now, events);
    if (!frame.conversation) this.mount = null;
    else if (!this.scopePaused('conversation')) this.observeConversation(frame, now, events);
    return events;
  }

  // ---------------------------------------------------------------- gating

  private scopePaused(scope: PauseScope): Paused | null {
    for (const field of SCOPE_FIELDS[scope]) {
      const h = this.health.get(field);
      if (h?.status === 'failed') return { reason: `${field}: ${h.reason}` };
    }
    return null;
  }

  // ---------------------------------------------------------------- chat list

  private observeRows(rows: readonly RowState[], now: number, events: CapturedEvent[]): void {
    if (this.listStartedAt === null) this.listStartedAt = now;
    const listSettled = now >= this.listStartedAt + this.listSettleMs;
    // Local time of day, once per frame: converting to local time is the costly part of the check.
    const d = new Date(now);
    const nowMinute = d.getHours() * 60 + d.getMinutes();
    const twins = this.noteRenames(rows);
    const present = new Map<string, RowState>();
    for (const row of rows) {
      if (!row.key || present.has(row.key)) continue;
      present.set(row.key, row);
      // The reader hands back the very same snapshot while a row is unchanged: its baseline is that
      // snapshot already, so it can signal nothing (most rows of a frame; the get keeps it recent).
      if (this.lastRows.get(row.key) === row && this.rows.get(row.key)) continue;
      const base = this.rows.get(row.key);
      const unread = typeof row.unread === 'number' ? row.unread : 0;
      if (!row.selected && !base?.selected && !twins.has(row.key)) {
        const continuous = base !== undefined && this.lastRows.has(row.key);
        const clockRecent = row.timeOfDay !== undefined && this.isRecentClock(row.timeOfDay, nowMinute);
        // The list's first render is history: only a row first seen after it may be news, and a
        // change to a row already seen is news at once (as a message appended to a conversation).
        const recent = continuous ? row.timeLabel === undefined || clockRecent : listSettled && clockRecent;
        if (recent) this.rowSignals(row, base, unread, now, events);
        // First seen, or history arriving late (an offline sync lifting rows with earlier times).
        else if (!base || unread > base.unread || (row.lastIsMine && !base.lastIsMine)) this.backlog(row, now, events);
      }
      const mine = row.lastIsMine && row.preview !== undefined && !row.typing ? { preview: row.preview, timeLabel: row.timeLabel } : base?.mine;
      this.rows.set(row.key, { unread, lastIsMine: row.lastIsMine, selected: row.selected, mine });
    }
    this.lastRows = present;
  }

  /**
   * Rows whose title changed in place (a contact saved under a name): a title that appeared with no
   * baseline while exactly one title vanished, the row otherwise the same, is that chat renamed.
   * Returns the titles shown by more than one row (their signals cannot be told apart).
   */
  private noteRenames(rows: readonly RowState[]): Set<string> {
    const shown = new Set<string>();
    const twins = new Set<string>();
    const fresh: RowState[] = [];
    for (const row of rows) {
      if (shown.has(row.key)) twins.add(row.key);
      shown.add(row.key);
      if (!this.lastRows.has(row.key) && !this.rows.has(row.key)) fresh.push(row);
    }
    if (!fresh.length || !this.lastRows.size) return twins;
    const gone = [...this.lastRows.values()].filter((r) => !shown.has(r.key));
    for (const row of fresh) {
      const same = gone.filter((g) => g.preview === row.preview && g.timeLabel === row.timeLabel && g.lastIsMine === row.lastIsMine && g.unread === row.unread);
      if (same.length !== 1) continue;
      this.identity.rename(same[0].key, row.key);
      const base = this.rows.get(same[0].key);
      if (base) this.rows.set(row.key, base);
      this.lastRows.set(row.key, same[0]);
    }
    return twins;
  }

  private rowSignals(row: RowState, base: RowBaseline | undefined, unread: number, now: number, events: CapturedEvent[]): void {
    const chatKey = this.identity.of(row.key);
    const chat = this.chat(chatKey);
    const delta = unread - (base?.unread ?? 0);
    if (delta > 0 && !row.lastIsMine) {
      const n = Math.min(delta, this.maxListBurst);
      for (let i = 0; i < n; i++) {
        const msg = `row-${now}-${this.seq++}`;
        // Only the newest of the burst is the message the preview shows.
        const route = i === n - 1 ? this.rules.route(row.preview) : null;
        events.push(this.event(chatKey, row.title, msg, 'in', now, true, { by: 'customer', route }));
        this.addPending(chat, { dir: 'in', observedAt: now, msg, chat: chatKey, live: true });
      }
    }
    const mine = base?.mine;
    const newMine = row.preview !== mine?.preview || row.timeLabel !== mine?.timeLabel;
    if (base && row.lastIsMine && row.preview !== undefined && !row.typing && newMine) {
      const msg = `row-${now}-${this.seq++}`;
      events.push(this.event(chatKey, row.title, msg, 'out', now, true, this.outgoingAuthor(row.preview, row.signature)));
      this.addPending(chat, { dir: 'out', observedAt: now, msg, chat: chatKey, live: true });
    }
  }

  /**
   * History the list shows (see the header comment): a customer waiting since the row's clock time;
   * or, for a chat the backlog has a customer waiting in, the reply that came meanwhile (synced late).
   */
  private backlog(row: RowState, now: number, events: CapturedEvent[]): void {
    if (row.timeOfDay === undefined || row.preview === undefined || row.typing) return;
    const d = new Date(now);
    let at = new Date(d.getFullYear(), d.getMonth(), d.getDate(), Math.floor(row.timeOfDay / 60), row.timeOfDay % 60).getTime();
    // A clock label later than now is yesterday's (the list shows "Yesterday" only after midnight passes).
    if (at > now + this.liveSkewMs) at -= DAY_MINUTES * MINUTE;
    const chatKey = this.identity.of(row.key);
    const chat = this.chat(chatKey);
    const dir = row.lastIsMine ? 'out' : 'in';
    const msg = dir === 'in' ? `row-h${at}` : `row-h${at}-out`;
    if (chat.pending.some((p) => p.msg === msg)) return;
    if (dir === 'in') {
      events.push(this.event(chatKey, row.title, msg, 'in', at, false, { by: 'customer', route: this.rules.route(row.preview) }));
    } else {
      if (!chat.pending.some((p) => p.dir === 'in' && !p.live)) return;
      events.push(this.event(chatKey, row.title, msg, 'out', at, false, this.outgoingAuthor(row.preview, row.signature)));
    }
    this.addPending(chat, { dir, observedAt: at, msg, chat: chatKey, live: false });
  }

  /** Who wrote an outgoing message seen only in the list: a bot rule, else the signature the row shows, else unknown. */
  private outgoingAuthor(preview: string | undefined, signature: string | undefined): Author {
    const bot = this.rules.botKind(preview);
    if (bot) return { by: 'bot', handoff: bot === 'handoff' };
    const name = this.rules.signatureName(signature);
    return name ? { by: 'agent', agent: name, attribution: 'signature' } : { by: 'agent', agent: 'unknown', attribution: 'none' };
  }

  private addPending(chat: ChatState, p: ListSignal): void {
    chat.pending.push(p);
    if (chat.pending.length > MAX_PENDING) chat.pending.splice(0, chat.pending.length - MAX_PENDING);
  }

  private isRecentClock(timeOfDay: number, nowMinute: number): boolean {
    let diff = Math.abs(nowMinute - timeOfDay) % DAY_MINUTES;
    diff = Math.min(diff, DAY_MINUTES - diff);
    // The label is truncated to the minute, like tsMinute.
    return diff <= Math.ceil(this.liveSkewMs / MINUTE) + 1;
  }

  // ---------------------------------------------------------------- conversation

  /** The open conversation's chat key: its id, learnt from the messages, else its title key. */
  private conversationKey(titleKey: string, messages: readonly MessageState[]): string {
    const id = chatIdOf(messages);
    if (id) {
      const before = this.identity.learn(titleKey, id);
      if (before) this.adopt(before, id);
    }
    return this.identity.of(titleKey);
  }

  /** Facts recorded under a title key move on with the chat to its id (list signals still waiting). */
  private adopt(from: string, to: string): void {
    const old = this.chats.get(from);
    if (!old) return;
    this.chats.delete(from);
    const chat = this.chat(to);
    chat.pending = [...chat.pending, ...old.pending].sort((a, b) => a.observedAt - b.observedAt);
    for (const key of old.seen.keys()) chat.seen.set(key, true);
  }

  private observeConversation(frame: ObserveFrame, now: number, events: CapturedEvent[]): void {
    const conv = frame.conversation!;
    const titleKey = conv.chat.key;
    if (!titleKey) return;
    // While the selection moves, the list and #main can disagree for a frame: wait for them to agree.
    const selected = frame.rows?.find((r) => r.selected);
    if (selected && selected.key !== titleKey) return;
    const chatKey = this.conversationKey(titleKey, conv.messages);

    if (!this.mount || this.mount.mount !== conv.mount || this.mount.chatKey !== chatKey) {
      this.mount = { mount: conv.mount, chatKey, rendered: false, reconcileUntil: Infinity, historyUntil: 0, reconciling: true, recordedHere: new Set() };
    }
    const mount = this.mount;
    const chat = this.chat(chatKey);
    // The reader hands back the very same array while the conversation's DOM is unchanged. Its
    // messages were all recorded, or have an unknown direction that unchanged rows cannot resolve,
    // so the pass would find nothing; only list events waiting to be reconciled need time to pass.
    if (this.lastPass?.mount === mount && this.lastPass.messages === conv.messages && chat.pending.length === 0) return;
    const { msgs, decided } = this.passMessages(mount, chat, conv.messages);
    if (!msgs.length) return;
    const initial = !mount.rendered;
    if (initial) {
      mount.rendered = true;
      mount.reconcileUntil = now + this.settleMs;
    }
    let bottomStart = msgs.length;
    for (let i = msgs.length - 1; i >= 0 && !chat.seen.has(msgs[i].key); i--) bottomStart = i;
    // A bulk insert at the bottom after the initial render (a reconnect burst) is history arriving
    // where live messages do; older messages loaded above are history anyway (not at the bottom),
    // and must not turn a message arriving meanwhile into history.
    if (!initial && msgs.length - bottomStart >= this.bulkSize) mount.historyUntil = now + this.settleMs;
    const history = initial || now < mount.historyUntil;

    const paired = this.reconcileSignals(mount, chat, msgs, now, events);
    for (let i = decided; i < msgs.length; i++) {
      const m = msgs[i];
      if (chat.seen.has(m.key)) continue;
      if (m.kind === 'system') {
        this.markSeen(mount, chat, m.key);
        continue;
      }
      // Never guess a direction: an unknown message stays unseen and is looked at again next frame.
      if (m.direction === 'unknown') continue;
      this.markSeen(mount, chat, m.key);
      const signal = paired.get(m.key);
      if (signal) {
        this.record(events, chatKey, conv.chat.title, m, signal.live ? signal.observedAt : (m.tsMinute ?? signal.observedAt), signal.live, false);
        continue;
      }
      const atBottom = i >= bottomStart;
      const local = m.direction === 'out' && atBottom && this.takeSubmit(m, now);
      const live = local || (!history && atBottom && this.isRecentTs(m.tsMinute, now));
      this.record(events, chatKey, conv.chat.title, m, live ? now : (m.tsMinute ?? now), live, local);
    }
  }

  private markSeen(mount: Mount, chat: ChatState, key: string): void {
    chat.seen.set(key, true);
    if (mount.reconciling) mount.recordedHere.add(key);
  }

  /**
   * Pairs the chat's waiting list signals with its messages while the mount reconciles (see
   * reconcile.ts); emits the links. Signals still open when the window ends are dropped: the
   * conversation never showed enough to tell.
   */
  private reconcileSignals(mount: Mount, chat: ChatState, msgs: readonly MessageState[], now: number, events: CapturedEvent[]): Map<string, ListSignal> {
    const walk = (key: string) => (mount.recordedHere.has(key) ? 'skip' : chat.seen.has(key) ? 'stop' : 'try');
    if (now >= mount.reconcileUntil) {
      if (mount.reconciling && chat.pending.length) for (const signal of unpairedAtEnd(msgs, chat.pending, walk)) events.push(this.link(signal, null, null, now));
      chat.pending = [];
      mount.reconciling = false;
      mount.recordedHere.clear();
      return new Map();
    }
    if (!chat.pending.length) return new Map();
    const { pairs, refuted, open } = reconcile(msgs, chat.pending, walk, this.reconcileSkewMs);
    chat.pending = open;
    for (const [key, signal] of pairs) events.push(this.link(signal, mount.chatKey, key, now));
    for (const signal of refuted) events.push(this.link(signal, null, null, now));
    return pairs;
  }

  /** One message's event, its author decided by direction, local submit, bot rules and signature. */
  private record(events: CapturedEvent[], chatKey: string, title: string, m: MessageState, at: number, live: boolean, local: boolean): void {
    if (m.direction === 'in') {
      events.push(this.event(chatKey, title, m.key, 'in', at, live, { by: 'customer', route: this.rules.route(m.text) }));
      return;
    }
    const who: Author = local ? { by: 'agent', agent: this.localAgent(), attribution: 'local' } : this.outgoingAuthor(m.text, m.signature);
    events.push(this.event(chatKey, title, m.key, 'out', at, live, who));
  }

  /**
   * The conversation's keyed messages in DOM order, the first of each key, and how many of them
   * lead unchanged since the last pass over this mount. Those were decided then (recorded, or of an
   * unknown direction that the same snapshot cannot resolve), so the pass skips them: the reader
   * hands back the same snapshot objects for unchanged rows, and most changes append one message
   * below a long history.
   */
  private passMessages(mount: Mount, chat: ChatState, messages: readonly MessageState[]): { msgs: MessageState[]; decided: number } {
    const last = this.lastPass;
    let same = 0;
    if (last?.mount === mount && last.chat === chat) {
      const n = Math.min(last.messages.length, messages.length);
      while (same < n && messages[same] === last.messages[same]) same++;
    }
    // With a common start, the last pass's lists are cut back to it and carried on; else a fresh pass.
    const pass: Pass = same > 0 && last ? last : { mount, chat, messages, msgs: [], keys: new Set(), from: [] };
    pass.messages = messages;
    const { msgs, keys, from } = pass;
    while (from.length && from[from.length - 1] >= same) {
      keys.delete(msgs.pop()!.key);
      from.pop();
    }
    const decided = msgs.length;
    for (let i = same; i < messages.length; i++) {
      const m = messages[i];
      if (!m.key || keys.has(m.key)) continue;
      keys.add(m.key);
      msgs.push(m);
      from.push(i);
    }
    this.lastPass = pass;
    return { msgs, decided };
  }

  private isRecentTs(tsMinute: number | undefined, now: number): boolean {
    if (tsMinute === undefined) return true;
    return tsMinute <= now + this.liveSkewMs && tsMinute + MINUTE >= now - this.liveSkewMs;
  }

  private takeSubmit(m: MessageState, now: number): boolean {
    if (!m.text || !this.submits.length) return false;
    const h = textHash(m.text);
    const s = this.submits.find((x) => !x.used && x.textHash === h && Math.abs(now - x.at) <= this.submitWindowMs);
    if (!s) return false;
    s.used = true;
    return true;
  }

  private pruneSubmits(now: number): void {
    this.submits = this.submits.filter((s) => !s.used && now - s.at <= this.submitWindowMs);
  }

  private localAgent(): string {
    return localAgent(this.settings);
  }

  private chat(key: string): ChatState {
    let c = this.chats.get(key);
    if (!c) {
      c = { seen: new Lru(this.keysPerChat), pending: [] };
      this.chats.set(key, c);
    }
    return c;
  }

  /** The list message `signal` is superseded by message `toMsg` of `toChat`, or refuted (null). */
  private link(signal: ListSignal, toChat: string | null, toMsg: string | null, now: number): LinkEvent {
    const e: LinkEvent = { v: 1, id: linkId(this.site, signal.chat, signal.msg), type: 'link', at: iso(now), site: this.site, chat: signal.chat, msg: signal.msg };
    if (toChat !== null && toMsg !== null) Object.assign(e, { toChat, toMsg });
    return e;
  }

  private event(
    chat: string,
    chatTitle: string,
    msg: string,
    dir: 'in' | 'out',
    at: number,
    live: boolean,
    who: Author | { by: 'customer'; route: string | null },
  ): MessageEvent {
    const e: MessageEvent = {
      v: 1,
      id: messageId(this.site, chat, msg),
      type: 'message',
      at: iso(at),
      site: this.site,
      chat,
      chatTitle,
      msg,
      dir,
      by: who.by,
      attribution: who.by === 'agent' ? who.attribution : 'none',
      live,
    };
    if (who.by === 'agent') e.agent = who.agent;
    if (who.by === 'customer' && who.route) e.route = who.route;
    if (who.by === 'bot' && who.handoff) e.handoff = true;
    return e;
  }
}
