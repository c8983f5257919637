// `npm run compare-builds -- <buildA> <buildB> [bursts]`: which of two builds' content scripts costs
// the inbox page less, in ONE browser. The capture bench's with/without overhead swings by several
// percent from run to run (the page's own rendering varies); the content script's own thread time
// over the page's holds within about 0.1 % of the page, enough to see a change of a few percent of
// the content script's cost. Both builds are loaded: A on web.whatsapp.com, B (its manifest copied
// and patched) on the imitation's own address, and tabs alternate A, B, B, A… through the capture
// bench's scenario, each burst traced; the batches' CPU time (median, p99) is printed beside.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startInbox } from '../demo/server.mjs';
import { launchChromium } from './launch-chromium.mjs';
import { customerBurst, frameCallbackMeter, mainThreadMeter, openLongConversation, quantile, round } from './bench/_inbox.mjs';
import { BURST, QUERY } from './bench/capture.mjs';

const [dirA, dirB, burstsArg = '6'] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node scripts/compare-builds.mjs <buildA> <buildB> [bursts of each, default 6]');
  process.exit(2);
}
const BURSTS = Number(burstsArg);

/** B's copy, matched on the server's own origin (https://127.0.0.1) instead of web.whatsapp.com. */
function retargeted(dir) {
  const copy = join(mkdtempSync(join(tmpdir(), 'inbox-pulse-b-')), 'build');
  cpSync(dir, copy, { recursive: true });
  const file = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const moved = (list) => list.map((m) => m.replace('https://web.whatsapp.com/*', 'https://127.0.0.1/*'));
  for (const c of manifest.content_scripts) c.matches = moved(c.matches);
  for (const w of manifest.web_accessible_resources ?? []) w.matches = moved(w.matches);
  manifest.host_permissions = moved(manifest.host_permissions ?? []);
  writeFileSync(file, JSON.stringify(manifest));
  return copy;
}

/** Each build's content-script URL prefix (the trace covers every process: the workers and timers frames too). */
async function contentScriptUrls(context) {
  const urls = {};
  while (Object.keys(urls).length < 2) {
    for (const worker of context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'))) {
      const match = await worker.evaluate(() => chrome.runtime.getManifest().content_scripts[0].matches[0]);
      urls[match.includes('127.0.0.1') ? 'B' : 'A'] = `chrome-extension://${new URL(worker.url()).host}/content-scripts/`;
    }
    if (Object.keys(urls).length < 2) await context.waitForEvent('serviceworker', { timeout: 60_000 });
  }
  return urls;
}

const copyB = retargeted(resolve(dirB));
const server = await startInbox();
const { context, close } = await launchChromium({ inboxPort: server.port, extensionDir: `${resolve(dirA)},${copyB}` });
const shares = { A: [], B: [] };
const batches = { A: [], B: [] };
try {
  const scriptUrl = await contentScriptUrls(context);
  // The first tab of each is a warm-up (a launch's first tabs run slower, with or without).
  const order = ['A', 'B'];
  for (let i = 0; i < BURSTS; i++) order.push(...(i % 2 ? ['A', 'B'] : ['B', 'A']));
  for (const [n, which] of order.entries()) {
    const page = await context.newPage();
    await page.goto(`${which === 'A' ? 'https://web.whatsapp.com/' : server.url}${QUERY}`);
    await page.waitForFunction(() => window.waSim?.ready);
    const cdp = await context.newCDPSession(page);
    const { open, others } = await openLongConversation(page);
    const stop = await mainThreadMeter(cdp);
    const stopTrace = await frameCallbackMeter(cdp, scriptUrl[which]);
    await customerBurst(page, BURST(open, others));
    await page.waitForTimeout(1000);
    const cpu = await stop();
    const { scriptMs, batches: frames } = await stopTrace();
    await page.close();
    if (n < 2) continue;
    shares[which].push((scriptMs / cpu.task) * 100);
    batches[which].push(...frames.map((f) => f.thread));
    console.log(`${which}: content script ${round(scriptMs, 1)} ms of the page's ${round(cpu.task, 0)} ms (${round((scriptMs / cpu.task) * 100)} %)`);
  }
} finally {
  await close();
  await server.close();
  rmSync(resolve(copyB, '..'), { recursive: true, force: true });
}
const [a, b] = [quantile(shares.A, 0.5), quantile(shares.B, 0.5)];
const row = (which, dir, share) => ({
  build: `${which} ${dir}`, 'content script / page, median %': round(share),
  'batch CPU time, median ms': round(quantile(batches[which], 0.5), 3), 'batch CPU time, p99 ms': round(quantile(batches[which], 0.99), 3),
});
console.table([row('A', dirA, a), row('B', dirB, b)]);
console.log(`B costs the content script ${round(Math.abs(b / a - 1) * 100, 1)} % ${b > a ? 'more' : 'less'} than A (in shares of the page; identical builds differ by about 2 %).`);
