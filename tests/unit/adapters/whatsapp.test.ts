// @vitest-environment jsdom
/**
 * Every selector proven by a fixture: hand-written fixtures from docs/architecture.md#reading-whatsapp-web
 * with literal expectations, and fixtures captured from the imitation (scripts/capture-fixtures.mjs)
 * compared field by field with the imitation's ground truth saved next to them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { learntMonthFirst, noteDate } from '../../../lib/adapters/whatsapp/date-order';
import { whatsappAdapter as wa, messageKey, parseDataId, parseClock, parseDate, parsePrePlainText } from '../../../lib/adapters/whatsapp';
import { textHash } from '../../../lib/observe/hash';

const DIR = join(__dirname, '../../fixtures/whatsapp');
// The jsdom environment's DOMParser: a separate document per fixture, scripts not run.
const load = (name: string): Document => new DOMParser().parseFromString(readFileSync(join(DIR, name), 'utf8'), 'text/html');
const local = (y: number, mo: number, d: number, h: number, mi: number): number => new Date(y, mo - 1, d, h, mi).getTime();

/** Captured fixtures were rendered in UTC and tsMinute is parsed in local time: the UTC wall clock read as local time. */
const wallClockUtcAsLocal = (ms: number): number => {
  const d = new Date(ms);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()).getTime();
};

describe('hand-written research §c fixture', () => {
  const doc = load('handwritten-research-c.html');

  it('finds the app, the list and three rows with exact fields', () => {
    expect(wa.appReady(doc)).toBe(true);
    expect(wa.appRoot(doc)?.id).toBe('app');
    expect(wa.chatList(doc)?.getAttribute('aria-label')).toBe('Chat list');
    const rows = wa.readRows(doc).map(({ element, ...r }) => (expect(element.getAttribute('role')).toBe('row'), r));
    expect(rows).toEqual([
      { key: 'Maria Silva', title: 'Maria Silva', unread: 2, lastIsMine: false, muted: false, selected: true,
        preview: 'Hi, is the house still available?', timeLabel: '10:41', timeOfDay: 10 * 60 + 41 },
      { key: 'Acme Lda', title: 'Acme\u00a0Lda ', unread: 0, lastIsMine: true, muted: true, selected: false,
        preview: 'Maria: Sent you the invoice', timeLabel: 'Yesterday' },
      { key: 'Família Souza', title: 'Família Souza', unread: 'marked', lastIsMine: false, muted: false, selected: false,
        preview: 'Obrigado!', timeLabel: '2:05 PM', timeOfDay: 14 * 60 + 5 },
    ]);
  });

  it('reads a typing indicator in place of the preview as typing, with no preview', () => {
    const typing = load('handwritten-research-c.html');
    for (const [i, label] of ['typing…', 'Maria está digitando…'].entries()) {
      const span = typing.querySelectorAll('#pane-side [role="row"] span[dir="ltr"][title]')[i];
      span.setAttribute('title', label);
      span.textContent = label;
    }
    const rows = wa.readRows(typing);
    expect(rows.slice(0, 2).map((r) => [r.typing, r.preview])).toEqual([[true, undefined], [true, undefined]]);
    expect(rows[2]).toMatchObject({ preview: 'Obrigado!' });
    expect(rows[2].typing).toBeUndefined();
  });

  it('reads a signature the row preview shows in bold', () => {
    const signed = load('handwritten-research-c.html');
    const span = signed.querySelectorAll('#pane-side [role="row"] span[dir="ltr"][title]')[1];
    span.setAttribute('title', 'Ana: on its way');
    span.innerHTML = '<strong>Ana:</strong> on its way';
    const rows = wa.readRows(signed);
    expect([rows[1].preview, rows[1].signature]).toEqual(['Ana: on its way', 'Ana:']);
    expect(rows[0].signature).toBeUndefined();
  });

  it('reads the open chat, header slot and composer', () => {
    expect(wa.openChat(doc)).toEqual({ key: 'Maria Silva', title: 'Maria Silva' });
    expect(wa.conversationRoot(doc)?.id).toBe('main');
    expect(wa.headerSlot(doc)?.tagName).toBe('HEADER');
    expect(wa.composer(doc)?.getAttribute('data-tab')).toBe('10');
    expect(wa.composerText(doc)).toBe('Hello 🙂there\n*Ana:* bye');
    const icon = doc.querySelector('[data-icon="wds-ic-send-filled"]')!;
    expect(wa.isSendControl(icon)).toBe(true);
    expect(wa.isSendControl(doc.querySelector('footer [contenteditable]')!)).toBe(false);
    expect(wa.isSendControl(doc.querySelector('#side header [contenteditable]')!)).toBe(false);
    expect(wa.isNoise(doc.querySelector('footer [contenteditable]')!)).toBe(true);
    expect(wa.isNoise(doc.querySelector('#side header [contenteditable]')!)).toBe(true);
    expect(wa.isNoise(doc.querySelector('#main header')!)).toBe(false);
  });

  it('reads messages: keys, direction signals, text, signature, tsMinute, author, kind, position', () => {
    const msgs = wa.readMessages(wa.conversationRoot(doc)!);
    expect(msgs).toEqual([
      { key: '3A12F0908922EFDD735D', chatKey: 'Maria Silva', chatId: '5511999887766@c.us', direction: 'in', directionSignals: { dataId: 'in', cls: 'in', tail: 'in' },
        kind: 'text', text: 'Hi, is the house still available?', tsMinute: local(2025, 12, 9, 10, 41), author: 'Maria Silva', position: 'middle' },
      { key: '3EB0C767D26A1D8D1B2A', chatKey: 'Maria Silva', chatId: '5511999887766@c.us', direction: 'out', directionSignals: { dataId: 'out', cls: 'out', tail: 'out', ack: 'out' },
        kind: 'text', text: 'Maria: Yes, it is!', signature: 'Maria:', tsMinute: local(2025, 12, 9, 10, 43), author: 'Acme Lda', position: 'middle' },
      // No tail of its own, and the run above is outgoing: no tail claimed (a run that starts without a tail).
      { key: '3A99C0FFEE0000000001', chatKey: 'Maria Silva', chatId: '5511999887766@c.us', direction: 'in', directionSignals: { dataId: 'in', cls: 'in' },
        kind: 'media', position: 'bottom' },
    ]);
  });

  it('is healthy', () => {
    const h = Object.fromEntries(wa.health(doc).map((f) => [f.field, f.status]));
    expect(h).toEqual({ list: 'ok', 'rows.title': 'ok', 'rows.unread': 'ok', 'messages.key': 'ok', 'messages.direction': 'ok', 'messages.tsMinute': 'ok', 'header.title': 'ok' });
  });
});

