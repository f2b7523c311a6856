import { useEffect, useState } from 'react';
import { getAccessToken, sessionKnown } from '../../api/access-token.js';
import type { Site } from './site-queries.js';

/**
 * The deelsite's logo with its alt text. A members-only deelsite's logo needs the session's
 * token, which an <img> cannot send: it is fetched with the token and shown from memory.
 */
export function SiteLogo({ site, alt }: { site: Pick<Site, 'logoUrl' | 'visibility'>; alt: string }) {
  const needsToken = site.visibility !== 'public' && site.logoUrl !== null;
  const [fetched, setFetched] = useState<{ url: string; objectUrl: string } | null>(null);
  useEffect(() => {
    if (!needsToken || !site.logoUrl) return;
    const url = site.logoUrl;
    let objectUrl: string | null = null;
    let cancelled = false;
    void sessionKnown()
      .then(() => {
        const token = getAccessToken();
        return fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      })
      .then((response) => (response.ok ? response.blob() : response.body?.cancel().then(() => null) ?? null))
      .then((blob) => {
        if (!blob || cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setFetched({ url, objectUrl });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [needsToken, site.logoUrl]);
  const src = needsToken ? (fetched?.url === site.logoUrl ? fetched.objectUrl : null) : site.logoUrl;
  if (!src) return null;
  return <img className="site-logo" src={src} alt={alt} />;
}
