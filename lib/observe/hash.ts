import { normalizeForHash } from './normalize';

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits. Not cryptographic: it only correlates a
 *  composer submit with the message that then appears, inside one browser. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The hash the content script reports for a composer submit and the engine computes for a rendered message. */
export const textHash = (text: string): string => fnv1a(normalizeForHash(text));
