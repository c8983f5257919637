import { afterEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn(() => Promise.resolve());
vi.stubGlobal('browser', { runtime: { sendMessage } });
vi.useFakeTimers();
afterEach(() => sendMessage.mockClear());

const { notifyPages } = await import('../../../entrypoints/background/notify-pages');

describe('notifyPages', () => {
  it('announces the first change at once and a burst once more at its end, at most twice a second', () => {
    notifyPages();
    expect(sendMessage).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) notifyPages();
    vi.advanceTimersByTime(499);
    expect(sendMessage).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(sendMessage).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'changed' }));
  });

  it('announces a change after a quiet half second at once', () => {
    vi.advanceTimersByTime(500);
    notifyPages();
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });
});
