import type { CSSProperties, ReactNode } from 'react';

/**
 * A deelsite's own look: its colours as custom properties on a wrapper. sites.css turns
 * them into the NL Design System tokens the components read (buttons, links, the header
 * band), so everything inside takes the site's colours; without them the platform's stay.
 */
export function SiteTheme({ primary, accent, children }: { primary: string | null; accent: string | null; children: ReactNode }) {
  const style: CSSProperties & Record<`--${string}`, string> = {};
  if (primary) style['--site-primary'] = primary;
  if (accent) style['--site-accent'] = accent;
  return (
    <div className={`site-theme${primary ? ' site-theme--primary' : ''}${accent ? ' site-theme--accent' : ''}`} style={style}>
      {children}
    </div>
  );
}
