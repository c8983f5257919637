import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Chrome MV3 is the primary target; `wxt build -b firefox` produces the Firefox build, MV3 too:
// Manifest V2 has no `matches` on web_accessible_resources, so there every site could frame our pages.
export default defineConfig({
  srcDir: '.',
  manifestVersion: 3,
  modules: [],
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // The scale benchmark's page is built only for `npm run bench` (scripts/bench.mjs sets this).
    'entrypoints:resolved': (_wxt, entrypoints) => {
      if (process.env.INBOX_PULSE_BENCH) return;
      const bench = entrypoints.findIndex((e) => e.name === 'bench-scale');
      if (bench >= 0) entrypoints.splice(bench, 1);
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'idle', 'alarms', 'scripting'],
    host_permissions: ['https://web.whatsapp.com/*'],
    // The row timers' page, framed over the inbox by the content script; nothing else is exposed.
    web_accessible_resources: [{ resources: ['row-timers.html'], matches: ['https://web.whatsapp.com/*'] }],
    // Firefox keeps storage and IndexedDB per add-on id: a fixed one keeps data across reloads.
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'inbox-pulse@inbox-pulse.local' } } } : {}),
  }),
});
