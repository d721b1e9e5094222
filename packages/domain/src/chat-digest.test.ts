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
});
