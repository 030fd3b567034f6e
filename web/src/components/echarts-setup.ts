/**
 * ECharts, tree-shaken (line, bar, pie, heat map for cohorts, canvas): the console's largest dependency, loaded by Chart
 * on first use in its own chunk, so that a page's data requests do not wait for it to download
 * and evaluate.
 */
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, PieChart, HeatmapChart, VisualMapComponent, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export { echarts };
