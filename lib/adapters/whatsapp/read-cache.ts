/** The adapter's ReadCache: element reads kept until a mutation lands in the element's subtree. */
import type { ReadCache } from '../site-adapter';
import type { Strategies } from './selectors';

interface TrackedList {
  at: Element;
  /** The strategy whose matches the list holds (null: none matched). */
  strategy: string | null;
  /** The strategies before it, which matched nothing: a row appended that one matches would take over. */
  earlier: readonly string[];
  rows: Element[];
  set: Set<Element>;
  /** A value computed from the whole list: `fresh` until anything inside the list changes, `appended` while only rows were appended since. */
  derived?: { key: string; value: unknown; rows: number; fresh: boolean; appended: boolean };
}

/** What a list's value was before rows were appended to it (TrackedList.derived). */
export interface Before<T> { value: T; rows: number }

/** Where an element is: inside which followed list (if any), and whether inside one of its rows. */
interface Place { list: TrackedList | null; inRow: boolean }
const OUTSIDE: Place = { list: null, inRow: false };

/** A list is not followed past this many: lists whose element left the page are dropped first. */
const MAX_LISTS = 4;

const rowsIn = (n: Element, selector: string): Element[] =>
  n.matches(selector) ? [n, ...n.querySelectorAll(selector)] : [...n.querySelectorAll(selector)];

/**
 * Reads of DOM elements kept while their subtree is unchanged: a read depends only on the element's
 * subtree and on the `key` it was read under (chat key, page language), so rows that did not mutate
 * are not read again. Lists of row elements (the chat list's rows, the open conversation's message
 * rows) are followed through the mutation records: finding the rows walks every node of a list,
 * while WhatsApp mostly recycles the chat list's rows in place and appends one message row at the
 * bottom.
 */
export class RowReadCache implements ReadCache {
  private reads = new WeakMap<Element, { key: string; value: unknown }>();
  private lists: TrackedList[] = [];
  /** The row strategies of every list followed since the last full invalidation, as one selector list. */
  private rowStrategies = new Set<string>();
  private rowSelector = '';
  /** A read was kept for an element that was no row of a followed list: inserted subtrees are then searched whole. */
  private loose = false;

  invalidate(records: readonly MutationRecord[] | 'all'): void {
    if (records === 'all') {
      this.reads = new WeakMap();
      this.lists = [];
      this.rowStrategies.clear();
      this.rowSelector = '';
      this.loose = false;
      return;
    }
    // Where a read kept for an inserted subtree can be: on its rows (whose matches cost no script
    // object for the subtree's other elements, all new when a row is re-rendered), or anywhere.
    const kept = this.loose ? '*' : this.rowSelector;
    // Records of one batch share most ancestors (a row's subtree, the list, the app): each element
    // is walked once, and where it is (list, row) is kept for the elements below it.
    const walked = new Map<Element, Place>();
    const path: Element[] = [];
    for (const r of records) {
      const target = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
      // The changed node's ancestors include its row, whatever the row strategy matched.
      path.length = 0;
      let above = OUTSIDE;
      for (let el = target; el; el = el.parentElement) {
        const known = walked.get(el);
        if (known !== undefined) { above = known; break; }
        this.reads.delete(el);
        path.push(el);
      }
      for (let i = path.length - 1; i >= 0; i--) {
        const el = path[i];
        const list = this.lists.find((l) => l.at === el);
        if (list) above = { list, inRow: false };
        else if (!above.inRow && above.list?.set.has(el)) above = { list: above.list, inRow: true };
        walked.set(el, above);
      }
      const place = (target && walked.get(target)) || OUTSIDE;
      const list = place.list;
      // A change within one row (the row element itself included) leaves the list's rows as they are.
      const appended = !!list && !place.inRow && r.type === 'childList' && follow(list, r);
      if (list?.derived) {
        list.derived.fresh = false;
        if (!appended) list.derived.appended = false;
      }
      if (r.type === 'childList') {
        for (let i = this.lists.length - 1; i >= 0; i--) {
          const l = this.lists[i];
          if (l === list ? !place.inRow && !appended : touches(r, l.at)) this.lists.splice(i, 1);
        }
        // An inserted subtree may have been read before and changed while detached (unobserved).
        if (kept) for (const n of r.addedNodes) if (n.nodeType === 1) for (const d of rowsIn(n as Element, kept)) this.reads.delete(d);
      }
    }
  }

