/**
 * window.waSim: the driver API of the WhatsApp Web imitation (entry module of index.html).
 * Plain functions with JSON-serialisable arguments and results, for Playwright's page.evaluate:
 *
 *   await page.waitForFunction(() => window.waSim?.ready);
 *   await page.evaluate(() => waSim.customerSends('Maria Silva', 'Hello?'));
 *
 * Chats are named by title (or jid). Message keys are 20-hex-char uppercase stanza ids.
 *
 *   ready                                   true once the app has rendered
 *   config()                                the variant: { rows, testid, prefix, ids, lang, chats, history, seed, broken[], simulate, ownJid, ownName }
 *   chats()                                 every chat in list order (not only rendered rows):
 *                                           [{ title, jid, group, unread, markedUnread, muted, lastIsMine, lastKey,
 *                                              lastAck, preview (as the row shows it), lastAt (ms), index, open }]
 *   messages(title)                         the chat's whole history: [{ key, dataId, fromMe, author, authorJid, text, media, at, ack, rendered }]
 *   customerSends(title, text, { media?, author? })   -> { key, dataId, jid }
 *                                           an incoming message (unknown title: a new 1:1 chat is created; in a
 *                                           group `author` picks/creates the participant, default: a random one).
 *                                           media: a picture; `text` becomes its caption ('' = no caption, and then
 *                                           no data-pre-plain-text at all).
 *   botSends(title, text)                   -> { key, dataId, jid }   outgoing, sent by another device (the bot)
 *   otherAgentSends(title, text)            -> { key, dataId, jid }   outgoing from another device, e.g. '*Ana:* hello'
 *                                           (both arrive with ack msg-check, then msg-dblcheck after 1 s, and clear
 *                                           the chat's unread count as sending from any device does)
 *   agentSends(text)                        -> { key, dataId } | null  types into the open chat's composer (insertText)
 *                                           and dispatches Enter, exactly like the keyboard path
 *   openChat(title)                         -> { jid, title }  scrolls the list to the row and clicks it
 *   closeChat()                             -> boolean      back to the intro pane (like Escape)
 *   openTitle()                             -> string|null
 *   scrollChatList(px)                      -> { scrollTop, rendered }  scrolls #pane-side by px (negative = up)
 *   renderedRows()                          -> titles of the chat rows present in the DOM, top to bottom
 *   loadOlder()                             -> Promise<{ loaded, remaining }>  scrolls the conversation to the top;
 *                                           resolves once the next 20 older messages are inserted
 *   readByCustomer(title)                   every outgoing message of the chat becomes "Read"
 *   setAck(title, key, 'pending'|'sent'|'delivered'|'read')
 *   markUnread(title, on = true)            the "marked as unread" badge (no number)
 *   setMuted(title, on = true)
 *   addChat(title, { group? })              -> { jid }  a new empty chat (at the top of the list)
 *   setChats(n)                             -> number of chats; grows or trims the generated inbox (same seed)
 *   search(text)                            types into the side search box (filters the list by title)
 *   advance(ms)                             -> now   the app clock moves forward (time labels re-render)
 *   now()                                   -> Date.now() + offset, the app's notion of now (ms)
 */
import * as app from './app.js';
import { OWN_JID, OWN_NAME, dataId, personJid } from './data.js';
import { P, T, clock, cryptoRandom, plainText } from './util.js';

function need(title) {
  const chat = app.findChat(title);
  if (!chat) throw new Error(`waSim: no chat titled ${JSON.stringify(title)}`);
  return chat;
}
const ref = (chat, m) => ({ key: m.key, dataId: dataId(chat, m), jid: chat.jid });

function fromOtherDevice(title, text) {
  const chat = app.findChat(title) ?? app.addChat(String(title));
  const m = app.addMessage(chat, { fromMe: true, text: String(text), ack: 'sent' });
  setTimeout(() => m.ack === 'sent' && app.setAck(chat, m, 'delivered'), 1000);
  return ref(chat, m);
}

