import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoText, isKey, messageEvents, openSettled, sim, startSession, typeReply, type Session } from './harness';

// Who wrote an outgoing message (docs/metrics.md "Attribution"), bots, handoffs and routing, in the open chat.
let session: Session;
let title: string;
beforeAll(async () => {
  session = await startSession('?seed=11&chats=10');
  await session.configure({
    agentName: 'Maria',
    botRules: ['^🤖'],
    handoffRules: ['an agent will answer'],
    routes: [{ label: 'Sales', keywords: ['1'] }, { label: 'Support', keywords: ['2', 'broken'] }],
  });
  title = (await sim(session.inbox).chats()).find((c) => !c.group && c.unread === 0)!.title;
  await openSettled(session.inbox, title);
});
afterAll(async () => { await session?.close(); });

describe('attribution, bots, handoffs and routes of live messages', () => {
  it('records each message once with the right author kind and attribution', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const texts = ['Hi, I need help', '🤖 Reply 1 for Sales, 2 for Support', '1', '🤖 Thanks! An agent will answer you soon',
      'Good afternoon, Maria here', '*Ana:* hello', 'sent from my phone', 'my screen is broken'];
    // One at a time: three unseen messages in one frame would read as a bulk insert (history), by design.
    const one = async <T extends { key: string } | string>(send: Promise<T>): Promise<string> => {
      const sent = await send;
      const key = typeof sent === 'string' ? sent : sent.key;
      await session.messagesWhere((m) => isKey(m.msg, key), 1, `message ${key}`);
      return key;
    };
    const customer = await one(wa.customerSends(title, texts[0]));
    const menu = await one(wa.botSends(title, texts[1]));
    const answer = await one(wa.customerSends(title, texts[2]));
    const handoff = await one(wa.botSends(title, texts[3]));
    const local = await one(typeReply(inbox, title, texts[4]));
    const signed = await one(wa.otherAgentSends(title, texts[5]));
    const unsigned = await one(wa.otherAgentSends(title, texts[6]));
    const keyword = await one(wa.customerSends(title, texts[7]));

    const keys = [customer, menu, answer, handoff, local, signed, unsigned, keyword];
    const live = await session.messagesWhere((m) => m.chatTitle === title && m.live, keys.length, 'the live messages');
    const byKey = (k: string) => live.filter((m) => isKey(m.msg, k));
    for (const k of keys) expect(byKey(k), `message ${k}`).toHaveLength(1);
    expect(live).toHaveLength(keys.length);

    expect(byKey(customer)[0]).toMatchObject({ dir: 'in', by: 'customer', attribution: 'none' });
    expect(byKey(customer)[0].route).toBeUndefined();
    expect(byKey(menu)[0]).toMatchObject({ dir: 'out', by: 'bot', attribution: 'none' });
    expect(byKey(menu)[0].handoff).toBeUndefined();
    expect(byKey(answer)[0]).toMatchObject({ dir: 'in', by: 'customer', route: 'Sales' });
    expect(byKey(handoff)[0]).toMatchObject({ dir: 'out', by: 'bot', handoff: true });
    expect(byKey(local)[0]).toMatchObject({ dir: 'out', by: 'agent', agent: 'Maria', attribution: 'local' });
    expect(byKey(signed)[0]).toMatchObject({ dir: 'out', by: 'agent', agent: 'Ana', attribution: 'signature' });
    expect(byKey(unsigned)[0]).toMatchObject({ dir: 'out', by: 'agent', agent: 'unknown', attribution: 'none' });
    expect(byKey(keyword)[0]).toMatchObject({ dir: 'in', by: 'customer', route: 'Support' });

    const all = await session.storedEvents();
    // Nothing was recorded twice, live or as history.
    const mine = messageEvents(all).filter((m) => keys.some((k) => isKey(m.msg, k)));
    expect(mine).toHaveLength(keys.length);
    assertNoText(all, texts.filter((t) => t.length > 2));
  });
});
