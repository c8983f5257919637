// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDomObserver, type DomObserver, type FrameInfo } from '../../../lib/adapters/dom-observer';
import { whatsappAdapter } from '../../../lib/adapters/whatsapp';
import type { CapturedEvent } from '../../../lib/events';
import { ObserverEngine } from '../../../lib/observe/engine';
import { textHash } from '../../../lib/observe/hash';
import type { ComposerSubmit } from '../../../lib/observe/snapshots';
import { defaultSettings } from '../../../lib/settings';

const DIR = join(__dirname, '../../fixtures/whatsapp');
const truth = JSON.parse(readFileSync(join(DIR, 'en-row-testid-prefix-cus.json'), 'utf8')) as {
  now: number; open: { title: string }; messages: { key: string; rendered: boolean }[]; scenario: { incoming: string };
  chats: { title: string; jid: string; open: boolean; lastIsMine: boolean; lastAt: number | null }[]; renderedRows: string[];
};
const openJid = truth.chats.find((c) => c.title === truth.open.title)!.jid;

function loadFixture(name: string): void {
  const parsed = new DOMParser().parseFromString(readFileSync(join(DIR, name), 'utf8'), 'text/html');
  document.replaceChild(document.importNode(parsed.documentElement, true), document.documentElement);
}

let t: number;
let frames: (() => void)[];
let timers: (() => void)[];
let events: CapturedEvent[][];
let infos: FrameInfo[];
let submits: ComposerSubmit[];
let engine: ObserverEngine;
let obs: DomObserver;

const tick = () => new Promise<void>((r) => setTimeout(r, 0));
const runFrame = () => {
  const f = frames.splice(0);
  f.forEach((cb) => cb());
  return f.length;
};

beforeEach(() => {
  loadFixture('en-row-testid-prefix-cus.html');
  t = truth.now + 60_000;
  frames = [];
  timers = [];
  events = [];
  infos = [];
  submits = [];
  engine = new ObserverEngine({ settings: { ...defaultSettings(), agentId: 'me' }, now: () => t });
  const real = engine.composerSubmit.bind(engine);
  engine.composerSubmit = (s) => {
    submits.push(s);
    real(s);
  };
  obs = startDomObserver({
    doc: document,
    adapter: whatsappAdapter,
    engine,
    onEvents: (e) => events.push(e),
    onFrame: (i) => infos.push(i),
    requestAnimationFrame: (cb) => frames.push(cb),
    cancelAnimationFrame: () => {},
    setTimeout: (cb) => timers.push(cb),
    clearTimeout: () => {},
    now: () => t,
  });
});
afterEach(() => obs.stop());

/** A new incoming message row at the bottom of the open conversation, like WhatsApp appends it. */
function appendIncoming(key: string, text: string): void {
  const tab = document.querySelector('#main [data-tab="8"]')!;
  const rows = Array.from(tab.querySelectorAll('[role="row"]'));
  const template = rows.find((r) => r.querySelector('.message-in [data-pre-plain-text]'))!;
  const row = template.cloneNode(true) as Element;
  const idEl = row.querySelector('[data-id]')!;
  idEl.setAttribute('data-id', idEl.getAttribute('data-id')!.replace(/_[0-9A-F]+$/, `_${key}`));
  const d = new Date(t);
  // The page shows local time.
  const hm = `${d.getHours() % 12 || 12}:${String(d.getMinutes()).padStart(2, '0')}\u202f${d.getHours() < 12 ? 'AM' : 'PM'}`;
  row.querySelector('[data-pre-plain-text]')!.setAttribute('data-pre-plain-text', `[${hm}, ${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}] ${truth.open.title}: `);
  row.querySelector('.selectable-text')!.innerHTML = `<span>${text}</span>`;
  tab.append(row);
}

