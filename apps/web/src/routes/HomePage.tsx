import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../components/usePageTitle.js';

interface Congress {
  slug: string;
  name: string;
  year: number;
}

type Load = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; congresses: Congress[] };

/** Home: the search box and the congresses of the kennisbank. */
export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const navigate = useNavigate();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/v1/congresses?limit=100', { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const page = (await response.json()) as { items: Congress[] };
        setLoad({ state: 'ready', congresses: page.items });
      })
      .catch(() => {
        if (!controller.signal.aborted) setLoad({ state: 'failed' });
      });
    return () => controller.abort();
  }, []);

  const search = (event: FormEvent) => {
    event.preventDefault();
    void navigate(`/search?q=${encodeURIComponent(query.trim())}`);
  };

  return (
    <>
      <h1>{t('home.heading')}</h1>
      <p>{t('home.intro')}</p>
      <form role="search" onSubmit={search} className="search-form">
        <label htmlFor={searchId}>{t('home.searchLabel')}</label>
        <input id={searchId} type="search" name="q" value={query} onChange={(event) => setQuery(event.target.value)} />
        <button type="submit">{t('home.searchButton')}</button>
      </form>
      <section aria-labelledby="congresses-heading">
        <h2 id="congresses-heading">{t('home.congresses')}</h2>
        {load.state === 'loading' && <p role="status">{t('home.loading')}</p>}
        {load.state === 'failed' && <p role="alert">{t('home.loadFailed')}</p>}
        {load.state === 'ready' &&
          (load.congresses.length === 0 ? (
            <p>{t('home.noCongresses')}</p>
          ) : (
            <ul className="congresses">
              {load.congresses.map((congress) => (
                <li key={congress.slug}>
                  {congress.name} <span className="year">({congress.year})</span>
                </li>
              ))}
            </ul>
          ))}
      </section>
    </>
  );
}
