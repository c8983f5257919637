import { afterAll, beforeAll, expect, it } from 'vitest';
import { fidelity } from '../../demo/truth.mjs';
import { openSettled, sim, startSession, typeReply, type Session } from './harness';

// What real WhatsApp renders every day besides plain text: reactions, edits, deletions, voice
// notes, documents, stickers, quoted replies, pinned and archived chats, older messages loading as
// a new one arrives. None is a new message unless it is one; each message is counted once, in its
// direction, credited to whoever really wrote it.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=37&chats=160&history=80');
  await session.configure({ agentName: 'Maria', botRules: ['^🤖'] });
});
afterAll(async () => { await session?.close(); });

it('records each real message once, right direction and author, and nothing for the churn around them', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  const step = () => inbox.waitForTimeout(900);
  const chats = (await wa.chats()).filter((c) => !c.group && !c.muted);
  const [open, quiet, pinned, archived, other] = chats.map((c) => c.title);
  const since = await wa.now();

  await wa.pinChat(pinned);
  await wa.archiveChat(archived);
  await openSettled(inbox, open);
  const ask = await wa.customerSends(open, 'Do you have the blue one?');
  await step();
  const reply = await typeReply(inbox, open, 'Yes, in every size');
  await step();
  await wa.customerSends(open, 'Which sizes exactly?', { quote: reply });
  await step();
  await wa.customerSends(open, '', { media: 'audio', seconds: 14 });
  await step();
  await wa.customerSends(open, '', { media: 'document', fileName: 'measures.pdf' });
  await step();
  await wa.customerSends(open, '', { media: 'sticker' });
  await step();
  await wa.customerSends(open, '', { media: 'picture' });
  await step();
  await wa.react(open, reply, '👍');
  await step();
  await wa.edit(open, ask.key, 'Do you have the navy blue one?');
  await step();
  const oops = await wa.otherAgentSends(open, '*Ana:* wrong chat, sorry');
  await step();
  await wa.deleteMessage(open, oops.key, { forEveryone: true });
  await step();
  await wa.otherAgentSends(open, '*Ana:* sizes 36 to 44', { quote: ask.key });
  await step();
  await wa.otherAgentSends(open, '', { media: 'audio', seconds: 6 });
  await step();
  const older = await wa.loadOlder({ customerSends: 'Great, I will come tomorrow' });
  expect(older.loaded, 'older messages inserted in the same task as the new one').toBeGreaterThan(0);
  await step();

  // Chats that are not open: a reaction to our message changes the row, not the conversation.
  const parcel = await wa.otherAgentSends(quiet, 'Your parcel left this morning');
  await step();
  await wa.react(quiet, parcel.key, '❤️');
  await step();
  await wa.customerSends(other, 'Hello, a question about my invoice');
  await step();
  await wa.customerSends(archived, 'Are you still open?'); // unarchives the chat, under the pinned one
  await step();
  expect((await wa.renderedRows()).slice(0, 2)).toEqual([pinned, archived]);
  // A chat from far down the virtualised list (its row not in the DOM) comes up just below the pinned one.
  const far = chats.at(-1)!.title;
  expect(await wa.renderedRows()).not.toContain(far);
  await wa.customerSends(far, 'Hello from the bottom of the list');
  await step();
  const rows = await wa.renderedRows();
  expect(rows.slice(0, 2), 'rows at the top').toEqual([pinned, far]);
  expect(rows.length, 'rows in the DOM out of 160 chats').toBeLessThan(40);
  await inbox.waitForTimeout(2500);

  const f = fidelity(await session.storedEvents(), await wa.truth(), since);
  const describe = (t: { title: string; dir: string; sender: string; media: string | null }) => `${t.title} ${t.dir} ${t.sender} ${t.media ?? 'text'}`;
  expect(f.lost.map(describe), 'messages lost').toEqual([]);
  expect(f.twice.map(describe), 'messages counted twice').toEqual([]);
  expect(f.extra.map((e) => `${e.chatTitle} ${e.dir} ${e.msg} live=${e.live}`), 'events matching no real message').toEqual([]);
  expect(f.wrongAuthor.map((r) => `${describe(r.truth)} → ${r.events[0].dir} ${r.events[0].by} ${r.events[0].agent ?? ''} ${r.events[0].attribution}`), 'wrong direction or author').toEqual([]);
  expect(f.live, 'messages sent during the scenario').toBe(15);
});
