import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageEvent } from '../../lib/events';
import { parseEventsNdjson } from '../../lib/formats/import';
import { toEventsNdjson } from '../../lib/formats/ndjson';
import { assertNoText, historyAuthor, isListSignal, messageEvents, openSettled, SETTLE_MS, sim, startSession, typeReply, type Session, type SimChat } from './harness';

// A scripted inbox session: the events exported from IndexedDB are exactly what the script did plus
// the history the imitation showed, one for one, nothing more and nothing less, and no text. Chats
// are keyed by their jid once opened; messages first seen in the chat list count once, as their
// real messages (the list's copies are superseded); customers waiting at load are the backlog.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=51&chats=10');
  await session.configure({ agentName: 'Maria', botRules: ['^🤖'], handoffRules: ['an agent will'], routes: [{ label: 'Support', keywords: ['2'] }] });
  await session.inbox.waitForTimeout(SETTLE_MS); // the list's first render is history
});
afterAll(async () => { await session?.close(); });

interface Expected { chat: string; msg: string; dir: 'in' | 'out'; by: string; attribution: string; agent?: string; live: boolean }
/** List signals have generated keys (the backlog at load): they are compared as `row`, as a multiset. */
const tuple = (e: Expected | MessageEvent): string =>
  [e.chat, 'msg' in e && isListSignal(e as MessageEvent) ? 'row' : e.msg, e.dir, e.by, e.attribution, e.agent ?? '', e.live].join(' | ');

it('stores what the script did plus the rendered history, one for one', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  const expected: Expected[] = [];
  const texts: string[] = [];
  const chats = (await wa.chats()).filter((c) => !c.group && c.unread === 0);
  const [a, b] = [chats[0].title, chats[1].title];
  const lead = 'New Lead 42';
  const jids = new Map((await wa.chats()).map((c) => [c.title, c.jid]));
  const key = (title: string) => jids.get(title) ?? title;
  /** Waits until the chat has `n` stored events, so each step is observed before the next. */
  const settled = async (title: string, n: number) => session.messagesWhere((m) => m.chatTitle === title && m.live, n, `${n} live events in ${title}`);
  const did = (title: string, msg: string, e: Omit<Expected, 'chat' | 'msg'>) => expected.push({ chat: key(title), msg, ...e });
  const say = (text: string) => { texts.push(text); return text; };

  // Unopened chat A: a customer, the bot menu, the customer's menu answer, all seen in the chat list.
  const a1 = await wa.customerSends(a, say('Good morning, I have a problem with my order'));
  did(a, a1.key, { dir: 'in', by: 'customer', attribution: 'none', live: true });
  await settled(a, 1);
  const a2 = await wa.botSends(a, say('🤖 Reply 1 for Sales, 2 for Support'));
  did(a, a2.key, { dir: 'out', by: 'bot', attribution: 'none', live: true });
  await settled(a, 2);
  const a3 = await wa.customerSends(a, say('2'));
  did(a, a3.key, { dir: 'in', by: 'customer', attribution: 'none', live: true });
  await settled(a, 3);

  // Open A: its history is backfill; the three messages above are recorded as themselves, live, once.
  await openSettled(inbox, a);
  const scripted = new Set([a1.key, a2.key, a3.key]);
  for (const m of (await wa.messages(a)).filter((x) => x.rendered && !scripted.has(x.key))) did(a, m.key, { ...historyAuthor(m), live: false });
  const live = (title: string) => expected.filter((e) => e.chat === key(title) && e.live).length;
  const reply = await typeReply(inbox, a, say('Hello! Could you send me your order number?'));
  did(a, reply, { dir: 'out', by: 'agent', attribution: 'local', agent: 'Maria', live: true });
  await settled(a, live(a));
  const ana = await wa.otherAgentSends(a, say('*Ana:* I am taking over, one moment'));
  did(a, ana.key, { dir: 'out', by: 'agent', attribution: 'signature', agent: 'Ana', live: true });
  await settled(a, live(a));

  // Unopened chat B: a reply from another device, unsigned; then B is opened and gets live traffic.
  const b1 = await wa.otherAgentSends(b, say('We will call you back tomorrow'));
  did(b, b1.key, { dir: 'out', by: 'agent', attribution: 'none', agent: 'unknown', live: true });
  await settled(b, 1);
  await openSettled(inbox, b);
  for (const m of (await wa.messages(b)).filter((x) => x.rendered && x.key !== b1.key)) did(b, m.key, { ...historyAuthor(m), live: false });
  const thanks = await wa.customerSends(b, say('Thanks, talk tomorrow then'));
  did(b, thanks.key, { dir: 'in', by: 'customer', attribution: 'none', live: true });
  await settled(b, live(b));
  const handoff = await wa.botSends(b, say('🤖 Thanks! An agent will answer you shortly'));
  did(b, handoff.key, { dir: 'out', by: 'bot', attribution: 'none', live: true });
  await settled(b, live(b));

  // A new contact writes while B is open; then the agent opens it and answers.
  const hi = await wa.customerSends(lead, say('Hi, I saw your ad'));
  jids.set(lead, hi.jid);
  did(lead, hi.key, { dir: 'in', by: 'customer', attribution: 'none', live: true });
  await settled(lead, 1);
  await openSettled(inbox, lead);
  const welcome = await typeReply(inbox, lead, say('Welcome! What are you looking for?'));
  did(lead, welcome, { dir: 'out', by: 'agent', attribution: 'local', agent: 'Maria', live: true });
  await settled(lead, 2);

  // The backlog: every other chat whose last message, today, is the customer's.
  const midnight = new Date(await inbox.evaluate(() => Date.now())).setHours(0, 0, 0, 0);
  for (const c of (await wa.chats()) as (SimChat & { lastAt: number | null })[]) {
    if ([a, b, lead].includes(c.title) || c.lastIsMine || c.lastAt === null || c.lastAt < midnight) continue;
    // Never opened: keyed by title (its jid was never shown).
    expected.push({ chat: c.title.normalize('NFC').replace(/\s+/g, ' ').trim(), msg: 'row', dir: 'in', by: 'customer', attribution: 'none', live: false });
  }

  // Export (events.ndjson), re-read with the import validator, and compare.
  const exported = toEventsNdjson(await session.storedEvents());
  const events = messageEvents(await parseEventsNdjson(exported));
  expect(events.map(tuple).sort()).toEqual(expected.map(tuple).sort());
  expect(events.find((e) => e.msg === a3.key)?.route).toBe('Support');
  expect(events.find((e) => e.msg === handoff.key)?.handoff).toBe(true);
  const history = (await Promise.all([a, b].map((t) => wa.messages(t)))).flat().map((m) => m.text).filter((t) => t.length > 3);
  assertNoText(await parseEventsNdjson(exported), [...texts.filter((t) => t.length > 3), ...history]);
});
