import { useQuery } from '@tanstack/react-query';
import { api, type Schema, unwrap } from '../../api/client.js';

export type Settings = Schema<'UserSettingsDto'>;
export type GroupMute = Schema<'GroupMuteDto'>;

export const SETTINGS = ['me', 'settings'] as const;
export const GROUP_MUTES = ['me', 'group-mutes'] as const;

/** GET /me/settings: digest frequency, time zone, language. */
export function useSettings(enabled = true) {
  return useQuery({ queryKey: SETTINGS, enabled, queryFn: () => unwrap(api.GET('/api/v1/me/settings')) });
}

/** GET /me/group-mutes: my groups, each with whether I muted it. */
export function useGroupMutes() {
  return useQuery({ queryKey: GROUP_MUTES, queryFn: () => unwrap(api.GET('/api/v1/me/group-mutes')) });
}

/** The reader's time zone for dates and times (their setting; the browser's until it is known). */
export function useTimeZone(enabled: boolean): string | undefined {
  return useSettings(enabled).data?.timezone;
}
