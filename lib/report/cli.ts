/**
 * `inbox-pulse-report` / `npm run report`: the only Node-specific module of lib/ (it reads
 * files). Exit 0 on success (and for --help), 2 on bad input, or any other failure, with a
 * one-line reason on stderr.
 */
import { createReadStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { InboxEvent } from '../events';
import { defaultSettings, type Settings } from '../settings';
import { EventLog } from '../formats/event-log';
import { ImportError, readEventsInto } from '../formats/import';
import { parseInstant } from '../metrics/periods';
import { isValidTimeZone } from '../metrics/time-zone';
import { agentsCsv } from '../formats/agents-csv';
import { episodesCsv } from '../formats/episodes-csv';
import { analyze, reportJson } from './build';
import { settingsFrom } from './settings-file';
import { renderTables } from './tables';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The current time; Date.now() by default. */
  clock?: () => number;
}

export const USAGE = `usage: report <events.ndjson ...> [--from T] [--to T|now] [--tz Zone] [--settings file.json] [--json]
              [--episodes-csv FILE] [--agents-csv FILE]
Merges the event files and prints the team's and each agent's figures for the period [from, to).
  T               an ISO-8601 time (2026-11-24T10:41:07.250Z) or a date YYYY-MM-DD (midnight in --tz)
  --from T        start of the period; default the earliest event
  --to T|now      end of the period (excluded) and the instant the live sections describe;
                  default just after the last event, so an old file reads as of its end
  --tz Zone       time zone of dates and printed times; default the settings' zone
  --settings FILE settings JSON (targets, auto-close, business hours), laid over the defaults
  --json          print the report as JSON instead of tables
  --episodes-csv FILE, --agents-csv FILE   also write these spreadsheets
Exit status: 0 on success, 2 on bad input with a one-line reason.
`;

class InputError extends Error {}

const VALUE_FLAGS = new Set(['--from', '--to', '--tz', '--settings', '--episodes-csv', '--agents-csv']);

function parseArgs(argv: string[]): { files: string[]; flags: Map<string, string>; json: boolean } {
  const files: string[] = [];
  const flags = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--') continue;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      if (!VALUE_FLAGS.has(name)) throw new InputError(`unknown option ${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new InputError(`${name} needs a value`);
      flags.set(name, value);
    } else files.push(arg);
  }
  if (files.length === 0) throw new InputError('no input files (report --help prints the usage)');
  return { files, flags, json };
}

/** A settings file is a few hundred bytes; reading stops past this (`--settings /dev/zero` must not hang). */
const MAX_SETTINGS_BYTES = 1 << 20;

async function readSettingsText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of createReadStream(path, { start: 0, end: MAX_SETTINGS_BYTES })) chunks.push(chunk as Buffer);
  } catch (err) {
    throw new InputError(`cannot read settings ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.length > MAX_SETTINGS_BYTES) throw new InputError(`bad settings ${path}: larger than 1 MiB`);
  return bytes.toString('utf8');
}

async function loadSettings(path: string | undefined): Promise<Settings> {
  if (!path) return defaultSettings();
  const text = await readSettingsText(path);
  try {
    return settingsFrom(JSON.parse(text));
  } catch (err) {
    throw new InputError(`bad settings ${path}: ${(err as Error).message}`);
  }
}

/** Reads `paths` into one log, so duplicates, conflicts and links are resolved across files. */
async function loadEvents(paths: string[], now: number): Promise<InboxEvent[]> {
  const log = new EventLog();
  for (const path of paths) await loadFile(log, path, now);
  return log.events();
}

async function loadFile(log: EventLog, path: string, now: number): Promise<void> {
  try {
    await readEventsInto(log, createReadStream(path), { file: path, now });
  } catch (err) {
    if (err instanceof ImportError) throw new InputError(`${path}:${err.line}: ${err.reason}`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new InputError(`cannot read ${path}: ${code}`);
    throw err;
  }
}

/** Written whole or not at all: a file beside it, renamed over it once complete. */
async function writeOutput(path: string, text: string): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, text, 'utf8');
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw new InputError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function instant(flag: string, text: string | undefined, tz: string, now: number): number | undefined {
  if (text === undefined) return undefined;
  if (flag === '--to' && text === 'now') return now;
  const t = parseInstant(text, tz);
  if (t === null) throw new InputError(`bad ${flag}: ${text} (expected an ISO-8601 time such as 2026-11-24T10:41:07.250Z, or a date YYYY-MM-DD)`);
  return t;
}

/** Just after the last event (the period excludes its end), or `now` when there is none. */
function afterLastEvent(events: InboxEvent[], now: number): number {
  const last = events.reduce((max, e) => Math.max(max, Date.parse(e.at) + 1), -Infinity);
  return Number.isFinite(last) ? last : now;
}

/** One line for stderr, whatever the error. */
const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    if (argv.includes('--help')) {
      io.stdout(USAGE);
      return 0;
    }
    return await run(argv, io);
  } catch (err) {
    io.stderr(`report: ${err instanceof InputError ? '' : 'unexpected error: '}${oneLine(err)}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const now = (io.clock ?? Date.now)();
  const { files, flags, json } = parseArgs(argv);
  const settings = await loadSettings(flags.get('--settings'));
  const tz = flags.get('--tz') ?? settings.timeZone;
  if (!isValidTimeZone(tz)) throw new InputError(`unknown time zone: ${tz}`);
  const from = instant('--from', flags.get('--from'), tz, now);
  const givenTo = instant('--to', flags.get('--to'), tz, now);
  if (from !== undefined && givenTo !== undefined && from >= givenTo) throw new InputError('--from must be before --to');
  const events = await loadEvents(files, now);
  const to = givenTo ?? afterLastEvent(events, now);
  if (from !== undefined && from >= to) throw new InputError('--from must be before the last event (or give --to)');
  const analysis = analyze(events, { settings, from, to });
  const report = reportJson(analysis, tz);
  // Every output is computed before any is written, so a failure leaves no partial set.
  const outputs: Array<[string | undefined, () => string]> = [
    [flags.get('--episodes-csv'), () => episodesCsv(analysis.episodes, analysis.range)],
    [flags.get('--agents-csv'), () => agentsCsv(analysis.kpis, (id) => analysis.directory.info(id)?.team ?? '', settings.targets)],
  ];
  const texts = outputs.flatMap(([path, text]) => (path ? [[path, text()] as const] : []));
  for (const [path, text] of texts) await writeOutput(path, text);
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : renderTables(report));
  return 0;
}
