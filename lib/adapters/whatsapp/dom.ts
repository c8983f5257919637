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
