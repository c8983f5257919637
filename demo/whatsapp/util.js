// Shared helpers: query parameters, random class names, seeded randomness, the simulated clock,
// locale formatting and the UI strings of the four builds (en, fr, pt, es).

const q = new URLSearchParams(location.search);
const int = (k, d, min, max) => {
  const v = parseInt(q.get(k) ?? '', 10);
  return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d;
};

/** The variant selected by the query string (see README.md). */
export const P = {
  rows: q.get('rows') === 'listitem' ? 'listitem' : 'row',
  testid: q.get('testid') !== '0',
  prefix: q.get('prefix') !== '0',
  ids: q.get('ids') === 'lid' ? 'lid' : 'cus',
  lang: ['fr', 'pt', 'es'].includes(q.get('lang')) ? q.get('lang') : 'en',
  chats: int('chats', 12, 0, 5000),
  history: int('history', 30, 0, 5000),
  seed: q.has('seed') ? int('seed', 1, 0, 2 ** 31 - 1) : crypto.getRandomValues(new Uint32Array(1))[0] >>> 1,
  broken: new Set((q.get('broken') ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  simulate: q.get('simulate') === '1',
  layout: q.get('layout') === 'unknown' ? 'unknown' : 'known',
  loading: int('loading', 0, 0, 60_000),
  offline: int('offline', 0, 0, 500),
};
// WhatsApp formats dates with the browser's locale, not its UI language.
P.dates = ['mdy', 'dmy'].includes(q.get('dates')) ? q.get('dates') : P.lang === 'en' ? 'mdy' : 'dmy';

/** The structural ids and list roles; `layout=unknown` renames them all, as a future build might. */
export const ID = P.layout === 'unknown'
  ? { side: 'wa-sidebar', pane: 'wa-chatlist-scroller', main: 'wa-conversation', grid: 'listbox', row: 'option', list: 'tree', item: 'treeitem' }
  : { side: 'side', pane: 'pane-side', main: 'main', grid: 'grid', row: 'row', list: 'list', item: 'listitem' };

// ---- hashed-looking class names, random per page load -------------------------------------------
const used = new Set();
const classes = new Map();
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
function randomClass() {
  for (;;) {
    const b = crypto.getRandomValues(new Uint8Array(8));
    const pick = (i) => ALNUM[b[i] % 36];
    // Either the old style (_ak8q) or the atomic style (x1c4vz4f).
    const name = b[0] % 2 ? `_a${pick(1)}${pick(2)}${pick(3)}` : `x${1 + (b[1] % 9)}${pick(2)}${pick(3)}${pick(4)}${pick(5)}${pick(6)}${b[7] % 2 ? pick(7) : ''}`;
    if (!used.has(name) && !/^x\d+$/.test(name)) {
      used.add(name);
      return name;
    }
  }
}
/** The random class for a logical name (stable within one page load). */
export function C(name) {
  let c = classes.get(name);
  if (!c) classes.set(name, (c = randomClass()));
  return c;
}
/** ` class="..."` with the hashed classes of the given logical names plus literal stable classes. */
export const cls = (...names) => ` class="${names.map((n) => (n.startsWith('=') ? n.slice(1) : C(n))).join(' ')}"`;
/** ` data-testid="..."` unless the variant has no test ids. */
export const tid = (id) => (P.testid ? ` data-testid="${id}"` : '');

// ---- randomness -------------------------------------------------------------------------------
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const cryptoRandom = () => crypto.getRandomValues(new Uint32Array(1))[0] / 4294967296;
export const pick = (r, arr) => arr[Math.floor(r() * arr.length)];
export const digits = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
export const hex = (r, n) => Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(r() * 16)]).join('');

// ---- the simulated clock ------------------------------------------------------------------------
let offset = 0;
export const clock = {
  now: () => Date.now() + offset,
  advance(ms) {
    offset += Number(ms) || 0;
    return clock.now();
  },
};

