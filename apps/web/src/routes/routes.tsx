import type { RouteObject } from 'react-router';
import { Layout } from '../components/Layout.js';
import { ForgotPasswordPage } from '../features/account/ForgotPasswordPage.js';
import { LoginPage } from '../features/account/LoginPage.js';
import { RegisterPage } from '../features/account/RegisterPage.js';
import { ResetPasswordPage } from '../features/account/ResetPasswordPage.js';
import { VerifyEmailPage } from '../features/account/VerifyEmailPage.js';
import { HomePage } from './HomePage.js';
import { NotFoundPage } from './NotFoundPage.js';

/**
 * Every page's URL. The paths are the ones the server's mails and notifications link to
 * (activity snapshots' `link`, invitation and account mails), so every link lands here.
 * Feature pages load on demand (code-split per route): each module exports `Component`.
 */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'search', lazy: () => import('../features/search/SearchPage.js') },
      { path: 'contributions/:id', lazy: () => import('../features/contribution/ContributionPage.js') },
      { path: 'threads/:id', lazy: () => import('../features/discussion/ThreadPage.js') },
      { path: 'groups/:id', lazy: () => import('../features/groups/GroupPage.js') },
      { path: 'groups/:id/requests', lazy: () => import('../features/groups/GroupPage.js') },
      { path: 'invites/:token', lazy: () => import('../features/groups/InvitePage.js') },
      { path: 'notifications', lazy: () => import('../features/notifications/NotificationsPage.js') },
      { path: 'digests/unsubscribe', lazy: () => import('../features/notifications/UnsubscribePage.js') },
      { path: 'settings', lazy: () => import('../features/settings/SettingsPage.js') },
      // The pages the account mails link to (their paths are the links' paths).
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
