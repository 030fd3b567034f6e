/** Loads ECharts (echarts-setup.ts, its own chunk) once: by the first chart, or at start-up by a page that will draw one. */
let loading: Promise<typeof import('./echarts-setup.ts')> | undefined;
export function loadECharts() {
  loading ??= import('./echarts-setup.ts');
  return loading;
}
