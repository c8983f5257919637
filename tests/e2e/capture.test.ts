import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness';

type Sim = Record<string, (...args: unknown[]) => unknown>;
declare const waSim: Sim;

let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=7&chats=12');
  await session.configure({ agentName: 'Maria', botRules: ['^🤖'], handoffRules: ['an agent will answer'] });
});
afterAll(async () => { await session?.close(); });

describe('capture on the default variant', () => {
  it('records a customer message in the open chat and the agent reply typed in the composer, once each', async () => {
    const { inbox } = session;
    const title = await inbox.evaluate(() => (waSim.chats() as { title: string; group: boolean }[]).find((c) => !c.group)!.title);
    await inbox.evaluate((t) => waSim.openChat(t), title);
    await inbox.waitForTimeout(2000); // past the settle window: history is in, live starts now
    const { key: inKey } = await inbox.evaluate((t) => waSim.customerSends(t, 'Hello, anyone there?'), title) as { key: string };
    await inbox.locator('#main footer [contenteditable="true"]').click();
    await inbox.keyboard.type('Hi! How can I help?');
    await inbox.keyboard.press('Enter');
    const replies = await session.messagesWhere((m) => m.chatTitle === title && m.dir === 'out' && m.live, 1, 'live agent reply');
    const customer = await session.messagesWhere((m) => m.msg.startsWith(inKey), 1, 'customer message');
    expect(customer).toHaveLength(1);
    expect(customer[0]).toMatchObject({ dir: 'in', by: 'customer', live: true, site: 'whatsapp' });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ by: 'agent', attribution: 'local', agent: 'Maria' });
    const all = await session.storedEvents();
    expect(JSON.stringify(all)).not.toContain('How can I help');
    expect(JSON.stringify(all)).not.toContain('anyone there');
  });
});
