/**
 * The event log → episodes, by the rules of docs/metrics.md. Each chat is replayed on its own,
 * in time order (ties by id), through one state machine that owns the waiting clock, closes,
 * returns to the bot, routing and ownership. Every KPI, export and live list reads the
 * resulting records, so the rules live here and only here.
 *
 * Decisions where docs/metrics.md is silent:
 * - Only a chat's first message, whoever wrote it, may open an episode without a customer:
 *   after a close only a customer message opens a new one ("a customer message after a close
 *   starts a new episode"). Agent or bot messages in a closed chat (a goodbye sent after
 *   pressing Close, a bot's closing note) belong to no episode.
 * - Inactivity is measured from the episode's last message; an episode auto-closes once
 *   `autoCloseAfterS` has fully elapsed (gap ≥ the limit). `autoCloseAfterS` ≤ 0 disables it.
 *   A Close pressed after that limit finds the episode already auto-closed and is ignored.
 * - A `close` event whose agent is `auto` is an auto-close: closed_at = the last message.
 * - Return to bot without any agent message since the bot phase has no start point: the bot
 *   phase begins but no bot return time is recorded. Neither kind of return touches the clock.
 * - Owner is the agent of the last agent message, `unknown` included (replies from another
 *   device are still somebody's), else `unassigned`.
 * - Backfilled messages (`live: false`) take full part in history: they open and close
 *   episodes, set routes and owners, and record waits with their own times. A wait they start
 *   is a wait like any other (the backlog at load: a customer who wrote overnight is waiting),
 *   shown as approximate (`waitingApprox`): its start is known to the minute only.
 */
import type { InboxEvent, MessageEvent, CloseEvent, ReturnToBotEvent, Site } from '../events';
import { iso } from '../events';
import type { Settings } from '../settings';
import { businessMs, isScheduleActive } from './business-hours';
import { chooseRoute, type RouteCandidates } from './routing';

/** One recorded wait (rule 3): from `since` to the agent reply at `at`. */
export interface Wait {
  since: number;
  at: number;
  ms: number;
  /** Business-hours part; null when business hours are off. */
  bhMs: number | null;
  agent: string;
  /** The reply was observed live. */
  live: boolean;
  /** The wait started before the recording start: listed, never counted in a KPI. */
  beforeRecording: boolean;
}

export interface BotReturn {
  /** The first agent message after the bot phase (or the episode start). */
  since: number;
  at: number;
  ms: number;
  bhMs: number | null;
  agent: string;
  via: 'action' | 'bot_message';
  /** Its start lies before the recording start: not counted in a KPI. */
  beforeRecording: boolean;
}

export interface Episode {
  id: string;
  site: Site;
  chat: string;
  chatTitle: string;
  route: string;
  openedAt: number;
  lastMessageAt: number;
  closedAt: number | null;
  /** The closing agent, or `auto`. */
  closedBy: string | null;
  /** Opened before the recording start: its close and handling times count in no KPI (exports flag it). */
  beforeRecording: boolean;
  owner: string;
  waits: Wait[];
  botReturns: BotReturn[];
  waitingSince: number | null;
  /** The current wait started with a history message: its start is known to the minute only. */
  waitingApprox: boolean;
  /** Start of the human phase: the `since` of the first recorded wait. */
  humanSince: number | null;
  closeMs: number | null;
  closeBhMs: number | null;
  handlingMs: number | null;
  handlingBhMs: number | null;
}

export interface EpisodeOptions {
  /** The live view's clock: open episodes idle for autoCloseAfterS at `now` are auto-closed. */
  now?: number;
  /** Maps an agent reference (id or signature name) to a canonical id. */
  resolveAgent?: (ref: string) => string;
  /** The log's recording start (AgentDirectory.recordingStart): what starts before it is flagged. */
  recordingStart?: number;
}

export type EpisodeSettings = Pick<Settings, 'autoCloseAfterS' | 'businessHours'>;

export const UNASSIGNED = 'unassigned';
export const AUTO = 'auto';
export const UNKNOWN_AGENT = 'unknown';

type ChatEvent = MessageEvent | CloseEvent | ReturnToBotEvent;

/** One conversation: a chat id is only unique within its site. */
export const chatKey = (e: { site: string; chat: string }): string => `${e.site}\u0000${e.chat}`;
const byAtThenId = (a: ChatEvent, b: ChatEvent): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Per-chat replay state beyond what the episode record shows. */
interface ChatState {
  episode: Episode | null;
  everOpened: boolean;
  /** First agent message since the bot phase began or the episode opened; null while none. */
  humanPhaseSince: number | null;
  lastAgent: string | null;
  /** Author of the latest non-customer message of the episode, for "answers a bot message". */
  lastOutgoing: 'agent' | 'bot' | null;
  routes: RouteCandidates;
  usedIds: Set<string>;
}

/**
 * Replays the chat events (message, close, return_to_bot; others are ignored) into episodes,
 * sorted by opening time then id. Events must already be one per id (see formats/merge).
 */
