import { describe, expect, it } from 'vitest';
import { chatWebhookBody, type ChatDigest } from './chat-digest.ts';

const digest: ChatDigest = {
  title: 'Morning check-in: 2 due',
  url: 'https://forum.test/staff/sla',
  sections: [
    { heading: 'Breached', items: [{ text: 'Export <fails> | head', url: 'https://forum.test/t/1' }] },
    { heading: 'Due before 09:30', items: [{ text: '如何导出报表', url: 'https://forum.test/t/2' }] },
  ],
};

describe('chatWebhookBody', () => {
  it('writes Slack mrkdwn with escaped links', () => {
    const body = chatWebhookBody('slack', digest) as { text: string };
    expect(body.text).toContain('*<https://forum.test/staff/sla|Morning check-in: 2 due>*');
    expect(body.text).toContain('• <https://forum.test/t/1|Export &lt;fails&gt; ¦ head>');
    expect(body.text).toContain('*Due before 09:30*');
  });

  it('writes a WeCom markdown message', () => {
    expect(chatWebhookBody('wecom', digest)).toEqual({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('- [如何导出报表](https://forum.test/t/2)') },
    });
  });

  it('writes a DingTalk markdown message with a title', () => {
    const body = chatWebhookBody('dingtalk', digest) as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('Morning check-in: 2 due');
    expect(body.markdown.text).toContain('**Breached**');
  });

  it('writes a Feishu text message', () => {
    const body = chatWebhookBody('feishu', digest) as { msg_type: string; content: { text: string } };
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toContain('• 如何导出报表 https://forum.test/t/2');
  });

  it('sends the digest itself as generic JSON', () => {
    expect(chatWebhookBody('generic', digest)).toEqual({ type: 'sla.digest', ...digest });
  });

  // A customer writes the question titles these messages carry: nothing in one may add a link,
  // an image, a mention, a tag or a line of its own to a staff chat.
  describe('with a hostile question title', () => {
    const title = 'Urgent: x](https://evil.test) ![t](https://evil.test/p.png) <@all> <at user_id="all"></at> <!channel> | y\n# Breached: all [z';
    const hostile: ChatDigest = { title, url: 'https://forum.test/t/9', sections: [{ heading: 'Marked urgent', items: [{ text: title, url: 'https://forum.test/t/9' }] }] };

    it.each(['wecom', 'dingtalk'] as const)('%s markdown keeps it as text on one line', (format) => {
      const body = chatWebhookBody(format, hostile) as { markdown: { content?: string; text?: string; title?: string } };
      const text = body.markdown.content ?? body.markdown.text!;
      // The only links are the ones Townhall wrote, each to the forum.
      expect([...text.matchAll(/\]\((.*?)\)/g)].map((match) => match[1])).toEqual(['https://forum.test/t/9', 'https://forum.test/t/9']);
      expect(text).not.toMatch(/[<>]|!\[/);
      expect(text.split('\n').filter((line) => line.startsWith('#'))).toHaveLength(1);
      expect(text).toContain('- [Urgent: x］(https://evil.test) !［t］(https://evil.test/p.png) ＜@all＞');
      if (format === 'dingtalk') expect(body.markdown.title).not.toContain('\n');
    });

    it('Feishu text has no mention tag and no extra line', () => {
      const body = chatWebhookBody('feishu', hostile) as { content: { text: string } };
      expect(body.content.text).not.toMatch(/[<>]/);
      expect(body.content.text).toContain('＜at user_id="all"＞＜/at＞');
      expect(body.content.text.split('\n').some((line) => line.startsWith('# Breached'))).toBe(false);
    });

    it('Slack mrkdwn has no mention and each link keeps its own text', () => {
      const body = chatWebhookBody('slack', hostile) as { text: string };
      expect(body.text).not.toContain('<!channel>');
      expect(body.text).not.toContain('<@all>');
      expect([...body.text.matchAll(/<([^|>]*)\|/g)].map((match) => match[1])).toEqual(['https://forum.test/t/9', 'https://forum.test/t/9']);
      expect(body.text.split('\n').some((line) => line.startsWith('# Breached'))).toBe(false);
    });
  });
});
