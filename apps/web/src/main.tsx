import '@utrecht/design-tokens/dist/index.css';
import './styles.css';
import './i18n/index.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './components/Layout.js';
import { ForgotPasswordPage } from './features/account/ForgotPasswordPage.js';
import { LoginPage } from './features/account/LoginPage.js';
import { RegisterPage } from './features/account/RegisterPage.js';
import { SessionProvider } from './features/account/session.js';
import { ResetPasswordPage } from './features/account/ResetPasswordPage.js';
import { VerifyEmailPage } from './features/account/VerifyEmailPage.js';
import { HomePage } from './routes/HomePage.js';
import { NotFoundPage } from './routes/NotFoundPage.js';

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      // The pages the account mails link to (their paths are the links' paths).
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  </StrictMode>,
);
