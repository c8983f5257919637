// @vitest-environment jsdom
/**
 * The adapter's read cache (lib/adapters/whatsapp/read-cache.ts): with every mutation reported, a
 * cached read always equals a fresh read, whatever changed in the conversation or the chat list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whatsappAdapter as wa } from '../../../lib/adapters/whatsapp';
import { RowReadCache } from '../../../lib/adapters/whatsapp/read-cache';
import { OBSERVED_ATTRIBUTES } from '../../../lib/adapters/dom-observer';

const DIR = join(__dirname, '../../fixtures/whatsapp');

function setup(fixture = 'en-row-testid-prefix-cus-group.html') {
  document.documentElement.innerHTML = new DOMParser().parseFromString(readFileSync(join(DIR, fixture), 'utf8'), 'text/html').documentElement.innerHTML;
  const cache = wa.createReadCache!();
  const mo = new MutationObserver(() => undefined);
  mo.observe(document.getElementById('app')!, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: OBSERVED_ATTRIBUTES });
  const root = () => wa.conversationRoot(document)!;
  /** What the DOM observer does before each batch: report the records, then read. */
  const cached = () => {
    cache.invalidate(mo.takeRecords());
    return wa.readMessages(root(), cache);
  };
  const cachedRows = () => {
    cache.invalidate(mo.takeRecords());
    return wa.readRows(document, cache);
  };
  return { root, cached, cachedRows, cache };
}

