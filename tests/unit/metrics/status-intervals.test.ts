import { describe, expect, it } from 'vitest';
import { statusIntervals } from '../../../lib/metrics/status-intervals';
import { MIN, status, t } from './events-builder';

const spans = (list: ReturnType<typeof statusIntervals>) => list.map((i) => [i.status, (i.from - t(0)) / MIN, (i.to - t(0)) / MIN, !!i.inferred]);

describe('agent status intervals', () => {
  it('a status lasts until the next different one; re-stating it is a heartbeat', () => {
    const events = [status('ana', 0, 'online'), status('ana', 2, 'online', 'heartbeat'), status('ana', 4, 'unavailable', 'idle'), status('ana', 5, 'unavailable', 'heartbeat'), status('ana', 6, 'online'), status('ana', 7, 'offline', 'tab')];
    expect(spans(statusIntervals(events, { now: t(10), heartbeatTimeoutS: 180 }))).toEqual([
      ['online', 0, 4, false],
      ['unavailable', 4, 6, false],
      ['online', 6, 7, false],
      ['offline', 7, 10, false],
    ]);
  });

  it('offline inferred from a missing heartbeat: the interval ends at the last heartbeat', () => {
    const events = [status('ana', 0, 'online'), status('ana', 2, 'online', 'heartbeat'), status('ana', 30, 'online')];
    expect(spans(statusIntervals(events, { now: t(31), heartbeatTimeoutS: 180 }))).toEqual([
      ['online', 0, 2, false],
      ['offline', 2, 30, true],
      ['online', 30, 31, false],
    ]);
  });

  it('at the end of the data: running until now while heartbeats are fresh, else ended at the last one', () => {
    const events = [status('ana', 0, 'online'), status('ana', 2, 'online', 'heartbeat')];
    expect(spans(statusIntervals(events, { now: t(4), heartbeatTimeoutS: 180 }))).toEqual([['online', 0, 4, false]]);
    expect(spans(statusIntervals(events, { now: t(10), heartbeatTimeoutS: 180 }))).toEqual([
      ['online', 0, 2, false],
      ['offline', 2, 10, true],
    ]);
  });

  it('offline needs no heartbeat; agents are independent', () => {
    const events = [status('bob', 0, 'offline'), status('ana', 1, 'unavailable', 'locked')];
    expect(spans(statusIntervals(events, { now: t(60), heartbeatTimeoutS: 3600 }))).toEqual([
      ['unavailable', 1, 60, false],
      ['offline', 0, 60, false],
    ]);
  });
});
