/** A blog being written, kept in this browser per account and per post (or per place for a new one) until it is saved. */
export interface BlogDraft {
  title: string;
  body: string;
}

const PREFIX = 'kennisplein.blogDraft';
export const blogDraftKey = (userId: string, target: string) => `${PREFIX}:${userId}:${target}`;

export function loadBlogDraft(key: string): BlogDraft | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<BlogDraft> | null;
    return value && typeof value.title === 'string' && typeof value.body === 'string' ? { title: value.title, body: value.body } : null;
  } catch {
    return null;
  }
}

export function saveBlogDraft(key: string, draft: BlogDraft): void {
  try {
    if (draft.title === '' && draft.body === '') localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // A full or refused storage only loses the autosave; the form still holds the text.
  }
}

export function clearBlogDraft(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing kept, nothing to clear.
  }
}