// jsdom selector matching is slow and the fresh reads walk the whole fixture: room for a loaded machine.
describe('RowReadCache', { timeout: 30_000 }, () => {
  it('reads what a fresh read reads, after text, ack, insertion, removal and data-id changes', () => {
    const { root, cached } = setup();
    const fresh = () => wa.readMessages(root());
    expect(cached().length).toBeGreaterThan(3);
    expect(cached()).toEqual(fresh());

    const rows = [...root().querySelectorAll('[role="row"]')].filter((r) => r.querySelector('[data-id]'));
    // Text edited in place.
    const text = rows[1].querySelector('.selectable-text span')!;
    text.textContent = 'edited in place';
    expect(cached()).toEqual(fresh());
    expect(cached().some((m) => m.text === 'edited in place')).toBe(true);

    // A row recycled for another message (data-id changes), an ack icon changing in place.
    rows[2].querySelector('[data-id]')!.setAttribute('data-id', 'false_5511999887766@c.us_3AFFFFFFFFFFFFFFFFFF');
    rows.at(-1)!.querySelector('[data-icon]')?.setAttribute('data-icon', 'msg-dblcheck');
    expect(cached()).toEqual(fresh());

    // A new message at the bottom (position moves), one removed, one moved to the top.
    const copy = rows[0].cloneNode(true) as Element;
    copy.querySelector('[data-id]')!.setAttribute('data-id', 'false_5511999887766@c.us_3A0000000000000000AA');
    rows[0].parentElement!.append(copy);
    rows[3].remove();
    expect(cached()).toEqual(fresh());
    expect(cached().at(-1)!.position).toBe('bottom');
    rows[0].parentElement!.prepend(rows[4]);
    expect(cached()).toEqual(fresh());
  });

  it('re-reads a row changed while detached once it is inserted again', () => {
    const { root, cached } = setup();
    const fresh = () => wa.readMessages(root());
    cached();
    const row = [...root().querySelectorAll('[role="row"]')].filter((r) => r.querySelector('.selectable-text'))[0];
    const parent = row.parentElement!, next = row.nextSibling;
    row.remove();
    cached(); // the removal is delivered
    row.querySelector('.selectable-text span')!.textContent = 'changed while detached';
    parent.insertBefore(row, next);
    expect(cached()).toEqual(fresh());

    // Again, back inside a wrapper: the rows inside an inserted subtree are found, not only its root.
    row.remove();
    cached();
    row.querySelector('.selectable-text span')!.textContent = 'changed while detached again';
    const wrapper = document.createElement('div');
    wrapper.append(row);
    parent.insertBefore(wrapper, next);
    expect(cached()).toEqual(fresh());
    expect(cached().some((m) => m.text === 'changed while detached again')).toBe(true);
  });

  it('re-reads any element it was asked to keep, not only list rows, once inserted again', () => {
    const { cache } = setup();
    const mo = new MutationObserver(() => undefined);
    mo.observe(document.getElementById('app')!, { childList: true, subtree: true, characterData: true });
    const header = wa.conversationRoot(document)!.querySelector('header')!;
    const title = header.querySelector('[title]')!;
    const read = () => {
      cache.invalidate(mo.takeRecords());
      return (cache as RowReadCache).read(title, 'k', () => title.getAttribute('title'));
    };
    wa.readMessages(wa.conversationRoot(document)!, cache); // a followed list, whose rows are not it
    const before = read();
    title.remove();
    read();
    title.setAttribute('title', 'Renamed while detached'); // unobserved: the title left the page
    header.append(title);
    expect([before, read()]).toEqual([expect.not.stringMatching('Renamed'), 'Renamed while detached']);
  });

  it('follows rows appended below the last one, whatever else changed in the same batch', () => {
    const { root, cached } = setup();
    const fresh = () => wa.readMessages(root());
    cached();
    const rows = [...root().querySelectorAll('[role="row"]')].filter((r) => r.querySelector('[data-id]'));
    const tab = rows[0].parentElement!;
    for (const key of ['3A0000000000000000B1', '3A0000000000000000B2']) {
      const copy = rows[0].cloneNode(true) as Element;
      copy.querySelector('[data-id]')!.setAttribute('data-id', `false_5511999887766@c.us_${key}`);
      const wrapper = document.createElement('div');
      wrapper.append(copy);
      tab.append(wrapper); // rows may come wrapped
      document.querySelector('#pane-side [role="row"]')!.setAttribute('style', 'transform: translateY(3px)');
      expect(cached()).toEqual(fresh());
      expect(cached().at(-1)!.key).toBe(key);
    }
    // Appended while a row above changed in place: that row is read again, not kept from before.
    const copy = rows[0].cloneNode(true) as Element;
    copy.querySelector('[data-id]')!.setAttribute('data-id', 'false_5511999887766@c.us_3A0000000000000000B3');
    tab.append(copy);
    rows[1].querySelector('.selectable-text span')!.textContent = 'edited as one arrived';
    expect(cached()).toEqual(fresh());
    expect(cached().some((m) => m.text === 'edited as one arrived')).toBe(true);
    // Nothing changed in the conversation: the same scan.
    document.querySelector('#pane-side [role="row"] [title]')!.setAttribute('title', 'Renamed');
    const [before, after] = [cached(), cached()];
    expect(after.every((m, i) => m === before[i])).toBe(true);
  });

  it('reads the chat list rows as a fresh read does, after title, badge, selection and recycling changes', () => {
    const { cachedRows } = setup();
    const fresh = () => wa.readRows(document);
    expect(cachedRows()).toEqual(fresh());
    const [a, b] = [...document.querySelectorAll('#pane-side [role="row"]')];
    a.querySelector('span[dir="auto"][title]')!.setAttribute('title', 'Someone Else');
    b.querySelector('[aria-selected]')!.setAttribute('aria-selected', 'true');
    expect(cachedRows()).toEqual(fresh());
    expect(cachedRows()[0].title).toBe('Someone Else');
    b.innerHTML = a.innerHTML; // recycled for another chat
    a.setAttribute('style', 'transform: translateY(72px)');
    expect(cachedRows()).toEqual(fresh());
  });

  it('re-reads a message row whose own children were replaced, with rows appended in the same batch', () => {
    const { root, cached } = setup();
    const fresh = () => wa.readMessages(root());
    cached();
    const rows = [...root().querySelectorAll('[role="row"]')].filter((r) => r.querySelector('.selectable-text'));
    const replaced = rows[1].cloneNode(true) as Element;
    replaced.querySelector('.selectable-text span')!.textContent = 'the row re-rendered';
    rows[1].replaceChildren(...replaced.childNodes);
    const copy = rows[0].cloneNode(true) as Element;
    copy.querySelector('[data-id]')!.setAttribute('data-id', 'false_5511999887766@c.us_3A0000000000000000C1');
    rows[0].parentElement!.append(copy);
    expect(cached()).toEqual(fresh());
    expect(cached().some((m) => m.text === 'the row re-rendered')).toBe(true);
  });

  for (const fixture of ['en-row-testid-prefix-cus-group.html', 'fr-listitem-notestid-noprefix-lid.html']) {
    it(`follows the chat list's rows through recycling and virtual scrolling (${fixture})`, () => {
      const { cachedRows } = setup(fixture);
      const fresh = () => wa.readRows(document);
      const list = wa.chatList(document)!;
      expect(cachedRows()).toEqual(fresh());
      const [a, b, c] = [...list.children];
      // Recycled in place for another chat, moved by its transform: the rows are not looked for again.
      const searches: string[] = [];
      const spy = (el: ParentNode) => {
        const own = el.querySelectorAll.bind(el);
        Object.defineProperty(el, 'querySelectorAll', { configurable: true, value: (s: string) => { searches.push(s); return own(s); } });
      };
      spy(document);
      spy(list);
      b.innerHTML = a.innerHTML;
      a.setAttribute('style', 'transform: translateY(72px)');
      const recycled = cachedRows();
      expect(searches.filter((s) => s !== '*')).toEqual([]); // '*': the recycled row's new nodes
      delete (document as { querySelectorAll?: unknown }).querySelectorAll;
      delete (list as { querySelectorAll?: unknown }).querySelectorAll;
      expect(recycled).toEqual(fresh());
      // Virtual scrolling: a row leaves, another is appended, one is inserted above the rest.
      c.remove();
      expect(cachedRows()).toEqual(fresh());
      list.append(c);
      expect(cachedRows()).toEqual(fresh());
      list.prepend(c);
      expect(cachedRows()).toEqual(fresh());
      expect(cachedRows().map((r) => r.element)).toEqual(fresh().map((r) => r.element));
    });
  }

  it('leaves a followed strategy when a row appears that an earlier strategy matches', () => {
    const { cachedRows } = setup('fr-listitem-notestid-noprefix-lid.html');
    const fresh = () => wa.readRows(document);
    const list = wa.chatList(document)!;
    const before = cachedRows();
    expect(before.length).toBeGreaterThan(1);
    const row = list.children[0].cloneNode(true) as Element;
    row.setAttribute('role', 'row');
    list.append(row);
    expect(fresh().length).toBe(1); // '#pane-side [role="row"]' now wins over the listitems
    expect(cachedRows()).toEqual(fresh());
  });
});
