#!/usr/bin/env node
// Captures WhatsApp Web fixtures from the local imitation (demo/whatsapp) for the adapter tests.
//
//   node scripts/capture-fixtures.mjs            # every variant
//   node scripts/capture-fixtures.mjs en-row     # variants whose name contains "en-row"
//
// For each variant: start the imitation (demo/server.mjs), load it as https://web.whatsapp.com in
// Chromium (playwright-core, /usr/bin/chromium), stage a known scenario with window.waSim (new
// customer messages in a closed chat, a chat marked unread, a muted chat, an outgoing message from
// another device, then in the opened chat: customer text, signed agent text, bot text, media with
// and without caption, a menu answer "1", and a local send), then save
//   tests/fixtures/whatsapp/<name>.html   document.documentElement.outerHTML
//   tests/fixtures/whatsapp/<name>.json   the imitation's ground truth (waSim.chats(), messages(), config)
// The tests compare the adapter's reading of the HTML with the JSON. Times are captured in UTC.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startInbox } from '../demo/server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'tests/fixtures/whatsapp');

const BASE = 'seed=7&chats=12&history=30';
export const VARIANTS = [
  { name: 'en-row-testid-prefix-cus', query: 'rows=row&testid=1&prefix=1&ids=cus&lang=en', group: false },
  { name: 'en-row-testid-prefix-cus-group', query: 'rows=row&testid=1&prefix=1&ids=cus&lang=en', group: true },
  { name: 'fr-listitem-notestid-noprefix-lid', query: 'rows=listitem&testid=0&prefix=0&ids=lid&lang=fr', group: false },
  { name: 'fr-listitem-notestid-prefix-lid-group', query: 'rows=listitem&testid=0&prefix=1&ids=lid&lang=fr', group: true },
  { name: 'en-row-notestid-noprefix-cus-group', query: 'rows=row&testid=0&prefix=0&ids=cus&lang=en', group: true },
  { name: 'en-broken-rowtitle', query: 'rows=row&testid=1&prefix=1&ids=cus&lang=en&broken=rowtitle', group: false },
  { name: 'en-broken-direction', query: 'rows=row&testid=1&prefix=1&ids=cus&lang=en&broken=direction', group: false },
  { name: 'en-broken-dataid', query: 'rows=row&testid=1&prefix=1&ids=cus&lang=en&broken=dataid', group: false },
];

/** Runs in the page: stages the scenario and returns the ground truth. */
async function stage(group) {
  const sim = window.waSim;
  const chats = sim.chats();
  const open = chats.find((c) => c.group === group);
  const others = chats.filter((c) => c !== open && !c.group);
  const incoming = others[0];
  const marked = others.find((c) => c !== incoming && !c.unread && !c.markedUnread);
  const muted = others.find((c) => c !== incoming && c !== marked && !c.muted);
  const outgoing = others.find((c) => c !== incoming && c !== marked && c !== muted);

  sim.customerSends(incoming.title, 'Hello?');
  sim.customerSends(incoming.title, 'Is anyone there?');
  sim.markUnread(marked.title);
  sim.setMuted(muted.title);
  sim.otherAgentSends(outgoing.title, 'Sent you the invoice');

  const author = group ? { author: 'Maria Silva' } : {};
  sim.customerSends(open.title, 'Hi, is the house still available?', author);
  sim.customerSends(open.title, 'Can I pay by card?', author);
  sim.otherAgentSends(open.title, '*Ana:* Yes, it is!');
  sim.botSends(open.title, '🤖 Thanks! An agent will be with you shortly.');
  sim.customerSends(open.title, '', { media: true, ...author });
  sim.customerSends(open.title, 'Order #48213', { media: true, ...author });
  sim.customerSends(open.title, '1', author);
  sim.openChat(open.title);
  await new Promise((r) => setTimeout(r, 100));
  sim.agentSends('Let me check that for you.');
  await new Promise((r) => requestAnimationFrame(() => r()));
  return {
    config: sim.config(),
    now: sim.now(),
    lang: document.documentElement.lang,
    open: { title: open.title, group },
    scenario: { incoming: incoming.title, marked: marked.title, muted: muted.title, outgoing: outgoing.title },
    chats: sim.chats(),
    renderedRows: sim.renderedRows(),
    messages: sim.messages(open.title),
  };
}

async function main() {
  const only = process.argv[2];
  const variants = VARIANTS.filter((v) => !only || v.name.includes(only));
  mkdirSync(OUT, { recursive: true });
  const inbox = await startInbox();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      `--host-resolver-rules=MAP web.whatsapp.com 127.0.0.1:${inbox.port}`,
      '--ignore-certificate-errors',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    for (const v of variants) {
      const context = await browser.newContext({ timezoneId: 'UTC', viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true });
      const page = await context.newPage();
      await page.goto(`https://web.whatsapp.com/?${BASE}&${v.query}`);
      await page.waitForFunction(() => window.waSim?.ready);
      const truth = await page.evaluate(stage, v.group);
      const html = await page.evaluate(() => document.documentElement.outerHTML);
      writeFileSync(join(OUT, `${v.name}.html`), `<!DOCTYPE html>\n${html}\n`);
      writeFileSync(join(OUT, `${v.name}.json`), JSON.stringify({ variant: v.name, query: `${BASE}&${v.query}`, tz: 'UTC', ...truth }, null, 1) + '\n');
      console.log(`captured ${v.name}: ${html.length} chars, open "${truth.open.title}"`);
      await context.close();
    }
  } finally {
    await browser.close();
    await inbox.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
