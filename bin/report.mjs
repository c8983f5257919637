#!/usr/bin/env node
// The report command, bundled from lib/report/cli.ts (scripts/build-report.mjs): the report and the
// extension share one implementation of the metrics, and Node runs it with no dependency installed.
import { main } from './report-cli.mjs';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
