/**
 * The site-independent observer engine: turns page snapshots (ObserveFrame) into FORMATS.md
 * `message` events. PURE: no DOM, no timers, no extension APIs; time comes from `now()`.
 *
 * Rules (research §b, METRICS.md), in the order they are applied:
 *
 * - Dedupe: per chat, an LRU of message keys. Rows are recycled by WhatsApp's virtual list, so
 *   nothing is keyed by element.
 * - Mount: a conversation "mounts" when the frame's `mount` number or its chat key changes
 *   (WhatsApp swaps `#main` on every chat switch). The settle window runs `settleMs` from the mount
 *   and is pushed forward by every bulk insert at the bottom (>= 3 unseen messages there in one
 *   frame: the initial render, a reconnect burst), not by "load older" above.
 * - Live vs backfill: a message is live only if (1) it was first seen after the settle window,
 *   (2) it is at the bottom (it and every message after it were unseen before this frame) and
 *   (3) its tsMinute, when known, is within ±liveSkewMs of now (tsMinute is truncated to the
 *   minute, so the window is [now − skew − 60 s, now + skew]). Exception: an outgoing message at
 *   the bottom that matches a local composer submit is live (this browser just sent it).
 *   Live: `at` = observed time. Backfill: `at` = tsMinute, or observed time when there is none.
 * - Chat-list signals for chats that are not open (row not selected now nor in the previous frame):
 *     unread count rises and the last message is not ours → that many customer messages, live,
 *     keys `row-<observedAt>-<n>`; the last message becomes/stays ours with a changed preview →
 *     one outgoing message (bot if the preview matches a bot rule, else agent `unknown`,
 *     attribution none). A row's time label, when present, must be a clock time within ±liveSkewMs
 *     of now (a jump after sleep/reconnect shows "Yesterday" or an old time: not live, ignored).
 *     A row that was not rendered in the previous frame (scrolled in, or lifted to the top) only
 *     counts with such a recent clock label; rows seen for the first time have the unread count as
 *     delta and never give an outgoing signal (no previous preview). Nothing is emitted during the
 *     first settle window after the list appears (the initial render is history).
 * - Reconciliation: list-signal events of a chat wait in `pending` until the chat is opened.
 *   During that mount's settle window the engine walks the conversation from the bottom up and
 *   pairs each unseen message with the newest unmatched pending event of the same direction
 *   (messages of the other direction are skipped and recorded as backfill); the walk stops at the
 *   first already-seen message or at a message whose tsMinute is older than the pending event's
 *   observation by more than `reconcileSkewMs`. Paired messages are marked seen and NOT emitted:
 *   the list event already recorded them. Pending events left when the settle window ends are
 *   dropped.
 * - Attribution of outgoing messages: local submit (same text hash within submitWindowMs) →
 *   `local`, the local agent; else bot/handoff rule → by bot; else signature (settings.signaturePattern
 *   on the leading bold text, group 1) → `signature`; else agent `unknown`, attribution `none`.
 *   A local submit wins over bot rules: a human typed it in this browser.
 * - Routing: customer messages matching a route option carry `route: label`.
 * - Health gating: a `failed` field pauses the events that depend on it (list: list, rows.title,
 *   rows.unread; conversation: messages.key, messages.direction, messages.tsMinute, header.title).
 *   While paused nothing is guessed; on resume the conversation re-mounts (history = backfill) and
 *   rows are treated as freshly rendered (recent-label rule).
 */
import { iso, messageId, type MessageEvent, type Site } from '../events';
import { localAgent, type Settings } from '../settings';
import { textHash } from './hash';
import { Lru } from './lru';
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
  /** Settle window after a mount or bulk insert (ms). */
  settleMs?: number;
  /**
   * The chat list's own settle window (ms; default settleMs). An engine that takes over from a
   * running one (an extension update) gets 1: the list is already complete, its first frame is the
   * baseline, and what changes after it is news.
   */
  listSettleMs?: number;
  /** Bulk insert threshold (unseen messages in one frame). */
  bulkSize?: number;
  /** Max distance between tsMinute / row clock label and now for a live message (ms). */
  liveSkewMs?: number;
  /** Max distance between a composer submit and the message appearing (ms). */
  submitWindowMs?: number;
  /** How much older than its list observation a message may look and still reconcile (ms). */
  reconcileSkewMs?: number;
  /** Message keys remembered per chat. */
  keysPerChat?: number;
  /** Chats remembered (dedupe sets and row baselines). */
  maxChats?: number;
  /** Max customer messages synthesised from one unread jump. */
  maxListBurst?: number;
}

