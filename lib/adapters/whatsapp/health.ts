/**
 * Health probes (docs/architecture.md#reading-whatsapp-web): per-field coverage with thresholds. `ok` at or above `okAt`,
 * `degraded` at or above `failBelow`, `failed` below it. A field with nothing to check is `ok`
 * with coverage 1. The engine suppresses the events that depend on a `failed` field.
 */
import type { FieldHealth, HealthField, ReadCache } from '../site-adapter';
import { chatKeyOf } from '../../observe/normalize';
import { openChat, conversationRoot, scanMessages } from './messages';
import { findChatList, rowElements, rowSelected, rowTitle, rowUnread } from './rows';

export const THRESHOLDS: Record<Exclude<HealthField, 'list' | 'header.title'>, { okAt: number; failBelow: number }> = {
  'rows.title': { okAt: 0.95, failBelow: 0.8 }, // rows have a title
  'rows.unread': { okAt: 1, failBelow: 0.8 }, // every unread-looking badge parses
  'messages.key': { okAt: 0.9, failBelow: 0.6 }, // message rows have a data-id
  'messages.direction': { okAt: 0.95, failBelow: 0.7 }, // keyed rows have 2 agreeing signals
  'messages.tsMinute': { okAt: 0.8, failBelow: 0.5 }, // text rows have a parsed tsMinute
};

function ratio(field: keyof typeof THRESHOLDS, pass: number, total: number, what: string): FieldHealth {
  if (total === 0) return { field, status: 'ok', coverage: 1, reason: `no ${what} to check` };
  const coverage = pass / total;
  const t = THRESHOLDS[field];
  const status = coverage >= t.okAt ? 'ok' : coverage >= t.failBelow ? 'degraded' : 'failed';
  return { field, status, coverage, reason: `${pass}/${total} ${what}` };
}

export function health(doc: Document, cache?: ReadCache): FieldHealth[] {
  const out: FieldHealth[] = [];
  const list = findChatList(doc);
  const rows = rowElements(doc);
  if (!list && !rows.length) out.push({ field: 'list', status: 'failed', coverage: 0, reason: 'chat list not found' });
  else if (rows.length < 3) out.push({ field: 'list', status: 'degraded', coverage: rows.length / 3, reason: `${rows.length} rows rendered` });
  else out.push({ field: 'list', status: 'ok', coverage: 1, reason: `${rows.length} rows rendered` });

  const titled = rows.filter((r) => rowTitle(r) !== undefined);
  out.push(ratio('rows.title', titled.length, rows.length, 'rows have a title'));
  const badges = rows.map((r) => rowUnread(r, doc).badge).filter((b) => b !== 'none');
  out.push(ratio('rows.unread', badges.filter((b) => b === 'parsed').length, badges.length, 'unread badges parse'));

  const root = conversationRoot(doc);
  if (root) {
    const scanned = scanMessages(root, cache);
    const msgRows = scanned.filter((r) => r.looksLikeMessage);
    const keyed = msgRows.filter((r) => r.snapshot);
    out.push(ratio('messages.key', keyed.length, msgRows.length, 'message rows have a key'));
    const bubbles = keyed.filter((r) => r.snapshot!.kind !== 'system');
    out.push(ratio('messages.direction', bubbles.filter((r) => r.snapshot!.direction !== 'unknown').length, bubbles.length, 'keyed rows have an agreed direction'));
    const texts = bubbles.filter((r) => r.snapshot!.kind === 'text');
    out.push(ratio('messages.tsMinute', texts.filter((r) => r.snapshot!.tsMinute !== undefined).length, texts.length, 'text rows have a timestamp'));

    const open = openChat(doc);
    const selected = rows.find((r) => rowSelected(r));
    const selectedTitle = selected ? rowTitle(selected) : undefined;
    if (!open) out.push({ field: 'header.title', status: 'failed', coverage: 0, reason: 'conversation open but header title not found' });
    else if (!selected) out.push({ field: 'header.title', status: 'ok', coverage: 1, reason: 'selected row not rendered' });
    else if (selectedTitle !== undefined && chatKeyOf(selectedTitle) === open.key) out.push({ field: 'header.title', status: 'ok', coverage: 1, reason: 'header title equals selected row title' });
    else out.push({ field: 'header.title', status: 'failed', coverage: 0, reason: 'header title differs from selected row title' });
  }
  return out;
}
