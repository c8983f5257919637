import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chatKeyOf } from '../../lib/observe/normalize';
import { openSettled, sim, startSession, timersFrame, type Session } from './harness';

// METRICS.md "Waiting at load" and "Recording start": customers who wrote before the tab loaded
// (the unread rows, and messages the late offline sync delivers after the app rendered) are
// waiting from their real time, marked ≈ when only the minute is known; history from before the
// extension was installed never shows up as today's FRT, close or handling time.
let session: Session;
let panel: Page;
beforeAll(async () => {
  session = await startSession('?seed=36&chats=12&offline=3');
  await session.configure({ agentName: 'Maria' });
  await session.inbox.waitForTimeout(2000); // the offline sync lands 2.5 s after the app rendered
  panel = await session.openPage('sidepanel.html');
  await session.inbox.bringToFront();
});
afterAll(async () => { await session?.close(); });

it('lists the customers who wrote before the tab loaded among the unanswered, with a row timer marked ≈', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  const truth = await wa.truth();
  const chats = await wa.chats();
  // Waiting at load: 1:1 chats whose last message (before or during the sync) is the customer's and is unread.
  const waiting = chats.filter((c) => !c.group && !c.muted && c.unread > 0 && !c.lastIsMine);
  const offline = new Set(truth.messages.filter((m) => m.offline).map((m) => m.jid));
  expect(waiting.filter((c) => offline.has(c.jid)).length, 'chats woken by the offline sync').toBeGreaterThan(0);

  for (const c of waiting) {
    const item = panel.locator('.live li[data-chat]', { hasText: c.title });
    await expect.poll(() => item.count(), { timeout: 15_000, message: `${c.title} in Unanswered` }).toBe(1);
  }
  const visible = await wa.renderedRows();
  for (const c of waiting.filter((x) => visible.includes(x.title))) {
    const timer = timersFrame(inbox).locator(`.row-timer[data-chat="${c.jid}"], .row-timer[data-chat="${chatKeyOf(c.title)}"]`);
    await expect.poll(() => timer.count(), { timeout: 10_000, message: `a row timer for ${c.title}` }).toBe(1);
    const last = truth.messages.filter((m) => m.jid === c.jid).at(-1)!;
    // Its wait runs from the real time of the customer's first unanswered message, not from the page load.
    expect(Date.now() - last.at).toBeGreaterThan(60_000);
    await expect.poll(async () => `${await timer.textContent()} ${await timer.getAttribute('title') ?? ''}`, { message: `≈ on ${c.title}'s timer` }).toContain('≈');
  }
});

it('shows no FRT, close or handling time in the side panel for history from before recording started', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  // Answered history from earlier today, rendered as the agent opens chats.
  const answered = (await wa.chats()).filter((c) => !c.group && c.lastIsMine && c.unread === 0).slice(0, 3);
  expect(answered.length).toBeGreaterThan(0);
  for (const c of answered) await openSettled(inbox, c.title);
  const truth = await wa.truth();
  const today = new Date().toDateString();
  const answeredToday = truth.messages.filter((m) => m.before && m.dir === 'out' && new Date(m.at).toDateString() === today);
  expect(answeredToday.length, 'replies from earlier today in the history').toBeGreaterThan(0);
  await inbox.waitForTimeout(3000);

  await panel.reload();
  for (const kpi of ['kpi-frt', 'kpi-close', 'kpi-handling']) {
    const count = panel.locator(`[data-kpi="${kpi}"] .kpi-count`);
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toMatch(/\d/);
    expect(await count.textContent(), `${kpi} from history only`).toMatch(/:\s*0\b/);
  }
});
