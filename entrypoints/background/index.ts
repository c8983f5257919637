import { openPulseDb } from '../../lib/store/db';
import { servePort } from './inbox-port';

export default defineBackground({
  type: 'module',
  // Must stay synchronous: listeners registered after an await miss the event that woke the worker.
  main() {
    const db = openPulseDb();
    browser.runtime.onConnect.addListener((port) => servePort(port, db));
  },
});
