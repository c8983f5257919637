import { describe, expect, it, vi } from 'vitest';

// Property tests run many cases; leave room on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });
import fc from 'fast-check';
import { buildEpisodes, type EpisodeSettings } from '../../../lib/metrics/episodes';
import { liveView } from '../../../lib/metrics/live';
import { mergeEvents } from '../../../lib/formats/merge';
import { defaultSettings } from '../../../lib/settings';
import type { InboxEvent } from '../../../lib/events';
import { MIN, agentMsg, bot, close, customer, returnToBot, t } from './events-builder';

const settings: EpisodeSettings = { autoCloseAfterS: 24 * 3600, businessHours: defaultSettings().businessHours };
const build = (events: InboxEvent[], now?: number) => buildEpisodes(events, settings, now === undefined ? {} : { now });
const waits = (events: InboxEvent[]) => build(events).flatMap((e) => e.waits.map((w) => ({ s: w.ms / 1000, agent: w.agent })));

describe('episode', () => {
  it('starts at the first message of a chat that has no open episode', () => {
    const [ep] = build([customer('c', 0), agentMsg('c', 2, 'ana')]);
    expect(ep!.openedAt).toBe(t(0));
    expect(ep!.closedAt).toBeNull();
  });

  it('starts at an agent message when it is the first message of the chat', () => {
    const eps = build([agentMsg('c', 0, 'ana'), customer('c', 5), agentMsg('c', 6, 'ana')]);
    expect(eps).toHaveLength(1);
    expect(eps[0]!.openedAt).toBe(t(0));
    expect(eps[0]!.waits.map((w) => w.ms)).toEqual([MIN]);
  });

  it('keeps chats apart (same chat key on two sites too)', () => {
    const other = { ...customer('c', 1), site: 'telegram' as const, id: 'tg' };
    expect(build([customer('c', 0), other])).toHaveLength(2);
  });

  it('sorts events by time, ties by id, whatever the input order', () => {
    const events = [customer('c', 0), agentMsg('c', 3, 'ana'), customer('c', 5), agentMsg('c', 9, 'bob')];
    expect(build([...events].reverse())).toEqual(build(events));
  });
});

describe('waiting clock', () => {
  it('1. a burst of customer messages waits from the first one', () => {
    expect(waits([customer('c', 0), customer('c', 1), customer('c', 4), agentMsg('c', 10, 'ana')])).toEqual([{ s: 600, agent: 'ana' }]);
  });

  it('2. a bot message that is not a handoff answers the customer (clears the clock)', () => {
    const eps = build([customer('c', 0), bot('c', 0.5), agentMsg('c', 5, 'ana')]);
    expect(eps[0]!.waits).toEqual([]);
  });

  it('2. a handoff bot message makes the customer wait for a human from the handoff', () => {
    expect(waits([customer('c', 0), bot('c', 1), customer('c', 2), bot('c', 3, { handoff: true }), agentMsg('c', 8, 'ana')])).toEqual([
      { s: 300, agent: 'ana' },
    ]);
  });

  it('2. a handoff restarts the clock even when the customer was already waiting', () => {
    expect(waits([customer('c', 0), bot('c', 4, { handoff: true }), agentMsg('c', 5, 'ana')])).toEqual([{ s: 60, agent: 'ana' }]);
  });

  it('3. an agent message records a wait credited to the replying agent and clears the clock', () => {
    expect(waits([customer('c', 0), agentMsg('c', 2, 'ana'), agentMsg('c', 3, 'bob'), customer('c', 10), agentMsg('c', 11.5, 'bob')])).toEqual([
      { s: 120, agent: 'ana' },
      { s: 90, agent: 'bob' },
    ]);
  });

  it('3. an agent message with nothing waiting records nothing', () => {
    expect(waits([agentMsg('c', 0, 'ana'), agentMsg('c', 1, 'ana')])).toEqual([]);
  });

  it('3. an agent message from unknown (another device) still stops the clock', () => {
    expect(waits([customer('c', 0), agentMsg('c', 1, 'unknown', { attribution: 'none' }), agentMsg('c', 2, 'ana')])).toEqual([
      { s: 60, agent: 'unknown' },
    ]);
  });

  it('4. a close clears the clock', () => {
    const [ep] = build([customer('c', 0), close('c', 1, 'ana')]);
    expect(ep!.waitingSince).toBeNull();
    expect(ep!.waits).toEqual([]);
  });

  it('keeps waitingSince while nobody answered', () => {
    const [ep] = build([customer('c', 0), customer('c', 2)]);
    expect(ep!.waitingSince).toBe(t(0));
  });
});

