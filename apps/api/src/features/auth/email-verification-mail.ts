/** How long a confirmation link works, and how soon another may be mailed to the same person. */
export const verificationLinkLifetimeDays = 7;
export const verificationLinkCooldownMinutes = 2;

/** The page a confirmation link opens. */
export function verificationLinkPath(token: string): string {
  return `/verify-email/${token}`;
}

/** The confirmation mail: plain text, the link, how long it works. */
export function emailVerificationMail({ displayName, email, link }: { displayName: string; email: string; link: string }): { subject: string; text: string } {
  return {
    subject: '[Townhall] Confirm your e-mail address',
    text: [
      `Hello ${displayName},`,
      '',
      `Please confirm that ${email} is yours: open this link within ${verificationLinkLifetimeDays} days and press "Confirm".`,
      'Once it is confirmed, you join your company on the forum, if it has one there.',
      '',
      link,
      '',
      'If you did not sign up for Townhall, ignore this mail.',
    ].join('\n'),
  };
}