// ---- strings ----------------------------------------------------------------------------------
const EN = {
  chats: 'Chats',
  chatList: 'Chat list',
  search: 'Search input textbox',
  searchPlaceholder: 'Search or start a new chat',
  unread: (n) => `${n} unread message${n === 1 ? '' : 's'}`,
  marked: 'Marked as unread',
  unreadSep: (n) => `${n} UNREAD MESSAGE${n === 1 ? '' : 'S'}`,
  typeMessage: 'Type a message',
  send: 'Send',
  voice: 'Voice message',
  attach: 'Attach',
  messageList: 'Message list. Press right arrow key on a message to open message context menu.',
  today: 'TODAY',
  yesterdaySep: 'YESTERDAY',
  yesterday: 'Yesterday',
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  you: 'You',
  photo: 'Photo',
  openPicture: 'Open picture',
  pending: ' Pending ',
  sent: ' Sent ',
  delivered: ' Delivered ',
  read: ' Read ',
  muted: 'Muted chat',
  online: 'online',
  profile: 'Profile details',
  introTitle: 'WhatsApp Web',
  introText: 'Send and receive messages without keeping your phone online.',
  encrypted: 'Your personal messages are end-to-end encrypted',
  typing: 'typing…',
  typingBy: (name) => `${name} is typing…`,
  reacted: (emoji, text) => `Reacted ${emoji} to "${text}"`,
  edited: 'Edited',
  deletedIn: 'This message was deleted',
  deletedOut: 'You deleted this message',
  playVoice: 'Play voice message',
  sticker: 'Sticker',
  quoted: 'Quoted message',
  archived: 'Archived',
  pinned: 'Pinned chat',
  loading: 'Loading your chats',
};
const FR = {
  chats: 'Discussions',
  chatList: 'Liste des discussions',
  search: 'Zone de texte de recherche',
  searchPlaceholder: 'Rechercher ou démarrer une discussion',
  unread: (n) => `${n} message${n === 1 ? '' : 's'} non lu${n === 1 ? '' : 's'}`,
  marked: 'Marquée comme non lue',
  unreadSep: (n) => `${n} MESSAGE${n === 1 ? '' : 'S'} NON LU${n === 1 ? '' : 'S'}`,
  typeMessage: 'Tapez un message',
  send: 'Envoyer',
  voice: 'Message vocal',
  attach: 'Joindre',
  messageList: 'Liste des messages. Appuyez sur la flèche droite d’un message pour ouvrir le menu contextuel.',
  today: 'AUJOURD’HUI',
  yesterdaySep: 'HIER',
  yesterday: 'Hier',
  weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  you: 'Vous',
  photo: 'Photo',
  openPicture: 'Ouvrir l’image',
  pending: ' En attente ',
  sent: ' Envoyé ',
  delivered: ' Distribué ',
  read: ' Lu ',
  muted: 'Discussion en sourdine',
  online: 'en ligne',
  profile: 'Détails du profil',
  introTitle: 'WhatsApp Web',
  introText: 'Envoyez et recevez des messages sans garder votre téléphone connecté.',
  encrypted: 'Vos messages personnels sont chiffrés de bout en bout',
  typing: 'écrit…',
  typingBy: (name) => `${name} écrit…`,
  reacted: (emoji, text) => `A réagi ${emoji} à « ${text} »`,
  edited: 'Modifié',
  deletedIn: 'Ce message a été supprimé',
  deletedOut: 'Vous avez supprimé ce message',
  playVoice: 'Lire le message vocal',
  sticker: 'Autocollant',
  quoted: 'Message cité',
  archived: 'Archivées',
  pinned: 'Discussion épinglée',
  loading: 'Chargement de vos discussions',
};
const PT = {
  chats: 'Conversas',
  chatList: 'Lista de conversas',
  search: 'Caixa de texto de pesquisa',
  searchPlaceholder: 'Pesquisar ou começar uma nova conversa',
  unread: (n) => `${n} ${n === 1 ? 'mensagem não lida' : 'mensagens não lidas'}`,
  marked: 'Marcada como não lida',
  unreadSep: (n) => `${n} ${n === 1 ? 'MENSAGEM NÃO LIDA' : 'MENSAGENS NÃO LIDAS'}`,
  typeMessage: 'Digite uma mensagem',
  send: 'Enviar',
  voice: 'Mensagem de voz',
  attach: 'Anexar',
  messageList: 'Lista de mensagens. Pressione a tecla de seta para a direita em uma mensagem para abrir o menu de contexto.',
  today: 'HOJE',
  yesterdaySep: 'ONTEM',
  yesterday: 'Ontem',
  weekdays: ['domingo', 'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado'],
  you: 'Você',
  photo: 'Foto',
  openPicture: 'Abrir imagem',
  pending: ' Pendente ',
  sent: ' Enviada ',
  delivered: ' Entregue ',
  read: ' Lida ',
  muted: 'Conversa silenciada',
  online: 'online',
  profile: 'Dados do perfil',
  introTitle: 'WhatsApp Web',
  introText: 'Envie e receba mensagens sem precisar manter seu celular conectado.',
  encrypted: 'Suas mensagens pessoais são protegidas com a criptografia de ponta a ponta',
  typing: 'digitando…',
  typingBy: (name) => `${name} está digitando…`,
  reacted: (emoji, text) => `Reagiu com ${emoji} a "${text}"`,
  edited: 'Editada',
  deletedIn: 'Esta mensagem foi apagada',
  deletedOut: 'Você apagou esta mensagem',
  playVoice: 'Reproduzir mensagem de voz',
  sticker: 'Figurinha',
  quoted: 'Mensagem citada',
  archived: 'Arquivadas',
  pinned: 'Conversa fixada',
  loading: 'Carregando suas conversas',
};
const ES = {
  chats: 'Chats',
  chatList: 'Lista de chats',
  search: 'Cuadro de texto para ingresar la búsqueda',
  searchPlaceholder: 'Buscar un chat o iniciar uno nuevo',
  unread: (n) => `${n} ${n === 1 ? 'mensaje no leído' : 'mensajes no leídos'}`,
  marked: 'Marcado como no leído',
  unreadSep: (n) => `${n} ${n === 1 ? 'MENSAJE NO LEÍDO' : 'MENSAJES NO LEÍDOS'}`,
  typeMessage: 'Escribe un mensaje',
  send: 'Enviar',
  voice: 'Mensaje de voz',
  attach: 'Adjuntar',
  messageList: 'Lista de mensajes. Presiona la tecla de flecha derecha en un mensaje para abrir el menú contextual.',
  today: 'HOY',
  yesterdaySep: 'AYER',
  yesterday: 'Ayer',
  weekdays: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
  you: 'Tú',
  photo: 'Foto',
  openPicture: 'Abrir imagen',
  pending: ' Pendiente ',
  sent: ' Enviado ',
  delivered: ' Entregado ',
  read: ' Leído ',
  muted: 'Chat silenciado',
  online: 'en línea',
  profile: 'Detalles del perfil',
  introTitle: 'WhatsApp Web',
  introText: 'Envía y recibe mensajes sin mantener tu teléfono conectado.',
  encrypted: 'Tus mensajes personales están cifrados de extremo a extremo',
  typing: 'escribiendo…',
  typingBy: (name) => `${name} está escribiendo…`,
  reacted: (emoji, text) => `Reaccionó con ${emoji} a "${text}"`,
  edited: 'Editado',
  deletedIn: 'Se eliminó este mensaje',
  deletedOut: 'Eliminaste este mensaje',
  playVoice: 'Reproducir mensaje de voz',
  sticker: 'Sticker',
  quoted: 'Mensaje citado',
  archived: 'Archivados',
  pinned: 'Chat fijado',
  loading: 'Cargando tus chats',
};
export const T = { en: EN, fr: FR, pt: PT, es: ES }[P.lang];

