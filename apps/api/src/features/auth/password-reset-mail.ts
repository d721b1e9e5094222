/** How long a reset link works, and how soon another may be mailed to the same person. */
export const resetLinkLifetimeMinutes = 60;
export const resetLinkCooldownMinutes = 2;

/** The page a reset link opens. */
export function resetLinkPath(token: string): string {
  return `/reset-password/${token}`;
}

/** The reset mail: plain text, the link, how long it works, and what to do if it was not you. */
export function passwordResetMail({ displayName, email, link }: { displayName: string; email: string; link: string }): { subject: string; text: string } {
  return {
    subject: '[Townhall] Reset your password',
    text: [
      `Hello ${displayName},`,
      '',
      `Someone, hopefully you, asked to reset the password of the Townhall account ${email}.`,
      `Open this link within ${resetLinkLifetimeMinutes} minutes to choose a new one (it works once):`,
      '',
      link,
      '',
      'If it was not you, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}