describe('hand-written group / bare-id / listitem / pt-BR fixture', () => {
  const doc = load('handwritten-group-bare.html');

  it('reads listitem rows without test ids via structure and pt labels', () => {
    expect(wa.chatList(doc)?.getAttribute('role')).toBe('list');
    expect(wa.readRows(doc).map(({ element: _e, ...r }) => r)).toEqual([
      { key: 'Equipe Vendas', title: 'Equipe  Vendas', unread: 3, lastIsMine: true, muted: false, selected: true, preview: 'Ok', timeLabel: '22:16', timeOfDay: 22 * 60 + 16 },
      { key: 'João Pereira', title: 'João Pereira', unread: 0, lastIsMine: true, muted: true, selected: false, preview: 'Até amanhã', timeLabel: 'ontem' },
    ]);
    expect(wa.openChat(doc)).toEqual({ key: 'Equipe Vendas', title: 'Equipe Vendas' });
  });

  it('keys group messages without the participant\'s number, bare ids as they are; tails carry down a run', () => {
    const msgs = wa.readMessages(wa.conversationRoot(doc)!);
    expect(msgs.map((m) => [m.key, m.chatId, m.direction, m.kind, m.author, m.tsMinute, m.position])).toEqual([
      ['3EB0AAAA000000000001', '120363025246125486@g.us', 'in', 'text', 'Shay Haim', local(2023, 8, 3, 22, 16), 'middle'],
      ['3EB0AAAA000000000002', '120363025246125486@g.us', 'in', 'text', 'Shay Haim', local(2023, 8, 3, 22, 17), 'middle'],
      ['3B6637D11A63081B8712', undefined, 'out', 'text', 'Você', local(2023, 8, 3, 22, 54), 'middle'],
      ['3B6637D11A63081B8799', undefined, 'out', 'media', undefined, undefined, 'bottom'],
    ]);
    expect(msgs[1].directionSignals).toEqual({ dataId: 'in', cls: 'in', tail: 'in', tailFromRun: true });
    expect(msgs[3].directionSignals).toEqual({ cls: 'out', tail: 'out', tailFromRun: true, ack: 'out' });
  });

  it('finds the composer and a role=button send control with the pt label', () => {
    expect(wa.composerText(doc)).toBe('Oi');
    expect(wa.isSendControl(doc.querySelector('[data-icon="send"]')!)).toBe(true);
  });
});

