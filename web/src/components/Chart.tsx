/**
 * A responsive ECharts chart: tree-shaken echarts/core (line, bar, pie; echarts-setup.ts, loaded
 * on first use so that pages render and ask for their data without waiting for it), resized with
 * its box (ResizeObserver), disposed on unmount. Colours follow the antd theme.
 */
import type { EChartsCoreOption, ECharts } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { afterNextPaint } from '../lib/afterPaint.ts';

/** Started by the first chart (or by a page that knows it will draw one). */
let loading: Promise<typeof import('./echarts-setup.ts')> | undefined;
export function loadECharts() {
  loading ??= import('./echarts-setup.ts');
  return loading;
}

/** A chart with a heat map or a colour scale needs echarts-extra.ts too (kept out of the common chunk). */
let extra: Promise<unknown> | undefined;
function loadFor(option: EChartsCoreOption) {
  const series = ([] as Array<{ type?: string }>).concat((option.series ?? []) as never);
  if (!option.visualMap && !series.some((s) => s?.type === 'heatmap')) return loadECharts();
  extra ??= loadECharts().then(() => import('./echarts-extra.ts'));
  return extra.then(() => loadECharts());
}

export const PALETTE = ['#1668dc', '#52c41a', '#fa8c16', '#eb2f96', '#13c2c2', '#722ed1', '#faad14', '#8c8c8c'];

/**
 * `later`: drawn after the page's first paint (a secondary chart: the page's key figures show
 * first, ECharts' set-up of this one runs in a task of its own).
 */
export function Chart({ option, height = 260, testId, later = false }: { option: EChartsCoreOption; height?: number; testId?: string; later?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  const apply = (instance: ECharts, value: EChartsCoreOption) =>
    instance.setOption({ color: PALETTE, textStyle: { fontFamily: 'inherit' }, ...value }, { notMerge: true });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let cancelled = false;
    let cleanup = () => {};
    const draw = () => void loadFor(latest.current).then(({ echarts }) => {
      if (cancelled) return;
      const instance = echarts.init(element, undefined, { renderer: 'canvas' });
      chart.current = instance;
      apply(instance, latest.current);
      // Resized when the box changes size, not at the observer's first report of the size the
      // chart was just drawn at (a second full layout and paint of the chart before the first frame).
      const observer = new ResizeObserver(([entry]) => {
        const box = entry?.contentRect;
        if (box && Math.abs(box.width - instance.getWidth()) < 1 && Math.abs(box.height - instance.getHeight()) < 1) return;
        instance.resize();
      });
      observer.observe(element);
      cleanup = () => {
        observer.disconnect();
        instance.dispose();
        chart.current = null;
      };
    });
    const cancelDraw = later ? afterNextPaint(draw) : (draw(), () => {});
    return () => {
      cancelDraw();
      cancelled = true;
      cleanup();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (chart.current) apply(chart.current, option);
  }, [option]);

  return <div ref={box} className="qy-chart" style={{ height }} data-testid={testId} />;
}

/** Axis/tooltip/grid defaults for day-series charts. */
export function dayAxisBase(days: string[], bars = true) {
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8 },
    xAxis: { type: 'category', data: days, boundaryGap: bars, axisTick: { show: false }, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
  };
}
