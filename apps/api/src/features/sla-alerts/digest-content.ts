import type { ChatDigest, CheckInDigest, CheckInWindowOccurrence, DigestItem } from '@townhall/domain';

const tierLabels = { head: 'head', waist: 'waist', tail: 'tail' } as const;

/** "09:00" in the workspace's time zone. */
export function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** What one check-in digest says, as sections of linked lines, for every channel. */
export function checkInDigestContent({
  digest,
  window,
  nextWindow,
  timeZone,
  publicUrl,
}: {
  digest: CheckInDigest;
  window: CheckInWindowOccurrence;
  nextWindow: CheckInWindowOccurrence;
  timeZone: string;
  publicUrl: string;
}): ChatDigest & { count: number } {
  const line = (item: DigestItem) => ({
    text: `${item.urgent ? '[urgent] ' : ''}${item.title} (${tierLabels[item.tier]}, due ${localTime(item.dueAt, timeZone)})`,
    url: `${publicUrl}/t/${item.topicId}`,
  });
  const windowLabel = `${localTime(window.opensAt, timeZone)}–${localTime(window.closesAt, timeZone)}`;
  const sections = [
    { heading: 'Breached', items: digest.breached.map(line) },
    { heading: `Due before ${localTime(window.closesAt, timeZone)}`, items: digest.dueThisWindow.map(line) },
    { heading: `Due before the next check-in (${localTime(nextWindow.opensAt, timeZone)})`, items: digest.dueBeforeNextWindow.map(line) },
  ].filter((section) => section.items.length > 0);
  const count = digest.breached.length + digest.dueThisWindow.length + digest.dueBeforeNextWindow.length;
  return {
    title: `Check-in ${windowLabel}: ${count} question${count === 1 ? '' : 's'} due${digest.breached.length > 0 ? `, ${digest.breached.length} breached` : ''}`,
    url: `${publicUrl}/staff/sla`,
    sections,
    count,
  };
}

/** The plain-text e-mail of a digest. */
export function checkInDigestText(content: ChatDigest): string {
  const body = content.sections.map((section) => [`${section.heading}:`, ...section.items.map((item) => `- ${item.text}\n  ${item.url}`)].join('\n')).join('\n\n');
  return `${content.title}\n\n${body}\n\nThe SLA queue: ${content.url}\n`;
}
