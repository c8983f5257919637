/** The adapter's ReadCache: element reads kept until a mutation lands in the element's subtree. */
import type { ReadCache } from '../site-adapter';
import type { Strategies } from './selectors';

interface TrackedList {
  at: Element;
  /** The strategy whose matches the list holds (null: none matched). */
  strategy: string | null;
  /** The first strategy matched: a later one could be overtaken by an earlier one, so it is not followed. */
  incremental: boolean;
  rows: Element[];
  set: Set<Element>;
  /** A value computed from the whole list, kept until anything inside the list changes. */
  derived?: { key: string; value: unknown };
}

const rowsIn = (n: Element, selector: string): Element[] =>
  n.matches(selector) ? [n, ...n.querySelectorAll(selector)] : [...n.querySelectorAll(selector)];

/**
 * Reads of DOM elements kept while their subtree is unchanged: a read depends only on the element's
 * subtree and on the `key` it was read under (chat key, page language), so rows that did not mutate
 * are not read again. One list of row elements (the open conversation's message rows) is followed
 * through the mutation records: finding the rows walks every node of a list that may hold thousands,
 * while WhatsApp mostly appends one row at the bottom.
 */
export class RowReadCache implements ReadCache {
  private reads = new WeakMap<Element, { key: string; value: unknown }>();
  private list: TrackedList | null = null;

  invalidate(records: readonly MutationRecord[] | 'all'): void {
    if (records === 'all') {
      this.reads = new WeakMap();
      this.list = null;
      return;
    }
    // Records of one batch share most ancestors (a row's subtree, the list, the app): each element
    // is walked once, and what its ancestors say (inside the list, inside one of its rows) is kept.
    const walked = new Map<Element, { inList: boolean; inRow: boolean }>();
    for (const r of records) {
      // Inline styles only move rows (the virtual list's transforms): no reader reads them.
      if (r.type === 'attributes' && r.attributeName === 'style') continue;
      const list = this.list;
      const target = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
      // The changed node's ancestors include its row, whatever the row strategy matched.
      const path: Element[] = [];
      let above = { inList: false, inRow: false };
      for (let el = target; el; el = el.parentElement) {
        const known = walked.get(el);
        if (known) { above = known; break; }
        this.reads.delete(el);
        path.push(el);
      }
      for (let i = path.length - 1; i >= 0; i--) {
        const el = path[i];
        above = { inList: above.inList || el === list?.at, inRow: above.inRow || (el !== list?.at && !!list?.set.has(el)) };
        walked.set(el, above);
      }
      const insideList = !!target && !!walked.get(target)?.inList;
      // Inside a row: below one. A row's own change is not; a text node's counts its parent element.
      const below = r.target === target ? target?.parentElement : target;
      const insideRow = !!below && !!walked.get(below)?.inRow;
      if (list && insideList) list.derived = undefined;
      if (r.type === 'childList') {
        if (list && (insideList ? !insideRow && !this.follow(list, r) : touches(r, list.at))) this.list = null;
        // An inserted subtree may have been read before and changed while detached (unobserved).
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          this.reads.delete(n as Element);
          for (const d of (n as Element).querySelectorAll('*')) this.reads.delete(d);
        }
      }
    }
  }

  /** Rows appended after the last known row are followed; anything else (removal, insertion above) is not. */
  private follow(list: TrackedList, r: MutationRecord): boolean {
    if (!list.incremental || !list.strategy) return false;
    for (const n of r.removedNodes) if (n.nodeType === 1 && rowsIn(n as Element, list.strategy).length) return false;
    for (const n of r.addedNodes) {
      if (n.nodeType !== 1) continue;
      for (const row of rowsIn(n as Element, list.strategy)) {
        const last = list.rows.at(-1);
        if (!list.at.contains(row) || (last && !(last.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING))) return false;
        list.rows.push(row);
        list.set.add(row);
      }
    }
    return true;
  }

  /** The elements under `at` matched by the first strategy that matches any (queryAllFirst), kept up to date. */
  rows(at: Element, strategies: Strategies): readonly Element[] {
    if (this.list?.at !== at) {
      const index = strategies.findIndex((s) => at.querySelector(s));
      const strategy = index < 0 ? null : strategies[index];
      const rows = strategy ? [...at.querySelectorAll(strategy)] : [];
      this.list = { at, strategy, incremental: index === 0, rows, set: new Set(rows) };
    }
    return this.list.rows;
  }

  /** `compute()` over the rows of `at`, kept until anything inside `at` changes or `key` differs. */
  derived<T>(at: Element, strategies: Strategies, key: string, compute: (rows: readonly Element[]) => T): T {
    const rows = this.rows(at, strategies);
    const list = this.list!;
    if (list.derived?.key !== key) list.derived = { key, value: compute(rows) };
    return list.derived.value as T;
  }

  /** `read()` of `el`, kept until a mutation lands in its subtree or `key` differs. */
  read<T>(el: Element, key: string, read: () => T): T {
    const c = this.reads.get(el);
    if (c?.key === key) return c.value as T;
    const value = read();
    this.reads.set(el, { key, value });
    return value;
  }
}

/** A childList change above `at` that inserts or removes it (or an ancestor): its rows may be different. */
function touches(r: MutationRecord, at: Element): boolean {
  for (const n of r.addedNodes) if (n.contains(at)) return true;
  for (const n of r.removedNodes) if (n.contains(at)) return true;
  return false;
}
