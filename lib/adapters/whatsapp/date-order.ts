/**
 * Day/month order as a page's own dates show it. WhatsApp writes dates in the browser's locale,
 * which may differ from its interface language; a date on the page with a part over 12 (a message
 * stamp, a chat row's date label) settles the order for the other dates of that page. Weaker, and
 * only until such a date is seen: an ambiguous date that is today in one reading only (the stamp of
 * a message that just came, a 12/4 on 4 December) tells the order too.
 */
import { DATE_IN_TEXT, ODD_SPACES } from './selectors';

const settled = new WeakMap<Document, boolean>();
const byToday = new WeakMap<Document, boolean>();

/** Looks at a date shown on the page (`text` may hold more around it) and keeps what it tells. */
export function noteDate(doc: Document, text: string, now?: number): void {
  const m = DATE_IN_TEXT.exec(text.replace(ODD_SPACES, ' '));
  if (!m || m[1].length === 4) return;
  const [x, z] = [Number(m[1]), Number(m[2])];
  if (x > 12 && z <= 12) settled.set(doc, false);
  else if (z > 12 && x <= 12) settled.set(doc, true);
  else if (now !== undefined && x !== z) {
    const today = new Date(now);
    const y = Number(m[3]) + (m[3].length <= 2 ? 2000 : 0);
    if (y !== today.getFullYear()) return;
    const [month, day] = [today.getMonth() + 1, today.getDate()];
    if (x === month && z === day) byToday.set(doc, true);
    else if (z === month && x === day) byToday.set(doc, false);
  }
}

/** Month first (true), day first (false), or not known yet for this page. */
export const learntMonthFirst = (doc: Document): boolean | undefined => settled.get(doc) ?? byToday.get(doc);
