import { describe, expect, it } from 'vitest';
import { agentDirectory } from '../../../lib/metrics/agent-directory';
import { analyzeEvents } from '../../../lib/metrics/analyze';
import { defaultSettings } from '../../../lib/settings';
import { agentInfo, agentMsg, customer, status, t } from './events-builder';

describe('attribution: signature names resolve to agent ids', () => {
  it('a signature name (case and spaces ignored) is the agent with that name', () => {
    const dir = agentDirectory([agentInfo('ana-1', 'Ana'), agentInfo('bob-2', 'Bob', 'sales')]);
    expect([dir.resolve('ana-1'), dir.resolve(' ana '), dir.resolve('Bob'), dir.resolve('unknown'), dir.resolve('Zoe')]).toEqual(['ana-1', 'ana-1', 'bob-2', 'unknown', 'Zoe']);
    expect(dir.info('bob-2')).toEqual({ id: 'bob-2', name: 'Bob', team: 'sales' });
  });

  it('a name shared by two agents stays unresolved', () => {
    expect(agentDirectory([agentInfo('a1', 'Sam'), agentInfo('a2', 'Sam')]).resolve('Sam')).toBe('Sam');
  });

  it('credits local and signature replies of one person to one id', () => {
    const events = [agentInfo('ana-1', 'Ana'), customer('c', 0), agentMsg('c', 1, 'ana-1'), customer('c', 2), agentMsg('c', 4, 'Ana', { attribution: 'signature' }), status('Ana', 0, 'online')];
    const { episodes, intervals } = analyzeEvents(events, defaultSettings(), t(5));
    expect(episodes[0]!.waits.map((w) => w.agent)).toEqual(['ana-1', 'ana-1']);
    expect(intervals.map((i) => i.agent)).toEqual(['ana-1']);
  });
});
