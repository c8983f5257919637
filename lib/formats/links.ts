/**
 * Link events (events.ts): a message first seen in the chat list is superseded by its real
 * message, or retracted. Wherever the link and the message are (one file or several, either
 * order), the superseded message no longer counts, so every message counts once.
 */
import { type InboxEvent, messageId } from '../events';

/** `events` without the messages that a link among them supersedes. */
export function withoutSuperseded(events: InboxEvent[]): InboxEvent[] {
  const superseded = new Set<string>();
  for (const e of events) if (e.type === 'link') superseded.add(messageId(e.site, e.chat, e.msg));
  return superseded.size === 0 ? events : events.filter((e) => e.type !== 'message' || !superseded.has(e.id));
}
