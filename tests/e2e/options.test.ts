import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { browser } from 'wxt/browser';
import type { Settings } from '../../lib/settings';
import { startSession, type Session } from './harness';

const en = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string }>;

let session: Session;
beforeAll(async () => { session = await startSession(); });
afterAll(async () => { await session?.close(); });

/** The stored settings, read through the service worker as the other surfaces would see them. */
async function storedSettings(): Promise<Partial<Settings> | undefined> {
  const worker = await session.worker();
  return worker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: typeof browser }).chrome;
    return (await chrome.storage.local.get('settings')).settings as Partial<Settings> | undefined;
  });
}

it('edits a setting with the keyboard, rejects an invalid value with its message and saves a valid one', async () => {
  const page = await session.openPage('options.html');
  const frt = page.getByLabel(en.optTargetFrt.message);
  await expect.poll(() => frt.inputValue()).toBe('9');
  const before = (await storedSettings())?.targets?.frtS;

  // Keyboard only: Tab from the control before it, select everything, type, Enter submits.
  await page.getByRole('button', { name: en.optAddRoute.message }).focus();
  await page.keyboard.press('Tab');
  await expect.poll(() => frt.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');

  const message = en.errPositive.message;
  await expect.poll(() => page.locator('#f-targets-frt-error').textContent()).toBe(message);
  expect(await frt.getAttribute('aria-invalid')).toBe('true');
  await expect.poll(() => page.getByRole('alert').textContent()).toContain(message);
  expect(await page.locator('#opt-status').textContent()).toContain('Not saved');
  expect((await storedSettings())?.targets?.frtS).toBe(before);

  // Fixing the value clears the error as the user types; Enter saves.
  await frt.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('4.5');
  await expect.poll(() => page.locator('#f-targets-frt-error').count()).toBe(0);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('#opt-status').textContent()).toBe(en.optSaved.message);

  await expect.poll(async () => (await storedSettings())?.targets?.frtS, { timeout: 10_000 }).toBe(270);
  const saved = (await storedSettings())!;
  expect(saved.targets).toMatchObject({ frtS: 270, rtS: 540, closeS: 3600 });
  expect(typeof saved.timeZone).toBe('string');
});

it('rejects an unknown time zone and an overlapping business interval, naming the problem', async () => {
  const page = await session.openPage('options.html');
  const zone = page.getByLabel(en.optTimeZone.message);
  await expect.poll(() => zone.inputValue()).not.toBe('');
  await zone.fill('Mars/Olympus');
  await page.getByLabel('Add an interval on Monday').press('Enter');
  await page.getByLabel('Add an interval on Monday').press('Enter');
  await page.getByRole('button', { name: en.optSave.message }).press('Enter');
  await expect.poll(() => page.locator('#f-timeZone-error').textContent()).toContain('Mars/Olympus');
  // The second suggested interval starts at 17:00 with no end: the end is reported malformed.
  await expect.poll(() => page.locator('#f-businessHours-week-0-1-to-error').textContent()).toBe(en.errTime.message);
  await page.locator('#f-businessHours-week-0-1-from').fill('16:00');
  await page.locator('#f-businessHours-week-0-1-to').fill('18:00');
  await expect.poll(() => page.locator('#f-businessHours-week-0-1-from-error').textContent()).toBe('Overlaps 09:00–17:00 on the same day.');
  expect((await storedSettings())?.timeZone).not.toBe('Mars/Olympus');
});
