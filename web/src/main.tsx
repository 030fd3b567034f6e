/**
 * The console's entry, kept small: it sends the opened page's data requests and starts loading the
 * page's code (lib/preload.ts) first, then loads the rest of the console (start.tsx: React, antd,
 * the shell). The answers arrive while the large chunks download and evaluate, instead of being
 * asked for only after them (issue #12: data visible soon after a navigation on a slow machine).
 * The stylesheets stay here, so they are in index.html and load alongside.
 */
import 'antd/dist/antd.css';
import './styles.css';
import { preloadFor } from './lib/preload.ts';

// The shell first: the page's own chunk and ECharts (preloadFor) share most of its dependencies.
void import('./start.tsx');
preloadFor(location.pathname, location.search);
