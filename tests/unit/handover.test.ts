import { expect, it } from 'vitest';
import { importHandoverKey, newHandoverKey, sealEvents, unsealEvents } from '../../lib/pipeline/handover';
import type { InboxEvent } from '../../lib/events';

const close: InboxEvent = { v: 1, id: 'close-1', at: '2026-12-04T10:00:00.000Z', type: 'close', site: 'whatsapp', chat: 'Bob', agent: 'maria' };
const message: InboxEvent = {
  v: 1, id: 'm-1', at: '2026-12-04T10:00:01.250Z', type: 'message', site: 'whatsapp', chat: 'Bob', chatTitle: 'Bob',
  msg: 'ABC', dir: 'in', by: 'customer', attribution: 'none', live: true,
};

it('hands the events over as they were, under the same key', async () => {
  const key = await importHandoverKey(newHandoverKey());
  expect(await unsealEvents(await sealEvents([message, close], key), key)).toEqual([message, close]);
});

it('gives nothing for what the page could write: no text, garbage, a changed body, another key', async () => {
  const key = await importHandoverKey(newHandoverKey());
  const sealed = await sealEvents([close], key);
  const forged = JSON.stringify({ ...JSON.parse(sealed), body: JSON.stringify([{ ...close, agent: 'someone' }]) });
  for (const text of [null, '', 'not json', '{"body":1}', JSON.stringify({ body: JSON.stringify([close]), mac: '00' }), forged]) {
    expect(await unsealEvents(text, key), String(text)).toEqual([]);
  }
  expect(await unsealEvents(sealed, await importHandoverKey(newHandoverKey()))).toEqual([]);
});
