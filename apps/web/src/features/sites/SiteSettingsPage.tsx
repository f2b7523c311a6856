import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { uploadForm } from '../../api/upload.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Fieldset, TextAreaField, TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { contrastRatio, isHexColour, MIN_TEXT_CONTRAST, PAIRED_TEXT, roundDown } from './contrast.js';
import { type Site, siteKey, SITES, useSite } from './site-queries.js';
import { SiteBand } from './SitePage.js';
import { SiteRequests } from './SiteRequests.js';
import { SiteTheme } from './SiteTheme.js';
import './sites.css';

const DEFAULT_PRIMARY = '#01689b';
const DEFAULT_ACCENT = '#eef6fb';
const LOGO_MAX_BYTES = 1024 * 1024;

/** /s/:slug/settings: a site admin's name, description, colours (with their contrast, live), logo, and who waits to be let in. */
export function Component() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const site = useSite(slug);
  usePageTitle(site.data ? `${t('sites.settings.title')} · ${site.data.name}` : t('sites.settings.title'));
  return (
    <RequireLogin>
      {site.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {site.isError && (
        <>
          <Heading level={1}>{t('sites.settings.title')}</Heading>
          <QueryErrorAlert error={site.error} />
        </>
      )}
      {site.data && site.data.myRole !== 'admin' && (
        <>
          <Heading level={1}>{t('sites.settings.title')}</Heading>
          <Paragraph role="alert">{t('sites.settings.adminsOnly')}</Paragraph>
        </>
      )}
      {site.data?.myRole === 'admin' && <SiteSettings site={site.data} />}
    </RequireLogin>
  );
}

function SiteSettings({ site }: { site: Site }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(site.name);
  const [description, setDescription] = useState(site.description ?? '');
  const [primary, setPrimary] = useState(site.primaryColor ?? DEFAULT_PRIMARY);
  const [accent, setAccent] = useState(site.accentColor ?? DEFAULT_ACCENT);
  const [logoAlt, setLogoAlt] = useState(site.logoAlt ?? '');
  // The preview never shows an unreadable pair (it would be unreadable here too): a failing colour keeps the platform's.
  const readable = (colour: keyof typeof PAIRED_TEXT, value: string) =>
    isHexColour(value) && contrastRatio(value, PAIRED_TEXT[colour]) >= MIN_TEXT_CONTRAST ? value.toLowerCase() : null;
  const previewPrimary = readable('primaryColor', primary);
  const previewAccent = readable('accentColor', accent);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/sites/{slug}', {
          params: { path: { slug: site.slug } },
          body: { name, description: description || null, primaryColor: primary.toLowerCase(), accentColor: accent.toLowerCase(), logoAlt: logoAlt || null },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(siteKey(site.slug), saved);
      void queryClient.invalidateQueries({ queryKey: SITES });
    },
  });
  const { submit, changed } = formHandlers(save);

  return (
    <SiteTheme primary={site.primaryColor} accent={site.accentColor}>
      <SiteBand site={site} title={t('sites.settings.title')} />
      <Paragraph>
        <AppLink to={`/s/${site.slug}`}>{t('sites.settings.back')}</AppLink>
      </Paragraph>
      <form onSubmit={submit} noValidate className="site-form">
        <TextField label={t('sites.new.name')} value={name} required maxLength={200} onChange={(event) => changed(setName)(event.target.value)} />
        <TextAreaField
          label={t('sites.settings.description')}
          value={description}
          maxLength={2000}
          rows={4}
          onChange={(event) => changed(setDescription)(event.target.value)}
        />
        <Fieldset legend={t('sites.settings.colours')}>
          <Paragraph>{t('sites.settings.coloursIntro')}</Paragraph>
          <ColourField
            label={t('sites.settings.primary')}
            description={t('sites.settings.primaryDescription')}
            value={primary}
            onChange={changed(setPrimary)}
          />
          <ColourField
            label={t('sites.settings.accent')}
            description={t('sites.settings.accentDescription')}
            value={accent}
            onChange={changed(setAccent)}
          />
          <ContrastStatus primary={primary} accent={accent} />
        </Fieldset>
        <section aria-labelledby="site-preview" className="site-section">
          <Heading level={2} id="site-preview">
            {t('sites.settings.preview')}
          </Heading>
          {(!previewPrimary || !previewAccent) && <Paragraph>{t('sites.settings.previewUnreadable')}</Paragraph>}
          <div className="site-preview">
            <SiteTheme primary={previewPrimary} accent={previewAccent}>
              <div className="site-band">
                <p>{name}</p>
              </div>
              <p className="site-highlight">{t('sites.settings.previewHighlight')}</p>
              <Paragraph>
                {/* Looks like a link, leads nowhere: a preview. */}
                <span className="site-preview-link">{t('sites.settings.previewLink')}</span>
              </Paragraph>
            </SiteTheme>
          </div>
        </section>
        <TextField
          label={t('sites.settings.logoAlt')}
          description={t('sites.settings.logoAltDescription')}
          value={logoAlt}
          maxLength={300}
          onChange={(event) => changed(setLogoAlt)(event.target.value)}
        />
        <ErrorAlert error={save.error instanceof ApiError ? save.error : null} />
        {!(save.error instanceof ApiError) && <QueryErrorAlert error={save.error} />}
        <p role="status" className="site-meta">
          {save.isSuccess ? t('sites.settings.saved') : ''}
        </p>
        <Paragraph>
          <Button type="submit" purpose="primary" busy={save.isPending}>
            {t('sites.settings.save')}
          </Button>
        </Paragraph>
      </form>
      <LogoUpload site={site} />
      <SiteRequests site={site} />
    </SiteTheme>
  );
}

