/**
 * The events of files being read (one, or all the files of a report), one per id as merge.ts
 * keeps them, remembering where each was read: a same-id copy that is another fact (see
 * conflictOf) rejects the file naming both places, instead of silently replacing the first.
 */
import type { InboxEvent } from '../events';
import { ImportError } from './import-error';
import { withoutSuperseded } from './links';
import { conflictOf, preferredEvent } from './merge';

/** Where an event was read: its file (when several are read together) and 1-based line. */
export interface Place {
  file?: string;
  line: number;
}

const placeText = (p: Place): string => (p.file === undefined ? `line ${p.line}` : `${p.file}:${p.line}`);

export class EventLog {
  private readonly kept = new Map<string, { event: InboxEvent; place: Place }>();

  /** Keeps `event` (or the copy already kept, by the merge rule); throws ImportError on a conflict. */
  add(event: InboxEvent, place: Place): void {
    const before = this.kept.get(event.id);
    if (before) {
      const field = conflictOf(before.event, event);
      if (field) throw new ImportError(place.line, `same id as ${placeText(before.place)} but another "${field}": ${JSON.stringify(event.id)}`);
      if (preferredEvent(before.event, event) === before.event) return;
    }
    this.kept.set(event.id, { event, place });
  }

  /** One event per id, without the messages a link supersedes. */
  events(): InboxEvent[] {
    return withoutSuperseded([...this.kept.values()].map((k) => k.event));
  }
}
