// The markup of a chat row, a message row and the conversation header, from the model alone.
// app.js decides when to render and lays the markup over the live nodes (patch.js).
import { OWN_NAME, dataId } from './data.js';
import { C, P, T, cls, esc, formatPreview, formatText, hm, icon, plainText, prePlain, rowTime, sameDay, tid } from './util.js';

export const hue = (s) => [...String(s)].reduce((h, c) => (h * 31 + c.codePointAt(0)) >>> 0, 7) % 360;
export const avatar = (chat, size) =>
  `<div${cls('avatar')} style="width:${size}px;height:${size}px;background:hsl(${hue(chat.jid)} 35% 78%)">${icon(chat.group ? 'default-group' : 'default-user', ' aria-hidden="true"', ['avatarIcon'])}</div>`;
export const ACK = { pending: ['msg-time', 'pending'], sent: ['msg-check', 'sent'], delivered: ['msg-dblcheck', 'delivered'], read: ['msg-dblcheck', 'read'] };
const ackIcon = (ack) => {
  const [name, label] = ACK[ack] ?? ACK.sent;
  return icon(name, ` aria-label="${T[label]}"`, ['ack', ack === 'read' ? 'ackRead' : 'ackGrey']);
};
export const firstName = (name) => String(name).split(' ')[0];
let pictureUrl = '';
function picture() {
  if (!pictureUrl) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="330" height="220" viewBox="0 0 330 220"><rect width="330" height="220" fill="#9ccbe8"/><circle cx="250" cy="60" r="28" fill="#ffe27a"/><path d="M0 220 110 90l70 80 50-50 100 100z" fill="#5f9e6e"/></svg>`;
    pictureUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  }
  return pictureUrl;
}
const minify = (s) => s.replace(/>\s+</g, '><');
const duration = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/** The last message a chat shows (deleted-for-me messages are gone from every view). */
export const lastShown = (chat) => chat.messages.findLast((m) => !m.hidden) ?? null;
/** A chat's place in time: its last message, or a newer reaction to one of ours. */
export const lastTs = (chat) => Math.max(lastShown(chat)?.ts ?? chat.createdAt ?? 0, chat.reaction?.ts ?? 0);

/** What a message says in a preview: { icon, text } (media show an icon and a label or their caption). */
function summary(m) {
  if (m.deleted) return { icon: 'recalled', text: m.fromMe ? T.deletedOut : T.deletedIn };
  if (m.media === 'audio') return { icon: 'status-ptt', text: duration(m.seconds ?? 7) };
  if (m.media === 'document') return { icon: 'status-document', text: m.text ? plainText(m.text) : m.fileName };
  if (m.media === 'sticker') return { icon: 'status-sticker', text: T.sticker };
  if (m.media) return { icon: 'status-image', text: m.text ? plainText(m.text) : T.photo, html: m.text ? formatPreview(m.text) : null };
  return { icon: null, text: plainText(m.text), html: formatPreview(m.text) };
}

/**
 * The row's preview as WhatsApp shows it: "typing…" while the customer types (no tick, no text
 * span), "Reacted 👍 to "…"" after a customer's reaction to our message, else the last message.
 * Previews render *bold* and _italic_ as the conversation does (a <strong>, no asterisks); `text`
 * is what they read as, `html` their markup.
 */
export function rowPreview(chat) {
  if (chat.typing) return { typing: chat.group ? T.typingBy(firstName(chat.typing)) : T.typing };
  const last = lastShown(chat);
  if (chat.reaction && chat.reaction.ts >= (last?.ts ?? 0)) {
    const { emoji, m, by } = chat.reaction;
    return { author: chat.group ? firstName(by) : null, text: T.reacted(emoji, summary(m).text) };
  }
  if (!last) return null;
  const { icon: kind, text, html } = summary(last);
  return {
    tick: last.fromMe && !last.deleted ? last.ack : null,
    you: chat.group && last.fromMe,
    author: chat.group && !last.fromMe ? firstName(last.author) : null,
    icon: kind,
    text,
    html,
  };
}

function previewHtml(p) {
  if (!p) return '';
  if (p.typing) return `<span${cls('typing')}>${esc(p.typing)}</span>`;
  let out = '';
  if (p.tick) out += `<span${tid('last-msg-status')}${cls('lastStatus')}>${ackIcon(p.tick)}</span>`;
  if (p.you) out += `<span${tid('you-label')}${cls('youLabel')}>${T.you}</span><span${cls('colon')}>:&nbsp;</span>`;
  if (p.author) out += `<span dir="auto"${cls('prevAuthor')}>${esc(p.author)}</span><span${cls('colon')}>:&nbsp;</span>`;
  if (p.icon) out += icon(p.icon, '', ['prevIcon']);
  return `${out}<span title="${esc(p.text)}" dir="ltr"${cls('prevText')}>${p.html ?? esc(p.text)}</span>`;
}

/** The inner markup of a chat row (the row element itself is recycled by app.js). */
export function rowInner(chat, selected) {
  const unread = chat.unread;
  const title = P.broken.has('rowtitle')
    ? esc(chat.title)
    : `<span dir="auto" title="${esc(chat.title)}"${cls('rowTitleText')}>${esc(chat.title)}</span>`;
  let badges = chat.muted ? icon('muted', '', ['mutedIcon']) : '';
  if (chat.pinned) badges += icon('pinned2', ` aria-label="${T.pinned}"`, ['pinIcon']);
  if (unread) badges += `<span aria-label="${T.unread(unread)}"${cls('badge', chat.muted ? 'badgeMuted' : 'badgeOn')}>${unread}</span>`;
  else if (chat.markedUnread) badges += `<span aria-label="${T.marked}"${cls('badge', 'badgeOn', 'badgeDot')}></span>`;
  const badgeCell = P.rows === 'row' ? `<div role="gridcell" aria-colindex="2"${cls('badges')}>${badges}</div>` : `<div${cls('badges')}>${badges}</div>`;
  const hasTime = lastShown(chat) || chat.reaction;
  const frame = `<div tabindex="0" aria-selected="${selected}"${cls('act', selected ? 'actOn' : 'actOff')}>
   <div${tid('cell-frame-container')}${cls('frame')}>
    <div${cls('avatarCell')}>${avatar(chat, 49)}</div>
    <div${cls('cellBody')}>
     <div${cls('cellTop')}>
      <div${tid('cell-frame-title')}${cls('rowTitle')}>${title}</div>
      <div${tid('cell-frame-primary-detail')}${cls('rowTime', unread || chat.markedUnread ? 'rowTimeOn' : 'rowTimeOff')}>${hasTime ? rowTime(lastTs(chat)) : ''}</div>
     </div>
     <div${tid('cell-frame-secondary')}${cls('cellBottom')}>
      <div${cls('preview')}>${previewHtml(rowPreview(chat))}</div>${badgeCell}
     </div>
    </div>
   </div>
  </div>`;
  return minify(P.rows === 'row'
    ? `<div role="gridcell" aria-colindex="1" tabindex="-1"${cls('cell')}>${frame}</div>`
    : `<div tabindex="-1"${cls('cell')}>${frame}</div>`);
}

/** The conversation header's subtitle: who is typing, else the group's members or "online". */
const headSub = (chat) =>
  chat.typing ? (chat.group ? T.typingBy(firstName(chat.typing)) : T.typing)
    : chat.group ? `${chat.participants.map((p) => firstName(p.name)).join(', ')}, ${T.you}` : T.online;

export function headInner(chat) {
  const sub = headSub(chat);
  return minify(`${avatar(chat, 40)}
    <div role="button"${tid('conversation-info-header')} title="${T.profile}"${cls('headInfo')}>
     <div${cls('headTitleRow')}><span dir="auto" title="${esc(chat.title)}"${tid('conversation-info-header-chat-title')}${cls('headTitle')}>${esc(chat.title)}</span></div>
     <div${cls('headSub')}><span title="${esc(sub)}"${cls(chat.typing ? 'headTyping' : 'headSubText')}>${esc(sub)}</span></div>
    </div>
    <div${cls('grow')}></div>${icon('search', '', ['headIcon'])}${icon('menu', '', ['headIcon'])}`);
}

export function startsRun(chat, m, prev) {
  return !prev || prev.fromMe !== m.fromMe || (chat.group && prev.authorJid !== m.authorJid) || !sameDay(prev.ts, m.ts);
}

/** Who a message's labels name: us, a group member, or the 1:1 contact by its current title (renames show everywhere). */
const authorName = (chat, m) => (m.fromMe ? OWN_NAME : chat.group ? m.author : chat.title);

function quoteHtml(chat, q) {
  const who = q.fromMe ? T.you : authorName(chat, q);
  return `<div role="button" aria-label="${T.quoted}"${cls('quote')}><span dir="auto"${cls('quoteAuthor')}>${esc(who)}</span><span dir="auto" class="quoted-mention ${C('quoteText')}">${esc(summary(q).text)}</span></div>`;
}

function mediaHtml(m) {
  if (m.media === 'audio') {
    return `<div${cls('audio')}><button type="button" aria-label="${T.playVoice}"${cls('playBtn')}>${icon('audio-play')}</button><div${cls('wave')}></div><span${cls('audioTime')}>${duration(m.seconds ?? 7)}</span></div>`;
  }
  if (m.media === 'document') {
    return `<div role="button" title="${esc(m.fileName)}"${cls('doc')}>${icon('document-PDF-icon')}<div${cls('docText')}><span dir="auto"${cls('docName')}>${esc(m.fileName)}</span><span${cls('docInfo')}>1 page • PDF • 120 kB</span></div></div>`;
  }
  if (m.media === 'sticker') return `<img src="${picture()}" alt=""${cls('sticker')}>`;
  return `<div role="button" aria-label="${T.openPicture}"${cls('pic')}><img src="${picture()}" alt=""${cls('picImg')}></div>`;
}

/** A message row, `prev` being the message rendered just above it (runs, tails, date changes). */
export function msgRow(chat, m, prev) {
  const dir = m.fromMe ? 'out' : 'in';
  const broken = P.broken.has('direction');
  const first = startsRun(chat, m, prev);
  const did = dataId(chat, m);
  const time = hm(m.ts);
  const name = authorName(chat, m);
  const label = broken ? '' : `<span aria-label="${esc(m.fromMe ? T.you : name)}:"></span>`;
  const sticker = m.media === 'sticker' && !m.deleted;
  const tail = first && !broken && !sticker ? icon(`tail-${dir}`, ' aria-hidden="true"', ['tail', m.fromMe ? 'tailOut' : 'tailIn']) : '';
  const author =
    chat.group && !m.fromMe && first
      ? `<div${cls('authorRow')}><span dir="auto"${tid('author')}${cls('author')} style="color:hsl(${hue(m.authorJid)} 55% 38%)">${esc(m.author)}</span></div>`
      : '';
  let body = '';
  if (m.deleted) {
    body = `<div${cls('recalled')}>${icon('recalled')}<span dir="auto">${m.fromMe ? T.deletedOut : T.deletedIn}</span></div>`;
  } else {
    if (m.quote) body += quoteHtml(chat, m.quote);
    if (m.media) body += mediaHtml(m);
    if (m.text) {
      body += `<div class="copyable-text" data-pre-plain-text="${esc(prePlain(m.ts, name))}"><div${cls('txtWrap')}><span dir="ltr" class="${C('txt')} selectable-text copyable-text" data-testid="selectable-text"><span>${formatText(m.text)}</span></span><span${cls('spacer')}><span aria-hidden="true"><span${cls('spacerTime')}>${time}</span></span></span></div></div>`;
    }
  }
  const edited = m.edited && !m.deleted ? `<span${cls('edited')}>${T.edited}</span>` : '';
  const ack = m.fromMe && !m.deleted ? `<div${cls('ackBox')}>${ackIcon(m.ack)}</div>` : '';
  const meta = `<div${tid('msg-meta')}${cls('meta', m.media && !m.text && !m.deleted ? 'metaOnPic' : 'metaInline')}>${edited}<span dir="auto"${cls('metaTime')}>${time}</span>${ack}</div>`;
  const reactions = m.reactions.length
    ? `<div${cls('reactions')}><button type="button" aria-label="${esc(m.reactions.map((r) => r.emoji).join(' '))}"${cls('reactBtn')}>${m.reactions.map((r) => r.emoji).join('')}</button></div>`
    : '';
  const shell = sticker ? cls('stickerBox') : cls('bubble', m.fromMe ? 'bubbleOut' : 'bubbleIn', first ? 'bubbleFirst' : 'bubbleNext');
  const classes = `${broken ? '' : `message-${dir} `}focusable-list-item ${C('msg')} ${C(m.fromMe ? 'msgOut' : 'msgIn')}${first ? ` ${C('msgFirst')}` : ''}`;
  return `<div role="row"${cls('msgRow')}><div tabindex="-1"${cls('msgOuter')}${did ? ` data-id="${did}"` : ''}${did ? tid(`conv-msg-${did}`) : ''}><div data-virtualized="false"><div class="${classes}">${label}<div${cls('bw')}>${tail}<div${tid('msg-container')}${shell}>${author}${body}${meta}</div>${reactions}</div></div></div></div></div>`;
}
