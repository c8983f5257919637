import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './chromium-path.mjs';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');

/**
 * Chromium with the built extension loaded and web.whatsapp.com resolved to the local imitation.
 * Shared by the end-to-end tests, the demo and the benchmarks so all three see the same browser.
 */
export async function launchChromium({ inboxPort, headless = true, extension = true, viewport = { width: 1280, height: 800 }, lang = 'en-US', extensionDir = EXTENSION_DIR, profileDir = undefined }) {
  // A given profile is the caller's to keep (the scale bench reuses its dataset); else a throwaway one.
  const userDataDir = profileDir ?? mkdtempSync(join(tmpdir(), 'inbox-pulse-profile-'));
  const args = [
    `--host-resolver-rules=MAP web.whatsapp.com 127.0.0.1:${inboxPort}`,
    '--ignore-certificate-errors',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-gpu',
    // The extension's UI language (browser.i18n) follows the browser's.
    `--lang=${lang}`,
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (extension) {
    args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
      '--disable-features=DisableLoadExtensionCommandLineSwitch');
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless,
    viewport,
    locale: lang,
    args,
    ignoreDefaultArgs: ['--disable-extensions'],
    // The caller owns shutdown (the demo closes the browser, then the server, on Ctrl-C).
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    if (!profileDir) rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** The extension's id, read from its service worker's URL once it has started. */
export async function extensionWorker(context) {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 60_000 });
  return worker;
}
