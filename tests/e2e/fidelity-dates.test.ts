import { afterAll, beforeAll, expect, it } from 'vitest';
import { pairWithTruth } from '../../demo/truth.mjs';
import { openSettled, sim, startSession, type Session } from './harness';

// WhatsApp formats dates with the browser's locale, not its UI language: a Portuguese UI in a
// US-English browser shows 12/4/2026 for 4 December. The date order must come from the page's
// own dates (separators, "today"), not from the UI language.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=34&chats=10&lang=pt&dates=mdy', { lang: 'pt-BR' });
  await session.configure({ agentName: 'Maria' });
});
afterAll(async () => { await session?.close(); });

const sameLocalDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();

it('stores live messages today and history at its real minute under a Portuguese UI with month-first dates', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  expect(await inbox.evaluate(() => document.querySelector('[aria-label="Lista de conversas"]') !== null)).toBe(true);
  const title = (await wa.chats()).find((c) => !c.group && c.unread === 0)!.title;
  await openSettled(inbox, title);
  const sent = await wa.customerSends(title, 'Oi, vocês entregam hoje?');
  const other = (await wa.chats()).find((c) => !c.group && !c.open)!.title;
  const elsewhere = await wa.customerSends(other, 'Bom dia, alguém aí?');
  await inbox.waitForTimeout(2500);

  const truth = await wa.truth();
  const { rows } = pairWithTruth(await session.storedEvents(), truth);
  for (const ref of [sent, elsewhere]) {
    const row = rows.find((r) => r.truth.key === ref.key)!;
    expect(row.events, `the live message ${ref.key}, once`).toHaveLength(1);
    expect(row.events[0].live, 'live').toBe(true);
    expect(sameLocalDay(Date.parse(row.events[0].at), row.truth.at), `stored on ${row.events[0].at}, sent ${new Date(row.truth.at).toISOString()}`).toBe(true);
  }
  // History of the open chat with a text stamp (`[14:05, 12/4/2026] …`) keeps its real minute.
  const history = rows.filter((r) => r.truth.jid === sent.jid && r.truth.before && r.events.length > 0);
  expect(history.length).toBeGreaterThan(0);
  for (const r of history) {
    const at = Date.parse(r.events[0].at);
    expect(Math.abs(at - r.truth.at), `history ${r.truth.key} stored at ${r.events[0].at}`).toBeLessThan(60_000);
  }
});
