import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// WXT's generated types, for the editor and `tsc`. `npm ci --omit=dev` installs no WXT and needs none:
// the report command runs without it.
if (existsSync('node_modules/wxt/bin/wxt.mjs')) execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'prepare'], { stdio: 'inherit' });
