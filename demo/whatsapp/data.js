// The inbox model: chats, participants and message histories, generated from the seed.
// Chat number i is generated from its own random stream, so setChats(n) extends or trims the
// same inbox and seed=N always yields the same names and histories.
import { P, clock, cryptoRandom, digits, hex, pick, rng } from './util.js';

export const OWN_NAME = 'Acme Lda';

const FIRST = ['Maria', 'João', 'Ana', 'Pedro', 'Juliana', 'Lucas', 'Fernanda', 'Rafael', 'Camila', 'Bruno',
  'Beatriz', 'Gustavo', 'Larissa', 'Thiago', 'Patrícia', 'Diego', 'Aline', 'Marcelo', 'Renata', 'Felipe',
  'Carla', 'Rodrigo', 'Sofia', 'Miguel', 'Helena', 'Arthur', 'Laura', 'Davi', 'Alice', 'Heitor', 'Claire',
  'Julien', 'Amélie', 'Hugo', 'Inês', 'Tiago'];
const LAST = ['Silva', 'Souza', 'Oliveira', 'Santos', 'Pereira', 'Lima', 'Costa', 'Ferreira', 'Rodrigues',
  'Almeida', 'Nascimento', 'Carvalho', 'Gomes', 'Martins', 'Araújo', 'Ribeiro', 'Barbosa', 'Rocha', 'Dias',
  'Moreira', 'Dubois', 'Lefèvre', 'Mendes', 'Teixeira'];
const GROUPS = ['Família Souza', 'Equipe Vendas', 'Condomínio Bloco B', 'Clientes VIP', 'Suporte Nível 2',
  'Pedidos Atacado', 'Turma do Futebol', 'Obra Rua 7', 'Encomendas Natal', 'Fornecedores'];
const DECOR = [' 🌻', ' ✨', ' 🏠', ''];
export const AGENTS = ['Ana', 'Bruno', 'Carla', 'Diego'];

