import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string): Messages => JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8'));
const en = load('en');
const fr = load('fr');

const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
});

/** Every literal key the options page, side panel and widgets ask for, plus the validation keys. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of [...files('components/options'), ...files('components/sidepanel'), ...files('components/ui'), ...files('components/charts')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]);
    for (const m of text.matchAll(/'((?:period|bucket|status|opt)[A-Z][A-Za-z0-9]*)'/g)) keys.add(m[1]);
  }
  for (const m of readFileSync('lib/settings-validation.ts', 'utf8').matchAll(/'(err[A-Z][A-Za-z]*)'/g)) keys.add(m[1]);
  return keys;
}

it('every message the pages use exists in English and French', () => {
  const keys = [...usedKeys()];
  expect(keys.length).toBeGreaterThan(150);
  expect(keys.filter((k) => !en[k])).toEqual([]);
  expect(keys.filter((k) => !fr[k])).toEqual([]);
});

it('French and English messages take the same placeholders', () => {
  const mismatched = [...usedKeys()].filter((k) => {
    const a = Object.keys(en[k]?.placeholders ?? {}).sort().join();
    const b = Object.keys(fr[k]?.placeholders ?? {}).sort().join();
    const used = (m: string) => [...m.matchAll(/\$([A-Z_]+)\$/g)].map((x) => x[1].toLowerCase()).sort().join();
    return a !== b || used(en[k].message) !== used(fr[k].message) || used(en[k].message) !== a;
  });
  expect(mismatched).toEqual([]);
});
