import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword, hydrated, useTownhall } from './people.ts';

// Forgotten passwords and e-mail confirmation in a real browser, with real mail: the server sends through SMTP to a
// server in this process, the test opens the link from the mail, and the person is back in.

type Received = { to: string[]; raw: string };
type SmtpServer = { listen(port: number, host: string, done: () => void): void; close(done: () => void): void; server: { address(): unknown } };
type SmtpServerClass = new (options: Record<string, unknown>) => SmtpServer;

// smtp-server is the API's dependency (its mail tests use it): resolved from there.
const requireFromApi = createRequire(fileURLToPath(new URL('../../api/package.json', import.meta.url)));
const { SMTPServer } = requireFromApi('smtp-server') as { SMTPServer: SmtpServerClass };

const received: Received[] = [];
let smtp: SmtpServer;
let smtpPort = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: NodeJS.ReadableStream, session: { envelope: { rcptTo: { address: string }[] } }, callback: () => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const { newPerson, signIn } = useTownhall({ serverEnv: () => ({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }) });

/** The path of the reset (or confirmation) link in the newest mail to `address` (quoted-printable soft breaks undone). */
async function resetLinkMailedTo(address: string, kind: 'reset-password' | 'verify-email' = 'reset-password'): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const mail = received.filter((message) => message.to.includes(address)).at(-1);
        link = mail ? new RegExp(`/${kind}/[a-z0-9]+`).exec(mail.raw.replace(/=\r?\n/g, ''))?.[0] : undefined;
        return link;
      },
      { timeout: 20_000 },
    )
    .toBeDefined();
  return link!;
}

describe('forgotten password', () => {
  test('a customer asks for a link, sets a new password with it, and signs in with that one only', async () => {
    const email = 'bob@tinyco.test';
    const page = await newPerson();
    await page.goto('/sign-in');
    await hydrated(page);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    expect(await page.getByTestId('reset-requested').innerText()).toContain(email);

    const link = await resetLinkMailedTo(email);
    expect(link.startsWith('/reset-password/')).toBe(true);
    await page.goto(link);
    await hydrated(page);
    // Two different passwords are refused, and nothing is used up.
    await page.getByLabel('New password', { exact: true }).fill('a fresh password 1');
    await page.getByLabel('The new password again').fill('a fresh password 2');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('The two passwords differ').waitFor();
    await page.getByLabel('New password', { exact: true }).fill('a fresh password 1');
    await page.getByLabel('The new password again').fill('a fresh password 1');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL('**/account?password-reset=1');
    expect(await page.getByTestId('password-was-reset').innerText()).toContain('Your new password is set');
    expect(await page.getByTestId('account-email').innerText()).toBe(email);

    // The link is spent.
    const again = await newPerson();
    await again.goto(link);
    await hydrated(again);
    await again.getByLabel('New password', { exact: true }).fill('another password 3');
    await again.getByLabel('The new password again').fill('another password 3');
    await again.getByRole('button', { name: 'Set the new password' }).click();
    await again.getByTestId('reset-link-invalid').waitFor();

    // The old password no longer signs in; the new one does.
    const old = await newPerson();
    await old.goto('/sign-in');
    await hydrated(old);
    await old.getByLabel('Email').fill(email);
    await old.getByLabel('Password').fill(demoPassword);
    await old.getByRole('button', { name: 'Sign in', exact: true }).click();
    await old.getByText('E-mail or password is incorrect').waitFor();
    await old.getByLabel('Password').fill('a fresh password 1');
    await old.getByRole('button', { name: 'Sign in', exact: true }).click();
    await old.waitForURL((url) => url.pathname !== '/sign-in');
  });

  test('without JavaScript, and for an address with no account, the page says the same', async () => {
    const page = await newPerson({ javaScriptEnabled: false });
    const before = received.length;
    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill('nobody-at-all@example.test');
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    expect(await page.getByTestId('reset-requested').innerText()).toContain('If an account uses nobody-at-all@example.test');
    // Nothing is mailed (give the mail job a moment to prove it).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received.length).toBe(before);
  });

  test('a signed-in person changes their password and name on the account page', async () => {
    const page = await newPerson();
    await signIn(page, 'alice@acme.test');
    await page.getByTestId('account-link').click();
    await page.waitForURL('**/account');
    await hydrated(page);
    await page.getByLabel('Current password').fill('not the password');
    await page.getByLabel('New password', { exact: true }).fill('alice new password');
    await page.getByLabel('The new password again').fill('alice new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is incorrect').waitFor();
    await page.getByLabel('Current password').fill(demoPassword);
    await page.getByLabel('New password', { exact: true }).fill('alice new password');
    await page.getByLabel('The new password again').fill('alice new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('password-changed').waitFor();
    // Still signed in here, with the session the change gave this device.
    await page.goto('/notifications');
    expect(new URL(page.url()).pathname).toBe('/notifications');

    // The name, too: the header shows the new one.
    await page.getByTestId('account-link').click();
    await page.waitForURL('**/account');
    await hydrated(page);
    await page.getByLabel('Display name').fill('Alice C.');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByTestId('renamed').waitFor();
    await expect.poll(() => page.getByTestId('account-link').innerText()).toBe('Alice C.');
  });
});

describe('confirming an e-mail address', () => {
  test('a new customer joins their company only after confirming the address from the mail', async () => {
    const email = `dana-${Date.now().toString(36)}@acme.test`;
    const page = await newPerson();
    await page.goto('/sign-up');
    await hydrated(page);
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Display name').fill('Dana D.');
    await page.getByLabel('Password').fill('dana long password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('verify-email-banner').waitFor();
    expect(await page.getByTestId('verify-email-banner').innerText()).toContain(email);
    await page.goto('/account');
    expect(await page.locator('dl').innerText()).not.toContain('Organization');

    const link = await resetLinkMailedTo(email, 'verify-email');
    // Opening the link changes nothing until the button is pressed (mail scanners fetch links).
    const elsewhere = await newPerson();
    await elsewhere.goto(link);
    await hydrated(elsewhere);
    await elsewhere.getByRole('button', { name: 'Confirm' }).click();
    expect(await elsewhere.getByTestId('email-confirmed').innerText()).toContain('You are now a member of Acme');

    await page.goto('/account');
    expect(await page.locator('dl').innerText()).toMatch(/Organization\s+Acme/);
    expect(await page.getByTestId('verify-email-banner').count()).toBe(0);
  });
});
