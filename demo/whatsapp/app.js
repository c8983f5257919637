// The WhatsApp Web imitation: a virtualised chat list (#side / #pane-side) and a conversation
// panel (#main, replaced by a new element on every chat open), rendered with plain DOM code.
// Updates are patched into the nodes already there (patch.js), as React does; the markup comes
// from render.js. Hashed class names come from C() and are random per page load; see README.md.
import { OWN_NAME, adHocChat, claimTitle, generateChat, makeMessage, newKey, releaseTitle } from './data.js';
import { patchChildren, patchInner, patchNode } from './patch.js';
import { headInner, lastShown, lastTs, msgRow, rowInner } from './render.js';
import { C, ID, P, T, clock, cls, icon, sameDay, sepLabel, tid } from './util.js';

const ROW_H = 72;
const OVERSCAN = 4;
const FIRST_RENDER = 40;
const FIRST_FRAME = 12; // opening a chat renders its newest messages first, the older ones in the next frames
const PAGE = 20;

/** The app state. `main` describes the mounted conversation, if any; `log` what happened besides messages (waSim.truth). */
export const S = { chats: [], open: null, filter: '', main: null, nextIdx: 0, log: [] };
const note = (type, chat, fields = {}) => S.log.push({ type, at: clock.now(), jid: chat.jid, title: chat.title, ...fields });

// ---- styles: style.css uses `.$name` for the hashed classes and the known ids ----------------------
const css = await fetch(new URL('./style.css', import.meta.url)).then((r) => r.text());
const style = document.createElement('style');
style.textContent = css
  .replace(/\.\$([A-Za-z0-9_-]+)/g, (_m, n) => `.${C(n)}`)
  .replace(/#(pane-side|side|main)\b/g, (_m, id) => `#${{ side: ID.side, 'pane-side': ID.pane, main: ID.main }[id]}`);
document.head.append(style);

const html = (s) => {
  const t = document.createElement('template');
  t.innerHTML = s.trim();
  return t.content.firstElementChild;
};
const minify = (s) => s.replace(/>\s+</g, '><');

// ---- the loading screen (loading=ms): a progress bar in #app, no #side yet -------------------------
document.documentElement.lang = P.lang;
document.documentElement.dir = 'ltr';
document.title = 'WhatsApp';
const app = document.getElementById('app');
if (P.loading) {
  app.innerHTML = minify(`<div${cls('loading')}><div${cls('loadingLogo')}>${icon('chats-filled')}</div>
    <progress value="0" max="100"${cls('progress')}></progress><div${cls('loadingTitle')}>${T.loading}</div>
    <div${cls('loadingFoot')}>🔒 ${T.encrypted}</div></div>`);
  const bar = app.querySelector('progress');
  const start = Date.now();
  await new Promise((done) => {
    const tick = setInterval(() => {
      bar.value = Math.min(100, ((Date.now() - start) / P.loading) * 100);
      if (bar.value >= 100) done(clearInterval(tick));
    }, 100);
  });
}

// ---- the shell ----------------------------------------------------------------------------------
const gridAttrs =
  P.rows === 'row'
    ? `aria-label="${T.chatList}" role="${ID.grid}" aria-rowcount="0"${tid('chat-list')}`
    : `aria-label="${T.chatList}" role="${ID.list}"${tid('chat-list')}`;
const ROW_ROLE = P.rows === 'row' ? ID.row : ID.item;
app.innerHTML = minify(`<div${cls('root')}>
  <header${cls('rail')}>${icon('chats-filled', ' title="Chats"', ['railIcon', 'railOn'])}${icon('status', ' title="Status"', ['railIcon'])}<div${cls('grow')}></div>${icon('settings', ' title="Settings"', ['railIcon'])}</header>
  <div id="${ID.side}"${cls('side')}>
    <header${cls('sideHead')}>
      <div${cls('sideTitleRow')}><h1${cls('sideTitle')}>${T.chats}</h1><div${cls('grow')}></div>${icon('plus', '', ['headIcon'])}${icon('menu', '', ['headIcon'])}</div>
      <div${cls('searchBox')}>${icon('search', '', ['searchIcon'])}<div contenteditable="true" role="textbox" data-tab="3" aria-label="${T.search}" aria-placeholder="${T.searchPlaceholder}"${cls('searchInput')}></div></div>
    </header>
    <div id="${ID.pane}" data-scrolltracepolicy="wa.web.chatlist"${cls('pane')}>
      <div role="button" tabindex="0" hidden${cls('archivedRow')}></div>
      <div ${gridAttrs}${cls('grid')} style="height:0px;position:relative"></div>
    </div>
  </div>
  <div${cls('right')}></div>
</div>`);
const pane = document.getElementById(ID.pane);
const archivedRow = pane.firstElementChild;
const grid = pane.lastElementChild;
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

/** The list as shown: pinned chats first (the latest pinned on top), then by last activity; archived chats are not in it. */
export function sortedChats() {
  const f = S.filter.toLowerCase();
  const list = S.chats.filter((c) => !c.archived && (!f || c.title.toLowerCase().includes(f)));
  return list.sort((a, b) => (b.pinned || 0) - (a.pinned || 0) || lastTs(b) - lastTs(a) || a.idx - b.idx);
}

function updateRow(el, chat, i, n) {
  rowChat.set(el, chat);
  const style = `z-index: ${n - i}; height: ${ROW_H}px; transform: translateY(${i * ROW_H}px);`;
  if (el.getAttribute('style') !== style) el.setAttribute('style', style);
  if (P.testid && el.getAttribute('data-testid') !== `list-item-${i}`) el.setAttribute('data-testid', `list-item-${i}`);
  const inner = rowInner(chat, S.open === chat);
  if (rowHtml.get(el) !== inner) {
    patchInner(el, inner);
    rowHtml.set(el, inner);
  }
}

function renderArchivedRow() {
  const archived = S.chats.filter((c) => c.archived);
  if (archivedRow.hidden !== (archived.length === 0)) archivedRow.hidden = archived.length === 0;
  const unread = archived.filter((c) => c.unread || c.markedUnread).length;
  const inner = `${icon('archived', '', ['archIcon'])}<span dir="auto"${cls('archLabel')}>${T.archived}</span><span${cls('archCount')}>${unread || ''}</span>`;
  if (rowHtml.get(archivedRow) !== inner) {
    patchInner(archivedRow, inner);
    rowHtml.set(archivedRow, inner);
  }
}

export function renderList() {
  renderArchivedRow();
  const list = sortedChats();
  const n = list.length;
  const height = `${n * ROW_H}px`;
  if (grid.style.height !== height) grid.style.height = height;
  if (P.rows === 'row' && grid.getAttribute('aria-rowcount') !== String(n)) grid.setAttribute('aria-rowcount', String(n));
  const top = pane.scrollTop - grid.offsetTop;
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
      el.setAttribute('role', ROW_ROLE);
      el.className = C('row');
      rowEls.set(jid, el);
    }
    updateRow(el, list[i], i, n);
    if (el.parentNode !== grid) grid.append(el);
  }
  for (const el of pool) el.remove();
}

