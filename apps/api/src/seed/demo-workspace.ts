import { eq } from 'drizzle-orm';
import { boards, organizationDomains, organizations, users, type Database } from '@townhall/db';
import { isStaffRole, type MemberRole } from '@townhall/domain';
import { hashPassword } from '../features/auth/password.ts';
import { renderMarkdown, rendererVersion } from '../features/posts/render-markdown.ts';
import { createTopicsRepository } from '../features/topics/topics.repository.ts';
import { createReleaseNotesRepository } from '../features/release-notes/release-notes.repository.ts';
import { createSlaRepository } from '../features/sla/sla.repository.ts';
import { createBetaRepository } from '../features/beta/beta.repository.ts';

export const demoPassword = 'townhall-demo';

export const demoAccounts: { email: string; displayName: string; role: MemberRole; organization?: string }[] = [
  { email: 'admin@demo.test', displayName: 'Ada Admin', role: 'admin' },
  { email: 'pm@demo.test', displayName: 'Priya PM', role: 'pm' },
  { email: 'ops@demo.test', displayName: 'Omar Ops', role: 'ops' },
  { email: 'alice@acme.test', displayName: 'Alice Chen', role: 'customer', organization: 'Acme' },
  { email: 'bob@tinyco.test', displayName: 'Bob Novak', role: 'customer', organization: 'TinyCo' },
];

const demoOrganizations = [
  { name: 'Acme', tier: 'head', lifecycleStage: 'expansion', domain: 'acme.test' },
  { name: 'TinyCo', tier: 'tail', lifecycleStage: 'onboarding', domain: 'tinyco.test' },
] as const;

const demoReleaseNotes = [
  {
    title: 'Audit log export to CSV',
    version: '4.2.0',
    releasedOn: '2026-09-15',
    introduction: 'Export the **audit log** as CSV from *Admin → Audit log → Export*, on every plan.',
    scenarios: '- Hand the last 90 days to your compliance team\n- Load events into your own spreadsheet or BI tool',
    precautions: 'Each export covers at most **12 months**. Larger ranges are split into several files.',
  },
  {
    title: 'Scheduled report e-mails',
    version: '4.3.0',
    releasedOn: '2026-11-02',
    introduction: 'Reports can now be e-mailed on a schedule: daily, weekly or monthly.',
    scenarios: '- Send the *weekly usage report* every Monday at 09:00\n- Give managers a monthly summary without an account',
    precautions: 'Recipients outside your organization need an admin to allow their domain first. Times are in the workspace time zone.',
  },
];

type DemoThread = { asker: string; title: string; body: string; replies: { author: string; body: string }[] };

const demoThreads: DemoThread[] = [
  {
    asker: 'bob@tinyco.test',
    title: 'Can I schedule a report to be e-mailed every Monday?',
    body: 'We export the **weekly usage report** by hand every Monday. Is there a way to have it sent automatically?',
    replies: [],
  },
  {
    asker: 'alice@acme.test',
    title: 'SSO login loops back to the sign-in page',
    body: [
      'Since this morning our users who sign in through SSO land back on the sign-in page.',
      '',
      '1. Click *Sign in with SSO*',
      '2. Authenticate with the identity provider',
      '3. End up on `/login` again',
      '',
      'Anything changed on your side?',
    ].join('\n'),
    replies: [
      {
        author: 'ops@demo.test',
        body: 'Thanks for the clear steps, Alice. We rotated the SAML signing certificate last night; please re-import the metadata from **Settings → SSO → Download metadata**. That fixes the loop.',
      },
      { author: 'alice@acme.test', body: 'Re-imported it and it works again. Thank you!' },
    ],
  },
  {
    asker: 'alice@acme.test',
    title: 'How do I export the audit log as CSV?',
    body: 'Our compliance team wants the last 90 days of the audit log in a spreadsheet. Where is the export?',
    replies: [
      {
        author: 'bob@tinyco.test',
        body: 'I think it is under *Admin → Audit log*, top right. We only see a PDF option on our plan though.',
      },
      {
        author: 'pm@demo.test',
        body: [
          'Bob is right about the place. CSV export is available on every plan since 4.2:',
          '',
          '```',
          'Admin → Audit log → Export → CSV',
          '```',
          '',
          'Exports are limited to 12 months per file; see the [release notes](/b/release-notes) for details.',
        ].join('\n'),
      },
    ],
  },
];

