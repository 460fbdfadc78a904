/** Money inside the engine is integer fen (1/100 yuan), so sums are exact. */
export function fen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** 12900 → "129", 12990 → "129.9", 12999 → "129.99" */
export function yuanText(fenValue: number): string {
  return (fenValue / 100).toFixed(fenValue % 100 === 0 ? 0 : fenValue % 10 === 0 ? 1 : 2);
}
