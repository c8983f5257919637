/**
 * EVERY WhatsApp Web selector, regex and label table, in one place.
 * Each field is an ordered list of strategies: the first that matches wins, and the comment says
 * which build/variant it is for. Structural hooks come first (ids, roles, legacy classes,
 * data-id, data-icon, title), test ids next (they come and go: docs/architecture.md#reading-whatsapp-web), localised
 * aria-labels last (docs/architecture.md#reading-whatsapp-web). Every strategy is proven by a fixture in
 * tests/fixtures/whatsapp/ (tests/unit/adapters/whatsapp.test.ts).
 */

/** An ordered list of CSS selectors, tried in turn. */
export type Strategies = readonly string[];

// ---------------------------------------------------------------- app shell

export const app = {
  /** The React root; the one MutationObserver hangs here. */
  root: ['#app'] as Strategies,
  /** The left pane; absent on the QR/login and loading screens. */
  side: [
    '#side', // all builds 2023–2026
    '#pane-side', // the scroller inside #side, when #side is renamed
  ] as Strategies,
};

// ---------------------------------------------------------------- chat list

export const chatList = {
  container: [
    '#pane-side [role="grid"]', // 2024–26 grid builds: role=grid aria-rowcount
    '#side [role="grid"]', // grid moved out of #pane-side
    '#pane-side [role="list"]', // listitem builds (from January 2026)
    '[data-testid="chat-list"]', // builds that still ship test ids
    '[data-scrolltracepolicy="wa.web.chatlist"]', // scroller, when no role is set
  ] as Strategies,
  /** Rows, relative to the document; the first strategy with at least one match wins. */
  rows: [
    '#pane-side [role="row"]', // grid builds
    '#pane-side [role="listitem"]', // listitem builds (Jan 2026)
    '#side [role="row"]', // list moved out of #pane-side
    '#side [role="listitem"]',
    '[data-testid^="list-item-"]', // test-id builds
  ] as Strategies,
};

/** Row fields, relative to a row element. */
export const row = {
  /** Read the `title` attribute, never innerText (docs/architecture.md#reading-whatsapp-web). */
  title: [
    '[data-testid="cell-frame-title"] [title]', // test-id builds
    'span[dir="auto"][title]', // no test ids: the title span is dir=auto, the preview dir=ltr
  ] as Strategies,
  /** Time label ("10:42", "Yesterday", a date). Structural fallback in rows.ts: the next sibling of the title's cell. */
  time: [
    '[data-testid="cell-frame-primary-detail"]', // test-id builds
  ] as Strategies,
  preview: [
    '[data-testid="cell-frame-secondary"] span[title]', // test-id builds
    'span[dir="ltr"][title]', // no test ids (docs/architecture.md#reading-whatsapp-web)
  ] as Strategies,
  /** Status tick of the last message: if present, the last message is ours. Key on data-icon, not test ids. */
  lastStatusIcon: [
    '[data-testid="last-msg-status"] [data-icon]', // test-id builds
    '[data-icon]', // any icon in the row whose name is an ack icon (ACK_ICON below)
  ] as Strategies,
  /** Groups: "You:" label before the preview. */
  youLabel: [
    '[data-testid="you-label"]', // 2023–25 test-id builds
  ] as Strategies,
  /** Unread badge: structural first (a digits-only leaf in the row's second gridcell), then labels (UNREAD_LABELS). */
  unreadStructural: [
    '[role="gridcell"][aria-colindex="2"] span', // grid builds: the badge sits in gridcell 2
  ] as Strategies,
  muted: [
    '[data-icon*="mute"]', // "muted", "wds-ic-muted"
    '[data-icon*="notifications-off"]', // 2025 icon set
  ] as Strategies,
  /** The open chat's row: aria-selected on the gridcell or its activator child (getSelectedChatRow). */
  selected: ['[aria-selected="true"]'] as Strategies,
};

/**
 * A row's typing or recording indicator shown in place of the last message ("typing…", "Maria is
 * typing…", "recording audio…"), in the interface languages we know: it is no message.
 */