/** Titles of the chat rows in the DOM, top to bottom. */
export function renderedRows() {
  const y = (el) => Number(/translateY\((-?\d+)/.exec(el.style.transform)?.[1] ?? 0);
  return [...rowEls.values()].sort((a, b) => y(a) - y(b)).map((el) => rowChat.get(el).title);
}

pane.addEventListener('scroll', () => renderList(), { passive: true });
addEventListener('resize', () => renderList());
grid.addEventListener('click', (e) => {
  const row = e.target.closest?.(`[role="${ROW_ROLE}"]`);
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
  const top = i * ROW_H + grid.offsetTop;
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

/** The message shown just above `i` (deleted-for-me messages are not shown). */
function shownBefore(msgs, i) {
  for (let k = i - 1; k >= 0; k--) if (!msgs[k].hidden) return msgs[k];
  return null;
}

function buildRows(main, from, to) {
  const frag = document.createDocumentFragment();
  const msgs = main.chat.messages;
  let firstSep = null;
  for (let i = from; i < to; i++) {
    const m = msgs[i];
    if (m.hidden) continue;
    const prev = shownBefore(msgs, i);
    if (!firstSep || !sameDay(prev.ts, m.ts)) {
      const sep = sepRow(m.ts, main);
      firstSep ??= sep;
      frag.append(sep);
    }
    if (i === main.unreadAt) frag.append(unreadRow(msgs.length - main.unreadAt));
    const row = html(msgRow(main.chat, m, prev));
    main.rows.set(m.key, row);
    frag.append(row);
  }
  return { frag, firstSep };
}

const nearBottom = (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 120;

function mountMain(chat, unreadBefore) {
  const el = html(`<div id="${ID.main}"${cls('main')}>
   <header${cls('mainHead')}>${headInner(chat)}</header>
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
  const msgs = chat.messages;
  const unreadAt = unreadBefore > 0 ? Math.max(0, msgs.length - unreadBefore) : -1;
  const main = {
    el, chat, head: el.querySelector('header'), scroller: el.querySelector('[data-scrolltracepolicy]'), tab: el.querySelector('[data-tab="8"]'),
    composer: el.querySelector('[data-tab="10"]'), slot: el.querySelector(`.${C('sendSlot')}`),
    rows: new Map(), seps: [], start: msgs.length, topSep: null, unreadAt, loading: true, waiters: [], arrivals: [], lastSent: null,
  };
  // React renders a conversation in chunks: the newest messages in the first frame, older ones after.
  const target = Math.max(0, Math.min(msgs.length - FIRST_RENDER, unreadAt >= 0 ? unreadAt - 5 : Infinity));
  const chunks = [Math.max(target, msgs.length - FIRST_FRAME), Math.max(target, msgs.length - FIRST_RENDER / 2), target];
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
  const renderChunk = (k) => {
    if (S.main !== main) return;
    if (chunks[k] < main.start) prependRows(main, chunks[k]);
    if (k === 0) main.scroller.scrollTop = main.scroller.scrollHeight;
    if (k + 1 < chunks.length) requestAnimationFrame(() => renderChunk(k + 1));
    else {
      main.loading = false;
      maybeLoadOlder(main);
    }
  };
  if (msgs.length === 0) main.tab.append(e2eRow());
  renderChunk(0);
  main.composer.focus();
  return main;
}

function maybeLoadOlder(main) {
  const s = main.scroller;
  const needs = s.scrollTop < 40 || s.scrollHeight <= s.clientHeight || main.waiters.length > 0;
  if (!needs || main.start === 0 || main.loading || S.main !== main) return;
  main.loading = true;
  setTimeout(() => {
    main.loading = false;
    const n = S.main === main ? prependRows(main, Math.max(0, main.start - PAGE)) : 0;
    // A message arriving in the same moment as the older page (waSim.loadOlder's `arrival`).
    const arrived = main.arrivals.splice(0).map((f) => f());
    for (const w of main.waiters.splice(0)) w(n, arrived);
    requestAnimationFrame(() => maybeLoadOlder(main));
  }, 250);
}

/** Inserts the messages from `from` up to the first rendered one at the top, keeping the scroll position. */
function prependRows(main, from) {
  if (from >= main.start) return 0;
  const msgs = main.chat.messages;
  const { frag, firstSep } = buildRows(main, from, main.start);
  const below = main.start < msgs.length ? msgs[main.start] : null;
  if (main.topSep && below && sameDay(msgs[main.start - 1].ts, below.ts)) {
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
  main.topSep = firstSep ?? main.topSep;
  return n;
}

/**
 * Scrolls the open conversation to the top and resolves when the next older page is in; `arrival`
 * runs in the same task as the insertion (a new message at the bottom in the same moment).
 */
export function loadOlder(arrival) {
  const main = S.main;
  if (!main || main.start === 0) return Promise.resolve({ loaded: 0, remaining: 0, arrived: arrival ? [arrival()] : [] });
  return new Promise((ok) => {
    if (arrival) main.arrivals.push(arrival);
    main.waiters.push((n, arrived) => ok({ loaded: n, remaining: main.start, arrived }));
    main.scroller.scrollTop = 0;
    maybeLoadOlder(main);
  });
}

function appendToMain(main, m) {
  const msgs = main.chat.messages;
  const prev = shownBefore(msgs, msgs.length - 1);
  const stick = nearBottom(main.scroller) || m.fromMe;
  if (!prev || !sameDay(prev.ts, m.ts)) main.tab.append(sepRow(m.ts, main));
  const row = html(msgRow(main.chat, m, prev));
  main.rows.set(m.key, row);
  main.tab.append(row);
  if (stick) main.scroller.scrollTop = main.scroller.scrollHeight;
}

/** Re-renders a message (number `i` of its chat) in the open conversation by patching its row in place. */
function refreshMessage(chat, m, i = chat.messages.lastIndexOf(m)) {
  const row = S.main?.chat === chat ? S.main.rows.get(m.key) : null;
  if (!row?.isConnected) return;
  if (m.hidden) {
    row.remove();
    S.main.rows.delete(m.key);
    return;
  }
  const msgs = chat.messages;
  patchNode(row, html(msgRow(chat, m, shownBefore(msgs, i))));
}

const refreshHead = (chat) => S.main?.chat === chat && patchChildren(S.main.head, html(`<header>${headInner(chat)}</header>`));

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
  const m = addMessage(main.chat, { fromMe: true, author: OWN_NAME, text, ack: 'pending', key: newKey('web'), sender: 'agent' });
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
  chat.typing = null; // a message ends the typing indicator
  const isOpen = S.main && S.main.chat === chat;
  if (m.fromMe) {
    // Sending from any device reads the chat.
    chat.unread = 0;
    chat.markedUnread = false;
  } else {
    if (!isOpen) chat.unread++;
    // A customer writing to an archived chat brings it back, unless it is muted.
    if (chat.archived && !chat.muted) setArchived(chat, false);
  }
  if (isOpen) {
    appendToMain(S.main, m);
    refreshHead(chat);
  }
  renderList();
  return m;
}

/** Messages that arrived while no tab was open, delivered in one burst after the app rendered. */
export function offlineSync(entries) {
  const now = clock.now();
  const out = entries.map(({ chat, text, ago, fromMe = false }) => {
    // Never before the chat's last message: they arrived after it.
    const ts = Math.min(now, Math.max(now - ago, (lastShown(chat)?.ts ?? 0) + 1000));
    const m = makeMessage(chat, { fromMe, text, ts, offline: true, ack: fromMe ? 'delivered' : null, author: chat.title, authorJid: chat.group ? chat.participants[0].jid : chat.jid });
    chat.messages.push(m);
    if (fromMe) chat.unread = 0;
    else if (S.main?.chat !== chat) chat.unread++;
    else appendToMain(S.main, m);
    if (!fromMe && chat.archived && !chat.muted) chat.archived = false;
    return { chat, m };
  });
  renderList();
  return out;
}

export function setAck(chat, m, ack) {
  m.ack = ack;
  refreshMessage(chat, m);
  if (lastShown(chat) === m) renderList();
}

export function setTyping(chat, who) {
  chat.typing = who;
  note(who ? 'typing' : 'typing-stop', chat);
  renderList();
  refreshHead(chat);
}

/** A reaction under a message; a customer's reaction to our message shows in the row, without being a message. */
export function react(chat, m, emoji, { fromMe = false, by = fromMe ? OWN_NAME : chat.title } = {}) {
  m.reactions = [...m.reactions.filter((r) => r.by !== by), { emoji, by }];
  if (!fromMe && m.fromMe) chat.reaction = { emoji, m, by, ts: clock.now() };
  note('reaction', chat, { key: m.key, emoji, fromMe });
  refreshMessage(chat, m);
  renderList();
}

export function edit(chat, m, text) {
  m.text = text;
  m.edited = true;
  note('edit', chat, { key: m.key });
  refreshMessage(chat, m);
  renderList();
}

/** For everyone: the bubble says it was deleted (same data-id); for me: it leaves every view. */
export function deleteMessage(chat, m, forEveryone) {
  if (forEveryone) m.deleted = true;
  else m.hidden = true;
  note('delete', chat, { key: m.key, forEveryone });
  refreshMessage(chat, m);
  renderList();
}

/** Saving a contact under a name: the row, the header and every author label change; the jid does not. */
export function rename(chat, title) {
  note('rename', chat, { from: chat.title, to: title });
  releaseTitle(chat.title);
  claimTitle(title);
  chat.title = title;
  renderList();
  refreshHead(chat);
  if (S.main?.chat === chat) chat.messages.forEach((m, i) => refreshMessage(chat, m, i));
}

export function setPinned(chat, on) {
  chat.pinned = on ? clock.now() : 0;
  note(on ? 'pin' : 'unpin', chat);
  renderList();
}

export function setArchived(chat, on) {
  chat.archived = on;
  if (on && S.open === chat) closeChat();
  note(on ? 'archive' : 'unarchive', chat);
  renderList();
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

setChats(P.chats);