const TEXT = {
  en: {
    customer: ['Hi, is the house still available?', 'Good morning! I would like to know the price',
      'Can you send me the catalogue?', 'What time do you open tomorrow?', 'My order hasn’t arrived yet 😕',
      'Order #48213', 'Thanks!', 'Is delivery free downtown?', 'Can I pay by card?', 'Ok, I’ll wait',
      'Hello?', 'Do you have it in blue?', 'I need to change my delivery address', 'Perfect, thank you so much 🙏',
      'How long does shipping take?', 'Is anyone there?', 'Can I pick it up in the store?', 'Great 👍'],
    agent: ['Hello! How can I help you?', 'Yes, it is!', 'Let me check that for you.', 'Your order ships tomorrow.',
      'We’re open from 9 AM to 6 PM.', 'Sent you the invoice', 'Sure, here is the link: https://example.com/catalogue',
      'You’re welcome!', 'Could you send me your order number?', 'Done ✅', 'Delivery downtown is free over $50.'],
    bot: ['🤖 Hi! I’m the virtual assistant. Reply 1 for Sales, 2 for Support, 3 to talk to a person.',
      '🤖 Thanks! An agent will be with you shortly.', '🤖 Our opening hours are Mon–Fri 9:00–18:00.'],
  },
  fr: {
    customer: ['Bonjour, la maison est-elle toujours disponible ?', 'Bonjour ! Je voudrais connaître le prix',
      'Pouvez-vous m’envoyer le catalogue ?', 'Vous ouvrez à quelle heure demain ?', 'Ma commande n’est pas arrivée 😕',
      'Commande n° 48213', 'Merci !', 'La livraison est gratuite en centre-ville ?', 'Je peux payer par carte ?',
      'D’accord, j’attends', 'Allô ?', 'Vous l’avez en bleu ?', 'Je dois changer mon adresse de livraison',
      'Parfait, merci beaucoup 🙏', 'Combien de temps pour la livraison ?', 'Il y a quelqu’un ?', 'Super 👍'],
    agent: ['Bonjour ! Comment puis-je vous aider ?', 'Oui, tout à fait !', 'Je vérifie pour vous.',
      'Votre commande part demain.', 'Nous sommes ouverts de 9 h à 18 h.', 'Je vous ai envoyé la facture',
      'Bien sûr, voici le lien : https://example.com/catalogue', 'Avec plaisir !',
      'Pouvez-vous m’envoyer votre numéro de commande ?', 'C’est fait ✅'],
    bot: ['🤖 Bonjour ! Je suis l’assistant virtuel. Tapez 1 pour les ventes, 2 pour le support, 3 pour un conseiller.',
      '🤖 Merci ! Un conseiller va vous répondre.', '🤖 Nous sommes ouverts du lundi au vendredi, 9 h–18 h.'],
  },
};
TEXT.pt = {
  customer: ['Oi, a casa ainda está disponível?', 'Bom dia! Queria saber o preço', 'Pode me mandar o catálogo?',
    'Que horas vocês abrem amanhã?', 'Meu pedido ainda não chegou 😕', 'Pedido #48213', 'Obrigada!', 'Alô?',
    'Tem na cor azul?', 'Posso pagar no cartão?', 'Ok, vou aguardar', 'Tem alguém aí?', 'Perfeito, muito obrigado 🙏'],
  agent: ['Olá! Como posso ajudar?', 'Sim, está!', 'Vou verificar para você.', 'Seu pedido sai amanhã.',
    'Abrimos das 9h às 18h.', 'Te enviei a nota fiscal', 'De nada!', 'Pode me passar o número do pedido?', 'Feito ✅'],
  bot: ['🤖 Olá! Sou o assistente virtual. Digite 1 para Vendas, 2 para Suporte, 3 para falar com uma pessoa.',
    '🤖 Obrigado! Um atendente vai falar com você em breve.', '🤖 Nosso horário é de segunda a sexta, 9h–18h.'],
};
TEXT.es = {
  customer: ['Hola, ¿la casa sigue disponible?', '¡Buenos días! Quisiera saber el precio', '¿Me pueden enviar el catálogo?',
    '¿A qué hora abren mañana?', 'Mi pedido todavía no llegó 😕', 'Pedido #48213', '¡Gracias!', '¿Hola?',
    '¿Lo tienen en azul?', '¿Puedo pagar con tarjeta?', 'Ok, espero', '¿Hay alguien?', 'Perfecto, muchas gracias 🙏'],
  agent: ['¡Hola! ¿En qué puedo ayudarte?', '¡Sí, lo está!', 'Lo reviso por ti.', 'Tu pedido sale mañana.',
    'Abrimos de 9 a 18 h.', 'Te envié la factura', '¡De nada!', '¿Me pasas tu número de pedido?', 'Listo ✅'],
  bot: ['🤖 ¡Hola! Soy el asistente virtual. Responde 1 para Ventas, 2 para Soporte, 3 para hablar con una persona.',
    '🤖 ¡Gracias! Un agente te atenderá en breve.', '🤖 Nuestro horario es de lunes a viernes, 9:00–18:00.'],
};
export const LINES = TEXT[P.lang];

/** A person's jid in the selected id flavour. */
export function personJid(r) {
  return P.ids === 'lid' ? `${1 + Math.floor(r() * 9)}${digits(r, 14)}@lid` : `55${pick(r, ['11', '21', '31', '41', '51', '61', '71', '81'])}9${digits(r, 8)}@c.us`;
}
const ownR = rng(P.seed ^ 0x5eed);
export const OWN_JID = P.ids === 'lid' ? `${1 + Math.floor(ownR() * 9)}${digits(ownR, 14)}@lid` : '5511912345678@c.us';
/** "+55 11 99988-7766" for a @c.us jid. */
const phoneTitle = (jid) => {
  const d = jid.split('@')[0];
  return `+${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4, 9)}-${d.slice(9)}`;
};

/** Stanza ids: 20 uppercase hex characters (web/other devices 3EB0…, phones 3A…/3B…). */
export function newKey(kind, r = cryptoRandom) {
  if (kind === 'web') return `3EB0${hex(r, 16)}`;
  return `${r() < 0.5 ? '3A' : '3B'}${hex(r, 18)}`;
}

/** data-id as rendered in the selected variant, or null where the variant has none. */
export function dataId(chat, m) {
  if (P.broken.has('dataid')) return null;
  if (!P.prefix || P.broken.has('direction')) return m.key;
  const base = `${m.fromMe}_${chat.jid}_${m.key}`;
  if (!chat.group) return base;
  return `${base}_${m.fromMe ? OWN_JID : m.authorJid}`;
}

const titles = new Set();
function uniqueTitle(r, group) {
  for (let i = 0; ; i++) {
    let t = group ? pick(r, GROUPS) : `${pick(r, FIRST)} ${pick(r, LAST)}`;
    if (!group && r() < 0.12) t += pick(r, DECOR);
    if (i > 20) {
      let n = 2;
      while (titles.has(`${t} ${n}`)) n++;
      t = `${t} ${n}`;
    }
    if (!titles.has(t)) {
      titles.add(t);
      return t;
    }
  }
}
export const releaseTitle = (t) => titles.delete(t);
export const claimTitle = (t) => titles.add(t);