export type PauseScope = 'list' | 'conversation';
export interface Paused {
  reason: string;
}

interface PendingListEvent {
  dir: 'in' | 'out';
  observedAt: number;
  msg: string;
}
interface ChatState {
  seen: Lru<string, true>;
  pending: PendingListEvent[];
}
interface RowBaseline {
  unread: number;
  lastIsMine: boolean;
  preview?: string;
  selected: boolean;
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
  mountedAt: number;
  settleUntil: number;
}

const SCOPE_FIELDS: Record<PauseScope, HealthField[]> = {
  list: ['list', 'rows.title', 'rows.unread'],
  conversation: ['header.title', 'messages.key', 'messages.direction', 'messages.tsMinute'],
};

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

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
  observe(frame: ObserveFrame): MessageEvent[] {
    const now = this.now();
    if (frame.health) this.setHealth(frame.health);
    this.pruneSubmits(now);
    const events: MessageEvent[] = [];
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

  private observeRows(rows: readonly RowState[], now: number, events: MessageEvent[]): void {
    if (this.listStartedAt === null) this.listStartedAt = now;
    const listSettled = now >= this.listStartedAt + this.listSettleMs;
    // Local time of day, once per frame: converting to local time is the costly part of the check.
    const d = new Date(now);
    const nowMinute = d.getHours() * 60 + d.getMinutes();
    const present = new Map<string, RowState>();
    for (const row of rows) {
      // Two chats with the same title share a key (site-adapter.ts): the first rendered row wins.
      if (!row.key || present.has(row.key)) continue;
      present.set(row.key, row);
      // The reader hands back the very same snapshot while a row is unchanged: its baseline is that
      // snapshot already, so it can signal nothing (most rows of a frame; the get keeps it recent).
      if (this.lastRows.get(row.key) === row && this.rows.get(row.key)) continue;
      const base = this.rows.get(row.key);
      const unread = typeof row.unread === 'number' ? row.unread : 0;
      if (listSettled && !row.selected && !base?.selected) {
        const continuous = base !== undefined && this.lastRows.has(row.key);
        const clockRecent = row.timeOfDay !== undefined && this.isRecentClock(row.timeOfDay, nowMinute);
        const recent = continuous ? row.timeLabel === undefined || clockRecent : clockRecent;
        if (recent) this.rowSignals(row, base, unread, now, events);
      }
      this.rows.set(row.key, { unread, lastIsMine: row.lastIsMine, preview: row.preview, selected: row.selected });
    }
    this.lastRows = present;
  }

  private rowSignals(row: RowState, base: RowBaseline | undefined, unread: number, now: number, events: MessageEvent[]): void {
    const chat = this.chat(row.key);
    const delta = unread - (base?.unread ?? 0);
    if (delta > 0 && !row.lastIsMine) {
      const n = Math.min(delta, this.maxListBurst);
      for (let i = 0; i < n; i++) {
        const msg = `row-${now}-${this.seq++}`;
        // Only the newest of the burst is the message the preview shows.
        const route = i === n - 1 ? this.rules.route(row.preview) : null;
        events.push(this.event(row.key, row.title, msg, 'in', now, true, { by: 'customer', route }));
        this.addPending(chat, { dir: 'in', observedAt: now, msg });
      }
    }
    if (base && row.lastIsMine && row.preview !== undefined && row.preview !== base.preview) {
      const msg = `row-${now}-${this.seq++}`;
      const bot = this.rules.botKind(row.preview);
      events.push(
        this.event(row.key, row.title, msg, 'out', now, true,
          bot ? { by: 'bot', handoff: bot === 'handoff' } : { by: 'agent', agent: 'unknown', attribution: 'none' }),
      );
      this.addPending(chat, { dir: 'out', observedAt: now, msg });
    }
  }

  private addPending(chat: ChatState, p: PendingListEvent): void {
    chat.pending.push(p);
    if (chat.pending.length > 200) chat.pending.splice(0, chat.pending.length - 200);
  }

  private isRecentClock(timeOfDay: number, nowMinute: number): boolean {
    let diff = Math.abs(nowMinute - timeOfDay) % DAY_MINUTES;
    diff = Math.min(diff, DAY_MINUTES - diff);
    // The label is truncated to the minute, like tsMinute.
    return diff <= Math.ceil(this.liveSkewMs / MINUTE) + 1;
  }

  // ---------------------------------------------------------------- conversation

  private observeConversation(frame: ObserveFrame, now: number, events: MessageEvent[]): void {
    const conv = frame.conversation!;
    const chatKey = conv.chat.key;
    if (!chatKey) return;
    // While the selection moves, the list and #main can disagree for a frame: wait for them to agree.
    const selected = frame.rows?.find((r) => r.selected);
    if (selected && selected.key !== chatKey) return;

    if (!this.mount || this.mount.mount !== conv.mount || this.mount.chatKey !== chatKey) {
      this.mount = { mount: conv.mount, chatKey, mountedAt: now, settleUntil: now + this.settleMs };
    }
    const mount = this.mount;
    const chat = this.chat(chatKey);
    // The reader hands back the very same array while the conversation's DOM is unchanged. Its
    // messages were all recorded, or have an unknown direction that unchanged rows cannot resolve,
    // so the pass would find nothing; only list events waiting to be reconciled need time to pass.
    if (this.lastPass?.mount === mount && this.lastPass.messages === conv.messages && chat.pending.length === 0) return;
    const { msgs, decided } = this.passMessages(mount, chat, conv.messages);
    let bottomStart = msgs.length;
    for (let i = msgs.length - 1; i >= 0 && !chat.seen.has(msgs[i].key); i--) bottomStart = i;
    // Only a bulk insert at the bottom (the first render, a reconnect burst) is history arriving
    // where live messages do; older messages loaded above are backfill anyway (not at the bottom),
    // and must not turn a message arriving meanwhile into history.
    if (msgs.length - bottomStart >= this.bulkSize) mount.settleUntil = Math.max(mount.settleUntil, now + this.settleMs);

    const inSettle = now < mount.settleUntil;
    const matched = inSettle && chat.pending.length ? this.reconcile(msgs, chat) : new Set<string>();
    if (!inSettle) chat.pending = [];

    for (let i = decided; i < msgs.length; i++) {
      const m = msgs[i];
      if (chat.seen.has(m.key)) continue;
      if (matched.has(m.key) || m.kind === 'system') {
        chat.seen.set(m.key, true);
        continue;
      }
      // Never guess a direction: an unknown message stays unseen and is looked at again next frame.
      if (m.direction === 'unknown') continue;
      chat.seen.set(m.key, true);
      const atBottom = i >= bottomStart;
      const local = m.direction === 'out' && atBottom && this.takeSubmit(m, now);
      const live = local || (!inSettle && atBottom && this.isRecentTs(m.tsMinute, now));
      const at = live ? now : (m.tsMinute ?? now);
      if (m.direction === 'in') {
        events.push(this.event(chatKey, conv.chat.title, m.key, 'in', at, live, { by: 'customer', route: this.rules.route(m.text) }));
        continue;
      }
      if (local) {
        events.push(this.event(chatKey, conv.chat.title, m.key, 'out', at, live, { by: 'agent', agent: this.localAgent(), attribution: 'local' }));
        continue;
      }
      const bot = this.rules.botKind(m.text);
      if (bot) {
        events.push(this.event(chatKey, conv.chat.title, m.key, 'out', at, live, { by: 'bot', handoff: bot === 'handoff' }));
        continue;
      }
      const name = this.rules.signatureName(m.signature);
      events.push(
        this.event(chatKey, conv.chat.title, m.key, 'out', at, live,
          name ? { by: 'agent', agent: name, attribution: 'signature' } : { by: 'agent', agent: 'unknown', attribution: 'none' }),
      );
    }
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

  /** Pair unseen bottom messages with pending list events (see the header comment). */
  private reconcile(msgs: readonly MessageState[], chat: ChatState): Set<string> {
    const matched = new Set<string>();
    let p = chat.pending.length - 1;
    for (let i = msgs.length - 1; i >= 0 && p >= 0; i--) {
      const m = msgs[i];
      if (chat.seen.has(m.key)) break;
      if (m.kind === 'system' || m.direction === 'unknown') continue;
      const pending = chat.pending[p];
      if (m.tsMinute !== undefined && m.tsMinute + MINUTE < pending.observedAt - this.reconcileSkewMs) break;
      if (m.direction !== pending.dir) continue;
      matched.add(m.key);
      p--;
    }
    chat.pending.splice(p + 1);
    return matched;
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

  private event(
    chat: string,
    chatTitle: string,
    msg: string,
    dir: 'in' | 'out',
    at: number,
    live: boolean,
    who:
      | { by: 'customer'; route: string | null }
      | { by: 'bot'; handoff: boolean }
      | { by: 'agent'; agent: string; attribution: 'local' | 'signature' | 'none' },
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
