import './files.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { DateTime } from '../groups/DateTime.js';
import { fetchGroup, groupKey } from '../groups/group-queries.js';
import { downloadFile, type FileDetail, fileQuery, type FileVersion, folderLink, folderQuery, formatBytes, groupFilesKey } from './file-queries.js';
import { TextStatus } from './TextStatus.js';
import { Uploader } from './Uploader.js';

/** /groups/:gid/files/:fid (the link of "file uploaded" notifications): a file, its versions with who and when, download, a new version, delete. */
export function Component() {
  const { t } = useTranslation();
  const { gid = '', fid = '' } = useParams();
  const session = useSession();
  const me = session.user?.id ?? null;
  const file = useQuery({
    ...fileQuery(gid, fid, me),
    enabled: session.user !== undefined,
    refetchInterval: (query) => (query.state.data?.versions.some((version) => version.textStatus === 'pending') ? 3000 : false),
  });
  usePageTitle(file.data?.name ?? t('files.file'));
  if (file.isError) {
    const hidden = (file.error as ApiError).statusCode === 404;
    return (
      <>
        <Heading level={1}>{t('files.file')}</Heading>
        {hidden ? <Paragraph role="alert">{t('files.notFound')}</Paragraph> : <QueryErrorAlert error={file.error} />}
        <Paragraph>
          <AppLink to={folderLink(gid, '')}>{t('files.toFiles')}</AppLink>
        </Paragraph>
      </>
    );
  }
  if (!file.data) return <p role="status">{t('app.loading')}</p>;
  return <FileView file={file.data} />;
}

