/** Members of teams (the `invite` and `revoke` commands), as the hub's owner. */
import type { Database } from './database';
import { MIN_REVOKE_PREFIX, newToken, tokenHash, tokenPrefix } from './tokens';

export type Role = 'agent' | 'supervisor';
export const ROLES: readonly Role[] = ['agent', 'supervisor'];

export interface Member { team: string; role: Role; name: string }

/** Adds a member; returns its new token, which exists nowhere else. */
export async function invite(db: Database, member: Member): Promise<string> {
  const token = newToken();
  await db.transaction(({ query }) =>
    query('INSERT INTO members (team, role, name, token_hash, token_prefix) VALUES ($1, $2, $3, $4, $5)', [
      member.team, member.role, member.name, tokenHash(token), tokenPrefix(token),
    ]),
  );
  return token;
}

export class RevokeError extends Error {}

export function checkRevokePrefix(prefix: string): void {
  if (prefix.length < MIN_REVOKE_PREFIX) throw new RevokeError(`give at least ${MIN_REVOKE_PREFIX} characters of the token`);
}

/** Ends the one live token that begins with `prefix`; returns its member. */
export async function revoke(db: Database, prefix: string): Promise<Member> {
  checkRevokePrefix(prefix);
  return db.transaction(async ({ query }) => {
    // Compared as the first characters (not LIKE), so % or _ in the argument match only themselves.
    const found = await query<Member & { id: number }>(
      'SELECT id, team, role, name FROM members WHERE revoked_at IS NULL AND left($1, length(token_prefix)) = left(token_prefix, length($1)) FOR UPDATE',
      [prefix],
    );
    if (found.length !== 1) throw new RevokeError(found.length ? `${found.length} tokens begin with ${prefix}: give more characters` : `no live token begins with ${prefix}`);
    await query('UPDATE members SET revoked_at = now() WHERE id = $1', [found[0].id]);
    const { team, role, name } = found[0];
    return { team, role, name };
  });
}
