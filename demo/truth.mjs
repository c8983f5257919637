// Fidelity: the extension's stored events against what really happened in the imitation
// (waSim.truth()), for the fidelity tests and `npm run bench fidelity`. It reads the events as
// plain data and depends on nothing of the extension, so a bug there cannot hide here.

/**
 * @typedef {{ jid: string, title: string, key: string, dataId: string | null, dir: 'in' | 'out',
 *   sender: 'customer' | 'agent' | 'bot' | 'device', author: string | null, signature: string | null, at: number,
 *   before: boolean, offline: boolean, media: string | null, deleted: 'everyone' | 'me' | null }} TruthMessage
 * @typedef {{ messages: TruthMessage[], changes: { type: string, at: number, jid: string, title: string }[] }} Truth
 * @typedef {{ type: string, id: string, at: string, chat: string, chatTitle: string, msg: string, dir: string,
 *   by: string, agent?: string, attribution: string, live: boolean }} StoredMessage
 * @typedef {{ truth: TruthMessage, events: StoredMessage[] }} Row
 */

/** A stored key is the imitation's key: 1:1 keys as they are, group keys carry `_participant`. */
const isKey = (msg, key) => msg === key || msg.startsWith(`${key}_`);
/** A list-signal event: a message seen only in the chat list (key `row-…`). */
const isListSignal = (e) => e.msg.startsWith('row-');

/** What the stored event of a truth message should say about its author (METRICS.md "Attribution"). */
export function expectedAuthor(t) {
  if (t.sender === 'customer') return { dir: 'in', by: 'customer', attribution: 'none' };
  if (t.sender === 'bot') return { dir: 'out', by: 'bot', attribution: 'none' };
  if (t.sender === 'agent') return { dir: 'out', by: 'agent', attribution: 'local' };
  return t.signature
    ? { dir: 'out', by: 'agent', agent: t.signature, attribution: 'signature' }
    : { dir: 'out', by: 'agent', agent: 'unknown', attribution: 'none' };
}

/**
 * Message events that still count: list signals superseded by a link event are left out.
 * @param {readonly any[]} events every stored event
 * @returns {StoredMessage[]}
 */
export function countedMessages(events) {
  const linked = new Set(events.filter((e) => e.type === 'link').map((e) => `${e.chat}\u0000${e.msg}`));
  return events.filter((e) => e.type === 'message' && !linked.has(`${e.chat}\u0000${e.msg}`));
}

/**
 * Pairs stored message events with truth messages, one for one: by key first; then each list
 * signal (in time order) with the latest message left of its chat (its jid or any title it had)
 * and direction sent before it (a minute's grace: backlog signals carry the row's minute).
 * Returns per truth message its events (`[]` = lost, 2+ = counted twice), and the events that
 * match no message that ever happened (`extra`).
 * @param {readonly any[]} events every stored event
 * @param {Truth} truth
 * @returns {{ rows: Row[], extra: StoredMessage[] }}
 */
export function pairWithTruth(events, truth) {
  const stored = countedMessages(events);
  const byKey = new Map();
  for (const e of stored) if (!isListSignal(e)) group(byKey, e.msg.split('_')[0]).push(e);
  const used = new Set();
  const rows = truth.messages.map((t) => {
    const mine = (byKey.get(t.key) ?? []).filter((e) => isKey(e.msg, t.key));
    for (const e of mine) used.add(e);
    return { truth: t, events: mine };
  });
  // The rows left, per chat and direction, in time order; a chat is found by its jid or any title it had.
  const left = new Map();
  const jidsOf = new Map();
  for (const r of rows) {
    group(jidsOf, r.truth.title, Set).add(r.truth.jid);
    if (r.events.length === 0) group(left, `${r.truth.jid} ${r.truth.dir}`).push(r);
  }
  for (const c of truth.changes) if (c.type === 'rename') group(jidsOf, c.to, Set).add(c.jid);
  for (const s of stored.filter(isListSignal).sort((a, b) => a.at.localeCompare(b.at))) {
    const at = Date.parse(s.at) + 60_000;
    const jids = new Set([s.chat, ...(jidsOf.get(s.chatTitle) ?? []), ...(jidsOf.get(s.chat) ?? [])]);
    let best = null;
    for (const jid of jids) {
      const list = left.get(`${jid} ${s.dir}`) ?? [];
      const r = list.findLast((x) => x.events.length === 0 && x.truth.at <= at);
      if (r && (!best || r.truth.at > best.truth.at)) best = r;
    }
    if (best) {
      best.events.push(s);
      used.add(s);
    }
  }
  return { rows, extra: stored.filter((e) => !used.has(e)) };
}

