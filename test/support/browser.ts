interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** One Set-Cookie line, as a browser reads it. */
export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case (httponly, samesite, path, max-age, …) with their values ('' for flags). */
  attributes: Record<string, string>;
}

export function parseSetCookie(line: string): SetCookie {
  const [pair, ...parts] = line.split(';');
  const separator = pair.indexOf('=');
  const attributes: Record<string, string> = {};
  for (const part of parts) {
    const [key, ...value] = part.trim().split('=');
    attributes[key.toLowerCase()] = value.join('=');
  }
  return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), attributes };
}

const pathMatches = (requestPath: string, cookiePath: string) =>
  requestPath === cookiePath ||
  (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/'));

/**
 * A browser reduced to what a sign-in needs: GET with manual redirects and a cookie jar
 * that keeps Path and expiry (every server here is on 127.0.0.1, so cookies are shared
 * across ports as browsers do).
 */
export class Browser {
  private readonly jar = new Map<string, StoredCookie>();

  async get(url: string | URL, headers: Record<string, string> = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = this.cookieHeader(target);
    const response = await fetch(target, { redirect: 'manual', headers: { ...headers, ...(cookie ? { cookie } : {}) } });
    this.store(target, response);
    return response;
  }

  /** Follows redirects from `url` until `stop` says so (that URL is not fetched), or an answer that is no redirect. */
  async follow(url: string | URL, stop: (next: URL) => boolean): Promise<URL> {
    let current = new URL(url);
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.get(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        throw new Error(`${current.href} answered ${response.status}: ${await response.text()}`);
      }
      current = new URL(location, current);
      if (stop(current)) return current;
    }
    throw new Error('too many redirects');
  }

  /** The value of a cookie in the jar, whatever its path. */
  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((cookie) => cookie.name === name)?.value;
  }

  setCookie(name: string, value: string, path: string): void {
    this.jar.set(`${name};${path}`, { name, value, path });
  }

  private cookieHeader(url: URL): string {
    return [...this.jar.values()]
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const { name, value, attributes } = parseSetCookie(line);
      const path = attributes.path?.startsWith('/') ? attributes.path : url.pathname.replace(/\/[^/]*$/, '') || '/';
      const maxAge = attributes['max-age'];
      const expired =
        (maxAge !== undefined && Number(maxAge) <= 0) || (attributes.expires !== undefined && Date.parse(attributes.expires) <= Date.now());
      if (expired) this.jar.delete(`${name};${path}`);
      else this.jar.set(`${name};${path}`, { name, value, path });
    }
  }
}
