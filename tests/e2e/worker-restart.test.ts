import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, isKey, isListSignal, messageEvents, openSettled, SETTLE_MS, sim, startSession, type Session } from './harness';

// MV3 service workers are stopped by the browser at any time. A burst of traffic that spans two
// worker stops must still be stored exactly once: the content script keeps unacknowledged batches
// and resends them to the next worker, which starts when the content script reconnects. Each stop
// hits a busy worker, so batches are in flight (posted, not yet acknowledged) when it goes.
let session: Session;
let browserCdp: CDPSession;
beforeAll(async () => {
  session = await startSession('?seed=61&chats=12');
  await session.configure({ agentName: 'Maria' });
  browserCdp = await session.context.browser()!.newBrowserCDPSession();
  await session.inbox.waitForTimeout(SETTLE_MS);
});
afterAll(async () => { await session?.close(); });

const workerUrl = () => `chrome-extension://${session.extensionId}/background.js`;

/** The extension's service worker target, or undefined while none runs. */
async function workerTarget() {
  const { targetInfos } = await browserCdp.send('Target.getTargets');
  return targetInfos.find((t) => t.type === 'service_worker' && t.url === workerUrl());
}

/** A marker in the worker's global scope: gone once the worker was really stopped and started again. */
async function markWorker(value: string): Promise<void> {
  await eventually(async () => {
    const w = session.context.serviceWorkers().find((x) => x.url() === workerUrl());
    return w ? w.evaluate((v) => { (globalThis as { __e2eMark?: string }).__e2eMark = v; return true; }, value).catch(() => false) : false;
  }, 'the worker to mark');
}
async function workerMark(): Promise<string | null | false> {
  const w = session.context.serviceWorkers().find((x) => x.url() === workerUrl());
  return w ? w.evaluate(() => (globalThis as { __e2eMark?: string }).__e2eMark ?? null).catch(() => false) : false;
}

it('stores every message of a burst exactly once across two worker stops', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  const chats = (await wa.chats()).filter((c) => !c.group).map((c) => c.title);
  const open = chats[0];
  const unopened = chats.slice(1, 4);
  await openSettled(inbox, open);
  const history = (await wa.messages(open)).filter((m) => m.rendered).length;
  await session.messagesWhere((m) => m.chatTitle === open, history, 'the open chat\'s history');

  // The browser's own view of the worker: ServiceWorker domain events from an extension page.
  const page = await session.openPage('popup.html');
  const swCdp = await session.context.newCDPSession(page);
  const statuses: string[] = [];
  swCdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.scriptURL === workerUrl()) statuses.push(v.runningStatus);
  });
  await swCdp.send('ServiceWorker.enable');
  await inbox.bringToFront();

  const sent = new Map<string, string[]>(); // chat → keys
  const stops: string[] = [];
  const N = 60;
  for (let i = 0; i < N; i++) {
    if (i === 12 || i === 35) {
      // Keep the worker busy so the next batches are in flight (posted, not acknowledged) when it stops.
      await markWorker(`before stop ${stops.length + 1}`);
      void session.context.serviceWorkers().find((x) => x.url() === workerUrl())
        ?.evaluate(() => { const end = Date.now() + 1500; while (Date.now() < end) { /* busy */ } }).catch(() => undefined);
    }
    if (i === 18 || i === 41) {
      const target = await workerTarget();
      expect(target, 'a running worker to stop').toBeDefined();
      await browserCdp.send('Target.closeTarget', { targetId: target!.targetId });
      stops.push(target!.targetId);
    }
    const title = i % 4 === 0 ? open : unopened[i % 3];
    const { key } = await wa.customerSends(title, `burst message ${i}`);
    sent.set(title, [...(sent.get(title) ?? []), key]);
    await inbox.waitForTimeout(70);
  }

  // The worker was really stopped: the browser reported it, and its global scope is new.
  await eventually(async () => (await workerMark()) === null, 'a restarted worker (no mark in its global scope)');
  expect(statuses).toContain('stopped');
  expect(statuses.lastIndexOf('running')).toBeGreaterThan(statuses.indexOf('stopped'));

  // Every message is stored, once: keyed in the open chat, as list signals in the others.
  const total = history + N;
  // The backlog (customers already waiting when the list first rendered) is not part of the burst.
  const burstAndHistory = (events: Awaited<ReturnType<typeof session.storedEvents>>) => messageEvents(events).filter((m) => m.live || !isListSignal(m));
  await eventually(async () => {
    const all = burstAndHistory(await session.storedEvents());
    return all.length >= total ? all : undefined;
  }, `${total} stored messages`, 30_000);
  await inbox.waitForTimeout(1000); // a late duplicate would land now
  const final = burstAndHistory(await session.storedEvents());
  expect(final).toHaveLength(total);
  for (const key of sent.get(open)!) expect(final.filter((m) => isKey(m.msg, key)), key).toHaveLength(1);
  for (const title of unopened) {
    const signals = final.filter((m) => m.chatTitle === title && isListSignal(m));
    expect(signals, title).toHaveLength(sent.get(title)!.length);
    for (const s of signals) expect(s).toMatchObject({ dir: 'in', by: 'customer', live: true });
  }
  expect(JSON.stringify(final)).not.toContain('burst message');
});
