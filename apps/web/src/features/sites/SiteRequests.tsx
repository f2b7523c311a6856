import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Paragraph } from '../../components/nl-design-system.js';
import { RequestDecisions } from '../groups/RequestDecisions.js';
import { type Site, siteKey, useSiteRequests } from './site-queries.js';
import '../groups/groups.css';

/**
 * For a site admin: who accepted an invitation to a group of this closed deelsite from
 * someone who does not administer it, and waits to be let in. Admitting makes them a site
 * member and a member of that group; rejecting grants nothing.
 */
export function SiteRequests({ site }: { site: Site }) {
  const { t } = useTranslation();
  return (
    <RequestDecisions
      id="site-requests"
      heading={t('sites.requests.heading')}
      list={useSiteRequests(site.slug)}
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
