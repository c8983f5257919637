// `npm start`: build the extension, serve the WhatsApp Web imitation with simulated customers,
// and open Chromium with the extension on it. Without a display the browser runs headless and
// screenshots of the inbox, popup and side panel land in demo-output/ every few seconds.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startInbox } from '../demo/server.mjs';
import { startDemoAgents } from './demo-agents.mjs';
import { extensionWorker, launchChromium } from './launch-chromium.mjs';

const SHOT_EVERY_MS = 5000;
const outDir = resolve('demo-output');

execFileSync(process.execPath, ['scripts/ensure-chromium.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build'], { stdio: 'inherit' });

// Ctrl-C may come at any moment, even during start-up: undo whatever was started, newest first.
const cleanups = [];
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  console.log('Demo stopped.');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const server = await startInbox();
cleanups.push(() => server.close());
const { context, close } = await launchChromium({ inboxPort: server.port, headless });
cleanups.push(close);
context.on('close', stop);
const worker = await extensionWorker(context);
const extensionId = new URL(worker.url()).host;
// Short targets so the timers visibly turn amber and red during a demo.
await worker.evaluate(() => chrome.storage.local.set({
  settings: { agentId: 'demo', agentName: 'Maria', team: 'Support', targets: { frtS: 60, rtS: 60, closeS: 600 },
    botRules: ['virtual assistant'], handoffRules: ['an agent will be with you'] },
}));

const inbox = context.pages()[0] ?? await context.newPage();
await inbox.goto('https://web.whatsapp.com/?simulate=1&chats=40');
const pages = { inbox };
for (const name of ['popup', 'sidepanel']) {
  pages[name] = await context.newPage();
  await pages[name].goto(`chrome-extension://${extensionId}/${name}.html`);
}
await inbox.bringToFront();
const stopAgents = startDemoAgents(inbox);
cleanups.push(async () => stopAgents());

if (headless) {
  mkdirSync(outDir, { recursive: true });
  const shoot = async () => {
    for (const [name, page] of Object.entries(pages)) {
      await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: name !== 'inbox' }).catch(() => undefined);
    }
    console.log(`screenshots updated in ${outDir}/ (inbox.png, popup.png, sidepanel.png) at ${new Date().toLocaleTimeString()}`);
  };
  await shoot();
  const timer = setInterval(shoot, SHOT_EVERY_MS);
  cleanups.push(async () => clearInterval(timer));
} else {
  console.log('Chromium is open with Inbox Pulse loaded on the imitation inbox.');
}
console.log('Press Ctrl-C to stop.');
