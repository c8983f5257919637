/** Small DOM helpers for the readers: ordered strategies, language tables, text extraction. */
import { DEFAULT_LANG, LABELS, type LabelTable, type Strategies } from './selectors';

/** The first element matched by the first strategy that matches anything. */
export function queryFirst(root: ParentNode, strategies: Strategies): Element | null {
  for (const s of strategies) {
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}

/**
 * queryFirst for an element that stays while it is in `root` (the chat list, a conversation's
 * message list), remembered per root: a strategy that matches nothing walks the whole root (a
 * conversation's every message) on each batch. Looked for again once the element left `root` or no
 * longer matches its strategy.
 */
export function lastingFirst(root: ParentNode, strategies: Strategies): Element | null {
  let found = lasting.get(root);
  if (!found) lasting.set(root, (found = new Map()));
  const kept = found.get(strategies);
  if (kept && root.contains(kept.el) && kept.el.matches(kept.strategy)) return kept.el;
  for (const strategy of strategies) {
    const el = root.querySelector(strategy);
    if (el) {
      found.set(strategies, { el, strategy });
      return el;
    }
  }
  found.delete(strategies);
  return null;
}
const lasting = new WeakMap<ParentNode, Map<Strategies, { el: Element; strategy: string }>>();

/**
 * `structural`, then a selector per label of the page language's table and of the others (what
 * `selectors` makes of a table): the same list each time for a language, which lastingFirst keys on.
 */
export function withLabels(doc: Document, structural: Strategies, selectors: (t: LabelTable) => readonly string[]): Strategies {
  const tables = labelTables(doc);
  let byTables = labelled.get(structural);
  if (!byTables) labelled.set(structural, (byTables = new Map()));
  let strategies = byTables.get(tables);
  if (!strategies) byTables.set(tables, (strategies = [...structural, ...tables.flatMap(selectors)]));
  return strategies;
}
const labelled = new WeakMap<Strategies, Map<readonly LabelTable[], Strategies>>();

// jsdom and old engines may lack CSS.escape; labels are plain words, escape quotes and backslashes.
export const cssString = (s: string): string => s.replace(/["\\]/g, '\\$&');

/** All elements of the first strategy that matches anything. */
export function queryAllFirst(root: ParentNode, strategies: Strategies): Element[] {
  for (const s of strategies) {
    const els = root.querySelectorAll(s);
    if (els.length) return Array.from(els);
  }
  return [];
}

/** `el` itself or its first descendant matching one of the strategies (in strategy order). */
export function selfOrFirst(el: Element, strategies: Strategies): Element | null {
  for (const s of strategies) {
    if (el.matches(s)) return el;
    const d = el.querySelector(s);
    if (d) return d;
  }
  return null;
}

export function langOf(doc: Document): string {
  return (doc.documentElement.getAttribute('lang') || DEFAULT_LANG).toLowerCase();
}

/** The page language's label table first, then every other table (a missing or wrong lang attribute must not blind us). */
export function labelTables(doc: Document): readonly LabelTable[] {
  const lang = langOf(doc);
  let tables = tablesByLang.get(lang);
  if (!tables) {
    const primary = LABELS[lang] ?? LABELS[lang.split('-')[0]] ?? LABELS[DEFAULT_LANG];
    tables = [primary, ...Object.values(LABELS).filter((t) => t !== primary)];
    tablesByLang.set(lang, tables);
  }
  return tables;
}
// Asked for per row read: built once per page language.
const tablesByLang = new Map<string, readonly LabelTable[]>();

const BLOCK = new Set(['P', 'DIV', 'BR', 'LI']);

/**
 * Text as a person reads it: emoji <img alt> included, block elements and <br> as newlines.
 * The composer (Lexical: one <p> per line, emoji as <img>) and rendered messages go through the
 * same function so their hashes agree.
 */
export function readableText(el: Element): string {
  let out = '';
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      out += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const e = node as Element;
    if (e.tagName === 'IMG') {
      out += e.getAttribute('alt') ?? '';
      return;
    }
    if (e.getAttribute('aria-hidden') === 'true') return;
    const block = BLOCK.has(e.tagName);
    if (block && out && !out.endsWith('\n')) out += '\n';
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
    if (block && out && !out.endsWith('\n')) out += '\n';
  };
  walk(el);
  return out.trim();
}