// ---- dates (hand-formatted like Chrome's locales: 12-hour English times, 24-hour elsewhere;
// the date order follows `dates`, the browser locale, not the UI language) ----------------------
const pad = (n) => String(n).padStart(2, '0');
/** "2:05 PM" (with U+202F) in English, "14:05" in the other languages. */
export function hm(ts) {
  const d = new Date(ts);
  if (P.lang !== 'en') return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const h = d.getHours() % 12 || 12;
  return `${h}:${pad(d.getMinutes())}\u202f${d.getHours() < 12 ? 'AM' : 'PM'}`;
}
/** "11/25/2026" month first (`dates=mdy`), "25/11/2026" day first (`dates=dmy`). */
export function ymd(ts) {
  const d = new Date(ts);
  return P.dates === 'dmy'
    ? `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`
    : `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`;
}
export const prePlain = (ts, name) => `[${hm(ts)}, ${ymd(ts)}] ${name}: `;
const dayStart = (ts) => {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};
export const sameDay = (a, b) => dayStart(a) === dayStart(b);
/** Calendar days between ts and now (0 = today). */
export const daysAgo = (ts, now = clock.now()) => Math.round((dayStart(now) - dayStart(ts)) / 86_400_000);
/** The chat-list time label. */
export function rowTime(ts) {
  const d = daysAgo(ts);
  if (d <= 0) return hm(ts);
  if (d === 1) return T.yesterday;
  if (d < 7) return T.weekdays[new Date(ts).getDay()];
  return ymd(ts);
}
/** The date separator text in a conversation. */
export function sepLabel(ts) {
  const d = daysAgo(ts);
  if (d <= 0) return T.today;
  if (d === 1) return T.yesterdaySep;
  if (d < 7) return T.weekdays[new Date(ts).getDay()].toUpperCase();
  return ymd(ts);
}

