import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Heading, Paragraph } from '../../components/nl-design-system.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';

/**
 * The administration is for platform admins: others (who never see its menu link) are told
 * they have no access here; the server refuses them anyway (403).
 */
export function RequireAdmin({ children }: { children: ReactNode }) {
  return (
    <RequireLogin>
      <AdminOnly>{children}</AdminOnly>
    </RequireLogin>
  );
}

function AdminOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.user?.isAdmin) return children;
  return <NoAccess />;
}

function NoAccess() {
  const { t } = useTranslation();
  usePageTitle(t('admin.noAccessTitle'));
  return (
    <>
      <Heading level={1}>{t('admin.noAccessTitle')}</Heading>
      <Paragraph role="alert">{t('admin.noAccess')}</Paragraph>
    </>
  );
}