/** Fills an empty workspace with the demo organizations, people and a few Q&A threads. */
export async function seedDemoWorkspace(db: Database): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  const orgIds = new Map<string, number>();
  for (const org of demoOrganizations) {
    const [row] = await db
      .insert(organizations)
      .values({ name: org.name, tier: org.tier, lifecycleStage: org.lifecycleStage })
      .returning({ id: organizations.id });
    orgIds.set(org.name, row!.id);
    await db.insert(organizationDomains).values({ domain: org.domain, organizationId: row!.id });
  }
  const people = new Map<string, { id: number; role: MemberRole }>();
  const inserted = await db
    .insert(users)
    .values(
      demoAccounts.map((account) => ({
        email: account.email,
        displayName: account.displayName,
        passwordHash,
        role: account.role,
        organizationId: account.organization ? orgIds.get(account.organization)! : null,
      })),
    )
    .returning({ id: users.id, email: users.email, role: users.role });
  for (const person of inserted) people.set(person.email, { id: person.id, role: person.role });

  const [qa] = await db.select({ id: boards.id }).from(boards).where(eq(boards.slug, 'qa'));
  const topics = createTopicsRepository(db);
  const render = (markdown: string) => ({ markdown, html: renderMarkdown(markdown), rendererVersion });
  for (const thread of demoThreads) {
    const asker = people.get(thread.asker)!;
    const { topicId } = await topics.createTopic({
      boardId: qa!.id,
      authorId: asker.id,
      authorIsStaff: isStaffRole(asker.role),
      title: thread.title,
      body: render(thread.body),
      idempotencyKey: null,
      startsSlaClock: !isStaffRole(asker.role),
      now: new Date(),
    });
    for (const reply of thread.replies) {
      const author = people.get(reply.author)!;
      await topics.createReply({
        topicId,
        authorId: author.id,
        authorIsStaff: isStaffRole(author.role),
        authorIsAsker: author.id === asker.id,
        body: render(reply.body),
        idempotencyKey: null,
        now: new Date(),
      });
    }
  }

  const [releaseNotesBoard] = await db.select({ id: boards.id }).from(boards).where(eq(boards.slug, 'release-notes'));
  const releaseNotes = createReleaseNotesRepository(db);
  const pm = people.get('pm@demo.test')!;
  for (const note of demoReleaseNotes) {
    const section = (markdown: string) => ({ markdown, html: renderMarkdown(markdown) });
    await releaseNotes.create({
      boardId: releaseNotesBoard!.id,
      authorId: pm.id,
      title: note.title,
      version: note.version,
      releasedOn: note.releasedOn,
      sections: { introduction: section(note.introduction), scenarios: section(note.scenarios), precautions: section(note.precautions) },
      rendererVersion,
      publish: { mode: 'now' },
      idempotencyKey: null,
    });
  }

  // One beta program recruiting, with quotas so the seat rules show.
  const beta = createBetaRepository(db);
  const [betaBoard] = await db.select({ id: boards.id }).from(boards).where(eq(boards.slug, 'beta'));
  const section = (markdown: string) => ({ markdown, html: renderMarkdown(markdown) });
  const { id: programId } = await beta.create({
    boardId: betaBoard!.id,
    idempotencyKey: null,
    authorId: pm.id,
    title: 'Beta: scheduled report e-mails to external recipients',
    introduction: section('Send **scheduled reports** to people outside your organization, before everyone else.'),
    precautions: section('- Reports may be delivered **twice** during the beta\n- Keep the feature confidential until it ships'),
    rendererVersion,
    eligibleTiers: [],
    eligibleStages: [],
    eligibleOrganizationIds: [],
    seatCapacity: 10,
    tierQuotas: { head: 5, waist: 3, tail: 2 },
    perOrganizationCap: 3,
    applicationDeadline: new Date(Date.now() + 30 * 86_400_000),
    form: [
      { id: 'role', kind: 'short_text', label: 'What is your role?', required: true },
      { id: 'usage', kind: 'long_text', label: 'Which reports would you send, and to whom?', required: false },
      { id: 'volume', kind: 'single_choice', label: 'Reports per week', required: true, options: ['1-5', '6-20', 'More than 20'] },
      { id: 'accept', kind: 'accept_precautions', label: 'I accept the precautions', required: true },
    ],
    autoAccept: false,
  });
  await beta.setStatus(programId, pm.id, 'recruiting', () => {});

  // The PM and ops cover Q&A and stand in for each other, so check-in digests have recipients.
  const sla = createSlaRepository(db);
  const ops = people.get('ops@demo.test')!;
  await sla.saveCoverage({ userId: pm.id, boardIds: [qa!.id], daysOff: [], backupId: ops.id, actorId: pm.id });
  await sla.saveCoverage({ userId: ops.id, boardIds: [qa!.id], daysOff: [], backupId: pm.id, actorId: ops.id });
}
