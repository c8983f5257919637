#!/usr/bin/env node
// Runs the TypeScript report command (lib/report/cli.ts) through tsx's loader, so the
// report and the extension share one implementation of the metrics with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/report/cli.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