/** The collection under `key`, made empty (an Array or a Set) on first use. */
function group(map, key, Kind = Array) {
  let c = map.get(key);
  if (!c) map.set(key, (c = new Kind()));
  return c;
}

/** The first recorded wait of each chat from `since` on (the waiting clock of METRICS.md, no bot handoffs): jid → { start, reply }. */
export function firstWaits(messages) {
  const out = new Map();
  const waiting = new Map();
  for (const m of [...messages].sort((a, b) => a.at - b.at)) {
    if (out.has(m.jid)) continue;
    if (m.dir === 'in') {
      if (!waiting.has(m.jid)) waiting.set(m.jid, m.at);
    } else if (m.by === 'bot') waiting.delete(m.jid);
    else if (waiting.has(m.jid)) out.set(m.jid, { start: waiting.get(m.jid), reply: m.at });
  }
  return out;
}

const pct = (n, d) => (d ? Math.round((1000 * n) / d) / 10 : null);
function quantile(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
}

/**
 * The fidelity figures of a run: the messages sent from `since` (ms) on, against the stored events.
 * { live (count), once / direction / attribution (% of them), lost[], twice[], wrongAuthor (rows), frt
 * ({ title, error } in s of each chat's first wait; Infinity when the stored events show none), frtMax,
 * frtP95, extra (events matching nothing), rows }
 * @param {readonly any[]} events every stored event
 * @param {Truth} truth
 * @param {number} since
 * @returns {{ live: number, once: number | null, lost: TruthMessage[], twice: TruthMessage[], direction: number | null,
 *   attribution: number | null, wrongAuthor: Row[], frt: { title: string, error: number }[], frtMax: number | null,
 *   frtP95: number | null, extra: StoredMessage[], rows: Row[] }}
 */
export function fidelity(events, truth, since) {
  const live = (t) => !t.before && t.at >= since && t.deleted !== 'me';
  const paired = pairWithTruth(events, truth);
  const rows = paired.rows.filter((r) => live(r.truth));
  const seen = rows.filter((r) => r.events.length > 0);
  const dirOk = seen.filter((r) => r.events[0].dir === r.truth.dir);
  const wrongAuthor = seen.filter((r) => {
    const want = expectedAuthor(r.truth);
    const e = r.events[0];
    return e.dir !== want.dir || e.by !== want.by || e.attribution !== want.attribution || (want.agent !== undefined && e.agent !== want.agent);
  });
  const truthWaits = firstWaits(rows.map((r) => ({ jid: r.truth.jid, dir: r.truth.dir, by: r.truth.sender === 'bot' ? 'bot' : r.truth.dir === 'in' ? 'customer' : 'agent', at: r.truth.at })));
  const storedWaits = firstWaits(seen.map((r) => ({ jid: r.truth.jid, dir: r.events[0].dir, by: r.events[0].by, at: Date.parse(r.events[0].at) })));
  const titleOf = new Map(rows.map((r) => [r.truth.jid, r.truth.title]));
  const frt = [...truthWaits].map(([jid, w]) => {
    const s = storedWaits.get(jid);
    return { title: titleOf.get(jid), error: s ? Math.abs((s.reply - s.start) - (w.reply - w.start)) / 1000 : Infinity };
  });
  const errors = frt.map((x) => x.error);
  return {
    live: rows.length,
    once: pct(rows.filter((r) => r.events.length === 1).length, rows.length),
    lost: rows.filter((r) => r.events.length === 0).map((r) => r.truth),
    twice: rows.filter((r) => r.events.length > 1).map((r) => r.truth),
    direction: pct(dirOk.length, seen.length),
    attribution: pct(seen.length - wrongAuthor.length, seen.length),
    wrongAuthor,
    frt,
    frtMax: errors.length ? Math.max(...errors) : null,
    frtP95: quantile(errors, 0.95),
    extra: paired.extra,
    rows,
  };
}
