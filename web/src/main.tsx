import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/antd.css';
import './i18n/index.ts';
import './styles.css';
import { App, pageReady } from './App.tsx';

// The first render waits (at most a second) for the page's own code and data, asked for at
// start-up (App.tsx), so that it renders the page with its data rather than a skeleton first.
const render = () => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void pageReady.then(render);
