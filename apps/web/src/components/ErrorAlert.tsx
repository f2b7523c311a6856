import type { ApiError } from '../api/errors.js';

/** The server's coded error, as the lines it gave (validation: one per field), announced at once. */
export function ErrorAlert({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div role="alert">
      {error.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