  /** The elements under `at` matched by the first strategy that matches any (queryAllFirst), kept up to date. */
  rows(at: Element, strategies: Strategies): readonly Element[] {
    return this.listAt(at, strategies).rows;
  }

  private listAt(at: Element, strategies: Strategies): TrackedList {
    const known = this.lists.find((l) => l.at === at);
    if (known) return known;
    const index = strategies.findIndex((s) => at.querySelector(s));
    const strategy = index < 0 ? null : strategies[index];
    const rows = strategy ? [...at.querySelectorAll(strategy)] : [];
    const list: TrackedList = { at, strategy, earlier: index < 0 ? strategies : strategies.slice(0, index), rows, set: new Set(rows) };
    this.lists = [...this.lists.filter((l) => l.at.isConnected).slice(1 - MAX_LISTS), list];
    if (strategy && !this.rowStrategies.has(strategy)) {
      this.rowStrategies.add(strategy);
      this.rowSelector = [...this.rowStrategies].join(',');
    }
    return list;
  }

  /**
   * `compute()` over the rows of `at`, kept until anything inside `at` changes or `key` differs.
   * When rows were only appended since, `compute` is also given the value before and how many rows
   * it covered: the rows before are as they were (most batches of an open chat append one message).
   */
  derived<T>(at: Element, strategies: Strategies, key: string, compute: (rows: readonly Element[], before?: Before<T>) => T): T {
    const list = this.listAt(at, strategies);
    const last = list.derived?.key === key ? list.derived : undefined;
    if (last?.fresh) return last.value as T;
    const before = last?.appended ? { value: last.value as T, rows: last.rows } : undefined;
    list.derived = { key, value: compute(list.rows, before), rows: list.rows.length, fresh: true, appended: true };
    return list.derived.value as T;
  }

  /** `read()` of `el`, kept until a mutation lands in its subtree or `key` differs. */
  read<T>(el: Element, key: string, read: () => T): T {
    const c = this.reads.get(el);
    if (c?.key === key) return c.value as T;
    const value = read();
    if (!this.loose && !this.lists.some((l) => l.set.has(el))) this.loose = true;
    this.reads.set(el, { key, value });
    return value;
  }
}

/**
 * Rows appended after the last known row are followed, and so is a change inside the list that
 * adds or removes no row (a recycled row's content); anything else (a row removed or inserted
 * above, a match of an earlier strategy) is not.
 */
function follow(list: TrackedList, r: MutationRecord): boolean {
  const { strategy } = list;
  // By the rows held, not by selector: a removed node no longer matches a selector from the document down.
  for (const n of r.removedNodes) if (list.set.has(n as Element) || (n.firstChild && list.rows.some((row) => n.contains(row)))) return false;
  for (const n of r.addedNodes) {
    if (n.nodeType !== 1) continue;
    if (list.earlier.some((s) => rowsIn(n as Element, s).length)) return false;
    if (!strategy) continue;
    for (const row of rowsIn(n as Element, strategy)) {
      const last = list.rows.at(-1);
      if (!list.at.contains(row) || (last && !(last.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING))) return false;
      list.rows.push(row);
      list.set.add(row);
    }
  }
  return true;
}

/** A childList change above `at` that inserts or removes it (or an ancestor): its rows may be different. */
function touches(r: MutationRecord, at: Element): boolean {
  // Only below its target can a change have inserted `at`, and one that removed it left it out of
  // the page (a later insertion elsewhere is a record of its own): most records, inside one row,
  // need no look at each of their nodes.
  if (at.isConnected && !r.target.contains(at)) return false;
  for (const n of r.addedNodes) if (n.contains(at)) return true;
  for (const n of r.removedNodes) if (n.contains(at)) return true;
  return false;
}
