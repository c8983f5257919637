/** Composer readers: the input, its text, the send control. */
import { labelTables, queryFirst, readableText } from './dom';
import { noise, composer as sel } from './selectors';

export function composer(doc: Document): Element | null {
  return queryFirst(doc, sel.input);
}

export function composerText(doc: Document): string | null {
  const el = composer(doc);
  return el ? readableText(el) : null;
}

/** True when `target` is inside the footer's send control (icon first, localised label second). */
export function isSendControl(target: Element): boolean {
  const footer = target.closest(sel.footer.join(','));
  if (!footer) return false;
  const control = target.closest(sel.sendControl.join(',')) ?? target;
  if (!footer.contains(control)) return false;
  if (sel.sendIcon.some((s) => control.matches(s) || control.querySelector(s))) return true;
  const label = control.getAttribute('aria-label')?.trim();
  if (!label) return false;
  return labelTables(target.ownerDocument).some((t) => t.send.some((s) => label === s || label.startsWith(s + ' ')));
}

/** Mutations inside the composer or the search box change nothing the readers use. */
export function isNoise(el: Element): boolean {
  return !!el.closest(NOISE);
}
const NOISE = noise.join(',');