// ---- text -------------------------------------------------------------------------------------
export const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
/** WhatsApp's rendering of *bold* and _italic_, as elements carrying data-app-text-template. */
export function formatText(text, fmtCls = `${C('fmt')} selectable-text copyable-text`) {
  return esc(text)
    .replace(/(^|[\s(])\*([^*\n]+?)\*(?=$|[\s.,!?:;)])/g, (_m, pre, body) =>
      `${pre}<strong class="${fmtCls}" data-app-text-template="*\${appText}*">${body}</strong>`)
    .replace(/(^|[\s(])_([^_\n]+?)_(?=$|[\s.,!?:;)])/g, (_m, pre, body) =>
      `${pre}<em class="${fmtCls}" data-app-text-template="_\${appText}_">${body}</em>`)
    .replace(/\n/g, '<br>');
}
/** A chat-list preview's text: one line, formatted like the message (bold stays bold), not selectable. */
export const formatPreview = (text) => formatText(String(text).replace(/\s*\n\s*/g, ' '), C('fmt'));
/** The text as the chat-list preview reads (formatting markers removed). */
export const plainText = (text) =>
  String(text)
    .replace(/(^|[\s(])\*([^*\n]+?)\*(?=$|[\s.,!?:;)])/g, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+?)_(?=$|[\s.,!?:;)])/g, '$1$2')
    .replace(/\s*\n\s*/g, ' ');

