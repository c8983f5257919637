/** Links (events.ts LinkEvent) for the store's tests, and the log as the engine must count it. */
import { type InboxEvent, type LinkEvent, type MessageEvent, linkId, messageId } from '../../../lib/events';

/** The link of a list-seen message to its real message (none: retracted). */
export function linkOf(row: MessageEvent, real?: MessageEvent): LinkEvent {
  return {
    v: 1, id: linkId(row.site, row.chat, row.msg), type: 'link', at: real?.at ?? row.at, site: row.site, chat: row.chat, msg: row.msg,
    ...(real ? { toChat: real.chat, toMsg: real.msg } : {}),
  };
}

/** The log as the engine must count it: links and the messages they supersede left out. */
export function deduplicated(events: readonly InboxEvent[]): InboxEvent[] {
  const superseded = new Set(events.flatMap((e) => (e.type === 'link' ? [messageId(e.site, e.chat, e.msg)] : [])));
  return events.filter((e) => e.type !== 'link' && !superseded.has(e.id));
}
