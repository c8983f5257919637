import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSettled, overlayOf, sim, startSession, timersFrame, type Session } from './harness';

// The inbox page runs its own scripts beside ours: it must not be able to act as the agent through
// the overlay (a close credited to them), nor draw false timers in the timers frame.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=13&chats=12');
  await session.configure({ agentId: 'maria', agentName: 'Maria' });
});
afterAll(async () => { await session?.close(); });

const FORGED = { timers: [{ chat: 'Forged', x: 400, y: 120, since: Date.now() - 2 * 3_600_000, targetS: 60 }], episode: null };
const actions = async () => (await session.storedEvents()).filter((e) => e.type === 'close' || e.type === 'return_to_bot' || e.type === 'status');

it('the page can neither act through the overlay nor post the timers frame a view', async () => {
  const { inbox } = session;
  const title = (await sim(inbox).chats()).filter((c) => !c.group)[0].title;
  await openSettled(inbox, title);
  const overlay = overlayOf(inbox);
  await expect.poll(() => overlay.box('.conversation-bar .action.close'), { timeout: 10_000 }).not.toBeNull();
  const statusBefore = await overlay.attribute('.status-pill', 'data-status');
  const before = await actions();

  // The page's own view: a host whose shadow root it cannot open. It clicks whatever is at the button.
  const close = (await overlay.box('.conversation-bar .action.close'))!;
  const pageSaw = await inbox.evaluate(({ x, y }) => {
    const hit = document.elementFromPoint(x, y) as HTMLElement | null;
    hit?.click();
    return { shadowRoot: document.querySelector('inbox-pulse-overlay')!.shadowRoot, frames: frames.length };
  }, { x: close.x + close.width / 2, y: close.y + close.height / 2 });
  expect(pageSaw.shadowRoot).toBeNull();
  // A script that got hold of the buttons anyway (an open shadow root) clicks them: untrusted clicks.
  for (const button of ['.conversation-bar .action.close', '.conversation-bar .action.return', '.status-pill']) {
    expect(await overlay.scriptClick(button), button).toBe(true);
  }

  // A 2-hour-late timer, posted by the page to every frame it can reach, and to the timers frame
  // itself (as if it held it): bare, or with a guessed secret.
  await inbox.evaluate((view) => {
    for (let i = 0; i < frames.length; i++) for (const data of [view, { secret: 'guess', view }]) frames[i].postMessage(data, '*');
  }, FORGED);
  await overlay.evaluate('iframe.timers-frame', `(frame) => {
    for (const data of [${JSON.stringify(FORGED)}, { secret: 'guess', view: ${JSON.stringify(FORGED)} }]) frame.contentWindow.postMessage(data, '*');
    return true;
  }`);
  // Nor can the page learn the secret from the frame's load.
  expect(await inbox.evaluate(() => performance.getEntries().filter((e) => e.name.includes('row-timers')).length)).toBe(0);

  await inbox.waitForTimeout(2000);
  expect(await timersFrame(inbox).locator('.row-timer[data-chat="Forged"]').count()).toBe(0);
  expect(await overlay.attribute('.status-pill', 'data-status')).toBe(statusBefore);
  expect(await actions()).toEqual(before);

  // The agent's own click still closes the chat.
  await overlay.click('.conversation-bar .action.close');
  await expect.poll(async () => (await actions()).filter((e) => e.type === 'close').map((e) => `${(e as { agent: string }).agent}`), { timeout: 10_000 })
    .toEqual(['maria']);
});
