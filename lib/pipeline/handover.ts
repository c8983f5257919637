import type { InboxEvent } from '../events';

/**
 * Events a content script cut off from the extension (an update, a reload) leaves for the script
 * that replaces it in the same tab, through the page's sessionStorage: the only store both reach,
 * and one the page's scripts read and write too. Events hold no message text; a MAC under a key
 * kept in extension storage, which the page cannot read, makes anything the page writes there
 * worthless: what does not verify is not sent.
 */
interface Sealed { body: string; mac: string }

const encode = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const bytesOf = (hexText: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array((hexText.match(/[0-9a-f]{2}/g) ?? []).map((h) => parseInt(h, 16)));

/** A new random key, as kept in extension storage (hex). */
export const newHandoverKey = (): string => hex(crypto.getRandomValues(new Uint8Array(32)));

export const importHandoverKey = (key: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', bytesOf(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

export async function sealEvents(events: readonly InboxEvent[], key: CryptoKey): Promise<string> {
  const body = JSON.stringify(events);
  const mac = hex(new Uint8Array(await crypto.subtle.sign('HMAC', key, encode(body))));
  return JSON.stringify({ body, mac } satisfies Sealed);
}

/** The events of a sealed text; none when there is no text, or it was not sealed under this key. */
export async function unsealEvents(text: string | null, key: CryptoKey): Promise<InboxEvent[]> {
  if (!text) return [];
  try {
    const { body, mac } = JSON.parse(text) as Partial<Sealed>;
    if (typeof body !== 'string' || typeof mac !== 'string') return [];
    return await crypto.subtle.verify('HMAC', key, bytesOf(mac), encode(body)) ? JSON.parse(body) as InboxEvent[] : [];
  } catch {
    return [];
  }
}
