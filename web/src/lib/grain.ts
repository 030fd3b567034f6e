/** Axis labels of a series by day, week or month: the year shows when the series spans several. */
import type { Grain } from '../api/index.ts';

export function pointLabel(day: string, grain: Grain, manyYears: boolean): string {
  if (grain === 'month') return day.slice(0, 7);
  return manyYears ? day : day.slice(5);
}

/** Axis labels of a series of points (each with its first day). */
export function pointLabels(points: { day: string }[], grain: Grain): string[] {
  const manyYears = points.length > 0 && points[0]!.day.slice(0, 4) !== points[points.length - 1]!.day.slice(0, 4);
  return points.map((p) => pointLabel(p.day, grain, manyYears));
}
