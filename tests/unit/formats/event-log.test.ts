import { describe, expect, it } from 'vitest';
import { ImportError, parseEventsNdjson, readEventsInto } from '../../../lib/formats/import';
import { EventLog } from '../../../lib/formats/event-log';
import { mergeEvents } from '../../../lib/formats/merge';
import { type InboxEvent, linkId, messageId } from '../../../lib/events';
import { agentInfo, agentMsg, at, close, customer, status } from '../metrics/events-builder';

const ndjson = (...events: InboxEvent[]): string => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;

async function rejection(run: Promise<unknown>): Promise<ImportError> {
  const err = await run.then(() => new Error('accepted'), (e: unknown) => e);
  if (!(err instanceof ImportError)) throw err;
  return err;
}

const row = customer('c1', 1, { msg: 'row-1' });
const real = customer('c1', 1, { msg: 'true-key' });
const link = (toMsg?: string): InboxEvent => ({
  v: 1, id: linkId('whatsapp', 'c1', 'row-1'), type: 'link', at: at(2), site: 'whatsapp', chat: 'c1', msg: 'row-1',
  ...(toMsg ? { toChat: 'c1', toMsg } : {}),
});

describe('same id, another fact: the file is rejected naming both lines', () => {
  it.each([
    ['a close by another agent', close('c1', 5, 'ana'), { ...close('c1', 5, 'ana'), agent: 'bob' }, 'agent'],
    ['a status with another reason', status('ana', 5, 'online', 'manual'), status('ana', 5, 'online', 'idle'), 'reason'],
    ['an agent identity with another team', agentInfo('ana', 'Ana', 'sales'), agentInfo('ana', 'Ana', 'support'), 'team'],
    ['a message in another direction', customer('c1', 1, { msg: 'k' }), agentMsg('c1', 1, 'ana', { msg: 'k' }), 'dir'],
    ['a link to another message', link('true-key'), link('other-key'), 'toMsg'],
    ['another type', close('c1', 5, 'ana'), { ...status('ana', 5, 'online'), id: close('c1', 5, 'ana').id }, 'type'],
  ])('%s', async (_name, first, second, field) => {
    const err = await rejection(parseEventsNdjson(ndjson(agentInfo('zed', 'Zed'), first, status('zed', 9, 'online'), second)));
    expect([err.line, err.reason]).toEqual([4, `same id as line 2 but another "${field}": ${JSON.stringify(first.id)}`]);
  });

  it('across the files read into one log, naming the other file', async () => {
    const log = new EventLog();
    await readEventsInto(log, [ndjson(status('ana', 1, 'online'), close('c1', 5, 'ana'))], { file: 'ana.ndjson' });
    const err = await rejection(readEventsInto(log, [ndjson({ ...close('c1', 5, 'ana'), agent: 'bob' })], { file: 'bob.ndjson' }));
    expect([err.line, err.reason]).toEqual([1, `same id as ana.ndjson:2 but another "agent": ${JSON.stringify(close('c1', 5, 'ana').id)}`]);
  });

  it('copies of one message keep the merge rule: strongest attribution, then live, whatever the order', async () => {
    const none = agentMsg('c1', 3, 'unknown', { msg: 'k', attribution: 'none', live: true });
    const local = { ...none, agent: 'ana', attribution: 'local' as const, live: false, at: at(4) };
    const signature = { ...none, agent: 'Ana', attribution: 'signature' as const };
    for (const order of [[none, local, signature], [signature, none, local], [local, signature, none]]) {
      expect(await parseEventsNdjson(ndjson(...order))).toEqual([local]);
    }
    const backfilled = { ...none, live: false, at: at(9) };
    expect(await parseEventsNdjson(ndjson(backfilled, none))).toEqual([none]);
  });

  it('identical copies and copies differing only in unknown fields are one event', async () => {
    const e = close('c1', 5, 'ana');
    const newer = { ...e, note: 'added by a newer version' };
    expect(await parseEventsNdjson(ndjson(e, e, newer))).toHaveLength(1);
  });
});

describe('links: a superseded message is dropped wherever it is', () => {
  it.each([
    ['message before the link', [row, real, link('true-key')]],
    ['message after the link', [link('true-key'), real, row]],
    ['retracted (no real message)', [row, link()]],
  ])('%s', async (_name, events) => {
    const kept = await parseEventsNdjson(ndjson(...events));
    expect(kept.map((e) => e.id)).not.toContain(messageId('whatsapp', 'c1', 'row-1'));
    expect(kept).toHaveLength(events.length - 1);
  });

  it('in another file read into the same log, in either order', async () => {
    for (const files of [[[row], [link('true-key'), real]], [[link('true-key')], [real, row]]]) {
      const log = new EventLog();
      for (const [i, events] of files.entries()) await readEventsInto(log, [ndjson(...events)], { file: `f${i}` });
      expect(log.events().map((e) => e.id).sort()).toEqual([linkId('whatsapp', 'c1', 'row-1'), real.id].sort());
    }
  });

  it('and when lists of events are merged', () => {
    expect(mergeEvents([row, real], [link('true-key')]).map((e) => e.id)).toEqual([real.id, link().id]);
  });
});
