/**
 * Day/month order as a page's own dates show it. WhatsApp writes dates in the browser's locale,
 * which may differ from its interface language; a date on the page with a part over 12 (a message
 * stamp, a chat row's date label) settles the order for the other dates of that page.
 */
import { DATE_IN_TEXT, ODD_SPACES } from './selectors';

const learnt = new WeakMap<Document, boolean>();

/** Looks at a date shown on the page (`text` may hold more around it) and keeps what it settles. */
export function noteDate(doc: Document, text: string): void {
  const m = DATE_IN_TEXT.exec(text.replace(ODD_SPACES, ' '));
  if (!m || m[1].length === 4) return;
  const [x, z] = [Number(m[1]), Number(m[2])];
  if (x > 12 && z <= 12) learnt.set(doc, false);
  else if (z > 12 && x <= 12) learnt.set(doc, true);
}

/** Month first (true), day first (false), or not known yet for this page. */
export const learntMonthFirst = (doc: Document): boolean | undefined => learnt.get(doc);