function FileView({ file }: { file: FileDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const me = session.user?.id ?? null;
  const group = useQuery({ queryKey: groupKey(file.groupId), queryFn: () => fetchGroup(file.groupId) });
  // The upload limit comes with the folder's list (its first page is small).
  const folder = useQuery({ ...folderQuery(file.groupId, file.folder, me), enabled: group.data?.myRole != null });
  const member = group.data?.myRole != null;
  const manager = group.data?.myRole === 'owner' || group.data?.myRole === 'admin';
  const newest = file.versions[0];
  const [download, setDownload] = useState<{ id: string; error: ApiError | null } | null>(null);

  const start = (id: string) => {
    setDownload({ id, error: null });
    downloadFile(id).then(
      () => setDownload(null),
      (caught: unknown) => setDownload({ id, error: caught instanceof ApiError ? caught : new ApiError(0, 'common.network', [t('errors.offline')]) }),
    );
  };

  return (
    <div className="file-page">
      <Heading level={1}>{file.name}</Heading>
      <nav aria-label={t('files.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <AppLink to={`/groups/${file.groupId}`}>{group.data?.name ?? t('files.theGroup')}</AppLink>
          </li>
          <li>
            <AppLink to={folderLink(file.groupId, file.folder)}>{file.folder ? t('files.folderEntry', { name: file.folder }) : t('files.heading')}</AppLink>
          </li>
          <li>
            <span aria-current="page">{file.name}</span>
          </li>
        </ol>
      </nav>
      {newest && newest.id !== file.id && (
        <Paragraph className="file-older">
          {t('files.olderVersion', { version: file.version, newest: newest.version })}{' '}
          <AppLink to={`/groups/${file.groupId}/files/${newest.id}`}>{t('files.toNewest')}</AppLink>
        </Paragraph>
      )}
      <dl className="file-facts">
        <dt>{t('files.folder')}</dt>
        <dd>{file.folder || t('files.topFolder')}</dd>
        <dt>{t('files.type')}</dt>
        <dd>{file.mime}</dd>
        <dt>{t('files.size')}</dt>
        <dd>{formatBytes(file.size, i18n.language)}</dd>
        <dt>{t('files.version')}</dt>
        <dd>{t('files.versionOf', { version: file.version, count: file.versions.length })}</dd>
        <dt>{t('files.uploadedBy')}</dt>
        <dd>
          {file.uploader?.displayName ?? t('files.deletedUser')}, <DateTime value={file.createdAt} />
        </dd>
        <dt>{t('files.text')}</dt>
        <dd>
          <TextStatus status={file.textStatus} />
        </dd>
        <dt>{t('files.checksum')}</dt>
        <dd className="file-checksum">{file.sha256}</dd>
      </dl>
      <Paragraph>
        <Button type="button" purpose="primary" busy={download?.id === file.id && !download.error} onClick={() => start(file.id)}>
          {t('files.downloadThis', { version: file.version })}
        </Button>
      </Paragraph>

      <section aria-labelledby="file-versions" className="files-section">
        <Heading level={2} id="file-versions">
          {t('files.versions')}
        </Heading>
        <div className="table-scroll" role="region" aria-labelledby="file-versions-caption" tabIndex={0}>
          <table className="files-table">
            <caption id="file-versions-caption">{t('files.versionsCaption', { name: file.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('files.version')}</th>
                <th scope="col">{t('files.uploadedBy')}</th>
                <th scope="col">{t('files.uploadedAt')}</th>
                <th scope="col">{t('files.size')}</th>
                <th scope="col">{t('files.text')}</th>
                <th scope="col">{t('files.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {file.versions.map((version) => (
                <VersionRow
                  key={version.id}
                  file={file}
                  version={version}
                  downloading={download?.id === version.id && !download.error}
                  mayDelete={manager || (me !== null && version.uploader?.id === me)}
                  onDownload={() => start(version.id)}
                  onDeleted={() => {
                    const rest = file.versions.filter((other) => other.id !== version.id);
                    void navigate(rest[0] ? `/groups/${file.groupId}/files/${rest[0].id}` : folderLink(file.groupId, file.folder), { replace: true });
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
        <ErrorAlert error={download?.error ?? null} />
      </section>

      {member && (
        <section aria-labelledby="file-new-version" className="files-section">
          <Heading level={2} id="file-new-version">
            {t('files.newVersion')}
          </Heading>
          <Uploader
            groupId={file.groupId}
            folder={file.folder}
            maxBytes={folder.data?.maxUploadBytes}
            versionOf={file.name}
            label={t('files.upload.labelVersion')}
          />
        </section>
      )}
    </div>
  );
}

function VersionRow({
  file,
  version,
  downloading,
  mayDelete,
  onDownload,
  onDeleted,
}: {
  file: FileDetail;
  version: FileVersion;
  downloading: boolean;
  mayDelete: boolean;
  onDownload: () => void;
  onDeleted: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/files/{id}', { params: { path: { id: version.id } } })),
    onSuccess: async () => {
      // The folder's lists first (so the folder shown next is without it), then away from what is gone.
      await queryClient.invalidateQueries({ queryKey: [...groupFilesKey(file.groupId), 'folder'] });
      onDeleted();
      await queryClient.invalidateQueries({ queryKey: groupFilesKey(file.groupId) });
    },
  });
  return (
    <tr aria-current={version.id === file.id ? 'true' : undefined}>
      <th scope="row">{t('files.versionNumber', { version: version.version })}</th>
      <td>{version.uploader?.displayName ?? t('files.deletedUser')}</td>
      <td>
        <DateTime value={version.createdAt} />
      </td>
      <td>{formatBytes(version.size, i18n.language)}</td>
      <td>
        <TextStatus status={version.textStatus} />
      </td>
      <td>
        <div className="version-actions">
          <Button type="button" purpose="secondary" busy={downloading} onClick={onDownload}>
            {t('files.downloadVersion', { version: version.version })}
          </Button>
          {mayDelete && !confirming && (
            <Button type="button" purpose="subtle" onClick={() => setConfirming(true)}>
              {t('files.deleteVersion', { version: version.version })}
            </Button>
          )}
        </div>
        {confirming && (
          <div className="file-confirm" role="group" aria-label={t('files.confirmDeleteLabel', { version: version.version })}>
            <p>{t('files.confirmDelete', { name: file.name, version: version.version })}</p>
            <div className="version-actions">
              <Button type="button" purpose="primary" autoFocus busy={remove.isPending} onClick={() => !remove.isPending && remove.mutate()}>
                {t('files.confirmDeleteYes')}
              </Button>
              <Button type="button" purpose="secondary" onClick={() => setConfirming(false)}>
                {t('files.cancel')}
              </Button>
            </div>
            <ErrorAlert error={remove.error as ApiError | null} />
          </div>
        )}
      </td>
    </tr>
  );
}
