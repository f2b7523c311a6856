/** The institution sign-in (OpenID Connect) of this installation. */
export class OidcProviderDto {
  /** The name on the sign-in button, e.g. SURFconext. */
  name!: string;
  /** Where the browser goes to sign in (a top-level navigation); `?returnTo=/path` brings it back there. */
  startUrl!: string;
}

/** How one may sign in here. */
export class ProvidersDto {
  /** Email address and password: always on. */
  password!: boolean;
  /** Institution sign-in; null when OIDC_ISSUER is not set. */
  oidc!: OidcProviderDto | null;
}
