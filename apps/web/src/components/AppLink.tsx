import { Link, type LinkProps } from 'react-router';

/** A link inside the app (client-side navigation) with the NL Design System link's look. */
export function AppLink({ className, ...props }: LinkProps) {
  return <Link className={className ? `nl-link ${className}` : 'nl-link'} {...props} />;
}
