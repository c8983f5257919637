// Browser tests need a Chromium. On a fresh Debian machine as root we install Debian's package;
// anywhere else we say how to point the tests at one.
import { execSync } from 'node:child_process';
import { chromiumPath } from './chromium-path.mjs';

if (!chromiumPath()) {
  const root = process.getuid?.() === 0;
  let apt = false;
  try { execSync('command -v apt-get', { stdio: 'ignore' }); apt = true; } catch { /* not Debian */ }
  if (root && apt) {
    console.log('Chromium is missing: installing the system package "chromium" with apt-get (a minute or two)…');
    // apt's own output is hundreds of lines: kept for an error only.
    try {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'pipe' });
    } catch (error) {
      console.error(String(error.stderr ?? error));
      process.exit(1);
    }
  } else {
    console.error('No Chromium found. Install one (Debian: apt-get install chromium) or set CHROME_PATH=/path/to/chromium.');
    process.exit(1);
  }
}
console.log(`Chromium: ${chromiumPath()}`);
