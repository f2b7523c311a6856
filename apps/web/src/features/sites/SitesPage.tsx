import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink.js';
import { Heading, Paragraph } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { ListSection } from '../groups/ListSection.js';
import { useSites } from './site-queries.js';
import '../groups/groups.css';
import './sites.css';

/** /s: the deelsites the reader may see; logged-in readers may open one. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('sites.title'));
  const { user } = useSession();
  const sites = useSites();
  return (
    <>
      <Heading level={1}>{t('sites.title')}</Heading>
      <Paragraph>{t('sites.intro')}</Paragraph>
      {user && (
        <Paragraph>
          <AppLink to="/s/new">{t('sites.open')}</AppLink>
        </Paragraph>
      )}
      <ListSection id="sites-list" heading={t('sites.all')} list={sites} empty={t('sites.none')}>
        {(site) => (
          <li key={site.id}>
            <AppLink to={`/s/${site.slug}`}>{site.name}</AppLink>
            <p className="site-meta">
              {[site.organization, t('sites.memberCount', { count: site.memberCount }), site.myRole && t(`sites.roles.${site.myRole}`)]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </li>
        )}
      </ListSection>
    </>
  );
}
