import { describe, expect, it } from 'vitest';
import { dailyDigestMail, type DigestItem } from './daily-digest.ts';

const item = (n: number): DigestItem => ({ kind: 'question_answered', title: `Question ${n}`, actorName: 'Ana', path: `/t/${n}` });

describe('dailyDigestMail', () => {
  it('lists each unread notification with its link', () => {
    const mail = dailyDigestMail({ items: [item(1), item(2)], publicUrl: 'https://forum.test' });
    expect(mail.subject).toBe('[Townhall] 2 unread notifications');
    expect(mail.text).toContain('- Ana answered your question: Question 1\n  https://forum.test/t/1');
    expect(mail.text).toContain('https://forum.test/notifications/settings');
  });

  it('says how many more there are beyond the first 30', () => {
    const mail = dailyDigestMail({ items: Array.from({ length: 32 }, (_, i) => item(i)), publicUrl: 'https://f.test' });
    expect(mail.text).toContain('…and 2 more: https://f.test/notifications');
    expect(mail.text).not.toContain('Question 31');
  });

  it('uses the singular for one', () => {
    expect(dailyDigestMail({ items: [item(1)], publicUrl: '' }).subject).toBe('[Townhall] 1 unread notification');
  });

  it('says what a notification says beyond its lead, as its own e-mail would', () => {
    const hidden: DigestItem = { kind: 'post_hidden', title: 'Export fails', actorName: null, path: '/t/3?near=9#post-9', detail: 'Their reason: “Spam”.' };
    expect(dailyDigestMail({ items: [hidden, item(4)], publicUrl: 'https://f.test' }).text).toContain(
      '- Staff hid your post: Export fails\n  Their reason: “Spam”.\n  https://f.test/t/3?near=9#post-9\n- Ana answered your question: Question 4\n  https://f.test/t/4',
    );
  });
});