describe('close', () => {
  it('(a) an agent close sets closed_by to that agent and closed_at to the close', () => {
    const [ep] = build([customer('c', 0), agentMsg('c', 2, 'ana'), close('c', 10, 'bob')]);
    expect([ep!.closedBy, ep!.closedAt, ep!.closeMs]).toEqual(['bob', t(10), 10 * MIN]);
  });

  it('(b) auto-close after autoCloseAfter of inactivity: closed_by auto, closed_at = last message (history: decided by the next message)', () => {
    const eps = build([customer('c', 0), agentMsg('c', 2, 'ana'), customer('c', 2 + 24 * 60)]);
    expect(eps).toHaveLength(2);
    expect([eps[0]!.closedBy, eps[0]!.closedAt, eps[0]!.closeMs]).toEqual(['auto', t(2), 2 * MIN]);
    expect(eps[1]!.openedAt).toBe(t(2 + 24 * 60));
  });

  it('(b) a gap just under autoCloseAfter keeps the episode open', () => {
    expect(build([customer('c', 0), customer('c', 24 * 60 - 0.001)])).toHaveLength(1);
  });

  it('(b) live view: auto-close is decided at now', () => {
    const events = [customer('c', 0), agentMsg('c', 1, 'ana')];
    expect(build(events, t(1 + 24 * 60 - 1))[0]!.closedAt).toBeNull();
    const [ep] = build(events, t(1 + 24 * 60));
    expect([ep!.closedBy, ep!.closedAt]).toEqual(['auto', t(1)]);
  });

  it('(b) a close event from `auto` closes at the last message', () => {
    const [ep] = build([customer('c', 0), agentMsg('c', 3, 'ana'), close('c', 50, 'auto')]);
    expect([ep!.closedBy, ep!.closedAt]).toEqual(['auto', t(3)]);
  });

  it('a Close pressed after the auto-close limit finds the episode already auto-closed', () => {
    const [ep] = build([customer('c', 0), close('c', 25 * 60, 'ana')]);
    expect([ep!.closedBy, ep!.closedAt]).toEqual(['auto', t(0)]);
  });

  it('a customer message after a close starts a new episode', () => {
    const eps = build([customer('c', 0), agentMsg('c', 1, 'ana'), close('c', 2, 'ana'), customer('c', 3), agentMsg('c', 7, 'bob')]);
    expect(eps.map((e) => [e.openedAt, e.closedAt, e.waits.map((w) => w.ms)])).toEqual([
      [t(0), t(2), [MIN]],
      [t(3), null, [4 * MIN]],
    ]);
  });

  it('agent or bot messages after a close open no episode (a goodbye after Close)', () => {
    const eps = build([customer('c', 0), agentMsg('c', 1, 'ana'), close('c', 2, 'ana'), agentMsg('c', 2.5, 'ana'), bot('c', 3)]);
    expect(eps).toHaveLength(1);
    expect(eps[0]!.closedAt).toBe(t(2));
  });

  it('a second close of a closed chat is ignored', () => {
    const [ep] = build([customer('c', 0), close('c', 2, 'ana'), close('c', 3, 'bob')]);
    expect([ep!.closedBy, ep!.closedAt]).toEqual(['ana', t(2)]);
  });
});

describe('handling time', () => {
  it('runs from the waitingSince of the first wait answered by a human to the close', () => {
    const [ep] = build([customer('c', 0), bot('c', 1), customer('c', 2), bot('c', 3, { handoff: true }), agentMsg('c', 8, 'ana'), close('c', 20, 'ana')]);
    expect(ep!.handlingMs).toBe(17 * MIN);
    expect(ep!.closeMs).toBe(20 * MIN);
  });

  it('runs from the episode start when no wait was answered', () => {
    const [ep] = build([customer('c', 0), bot('c', 1), close('c', 4, 'ana')]);
    expect(ep!.handlingMs).toBe(4 * MIN);
  });
});

