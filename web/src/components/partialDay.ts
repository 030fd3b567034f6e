/**
 * Today in a day series is not over (the API flags it `partial`): drawn so that it does not read
 * as a cliff at the end of every trend. Its axis label says so, lines reach it with a dashed
 * segment, and its bars are pale (issue #12, item 5).
 */
type Line = Record<string, unknown>;

/** The day labels, today's marked as partial. */
export function partialDayLabels(days: string[], partial: boolean[], suffix: string): string[] {
  return days.map((d, i) => (partial[i] ? `${d}${suffix}` : d));
}

/**
 * A line series as two: solid over whole days, dashed from the day before a partial day to it.
 * Both carry the same name, so that the legend shows one entry.
 */
export function lineWithPartial(series: Line, values: number[], partial: boolean[]): Line[] {
  const at = partial.indexOf(true);
  if (at < 0) return [{ ...series, data: values }];
  const solid = values.map((v, i) => (i === at ? null : v));
  const dashed = values.map((v, i) => (i === at || i === at - 1 ? v : null));
  const { areaStyle: _area, ...rest } = series;
  const style = (series.lineStyle ?? {}) as { type?: string };
  return [
    { ...series, data: solid },
    { ...rest, data: dashed, lineStyle: { ...style, type: style.type === 'dashed' ? 'dotted' : 'dashed', opacity: 0.6 }, tooltip: { show: false } },
  ];
}

/** Bar values, the partial day's drawn pale. */
export function barsWithPartial(values: number[], partial: boolean[]): Array<number | { value: number; itemStyle: { opacity: number } }> {
  return values.map((v, i) => (partial[i] ? { value: v, itemStyle: { opacity: 0.35 } } : v));
}
