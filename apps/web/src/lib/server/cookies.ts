import type { Cookies } from '@sveltejs/kit';

type SameSite = 'lax' | 'strict' | 'none';

export type ParsedSetCookie = {
  name: string;
  value: string;
  path: string;
  domain?: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: SameSite;
  maxAge?: number;
  expires?: Date;
};

/** Parses one `Set-Cookie` header line; returns null for a line without `name=`. */
export function parseSetCookie(line: string): ParsedSetCookie | null {
  const [pair = '', ...attributes] = line.split(';');
  const equals = pair.indexOf('=');
  if (equals <= 0) return null;
  const cookie: ParsedSetCookie = {
    name: pair.slice(0, equals).trim(),
    value: pair.slice(equals + 1).trim(),
    path: '/',
    httpOnly: false,
    secure: false,
  };
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'domain' && value) cookie.domain = value;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'samesite' && ['lax', 'strict', 'none'].includes(value.toLowerCase())) {
      cookie.sameSite = value.toLowerCase() as SameSite;
    } else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
    else if (key === 'expires') {
      const expires = new Date(value);
      if (!Number.isNaN(expires.getTime())) cookie.expires = expires;
    }
  }
  return cookie;
}

/** An empty value, a non-positive Max-Age or a past Expires all mean "delete this cookie". */
export function isDeletion(cookie: ParsedSetCookie, now: Date): boolean {
  if (cookie.value === '') return true;
  // Max-Age wins over Expires (RFC 6265 §5.3).
  if (cookie.maxAge !== undefined) return cookie.maxAge <= 0;
  return cookie.expires !== undefined && cookie.expires.getTime() <= now.getTime();
}

/**
 * Passes the API's cookies on to the browser. Attributes are copied explicitly because SvelteKit's
 * defaults (httpOnly, secure except on localhost) would otherwise override what the API decided.
 */
export function relaySetCookies(cookies: Cookies, header: string | string[] | number | undefined): void {
  if (header === undefined || typeof header === 'number') return;
  const now = new Date();
  for (const line of Array.isArray(header) ? header : [header]) {
    const cookie = parseSetCookie(line);
    if (!cookie) continue;
    const options = {
      path: cookie.path,
      domain: cookie.domain,
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      // Browsers treat a missing SameSite as Lax; say so rather than rely on it.
      sameSite: cookie.sameSite ?? 'lax',
      // The API already encoded the value; SvelteKit must not encode it a second time.
      encode: (value: string) => value,
    };
    if (isDeletion(cookie, now)) {
      cookies.delete(cookie.name, options);
    } else {
      cookies.set(cookie.name, cookie.value, { ...options, maxAge: cookie.maxAge, expires: cookie.expires });
    }
  }
}