// ---- icons (data-icon spans wrap small SVGs, as WhatsApp's do) ----------------------------------
const svg = (w, h, body) => `<svg viewBox="0 0 ${w} ${h}" height="${h}" width="${w}" preserveAspectRatio="xMidYMid meet" fill="none">${body}</svg>`;
export const SVG = {
  'tail-in': svg(8, 13, '<path fill="currentColor" d="M1.533 3.568 8 12.193V1H2.812C1.042 1 .474 2.156 1.533 3.568z"/>'),
  'tail-out': svg(8, 13, '<path fill="currentColor" d="M5.188 1H0v11.193l6.467-8.625C7.526 2.156 6.958 1 5.188 1z"/>'),
  'msg-time': svg(16, 15, '<circle cx="8" cy="7.5" r="5.5" stroke="currentColor" stroke-width="1.3"/><path d="M8 4.5v3.3l2.2 1.3" stroke="currentColor" stroke-width="1.3"/>'),
  'msg-check': svg(16, 11, '<path d="M3 5.8 6.2 9 13 1.8" stroke="currentColor" stroke-width="1.6"/>'),
  'msg-dblcheck': svg(16, 11, '<path d="M1 5.8 4.2 9 11 1.8M7.4 8.2 8.2 9 15 1.8" stroke="currentColor" stroke-width="1.6"/>'),
  muted: svg(16, 16, '<path fill="currentColor" d="M3 6h2.5L9 3v10l-3.5-3H3z"/><path d="m11 6 4 4m0-4-4 4" stroke="currentColor" stroke-width="1.4"/>'),
  'wds-ic-send-filled': svg(24, 24, '<path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/>'),
  'mic-outlined': svg(24, 24, '<rect x="9" y="3" width="6" height="11" rx="3" stroke="currentColor" stroke-width="1.8"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" stroke="currentColor" stroke-width="1.8"/>'),
  plus: svg(24, 24, '<path d="M12 5v14M5 12h14" stroke="currentColor" stroke-width="2"/>'),
  search: svg(20, 20, '<circle cx="8.5" cy="8.5" r="5.5" stroke="currentColor" stroke-width="1.8"/><path d="m13 13 4.5 4.5" stroke="currentColor" stroke-width="1.8"/>'),
  'status-image': svg(16, 16, '<rect x="2" y="3" width="12" height="10" rx="1.5" stroke="currentColor" stroke-width="1.3"/><path d="m3 12 3.5-4 2.5 3 1.5-1.5L13 12" stroke="currentColor" stroke-width="1.2"/>'),
  menu: svg(24, 24, '<circle cx="12" cy="5" r="1.8" fill="currentColor"/><circle cx="12" cy="12" r="1.8" fill="currentColor"/><circle cx="12" cy="19" r="1.8" fill="currentColor"/>'),
  'chats-filled': svg(24, 24, '<path fill="currentColor" d="M4 4h16v12H7l-3 3z"/>'),
  status: svg(24, 24, '<circle cx="12" cy="12" r="8" stroke="currentColor" stroke-width="2" stroke-dasharray="5 2"/>'),
  settings: svg(24, 24, '<circle cx="12" cy="12" r="3.2" stroke="currentColor" stroke-width="2"/><circle cx="12" cy="12" r="8" stroke="currentColor" stroke-width="2" stroke-dasharray="3 2.3"/>'),
  pinned2: svg(16, 16, '<path fill="currentColor" d="M9.5 2 14 6.5l-1.4.4-2.6 2.6.3 3.1-1.2 1.2-2.5-2.5L3 15l-.9-.9 3.6-3.6-2.5-2.5 1.2-1.2 3.1.3 2.6-2.6z"/>'),
  archived: svg(24, 24, '<path d="M4 6h16v3H4zM5.5 9v10h13V9M10 13h4" stroke="currentColor" stroke-width="1.6"/>'),
  'audio-play': svg(34, 34, '<path fill="currentColor" d="M11 8.5v17l14-8.5z"/>'),
  'status-ptt': svg(16, 16, '<rect x="6" y="2" width="4" height="8" rx="2" fill="currentColor"/><path d="M3.5 8a4.5 4.5 0 0 0 9 0M8 12.5V15" stroke="currentColor" stroke-width="1.3"/>'),
  'status-document': svg(16, 16, '<path d="M4 2h5l3 3v9H4z" stroke="currentColor" stroke-width="1.3"/>'),
  'status-sticker': svg(16, 16, '<path d="M8 2a6 6 0 1 0 6 6h-4a2 2 0 0 1-2-2z" stroke="currentColor" stroke-width="1.3"/>'),
  'document-PDF-icon': svg(26, 30, '<path fill="#e2574c" d="M0 0h18l8 8v22H0z"/><path fill="#fff" d="M18 0v8h8"/>'),
  recalled: svg(16, 16, '<circle cx="8" cy="8" r="6" stroke="currentColor" stroke-width="1.3"/><path d="M3.8 12.2 12.2 3.8" stroke="currentColor" stroke-width="1.3"/>'),
  'default-user': svg(40, 40, '<circle cx="20" cy="15" r="7" fill="currentColor"/><path fill="currentColor" d="M6 36c1-8 7-12 14-12s13 4 14 12z"/>'),
  'default-group': svg(40, 40, '<circle cx="14" cy="16" r="5" fill="currentColor"/><circle cx="26" cy="16" r="5" fill="currentColor"/><path fill="currentColor" d="M3 34c1-6 5-9 11-9s10 3 11 9zM15 34c1-6 5-9 11-9s10 3 11 9z"/>'),
};
export const icon = (name, extra = '', names = ['icon']) =>
  `<span data-icon="${name}"${extra}${cls(...names)}>${SVG[name] ?? ''}</span>`;
