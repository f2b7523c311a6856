import './settings.css';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { CheckboxField, Fieldset, SelectField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { LANGUAGES } from '../../i18n/index.js';
import { GROUP_MUTES, type GroupMute, SETTINGS, type Settings, useGroupMutes, useSettings } from './settings-api.js';

const FREQUENCIES = ['weekly', 'daily', 'never'] as const;

/** /settings: digest frequency, time zone, language and muted groups; one save. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('settings.title'));
  return (
    <RequireLogin>
      <Heading level={1}>{t('settings.heading')}</Heading>
      <Paragraph>
        <AppLink to="/account">{t('account.link')}</AppLink>
      </Paragraph>
      <SettingsLoader />
    </RequireLogin>
  );
}

function SettingsLoader() {
  const { t } = useTranslation();
  const settings = useSettings();
  const groups = useGroupMutes();
  const error = [settings.error, groups.error].find((caught) => caught instanceof ApiError) ?? null;
  if (error) return <ErrorAlert error={error} />;
  if (!settings.data || !groups.data) return <p role="status">{t('app.loading')}</p>;
  return <SettingsForm initial={settings.data} groups={groups.data} />;
}

/** The IANA time zones this browser knows, by region (Europe/Amsterdam under Europe), with the reader's own among them. */
function timeZonesByRegion(current: string): [string, string[]][] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add(current);
  const regions = new Map<string, string[]>();
  for (const zone of [...zones].sort()) {
    const region = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : zone;
    regions.set(region, [...(regions.get(region) ?? []), zone]);
  }
  return [...regions.entries()];
}

function SettingsForm({ initial, groups }: { initial: Settings; groups: GroupMute[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [digestFrequency, setDigestFrequency] = useState(initial.digestFrequency);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [locale, setLocale] = useState(initial.locale);
  const [muted, setMuted] = useState(() => new Set(groups.filter((group) => group.muted).map((group) => group.id)));
  const zones = useMemo(() => timeZonesByRegion(initial.timezone), [initial.timezone]);

  const save = useMutation({
    mutationFn: async () => {
      const saved = await unwrap(api.PATCH('/api/v1/me/settings', { body: { digestFrequency, timezone, locale } }));
      for (const group of groups) {
        const mute = muted.has(group.id);
        if (mute === group.muted) continue;
        const params = { params: { path: { id: group.id } } };
        await unwrap(mute ? api.PUT('/api/v1/groups/{id}/mute', params) : api.DELETE('/api/v1/groups/{id}/mute', params));
      }
      return saved;
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(SETTINGS, saved);
      if (saved.locale !== i18n.language) await i18n.changeLanguage(saved.locale);
    },
    // Also after a failure: some mutes may have been saved.
    onSettled: () => queryClient.invalidateQueries({ queryKey: GROUP_MUTES }),
  });

  /** Every change makes the last "saved" stale. */
  const toggleMute = (groupId: string, mute: boolean) => {
    save.reset();
    setMuted((before) => {
      const next = new Set(before);
      if (mute) next.add(groupId);
      else next.delete(groupId);
      return next;
    });
  };
  const { submit, changed } = formHandlers(save);

  return (
    <form onSubmit={submit} noValidate className="settings-form">
      <SelectField
        label={t('settings.digest')}
        description={t('settings.digestDescription')}
        value={digestFrequency}
        onChange={(event) => changed(setDigestFrequency)(event.target.value as Settings['digestFrequency'])}
      >
        {FREQUENCIES.map((frequency) => (
          <option key={frequency} value={frequency}>
            {t(`settings.frequency.${frequency}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('settings.timezone')}
        description={t('settings.timezoneDescription')}
        value={timezone}
        onChange={(event) => changed(setTimezone)(event.target.value)}
      >
        {zones.map(([region, names]) => (
          <optgroup key={region} label={region}>
            {names.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, ' ')}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <SelectField
        label={t('settings.language')}
        description={t('settings.languageDescription')}
        value={locale}
        onChange={(event) => changed(setLocale)(event.target.value as Settings['locale'])}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`settings.languages.${language}`)}
          </option>
        ))}
      </SelectField>
      <Fieldset legend={t('settings.groups')}>
        <Paragraph>{t('settings.groupsIntro')}</Paragraph>
        {groups.length === 0 ? (
          <Paragraph>{t('settings.noGroups')}</Paragraph>
        ) : (
          groups.map((group) => (
            <CheckboxField
              key={group.id}
              label={group.name}
              checked={muted.has(group.id)}
              onChange={(event) => toggleMute(group.id, event.target.checked)}
            />
          ))
        )}
      </Fieldset>
      <ErrorAlert error={save.error instanceof ApiError ? save.error : null} />
      <div role="status">{save.isSuccess && <Paragraph>{t('settings.saved')}</Paragraph>}</div>
      <Button type="submit" purpose="primary" busy={save.isPending}>
        {save.isPending ? t('settings.saving') : t('settings.save')}
      </Button>
    </form>
  );
}
