// The overlay's 1 s tick in real Chromium: 300 chats in the list, 50 customers waiting (live timers),
// the waiting chats at the top of the list so every visible row carries a timer.
import { machine, mainThreadMeter, openInbox, round } from './_inbox.mjs';

const QUERY = '?chats=300&history=30&seed=12';
const WAITING = 50;
/** The idle window right after the timers appear, then the one after it. */
const FIRST_S = 20;
const LATER_S = 40;
/** Then with a waiting chat open: its conversation bar in the page, its running time in the frame. */
const OPEN_S = 20;

/**
 * The page's main thread over `seconds` of an idle inbox (no page activity but the overlay's tick):
 * its CPU (ms) and how many frames laid it out.
 */
async function idle(inbox, seconds) {
  const stop = await mainThreadMeter(inbox.cdp);
  await inbox.page.waitForTimeout(seconds * 1000);
  const { task, layouts } = await stop();
  return { task, layouts };
}

/** 50 customers write (live) and nobody answers; the list is scrolled to the top, where they are. */
async function makeWaiting(page) {
  const titles = await page.evaluate((n) => waSim.chats().filter((c) => !c.group).slice(-n).map((c) => c.title), WAITING);
  await page.evaluate((ts) => { for (const t of ts) waSim.customerSends(t, 'Hello, is anyone there?'); }, titles);
  await page.evaluate(() => waSim.scrollChatList(-1e6));
  return titles;
}

/** Opens a waiting chat and lets it render: the idle window after it has the conversation bar on screen. */
async function openWaiting(page, titles) {
  await page.evaluate((t) => waSim.openChat(t), titles[0]);
  await page.waitForTimeout(3000);
}

export async function run() {
  const load = machine();
  // Without the extension: the page's own idle cost over the same windows, after the same messages.
  const bare = await openInbox({ query: QUERY, extension: false });
  let bareFirst, bareLater, bareOpen;
  try {
    await bare.page.waitForTimeout(3000);
    const titles = await makeWaiting(bare.page);
    await bare.page.waitForTimeout(3000);
    bareFirst = await idle(bare, FIRST_S);
    bareLater = await idle(bare, LATER_S);
    await openWaiting(bare.page, titles);
    bareOpen = await idle(bare, OPEN_S);
  } finally {
    await bare.close();
  }

  const ext = await openInbox({ query: QUERY, extension: true });
  let quiet, first, later, open, frameMs, visible;
  try {
    await ext.page.waitForTimeout(3000); // past the list's settle window: what follows is live
    quiet = (await idle(ext, FIRST_S)).task; // the tick with no timer on screen
    const titles = await makeWaiting(ext.page);
    // The timers are drawn in the extension's frame over the inbox (its own renderer process).
    const frame = ext.page.frames().find((f) => f.url().endsWith('/row-timers.html'));
    await frame.waitForFunction(() => document.querySelectorAll('.row-timer').length >= 8, null, { timeout: 30_000 });
    await ext.page.waitForTimeout(3000);
    visible = await frame.locator('.row-timer').count();
    // The frame's own main thread over the same windows, for the record: not the page's.
    const frameMeter = await mainThreadMeter(await ext.context.newCDPSession(frame));
    first = await idle(ext, FIRST_S);
    later = await idle(ext, LATER_S);
    frameMs = (await frameMeter()).task;
    await openWaiting(ext.page, titles);
    await frame.locator('.episode-time').waitFor();
    open = await idle(ext, OPEN_S);
  } finally {
    await ext.close();
  }

  const perTick = (ext, bare, seconds) => (ext.task - bare.task) / seconds;
  const sum = (a, b) => ({ task: a.task + b.task, layouts: a.layouts + b.layouts });
  const [all, bareAll, allS] = [sum(first, later), sum(bareFirst, bareLater), FIRST_S + LATER_S];
  const allTick = perTick(all, bareAll, allS);
  const openTick = perTick(open, bareOpen, OPEN_S);
  const ms = ({ task }) => round(task, 0);
  return [
    // One window of a minute: the page's garbage collections after the 50 messages land in it
    // with or without the extension, though not at the same second.
    { measure: `overlay main-thread CPU per 1 s tick, ${visible} visible timers of ${WAITING} waiting, 300 chats (idle page ${allS} s from 3 s after the timers appear, CDP TaskDuration in thread time, with the extension minus without: ${ms(all)} - ${ms(bareAll)} ms; includes style/layout/paint and garbage collection; ${load})`, value: round(allTick, 3), unit: 'ms/tick', target: '< 1', ok: allTick < 1 },
    { measure: `… its first ${FIRST_S} s (${ms(first)} - ${ms(bareFirst)} ms) / its last ${LATER_S} s (${ms(later)} - ${ms(bareLater)} ms; ${machine()})`, value: `${round(perTick(first, bareFirst, FIRST_S), 2)} / ${round(perTick(later, bareLater, LATER_S), 2)}`, unit: 'ms/tick' },
    { measure: `… page layouts in that minute, with the extension minus without (${all.layouts} - ${bareAll.layouts}; a tick that changes the page's own text lays it out)`, value: round((all.layouts - bareAll.layouts) / allS, 2), unit: 'layouts/tick' },
    { measure: `… no timer on screen (same browser, before the messages: ${ms({ task: quiet })} ms over ${FIRST_S} s)`, value: round(quiet / FIRST_S, 3), unit: 'ms/tick' },
    { measure: `… then a waiting chat open, its running time ticking (${ms(open)} - ${ms(bareOpen)} ms over ${OPEN_S} s, ${open.layouts} - ${bareOpen.layouts} page layouts)`, value: round(openTick, 3), unit: 'ms/tick', target: '< 1', ok: openTick < 1 },
    { measure: `the timers frame's own main thread over the minute (the extension's renderer process, not the page's)`, value: round(frameMs / allS, 3), unit: 'ms/tick' },
  ];
}
