import './files.css';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { ApiError } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { DateTime } from '../groups/DateTime.js';
import { fetchGroup, groupKey } from '../groups/group-queries.js';
import { folderLink, folderQuery, folderTrail, formatBytes, joinFolder } from './file-queries.js';
import { TextStatus } from './TextStatus.js';
import { Uploader } from './Uploader.js';

/** /groups/:id/files?folder=: one folder of a group's files, its folders as entries, a breadcrumb; members upload into it. */
export function Component() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const folder = params.get('folder') ?? '';
  const session = useSession();
  const me = session.user?.id ?? null;
  const group = useQuery({ queryKey: groupKey(id), queryFn: () => fetchGroup(id) });
  const list = useQuery({
    ...folderQuery(id, folder, me),
    enabled: session.user !== undefined,
    // A PDF's text is read by a background job: look again while one is pending.
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.textStatus === 'pending') ? 3000 : false),
  });
  const groupName = group.data?.name ?? t('files.theGroup');
  const title = folder ? t('files.folderTitle', { folder: folder.split('/').at(-1), name: groupName }) : t('files.title', { name: groupName });
  usePageTitle(title);

  if (group.isError) {
    const hidden = (group.error as ApiError).statusCode === 404;
    return (
      <>
        <Heading level={1}>{t('files.heading')}</Heading>
        {hidden ? <Paragraph role="alert">{t('files.groupNotFound')}</Paragraph> : <QueryErrorAlert error={group.error} />}
      </>
    );
  }
  const member = group.data?.myRole != null;
  const trail = folderTrail(folder);
  const folders = list.data?.folders ?? [];
  const files = list.data?.items ?? [];
  return (
    <div className="files-page">
      <Heading level={1}>{title}</Heading>
      <nav aria-label={t('files.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <AppLink to={`/groups/${id}`}>{groupName}</AppLink>
          </li>
          <li>{folder ? <AppLink to={folderLink(id, '')}>{t('files.heading')}</AppLink> : <span aria-current="page">{t('files.heading')}</span>}</li>
          {trail.map((step, index) => (
            <li key={step.path}>
              {index === trail.length - 1 ? <span aria-current="page">{step.name}</span> : <AppLink to={folderLink(id, step.path)}>{step.name}</AppLink>}
            </li>
          ))}
        </ol>
      </nav>

      <section aria-labelledby="files-contents" className="files-section">
        <Heading level={2} id="files-contents">
          {t('files.contents')}
        </Heading>
        {list.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
        <QueryErrorAlert error={list.error} />
        {list.isSuccess && folders.length === 0 && files.length === 0 && <Paragraph>{t('files.emptyFolder')}</Paragraph>}
        {folders.length > 0 && (
          <ul className="folder-list" aria-label={t('files.folders')}>
            {folders.map((name) => (
              <li key={name}>
                <AppLink to={folderLink(id, joinFolder(folder, name))}>
                  <span aria-hidden="true" className="folder-icon">
                    📁
                  </span>{' '}
                  {t('files.folderEntry', { name })}
                </AppLink>
              </li>
            ))}
          </ul>
        )}
        {files.length > 0 && (
          <div className="table-scroll" role="region" aria-labelledby="files-table-caption" tabIndex={0}>
            <table className="files-table">
              <caption id="files-table-caption">{t('files.tableCaption', { count: files.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('files.name')}</th>
                  <th scope="col">{t('files.version')}</th>
                  <th scope="col">{t('files.size')}</th>
                  <th scope="col">{t('files.uploadedBy')}</th>
                  <th scope="col">{t('files.uploadedAt')}</th>
                  <th scope="col">{t('files.text')}</th>
                </tr>
              </thead>
              <tbody>
                {files.map((file) => (
                  <tr key={file.id}>
                    <th scope="row">
                      <AppLink to={`/groups/${id}/files/${file.id}`}>{file.name}</AppLink>
                    </th>
                    <td>{file.version}</td>
                    <td>{formatBytes(file.size, i18n.language)}</td>
                    <td>{file.uploader?.displayName ?? t('files.deletedUser')}</td>
                    <td>
                      <DateTime value={file.createdAt} />
                    </td>
                    <td>
                      <TextStatus status={file.textStatus} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.data?.nextCursor && <Paragraph className="hint">{t('files.more')}</Paragraph>}
      </section>

      <section aria-labelledby="files-upload" className="files-section">
        <Heading level={2} id="files-upload">
          {folder ? t('files.uploadInto', { folder }) : t('files.upload.heading')}
        </Heading>
        {member ? (
          <>
            <Uploader groupId={id} folder={folder} maxBytes={list.data?.maxUploadBytes} label={t('files.upload.label')} />
            <NewFolder groupId={id} folder={folder} />
          </>
        ) : (
          group.data && <Paragraph>{t('files.membersOnly')}</Paragraph>
        )}
      </section>
    </div>
  );
}

/** A folder exists once a file is in it: this opens the (still empty) folder, to upload into. */
function NewFolder({ groupId, folder }: { groupId: string; folder: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clean = name.trim().replace(/[/\\]+/g, '-');
    if (clean === '' || clean === '.' || clean === '..') return setError(t('files.newFolderInvalid'));
    setError(null);
    setName('');
    void navigate(folderLink(groupId, joinFolder(folder, clean)));
  };
  return (
    <form onSubmit={submit} noValidate className="new-folder">
      <TextField
        label={t('files.newFolder')}
        description={t('files.newFolderHint')}
        maxLength={255}
        value={name}
        error={error}
        onChange={(event) => setName(event.target.value)}
      />
      <Button type="submit" purpose="secondary">
        {t('files.openFolder')}
      </Button>
    </form>
  );
}
