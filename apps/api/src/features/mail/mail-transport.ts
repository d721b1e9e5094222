import nodemailer from 'nodemailer';

export type OutgoingMail = { to: string; subject: string; text: string };

/** Sends one mail or throws; null when no SMTP server is configured (mail stays in the outbox). */
export type MailTransport = { send(mail: OutgoingMail): Promise<void>; close(): void } | null;

export function createMailTransport({ smtpUrl, from }: { smtpUrl: string | null; from: string }): MailTransport {
  if (!smtpUrl) return null;
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transporter.close(),
  };
}