describe('bot return time', () => {
  it('runs from the first agent message after a bot phase to the return-to-bot action, credited to the agent who returned it', () => {
    const [ep] = build([customer('c', 0), bot('c', 1, { handoff: true }), agentMsg('c', 3, 'ana'), agentMsg('c', 5, 'ana'), returnToBot('c', 9, 'bob')]);
    expect(ep!.botReturns.map((r) => [r.ms, r.agent, r.via])).toEqual([[6 * MIN, 'bob', 'action']]);
  });

  it('runs from the first agent message after the episode start to the next bot message, credited to the last agent to write', () => {
    const [ep] = build([customer('c', 0), agentMsg('c', 2, 'ana'), agentMsg('c', 4, 'bob'), customer('c', 5), bot('c', 10)]);
    expect(ep!.botReturns.map((r) => [r.ms, r.agent, r.via])).toEqual([[8 * MIN, 'bob', 'bot_message']]);
  });

  it('counts each human phase once (the bot message after a return action is not a second return)', () => {
    const [ep] = build([customer('c', 0), agentMsg('c', 2, 'ana'), returnToBot('c', 4, 'ana'), bot('c', 4.1), customer('c', 6), bot('c', 6.1, { handoff: true }), agentMsg('c', 7, 'ana'), bot('c', 9)]);
    expect(ep!.botReturns.map((r) => r.ms)).toEqual([2 * MIN, 2 * MIN]);
  });

  it('records nothing when no agent wrote since the bot phase', () => {
    const [ep] = build([customer('c', 0), bot('c', 1), returnToBot('c', 2, 'ana')]);
    expect(ep!.botReturns).toEqual([]);
  });
});

describe('routing', () => {
  it('the route of a customer message that answers a bot message wins', () => {
    const [ep] = build([customer('c', 0, { route: 'Billing' }), bot('c', 0.1), customer('c', 1, { route: 'Sales' }), customer('c', 2, { route: 'Support' })]);
    expect(ep!.route).toBe('Sales');
  });

  it('a burst answering the bot menu still answers it', () => {
    const [ep] = build([customer('c', 0), bot('c', 0.1), customer('c', 1), customer('c', 1.5, { route: 'Sales' })]);
    expect(ep!.route).toBe('Sales');
  });

  it('else the route of the first customer message (keyword)', () => {
    const [ep] = build([customer('c', 0, { route: 'Billing' }), agentMsg('c', 1, 'ana'), customer('c', 2, { route: 'Sales' })]);
    expect(ep!.route).toBe('Billing');
  });

  it('a later customer message not answering a bot does not route', () => {
    const [ep] = build([customer('c', 0), agentMsg('c', 1, 'ana'), customer('c', 2, { route: 'Sales' })]);
    expect(ep!.route).toBe('unrouted');
  });

  it('else unrouted', () => {
    expect(build([customer('c', 0)])[0]!.route).toBe('unrouted');
  });

  it('each episode is routed on its own', () => {
    const eps = build([customer('c', 0, { route: 'A' }), close('c', 1, 'ana'), customer('c', 2)]);
    expect(eps.map((e) => e.route)).toEqual(['A', 'unrouted']);
  });
});

describe('owner', () => {
  it('is the last agent who wrote, else unassigned', () => {
    const eps = build([customer('a', 0), agentMsg('a', 1, 'ana'), agentMsg('a', 2, 'bob'), customer('b', 0)]);
    expect(eps.map((e) => e.owner)).toEqual(['bob', 'unassigned']);
  });
});

describe('backfill (live: false)', () => {
  it('backfilled messages count for history: they open episodes and record waits with their own times', () => {
    const eps = build([customer('c', 0, { live: false }), agentMsg('c', 3, 'ana', { live: false })]);
    expect(eps[0]!.waits.map((w) => [w.ms, w.live])).toEqual([[3 * MIN, false]]);
  });

  it('the backlog: a wait known only from history is unanswered, from its message\'s time, marked approximate', () => {
    const eps = build([customer('c', 0, { live: false }), customer('c', 1, { live: false })], t(5));
    expect(eps[0]!.waitingSince).toBe(t(0));
    expect(liveView(eps, t(5)).unanswered.map((u) => [u.chat, u.waitingSince, u.waitingMs, u.approximate])).toEqual([['c', t(0), 5 * MIN, true]]);
    expect(liveView(eps, t(5)).open).toEqual([{ owner: 'unassigned', episodes: 1 }]);
  });

  it('a live message joining a backfilled burst waits since the burst start, still approximate; a live wait is exact', () => {
    const eps = build([customer('c', 0, { live: false }), customer('c', 2), customer('d', 3)], t(5));
    expect(liveView(eps, t(5)).unanswered.map((u) => [u.chat, u.waitingSince, u.waitingMs, u.approximate])).toEqual([['c', t(0), 5 * MIN, true], ['d', t(3), 2 * MIN, false]]);
  });

  it('a backfilled handoff waits from its time, approximate; an answered backlog is not waiting', () => {
    const eps = build([customer('c', 0, { live: false }), bot('c', 1, { handoff: true, live: false }), customer('e', 0, { live: false }), agentMsg('e', 1, 'ana', { live: false })], t(5));
    expect(liveView(eps, t(5)).unanswered.map((u) => [u.chat, u.waitingSince, u.approximate])).toEqual([['c', t(1), true]]);
  });
});