const waSim = {
  ready: true,
  config: () => ({ ...P, broken: [...P.broken], ownJid: OWN_JID, ownName: OWN_NAME }),
  now: () => clock.now(),
  advance(ms) {
    const now = clock.advance(ms);
    app.relabel();
    return now;
  },

  chats: () =>
    app.sortedChats().map((c, index) => {
      const last = c.messages.at(-1);
      return {
        title: c.title, jid: c.jid, group: c.group, unread: c.unread, markedUnread: c.markedUnread, muted: c.muted,
        lastIsMine: !!last?.fromMe, lastKey: last?.key ?? null, lastAck: last?.ack ?? null,
        preview: last ? (last.media && !last.text ? T.photo : plainText(last.text)) : null, lastAt: last?.ts ?? null, index, open: app.S.open === c,
      };
    }),
  messages(title) {
    const chat = need(title);
    const main = app.S.main?.chat === chat ? app.S.main : null;
    return chat.messages.map((m) => ({
      key: m.key, dataId: dataId(chat, m), fromMe: m.fromMe, author: m.fromMe ? OWN_NAME : m.author,
      authorJid: m.fromMe ? OWN_JID : m.authorJid, text: m.text, media: m.media, at: m.ts, ack: m.ack,
      rendered: !!main?.rows.get(m.key)?.isConnected,
    }));
  },

  customerSends(title, text, opts = {}) {
    const chat = app.findChat(title) ?? app.addChat(String(title));
    let author = chat.title;
    let authorJid = chat.jid;
    if (chat.group) {
      let p = opts.author ? chat.participants.find((x) => x.name === opts.author) : null;
      if (!p && opts.author) {
        p = { name: String(opts.author), jid: personJid(cryptoRandom) };
        chat.participants.push(p);
      }
      p ??= chat.participants[Math.floor(Math.random() * chat.participants.length)];
      author = p.name;
      authorJid = p.jid;
    }
    const m = app.addMessage(chat, { fromMe: false, text: String(text ?? ''), media: !!opts.media, author, authorJid });
    return ref(chat, m);
  },
  botSends: (title, text) => fromOtherDevice(title, text),
  otherAgentSends: (title, text) => fromOtherDevice(title, text),
  agentSends(text) {
    const main = app.S.main;
    if (!main) return null;
    const box = main.composer;
    box.focus();
    const sel = getSelection();
    sel.selectAllChildren(box);
    sel.collapseToEnd();
    document.execCommand('insertText', false, String(text));
    main.lastSent = null;
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true }));
    box.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true }));
    if (!main.lastSent) return null;
    return { key: main.lastSent, dataId: dataId(main.chat, main.chat.messages.at(-1)) };
  },

  openChat(title) {
    const chat = need(title);
    const row = app.revealRow(chat);
    const target = row?.querySelector('[aria-selected]') ?? row;
    if (target) target.click();
    else app.openChat(chat);
    return { jid: chat.jid, title: chat.title };
  },
  closeChat: () => app.closeChat(),
  openTitle: () => app.S.open?.title ?? null,
  scrollChatList(px) {
    const pane = document.getElementById('pane-side');
    pane.scrollTop += Number(px) || 0;
    app.renderList();
    return { scrollTop: pane.scrollTop, rendered: waSim.renderedRows().length };
  },
  renderedRows() {
    const rows = [...document.querySelectorAll('#pane-side [role="row"], #pane-side [role="listitem"]')];
    const y = (el) => Number(/translateY\((-?\d+)/.exec(el.style.transform)?.[1] ?? 0);
    const chats = app.sortedChats();
    return rows.sort((a, b) => y(a) - y(b)).map((el) => chats[Math.round(y(el) / 72)]?.title ?? null);
  },
  loadOlder: () => app.loadOlder(),

  readByCustomer(title) {
    const chat = need(title);
    for (const m of chat.messages) if (m.fromMe && m.ack !== 'read') app.setAck(chat, m, 'read');
    return true;
  },
  setAck(title, key, ack) {
    const chat = need(title);
    const m = chat.messages.find((x) => x.key === key);
    if (!m || !m.fromMe) return false;
    app.setAck(chat, m, ack);
    return true;
  },
  markUnread(title, on = true) {
    const chat = need(title);
    chat.markedUnread = !!on && !chat.unread;
    app.renderList();
    return true;
  },
  setMuted(title, on = true) {
    need(title).muted = !!on;
    app.renderList();
    return true;
  },
  addChat(title, opts = {}) {
    const chat = app.findChat(title) ?? app.addChat(String(title), { group: !!opts.group });
    return { jid: chat.jid };
  },
  setChats: (n) => app.setChats(n),
  search(text) {
    const box = document.querySelector('#side [data-tab="3"]');
    box.textContent = String(text ?? '');
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    return waSim.renderedRows().length;
  },
};

window.waSim = waSim;
dispatchEvent(new CustomEvent('wasim-ready'));