describe('parsers', () => {
  it('reads an ambiguous date with every clue the page gives before its language', () => {
    const now = local(2026, 12, 4, 10, 0);
    // A Portuguese interface in a browser with a month-first locale: today is 12/4.
    expect(parseDate('12/4/2026', 'pt', { now })).toEqual({ y: 2026, m: 12, d: 4 });
    expect(parsePrePlainText('[10:41, 12/4/2026] Ana: ', 'pt', { now })).toEqual({ tsMinute: local(2026, 12, 4, 10, 41), author: 'Ana' });
    // The page's other dates showed day first: 12/4 is 12 April there.
    expect(parseDate('12/4/2026', 'pt', { now, monthFirst: false })).toEqual({ y: 2026, m: 4, d: 12 });
    // A reading after tomorrow is impossible, whatever the language says.
    expect(parseDate('6/12/2026', 'fr', { now })).toEqual({ y: 2026, m: 6, d: 12 });
    // No clue at all: the language.
    expect(parseDate('3/4/2026', 'pt', { now })).toEqual({ y: 2026, m: 4, d: 3 });
    expect(parseDate('3/4/2026', 'en', { now })).toEqual({ y: 2026, m: 3, d: 4 });
  });

  it('reads a conversation\'s ambiguous stamps in the order a stamp below them settles', () => {
    const page = new DOMParser().parseFromString(`<html lang="pt"><body><div id="app"><div id="main"><header><span dir="auto" title="Ana">Ana</span></header>
      <div data-testid="conversation-panel-messages">${['12/1/2026', '11/25/2026'].map((d, i) => `<div role="row"><div data-id="false_55@c.us_K${i}" class="message-in">
        <div class="copyable-text" data-pre-plain-text="[10:00, ${d}] Ana: "><span class="selectable-text copyable-text">oi</span></div></div></div>`).join('')}</div></div></div></body></html>`, 'text/html');
    const msgs = wa.readMessages(wa.conversationRoot(page)!);
    expect(msgs.map((m) => new Date(m.tsMinute!).toDateString())).toEqual([new Date(2026, 11, 1).toDateString(), new Date(2026, 10, 25).toDateString()]);
  });

  it('learns the page\'s day/month order from a date that settles it', () => {
    const page = document.implementation.createHTMLDocument('wa');
    expect(learntMonthFirst(page)).toBeUndefined();
    noteDate(page, '[10:41, 3/4/2026] Ana: ');
    expect(learntMonthFirst(page)).toBeUndefined();
    noteDate(page, '11/25/2026');
    expect(learntMonthFirst(page)).toBe(true);
    noteDate(page, '[09:00, 25/11/2026] Rui: ');
    expect(learntMonthFirst(page)).toBe(false);
    noteDate(page, '2026-11-25');
    expect(learntMonthFirst(page)).toBe(false);
    // Weaker: a date that is today in one reading only, until a date settles it.
    const other = document.implementation.createHTMLDocument('wa');
    const now = local(2026, 12, 4, 10, 0);
    noteDate(other, '[09:58, 12/4/2026] Ana: ', now);
    expect(learntMonthFirst(other)).toBe(true);
    noteDate(other, '[09:58, 4/12/2025] Ana: ', now);
    expect(learntMonthFirst(other)).toBe(true);
    noteDate(other, '28/11/2026', now);
    expect(learntMonthFirst(other)).toBe(false);
  });

  it('parses data-id forms', () => {
    expect(messageKey('false_5511999887766@c.us_3A12F0908922EFDD735D')).toBe('3A12F0908922EFDD735D');
    expect(messageKey('true_12345678901234@lid_3EB0C767D26A1D8D1B2A')).toBe('3EB0C767D26A1D8D1B2A');
    expect(messageKey('false_120363025246125486@g.us_3EB0AB_5511999887766@c.us')).toBe('3EB0AB');
    expect(messageKey('3B6637D11A63081B8712')).toBe('3B6637D11A63081B8712');
    expect(parseDataId('false_120363025246125486@g.us_3EB0AB_5511999887766@c.us')).toEqual({ key: '3EB0AB', chatId: '120363025246125486@g.us' });
    expect(parseDataId('true_12345678901234@lid_3EB0C7')).toEqual({ key: '3EB0C7', chatId: '12345678901234@lid' });
    expect(parseDataId('3B6637D11A63081B8712')).toEqual({ key: '3B6637D11A63081B8712' });
  });

  it('parses clocks and dates by language, with >12 disambiguation', () => {
    expect(parseClock('10:41')).toBe(641);
    expect(parseClock('2:05\u202fPM')).toBe(14 * 60 + 5);
    expect(parseClock('12:05\u00a0AM')).toBe(5);
    expect(parseClock('12:30 p.m.')).toBe(12 * 60 + 30);
    expect(parseClock('Yesterday')).toBeUndefined();
    expect(parseDate('12/9/2025', 'en')).toEqual({ y: 2025, m: 12, d: 9 });
    expect(parseDate('12/9/2025', 'en-US')).toEqual({ y: 2025, m: 12, d: 9 });
    expect(parseDate('12/9/2025', 'fr')).toEqual({ y: 2025, m: 9, d: 12 });
    expect(parseDate('12/9/2025', 'en-GB')).toEqual({ y: 2025, m: 9, d: 12 });
    expect(parseDate('25/11/2026', 'en')).toEqual({ y: 2026, m: 11, d: 25 });
    expect(parseDate('11/25/2026', 'fr')).toEqual({ y: 2026, m: 11, d: 25 });
    expect(parseDate('2025-12-09', 'sv')).toEqual({ y: 2025, m: 12, d: 9 });
    expect(parseDate('09.12.25', 'de')).toEqual({ y: 2025, m: 12, d: 9 });
    expect(parsePrePlainText('[2:05\u202fPM, 11/25/2026] Maria Silva: ', 'en')).toEqual({ tsMinute: local(2026, 11, 25, 14, 5), author: 'Maria Silva' });
    expect(parsePrePlainText('[14:05, 25/11/2026] Maria: ', 'fr')).toEqual({ tsMinute: local(2026, 11, 25, 14, 5), author: 'Maria' });
    expect(parsePrePlainText('[10:41, 31/2/2025] X: ', 'fr')).toEqual({ author: 'X' });
    expect(parsePrePlainText('garbage', 'en')).toEqual({});
  });

  it('hashes composer text and rendered text alike', () => {
    expect(textHash('*Ana:* Yes,  it is!')).toBe(textHash('Ana: Yes, it is!'));
    expect(textHash('Hello\nthere')).toBe(textHash('Hello there'));
    expect(textHash('Hello')).not.toBe(textHash('Hello!'));
  });
});