describe('live view', () => {
  it('open chats per owner and unanswered chats, longest wait first', () => {
    const events = [customer('a', 5), customer('b', 1), agentMsg('b', 2, 'ana'), customer('b', 3), customer('c', 0), agentMsg('c', 1, 'ana'), close('c', 2, 'ana')];
    const now = t(10);
    const view = liveView(build(events, now), now);
    expect(view.open).toEqual([
      { owner: 'ana', episodes: 1 },
      { owner: 'unassigned', episodes: 1 },
    ]);
    expect(view.unanswered.map((u) => [u.chat, u.waitingMs / MIN])).toEqual([
      ['b', 7],
      ['a', 5],
    ]);
  });
});

describe('attribution merge', () => {
  it('the same message from several files is kept once, with the strongest attribution (local > signature > none)', () => {
    const reply = agentMsg('c', 2, 'Ana', { attribution: 'signature', msg: 'r1' });
    const local = { ...reply, agent: 'ana-id', attribution: 'local' as const };
    const none = { ...reply, agent: 'unknown', attribution: 'none' as const };
    for (const order of [[none, reply, local], [local, none, reply], [reply, local, none]]) {
      expect(waits(mergeEvents([customer('c', 0, { msg: 'q1' }), ...order]))).toEqual([{ s: 120, agent: 'ana-id' }]);
    }
  });
});

describe('properties', () => {
  const chatScript = (chat: string) =>
    fc.array(
      fc.record({
        kind: fc.constantFrom('customer', 'agent', 'bot', 'handoff', 'close', 'return'),
        gap: fc.integer({ min: 0, max: 30 * 60 }),
        agent: fc.constantFrom('ana', 'bob'),
        live: fc.boolean(),
      }),
      { maxLength: 15 },
    ).map((steps) => {
      let m = 0;
      // A log holds an id once (the store and the merge keep one copy): two closes or returns in
      // the same minute are one event, as they are in a real log.
      const ids = new Set<string>();
      return steps.map((s, i) => {
        m += s.gap;
        const o = { live: s.live, msg: `${chat}-${i}` };
        switch (s.kind) {
          case 'customer': return customer(chat, m, o);
          case 'agent': return agentMsg(chat, m, s.agent, o);
          case 'bot': return bot(chat, m, o);
          case 'handoff': return bot(chat, m, { ...o, handoff: true });
          case 'close': return close(chat, m, s.agent);
          default: return returnToBot(chat, m, s.agent);
        }
      }).filter((e) => !ids.has(e.id) && !!ids.add(e.id));
    });

  it('replaying events in any interleaving of chats gives the same per-chat result', () => {
    fc.assert(
      fc.property(chatScript('a'), chatScript('b'), chatScript('c'), fc.integer(), (a, b, c, seed) => {
        const alone = [...build(a), ...build(b), ...build(c)].sort((x, y) => x.id.localeCompare(y.id));
        const all = [...a, ...b, ...c];
        // A deterministic shuffle from the seed.
        let s = seed;
        for (let i = all.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          const j = s % (i + 1);
          [all[i], all[j]] = [all[j]!, all[i]!];
        }
        const together = build(all).sort((x, y) => x.id.localeCompare(y.id));
        expect(together).toEqual(alone);
      }),
    );
  });

  it('waits are never negative and every wait is credited', () => {
    fc.assert(
      fc.property(chatScript('a'), (a) => {
        for (const ep of build(a)) for (const w of ep.waits) expect(w.ms >= 0 && !!w.agent).toBe(true);
      }),
    );
  });
});
