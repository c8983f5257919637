import { expect, it } from 'vitest';
import { waitLevel } from '../../lib/wait-level';

it('colours a wait green below 50 % of the target, amber up to the target, red beyond', () => {
  expect(waitLevel(0, 540)).toBe('ok');
  expect(waitLevel(269.9, 540)).toBe('ok');
  expect(waitLevel(270, 540)).toBe('warn');
  expect(waitLevel(540, 540)).toBe('warn');
  expect(waitLevel(540.1, 540)).toBe('late');
});
