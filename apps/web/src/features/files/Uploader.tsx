import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors.js';
import { uploadForm, UploadInterrupted } from '../../api/upload.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { type FileItem, formatBytes, groupFilesKey } from './file-queries.js';

type UploadState =
  | { state: 'waiting' }
  | { state: 'sending'; loaded: number }
  | { state: 'done'; version: number }
  | { state: 'refused' }
  | { state: 'failed'; error: ApiError };

interface Upload {
  key: string;
  file: File;
  /** The name it is stored under: its own, or (a new version) the name of the file it continues. */
  name: string;
  status: UploadState;
}

interface Props {
  groupId: string;
  folder: string;
  /** The server's limit (FILES_MAX_BYTES), once the folder's list told it: larger files are refused before sending. */
  maxBytes: number | undefined;
  /** A new version of this name (one file at a time); else each file keeps its own name. */
  versionOf?: string;
  /** The label of the picker and drop zone. */
  label: string;
  onUploaded?: (file: FileItem) => void;
}

let counter = 0;

/**
 * Upload by the file picker or by dropping files on it (dragging has this non-drag
 * alternative: the zone is the picker's label, the picker a focusable control). One
 * file after the other, each with its own progress bar; what happens to each is said once
 * in a polite status line (started, done, refused), not at every percent.
 */
export function Uploader({ groupId, folder, maxBytes, versionOf, label, onUploaded }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const input = useRef<HTMLInputElement>(null);

  const update = useCallback((key: string, status: UploadState) => {
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, status } : upload)));
  }, []);

  const send = useCallback(
    async (upload: Upload) => {
      const form = new FormData();
      form.append('folder', folder);
      form.append('file', upload.file, upload.name);
      update(upload.key, { state: 'sending', loaded: 0 });
      setAnnouncement(t('files.upload.started', { name: upload.name }));
      try {
        const stored = await uploadForm<FileItem>(`/groups/${groupId}/files`, form, {
          onProgress: ({ loaded, total }) => update(upload.key, { state: 'sending', loaded: Math.min(upload.file.size, Math.round((loaded / total) * upload.file.size)) }),
        });
        update(upload.key, { state: 'done', version: stored.version });
        setAnnouncement(t('files.upload.done', { name: upload.name, version: stored.version }));
        await queryClient.invalidateQueries({ queryKey: groupFilesKey(groupId) });
        onUploaded?.(stored);
      } catch (caught) {
        const error =
          caught instanceof ApiError
            ? caught
            : new ApiError(0, 'common.network', [caught instanceof UploadInterrupted && caught.aborted ? t('files.upload.aborted') : t('errors.offline')]);
        update(upload.key, { state: 'failed', error });
        setAnnouncement(t('files.upload.failed', { name: upload.name }));
      }
    },
    [folder, groupId, onUploaded, queryClient, t, update],
  );

  const add = (files: FileList | File[]) => {
    const chosen = [...files].slice(0, versionOf ? 1 : undefined);
    const added = chosen.map((file): Upload => {
      const tooLarge = maxBytes !== undefined && file.size > maxBytes;
      return { key: `upload-${(counter += 1)}`, file, name: versionOf ?? file.name, status: tooLarge ? { state: 'refused' } : { state: 'waiting' } };
    });
    if (added.length === 0) return;
    setUploads((current) => [...added, ...current.filter((upload) => upload.status.state === 'sending' || upload.status.state === 'waiting')]);
    const refused = added.filter((upload) => upload.status.state === 'refused');
    if (refused.length > 0) setAnnouncement(t('files.upload.refusedCount', { count: refused.length }));
    for (const upload of added) {
      if (upload.status.state === 'waiting') queue.current = queue.current.then(() => send(upload));
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) add(event.dataTransfer.files);
  };

  const limit = maxBytes !== undefined ? formatBytes(maxBytes, i18n.language) : null;
  const hintId = `${id}-hint`;
  return (
    <div className="uploader">
      <label
        htmlFor={`${id}-input`}
        className={`drop-zone${dragging ? ' drop-zone--over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span className="drop-zone-label">{label}</span>
        <span className="drop-zone-hint" id={hintId}>
          {versionOf ? t('files.upload.hintVersion', { name: versionOf }) : t('files.upload.hint')}
          {limit && ` ${t('files.upload.limit', { limit })}`}
        </span>
        <input
          ref={input}
          id={`${id}-input`}
          type="file"
          multiple={!versionOf}
          className="drop-zone-input"
          aria-describedby={hintId}
          onChange={(event) => {
            if (event.target.files) add(event.target.files);
            event.target.value = '';
          }}
        />
      </label>
      <p role="status" className="upload-announcement">
        {announcement}
      </p>
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label={t('files.upload.listLabel')}>
          {uploads.map((upload) => (
            <UploadRow key={upload.key} upload={upload} limit={limit} />
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadRow({ upload, limit }: { upload: Upload; limit: string | null }) {
  const { t, i18n } = useTranslation();
  const { status, file } = upload;
  const size = formatBytes(file.size, i18n.language);
  const loaded = status.state === 'done' ? file.size : status.state === 'sending' ? status.loaded : 0;
  const percent = file.size === 0 ? (status.state === 'done' ? 100 : 0) : Math.round((loaded / file.size) * 100);
  return (
    <li className={`upload upload--${status.state}`}>
      <span className="upload-name">{upload.name}</span>{' '}
      <span className="upload-size">({size})</span>
      {(status.state === 'sending' || status.state === 'done' || status.state === 'waiting') && (
        <span className="upload-progress">
          <progress max={100} value={percent} aria-label={t('files.upload.progressOf', { name: upload.name })}>
            {percent}%
          </progress>
          <span aria-hidden="true">{percent}%</span>
        </span>
      )}
      <span className="upload-state">
        {status.state === 'waiting' && t('files.upload.waiting')}
        {status.state === 'done' && t('files.upload.stored', { version: status.version })}
      </span>
      {status.state === 'refused' && (
        <p className="upload-refused" role="alert">
          {t('files.upload.refused', { name: upload.name, size, limit: limit ?? '' })}
        </p>
      )}
      {status.state === 'failed' && <ErrorAlert error={status.error} />}
    </li>
  );
}
