/** Nearest-rank percentile (p in 0..100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export interface MetricLine {
  metric: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

/** One JSON object per line on stdout, the format `npm run bench:*` scripts share. */
export function printMetric(line: MetricLine, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ ...line, value: round(line.value), ...extra })}\n`);
}