describe('DOM observer on a captured fixture', () => {
  it('first batch: rows read, the open conversation recorded as backfill, health probed, batch timed', () => {
    expect(runFrame()).toBe(1);
    const rendered = truth.messages.filter((m) => m.rendered);
    expect(events).toHaveLength(1);
    // The open conversation, keyed by its jid; the other rows' waiting customers (the backlog) before it.
    const opened = events[0].filter((e) => e.chat === openJid);
    expect(opened.map((e) => e.type === 'message' && e.msg)).toEqual(rendered.map((m) => m.key));
    expect(events[0].every((e) => e.type === 'message' && !e.live)).toBe(true);
    const waiting = truth.chats.filter((c) => !c.open && !c.lastIsMine && c.lastAt !== null && new Date(c.lastAt).toDateString() === new Date(t).toDateString() && truth.renderedRows.includes(c.title));
    expect(events[0].filter((e) => e.chat !== openJid).map((e) => e.chat).sort()).toEqual(waiting.map((c) => c.title).sort());
    expect(infos[0].rows!.length).toBeGreaterThan(5);
    expect(infos[0].open).toEqual({ key: openJid, title: truth.open.title });
    expect(infos[0].health!.every((h) => h.status === 'ok')).toBe(true);
    expect(obs.stats.batches).toBe(1);
    expect(obs.stats.lastMs).toBeGreaterThanOrEqual(0);
  });

  it('a message appended after the settle window is live; mutations are batched into one frame', async () => {
    runFrame();
    t += 2000;
    appendIncoming('3A00000000000000NEW1', 'Hello again');
    document.querySelector('#pane-side [role="row"]')!.setAttribute('style', 'transform: translateY(1px)');
    await tick();
    expect(frames).toHaveLength(1);
    expect(timers).toHaveLength(0); // a visible tab draws frames: no timer per batch
    runFrame();
    expect(events).toHaveLength(2);
    expect(events[1].map((e) => [e.msg, e.dir, e.live, e.at])).toEqual([['3A00000000000000NEW1', 'in', true, new Date(t).toISOString()]]);
  });

  describe('in a hidden tab (animation frames paused)', () => {
    const hide = () => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    afterEach(() => { delete (document as { hidden?: boolean }).hidden; });
    /** A message after the first batch; the tab hides before it (`hideFirst`) or once its frame is asked for. */
    const arrives = async (key: string, hideFirst: boolean) => {
      runFrame();
      if (hideFirst) hide();
      t += 2000;
      appendIncoming(key, 'Hidden tab');
      await tick();
    };
    const runTimers = () => timers.splice(0).forEach((cb) => cb());

    it('a batch scheduled there runs on the timer fallback', async () => {
      await arrives('3A00000000000000NEW2', true);
      expect(frames).toHaveLength(0);
      runTimers();
      expect(events.at(-1)!.map((e) => e.msg)).toEqual(['3A00000000000000NEW2']);
    });

    it('a batch waiting for a frame when the tab hides gets the timer fallback then', async () => {
      await arrives('3A00000000000000NEW3', false);
      expect([frames.length, timers.length]).toEqual([1, 0]);
      hide();
      expect(timers).toHaveLength(1);
      runTimers();
      expect(events.at(-1)!.map((e) => e.msg)).toEqual(['3A00000000000000NEW3']);
    });
  });

  it('a batch whose mutations are all outside the open conversation does not look it up again', async () => {
    obs.stop();
    const looked = { chat: 0, messages: 0 };
    const counting = {
      ...whatsappAdapter,
      openChat: (doc: Document) => { looked.chat++; return whatsappAdapter.openChat(doc); },
      readMessages: (...a: Parameters<typeof whatsappAdapter.readMessages>) => { looked.messages++; return whatsappAdapter.readMessages(...a); },
    };
    obs = startDomObserver({ doc: document, adapter: counting, engine, onEvents: (e) => events.push(e), onFrame: (i) => infos.push(i), requestAnimationFrame: (cb) => frames.push(cb), now: () => t });
    runFrame();
    expect(looked).toEqual({ chat: 1, messages: 1 });
    t += 2000;
    // Another chat's row changes (its preview), as when a message arrives in a chat that is not open.
    const other = Array.from(document.querySelectorAll('#pane-side [role="row"]')).find((r) => !r.textContent!.includes(truth.open.title))!;
    other.querySelector('[title]')!.setAttribute('title', 'Renamed chat');
    await tick();
    runFrame();
    expect(looked).toEqual({ chat: 1, messages: 1 });
    expect(infos.at(-1)!.open).toEqual({ key: openJid, title: truth.open.title });
    appendIncoming('3A00000000000000NEW4', 'In the open chat');
    await tick();
    runFrame();
    expect(looked).toEqual({ chat: 2, messages: 2 });
    expect(events.at(-1)!.map((e) => [e.msg, e.live])).toEqual([['3A00000000000000NEW4', true]]);
  });

  it('a swapped #main is a new mount: nothing re-emitted', async () => {
    runFrame();
    t += 5000;
    const main = document.getElementById('main')!;
    main.replaceWith(main.cloneNode(true));
    await tick();
    runFrame();
    expect(events).toHaveLength(1);
    expect(infos.at(-1)!.health).toBeDefined();
  });

  it('reports composer submits (Enter, send click) as text hashes only', () => {
    runFrame();
    const box = document.querySelector('#main footer [contenteditable]')!;
    box.innerHTML = '<p>*Ana:* On its way</p>';
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    expect(submits).toEqual([{ at: t, textHash: textHash('Ana: On its way') }]);
    const btn = document.createElement('button');
    btn.setAttribute('aria-label', 'Send');
    btn.innerHTML = '<span data-icon="wds-ic-send-filled"></span>';
    document.querySelector('#main footer')!.append(btn);
    (btn.firstElementChild as HTMLElement).click();
    expect(submits).toHaveLength(2);
    // Empty composer, or Enter elsewhere: nothing.
    box.innerHTML = '<p><br></p>';
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    document.querySelector('#side [contenteditable]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(submits).toHaveLength(2);
  });

  it('ignores mutations inside our own overlay, and stops cleanly', async () => {
    runFrame();
    const host = document.createElement('div');
    host.setAttribute('data-inbox-pulse', '');
    document.querySelector('#main header')!.append(host);
    await tick();
    runFrame();
    host.textContent = 'timer 00:12';
    document.querySelector('#main footer [contenteditable]')!.innerHTML = '<p>typing…</p>';
    await tick();
    expect(frames).toHaveLength(0);
    obs.stop();
    appendIncoming('3A00000000000000NEW3', 'after stop');
    await tick();
    expect(frames).toHaveLength(0);
  });
});

describe('a page without the inbox', () => {
  it('says paused once the landmarks stay missing (a layout we do not know), and comes back with them', () => {
    obs.stop();
    // A future build: the same app with its landmark ids renamed.
    for (const id of ['side', 'pane-side', 'main']) document.getElementById(id)?.setAttribute('id', `x-${id}`);
    let perf = 0;
    obs = startDomObserver({ doc: document, adapter: whatsappAdapter, engine, onEvents: (e) => events.push(e), onFrame: (i) => infos.push(i), requestAnimationFrame: (cb) => frames.push(cb), setTimeout: (cb) => timers.push(cb), now: () => t, perfNow: () => perf, unknownAfterMs: 4000 });
    runFrame();
    expect(infos.at(-1)).toMatchObject({ rows: null, paused: null });
    // A static page sends no mutation: a timer comes back to say it.
    expect(timers).toHaveLength(1);
    perf = 4100;
    timers.splice(0).forEach((cb) => cb());
    expect(infos.at(-1)!.paused?.reason).toMatch(/not recognised/);
    expect(events).toEqual([]);
    for (const id of ['side', 'pane-side', 'main']) document.getElementById(`x-${id}`)?.setAttribute('id', id);
    obs.flush();
    expect(infos.at(-1)!.paused).toBeNull();
    expect(infos.at(-1)!.rows!.length).toBeGreaterThan(0);
  });
});
