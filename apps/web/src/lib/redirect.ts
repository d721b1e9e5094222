/**
 * Returns `target` when it is a path on this site, otherwise `/`. Only a single leading `/` is
 * accepted: `//host` and `/\host` are protocol-relative to browsers and would leave the site.
 */
export function safeRedirectPath(target: string | null | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return '/';
  // Backslashes and control characters are normalised away by browsers, turning `/\evil` or
  // `/\t/evil` into `//evil`.
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return '/';
  return target;
}

/** The sign-in page, coming back to `returnTo` (a path with its query) afterwards. */
export function signInPath(returnTo: string): string {
  return `/sign-in?${new URLSearchParams({ redirectTo: returnTo })}`;
}

/**
 * The sign-in or sign-up link for a page: back to the page afterwards. On the auth pages
 * themselves the existing `redirectTo` is kept instead.
 */
export function authPathFrom(url: URL, authPage: '/sign-in' | '/sign-up'): string {
  if (url.pathname === '/sign-in' || url.pathname === '/sign-up') return authPage + url.search;
  if (url.pathname === '/' && url.search === '') return authPage;
  return `${authPage}?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`;
}
