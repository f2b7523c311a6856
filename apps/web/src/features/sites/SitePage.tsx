import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { ListSection } from '../groups/ListSection.js';
import { SiteLogo } from './SiteLogo.js';
import { type Site, siteKey, useSite, useSiteGroups, useSiteMembers, useSiteNews } from './site-queries.js';
import { SiteTheme } from './SiteTheme.js';
import '../groups/groups.css';
import './sites.css';

/** /s/:slug: a deelsite's home in its own look: its groups, its news, its people. */
export function Component() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const site = useSite(slug);
  usePageTitle(site.data?.name ?? t('sites.site'));
  if (site.isPending) {
    return (
      <>
        <Heading level={1}>{t('sites.site')}</Heading>
        <Paragraph role="status">{t('app.loading')}</Paragraph>
      </>
    );
  }
  if (site.isError) {
    const hidden = site.error instanceof ApiError && site.error.statusCode === 404;
    return (
      <>
        <Heading level={1}>{t('sites.site')}</Heading>
        {hidden ? <Paragraph role="alert">{t('sites.notFound')}</Paragraph> : <QueryErrorAlert error={site.error} />}
      </>
    );
  }
  return <SiteHome site={site.data} />;
}

/** The band at the top of every page of a deelsite: its logo, name and organisation on its primary colour. */
export function SiteBand({ site, title }: { site: Site; title?: string }) {
  const { t } = useTranslation();
  return (
    <div className="site-band" data-testid="site-band">
      <SiteLogo site={site} alt={site.logoAlt ?? t('sites.logoOf', { name: site.name })} />
      <div>
        <Heading level={1}>{title ?? site.name}</Heading>
        <p>{title ? site.name : site.organization}</p>
      </div>
    </div>
  );
}

function SiteHome({ site }: { site: Site }) {
  const { t } = useTranslation();
  const groups = useSiteGroups(site.slug);
  const news = useSiteNews(site.slug);
  const members = useSiteMembers(site.slug);
  const isAdmin = site.myRole === 'admin';
  const isMember = site.myRole !== null;

  return (
    <SiteTheme primary={site.primaryColor} accent={site.accentColor}>
      <SiteBand site={site} />
      {site.description && <Paragraph>{site.description}</Paragraph>}
      <JoinPanel site={site} />
      {isAdmin && (
        <Paragraph>
          <AppLink to={`/s/${site.slug}/settings`}>{t('sites.settingsLink')}</AppLink>
        </Paragraph>
      )}

      <ListSection
        id="site-news"
        heading={t('sites.news')}
        list={news}
        empty={t('sites.noNews')}
        before={
          isAdmin && (
            <Paragraph>
              <AppLink to={`/s/${site.slug}/news/new`}>{t('sites.writeNews')}</AppLink>
            </Paragraph>
          )
        }
      >
        {(blog) => (
          <li key={blog.id} className="site-highlight">
            <AppLink to={`/blogs/${blog.id}`}>{blog.title}</AppLink>
          </li>
        )}
      </ListSection>

      <ListSection
        id="site-groups"
        heading={t('sites.groups')}
        list={groups}
        empty={t('sites.noGroups')}
        before={
          (isMember || isAdmin) && (
            <Paragraph>
              <AppLink to={`/groups/new?site=${encodeURIComponent(site.slug)}`}>{t('sites.createGroup')}</AppLink>
            </Paragraph>
          )
        }
      >
        {(group) => (
          <li key={group.id}>
            <AppLink to={`/groups/${group.id}`}>{group.name}</AppLink>
            <p className="site-meta">{t('sites.memberCount', { count: group.memberCount })}</p>
          </li>
        )}
      </ListSection>

      <ListSection id="site-members" heading={t('sites.members')} list={members}>
        {(member) => (
          <li key={member.user.id}>
            {member.user.displayName}
            <p className="site-meta">{t(`sites.roles.${member.role}`)}</p>
          </li>
        )}
      </ListSection>
    </SiteTheme>
  );
}

function JoinPanel({ site }: { site: Site }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const join = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/sites/{slug}/join', { params: { path: { slug: site.slug } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: siteKey(site.slug) }),
  });
  if (!user) return null;
  if (site.myRole) return <Paragraph>{t(site.myRole === 'admin' ? 'sites.youAdmin' : 'sites.youMember')}</Paragraph>;
  if (site.membership !== 'open') return <Paragraph>{t('sites.joinThroughAdmins')}</Paragraph>;
  return (
    <>
      <Paragraph>
        <Button purpose="primary" busy={join.isPending} onClick={() => !join.isPending && join.mutate()}>
          {t('sites.join')}
        </Button>
      </Paragraph>
      <QueryErrorAlert error={join.error} />
    </>
  );
}
