// `npm start`: build the extension, serve the WhatsApp Web imitation with simulated customers,
// and open Chromium with the extension on it. Without a display the browser runs headless and
// screenshots of the inbox, popup and side panel land in demo-output/ every few seconds.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startInbox } from '../demo/server.mjs';
import { extensionWorker, launchChromium } from './launch-chromium.mjs';

const SHOT_EVERY_MS = 5000;
const outDir = resolve('demo-output');

execFileSync(process.execPath, ['scripts/ensure-chromium.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build'], { stdio: 'inherit' });

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const server = await startInbox();
const { context, close } = await launchChromium({ inboxPort: server.port, headless });
const extensionId = new URL((await extensionWorker(context)).url()).host;

const inbox = context.pages()[0] ?? await context.newPage();
await inbox.goto('https://web.whatsapp.com/?simulate=1&chats=40');
const pages = { inbox };
for (const name of ['popup', 'sidepanel']) {
  pages[name] = await context.newPage();
  await pages[name].goto(`chrome-extension://${extensionId}/${name}.html`);
}
await inbox.bringToFront();

let timer;
if (headless) {
  mkdirSync(outDir, { recursive: true });
  const shoot = async () => {
    for (const [name, page] of Object.entries(pages)) {
      await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: name !== 'inbox' }).catch(() => undefined);
    }
    console.log(`screenshots updated in ${outDir}/ (inbox.png, popup.png, sidepanel.png) at ${new Date().toLocaleTimeString()}`);
  };
  await shoot();
  timer = setInterval(shoot, SHOT_EVERY_MS);
} else {
  console.log('Chromium is open with Inbox Pulse loaded on the imitation inbox.');
}
console.log('Press Ctrl-C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await close();
  await server.close();
  console.log('Demo stopped.');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
context.on('close', stop);
