import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { installDevtools } from './devtools';

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');

installDevtools(window as unknown as Parameters<typeof installDevtools>[0]);

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
