/**
 * A request runs as its member: one transaction in which hub_enter() (migrations/0001) looks
 * the token up, sets hub.team and hub.agent and takes the member's request role, so that every
 * query after it is under the row-level security policies of that member.
 */
import type { Database, Tx } from './database';
import type { Member } from './members';
import { tokenHash } from './tokens';

export class Unauthorized extends Error {}

/** Runs `work` as the member holding `token`; throws Unauthorized when there is none. */
export function asMember<T>(db: Database, token: string, work: (tx: Tx, member: Member) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const [member] = await tx.query<Member>('SELECT team, role, name FROM hub_enter($1)', [tokenHash(token)]);
    if (!member) throw new Unauthorized('unknown or revoked token');
    return work(tx, member);
  });
}
