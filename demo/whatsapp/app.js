// The WhatsApp Web imitation: a virtualised chat list (#side / #pane-side) and a conversation
// panel (#main, replaced by a new element on every chat open), rendered with plain DOM code.
// Hashed class names come from C() and are random per page load; see README.md for the DOM.
import { AGENTS, LINES, OWN_NAME, adHocChat, dataId, generateChat, makeMessage, newKey, releaseTitle } from './data.js';
import { C, P, SVG, T, clock, cls, esc, formatText, hm, icon, plainText, prePlain, rowTime, sameDay, sepLabel, tid } from './util.js';

const ROW_H = 72;
const OVERSCAN = 4;
const FIRST_RENDER = 40;
const PAGE = 20;

/** The app state. `main` describes the mounted conversation, if any. */
export const S = { chats: [], open: null, filter: '', main: null, nextIdx: 0 };

// ---- styles: style.css uses `.$name` for the hashed classes ------------------------------------
const css = await fetch(new URL('./style.css', import.meta.url)).then((r) => r.text());
const style = document.createElement('style');
style.textContent = css.replace(/\.\$([A-Za-z0-9_-]+)/g, (_m, n) => `.${C(n)}`);
document.head.append(style);

// ---- helpers ----------------------------------------------------------------------------------
const lastTs = (chat) => chat.messages.at(-1)?.ts ?? chat.createdAt ?? 0;
const hue = (s) => [...String(s)].reduce((h, c) => (h * 31 + c.codePointAt(0)) >>> 0, 7) % 360;
const avatar = (chat, size) =>
  `<div${cls('avatar')} style="width:${size}px;height:${size}px;background:hsl(${hue(chat.jid)} 35% 78%)">${icon(chat.group ? 'default-group' : 'default-user', ' aria-hidden="true"', ['avatarIcon'])}</div>`;
