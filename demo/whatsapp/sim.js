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
 *   config()                                the variant: { rows, testid, prefix, ids, lang, dates, layout, loading, offline,
 *                                           chats, history, seed, broken[], simulate, ownJid, ownName }
 *   truth()                                 what really happened, whatever the page shows (for tests and the benchmark):
 *                                           { messages: [{ jid, title (the chat's title then), key, dataId, dir: 'in'|'out',
 *                                               sender: 'customer'|'agent' (this browser's composer)|'bot'|'device' (another device),
 *                                               author (customers), signature ('Ana' for '*Ana:* …', outgoing only), at (ms),
 *                                               before (history generated at load), offline (late sync), media, deleted }]
 *                                             sorted by time, every chat, archived and deleted ones included;
 *                                             changes: [{ type: rename|edit|delete|reaction|typing|typing-stop|pin|unpin|
 *                                               archive|unarchive, at, jid, title, … }] }
 *   chats()                                 every chat in list order (archived ones last), not only rendered rows:
 *                                           [{ title, jid, group, unread, markedUnread, muted, pinned, archived, typing, lastIsMine,
 *                                              lastKey, lastAck, preview (as the row shows it), lastAt (ms), index, open }]
 *   messages(title)                         the chat's history as shown: [{ key, dataId, fromMe, author, authorJid, text, media,
 *                                              at, ack, edited, deleted, reactions[], quote (key), rendered }]
 *   customerSends(title, text, { media?, author?, quote?, seconds?, fileName? })   -> { key, dataId, jid }
 *                                           an incoming message (unknown title: a new 1:1 chat is created; in a
 *                                           group `author` picks/creates the participant, default: a random one).
 *                                           media: true or 'picture' (`text` is its caption, '' = none), 'audio' (a voice
 *                                           note of `seconds`), 'document' (`fileName`, `text` its caption), 'sticker';
 *                                           only text and captions carry data-pre-plain-text. quote: the key of the quoted message.
 *   botSends(title, text, opts)             -> { key, dataId, jid }   outgoing, sent by another device (the bot)
 *   otherAgentSends(title, text, opts)      -> { key, dataId, jid }   outgoing from another device, e.g. '*Ana:* hello'
 *                                           (both take customerSends' media/quote options, arrive with ack msg-check, then
 *                                           msg-dblcheck after 1 s, and clear the chat's unread count as sending from any device does)
 *   agentSends(text)                        -> { key, dataId } | null  types into the open chat's composer (insertText)
 *                                           and dispatches Enter, exactly like the keyboard path
 *   customerTypes(title, ms, { author? })   "typing…" in the row (no tick, no preview span) and the open header for ms
 *   react(title, key, emoji, { fromMe?, author? })   a reaction under the bubble; a customer's reaction to our
 *                                           message becomes the row preview ("Reacted 👍 to "…"") and lifts the row
 *   edit(title, key, text)                  text changed in place, "Edited" in the meta
 *   deleteMessage(title, key, { forEveryone? })   for everyone: "This message was deleted", same data-id; else gone
 *   renameChat(title, newTitle)             -> { jid, title }  row, header and 1:1 author labels change, the jid does not
 *   pinChat(title, on = true), archiveChat(title, on = true)
 *   offlineSync([{ title, text, ago (ms), fromMe? }])   -> [{ key, dataId, jid, at }]  messages that arrived while
 *                                           the tab was closed, all at once, with their earlier times
 *   openChat(title)                         -> { jid, title }  scrolls the list to the row and clicks it
 *   closeChat()                             -> boolean      back to the intro pane (like Escape)
 *   openTitle()                             -> string|null
 *   scrollChatList(px)                      -> { scrollTop, rendered }  scrolls the chat list by px (negative = up)
 *   renderedRows()                          -> titles of the chat rows present in the DOM, top to bottom
 *   loadOlder({ customerSends? })           -> Promise<{ loaded, remaining, arrived }>  scrolls the conversation to the
 *                                           top; resolves once the next 20 older messages are inserted; with
 *                                           customerSends: text, a customer message lands at the bottom in the same task
 *   readByCustomer(title)                   every outgoing message of the chat becomes "Read"
 *   setAck(title, key, 'pending'|'sent'|'delivered'|'read')
 *   markUnread(title, on = true)            the "marked as unread" badge (no number)
 *   setMuted(title, on = true)
 *   addChat(title, { group?, duplicate? })  -> { jid }  a new empty chat (at the top of the list); duplicate: even if a
 *                                           chat has that title (two "Maria"s: address the second by its jid)
 *   setChats(n)                             -> number of chats; grows or trims the generated inbox (same seed)
 *   search(text)                            types into the side search box (filters the list by title)
 *   advance(ms)                             -> now   the app clock moves forward (time labels re-render)
 *   now()                                   -> Date.now() + offset, the app's notion of now (ms)
 */
import * as app from './app.js';
import { OWN_JID, OWN_NAME, dataId, personJid } from './data.js';
import { rowPreview } from './render.js';
import { offlineAtBoot, simulate } from './simulate.js';
import { P, clock, cryptoRandom } from './util.js';

function need(title) {
  const chat = app.findChat(title);
  if (!chat) throw new Error(`waSim: no chat titled ${JSON.stringify(title)}`);
  return chat;
}
function needMessage(chat, key) {
  const m = chat.messages.find((x) => x.key === key);
  if (!m) throw new Error(`waSim: no message ${JSON.stringify(key)} in ${JSON.stringify(chat.title)}`);
  return m;
}
const ref = (chat, m) => ({ key: m.key, dataId: dataId(chat, m), jid: chat.jid });
const SIGNATURE = /^\*([^*\n]+?):\*/;

/** The media fields of a message from the driver's options: `media` true (a picture) or a kind. */
function mediaFields(chat, opts) {
  const media = opts.media === true ? 'picture' : opts.media || false;
  return {
    media,
    ...(media === 'audio' && { seconds: Math.max(1, Math.round(Number(opts.seconds) || 7)) }),
    ...(media === 'document' && { fileName: String(opts.fileName ?? 'invoice.pdf') }),
    ...(opts.quote && { quote: needMessage(chat, opts.quote) }),
  };
}

function fromOtherDevice(title, text, opts, sender) {
  const chat = app.findChat(title) ?? app.addChat(String(title));
  const m = app.addMessage(chat, { fromMe: true, text: String(text ?? ''), ack: 'sent', sender, ...mediaFields(chat, opts) });
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
    app.sortedChats().concat(app.S.chats.filter((c) => c.archived)).map((c, index) => {
      const last = c.messages.findLast((m) => !m.hidden);
      const p = rowPreview(c);
      return {
        title: c.title, jid: c.jid, group: c.group, unread: c.unread, markedUnread: c.markedUnread, muted: c.muted,
        pinned: !!c.pinned, archived: !!c.archived, typing: !!c.typing,
        lastIsMine: !!last?.fromMe, lastKey: last?.key ?? null, lastAck: last?.ack ?? null,
        preview: p ? (p.typing ?? (p.author ? `${p.author}: ${p.text}` : p.text)) : null, lastAt: last?.ts ?? null, index, open: app.S.open === c,
      };
    }),
  messages(title) {
    const chat = need(title);
    const main = app.S.main?.chat === chat ? app.S.main : null;
    return chat.messages.filter((m) => !m.hidden).map((m) => ({
      key: m.key, dataId: dataId(chat, m), fromMe: m.fromMe, author: m.fromMe ? OWN_NAME : m.author,
      authorJid: m.fromMe ? OWN_JID : m.authorJid, text: m.text, media: m.media, at: m.ts, ack: m.ack,
      edited: !!m.edited, deleted: !!m.deleted, reactions: m.reactions.map((r) => r.emoji), quote: m.quote?.key ?? null,
      rendered: !!main?.rows.get(m.key)?.isConnected,
    }));
  },
  truth: () => ({
    messages: app.S.chats.flatMap((chat) => chat.messages.map((m) => ({
      jid: chat.jid, title: m.title, key: m.key, dataId: dataId(chat, m), dir: m.fromMe ? 'out' : 'in', sender: m.sender,
      author: m.fromMe ? null : m.author, signature: (m.fromMe && SIGNATURE.exec(m.text)?.[1]) || null, at: m.ts,
      before: !!m.before, offline: !!m.offline, media: m.media || null, deleted: m.deleted ? 'everyone' : m.hidden ? 'me' : null,
    }))).sort((a, b) => a.at - b.at),
    changes: app.S.log.slice(),
  }),

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
    const m = app.addMessage(chat, { fromMe: false, text: String(text ?? ''), author, authorJid, ...mediaFields(chat, opts) });
    return ref(chat, m);
  },
  botSends: (title, text, opts = {}) => fromOtherDevice(title, text, opts, 'bot'),
  otherAgentSends: (title, text, opts = {}) => fromOtherDevice(title, text, opts, 'device'),
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
  customerTypes(title, ms = 3000, opts = {}) {
    const chat = need(title);
    const who = chat.group ? String(opts.author ?? chat.participants[0].name) : chat.title;
    app.setTyping(chat, who);
    setTimeout(() => chat.typing === who && app.setTyping(chat, null), Math.max(0, Number(ms) || 0));
    return true;
  },
  react(title, key, emoji, opts = {}) {
    const chat = need(title);
    app.react(chat, needMessage(chat, key), String(emoji), { fromMe: !!opts.fromMe, ...(opts.author && { by: String(opts.author) }) });
    return true;
  },
  edit(title, key, text) {
    const chat = need(title);
    app.edit(chat, needMessage(chat, key), String(text));
    return true;
  },
  deleteMessage(title, key, opts = {}) {
    const chat = need(title);
    app.deleteMessage(chat, needMessage(chat, key), !!opts.forEveryone);
    return true;
  },
  renameChat(title, newTitle) {
    const chat = need(title);
    app.rename(chat, String(newTitle));
    return { jid: chat.jid, title: chat.title };
  },
  pinChat(title, on = true) {
    app.setPinned(need(title), !!on);
    return true;
  },
  archiveChat(title, on = true) {
    app.setArchived(need(title), !!on);
    return true;
  },
  offlineSync(entries) {
    const made = app.offlineSync(entries.map((e) => ({
      chat: app.findChat(e.title) ?? app.addChat(String(e.title)), text: String(e.text ?? ''), ago: Math.max(0, Number(e.ago) || 0), fromMe: !!e.fromMe,
    })));
    return made.map(({ chat, m }) => ({ ...ref(chat, m), at: m.ts }));
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
    const pane = document.querySelector('[data-scrolltracepolicy="wa.web.chatlist"]');
    pane.scrollTop += Number(px) || 0;
    app.renderList();
    return { scrollTop: pane.scrollTop, rendered: app.renderedRows().length };
  },
  renderedRows: () => app.renderedRows(),
  loadOlder(opts = {}) {
    const jid = app.S.open?.jid;
    const arrival = opts.customerSends !== undefined && jid ? () => waSim.customerSends(jid, opts.customerSends) : undefined;
    return app.loadOlder(arrival);
  },

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
    const chat = (!opts.duplicate && app.findChat(title)) || app.addChat(String(title), { group: !!opts.group });
    return { jid: chat.jid };
  },
  setChats: (n) => app.setChats(n),
  search(text) {
    const box = document.querySelector('[data-tab="3"]');
    box.textContent = String(text ?? '');
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    return app.renderedRows().length;
  },
};

if (P.simulate) simulate();
if (P.offline) offlineAtBoot(P.offline);
window.waSim = waSim;
dispatchEvent(new CustomEvent('wasim-ready'));
