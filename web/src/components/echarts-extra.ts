/** The heat map and its colour scale (the review page's cohorts), registered on demand by Chart. */
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { use } from 'echarts/core';

use([HeatmapChart, VisualMapComponent]);
