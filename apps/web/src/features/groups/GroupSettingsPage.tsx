import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { SelectField, TextAreaField, TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { useSession } from '../account/session.js';
import { DateTime } from './DateTime.js';
import { JoinRequests } from './GroupLists.js';
import { fetchGroup, type Group, groupKey, useMembers } from './group-queries.js';
import { ListSection } from './ListSection.js';
import './groups.css';

const VISIBILITIES = ['public', 'site', 'members'] as const;
const MEMBERSHIPS = ['open', 'request', 'invite'] as const;
const ROLES = ['owner', 'admin', 'member'] as const;
type Role = (typeof ROLES)[number];

const removeButtonId = (userId: string) => `remove-member-${userId}`;

const isManager = (group: Group) => group.myRole === 'owner' || group.myRole === 'admin';

/**
 * /groups/:id/settings, for the group's owners and admins: its settings, its members with
 * their roles (change, remove after a confirmation), invitations by email and the requests
 * to join. Every refusal is the server's coded error.
 */
export function Component() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const group = useQuery({ queryKey: groupKey(id), queryFn: () => fetchGroup(id) });
  usePageTitle(group.data ? t('groupAdmin.title', { name: group.data.name }) : t('groupAdmin.heading'));
  return (
    <RequireLogin>
      <div className="group-page">
        <Heading level={1}>{group.data ? t('groupAdmin.title', { name: group.data.name }) : t('groupAdmin.heading')}</Heading>
        {group.isPending && <Paragraph role="status">{t('groups.loading')}</Paragraph>}
        {group.isError &&
          (group.error instanceof ApiError && group.error.statusCode === 404 ? (
            <Paragraph role="alert">{t('groups.notFound')}</Paragraph>
          ) : (
            <QueryErrorAlert error={group.error} />
          ))}
        {group.data && <GroupAdmin group={group.data} />}
      </div>
    </RequireLogin>
  );
}

function GroupAdmin({ group }: { group: Group }) {
  const { t } = useTranslation();
  const back = (
    <Paragraph>
      <AppLink to={`/groups/${group.id}`}>{t('groups.backToGroup')}</AppLink>
    </Paragraph>
  );
  if (!isManager(group)) {
    return (
      <>
        <Paragraph>{t('groupAdmin.managersOnly')}</Paragraph>
        {back}
      </>
    );
  }
  return (
    <>
      {back}
      <SettingsForm group={group} />
      <MemberAdmin group={group} />
      <InviteForm group={group} />
      <JoinRequests group={group} />
    </>
  );
}

