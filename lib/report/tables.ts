/**
 * The report as aligned text tables for a terminal: same content as the JSON, durations
 * written as the side panel writes them (`4m 12s`, running waits as clocks `4:07`).
 */
import type { Summary } from '../metrics/aggregate';
import { wallTime } from '../metrics/time-zone';
import { formatClock, formatDuration } from '../format-duration';
import type { ReportJson } from './build';

/** An ISO instant as local wall time in `tz`. */
export function formatTime(isoText: string, tz: string): string {
  const w = wallTime(Date.parse(isoText), tz);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

/**
 * Control characters (an escape sequence in a chat key or an agent name would drive the
 * terminal; a newline would break the table) shown as U+FFFD.
 */
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');

/** Columns padded to their widest cell; cells that look numeric are right-aligned. */
export function table(header: string[], unsafeRows: string[][]): string {
  const rows = unsafeRows.map((r) => r.map(printable));
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
  const numeric = /^[-\d.:smhd ]+$|^—$/;
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i > 0 && numeric.test(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const kRow = (label: string, k: Summary): string[] => [
  label + (k.approximate ? ' (≈)' : ''),
  String(k.count),
  ...[k.mean, k.p50, k.p95, k.p99, k.min, k.max].map((s) => formatDuration(s)),
];
const K_HEADER = ['', 'count', 'mean', 'p50', 'p95', 'p99', 'min', 'max'];
const LABELS = [['frt', 'First response'], ['rt', 'Response'], ['close', 'Close'], ['handling', 'Handling'], ['bot_return', 'Bot return']] as const;

export function renderTables(r: ReportJson): string {
  const out: string[] = [];
  out.push(`Inbox Pulse report  ${formatTime(r.from, r.tz)} → ${formatTime(r.to, r.tz)}  (${r.tz})`, '');
  out.push('TEAM', table(K_HEADER, LABELS.map(([key, label]) => kRow(label, r.team[key]))));
  out.push(`chats closed ${r.team.chats_closed}   auto-closed ${r.team.auto_closed}   online ${formatDuration(r.team.online_s)}`, '');
  for (const a of r.agents) {
    out.push(`AGENT ${printable(a.agent)}`, table(K_HEADER, LABELS.map(([key, label]) => kRow(label, a[key]))));
    out.push(`chats closed ${a.chats_closed}   online ${formatDuration(a.online_s)}`);
    for (const u of a.unavailable) out.push(`unavailable ${formatTime(u.from, r.tz)} → ${formatTime(u.to, r.tz)}`);
    out.push('');
  }
  out.push('ROUTES', table(['route', 'episodes'], r.routes.map((x) => [x.route, String(x.episodes)])), '');
  out.push('OPEN NOW', table(['owner', 'episodes'], r.open.map((x) => [x.owner, String(x.episodes)])), '');
  const now = Date.parse(r.to);
  out.push(
    'UNANSWERED NOW',
    table(
      ['chat', 'waiting since', 'waiting'],
      r.unanswered.map((u) => [u.chat, formatTime(u.waiting_since, r.tz), formatClock((now - Date.parse(u.waiting_since)) / 1000)]),
    ),
  );
  return `${out.join('\n')}\n`;
}
