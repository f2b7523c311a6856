import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { Paragraph } from '../../components/nl-design-system.js';
import { RequestDecisions } from '../groups/RequestDecisions.js';
import { type Site, siteKey, useSiteRequests } from './site-queries.js';
import '../groups/groups.css';

const SECTION = 'site-requests';

/**
 * For a site admin: who accepted an invitation to a group of this closed deelsite from
 * someone who does not administer it, and waits to be let in. Admitting makes them a site
 * member and a member of that group; rejecting grants nothing.
 */
export function SiteRequests({ site }: { site: Site }) {
  const { t } = useTranslation();
  const list = useSiteRequests(site.slug);
  const { hash } = useLocation();
  const loaded = !list.isPending;
  // A site admin's notification of a request links here (#site-requests): once the list is
  // in, the focus goes to its heading, so the page opens at the people waiting.
  useEffect(() => {
    if (hash === `#${SECTION}` && loaded) document.getElementById(SECTION)?.focus();
  }, [hash, loaded]);
  return (
    <RequestDecisions
      id={SECTION}
      heading={t('sites.requests.heading')}
      list={list}
      empty={t('sites.requests.none')}
      intro={<Paragraph>{t('sites.requests.intro')}</Paragraph>}
      decide={async (userId, approve) => {
        const path = { params: { path: { slug: site.slug, userId } } };
        if (approve) await unwrap(api.POST('/api/v1/sites/{slug}/requests/{userId}/approve', path));
        else await unwrap(api.POST('/api/v1/sites/{slug}/requests/{userId}/reject', path));
      }}
      outcome={(name, approve) => t(approve ? 'sites.requests.approved' : 'sites.requests.rejected', { name })}
      refresh={siteKey(site.slug)}
      meta={(request) =>
        `${
          request.invitedBy
            ? t('sites.requests.via', { group: request.group.name, inviter: request.invitedBy.displayName })
            : t('sites.requests.viaSomeone', { group: request.group.name })
        } · `
      }
    />
  );
}
