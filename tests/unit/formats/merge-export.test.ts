import { describe, expect, it, vi } from 'vitest';

// Property tests run many cases; leave room on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });
import fc from 'fast-check';
import { mergeEvents, mergeInto, preferredEvent, shouldReplace } from '../../../lib/formats/merge';
import { eventsNdjsonLines, toEventsNdjson } from '../../../lib/formats/ndjson';
import { parseEventsNdjson } from '../../../lib/formats/import';
import type { InboxEvent } from '../../../lib/events';
import { agentMsg, close, customer, status, t } from '../metrics/events-builder';

const canonical = (events: InboxEvent[]) => [...events].sort((a, b) => (a.id < b.id ? -1 : 1));

const eventArb: fc.Arbitrary<InboxEvent> = fc
  .record({
    kind: fc.constantFrom('customer', 'agent', 'close', 'status'),
    msg: fc.constantFrom('k1', 'k2', 'k3'),
    minute: fc.integer({ min: 0, max: 5 }),
    attribution: fc.constantFrom('local' as const, 'signature' as const, 'none' as const),
    live: fc.boolean(),
    agent: fc.constantFrom('ana', 'Ana', 'unknown'),
  })
  .map((r) => {
    if (r.kind === 'customer') return customer('c', r.minute, { msg: r.msg, live: r.live });
    if (r.kind === 'agent') return agentMsg('c', r.minute, r.agent, { msg: r.msg, attribution: r.attribution, live: r.live });
    if (r.kind === 'close') return close('c', r.minute, r.agent);
    return status(r.agent, r.minute, 'online');
  });

describe('merge (import is idempotent by id, with the attribution rule)', () => {
  it('keeps the strongest attribution: local > signature > none', () => {
    const sig = agentMsg('c', 1, 'Ana', { msg: 'x', attribution: 'signature' });
    const local = { ...sig, agent: 'ana', attribution: 'local' as const };
    const none = { ...sig, agent: 'unknown', attribution: 'none' as const };
    expect(preferredEvent(sig, local)).toBe(local);
    expect(preferredEvent(none, sig)).toBe(sig);
    expect(mergeEvents([none], [local], [sig])).toEqual([local]);
  });

  it('prefers a live observation at equal attribution', () => {
    const back = customer('c', 1, { msg: 'x', live: false });
    const live = { ...back, live: true, at: new Date(t(2)).toISOString() };
    expect(preferredEvent(back, live)).toBe(live);
  });

  it('merging a file twice changes nothing', () => {
    fc.assert(
      fc.property(fc.array(eventArb), fc.array(eventArb), (store, file) => {
        const map = new Map(mergeEvents(store).map((e) => [e.id, e]));
        mergeInto(map, file);
        const once = canonical([...map.values()]);
        const stats = mergeInto(map, file);
        expect(stats.added + stats.replaced).toBe(0);
        expect(canonical([...map.values()])).toEqual(once);
      }),
    );
  });

  it('gives the same store for any order of files and events', () => {
    fc.assert(
      fc.property(fc.array(eventArb), fc.array(eventArb), (a, b) => {
        expect(canonical(mergeEvents(a, b))).toEqual(canonical(mergeEvents([...b].reverse(), [...a].reverse())));
      }),
    );
  });

  it('shouldReplace is false for an identical event', () => {
    const e = customer('c', 0, { msg: 'same' });
    expect(shouldReplace(e, structuredClone(e))).toBe(false);
    expect(shouldReplace(undefined, e)).toBe(true);
  });
});

describe('events.ndjson export', () => {
  it('one JSON per line, sorted by at then id, only the chosen period', () => {
    const events = [status('ana', 3, 'online'), customer('b', 1, { msg: 'z' }), customer('a', 1, { msg: 'z' }), customer('a', 9, { msg: 'y' })];
    const lines = [...eventsNdjsonLines(events, { from: t(0), to: t(9) })].map((l) => JSON.parse(l) as InboxEvent);
    expect(lines.map((e) => e.id)).toEqual(['m:whatsapp:a:z', 'm:whatsapp:b:z', 's:ana:2026-11-24T09:03:00.000Z:online']);
  });

  it('round-trips through the importer, unknown fields included', async () => {
    const events: InboxEvent[] = [{ ...customer('a', 0), future: [1, 'two'] }, agentMsg('a', 1, 'ana'), close('a', 2, 'ana')];
    const text = toEventsNdjson(events);
    expect(text.endsWith('\n')).toBe(true);
    expect(await parseEventsNdjson(text)).toEqual(events);
  });
});
