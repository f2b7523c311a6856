import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/forms.js';
import { Button } from '../../components/nl-design-system.js';
import './search-form.css';

/**
 * The kennisbank's search box (home and search page). It shows `query` (the URL's ?q=), also
 * after back and forward, and keeps what the reader types until they search.
 */
export function SearchForm({ query, onSearch }: { query: string; onSearch: (query: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(query);
  const [shown, setShown] = useState(query);
  if (query !== shown) {
    // The URL changed (a search, back, forward): the box follows it.
    setShown(query);
    setDraft(query);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };
  return (
    <form role="search" onSubmit={submit} className="search-form">
      <TextField
        label={t('search.label')}
        type="search"
        name="q"
        enterKeyHint="search"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      <Button type="submit" purpose="primary">
        {t('search.submit')}
      </Button>
    </form>
  );
}
