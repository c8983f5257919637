import { contentScriptWorld } from './bench/_inbox.mjs';

const worlds = new WeakMap();

/**
 * The overlay of an inbox tab, as tests and the demo drive it. Its shadow root is closed: the page
 * cannot reach into it, and neither can Playwright's locators, so elements are found from the
 * content script's own world (`chrome.dom.openOrClosedShadowRoot`) and clicked with the real mouse.
 */
export function overlayOf(page) {
  const world = () => {
    if (!worlds.has(page)) worlds.set(page, page.context().newCDPSession(page).then((cdp) => contentScriptWorld(cdp, '__inboxPulseBatchMs')));
    return worlds.get(page);
  };
  /** Runs `body` (a function of `el`, the first element matching `selector`, or null) in that world. */
  const withElement = async (selector, body) => (await world())(`(() => {
    const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('inbox-pulse-overlay'));
    const el = root?.querySelector(${JSON.stringify(selector)}) ?? null;
    return (${body})(el);
  })()`);
  const box = (selector) => withElement(selector, `(el) => {
    const r = el?.getBoundingClientRect();
    return r && r.width > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  }`);
  return {
    /** Runs `body`, the source of a function of the element (or null), in the content script's world. */
    evaluate: withElement,
    box,
    /** The element's text, or null when there is none. */
    text: (selector) => withElement(selector, '(el) => el?.textContent ?? null'),
    attribute: (selector, name) => withElement(selector, `(el) => el?.getAttribute(${JSON.stringify(name)}) ?? null`),
    /** A user's click: the mouse, at the element's centre. */
    async click(selector) {
      const b = await box(selector);
      if (!b) throw new Error(`no visible ${selector} in the overlay`);
      await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    },
    /** A script's click (`element.click()`, isTrusted false), as a page that reached the element would make. */
    scriptClick: (selector) => withElement(selector, '(el) => { el?.click(); return el !== null; }'),
  };
}
