/** The chat services whose incoming webhooks Townhall can post to, and a generic signed JSON. */
export const chatWebhookFormats = ['generic', 'slack', 'wecom', 'feishu', 'dingtalk'] as const;
export type ChatWebhookFormat = (typeof chatWebhookFormats)[number];

/** A digest as chat services show it: a title, then sections of linked lines. */
export type ChatDigest = {
  title: string;
  sections: { heading: string; items: { text: string; url: string }[] }[];
  /** Where the whole digest can be read. */
  url: string;
};

const plainLines = (digest: ChatDigest) =>
  digest.sections.flatMap((section) => [`${section.heading}:`, ...section.items.map((item) => `• ${item.text} ${item.url}`), '']);

const markdownLines = (digest: ChatDigest) =>
  digest.sections.flatMap((section) => [`**${section.heading}**`, ...section.items.map((item) => `- [${item.text}](${item.url})`), '']);

/** Slack's link syntax reserves <, > and |; & must be escaped too. */
const slackText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The JSON body each service's incoming webhook expects for a digest (signing is added when it is
 * sent). Slack: `text` with mrkdwn links. WeCom and DingTalk: markdown messages. Feishu: a text
 * message. Generic: the digest itself, for your own integrations.
 */
export function chatWebhookBody(format: ChatWebhookFormat, digest: ChatDigest): Record<string, unknown> {
  switch (format) {
    case 'slack': {
      const lines = digest.sections.flatMap((section) => [
        `*${slackText(section.heading)}*`,
        ...section.items.map((item) => `• <${item.url}|${slackText(item.text).replace(/\|/g, '¦')}>`),
        '',
      ]);
      return { text: [`*<${digest.url}|${slackText(digest.title)}>*`, '', ...lines].join('\n').trim() };
    }
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: [`## ${digest.title}`, '', ...markdownLines(digest), `[Open in Townhall](${digest.url})`].join('\n') } };
    case 'dingtalk':
      return {
        msgtype: 'markdown',
        markdown: { title: digest.title, text: [`### ${digest.title}`, '', ...markdownLines(digest), `[Open in Townhall](${digest.url})`].join('\n') },
      };
    case 'feishu':
      return { msg_type: 'text', content: { text: [digest.title, '', ...plainLines(digest), digest.url].join('\n') } };
    case 'generic':
      return { type: 'sla.digest', ...digest };
  }
}
