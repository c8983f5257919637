import { existsSync } from 'node:fs';

/** Debian's Chromium unless CHROME_PATH points elsewhere; Playwright's own browser downloads are not used. */
export const chromiumPath = () => process.env.CHROME_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