/** A native colour picker and a labelled hex field, kept in step. */
function ColourField({ label, description, value, onChange }: { label: string; description: string; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const pickerId = useId();
  // The hex field may hold a half-typed colour; the picker sets both.
  const [text, setText] = useState(value);
  return (
    <div className="colour-field">
      <div>
        <label className="utrecht-form-label" htmlFor={pickerId}>
          {t('sites.settings.picker', { label })}
        </label>
        <div>
          <input id={pickerId} type="color" value={isHexColour(value) ? value.toLowerCase() : '#000000'} onChange={(event) => {
              setText(event.target.value);
              onChange(event.target.value);
            }}
          />
        </div>
      </div>
      <TextField
        label={label}
        description={description}
        value={text}
        maxLength={7}
        spellCheck={false}
        autoComplete="off"
        error={isHexColour(text) ? null : t('sites.settings.hexFormat')}
        onChange={(event) => {
          setText(event.target.value);
          onChange(event.target.value.trim());
        }}
      />
    </div>
  );
}

/** Each colour's contrast with its text, announced politely once the choosing pauses. */
function ContrastStatus({ primary, accent }: { primary: string; accent: string }) {
  const { t } = useTranslation();
  const lines = (
    [
      ['primaryColor', primary],
      ['accentColor', accent],
    ] as const
  ).map(([colour, value]) => {
    if (!isHexColour(value)) return { colour, text: t('sites.settings.hexFormat'), pass: false };
    const ratio = contrastRatio(value, PAIRED_TEXT[colour]);
    const pass = ratio >= MIN_TEXT_CONTRAST;
    return {
      colour,
      pass,
      text: t(pass ? 'sites.settings.contrastPass' : 'sites.settings.contrastFail', {
        pair: t(`sites.settings.pair.${colour}`),
        ratio: roundDown(ratio).toLocaleString(t('sites.settings.locale')),
      }),
    };
  });
  const summary = lines.map((line) => line.text).join(' ');
  const [announced, setAnnounced] = useState(summary);
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(summary), 600);
    return () => clearTimeout(timer);
  }, [summary]);
  return (
    <>
      <ul className="site-list" aria-hidden="true">
        {lines.map((line) => (
          <li key={line.colour} className={line.pass ? 'contrast-pass' : 'contrast-fail'}>
            {line.pass ? '✓ ' : '✗ '}
            {line.text}
          </li>
        ))}
      </ul>
      <p role="status" className="visually-hidden">
        {announced}
      </p>
    </>
  );
}

function LogoUpload({ site }: { site: Site }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const upload = useMutation({
    mutationFn: (chosen: File) => {
      const form = new FormData();
      form.append('file', chosen);
      return uploadForm<{ logoUrl: string }>(`/sites/${encodeURIComponent(site.slug)}/logo`, form, { method: 'PUT' });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: siteKey(site.slug) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file && !tooLarge && !upload.isPending) upload.mutate(file);
  };
  return (
    <section aria-labelledby="site-logo" className="site-section">
      <Heading level={2} id="site-logo">
        {t('sites.settings.logo')}
      </Heading>
      <form onSubmit={submit} noValidate className="site-form">
        <TextField
          label={t('sites.settings.logoFile')}
          description={t('sites.settings.logoFileDescription')}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/svg+xml"
          error={tooLarge ? t('sites.settings.logoTooLarge') : null}
          onChange={(event) => {
            const chosen = event.target.files?.[0] ?? null;
            upload.reset();
            setFile(chosen);
            setTooLarge(chosen !== null && chosen.size > LOGO_MAX_BYTES);
          }}
        />
        <QueryErrorAlert error={upload.error} />
        <p role="status" className="site-meta">
          {upload.isSuccess ? t('sites.settings.logoSaved') : ''}
        </p>
        <Paragraph>
          <Button type="submit" purpose="secondary" busy={upload.isPending} disabled={!file || tooLarge}>
            {t('sites.settings.logoUpload')}
          </Button>
        </Paragraph>
      </form>
    </section>
  );
}