export function buildEpisodes(events: Iterable<InboxEvent>, settings: EpisodeSettings, options: EpisodeOptions = {}): Episode[] {
  const chats = new Map<string, ChatEvent[]>();
  for (const e of events) {
    if (e.type !== 'message' && e.type !== 'close' && e.type !== 'return_to_bot') continue;
    const key = chatKey(e);
    const list = chats.get(key);
    if (list) list.push(e);
    else chats.set(key, [e]);
  }
  const out: Episode[] = [];
  for (const list of chats.values()) for (const ep of replayChat(list.sort(byAtThenId), settings, options)) out.push(ep);
  return out.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function replayChat(events: ChatEvent[], settings: EpisodeSettings, options: EpisodeOptions): Episode[] {
  const resolve = options.resolveAgent ?? ((ref: string) => ref);
  const schedule = isScheduleActive(settings.businessHours) ? settings.businessHours : null;
  const bh = (from: number, to: number): number | null => (schedule ? businessMs(from, to, schedule) : null);
  const autoCloseMs = settings.autoCloseAfterS > 0 ? settings.autoCloseAfterS * 1000 : Infinity;
  const recordingStart = options.recordingStart ?? -Infinity;
  const early = (since: number): boolean => since < recordingStart;
  const episodes: Episode[] = [];
  const st: ChatState = {
    episode: null,
    everOpened: false,
    humanPhaseSince: null,
    lastAgent: null,
    lastOutgoing: null,
    routes: { answer: null, first: undefined },
    usedIds: new Set(),
  };

  const finish = (ep: Episode, at: number, by: string): void => {
    ep.closedAt = at;
    ep.closedBy = by;
    ep.waitingSince = null;
    ep.waitingApprox = false;
    ep.closeMs = at - ep.openedAt;
    ep.closeBhMs = bh(ep.openedAt, at);
    const humanStart = ep.humanSince ?? ep.openedAt;
    ep.handlingMs = at - humanStart;
    ep.handlingBhMs = bh(humanStart, at);
    st.episode = null;
  };

  const autoCloseIfIdle = (t: number): void => {
    const ep = st.episode;
    if (ep && t - ep.lastMessageAt >= autoCloseMs) finish(ep, ep.lastMessageAt, AUTO);
  };

  const open = (m: MessageEvent, t: number): Episode => {
    const base = `${m.site}:${m.chat}:${iso(t)}`;
    let id = base;
    for (let n = 2; st.usedIds.has(id); n++) id = `${base}#${n}`;
    st.usedIds.add(id);
    const ep: Episode = {
      id,
      site: m.site,
      chat: m.chat,
      chatTitle: m.chatTitle,
      route: chooseRoute({ answer: null, first: undefined }),
      openedAt: t,
      lastMessageAt: t,
      closedAt: null,
      closedBy: null,
      beforeRecording: early(t),
      owner: UNASSIGNED,
      waits: [],
      botReturns: [],
      waitingSince: null,
      waitingApprox: false,
      humanSince: null,
      closeMs: null,
      closeBhMs: null,
      handlingMs: null,
      handlingBhMs: null,
    };
    st.everOpened = true;
    st.humanPhaseSince = null;
    st.lastAgent = null;
    st.lastOutgoing = null;
    st.routes = { answer: null, first: undefined };
    st.episode = ep;
    episodes.push(ep);
    return ep;
  };

  const returnToBot = (ep: Episode, at: number, agent: string, via: BotReturn['via']): void => {
    const since = st.humanPhaseSince;
    if (since !== null) ep.botReturns.push({ since, at, ms: at - since, bhMs: bh(since, at), agent, via, beforeRecording: early(since) });
    st.humanPhaseSince = null;
  };

  for (const e of events) {
    const t = Date.parse(e.at);
    autoCloseIfIdle(t);
    if (e.type === 'close') {
      const ep = st.episode;
      if (!ep) continue;
      const by = resolve(e.agent);
      if (by === AUTO) finish(ep, ep.lastMessageAt, AUTO);
      else finish(ep, t, by);
      continue;
    }
    if (e.type === 'return_to_bot') {
      if (st.episode) returnToBot(st.episode, t, resolve(e.agent), 'action');
      continue;
    }
    let ep = st.episode;
    if (!ep) {
      if (st.everOpened && e.by !== 'customer') continue;
      ep = open(e, t);
    }
    ep.lastMessageAt = t;
    if (e.chatTitle) ep.chatTitle = e.chatTitle;
    if (e.by === 'customer') {
      // Rule 1: a burst waits from its first message.
      if (ep.waitingSince === null) {
        ep.waitingSince = t;
        ep.waitingApprox = !e.live;
      }
      if (st.routes.first === undefined) st.routes.first = e.route ?? null;
      if (st.lastOutgoing === 'bot' && st.routes.answer === null && e.route) st.routes.answer = e.route;
      ep.route = chooseRoute(st.routes);
    } else if (e.by === 'bot') {
      // Bot return: the next bot message after a human phase ends it, credited to the last writer.
      if (st.humanPhaseSince !== null) returnToBot(ep, t, st.lastAgent ?? UNKNOWN_AGENT, 'bot_message');
      st.lastOutgoing = 'bot';
      // Rule 2: a handoff makes the customer wait for a human; any other bot message answers.
      if (e.handoff) {
        ep.waitingSince = t;
        ep.waitingApprox = !e.live;
      } else {
        ep.waitingSince = null;
        ep.waitingApprox = false;
      }
    } else {
      const agent = resolve(e.agent || UNKNOWN_AGENT);
      st.lastAgent = agent;
      st.lastOutgoing = 'agent';
      ep.owner = agent;
      if (st.humanPhaseSince === null) st.humanPhaseSince = t;
      // Rule 3: a reply records the wait and stops the clock; with nothing waiting, nothing.
      if (ep.waitingSince !== null) {
        const since = ep.waitingSince;
        ep.waits.push({ since, at: t, ms: t - since, bhMs: bh(since, t), agent, live: e.live, beforeRecording: early(since) });
        if (ep.humanSince === null) ep.humanSince = since;
        ep.waitingSince = null;
        ep.waitingApprox = false;
      }
    }
  }
  if (options.now !== undefined) autoCloseIfIdle(options.now);
  return episodes;
}
