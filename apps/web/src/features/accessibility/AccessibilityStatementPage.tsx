import { Trans, useTranslation } from 'react-i18next';
import { Heading, NlLink, Paragraph } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import './accessibility.css';

const CONTACT = 'toegankelijkheid@kennisplein.nl';
/** The statement's date and its last check (ISO), shown in the reader's language. */
const STATEMENT_DATE = '2026-12-02';
const LAST_CHECKED = '2026-12-02';

const TESTED = ['axe', 'keyboard', 'liveRegions', 'reflow', 'contrast', 'focus', 'authentication', 'language'] as const;
const GAPS = ['audit', 'needsReview', 'documents', 'userContent', 'externalLogin', 'mails', 'screenReaders'] as const;

/**
 * /toegankelijkheid: the toegankelijkheidsverklaring in the model of digitoegankelijk.nl
 * (organisation and website, the standard, status, how it was tested, the known gaps,
 * contact). Static: what it says changes with a release, so it lives in the catalogues.
 */
export function Component() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('accessibility.title'));
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  return (
    <article className="statement" aria-labelledby="statement-title">
      <Heading level={1} id="statement-title">
        {t('accessibility.title')}
      </Heading>
      <Paragraph>{t('accessibility.intro')}</Paragraph>

      <section aria-labelledby="statement-scope">
        <Heading level={2} id="statement-scope">
          {t('accessibility.scope.title')}
        </Heading>
        <dl className="statement-facts">
          <dt>{t('accessibility.scope.organisation')}</dt>
          <dd>{t('accessibility.scope.organisationName')}</dd>
          <dt>{t('accessibility.scope.website')}</dt>
          <dd>{t('accessibility.scope.websiteName', { origin: window.location.origin })}</dd>
          <dt>{t('accessibility.scope.statementDate')}</dt>
          <dd>
            <time dateTime={STATEMENT_DATE}>{date(STATEMENT_DATE)}</time>
          </dd>
          <dt>{t('accessibility.scope.lastChecked')}</dt>
          <dd>
            <time dateTime={LAST_CHECKED}>{date(LAST_CHECKED)}</time>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="statement-standard">
        <Heading level={2} id="statement-standard">
          {t('accessibility.standard.title')}
        </Heading>
        <Paragraph>{t('accessibility.standard.text')}</Paragraph>
      </section>

      <section aria-labelledby="statement-status">
        <Heading level={2} id="statement-status">
          {t('accessibility.status.title')}
        </Heading>
        <Paragraph>
          <strong>{t('accessibility.status.label')}</strong>
        </Paragraph>
        <Paragraph>{t('accessibility.status.text')}</Paragraph>
      </section>

      <section aria-labelledby="statement-tested">
        <Heading level={2} id="statement-tested">
          {t('accessibility.tested.title')}
        </Heading>
        <Paragraph>{t('accessibility.tested.intro')}</Paragraph>
        <ul className="statement-list">
          {TESTED.map((key) => (
            <li key={key}>{t(`accessibility.tested.${key}`)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="statement-gaps">
        <Heading level={2} id="statement-gaps">
          {t('accessibility.gaps.title')}
        </Heading>
        <Paragraph>{t('accessibility.gaps.intro')}</Paragraph>
        <ul className="statement-list">
          {GAPS.map((key) => (
            <li key={key}>{t(`accessibility.gaps.${key}`)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="statement-contact">
        <Heading level={2} id="statement-contact">
          {t('accessibility.contact.title')}
        </Heading>
        <Paragraph>
          <Trans i18nKey="accessibility.contact.text" values={{ email: CONTACT }} components={{ mail: <NlLink href={`mailto:${CONTACT}`} /> }} />
        </Paragraph>
        <Paragraph>{t('accessibility.contact.response')}</Paragraph>
        <Paragraph>
          <Trans i18nKey="accessibility.contact.escalation" components={{ ombudsman: <NlLink href="https://www.nationaleombudsman.nl" /> }} />
        </Paragraph>
      </section>
    </article>
  );
}
