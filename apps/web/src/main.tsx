import '@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css';
import './theme.css';
import './styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { queryClient } from './api/query-client.js';
import { SessionProvider } from './features/account/session.js';
import { i18nReady } from './i18n/index.js';
import { AppRoutes } from './routes/routes.js';

// The first paint waits for the reader's catalogue (one small chunk), so no key ever shows.
void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
  ),
);
