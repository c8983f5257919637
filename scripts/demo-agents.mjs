// The demo's agents: this browser's agent answers the longest-waiting chat through the real
// composer and sometimes closes it from the overlay; a teammate on another device answers with
// a signature. Customers come from the imitation's own `simulate=1`.
import { overlayOf } from './overlay.mjs';

const REPLIES = ['Hi! Let me check that for you.', 'Thanks for waiting, it is on its way.', 'Done — anything else?', 'Sure, I just sent the details.'];
const TEAMMATES = ['Ana', 'Bruno'];

const pick = (list) => list[Math.floor(Math.random() * list.length)];

export function startDemoAgents(inbox, { everyMs = 7000 } = {}) {
  let turn = 0;
  let busy = false;
  const step = async () => {
    if (busy) return;
    busy = true;
    try {
      const waiting = await inbox.evaluate(() => window.waSim.chats().filter((c) => !c.group && !c.lastIsMine && c.unread > 0));
      if (waiting.length === 0) return;
      const chat = waiting.at(-1);
      if (turn++ % 3 === 2) {
        await inbox.evaluate(([title, text]) => window.waSim.otherAgentSends(title, text), [chat.title, `*${pick(TEAMMATES)}:* ${pick(REPLIES)}`]);
        return;
      }
      await inbox.evaluate((title) => window.waSim.openChat(title), chat.title);
      await inbox.waitForTimeout(1800);
      await inbox.locator('#main footer [contenteditable="true"]').click();
      await inbox.keyboard.type(pick(REPLIES), { delay: 15 });
      await inbox.keyboard.press('Enter');
      if (Math.random() < 0.4) {
        await inbox.waitForTimeout(1500);
        await overlayOf(inbox).click('.conversation-bar .action.close');
      }
    } catch {
      // The demo keeps going whatever a single step met (a chat that moved, a page still loading).
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(step, everyMs);
  return () => clearInterval(timer);
}