// ------------------------------------------------------------------ captured fixtures

interface Truth {
  variant: string;
  config: { rows: string; testid: boolean; prefix: boolean; ids: string; lang: string; broken: string[]; ownName: string };
  now: number;
  lang: string;
  open: { title: string; group: boolean };
  scenario: { incoming: string; marked: string; muted: string; outgoing: string };
  chats: { title: string; jid: string; unread: number; markedUnread: boolean; muted: boolean; lastIsMine: boolean; preview: string | null; lastAt: number | null; open: boolean }[];
  renderedRows: string[];
  messages: { key: string; dataId: string | null; fromMe: boolean; author: string; authorJid: string; text: string; media: boolean; at: number; rendered: boolean }[];
}

const captured = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

it('has captured fixtures for every variant family', () => {
  expect(captured.length).toBeGreaterThanOrEqual(8);
});

const plain = (t: string): string => t.replace(/(^|[\s(])\*([^*\n]+?)\*(?=$|[\s.,!?:;)])/g, '$1$2').replace(/(^|[\s(])_([^_\n]+?)_(?=$|[\s.,!?:;)])/g, '$1$2');
const minuteOfDayUtc = (ms: number): number => Math.floor((ms % 86_400_000) / 60_000);
const sameUtcDay = (a: number, b: number): boolean => Math.floor(a / 86_400_000) === Math.floor(b / 86_400_000);

