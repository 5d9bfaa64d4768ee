/** The most requests any window of `ms` (placed anywhere) held. */
export function busiest(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The most requests any one-second window held: Teams allows 50 a second per tenant. */
export const busiestSecond = (times: readonly number[]): number => busiest(times, 1_000);
