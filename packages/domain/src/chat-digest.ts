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

/**
 * Customer text (question titles) goes into staff chats, whose message syntax is line-based: a line
 * break in a title must not start a heading, a quote or a fake section, so text is one line.
 */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const fullWidth: Record<string, string> = { '[': '［', ']': '］', '<': '＜', '>': '＞' };

/**
 * WeCom and DingTalk markdown: `[` and `]` would close a link's text and open another link or an
 * image, `<` and `>` a tag (WeCom's `<font>` and `<@user>` mentions). Neither documents an escape,
 * so these become their full-width forms, which read the same.
 */
const markdownText = (text: string) => oneLine(text).replace(/[[\]<>]/g, (char) => fullWidth[char]!);

/** Feishu text messages turn `<at user_id="all"></at>` into a mention of everyone. */
const feishuText = (text: string) => oneLine(text).replace(/[<>]/g, (char) => fullWidth[char]!);

/** Slack's link syntax reserves <, > and |; & must be escaped too. */
const slackText = (text: string) => oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Inside `<url|text>` a `|` would end the link's text. */
const slackLinkText = (text: string) => slackText(text).replace(/\|/g, '¦');

const plainLines = (digest: ChatDigest) =>
  digest.sections.flatMap((section) => [`${feishuText(section.heading)}:`, ...section.items.map((item) => `• ${feishuText(item.text)} ${item.url}`), '']);

const markdownLines = (digest: ChatDigest) =>
  digest.sections.flatMap((section) => [`**${markdownText(section.heading)}**`, ...section.items.map((item) => `- [${markdownText(item.text)}](${item.url})`), '']);

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
        ...section.items.map((item) => `• <${item.url}|${slackLinkText(item.text)}>`),
        '',
      ]);
      return { text: [`*<${digest.url}|${slackLinkText(digest.title)}>*`, '', ...lines].join('\n').trim() };
    }
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: [`## ${markdownText(digest.title)}`, '', ...markdownLines(digest), `[Open in Townhall](${digest.url})`].join('\n') } };
    case 'dingtalk':
      return {
        msgtype: 'markdown',
        markdown: { title: oneLine(digest.title), text: [`### ${markdownText(digest.title)}`, '', ...markdownLines(digest), `[Open in Townhall](${digest.url})`].join('\n') },
      };
    case 'feishu':
      return { msg_type: 'text', content: { text: [feishuText(digest.title), '', ...plainLines(digest), digest.url].join('\n') } };
    case 'generic':
      return { type: 'sla.digest', ...digest };
  }
}
