// `npm run bench`: every benchmark part in scripts/bench/, one after the other (they share the
// machine's two cores, so never in parallel), each printing its own table; a summary at the end.
// Budgets are checked here, not in timed unit tests: a part returns its rows with their targets.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const parts = readdirSync(new URL('./bench/', import.meta.url)).filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();

// Parts that need no browser nor extension build (the hub's server).
const SERVER_PARTS = new Set(['hub.mjs']);
if (parts.some((f) => !SERVER_PARTS.has(f))) {
  execFileSync(process.execPath, ['scripts/ensure-chromium.mjs'], { stdio: 'inherit' });
  // With the bench-only page (entrypoints/bench-scale), which release builds leave out.
  execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build'], { stdio: 'inherit', env: { ...process.env, INBOX_PULSE_BENCH: '1' } });
}

const summary = [];
for (const file of parts) {
  const { run } = await import(`./bench/${file}`);
  console.log(`\n== ${file.replace(/\.mjs$/, '')} ==`);
  const rows = await run();
  console.table(rows.map(({ measure, value, unit, target, ok }) => ({ measure, value, unit, target, ok: ok === undefined ? '' : ok ? 'yes' : 'NO' })));
  summary.push(...rows);
}
const failed = summary.filter((r) => r.ok === false);
console.log(failed.length ? `\n${failed.length} budget(s) missed: ${failed.map((r) => r.measure).join('; ')}` : '\nAll budgets met.');
