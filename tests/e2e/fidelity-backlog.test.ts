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

  const unanswered = async () => {
    const listed = await panel.locator('.live li[data-chat] .chat-title').allTextContents();
    return waiting.map((c) => c.title).filter((t) => !listed.includes(t));
  };
  await expect.poll(unanswered, { timeout: 15_000, message: 'waiting customers missing from Unanswered' }).toEqual([]);

  const visible = await wa.renderedRows();
  const timerOf = (c: { jid: string; title: string }) =>
    timersFrame(inbox).locator(`.row-timer[data-chat="${c.jid}"], .row-timer[data-chat="${chatKeyOf(c.title)}"]`);
  const onScreen = waiting.filter((c) => visible.includes(c.title));
  const withoutTimer = async () => {
    const out = [];
    for (const c of onScreen) if ((await timerOf(c).count()) !== 1) out.push(c.title);
    return out;
  };
  await expect.poll(withoutTimer, { timeout: 10_000, message: 'waiting rows without a timer' }).toEqual([]);
  const notApproximate = [];
  for (const c of onScreen) {
    const timer = timerOf(c);
    if (!`${await timer.textContent()} ${await timer.getAttribute('title') ?? ''}`.includes('≈')) notApproximate.push(c.title);
  }
  expect(notApproximate, 'timers known only to the minute, not marked ≈').toEqual([]);

  // Each wait runs from the real time of the customer's first unanswered message (to the minute), not from the page load.
  const seconds = (clock: string) => clock.split(':').map(Number).reduce((a, n) => a * 60 + n, 0);
  const off = [];
  for (const c of waiting) {
    const mine = truth.messages.filter((m) => m.jid === c.jid);
    const lastOurs = mine.findLastIndex((m) => m.dir === 'out');
    const since = mine[lastOurs + 1].at;
    const shown = await panel.locator('.live li[data-chat]', { hasText: c.title }).locator('.wait').textContent();
    const error = Math.abs(seconds(shown ?? '') - (Date.now() - since) / 1000);
    if (error > 65) off.push(`${c.title}: shows ${shown}, waiting ${Math.round((Date.now() - since) / 1000)} s`);
  }
  expect(off, 'waits not running from the real time').toEqual([]);
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
