import { describe, expect, it } from 'vitest';
import { placeTimers, sameFrameView, samePlacedTimers, type RunningWait } from '../../../components/overlay/timer-placement';

describe('row timer placement', () => {
  const rows = [
    { chat: 'ann', top: 100, right: 300, height: 72 },
    { chat: 'bob', top: 172, right: 300, height: 72 },
    { chat: 'cy', top: 244, right: 300, height: 72 },
  ];
  const waits = new Map<string, RunningWait>([['bob', { since: 5_000, targetS: 60, approximate: false }], ['cy', { since: 7_000, targetS: 120, approximate: true }], ['off-screen', { since: 1_000, targetS: 60, approximate: false }]]);

  it('puts a timer at the right edge and vertical centre of each visible waiting row, none on answered or unrendered chats', () => {
    expect(placeTimers(rows, waits)).toEqual([
      { chat: 'bob', x: 300, y: 208, since: 5_000, targetS: 60, approximate: false },
      { chat: 'cy', x: 300, y: 280, since: 7_000, targetS: 120, approximate: true },
    ]);
  });

  it('tells a moved, restarted, retargeted or newly approximate timer from an unchanged one', () => {
    const placed = placeTimers(rows, waits);
    expect(samePlacedTimers(placed, placeTimers(rows.map((r) => ({ ...r })), new Map(waits)))).toBe(true);
    expect(samePlacedTimers(placed, placeTimers(rows.map((r) => (r.chat === 'cy' ? { ...r, top: r.top + 1 } : r)), waits))).toBe(false);
    expect(samePlacedTimers(placed, placeTimers(rows, new Map([...waits, ['bob', { since: 6_000, targetS: 60, approximate: false }]])))).toBe(false);
    expect(samePlacedTimers(placed, placeTimers(rows, new Map([...waits, ['bob', { since: 5_000, targetS: 30, approximate: false }]])))).toBe(false);
    expect(samePlacedTimers(placed, placeTimers(rows, new Map([...waits, ['bob', { since: 5_000, targetS: 60, approximate: true }]])))).toBe(false);
    expect(samePlacedTimers(placed, placed.slice(1))).toBe(false);
  });

  it('tells a moved, restarted, started or ended episode time from an unchanged one', () => {
    const timers = placeTimers(rows, waits);
    const episode = { right: 400, y: 30, since: 2_000 };
    const view = { timers, episode };
    expect(sameFrameView(view, { timers: placeTimers(rows, waits), episode: { ...episode } })).toBe(true);
    expect(sameFrameView({ timers, episode: null }, { timers, episode: null })).toBe(true);
    expect(sameFrameView(view, { timers, episode: { ...episode, right: 420 } })).toBe(false);
    expect(sameFrameView(view, { timers, episode: { ...episode, y: 31 } })).toBe(false);
    expect(sameFrameView(view, { timers, episode: { ...episode, since: 3_000 } })).toBe(false);
    expect(sameFrameView(view, { timers, episode: null })).toBe(false);
    expect(sameFrameView({ timers, episode: null }, view)).toBe(false);
    expect(sameFrameView(view, { timers: timers.slice(1), episode })).toBe(false);
  });
});