function SettingsForm({ group }: { group: Group }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [visibility, setVisibility] = useState(group.visibility);
  const [membership, setMembership] = useState(group.membership);
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/v1/groups/{id}', { params: { path: { id: group.id } }, body: { name, description, visibility, membership } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(groupKey(group.id), saved);
      return queryClient.invalidateQueries({ queryKey: groupKey(group.id) });
    },
  });
  const { submit, changed } = formHandlers(save);
  return (
    <section aria-labelledby="group-settings" className="group-section">
      <Heading level={2} id="group-settings">
        {t('groupAdmin.settings')}
      </Heading>
      <form onSubmit={submit} noValidate className="group-form">
        <TextField label={t('groupAdmin.name')} value={name} required maxLength={200} onChange={(event) => changed(setName)(event.target.value)} />
        <TextAreaField
          label={t('groupAdmin.description')}
          value={description}
          rows={4}
          maxLength={5000}
          onChange={(event) => changed(setDescription)(event.target.value)}
        />
        <SelectField
          label={t('groupAdmin.visibility')}
          description={t('groupAdmin.visibilityHint')}
          value={visibility}
          onChange={(event) => changed(setVisibility)(event.target.value as Group['visibility'])}
        >
          {VISIBILITIES.map((value) => (
            <option key={value} value={value}>
              {t(`groupAdmin.visibilities.${value}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('groupAdmin.membership')}
          value={membership}
          onChange={(event) => changed(setMembership)(event.target.value as Group['membership'])}
        >
          {MEMBERSHIPS.map((value) => (
            <option key={value} value={value}>
              {t(`groupAdmin.memberships.${value}`)}
            </option>
          ))}
        </SelectField>
        <QueryErrorAlert error={save.error} />
        <div role="status">{save.isSuccess && <Paragraph>{t('groupAdmin.saved')}</Paragraph>}</div>
        <Button type="submit" purpose="primary" busy={save.isPending}>
          {t('groupAdmin.save')}
        </Button>
      </form>
    </section>
  );
}

/** The members with their roles: a role is chosen and then saved; removing asks first, in place. */
function MemberAdmin({ group }: { group: Group }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const members = useMembers(group.id, true);
  const [outcome, setOutcome] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [roles, setRoles] = useState<Record<string, Role>>({});

  const refresh = () => queryClient.invalidateQueries({ queryKey: groupKey(group.id) });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; name: string; role: Role }) =>
      unwrap(api.PATCH('/api/v1/groups/{id}/members/{userId}', { params: { path: { id: group.id, userId } }, body: { role } })),
    onSuccess: async (_, { name, role }) => {
      setOutcome(t('groupAdmin.roleChanged', { name, role: t(`groups.role.${role}`) }));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: ({ userId }: { userId: string; name: string }) =>
      unwrap(api.DELETE('/api/v1/groups/{id}/members/{userId}', { params: { path: { id: group.id, userId } } })),
    onSuccess: async (_, { name }) => {
      setConfirming(null);
      setOutcome(t('groupAdmin.removed', { name }));
      // The removed member's row goes: the focus goes to the section's heading.
      document.getElementById('group-admin-members')?.focus();
      await refresh();
    },
  });
  const busy = changeRole.isPending || remove.isPending;
  const resetAll = () => {
    changeRole.reset();
    remove.reset();
    setOutcome('');
  };

  return (
    <ListSection
      id="group-admin-members"
      heading={t('groupAdmin.members')}
      list={members}
      empty={t('groups.noMembers')}
      before={
        <p role="status" className="group-hint">
          {outcome}
        </p>
      }
      after={
        <>
          <QueryErrorAlert error={changeRole.error} />
          <QueryErrorAlert error={remove.error} />
        </>
      }
    >
      {(member) => {
        const name = member.user.displayName;
        const role = roles[member.user.id] ?? member.role;
        const self = member.user.id === session.user?.id;
        return (
          <li key={member.user.id}>
            <span>
              <AppLink to={`/u/${member.user.id}`}>{name}</AppLink>
              <span className="group-meta"> · {t(`groups.role.${member.role}`)}</span>
            </span>
            <span className="group-actions">
              <SelectField
                label={t('groupAdmin.roleOf', { name })}
                value={role}
                onChange={(event) => {
                  resetAll();
                  setRoles((before) => ({ ...before, [member.user.id]: event.target.value as Role }));
                }}
              >
                {ROLES.map((value) => (
                  <option key={value} value={value}>
                    {t(`groups.role.${value}`)}
                  </option>
                ))}
              </SelectField>
              <Button
                purpose="secondary"
                disabled={role === member.role}
                onClick={() => {
                  if (busy) return;
                  resetAll();
                  changeRole.mutate({ userId: member.user.id, name, role });
                }}
              >
                {t('groupAdmin.saveRole', { name })}
              </Button>
              {!self && confirming !== member.user.id && (
                <Button
                  id={removeButtonId(member.user.id)}
                  purpose="secondary"
                  onClick={() => {
                    resetAll();
                    setConfirming(member.user.id);
                  }}
                >
                  {t('groupAdmin.remove', { name })}
                </Button>
              )}
            </span>
            {confirming === member.user.id && (
              <RemoveConfirmation
                name={name}
                busy={remove.isPending}
                onConfirm={() => !busy && remove.mutate({ userId: member.user.id, name })}
                onCancel={() => {
                  setConfirming(null);
                  // Back to the button that asked, once it is there again.
                  requestAnimationFrame(() => document.getElementById(removeButtonId(member.user.id))?.focus());
                }}
              />
            )}
          </li>
        );
      }}
    </ListSection>
  );
}

/** "Remove X?" in place of the remove button: the focus goes to the question's confirm button. */
function RemoveConfirmation({ name, busy, onConfirm, onCancel }: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const questionId = useId();
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => container.current?.querySelector('button')?.focus(), []);
  return (
    <div role="group" aria-labelledby={questionId} className="group-confirm" ref={container}>
      <p id={questionId}>{t('groupAdmin.removeQuestion', { name })}</p>
      <span className="group-actions">
        <Button purpose="primary" hint="negative" busy={busy} onClick={onConfirm}>
          {t('groupAdmin.removeConfirm', { name })}
        </Button>
        <Button purpose="secondary" onClick={onCancel}>
          {t('groupAdmin.cancel')}
        </Button>
      </span>
    </div>
  );
}

function InviteForm({ group }: { group: Group }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const invite = useMutation({
    mutationFn: (address: string) => unwrap(api.POST('/api/v1/groups/{id}/invites', { params: { path: { id: group.id } }, body: { email: address } })),
    onSuccess: () => setEmail(''),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invite.isPending) invite.mutate(email.trim());
  };
  return (
    <section aria-labelledby="group-invite" className="group-section">
      <Heading level={2} id="group-invite">
        {t('groupAdmin.invite')}
      </Heading>
      <Paragraph>{t('groupAdmin.inviteIntro')}</Paragraph>
      <form onSubmit={submit} noValidate className="group-form">
        <TextField
          label={t('groupAdmin.inviteEmail')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(event) => {
            invite.reset();
            setEmail(event.target.value);
          }}
        />
        <QueryErrorAlert error={invite.error} />
        <div role="status">{invite.data && (
            <Paragraph>
              {t('groupAdmin.inviteSent', { email: invite.data.email })} {t('groupAdmin.inviteValidUntil')} <DateTime value={invite.data.expiresAt} dateOnly />.
            </Paragraph>
          )}</div>
        <Button type="submit" purpose="primary" busy={invite.isPending}>
          {t('groupAdmin.inviteSend')}
        </Button>
      </form>
    </section>
  );
}
