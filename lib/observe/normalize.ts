/** Text normalisation shared by adapters (chat keys) and the engine (hashes). PURE. */

// Bidi marks and isolates that WhatsApp (and users' contact names) sprinkle around names.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The chat key: the title, NFC, without bidi controls, trimmed, inner whitespace (including
 * U+00A0 and U+202F) collapsed to one space. See site-adapter.ts for why the title is the key.
 */
export function chatKeyOf(title: string): string {
  let key = keysByTitle.get(title);
  if (key === undefined) {
    if (keysByTitle.size >= KEYS_KEPT) keysByTitle.clear();
    key = title.normalize('NFC').replace(BIDI_CONTROLS, '').replace(/\s+/gu, ' ').trim();
    keysByTitle.set(title, key);
  }
  return key;
}

// The same titles are read again on every re-rendered row: normalising is dearer than a lookup.
const KEYS_KEPT = 4096;
const keysByTitle = new Map<string, string>();

/**
 * Text as compared between the composer (raw, with `*bold*` markers typed by the agent) and the
 * rendered message (markers turned into elements, so gone from textContent): NFC, formatting
 * markers * _ ~ ` removed, whitespace collapsed, trimmed.
 */
export function normalizeForHash(text: string): string {
  return text
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(/[*_~`]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}
