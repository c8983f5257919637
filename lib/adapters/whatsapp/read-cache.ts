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
  /** A value computed from the whole list: `fresh` until anything inside the list changes, `appended` while only rows were appended since. */
  derived?: { key: string; value: unknown; rows: number; fresh: boolean; appended: boolean };
}

/** What a list's value was before rows were appended to it (TrackedList.derived). */
export interface Before<T> { value: T; rows: number }

/** Bits of what an element's ancestors (itself included) are: the followed list, one of its rows. */
const IN_LIST = 1;
const IN_ROW = 2;

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
    // is walked once, and what its ancestors say is kept as bits (IN_LIST, IN_ROW).
    const walked = new Map<Element, number>();
    const path: Element[] = [];
    for (const r of records) {
      // Inline styles only move rows (the virtual list's transforms): no reader reads them.
      if (r.type === 'attributes' && r.attributeName === 'style') continue;
      const list = this.list;
      const target = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
      // The changed node's ancestors include its row, whatever the row strategy matched.
      path.length = 0;
      let above = 0;
      for (let el = target; el; el = el.parentElement) {
        const known = walked.get(el);
        if (known !== undefined) { above = known; break; }
        this.reads.delete(el);
        path.push(el);
      }
      for (let i = path.length - 1; i >= 0; i--) {
        const el = path[i];
        if (el === list?.at) above |= IN_LIST;
        else if (list?.set.has(el)) above |= IN_ROW;
        walked.set(el, above);
      }
      const insideList = !!target && ((walked.get(target) ?? 0) & IN_LIST) !== 0;
      // Inside a row: below one. A row's own change is not; a text node's counts its parent element.
      const below = r.target === target ? target?.parentElement : target;
      const insideRow = !!below && ((walked.get(below) ?? 0) & IN_ROW) !== 0;
      const followed = !!list && insideList && !insideRow && r.type === 'childList' && this.follow(list, r);
      if (list?.derived && insideList) {
        list.derived.fresh = false;
        if (!followed) list.derived.appended = false;
      }
      if (r.type === 'childList') {
        if (list && (insideList ? !insideRow && !followed : touches(r, list.at))) this.list = null;
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

  /**
   * `compute()` over the rows of `at`, kept until anything inside `at` changes or `key` differs.
   * When rows were only appended since, `compute` is also given the value before and how many rows
   * it covered: the rows before are as they were (most batches of an open chat append one message).
   */
  derived<T>(at: Element, strategies: Strategies, key: string, compute: (rows: readonly Element[], before?: Before<T>) => T): T {
    const rows = this.rows(at, strategies);
    const list = this.list!;
    const last = list.derived?.key === key ? list.derived : undefined;
    if (last?.fresh) return last.value as T;
    const before = last?.appended ? { value: last.value as T, rows: last.rows } : undefined;
    list.derived = { key, value: compute(rows, before), rows: rows.length, fresh: true, appended: true };
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
