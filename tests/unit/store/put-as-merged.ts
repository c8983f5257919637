/** Writes a batch and checks putEvents' counts against merging it into `model` one copy at a time (which it updates). */
import { expect } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import { mergeInto } from '../../../lib/formats/merge';
import type { PulseDb } from '../../../lib/store/db';
import { putEvents } from '../../../lib/store/events-store';

export async function putAsMerged(db: PulseDb, model: Map<string, InboxEvent>, batch: readonly InboxEvent[]): Promise<void> {
  const before = new Map(model);
  const stats = mergeInto(model, batch);
  const ids = new Set(batch.map((e) => e.id));
  expect(await putEvents(db, batch)).toEqual({
    added: [...ids].filter((id) => !before.has(id)).length,
    updated: [...ids].filter((id) => before.has(id) && model.get(id) !== before.get(id)).length,
    duplicates: stats.unchanged,
    removed: 0,
  });
}
