/**
 * Whose fact an event is (docs/formats.md, team hub): an agent token may send only its own. The
 * database derives the same owner in the events table (migrations/0001, column `owner`) and
 * its policies enforce it; this copy lets the hub answer 403 with the line before writing.
 */
import type { InboxEvent } from '../lib/events';

/** The agent whose fact this is; null when it is anyone's (customer and bot messages, unattributed or signature replies, links). */
export function ownerOf(e: InboxEvent): string | null {
  switch (e.type) {
    case 'agent':
    case 'status':
    case 'close':
    case 'return_to_bot':
      return e.agent;
    case 'message':
      return e.by === 'agent' && e.attribution === 'local' ? (e.agent ?? null) : null;
    default:
      return null;
  }
}
