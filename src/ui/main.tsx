import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initLanguage } from './i18n';
import './styles.css';
import { App } from './App';
import { installDevtools } from './devtools';
import { params } from './params';

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');

installDevtools(window as unknown as Parameters<typeof installDevtools>[0]);

if (params.bench) {
  const bench = params.bench;
  void import('./bench').then((m) => m.runBench(bench));
}

// Not a top-level await: one in the page's graph turns off the bundler's chunk optimisations
// (rolldown's chunkOptimization), which left the live room's code in ~40 small chunks (docs/ui.md).
void initLanguage().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
