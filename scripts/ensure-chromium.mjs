// Browser tests need a Chromium. On a fresh Debian machine as root we install Debian's package;
// anywhere else we say how to point the tests at one.
import { execSync } from 'node:child_process';
import { chromiumPath } from './chromium-path.mjs';

if (!chromiumPath()) {
  const root = process.getuid?.() === 0;
  let apt = false;
  try { execSync('command -v apt-get', { stdio: 'ignore' }); apt = true; } catch { /* not Debian */ }
  if (root && apt) {
    console.log('Chromium is missing: installing Debian\'s chromium package…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } else {
    console.error('No Chromium found. Install one (Debian: apt-get install chromium) or set CHROME_PATH=/path/to/chromium.');
    process.exit(1);
  }
}
console.log(`Chromium: ${chromiumPath()}`);
