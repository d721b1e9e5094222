import { describe, expect, it } from 'vitest';
import { notificationMail } from './notification-mail.ts';

describe('notificationMail', () => {
  it('names who did what, links the page and the settings', () => {
    const mail = notificationMail({
      kind: 'question_answered',
      actorName: 'Ana',
      title: 'How do I export?',
      url: 'https://forum.test/t/1#post-2',
      preferencesUrl: 'https://forum.test/notifications/settings',
    });
    expect(mail.subject).toBe('[Townhall] How do I export?');
    expect(mail.text).toContain('Ana answered your question: How do I export?');
    expect(mail.text).toContain('https://forum.test/t/1#post-2');
    expect(mail.text).toContain('https://forum.test/notifications/settings');
  });

  it('keeps subjects short', () => {
    const mail = notificationMail({ kind: 'mention', actorName: null, title: 'x'.repeat(300), url: 'u', preferencesUrl: 'p' });
    expect(mail.subject.length).toBe(200);
    expect(mail.text).toContain('Someone mentioned you');
  });
});
