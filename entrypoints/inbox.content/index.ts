import { connectWorker } from './worker-link';

export default defineContentScript({
  matches: ['https://web.whatsapp.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const link = connectWorker(ctx);
    const announce = (): boolean => {
      if (!document.querySelector('#pane-side')) return false;
      link.send({ kind: 'connection', connection: { site: 'whatsapp', seenAt: new Date().toISOString(), monitoring: 'active' } });
      return true;
    };
    if (!announce()) {
      const timer = ctx.setInterval(() => { if (announce()) clearInterval(timer); }, 500);
    }
  },
});
