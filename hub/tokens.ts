/**
 * Bearer tokens: 256 random bits, shown once; the hub keeps only their SHA-256, which is
 * enough (a token is random, not a password: no salt or slow hash needed) and lets a
 * request find its member with one index lookup.
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX_LENGTH = 12;
/** `revoke` needs this many characters (`hub_` and six more), so that a typo does not end someone else's token. */
export const MIN_REVOKE_PREFIX = 10;

export const newToken = (): string => `hub_${randomBytes(32).toString('base64url')}`;
export const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();
export const tokenPrefix = (token: string): string => token.slice(0, PREFIX_LENGTH);

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
