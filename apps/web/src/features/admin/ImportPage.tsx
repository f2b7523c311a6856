import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UploadInterrupted } from '../../api/upload.js';
import { AppLink } from '../../components/AppLink.js';
import { SelectField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AdminNav } from './AdminNav.js';
import { congressesKey, type ImportResult, importDocuments, useCongresses } from './admin-queries.js';
import { RequireAdmin } from './RequireAdmin.js';
import './admin.css';

/** /admin/import: kennisbank documents into a congress, several at once, then what became of each. */
export function Component() {
  return (
    <RequireAdmin>
      <ImportPage />
    </RequireAdmin>
  );
}

function ImportPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.import.title'));
  const queryClient = useQueryClient();
  const congresses = useCongresses();
  const [congress, setCongress] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [missing, setMissing] = useState<{ congress?: boolean; files?: boolean }>({});
  const picker = useRef<HTMLInputElement>(null);
  const pickerId = useId();
  const progressId = useId();

  const upload = useMutation({
    mutationFn: async () => {
      const total = files.reduce((sum, file) => sum + file.size, 0);
      setProgress({ loaded: 0, total });
      const result = await importDocuments(congress, files, setProgress);
      // The answer came, so every byte arrived (a small upload may report no progress event at all).
      setProgress({ loaded: total, total });
      return result;
    },
    onSuccess: async () => {
      setFiles([]);
      if (picker.current) picker.current.value = '';
      await queryClient.invalidateQueries({ queryKey: congressesKey });
    },
  });

  const choose = (chosen: FileList | null) => {
    if (upload.isPending) return;
    upload.reset();
    setProgress(null);
    setMissing((was) => ({ ...was, files: false }));
    setFiles(chosen ? Array.from(chosen) : []);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (upload.isPending) return;
    const absent = { congress: !congress, files: files.length === 0 };
    setMissing(absent);
    if (absent.congress || absent.files) return;
    upload.mutate();
  };

  const uploaded = progress !== null && progress.loaded >= progress.total;
  const percent = !progress ? 0 : progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : uploaded ? 100 : 0;

  return (
    <div className="admin-page">
      <Heading level={1}>{t('admin.import.title')}</Heading>
      <AdminNav />
      <Paragraph>{t('admin.import.intro')}</Paragraph>
      <form onSubmit={submit} noValidate className="admin-form">
        <SelectField
          label={t('admin.import.congress')}
          value={congress}
          required
          error={missing.congress ? t('admin.import.congressMissing') : null}
          onChange={(event) => {
            setMissing((was) => ({ ...was, congress: false }));
            setCongress(event.target.value);
          }}
        >
          <option value="">{t('admin.import.chooseCongress')}</option>
          {congresses.items.map((item) => (
            <option key={item.slug} value={item.slug}>
              {item.name} ({item.slug})
            </option>
          ))}
        </SelectField>
        <QueryErrorAlert error={congresses.error} />
        {congresses.isSuccess && congresses.items.length === 0 && (
          <Paragraph>
            {t('admin.import.noCongresses')} <AppLink to="/admin">{t('admin.import.createCongress')}</AppLink>
          </Paragraph>
        )}

        {/* Dropping files is a shortcut; the picker inside does the same by keyboard or pointer. */}
        <div
          className={`admin-dropzone${dragging ? ' admin-dropzone--over' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <label htmlFor={pickerId} className="utrecht-form-label">
            {t('admin.import.files')}
          </label>
          <p className="admin-hint" id={`${pickerId}-hint`}>
            {t('admin.import.filesHint')}
          </p>
          {missing.files && (
            <p className="admin-field-error" id={`${pickerId}-error`}>
              {t('admin.import.filesMissing')}
            </p>
          )}
          <input
            id={pickerId}
            ref={picker}
            type="file"
            multiple
            accept=".txt,.md,.markdown,.pdf,text/plain,text/markdown,application/pdf"
            aria-describedby={`${pickerId}-hint${missing.files ? ` ${pickerId}-error` : ''}`}
            aria-invalid={missing.files ? true : undefined}
            onChange={(event) => choose(event.target.files)}
          />
          {files.length > 0 && (
            <ul className="admin-chosen" aria-label={t('admin.import.chosen', { count: files.length })}>
              {files.map((file) => (
                <li key={`${file.name}-${file.size}-${file.lastModified}`}>{file.name}</li>
              ))}
            </ul>
          )}
        </div>

        <Button type="submit" purpose="primary" busy={upload.isPending}>
          {t('admin.import.submit')}
        </Button>

        {progress && (
          <div className="admin-progress">
            <label htmlFor={progressId}>{t('admin.import.progress')}</label>
            <progress id={progressId} max={100} value={percent}>
              {t('admin.import.percent', { percent })}
            </progress>
            <span aria-hidden="true">{t('admin.import.percent', { percent })}</span>
          </div>
        )}
        {/* Announced once per stage, not per percent. */}
        <p role="status" className="admin-status">
          {upload.isPending ? t(uploaded ? 'admin.import.processing' : 'admin.import.uploading') : upload.isSuccess ? t('admin.import.done') : ''}
        </p>
        {/* An interrupted upload has no coded answer: it reads as the connection's failure. */}
        {upload.isError && <QueryErrorAlert error={upload.error instanceof UploadInterrupted ? new TypeError() : upload.error} />}
      </form>
      {upload.isSuccess && <ImportReport result={upload.data} />}
    </div>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="admin-import-result" className="admin-section">
      <Heading level={2} id="admin-import-result">
        {t('admin.import.result')}
      </Heading>
      <dl className="admin-counts">
        <div>
          <dt>{t('admin.import.created')}</dt>
          <dd>{result.created}</dd>
        </div>
        <div>
          <dt>{t('admin.import.updated')}</dt>
          <dd>{result.updated}</dd>
        </div>
        <div>
          <dt>{t('admin.import.unchanged')}</dt>
          <dd>{result.unchanged}</dd>
        </div>
        <div>
          <dt>{t('admin.import.failedCount')}</dt>
          <dd>{result.failed.length}</dd>
        </div>
      </dl>

      <Heading level={3} id="admin-import-failed">
        {t('admin.import.failed')}
      </Heading>
      {result.failed.length === 0 ? (
        <Paragraph>{t('admin.import.noneFailed')}</Paragraph>
      ) : (
        <div className="admin-table-scroll" role="region" aria-labelledby="admin-import-failed" tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.import.file')}</th>
                <th scope="col">{t('admin.import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {result.failed.map((failure) => (
                <tr key={failure.file}>
                  <th scope="row">{failure.file}</th>
                  <td>{failure.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {result.documents.length > 0 && (
        <>
          <Heading level={3} id="admin-import-documents">
            {t('admin.import.documents')}
          </Heading>
          <div className="admin-table-scroll" role="region" aria-labelledby="admin-import-documents" tabIndex={0}>
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.import.file')}</th>
                  <th scope="col">{t('admin.import.status')}</th>
                  <th scope="col">{t('admin.import.guessed')}</th>
                </tr>
              </thead>
              <tbody>
                {result.documents.map((document) => (
                  <tr key={document.file}>
                    <th scope="row">
                      <AppLink to={`/contributions/${document.contributionId}`}>{document.file}</AppLink>
                    </th>
                    <td>{t(`admin.import.statusOf.${document.status}`)}</td>
                    <td>{document.guessed.length ? document.guessed.map((field) => t(`admin.import.field.${field}`, { defaultValue: field })).join(', ') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
