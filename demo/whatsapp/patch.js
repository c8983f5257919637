// React-like DOM patching: new markup is laid over the nodes already there, so an update changes
// text nodes and attributes in place and replaces only what changed shape, as React's
// reconciliation does. An observer of the real WhatsApp Web sees characterData and attribute
// records on recycled nodes, not fresh elements; so does one of the imitation.

const parse = (html) => {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
};

// Elements match by tag and, like React keys, by data-id: a message row never morphs into another.
const sameKind = (a, b) =>
  a.nodeType === b.nodeType &&
  (a.nodeType !== Node.ELEMENT_NODE || (a.tagName === b.tagName && a.getAttribute('data-id') === b.getAttribute('data-id')));

/** Makes `el` look like `want` (same kind), touching only what differs. */
export function patchNode(el, want) {
  if (el.nodeType !== Node.ELEMENT_NODE) {
    if (el.nodeValue !== want.nodeValue) el.nodeValue = want.nodeValue;
    return;
  }
  for (const { name } of [...el.attributes]) if (!want.hasAttribute(name)) el.removeAttribute(name);
  for (const { name, value } of want.attributes) if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  patchChildren(el, want);
}

/** Makes the children of `el` those of `want`, reusing every child node that still fits. */
export function patchChildren(el, want) {
  let cur = el.firstChild;
  for (const next of [...want.childNodes]) {
    if (!cur) el.append(next);
    else if (sameKind(cur, next)) {
      patchNode(cur, next);
      cur = cur.nextSibling;
    } else {
      const after = cur.nextSibling;
      cur.replaceWith(next);
      cur = after;
    }
  }
  while (cur) {
    const after = cur.nextSibling;
    cur.remove();
    cur = after;
  }
}

/** Sets an element's content from markup, patching in place. */
export const patchInner = (el, html) => patchChildren(el, parse(html));
