/**
 * The whole pipeline from a raw event log, for callers that hold events (the service
 * worker, the side panel, the report): one id per event, names resolved to agent ids,
 * episodes and status intervals as of `now`. Everything else (KPIs for a period, the live
 * lists, exports) is computed from this result.
 */
import type { InboxEvent } from '../events';
import type { Settings } from '../settings';
import { mergeEvents } from '../formats/merge';
import { type AgentDirectory, agentDirectory } from './agent-directory';
import { type Episode, buildEpisodes } from './episodes';
import { type StatusInterval, statusIntervals } from './status-intervals';

export interface EventAnalysis {
  /** One event per id (the preferred copy). */
  events: InboxEvent[];
  directory: AgentDirectory;
  episodes: Episode[];
  intervals: StatusInterval[];
}

export type AnalysisSettings = Pick<Settings, 'autoCloseAfterS' | 'businessHours' | 'heartbeatTimeoutS'>;

export function analyzeEvents(input: Iterable<InboxEvent>, settings: AnalysisSettings, now: number): EventAnalysis {
  const events = mergeEvents(input);
  const directory = agentDirectory(events);
  return {
    events,
    directory,
    episodes: buildEpisodes(events, settings, { now, resolveAgent: directory.resolve, recordingStart: directory.recordingStart }),
    intervals: statusIntervals(events, { now, heartbeatTimeoutS: settings.heartbeatTimeoutS, resolveAgent: directory.resolve }),
  };
}
