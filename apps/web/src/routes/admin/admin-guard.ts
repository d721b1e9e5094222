import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { can } from '@townhall/domain';
import { signInPath } from '$lib/redirect';

/** Admin pages: guests go to sign in and back; other roles get a 403 page. The API checks again. */
export function requireAdmin(event: RequestEvent): void {
  const user = event.locals.user;
  if (!user) redirect(303, signInPath(event.url.pathname + event.url.search));
  if (!can({ role: user.role, action: 'admin.manage' })) error(403, 'Only admins can open this page.');
}