export const TYPING_PREVIEW =
  /^(?:.{1,60}\s)?(?:is typing|typing|is recording audio|recording audio|digitando|está digitando|gravando áudio|está gravando áudio|escribiendo|está escribiendo|grabando audio|écrit|est en train d[’']écrire|enregistre un audio|schreibt|nimmt audio auf)\s*(?:…|\.\.\.)?$/iu;

/** An ack/status icon name: msg-time (pending), msg-check, msg-dblcheck, msg-dblcheck-ack, status-*, wds-ic-* prefixed. */
export const ACK_ICON = /(?:^|-)(?:(?:msg|status)-(?:time|check|dblcheck)|check|dblcheck)(?:-ack)?$/;
/** A digits-only badge text ("3", "99+"). */
export const BADGE_COUNT = /^\s*(\d+)\+?\s*$/;

// ---------------------------------------------------------------- open conversation

export const conversation = {
  /** Swapped out on every chat switch: a new element is a new mount. */
  root: ['#main'] as Strategies,
  /** Title of the open chat: read its `title` attribute. */
  headerTitle: [
    '#main header [data-testid="conversation-info-header-chat-title"]', // test-id builds
    '#main header span[dir="auto"][title]', // no test ids: first dir=auto span with a title
    '#main header span[title]', // any titled span (the first one is the chat title)
  ] as Strategies,
  header: ['#main header'] as Strategies,
  /** The message list inside the root; label strategies come from MESSAGE_LIST_LABELS. */
  messageList: [
    '[data-testid="conversation-panel-messages"]', // test-id builds
    '[data-scrolltracepolicy="wa.web.conversation.messages"]', // 2024–26
  ] as Strategies,
  /** Message rows inside the list. */
  rows: [
    '[role="row"]', // 2023–26
    '.focusable-list-item', // when rows lose their role
  ] as Strategies,
};

export const message = {
  /** Something that makes a row a message bubble rather than a separator or a system notice. */
  bubble: [
    '.message-in', // legacy classes, 2019–26
    '.message-out',
    '[data-icon*="tail-"]', // first bubble of a run
    '[data-pre-plain-text]', // text messages and captions
    '[data-testid="msg-container"]', // test-id builds
    '[data-testid="msg-meta"]',
  ] as Strategies,
  /** The element carrying data-id (the row itself or a descendant). */
  id: ['[data-id]'] as Strategies,
  out: ['.message-out'] as Strategies,
  in: ['.message-in'] as Strategies,
  tailOut: ['[data-icon*="tail-out"]'] as Strategies,
  tailIn: ['[data-icon*="tail-in"]'] as Strategies,
  /** Ack icons exist on outgoing messages only. */
  ack: ['[data-icon*="msg-time"]', '[data-icon*="msg-check"]', '[data-icon*="msg-dblcheck"]'] as Strategies,
  /** "[10:41, 12/9/2025] Maria Silva: ": text messages and captions only. */
  prePlainText: ['[data-pre-plain-text]'] as Strategies,
  /** The rendered text: the OUTERMOST selectable-text span (formatting nests more of them). */
  text: [
    'span.selectable-text.copyable-text', // 2019–26 legacy classes
    '[data-testid="selectable-text"]', // the last surviving test id (2026-04)
    '.selectable-text',
  ] as Strategies,
  /** Leading bold element: the agent signature candidate (`*Maria:*` renders as <strong>). */
  bold: [
    'strong', // current builds
    '[data-app-text-template="*${appText}*"]', // when bold is not a <strong>
  ] as Strategies,
  /** Group sender name when data-pre-plain-text is absent. */
  author: [
    '[data-testid="author"]', // 2023 builds
    'span[aria-label$=":"]', // "Maria Silva:" accessibility label before the bubble
  ] as Strategies,
};

/** data-id: `true_|false_` prefix (optional), chat jid (optional), stanza id, group participant (optional). */
export const DATA_ID = {
  prefix: /^(true|false)_/,
  /** A jid: user@c.us, user@lid, group@g.us, user@s.whatsapp.net, status@broadcast. */
  jid: /^[^_@\s]+@(?:c\.us|lid|g\.us|s\.whatsapp\.net|broadcast|newsletter)$/,
};

/** "[10:41, 12/9/2025] Maria Silva: " → time, date, author. */
export const PRE_PLAIN_TEXT = /^\s*\[([^,\]]+),\s*([^\]]+)\]\s*(.*?)\s*:?\s*$/s;
/** "10:41", "2:05 PM", "2:05 p.m.", "14.05", "14 h 05". */
export const CLOCK = /^\s*(\d{1,2})\s*[:.h]\s*(\d{2})\s*(?:([ap])\.?\s*m\.?)?\s*$/i;
/** "12/9/2025", "09.12.2025", "2025-12-09", "9/12/25". */
export const DATE = /^\s*(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\.?\s*$/;
/** The same, inside a longer text ("[10:41, 12/9/2025] Maria: "). */
export const DATE_IN_TEXT = /(?<!\d)(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?!\d)/;
/** U+202F and U+00A0 (and other Unicode spaces) appear in AM/PM times: normalise them first. */
export const ODD_SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

// ---------------------------------------------------------------- mutation noise

/** Mutations inside these change nothing the engine reads (typing in the composer or the search box). */
export const noise: Strategies = [
  '#main footer', // the composer: every keystroke mutates it
  '#side header', // the chat search box
];

// ---------------------------------------------------------------- composer

export const composer = {
  input: [
    '#main footer [contenteditable="true"][role="textbox"]', // 2023–26 (Lexical, data-tab=10)
    '#main footer [contenteditable="true"]', // when the role goes
    '[contenteditable="true"][data-tab="10"]', // footer restructured
  ] as Strategies,
  /** The send control appears only after the first character is typed. */
  sendIcon: [
    '[data-icon*="send"]', // "send" (old), "wds-ic-send-filled" (2025–26)
  ] as Strategies,
  /** Clickable ancestors of the icon. */
  sendControl: ['button', '[role="button"]'] as Strategies,
  footer: ['#main footer'] as Strategies,
};

// ---------------------------------------------------------------- localised labels

export interface LabelTable {
  chatList: readonly string[];
  /** aria-label prefixes of the message list. */
  messageList: readonly string[];
  /** Unread badge aria-label; group 1 is the count (absent for a hand-marked chat). */
  unread: RegExp;
  /** aria-labels of the send control. */
  send: readonly string[];
}

/** Keyed by document.documentElement.lang (full tag first, then the primary subtag). */
export const LABELS: Record<string, LabelTable> = {
  en: {
    chatList: ['Chat list'],
    messageList: ['Message list'],
    unread: /^(?:(\d+)\+?\s+)?(?:unread messages?|new messages?|unread|marked as unread|unread chat)$/i,
    send: ['Send'],
  },
  fr: {
    chatList: ['Liste des discussions', 'Liste de discussions'],
    messageList: ['Liste des messages', 'Liste de messages'],
    unread: /^(?:(\d+)\+?\s+)?(?:messages? non lus?|nouveaux? messages?|non lue?s?|marquée? comme non lue?)$/i,
    send: ['Envoyer'],
  },
  pt: {
    chatList: ['Lista de conversas'],
    messageList: ['Lista de mensagens'],
    unread: /^(?:(\d+)\+?\s+)?(?:mensage(?:m|ns) não lidas?|mensage(?:m|ns) nova?s?|não lida)$/i,
    send: ['Enviar'],
  },
  es: {
    chatList: ['Lista de chats'],
    messageList: ['Lista de mensajes'],
    unread: /^(?:(\d+)\+?\s+)?(?:mensajes? no leídos?|mensajes? nuevos?|no leído)$/i,
    send: ['Enviar'],
  },
};

export const DEFAULT_LANG = 'en';

/** An aria-label that looks like an unread badge in some language but did not parse (health: rows.unread). */
export const UNREAD_HINT = /unread|non lu|não lid|no leíd|ungelesen/i;

/** Languages whose WhatsApp dates read month first; every other language reads day first. */
export const MONTH_FIRST_LANGS: readonly string[] = ['en', 'en-us', 'en-ph', 'en-ca', 'fil'];
