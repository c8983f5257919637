import { expect, it } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import type { PulseDb } from '../../../lib/store/db';
import type { WriteResult } from '../../../lib/store/events-store';
import { createGroupWriter } from '../../../lib/store/group-writer';

const batch = (name: string, size = 1): InboxEvent[] =>
  Array.from({ length: size }, (_, i) => ({ v: 1, id: `${name}:${i}`, at: '2026-11-25T10:00:00.000Z', type: 'status', agent: name, status: 'online', reason: 'manual' }));

/** A put whose calls are recorded and finish only when told to (or fail on an event of agent `bad`). */
function controlledPut() {
  const calls: Array<{ agents: string[]; size: number; finish(): void }> = [];
  const put = (_db: PulseDb, events: readonly InboxEvent[]) => new Promise<WriteResult>((resolve, reject) => {
    const agents = [...new Set(events.map((e) => (e as { agent: string }).agent))];
    calls.push({ agents, size: events.length, finish: () => (agents.includes('bad') ? reject(new Error('bad batch')) : resolve({ added: events.length, updated: 0, duplicates: 0, removed: 0 })) });
  });
  return { calls, put };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

it('writes the batches that arrive during a write together, each settled once its own write committed', async () => {
  const { calls, put } = controlledPut();
  const writer = createGroupWriter(Promise.resolve({} as PulseDb), put, 0);
  const settled: string[] = [];
  const write = (name: string, size?: number) => writer.write(batch(name, size)).then(() => settled.push(name));
  const first = write('a');
  await tick();
  const rest = ['b', 'c', 'd'].map((name) => write(name));
  await tick();
  expect(calls.map((c) => c.agents)).toEqual([['a']]);
  calls[0].finish();
  await first;
  await tick();
  expect(settled).toEqual(['a']);
  expect(calls.map((c) => c.agents)).toEqual([['a'], ['b', 'c', 'd']]);
  calls[1].finish();
  await Promise.all(rest);
  expect(settled).toEqual(['a', 'b', 'c', 'd']);
});

it('settles each batch with the counts of the transaction that held it', async () => {
  const { calls, put } = controlledPut();
  const writer = createGroupWriter(Promise.resolve({} as PulseDb), put, 0);
  const first = writer.write(batch('a'));
  await tick();
  const rest = [writer.write(batch('b', 2)), writer.write(batch('c', 3))];
  await tick();
  calls[0].finish();
  expect(await first).toEqual({ added: 1, updated: 0, duplicates: 0, removed: 0 });
  await tick();
  calls[1].finish();
  expect(await Promise.all(rest)).toEqual([{ added: 5, updated: 0, duplicates: 0, removed: 0 }, { added: 5, updated: 0, duplicates: 0, removed: 0 }]);
});

it('keeps a group under its size limit, and fails only the bad batch of a group that failed', async () => {
  const { calls, put } = controlledPut();
  const writer = createGroupWriter(Promise.resolve({} as PulseDb), put, 0);
  const outcome = new Map<string, string>();
  const write = (name: string, size?: number) => writer.write(batch(name, size)).then(() => outcome.set(name, 'ok'), (e: Error) => outcome.set(name, e.message));
  const all = [write('a')];
  await tick();
  all.push(write('big1', 12_000), write('big2', 12_000), write('b'), write('bad'), write('c'));
  for (let i = 0; i < 12 && outcome.size < 6; i++) {
    await tick();
    for (const call of calls) call.finish();
  }
  await Promise.all(all);
  expect(calls.map((c) => c.agents)).toEqual([
    ['a'], ['big1'], ['big2', 'b', 'bad', 'c'], // 24 000 events would pass the limit: big2 starts the next group
    ['big2'], ['b'], ['bad'], ['c'], // that group failed: each batch alone
  ]);
  expect(Object.fromEntries(outcome)).toEqual({ a: 'ok', big1: 'ok', big2: 'ok', b: 'ok', bad: 'bad batch', c: 'ok' });
});

it('lets the first write of a burst wait for the batches said to follow, and no longer', async () => {
  const { calls, put } = controlledPut();
  const writer = createGroupWriter(Promise.resolve({} as PulseDb), put, 30);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const written = [writer.write(batch('a'), true)];
  await sleep(10);
  written.push(writer.write(batch('b'), true));
  await sleep(10);
  expect(calls).toHaveLength(0);
  written.push(writer.write(batch('c'))); // the last of the burst: written at once, with the others
  await tick();
  expect(calls.map((c) => c.agents)).toEqual([['a', 'b', 'c']]);
  calls[0].finish();
  await Promise.all(written);
  // A lone batch does not wait.
  const lone = writer.write(batch('d'));
  await tick();
  expect(calls.map((c) => c.agents)).toEqual([['a', 'b', 'c'], ['d']]);
  calls[1].finish();
  await lone;
  await tick(); // the writer goes idle
  // Said to be followed by a batch that never comes (the tab went away): one quiet spell, then written.
  const orphan = writer.write(batch('e'), true);
  await sleep(10);
  expect(calls).toHaveLength(2);
  await sleep(60);
  expect(calls.map((c) => c.agents)).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
  calls[2].finish();
  await orphan;
});
