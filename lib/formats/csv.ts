/**
 * RFC 4180 CSV: fields containing a comma, a double quote, CR or LF are quoted, with inner
 * quotes doubled; records end with CRLF. Cells follow docs/formats.md: durations in seconds as
 * the shortest decimal of whole milliseconds (at most 3 decimals, no trailing zeros: 12,
 * 12.5, 0.043), times ISO-8601 UTC with milliseconds, and an empty cell where a value does
 * not apply. Numbers are written as numbers; text is made safe for spreadsheets (spreadsheetSafe).
 */
import { toSeconds } from '../metrics/aggregate';

export type Cell = string | number | null | undefined;

/**
 * A text that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or
 * a carriage return: a chat titled `=HYPERLINK(…)`) gets a leading `'`, which spreadsheets
 * read as "this is text" (docs/formats.md, OWASP CSV injection).
 */
export const spreadsheetSafe = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : spreadsheetSafe(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = csvRecord(header);
  for (const row of rows) out += csvRecord(row);
  return out;
}

/** ms → seconds cell; empty for null. */
export const secondsCell = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : toSeconds(ms));

/** UTC ms → ISO cell; '' for null. */
export const timeCell = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : new Date(ms).toISOString());

/** Parses CSV text back into records (for tests and round trips); strict RFC 4180. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else if (c === '\n') {
      endField();
      records.push(record);
      record = [];
    } else field += c;
    i++;
  }
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}