describe.each(captured)('captured %s', (file) => {
  const truth = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Truth;
  const doc = load(file.replace(/\.json$/, '.html'));
  const broken = new Set(truth.config.broken);
  const health = () => Object.fromEntries(wa.health(doc).map((f) => [f.field, f.status]));

  it('is ready and finds the list by structure', () => {
    expect(doc.documentElement.lang).toBe(truth.config.lang);
    expect(wa.appReady(doc)).toBe(true);
    expect(wa.chatList(doc)?.getAttribute('role')).toBe(truth.config.rows === 'row' ? 'grid' : 'list');
  });

  it('reads every rendered row exactly as the imitation shows it', () => {
    const rows = wa.readRows(doc);
    if (broken.has('rowtitle')) {
      expect(rows).toEqual([]);
      return;
    }
    expect(rows.map((r) => r.title).sort()).toEqual([...truth.renderedRows].sort());
    for (const r of rows) {
      const c = truth.chats.find((x) => x.title === r.title)!;
      const expected: Record<string, unknown> = {
        key: r.title.normalize('NFC').replace(/\s+/g, ' ').trim(),
        title: c.title,
        unread: c.unread || (c.markedUnread ? 'marked' : 0),
        lastIsMine: c.lastIsMine,
        muted: c.muted,
        selected: c.open,
      };
      if (c.preview !== null) expected.preview = c.preview;
      if (c.lastAt !== null) {
        expected.timeLabel = expect.any(String);
        if (sameUtcDay(c.lastAt, truth.now)) expected.timeOfDay = minuteOfDayUtc(c.lastAt);
      }
      const { element, ...got } = r;
      expect(element.isConnected).toBe(true);
      expect(got, r.title).toEqual(expected);
    }
    // The staged scenario, explicitly.
    const by = (t: string) => rows.find((r) => r.title === t)!;
    const incoming = by(truth.scenario.incoming);
    expect(incoming).toMatchObject({ lastIsMine: false, preview: 'Is anyone there?' });
    expect(incoming.unread).toBeGreaterThanOrEqual(2);
    expect(by(truth.scenario.outgoing)).toMatchObject({ unread: 0, lastIsMine: true, preview: 'Sent you the invoice' });
  });

  it('reads the open chat from the header', () => {
    expect(wa.openChat(doc)).toEqual({ key: truth.open.title, title: truth.open.title });
  });

  it('reads every rendered message with exact fields', () => {
    const msgs = wa.readMessages(wa.conversationRoot(doc)!);
    if (broken.has('dataid')) {
      expect(msgs).toEqual([]);
      return;
    }
    const rendered = truth.messages.filter((m) => m.rendered);
    const openJid = truth.chats.find((c) => c.title === truth.open.title)?.jid;
    expect(msgs.map((m) => m.key)).toEqual(
      rendered.map((m) => m.key),
    );
    msgs.forEach((got, i) => {
      const m = rendered[i];
      const label = `${truth.variant} #${i} ${m.key}`;
      expect(got.chatKey, label).toBe(truth.open.title);
      expect(got.chatId, label).toBe(truth.config.prefix && !broken.has('direction') ? openJid : undefined);
      expect(got.direction, label).toBe(broken.has('direction') ? 'unknown' : m.fromMe ? 'out' : 'in');
      expect(got.kind, label).toBe(m.text ? 'text' : 'media');
      expect(got.text, label).toBe(m.text ? plain(m.text) : undefined);
      expect(got.signature, label).toBe(/^\*[^*]+:\*/.test(m.text) ? /^\*([^*]+:)\*/.exec(m.text)![1] : undefined);
      expect(got.tsMinute, label).toBe(m.text ? wallClockUtcAsLocal(m.at) : undefined);
      expect(got.author, label).toBe(m.text ? m.author : broken.has('direction') ? undefined : m.author);
      expect(got.position, label).toBe(i === rendered.length - 1 ? 'bottom' : 'middle');
      if (!broken.has('direction')) {
        expect(got.directionSignals.cls, label).toBe(m.fromMe ? 'out' : 'in');
        expect(got.directionSignals.dataId, label).toBe(truth.config.prefix ? (m.fromMe ? 'out' : 'in') : undefined);
        expect(got.directionSignals.ack, label).toBe(m.fromMe ? 'out' : undefined);
      }
    });
    // The staged bottom of the conversation.
    expect(msgs.slice(-7).map((m) => [m.direction, m.kind, m.text ?? null, m.signature ?? null])).toEqual(
      broken.has('direction')
        ? expect.anything()
        : [
            ['in', 'text', 'Can I pay by card?', null],
            ['out', 'text', 'Ana: Yes, it is!', 'Ana:'],
            ['out', 'text', '🤖 Thanks! An agent will be with you shortly.', null],
            ['in', 'media', null, null],
            ['in', 'text', 'Order #48213', null],
            ['in', 'text', '1', null],
            ['out', 'text', 'Let me check that for you.', null],
          ],
    );
  });

  it('reports health per field, failing exactly the broken field', () => {
    const h = health();
    const expected = {
      list: 'ok',
      'rows.title': broken.has('rowtitle') ? 'failed' : 'ok',
      'rows.unread': 'ok',
      'messages.key': broken.has('dataid') ? 'failed' : 'ok',
      'messages.direction': broken.has('direction') ? 'failed' : 'ok',
      'messages.tsMinute': 'ok',
      // With no row titles the selected row has no title to compare with.
      'header.title': broken.has('rowtitle') ? 'failed' : 'ok',
    };
    expect(h).toEqual(expected);
  });

  it('finds composer and header slot', () => {
    expect(wa.composer(doc)?.getAttribute('data-tab')).toBe('10');
    expect(wa.composerText(doc)).toBe('');
    expect(wa.headerSlot(doc)?.closest('#main')).not.toBeNull();
  });
});

