// The overlay's 1 s tick in real Chromium: 300 chats in the list, 50 customers waiting (live timers),
// the waiting chats at the top of the list so every visible row carries a timer.
import { machine, mainThreadMeter, openInbox, round } from './_inbox.mjs';

const QUERY = '?chats=300&history=30&seed=12';
const WAITING = 50;
const SECONDS = 20;

/** The page's main-thread CPU over SECONDS of an idle inbox (no page activity but the overlay's tick). */
async function idle(inbox) {
  const stop = await mainThreadMeter(inbox.cdp);
  await inbox.page.waitForTimeout(SECONDS * 1000);
  return (await stop()).task;
}

/** 50 customers write (live) and nobody answers; the list is scrolled to the top, where they are. */
async function makeWaiting(page) {
  const titles = await page.evaluate((n) => waSim.chats().filter((c) => !c.group).slice(-n).map((c) => c.title), WAITING);
  await page.evaluate((ts) => { for (const t of ts) waSim.customerSends(t, 'Hello, is anyone there?'); }, titles);
  await page.evaluate(() => waSim.scrollChatList(-1e6));
  return titles;
}

export async function run() {
  const load = machine();
  // Without the extension: the page's own idle cost over the same window, after the same messages.
  const bare = await openInbox({ query: QUERY, extension: false });
  let bareMs;
  try {
    await bare.page.waitForTimeout(3000);
    await makeWaiting(bare.page);
    await bare.page.waitForTimeout(3000);
    bareMs = await idle(bare);
  } finally {
    await bare.close();
  }

  const ext = await openInbox({ query: QUERY, extension: true });
  let quietMs, timersMs, visible;
  try {
    await ext.page.waitForTimeout(3000); // past the list's settle window: what follows is live
    quietMs = await idle(ext); // the tick with no timer on screen
    await makeWaiting(ext.page);
    const timers = ext.page.locator('inbox-pulse-overlay .row-timer');
    await ext.page.waitForFunction(() => document.querySelector('inbox-pulse-overlay')?.shadowRoot?.querySelectorAll('.row-timer').length >= 8, null, { timeout: 30_000 });
    await ext.page.waitForTimeout(3000);
    visible = await timers.count();
    timersMs = await idle(ext);
  } finally {
    await ext.close();
  }

  const perTick = (timersMs - bareMs) / SECONDS;
  const timersOnly = (timersMs - quietMs) / SECONDS;
  return [
    { measure: `overlay main-thread CPU per 1 s tick, ${visible} visible timers of ${WAITING} waiting, 300 chats (idle page ${SECONDS} s, CDP TaskDuration in thread time, with the extension minus without: ${round(timersMs, 0)} - ${round(bareMs, 0)} ms; includes style/layout/paint of the timers; ${load})`, value: round(perTick, 3), unit: 'ms/tick', target: '< 1', ok: perTick < 1 },
    { measure: `of which the timers (same browser, no timer on screen: ${round(quietMs, 0)} ms)`, value: round(timersOnly, 3), unit: 'ms/tick' },
  ];
}
