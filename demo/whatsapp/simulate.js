// Traffic nobody scripted: the random inbox of simulate=1 (customers typing then writing, or
// giving up; reactions, edits, the bot, agents on other devices) and the late offline sync of
// offline=N (messages that arrived while the tab was closed, delivered after the app rendered).
import * as app from './app.js';
import { AGENTS, LINES, OWN_NAME, newKey } from './data.js';
import { P, clock, rng } from './util.js';

const OFFLINE_AFTER_MS = 2500;

function customer(chat, r) {
  const p = chat.group ? chat.participants[Math.floor(r() * chat.participants.length)] : null;
  return { author: p?.name ?? chat.title, authorJid: p?.jid ?? chat.jid };
}

function customerWrites(chat, r) {
  const who = customer(chat, r);
  const text = LINES.customer[Math.floor(r() * LINES.customer.length)];
  if (r() < 0.4) return app.addMessage(chat, { fromMe: false, text, ...who });
  app.setTyping(chat, who.author);
  // Most who type send something; some give up.
  const gaveUp = r() < 0.15;
  setTimeout(() => (gaveUp ? app.setTyping(chat, null) : app.addMessage(chat, { fromMe: false, text, ...who })), 1000 + r() * 3000);
}

function fromUs(chat, r) {
  const bot = r() < 0.5;
  const text = bot ? LINES.bot[Math.floor(r() * LINES.bot.length)] : `*${AGENTS[Math.floor(r() * AGENTS.length)]}:* ${LINES.agent[0]}`;
  const m = app.addMessage(chat, { fromMe: true, author: OWN_NAME, text, ack: 'sent', key: newKey('web'), sender: bot ? 'bot' : 'device' });
  setTimeout(() => m.ack === 'sent' && app.setAck(chat, m, 'delivered'), 1000);
}

function step(r) {
  const list = app.sortedChats();
  if (!list.length) return;
  const chat = r() < 0.7 ? list[Math.floor(r() * Math.min(8, list.length))] : list[Math.floor(r() * list.length)];
  const roll = r();
  const ours = chat.messages.findLast((m) => m.fromMe && !m.deleted && !m.hidden);
  const theirs = chat.messages.findLast((m) => !m.fromMe && !m.deleted && !m.hidden && m.text);
  if (roll < 0.08 && ours) app.react(chat, ours, '👍', { by: customer(chat, r).author });
  else if (roll < 0.12 && theirs) app.edit(chat, theirs, `${theirs.text}!`);
  else if (roll < 0.85) customerWrites(chat, r);
  else fromUs(chat, r);
}

export function simulate() {
  const r = Math.random;
  const loop = () => setTimeout(() => {
    step(r);
    loop();
  }, 3000 + r() * 7000);
  loop();
}

/** offline=N: N 1:1 chats (chosen by the seed) each get one or two customer messages from while the tab was closed. */
export function offlineAtBoot(n) {
  const r = rng(P.seed ^ 0x0ff1);
  const people = app.S.chats.filter((c) => !c.group && !c.archived);
  const entries = [];
  for (let i = 0; i < Math.min(n, people.length); i++) {
    const chat = people.splice(Math.floor(r() * people.length), 1)[0];
    const age = clock.now() - (chat.messages.at(-1)?.ts ?? clock.now() - 3_600_000);
    const ago = Math.round(age * (0.2 + 0.6 * r()));
    entries.push({ chat, text: LINES.customer[Math.floor(r() * LINES.customer.length)], ago });
    if (r() < 0.3) entries.push({ chat, text: LINES.customer[Math.floor(r() * LINES.customer.length)], ago: Math.round(ago / 2) });
  }
  setTimeout(() => app.offlineSync(entries), OFFLINE_AFTER_MS);
}
