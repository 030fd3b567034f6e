/**
 * ECharts, tree-shaken to what the overview and group pages draw (line, bar, pie, canvas): the
 * console's largest dependency, loaded by Chart on first use (or at start-up on a page that draws
 * charts) in its own chunk, so that a page's data requests do not wait for it. The heat map of
 * the review page comes with echarts-extra.ts, loaded only for a chart that needs it.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { echarts };
