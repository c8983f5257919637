import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSession, timersFrame, type Session } from './harness';

declare const waSim: Record<string, (...args: unknown[]) => unknown>;

// Every surface in both languages and both themes, saved under test-output/ for a person to look at.
const LANGS = [
  { lang: 'en-US', query: '?seed=5&chats=14', words: { popup: 'Inbox connected', sidepanel: 'Team dashboard', options: 'Save' } },
  { lang: 'fr', query: '?seed=5&chats=14&lang=fr', words: { popup: 'Boîte de réception connectée', sidepanel: 'Tableau de bord', options: 'Enregistrer' } },
] as const;

let session: Session | undefined;
afterEach(async () => { await session?.close(); session = undefined; });

const shoot = async (page: Page, name: string) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-output/${name}-${scheme}.png`, fullPage: name.startsWith('inbox') ? false : true });
  }
};

describe.each(LANGS)('surfaces in $lang', ({ lang, query, words }) => {
  it('saves the inbox overlay, popup, side panel and options page in light and dark', async () => {
    session = await startSession(query, { lang });
    await session.configure({ agentId: 'maria', agentName: 'Maria', team: 'Support', targets: { frtS: 6, rtS: 6, closeS: 600 } });
    const { inbox } = session;
    const titles = await inbox.evaluate(() => (waSim.chats() as { title: string; group: boolean }[]).filter((c) => !c.group).map((c) => c.title));
    await inbox.evaluate((t) => waSim.openChat(t), titles[0]);
    await inbox.waitForTimeout(2000);
    await inbox.evaluate((t) => { waSim.customerSends(t[1], '?'); waSim.customerSends(t[2], '?'); waSim.customerSends(t[0], '?'); }, titles);
    await expect.poll(() => timersFrame(inbox).locator('.row-timer').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await inbox.waitForTimeout(4000);
    await shoot(inbox, `inbox-${lang}`);

    const popup = await session.openPage('popup.html');
    await expect.poll(() => popup.locator('body').textContent(), { timeout: 10_000 }).toContain(words.popup);
    await shoot(popup, `popup-${lang}`);

    const panel = await session.openPage('sidepanel.html');
    await panel.locator('#import-file').setInputFiles('tests/fixtures/report/scenario.ndjson');
    await expect.poll(() => panel.locator('body').textContent(), { timeout: 15_000 }).toContain(words.sidepanel);
    await panel.locator('#period').selectOption('7d');
    await panel.waitForTimeout(1000);
    for (const width of [360, 900]) {
      await panel.setViewportSize({ width, height: 800 });
      await shoot(panel, `sidepanel-${lang}-${width}`);
    }

    const options = await session.openPage('options.html');
    await expect.poll(() => options.locator('body').textContent(), { timeout: 10_000 }).toContain(words.options);
    await shoot(options, `options-${lang}`);
    expect(readFileSync(`test-output/options-${lang}-dark.png`).length).toBeGreaterThan(10_000);
  });
});