const ACK = { pending: ['msg-time', 'pending'], sent: ['msg-check', 'sent'], delivered: ['msg-dblcheck', 'delivered'], read: ['msg-dblcheck', 'read'] };
const ackIcon = (ack) => {
  const [name, label] = ACK[ack] ?? ACK.sent;
  return icon(name, ` aria-label="${T[label]}"`, ['ack', ack === 'read' ? 'ackRead' : 'ackGrey']);
};
const firstName = (name) => String(name).split(' ')[0];
let pictureUrl = '';
function picture() {
  if (!pictureUrl) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="330" height="220" viewBox="0 0 330 220"><rect width="330" height="220" fill="#9ccbe8"/><circle cx="250" cy="60" r="28" fill="#ffe27a"/><path d="M0 220 110 90l70 80 50-50 100 100z" fill="#5f9e6e"/></svg>`;
    pictureUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  }
  return pictureUrl;
}
const minify = (s) => s.replace(/>\s+</g, '><');
const html = (s) => {
  const t = document.createElement('template');
  t.innerHTML = s.trim();
  return t.content.firstElementChild;
};

// ---- the shell ----------------------------------------------------------------------------------
document.documentElement.lang = P.lang;
document.documentElement.dir = 'ltr';
document.title = 'WhatsApp';
const app = document.getElementById('app');
const gridAttrs =
  P.rows === 'row'
    ? `aria-label="${T.chatList}" role="grid" aria-rowcount="0"${tid('chat-list')}`
    : `aria-label="${T.chatList}" role="list"${tid('chat-list')}`;
app.innerHTML = minify(`<div${cls('root')}>
  <header${cls('rail')}>${icon('chats-filled', ' title="Chats"', ['railIcon', 'railOn'])}${icon('status', ' title="Status"', ['railIcon'])}<div${cls('grow')}></div>${icon('settings', ' title="Settings"', ['railIcon'])}</header>
  <div id="side"${cls('side')}>
    <header${cls('sideHead')}>
      <div${cls('sideTitleRow')}><h1${cls('sideTitle')}>${T.chats}</h1><div${cls('grow')}></div>${icon('plus', '', ['headIcon'])}${icon('menu', '', ['headIcon'])}</div>
      <div${cls('searchBox')}>${icon('search', '', ['searchIcon'])}<div contenteditable="true" role="textbox" data-tab="3" aria-label="${T.search}" aria-placeholder="${T.searchPlaceholder}"${cls('searchInput')}></div></div>
    </header>
    <div id="pane-side" data-scrolltracepolicy="wa.web.chatlist"${cls('pane')}>
      <div ${gridAttrs}${cls('grid')} style="height:0px;position:relative"></div>
    </div>
  </div>
  <div${cls('right')}></div>
</div>`);
const pane = document.getElementById('pane-side');
const grid = pane.firstElementChild;
const right = app.querySelector(`.${C('right')}`);
const search = app.querySelector('[data-tab="3"]');
const intro = () =>
  html(`<div${cls('intro')}><div${cls('introLogo')}>${icon('chats-filled', '', ['introIcon'])}</div><h1${cls('introTitle')}>${T.introTitle}</h1><div${cls('introText')}>${T.introText}</div><div${cls('introFoot')}>🔒 ${T.encrypted}</div></div>`);
right.append(intro());

// ---- the chat list (virtualised, rows recycled) ------------------------------------------------
const rowEls = new Map(); // jid -> row element currently showing that chat
const pool = []; // detached row elements waiting to be reused for another chat
const rowChat = new WeakMap(); // row element -> chat
const rowHtml = new WeakMap(); // row element -> last inner HTML

export function sortedChats() {
  const f = S.filter.toLowerCase();
  const list = f ? S.chats.filter((c) => c.title.toLowerCase().includes(f)) : S.chats.slice();
  return list.sort((a, b) => lastTs(b) - lastTs(a) || a.idx - b.idx);
}

function rowInner(chat) {
  const last = chat.messages.at(-1);
  const selected = S.open === chat;
  const unread = chat.unread;
  const title = P.broken.has('rowtitle')
    ? esc(chat.title)
    : `<span dir="auto" title="${esc(chat.title)}"${cls('rowTitleText')}>${esc(chat.title)}</span>`;
  let preview = '';
  if (last) {
    if (last.fromMe) {
      preview += `<span${tid('last-msg-status')}${cls('lastStatus')}>${ackIcon(last.ack)}</span>`;
      if (chat.group) preview += `<span${tid('you-label')}${cls('youLabel')}>${T.you}</span><span${cls('colon')}>:&nbsp;</span>`;
    } else if (chat.group) {
      preview += `<span dir="auto"${cls('prevAuthor')}>${esc(firstName(last.author))}</span><span${cls('colon')}>:&nbsp;</span>`;
    }
    if (last.media) preview += icon('status-image', '', ['prevIcon']);
    const text = last.media && !last.text ? T.photo : plainText(last.text);
    preview += `<span title="${esc(text)}" dir="ltr"${cls('prevText')}>${esc(text)}</span>`;
  }
  let badges = chat.muted ? icon('muted', '', ['mutedIcon']) : '';
  if (unread) badges += `<span aria-label="${T.unread(unread)}"${cls('badge', chat.muted ? 'badgeMuted' : 'badgeOn')}>${unread}</span>`;
  else if (chat.markedUnread) badges += `<span aria-label="${T.marked}"${cls('badge', 'badgeOn', 'badgeDot')}></span>`;
  const badgeCell = P.rows === 'row' ? `<div role="gridcell" aria-colindex="2"${cls('badges')}>${badges}</div>` : `<div${cls('badges')}>${badges}</div>`;
  const frame = `<div tabindex="0" aria-selected="${selected}"${cls('act', selected ? 'actOn' : 'actOff')}>
   <div${tid('cell-frame-container')}${cls('frame')}>
    <div${cls('avatarCell')}>${avatar(chat, 49)}</div>
    <div${cls('cellBody')}>
     <div${cls('cellTop')}>
      <div${tid('cell-frame-title')}${cls('rowTitle')}>${title}</div>
      <div${tid('cell-frame-primary-detail')}${cls('rowTime', unread || chat.markedUnread ? 'rowTimeOn' : 'rowTimeOff')}>${last ? rowTime(last.ts) : ''}</div>
     </div>
     <div${tid('cell-frame-secondary')}${cls('cellBottom')}>
      <div${cls('preview')}>${preview}</div>${badgeCell}
     </div>
    </div>
   </div>
  </div>`;
  return (P.rows === 'row'
    ? `<div role="gridcell" aria-colindex="1" tabindex="-1"${cls('cell')}>${frame}</div>`
    : `<div tabindex="-1"${cls('cell')}>${frame}</div>`).replace(/>\s+</g, '><');
}

function updateRow(el, chat, i, n) {
  rowChat.set(el, chat);
  const style = `z-index: ${n - i}; height: ${ROW_H}px; transform: translateY(${i * ROW_H}px);`;
  if (el.getAttribute('style') !== style) el.setAttribute('style', style);
  if (P.testid && el.getAttribute('data-testid') !== `list-item-${i}`) el.setAttribute('data-testid', `list-item-${i}`);
  const inner = rowInner(chat);
  if (rowHtml.get(el) !== inner) {
    el.innerHTML = inner;
    rowHtml.set(el, inner);
  }
}

export function renderList() {
  const list = sortedChats();
  const n = list.length;
  const height = `${n * ROW_H}px`;
  if (grid.style.height !== height) grid.style.height = height;
  if (P.rows === 'row' && grid.getAttribute('aria-rowcount') !== String(n)) grid.setAttribute('aria-rowcount', String(n));
  const top = pane.scrollTop;
  const h = pane.clientHeight || 700;
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(n, Math.ceil((top + h) / ROW_H) + OVERSCAN);
  const want = new Map();
  for (let i = first; i < last; i++) want.set(list[i].jid, i);
  for (const [jid, el] of rowEls) {
    if (!want.has(jid)) {
      rowEls.delete(jid);
      pool.push(el);
    }
  }
  for (const [jid, i] of want) {
    let el = rowEls.get(jid);
    if (!el) {
      el = pool.pop() ?? document.createElement('div');
      el.setAttribute('role', P.rows === 'row' ? 'row' : 'listitem');
      el.className = C('row');
      rowEls.set(jid, el);
    }
    updateRow(el, list[i], i, n);
    if (el.parentNode !== grid) grid.append(el);
  }
  for (const el of pool) el.remove();
}

pane.addEventListener('scroll', () => renderList(), { passive: true });
addEventListener('resize', () => renderList());
grid.addEventListener('click', (e) => {
  const row = e.target.closest?.('[role="row"],[role="listitem"]');
  const chat = row && rowChat.get(row);
  if (chat) openChat(chat);
});
search.addEventListener('input', () => {
  S.filter = search.textContent.trim();
  pane.scrollTop = 0;
  renderList();
});

/** Scrolls the list so that the chat's row is rendered; returns its row element. */
export function revealRow(chat) {
  const i = sortedChats().indexOf(chat);
  if (i < 0) return null;
  const top = i * ROW_H;
  if (top < pane.scrollTop || top + ROW_H > pane.scrollTop + pane.clientHeight) pane.scrollTop = Math.max(0, top - ROW_H * 2);
  renderList();
  return rowEls.get(chat.jid) ?? null;
}

// ---- the conversation -----------------------------------------------------------------------
function sepRow(ts, main) {
  const el = html(`<div role="row"${cls('sepRow')}><div tabindex="-1" class="focusable-list-item ${C('sep')}"><span dir="auto"${cls('sepPill')}>${sepLabel(ts)}</span></div></div>`);
  main.seps.push({ el, ts });
  return el;
}
const unreadRow = (n) =>
  html(`<div role="row"${cls('sepRow')}><div class="focusable-list-item ${C('unreadSep')}"><span aria-live="polite"${cls('unreadPill')}>${T.unreadSep(n)}</span></div></div>`);
const e2eRow = () =>
  html(`<div role="row"${cls('sepRow')}><div class="focusable-list-item ${C('sep')}"><span dir="auto"${cls('sepPill', 'e2ePill')}>🔒 ${T.encrypted}</span></div></div>`);

function startsRun(chat, m, prev) {
  return !prev || prev.fromMe !== m.fromMe || (chat.group && prev.authorJid !== m.authorJid) || !sameDay(prev.ts, m.ts);
}

function msgRow(chat, m, prev) {
  const dir = m.fromMe ? 'out' : 'in';
  const broken = P.broken.has('direction');
  const first = startsRun(chat, m, prev);
  const did = dataId(chat, m);
  const time = hm(m.ts);
  const label = broken ? '' : `<span aria-label="${esc(m.fromMe ? T.you : m.author)}:"></span>`;
  const tail = first && !broken ? icon(`tail-${dir}`, ' aria-hidden="true"', ['tail', m.fromMe ? 'tailOut' : 'tailIn']) : '';
  const author =
    chat.group && !m.fromMe && first
      ? `<div${cls('authorRow')}><span dir="auto"${tid('author')}${cls('author')} style="color:hsl(${hue(m.authorJid)} 55% 38%)">${esc(m.author)}</span></div>`
      : '';
  let body = '';
  if (m.media) body += `<div role="button" aria-label="${T.openPicture}"${cls('pic')}><img src="${picture()}" alt=""${cls('picImg')}></div>`;
  if (m.text) {
    body += `<div class="copyable-text" data-pre-plain-text="${esc(prePlain(m.ts, m.fromMe ? OWN_NAME : m.author))}"><div${cls('txtWrap')}><span dir="ltr" class="${C('txt')} selectable-text copyable-text" data-testid="selectable-text"><span>${formatText(m.text)}</span></span><span${cls('spacer')}><span aria-hidden="true"><span${cls('spacerTime')}>${time}</span></span></span></div></div>`;
  }
  const meta = `<div${tid('msg-meta')}${cls('meta', m.media && !m.text ? 'metaOnPic' : 'metaInline')}><span dir="auto"${cls('metaTime')}>${time}</span>${m.fromMe ? `<div${cls('ackBox')}>${ackIcon(m.ack)}</div>` : ''}</div>`;
  const classes = `${broken ? '' : `message-${dir} `}focusable-list-item ${C('msg')} ${C(m.fromMe ? 'msgOut' : 'msgIn')}${first ? ` ${C('msgFirst')}` : ''}`;
  return html(`<div role="row"${cls('msgRow')}><div tabindex="-1"${cls('msgOuter')}${did ? ` data-id="${did}"` : ''}${did ? tid(`conv-msg-${did}`) : ''}><div data-virtualized="false"><div class="${classes}">${label}<div${cls('bw')}>${tail}<div${tid('msg-container')}${cls('bubble', m.fromMe ? 'bubbleOut' : 'bubbleIn', first ? 'bubbleFirst' : 'bubbleNext')}>${author}${body}${meta}</div></div></div></div></div></div>`);
}

function buildRows(main, from, to, unreadAt = -1) {
  const frag = document.createDocumentFragment();
  const msgs = main.chat.messages;
  let firstSep = null;
  for (let i = from; i < to; i++) {
    const m = msgs[i];
    const prev = i > 0 ? msgs[i - 1] : null;
    if (i === from || !sameDay(prev.ts, m.ts)) {
      const sep = sepRow(m.ts, main);
      if (i === from) firstSep = sep;
      frag.append(sep);
    }
    if (i === unreadAt) frag.append(unreadRow(to - unreadAt));
    const row = msgRow(main.chat, m, prev);
    main.rows.set(m.key, row);
    frag.append(row);
  }
  return { frag, firstSep };
}

const nearBottom = (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 120;

function mountMain(chat, unreadBefore) {
  const sub = chat.group ? `${chat.participants.map((p) => firstName(p.name)).join(', ')}, ${T.you}` : T.online;
  const el = html(`<div id="main"${cls('main')}>
   <header${cls('mainHead')}>
    ${avatar(chat, 40)}
    <div role="button"${tid('conversation-info-header')} title="${T.profile}"${cls('headInfo')}>
     <div${cls('headTitleRow')}><span dir="auto" title="${esc(chat.title)}"${tid('conversation-info-header-chat-title')}${cls('headTitle')}>${esc(chat.title)}</span></div>
     <div${cls('headSub')}><span title="${esc(sub)}"${cls('headSubText')}>${esc(sub)}</span></div>
    </div>
    <div${cls('grow')}></div>${icon('search', '', ['headIcon'])}${icon('menu', '', ['headIcon'])}
   </header>
   <div class="copyable-area ${C('area')}">
    <div${tid('conversation-panel-messages')} data-scrolltracepolicy="wa.web.conversation.messages" tabindex="0" aria-label="${T.messageList}"${cls('scroller')}>
     <div${cls('topSpace')}></div>
     <div data-tab="8" role="application"${cls('tab')}></div>
    </div>
   </div>
   <footer${cls('footer')}>
    <div${cls('compRow')}>
     <button type="button" aria-label="${T.attach}"${cls('roundBtn')}>${icon('plus')}</button>
     <div${cls('compBox')}><div contenteditable="true" role="textbox" spellcheck="true" data-tab="10" data-lexical-editor="true" aria-label="${T.typeMessage}" aria-placeholder="${T.typeMessage}" aria-multiline="true"${cls('composer')}><p${cls('para')}><br></p></div></div>
     <div${cls('sendSlot')}></div>
    </div>
   </footer>
  </div>`.replace(/>\s+</g, '><'));
  const main = {
    el, chat, scroller: el.querySelector('[data-scrolltracepolicy]'), tab: el.querySelector('[data-tab="8"]'),
    composer: el.querySelector('[data-tab="10"]'), slot: el.querySelector(`.${C('sendSlot')}`),
    rows: new Map(), seps: [], start: 0, topSep: null, loading: false, waiters: [], lastSent: null,
  };
  const msgs = chat.messages;
  const unreadAt = unreadBefore > 0 ? Math.max(0, msgs.length - unreadBefore) : -1;
  main.start = Math.max(0, Math.min(msgs.length - FIRST_RENDER, unreadAt >= 0 ? unreadAt - 5 : Infinity));
  const { frag, firstSep } = buildRows(main, main.start, msgs.length, unreadAt);
  if (main.start === 0) frag.prepend(e2eRow());
  main.topSep = firstSep;
  main.tab.append(frag);
  setSendButton(main, false);

  main.scroller.addEventListener('scroll', () => maybeLoadOlder(main), { passive: true });
  main.composer.addEventListener('input', () => setSendButton(main, composerText(main) !== ''));
  main.composer.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendFromComposer(main);
    }
  });

  const old = right.firstElementChild;
  if (old) old.replaceWith(el);
  else right.append(el);
  S.main = main;
  main.scroller.scrollTop = main.scroller.scrollHeight;
  main.composer.focus();
  maybeLoadOlder(main);
  return main;
}

function maybeLoadOlder(main) {
  const s = main.scroller;
  const needs = s.scrollTop < 40 || s.scrollHeight <= s.clientHeight;
  if (!needs || main.start === 0 || main.loading || S.main !== main) return;
  main.loading = true;
  setTimeout(() => {
    main.loading = false;
    const n = S.main === main ? loadOlderNow(main) : 0;
    for (const w of main.waiters.splice(0)) w(n);
  }, 250);
}

function loadOlderNow(main) {
  if (main.start === 0) return 0;
  const msgs = main.chat.messages;
  const from = Math.max(0, main.start - PAGE);
  const { frag, firstSep } = buildRows(main, from, main.start);
  if (main.topSep && sameDay(msgs[main.start - 1].ts, msgs[main.start].ts)) {
    const old = main.topSep;
    old.remove();
    main.seps = main.seps.filter((s) => s.el !== old);
  }
  // The tail of the previous top message is already correct: it was computed against msgs[start-1].
  if (from === 0) frag.prepend(e2eRow());
  const s = main.scroller;
  const before = s.scrollHeight;
  const top = s.scrollTop;
  main.tab.prepend(frag);
  s.scrollTop = top + (s.scrollHeight - before);
  const n = main.start - from;
  main.start = from;
  main.topSep = firstSep;
  requestAnimationFrame(() => maybeLoadOlder(main));
  return n;
}

/** Scrolls the open conversation to the top and resolves when the next older page is in. */
export function loadOlder() {
  const main = S.main;
  if (!main) return Promise.resolve({ loaded: 0, remaining: 0 });
  if (main.start === 0) return Promise.resolve({ loaded: 0, remaining: 0 });
  return new Promise((ok) => {
    main.waiters.push((n) => ok({ loaded: n, remaining: main.start }));
    main.scroller.scrollTop = 0;
    maybeLoadOlder(main);
  });
}

function appendToMain(main, m) {
  const msgs = main.chat.messages;
  const prev = msgs.length > 1 ? msgs[msgs.length - 2] : null;
  const stick = nearBottom(main.scroller) || m.fromMe;
  if (!prev || !sameDay(prev.ts, m.ts)) main.tab.append(sepRow(m.ts, main));
  const row = msgRow(main.chat, m, prev);
  main.rows.set(m.key, row);
  main.tab.append(row);
  if (stick) main.scroller.scrollTop = main.scroller.scrollHeight;
}

// ---- the composer -----------------------------------------------------------------------------
const composerText = (main) => main.composer.innerText.replace(/\u00a0/g, ' ').replace(/\n+$/, '').trim();

function setSendButton(main, on) {
  const has = main.slot.querySelector('[aria-label]');
  const isSend = has?.getAttribute('aria-label') === T.send;
  if (has && isSend === on) return;
  const btn = on
    ? html(`<button type="button" data-tab="11" aria-label="${T.send}"${cls('sendBtn')}>${icon('wds-ic-send-filled', '', ['sendIcon'])}</button>`)
    : html(`<button type="button" data-tab="11" aria-label="${T.voice}"${cls('roundBtn')}>${icon('mic-outlined')}</button>`);
  if (on) btn.addEventListener('click', () => sendFromComposer(main));
  main.slot.replaceChildren(btn);
}

function sendFromComposer(main) {
  const text = composerText(main);
  if (!text || S.main !== main) return null;
  main.composer.innerHTML = `<p class="${C('para')}"><br></p>`;
  setSendButton(main, false);
  const m = addMessage(main.chat, { fromMe: true, author: OWN_NAME, text, ack: 'pending', key: newKey('web') });
  setTimeout(() => setAck(main.chat, m, 'sent'), 300);
  setTimeout(() => m.ack === 'sent' && setAck(main.chat, m, 'delivered'), 1500);
  main.lastSent = m.key;
  return m;
}

// ---- model operations -------------------------------------------------------------------------
export function openChat(chat) {
  if (S.main && S.main.chat === chat) return S.main;
  const unreadBefore = chat.unread;
  chat.unread = 0;
  chat.markedUnread = false;
  S.open = chat;
  renderList();
  return mountMain(chat, unreadBefore);
}

export function closeChat() {
  if (!S.main) return false;
  S.main.el.replaceWith(intro());
  S.main = null;
  S.open = null;
  renderList();
  return true;
}
addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && S.main) closeChat();
});

/** Appends a message to a chat: list order, preview, unread and the open conversation follow. */
export function addMessage(chat, fields) {
  const m = makeMessage(chat, fields);
  chat.messages.push(m);
  const isOpen = S.main && S.main.chat === chat;
  if (m.fromMe) {
    // Sending from any device reads the chat.
    chat.unread = 0;
    chat.markedUnread = false;
  } else if (!isOpen) chat.unread++;
  if (isOpen) appendToMain(S.main, m);
  renderList();
  return m;
}

export function setAck(chat, m, ack) {
  m.ack = ack;
  const row = S.main && S.main.chat === chat ? S.main.rows.get(m.key) : null;
  const span = row?.querySelector(`.${C('ackBox')} [data-icon]`);
  if (span) {
    const [name, label] = ACK[ack];
    span.setAttribute('data-icon', name);
    span.setAttribute('aria-label', T[label]);
    span.className = `${C('ack')} ${C(ack === 'read' ? 'ackRead' : 'ackGrey')}`;
    span.innerHTML = SVG[name];
  }
  if (chat.messages.at(-1) === m) renderList();
}

export function findChat(title) {
  return S.chats.find((c) => c.title === title) ?? S.chats.find((c) => c.jid === title) ?? null;
}

export function addChat(title, opts = {}) {
  const chat = adHocChat(title, { ...opts, idx: S.nextIdx++ });
  chat.createdAt = clock.now();
  S.chats.push(chat);
  renderList();
  return chat;
}

export function setChats(n) {
  n = Math.max(0, Math.floor(Number(n) || 0));
  const now = clock.now();
  const generated = S.chats.filter((c) => c.generated);
  if (n > generated.length) {
    for (let i = generated.length; i < n; i++) {
      const c = generateChat(i, now);
      c.generated = true;
      S.chats.push(c);
    }
  } else {
    const drop = new Set(generated.slice(n));
    if (S.open && drop.has(S.open)) closeChat();
    for (const c of drop) releaseTitle(c.title);
    S.chats = S.chats.filter((c) => !drop.has(c));
  }
  S.nextIdx = Math.max(S.nextIdx, n);
  renderList();
  return S.chats.length;
}

export function relabel() {
  if (S.main) for (const s of S.main.seps) s.el.querySelector('span').textContent = sepLabel(s.ts);
  renderList();
}

// ---- simulated customers (simulate=1) ----------------------------------------------------------
function simulateLoop() {
  const wait = 3000 + Math.random() * 7000;
  setTimeout(() => {
    const list = sortedChats();
    if (list.length) {
      const chat = Math.random() < 0.7 ? list[Math.floor(Math.random() * Math.min(8, list.length))] : list[Math.floor(Math.random() * list.length)];
      const p = chat.group ? chat.participants[Math.floor(Math.random() * chat.participants.length)] : null;
      const roll = Math.random();
      if (roll < 0.85) {
        addMessage(chat, { fromMe: false, text: LINES.customer[Math.floor(Math.random() * LINES.customer.length)], author: p?.name ?? chat.title, authorJid: p?.jid ?? chat.jid });
      } else {
        const text = roll < 0.93 ? LINES.bot[Math.floor(Math.random() * LINES.bot.length)] : `*${AGENTS[Math.floor(Math.random() * AGENTS.length)]}:* ${LINES.agent[0]}`;
        const m = addMessage(chat, { fromMe: true, author: OWN_NAME, text, ack: 'sent', key: newKey('web') });
        setTimeout(() => setAck(chat, m, 'delivered'), 1000);
      }
    }
    simulateLoop();
  }, wait);
}

// ---- boot -------------------------------------------------------------------------------------
setChats(P.chats);
if (P.simulate) simulateLoop();