/** Last-message time of generated chat i: spread from minutes ago to about a week ago. */
function lastTsFor(i, r, now) {
  return now - (3 + i * 35 + r() * 30) * 60_000;
}

/**
 * A message. Besides what WhatsApp renders, it keeps what really happened for waSim.truth():
 * `sender` (customer | agent: typed in this browser's composer | bot | device: another device),
 * `title` (the chat's title when it was sent), `before` (history generated at load) and `offline`
 * (arrived while the tab was closed). `media`: false | picture | audio | document | sticker.
 */
export function makeMessage(chat, fields) {
  return { key: fields.key ?? newKey(fields.fromMe ? 'web' : 'phone'), fromMe: false, author: chat.title,
    authorJid: chat.group ? null : chat.jid, text: '', media: false, ts: clock.now(), ack: null,
    sender: fields.fromMe ? 'device' : 'customer', title: chat.title, reactions: [], ...fields };
}

/** Chat number i (deterministic for the seed). */
export function generateChat(i, now = clock.now()) {
  const r = rng((P.seed * 1000003 + i * 7919) >>> 0);
  const group = i % 6 === 4;
  const jid = group ? `120363${digits(r, 12)}@g.us` : personJid(r);
  let title;
  if (!group && P.ids === 'cus' && i % 10 === 7) {
    title = phoneTitle(jid);
    titles.add(title);
  } else title = uniqueTitle(r, group);
  const participants = group
    ? Array.from({ length: 3 + Math.floor(r() * 5) }, () => ({ name: `${pick(r, FIRST)} ${pick(r, LAST)}`, jid: personJid(r) }))
    : [];
  const chat = { idx: i, title, jid, group, participants, muted: r() < 0.15, markedUnread: false, unread: 0, messages: [] };

  // History, generated backwards from the last message in bursts of conversation.
  const n = P.history;
  const unreadPlan = i < 8 ? [2, 0, 1, 0, 3, 0, 0, 1][i] : r() < 0.2 ? 1 + Math.floor(r() * 4) : 0;
  let ts = Math.round(lastTsFor(i, r, now));
  let fromMe = r() < 0.45;
  let run = 0;
  const out = [];
  for (let k = 0; k < n; k++) {
    const me = k < unreadPlan ? false : fromMe;
    let m;
    if (me) {
      const bot = r() < 0.2;
      const line = pick(r, bot ? LINES.bot : LINES.agent);
      const text = !bot && r() < 0.5 ? `*${pick(r, AGENTS)}:* ${line}` : line;
      m = { key: newKey('web', r), fromMe: true, author: OWN_NAME, authorJid: null, text, media: false, ts, ack: 'read',
        sender: bot ? 'bot' : 'device' };
    } else {
      const p = group ? pick(r, participants) : null;
      const media = r() < 0.08;
      m = { key: newKey('phone', r), fromMe: false, author: p ? p.name : title, authorJid: p ? p.jid : jid,
        text: media ? (r() < 0.3 ? pick(r, LINES.customer) : '') : pick(r, LINES.customer), media: media && 'picture', ts,
        ack: null, sender: 'customer' };
    }
    out.push({ ...m, title, reactions: [], before: true });
    if (++run >= 1 + Math.floor(r() * 3)) {
      fromMe = !fromMe;
      run = 0;
    }
    ts -= Math.round((r() < 0.8 ? 0.3 + r() * 6 : 60 + r() * 1800) * 60_000);
  }
  out.reverse();
  const last = out[out.length - 1];
  if (last && last.fromMe && r() < 0.5) last.ack = 'delivered';
  chat.messages = out;
  chat.unread = Math.min(unreadPlan, n);
  if (i === 5 && !chat.unread) chat.markedUnread = true;
  return chat;
}

/** A chat created on demand (customerSends to an unknown title, addChat). */
export function adHocChat(title, { group = false, idx = 0 } = {}) {
  const r = cryptoRandom;
  titles.add(title);
  return { idx, title, jid: group ? `120363${digits(r, 12)}@g.us` : personJid(r), group,
    participants: group ? [{ name: `${pick(r, FIRST)} ${pick(r, LAST)}`, jid: personJid(r) }] : [],
    muted: false, markedUnread: false, unread: 0, messages: [] };
}
