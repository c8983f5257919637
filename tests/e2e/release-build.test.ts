import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXTENSION_DIR } from '../../scripts/launch-chromium.mjs';

/** Every file of the built extension, relative to its root. */
const files = (dir: string, prefix = ''): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((d) => (d.isDirectory() ? files(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]));

it('the build `npm test` loads ships no benchmark page and asks only for the inbox host', () => {
  const built = files(EXTENSION_DIR);
  expect(built).toContain('sidepanel.html');
  expect(built.filter((f) => f.includes('bench'))).toEqual([]);
  expect(existsSync(join(EXTENSION_DIR, 'bench-scale.html'))).toBe(false);
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
  expect(manifest.host_permissions).toEqual(['https://web.whatsapp.com/*']);
});
