/**
 * Which chat a title stands for. PURE.
 *
 * A chat is keyed by the inbox's own id for it once the page has shown it (on WhatsApp the jid in
 * the open conversation's message data-ids), else by its normalised title. Chat-list rows show only
 * titles, so the title → jid pairs learnt from opened conversations are kept here, and a row renamed
 * in place (a contact saved mid-conversation) carries its chat over to the new title.
 */
import { Lru } from './lru';

export class ChatIdentity {
  private readonly byTitle: Lru<string, string>;
  private readonly ids = new Set<string>();

  constructor(capacity: number) {
    this.byTitle = new Lru(capacity);
  }

  /** The chat key for a title key: the chat's id once seen, else the title key. */
  of(titleKey: string): string {
    return this.byTitle.get(titleKey) ?? titleKey;
  }

  /** True for a key that is an inbox id rather than a title. */
  isId(key: string): boolean {
    return this.ids.has(key);
  }

  /**
   * The open conversation titled `titleKey` shows messages of chat `id`. Returns the title-based key
   * the chat had until now when its facts must move to the id (never another id: two chats may
   * share a title, and opening the second one must not merge it into the first).
   */
  learn(titleKey: string, id: string): string | null {
    this.ids.add(id);
    const before = this.of(titleKey);
    if (before === id) return null;
    this.byTitle.set(titleKey, id);
    return this.isId(before) ? null : before;
  }

  /** A row's title changed in place from `from` to `to`: the new title is the same chat. */
  rename(from: string, to: string): void {
    this.byTitle.set(to, this.of(from));
  }
}
