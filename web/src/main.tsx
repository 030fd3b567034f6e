import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/antd.css';
import { i18nReady } from './i18n/index.ts';
import './styles.css';
import { App, pageReady } from './App.tsx';

// The first render waits (at most a second) for the page's own code and data, asked for at
// start-up (App.tsx), so that it renders the page with its data rather than a skeleton first, and
// for the strings of the chosen language when it is not zh-CN (i18n/index.ts).
const render = () => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void Promise.all([pageReady, i18nReady]).then(render);
