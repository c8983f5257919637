import { expect, it } from 'vitest';
import config from '../../../wxt.config';

type Manifest = { permissions?: string[]; web_accessible_resources?: Array<{ resources: string[]; matches: string[] }> };
type ManifestOf = (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => Manifest;

const manifest = (browser: string): Manifest =>
  (config.manifest as ManifestOf)({ browser, manifestVersion: 3, mode: 'production', command: 'build' });

it('builds Manifest V3 for every browser: V2 cannot restrict web-accessible pages to the inbox', () => {
  expect(config.manifestVersion).toBe(3);
});

it.each(['chrome', 'firefox'])('%s: exposes its pages to the inbox only and asks for no permission it does not use', (browser) => {
  const m = manifest(browser);
  expect(m.permissions).not.toContain('downloads');
  expect(m.web_accessible_resources?.length).toBeGreaterThan(0);
  for (const entry of m.web_accessible_resources ?? []) expect(entry.matches).toEqual(['https://web.whatsapp.com/*']);
});
