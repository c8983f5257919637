/**
 * The three export files of docs/formats.md for a period, from the event log. Episodes and KPIs need
 * events from before the period (an episode opened last week may be answered today), so callers
 * pass everything from `range.from - EXPORT_LOOKBACK_MS` on; the files themselves hold only the period.
 */
import type { InboxEvent } from './events';
import { agentsCsv } from './formats/agents-csv';
import { episodesCsv } from './formats/episodes-csv';
import { toEventsNdjson } from './formats/ndjson';
import type { Range } from './metrics/periods';
import { analyze } from './report/build';
import type { Settings } from './settings';

export type ExportKind = 'events.ndjson' | 'episodes.csv' | 'agents.csv';
export const EXPORT_KINDS: readonly ExportKind[] = ['events.ndjson', 'episodes.csv', 'agents.csv'];
export const EXPORT_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

export interface ExportFile { filename: string; mime: string; text: string }

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function buildExport(kind: ExportKind, events: readonly InboxEvent[], settings: Settings, range: Range, now: number): ExportFile {
  const [base, ext] = kind.split('.');
  const filename = `inbox-pulse-${base}-${day(range.from)}_${day(range.to - 1)}.${ext}`;
  if (kind === 'events.ndjson') return { filename, mime: 'application/x-ndjson', text: toEventsNdjson(events, range) };
  // The report's end instant is also its clock: a period that is not over yet ends now.
  const analysis = analyze(events, { settings, from: range.from, to: Math.min(range.to, now) });
  if (kind === 'episodes.csv') return { filename, mime: 'text/csv', text: episodesCsv(analysis.episodes, range) };
  const teamOf = (agent: string) => analysis.directory.info(agent)?.team ?? '';
  return { filename, mime: 'text/csv', text: agentsCsv(analysis.kpis, teamOf, settings.targets) };
}
