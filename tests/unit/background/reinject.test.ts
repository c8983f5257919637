import { afterEach, describe, expect, it, vi } from 'vitest';
import { injectIntoOpenInboxes } from '../../../entrypoints/background/reinject';

/** The parts of the extension API the function uses, recording what it asked for. */
function fakeBrowser(tabs: Array<{ id?: number; url: string }>, failOn: number[] = []) {
  const injected: Array<{ tabId: number; files: string[] }> = [];
  const queries: unknown[] = [];
  vi.stubGlobal('browser', {
    runtime: { getManifest: () => ({ content_scripts: [{ matches: ['https://web.whatsapp.com/*'], js: ['content-scripts/inbox.js'] }]}) },
    tabs: { query: async (q: { url: string[] }) => { queries.push(q); return tabs; } },
    scripting: {
      executeScript: async ({ target, files }: { target: { tabId: number }; files: string[] }) => {
        if (failOn.includes(target.tabId)) throw new Error('tab closed');
        injected.push({ tabId: target.tabId, files });
      },
    },
  });
  return { injected, queries };
}

afterEach(() => { vi.unstubAllGlobals(); vi.restoreAllMocks(); });

describe('content script in inbox tabs already open', () => {
  it('is started in every open inbox tab on an update, past a tab that fails', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { injected, queries } = fakeBrowser([{ id: 3, url: 'https://web.whatsapp.com/' }, { id: 4, url: 'https://web.whatsapp.com/x' }, { id: 5, url: 'https://web.whatsapp.com/' }], [4]);
    await injectIntoOpenInboxes({ reason: 'update' } as never);
    expect(queries).toEqual([{ url: ['https://web.whatsapp.com/*'] }]);
    expect(injected).toEqual([{ tabId: 3, files: ['content-scripts/inbox.js'] }, { tabId: 5, files: ['content-scripts/inbox.js'] }]);
  });

  it('is not started on install (the manifest starts it) nor on a browser update (the tabs still run it)', async () => {
    for (const reason of ['install', 'chrome_update'] as const) {
      const { injected, queries } = fakeBrowser([{ id: 3, url: 'https://web.whatsapp.com/' }]);
      await injectIntoOpenInboxes({ reason } as never);
      expect([injected, queries]).toEqual([[], []]);
    }
  });
});
