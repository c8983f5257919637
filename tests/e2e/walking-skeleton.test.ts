import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSession, type Session } from './harness';

let session: Session;
beforeAll(async () => { session = await startSession(); });
afterAll(async () => { await session?.close(); });

it('reports the inbox to the worker, which stores it, and the popup shows "Inbox connected" with the time', async () => {
  const before = Date.now();
  const popup = await session.openPage('popup.html');
  const status = popup.getByRole('status');
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Inbox connected');
  const seenAt = Date.parse((await status.getAttribute('data-seen-at'))!);
  expect(seenAt).toBeGreaterThanOrEqual(before - 60_000);
  expect(seenAt).toBeLessThanOrEqual(Date.now());
  const time = new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(new Date(seenAt));
  expect(await status.textContent()).toContain(time);
});
