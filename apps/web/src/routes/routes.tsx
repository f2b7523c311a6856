import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { Layout } from '../components/Layout.js';
import { loadAreas } from '../i18n/index.js';
import { ForgotPasswordPage } from '../features/account/ForgotPasswordPage.js';
import { LoginPage } from '../features/account/LoginPage.js';
import { RegisterPage } from '../features/account/RegisterPage.js';
import { ResetPasswordPage } from '../features/account/ResetPasswordPage.js';
import { VerifyEmailPage } from '../features/account/VerifyEmailPage.js';
import { HomePage } from './HomePage.js';
import { NotFoundPage } from './NotFoundPage.js';

/**
 * A page loaded on demand (code-split per route): its module exports `Component`, and the
 * catalogue areas only its pages use (i18n LAZY_AREAS) come with it. While it
 * loads, the header and footer stay and the page's place says so.
 */
function page(load: () => Promise<{ Component: ComponentType }>, areas: string[] = []): ComponentType {
  const Page = lazy(() => Promise.all([load(), loadAreas(areas)]).then(([module]) => ({ default: module.Component })));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  };
}

const SearchPage = page(() => import('../features/search/SearchPage.js'));
const ContributionPage = page(() => import('../features/contribution/ContributionPage.js'));
const ThreadPage = page(() => import('../features/discussion/ThreadPage.js'));
const GroupPage = page(() => import('../features/groups/GroupPage.js'), ['files', 'blogs', 'groupAdmin']);
const InvitePage = page(() => import('../features/groups/InvitePage.js'));
const NotificationsPage = page(() => import('../features/notifications/NotificationsPage.js'));
const UnsubscribePage = page(() => import('../features/notifications/UnsubscribePage.js'));
const SettingsPage = page(() => import('../features/settings/SettingsPage.js'));
const SitesPage = page(() => import('../features/sites/SitesPage.js'), ['sites']);
const NewSitePage = page(() => import('../features/sites/NewSitePage.js'), ['sites']);
const SitePage = page(() => import('../features/sites/SitePage.js'), ['sites']);
const SiteSettingsPage = page(() => import('../features/sites/SiteSettingsPage.js'), ['sites']);
const NewGroupPage = page(() => import('../features/groups/NewGroupPage.js'), ['newGroup']);
const GroupSettingsPage = page(() => import('../features/groups/GroupSettingsPage.js'), ['groupAdmin']);
const ProfilePage = page(() => import('../features/profile/ProfilePage.js'), ['profile']);
const AccountPage = page(() => import('../features/account/AccountPage.js'));
const GroupBlogsPage = page(() => import('../features/blogs/GroupBlogsPage.js'), ['blogs']);
const BlogPage = page(() => import('../features/blogs/BlogPage.js'), ['blogs']);
const BlogEditorPage = page(() => import('../features/blogs/BlogEditorPage.js'), ['blogs']);
const FilesPage = page(() => import('../features/files/FilesPage.js'), ['files']);
const FilePage = page(() => import('../features/files/FilePage.js'), ['files']);
const AdminCongressesPage = page(() => import('../features/admin/CongressesPage.js'), ['admin']);
const AdminImportPage = page(() => import('../features/admin/ImportPage.js'), ['admin']);
const AdminDigestsPage = page(() => import('../features/admin/DigestsPage.js'), ['admin']);
const AccessibilityStatementPage = page(() => import('../features/accessibility/AccessibilityStatementPage.js'), ['accessibility']);

function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('app.loading')}</p>;
}

/**
 * Every page's URL. The paths are the ones the server's mails and notifications link to
 * (activity snapshots' `link`, invitation and account mails), so every link lands here.
 * Declarative routes rather than the data router: the same URLs and hooks for 18 KB (gzip)
 * less JS on every first load, which keeps a contribution page within its 150 KB budget.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="contributions/:id" element={<ContributionPage />} />
        <Route path="threads/:id" element={<ThreadPage />} />
        <Route path="groups/new" element={<NewGroupPage />} />
        <Route path="groups/:id" element={<GroupPage />} />
        <Route path="groups/:id/requests" element={<GroupPage />} />
        <Route path="invites/:token" element={<InvitePage />} />
        <Route path="groups/:id/blogs" element={<GroupBlogsPage />} />
        <Route path="groups/:id/blogs/new" element={<BlogEditorPage />} />
        <Route path="s/:slug/news/new" element={<BlogEditorPage />} />
        <Route path="blogs/:id" element={<BlogPage />} />
        <Route path="blogs/:id/edit" element={<BlogEditorPage />} />
        <Route path="groups/:id/files" element={<FilesPage />} />
        <Route path="groups/:gid/files/:fid" element={<FilePage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="digests/unsubscribe" element={<UnsubscribePage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="s" element={<SitesPage />} />
        <Route path="s/new" element={<NewSitePage />} />
        <Route path="s/:slug" element={<SitePage />} />
        <Route path="s/:slug/settings" element={<SiteSettingsPage />} />
        <Route path="groups/:id/settings" element={<GroupSettingsPage />} />
        <Route path="u/:id" element={<ProfilePage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="admin" element={<AdminCongressesPage />} />
        <Route path="admin/import" element={<AdminImportPage />} />
        <Route path="admin/digests" element={<AdminDigestsPage />} />
        <Route path="toegankelijkheid" element={<AccessibilityStatementPage />} />
        {/* The pages the account mails link to (their paths are the links' paths). */}
        <Route path="login" element={<LoginPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
