import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it, vi } from 'vitest';
import { bundleReport, REPORT_BUNDLE } from '../../../scripts/build-report.mjs';

vi.setConfig({ testTimeout: 60_000 });

const root = resolve(__dirname, '../../..');
const fixture = (name: string) => join(root, 'tests/fixtures/report', name);

it('the committed report bundle is built from the current sources (else run `npm run build:report`)', async () => {
  expect(readFileSync(REPORT_BUNDLE, 'utf8') === await bundleReport()).toBe(true);
});

it('runs from bin/ alone: no node_modules, no TypeScript sources (as after `npm ci --omit=dev`)', async () => {
  const bin = mkdtempSync(join(tmpdir(), 'inbox-pulse-bin-'));
  for (const file of ['report.mjs', 'report-cli.mjs']) copyFileSync(join(root, 'bin', file), join(bin, file));
  const args = [
    fixture('scenario.ndjson'), fixture('scenario-bob.ndjson'), '--settings', fixture('scenario.settings.json'),
    '--from', '2026-11-24T07:00:00.000Z', '--to', '2026-11-24T13:00:00.000Z', '--tz', 'Europe/Paris', '--json',
  ];
  const { stdout } = await promisify(execFile)(process.execPath, [join(bin, 'report.mjs'), ...args], { cwd: bin });
  expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(fixture('scenario.expected.json'), 'utf8')));
});
