import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Chrome MV3 is the primary target; `wxt build -b firefox` produces the Firefox build.
export default defineConfig({
  srcDir: '.',
  modules: [],
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Inbox Pulse',
    description: 'Live response-time metrics for customer-service teams on WhatsApp Web.',
    permissions: ['storage', 'unlimitedStorage', 'idle', 'alarms', 'downloads'],
    host_permissions: ['https://web.whatsapp.com/*'],
  },
});
