import { beforeEach, expect, it, vi } from 'vitest';
import type { InboxEvent, StatusEvent } from '../../../lib/events';
import { defaultSettings } from '../../../lib/settings';
import { initialStatus, type StatusState } from '../../../lib/status/agent-status';
import type { PulseDb } from '../../../lib/store/db';

/** Extension storage, in memory. */
const saved = vi.hoisted(() => ({ state: undefined as unknown, unsaved: [] as unknown[] }));
vi.mock('../../../lib/store/status-item', () => ({
  statusItem: { getValue: async () => saved.state },
  unsavedStatusItem: { getValue: async () => [...saved.unsaved], setValue: async (v: unknown[]) => { saved.unsaved = v; } },
  saveStatus: async (state: unknown, unsaved: unknown[]) => { Object.assign(saved, { state, unsaved }); },
}));
vi.mock('../../../lib/store/settings-item', () => ({ loadSettings: async () => ({ ...defaultSettings(), agentId: 'ana' }) }));
/** The event store: a write fails while `failing` is set. */
const store = vi.hoisted(() => ({ events: new Map<string, unknown>(), failing: false }));
vi.mock('../../../lib/store/events-store', () => ({
  putEvents: async (_db: unknown, batch: InboxEvent[]) => {
    if (store.failing) throw new DOMException('The disk is full.', 'QuotaExceededError');
    for (const e of batch) store.events.set(e.id, e);
    return { added: batch.length, updated: 0, duplicates: 0, removed: 0 };
  },
}));

const { createStatusRecorder } = await import('../../../entrypoints/background/agent-status');

beforeEach(() => {
  Object.assign(saved, { state: initialStatus() satisfies StatusState, unsaved: [] });
  Object.assign(store, { events: new Map(), failing: false });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

it('keeps a status change whose write failed, and stores it before the next one', async () => {
  const recorder = createStatusRecorder(Promise.resolve({} as PulseDb), () => undefined);
  await recorder.apply({ type: 'inbox', open: true });
  expect([...store.events.values()].map((e) => (e as StatusEvent).status)).toEqual(['online']);
  store.failing = true;
  await recorder.apply({ type: 'manual', status: 'unavailable' });
  expect(store.events.size).toBe(1);
  expect(saved.unsaved).toHaveLength(1);
  store.failing = false;
  await recorder.apply({ type: 'heartbeat' });
  const stored = [...store.events.values()] as StatusEvent[];
  expect(stored.map((e) => `${e.status} ${e.reason}`).slice(0, 2)).toEqual(['online tab', 'unavailable manual']);
  expect(saved.unsaved).toEqual([]);
});
