import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client.js';
import { AppLink } from '../components/AppLink.js';
import { Heading, Paragraph } from '../components/nl-design-system.js';
import { QueryErrorAlert } from '../components/QueryErrorAlert.js';
import { usePageTitle } from '../components/usePageTitle.js';
import { isAccountDeletedState } from '../features/account/notices.js';
import { DateTime } from '../features/groups/DateTime.js';
import { SearchForm } from '../features/search/SearchForm.js';
import { searchPath } from '../features/search/search-params.js';
import './home.css';

/** Home: the search box, the congresses of the kennisbank (each a filtered search) and the recently active workspaces. */
export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const navigate = useNavigate();
  const accountDeleted = isAccountDeletedState(useLocation().state);
  return (
    <>
      <Heading level={1}>{t('home.heading')}</Heading>
      {accountDeleted && <Paragraph role="status">{t('account.deleted')}</Paragraph>}
      <Paragraph purpose="lead">{t('home.intro')}</Paragraph>
      <SearchForm query="" onSearch={(q) => void navigate(searchPath({ q }))} />
      <Congresses />
      <ActiveWorkspaces />
    </>
  );
}

function Congresses() {
  const { t } = useTranslation();
  const congresses = useQuery({
    queryKey: ['congresses'],
    queryFn: () => unwrap(api.GET('/api/v1/congresses', { params: { query: { limit: 100 } } })),
  });
  return (
    <section aria-labelledby="home-congresses" className="home-section">
      <Heading level={2} id="home-congresses">
        {t('home.congresses')}
      </Heading>
      {congresses.isPending && <Paragraph role="status">{t('home.loading')}</Paragraph>}
      <QueryErrorAlert error={congresses.error} />
      {congresses.data &&
        (congresses.data.items.length === 0 ? (
          <Paragraph>{t('home.noCongresses')}</Paragraph>
        ) : (
          <ul className="home-list">
            {congresses.data.items.map((congress) => (
              <li key={congress.slug}>
                <AppLink to={searchPath({ congress: [congress.slug] })}>{congress.name}</AppLink>{' '}
                <span className="home-meta">
                  ({congress.year}, {t('home.contributionCount', { count: congress.contributionCount })})
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** The groups where something happened last; left out when there are none (or the server cannot tell). */
function ActiveWorkspaces() {
  const { t } = useTranslation();
  const groups = useQuery({
    queryKey: ['groups', 'active'],
    queryFn: () => unwrap(api.GET('/api/v1/groups', { params: { query: { sort: 'active', limit: 6 } } })),
    retry: false,
  });
  if (!groups.data || groups.data.items.length === 0) return null;
  return (
    <section aria-labelledby="home-active" className="home-section">
      <Heading level={2} id="home-active">
        {t('home.activeWorkspaces')}
      </Heading>
      <ul className="home-list">
        {groups.data.items.map((group) => (
          <li key={group.id}>
            <AppLink to={group.contributionId ? `/contributions/${group.contributionId}` : `/groups/${group.id}`}>{group.name}</AppLink>{' '}
            <span className="home-meta">
              ({t('groups.memberCount', { count: group.memberCount })}, {t('home.lastActivity')} <DateTime value={group.lastActivityAt} />)
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