describe('lookups made on every batch, in a build without test ids', () => {
  /** Selectors queried from `el` itself (not from elements below it) while `run` runs. */
  const queriedFrom = (els: ParentNode[], run: () => void): string[] => {
    const seen: string[] = [];
    for (const el of els) {
      const own = el.querySelector.bind(el);
      Object.defineProperty(el, 'querySelector', { configurable: true, value: (s: string) => (seen.push(s), own(s)) });
    }
    try {
      run();
    } finally {
      for (const el of els) delete (el as { querySelector?: unknown }).querySelector;
    }
    return seen;
  };

  it('searches the header for the title and finds the lists once, not the whole conversation each time', () => {
    const doc = load('fr-listitem-notestid-noprefix-lid.html');
    const main = wa.conversationRoot(doc)!;
    const first = { chat: wa.openChat(doc), list: wa.chatList(doc), messages: wa.readMessages(main) };
    const again = queriedFrom([doc, main], () => {
      expect(wa.openChat(doc)).toEqual(first.chat);
      expect(wa.chatList(doc)).toBe(first.list);
      expect(wa.readMessages(main)).toEqual(first.messages);
    });
    // A strategy that fails from #main or the document walks every message; only `#main header` may be asked there.
    expect(again.filter((s) => s !== '#main header' && s !== '#main')).toEqual([]);
  });

  it('finds a list again once the element it found left the page', () => {
    const doc = load('fr-listitem-notestid-noprefix-lid.html');
    const main = wa.conversationRoot(doc)!;
    const before = wa.readMessages(main);
    const list = main.querySelector('[data-scrolltracepolicy="wa.web.conversation.messages"]')!;
    const replacement = list.cloneNode(true) as Element;
    list.replaceWith(replacement);
    expect(wa.readMessages(main).map((m) => m.key)).toEqual(before.map((m) => m.key));
    expect(queriedFrom([main], () => wa.readMessages(main))).toEqual(['#main header']);
  });
});
