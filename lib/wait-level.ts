/** How a running wait compares with its target: green under half of it, amber up to it, red beyond. */
export type WaitLevel = 'ok' | 'warn' | 'late';

export function waitLevel(waitS: number, targetS: number): WaitLevel {
  if (waitS < targetS / 2) return 'ok';
  return waitS <= targetS ? 'warn' : 'late';
}
