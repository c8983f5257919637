import { expect, it } from 'vitest';
import { sortRows } from '../../../components/ui/sort';

const rows = [{ n: 'b', v: 2 }, { n: 'a', v: null }, { n: 'C', v: 10 }, { n: 'd', v: 2 }];

it('sorts numbers both ways, keeping ties stable and missing values last', () => {
  expect(sortRows(rows, (r) => r.v, 'ascending').map((r) => r.n)).toEqual(['b', 'd', 'C', 'a']);
  expect(sortRows(rows, (r) => r.v, 'descending').map((r) => r.n)).toEqual(['C', 'b', 'd', 'a']);
});

it('sorts strings with the locale, case-insensitively and numerically', () => {
  expect(sortRows(rows, (r) => r.n, 'ascending').map((r) => r.n)).toEqual(['a', 'b', 'C', 'd']);
  expect(sortRows([{ n: 'agent 10' }, { n: 'agent 9' }], (r) => r.n, 'ascending').map((r) => r.n)).toEqual(['agent 9', 'agent 10']);
});
