/** E-mail addresses compare case-insensitively and without surrounding space. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The part after the @, used to map sign-ups to an organization. */
export function emailDomain(email: string): string {
  return normalizeEmail(email).split('@').pop() ?? '';
}
