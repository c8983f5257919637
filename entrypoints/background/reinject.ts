import type { Browser } from 'wxt/browser';
import type { ScriptPublicPath } from 'wxt/utils/inject-script';

/**
 * Inbox tabs already open when the extension is updated get the new content script now, not at
 * their next reload: the update cuts the old script off from the extension (its context is
 * invalidated and gives way to the new one), so without this the inbox would go unwatched until
 * the agent reloads it. Not on install: a tab opening while the extension installs gets the
 * manifest's script too, and two would run.
 */
export async function injectIntoOpenInboxes(details: Browser.runtime.InstalledDetails): Promise<void> {
  if (details.reason !== 'update') return;
  for (const script of browser.runtime.getManifest().content_scripts ?? []) {
    if (!script.js?.length || !script.matches?.length) continue;
    for (const tab of await browser.tabs.query({ url: script.matches })) {
      if (tab.id === undefined) continue;
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: script.js as ScriptPublicPath[] })
        .catch((error: unknown) => console.warn('Inbox Pulse: could not start in an open inbox tab', error));
    }
  }
}
