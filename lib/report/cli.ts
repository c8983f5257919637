/**
 * `inbox-pulse-report` / `npm run report`: the only Node-specific module of lib/ (it reads
 * files). Exit 0 on success, 2 on bad input with a one-line reason on stderr.
 *
 *   report <events.ndjson ...> [--from T] [--to T] [--tz Zone] [--settings file.json] [--json]
 *          [--episodes-csv FILE] [--agents-csv FILE]
 *
 * T is an ISO-8601 instant or a date (local midnight in --tz). The period is [from, to);
 * from defaults to the earliest event, to to now. `now` (live sections) is --to when given,
 * else the current time (or the hidden --now T, for tests). --tz defaults to the settings'
 * time zone, itself defaulting to the system's.
 */
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { InboxEvent } from '../events';
import { defaultSettings, type Settings } from '../settings';
import { ImportError, parseEventsStream } from '../formats/import';
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

class InputError extends Error {}

const VALUE_FLAGS = new Set(['--from', '--to', '--tz', '--settings', '--now', '--episodes-csv', '--agents-csv']);

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
  if (files.length === 0) throw new InputError('no input files (usage: report <events.ndjson ...> [--from T] [--to T] [--tz Zone] [--settings file.json] [--json] [--episodes-csv FILE] [--agents-csv FILE])');
  return { files, flags, json };
}

async function loadSettings(path: string | undefined): Promise<Settings> {
  if (!path) return defaultSettings();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read settings ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return settingsFrom(JSON.parse(text));
  } catch (err) {
    throw new InputError(`bad settings ${path}: ${(err as Error).message}`);
  }
}

async function loadEvents(path: string): Promise<InboxEvent[]> {
  try {
    return await parseEventsStream(createReadStream(path));
  } catch (err) {
    if (err instanceof ImportError) throw new InputError(`${path}:${err.line}: ${err.reason}`);
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${path}: ${code ?? (err as Error).message}`);
  }
}

async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (err) {
    throw new InputError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function instant(flag: string, text: string | undefined, tz: string): number | undefined {
  if (text === undefined) return undefined;
  const t = parseInstant(text, tz);
  if (t === null) throw new InputError(`bad ${flag}: ${text} (expected an ISO-8601 time such as 2026-11-24T10:41:07.250Z, or a date YYYY-MM-DD)`);
  return t;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { files, flags, json } = parseArgs(argv);
    const settings = await loadSettings(flags.get('--settings'));
    const tz = flags.get('--tz') ?? settings.timeZone;
    if (!isValidTimeZone(tz)) throw new InputError(`unknown time zone: ${tz}`);
    const from = instant('--from', flags.get('--from'), tz);
    const to = instant('--to', flags.get('--to'), tz) ?? instant('--now', flags.get('--now'), tz) ?? (io.clock ?? Date.now)();
    if (from !== undefined && from >= to) throw new InputError('--from must be before --to');
    const events: InboxEvent[] = [];
    for (const file of files) for (const e of await loadEvents(file)) events.push(e);
    const analysis = analyze(events, { settings, from, to });
    const report = reportJson(analysis, tz);
    const episodesPath = flags.get('--episodes-csv');
    if (episodesPath) await writeOutput(episodesPath, episodesCsv(analysis.episodes, analysis.range));
    const agentsPath = flags.get('--agents-csv');
    if (agentsPath) await writeOutput(agentsPath, agentsCsv(analysis.kpis, (id) => analysis.directory.info(id)?.team ?? '', settings.targets));
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : renderTables(report));
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`report: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
