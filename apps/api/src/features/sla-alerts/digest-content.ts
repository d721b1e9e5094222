import { zonedMoment, type ChatDigest, type CheckInDigest, type CheckInWindowOccurrence, type DigestItem } from '@townhall/domain';

const tierLabels = { head: 'head', waist: 'waist', tail: 'tail' } as const;

const questions = (count: number) => `${count} question${count === 1 ? '' : 's'}`;

/** "1 question breached", "2 questions due", "3 questions: 1 breached, 2 due". */
export function digestSummary({ breached, due }: { breached: number; due: number }): string {
  if (breached === 0) return `${questions(due)} due`;
  if (due === 0) return `${questions(breached)} breached`;
  return `${questions(breached + due)}: ${breached} breached, ${due} due`;
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
}): ChatDigest & { count: number; timeZone: string } {
  // Times on the window's own day need no date; a deadline on another day (breached days ago, or
  // due tomorrow morning) says which.
  const moment = (at: Date) => zonedMoment({ at, timeZone, reference: window.opensAt });
  const line = (item: DigestItem) => ({
    text: `${item.urgent ? '[urgent] ' : ''}${item.title} (${tierLabels[item.tier]}, due ${moment(item.dueAt)})`,
    url: `${publicUrl}/t/${item.topicId}`,
  });
  const windowLabel = `${moment(window.opensAt)}–${moment(window.closesAt)}`;
  const sections = [
    { heading: 'Breached', items: digest.breached.map(line) },
    { heading: `Due before ${moment(window.closesAt)}`, items: digest.dueThisWindow.map(line) },
    { heading: `Due before the next check-in (${moment(nextWindow.opensAt)})`, items: digest.dueBeforeNextWindow.map(line) },
  ].filter((section) => section.items.length > 0);
  const count = digest.breached.length + digest.dueThisWindow.length + digest.dueBeforeNextWindow.length;
  return {
    title: `Check-in ${windowLabel}: ${digestSummary({ breached: digest.breached.length, due: count - digest.breached.length })}`,
    url: `${publicUrl}/staff/sla`,
    sections,
    count,
    timeZone,
  };
}

/** The plain-text e-mail of a digest. */
export function checkInDigestText(content: ChatDigest & { timeZone: string }): string {
  const body = content.sections.map((section) => [`${section.heading}:`, ...section.items.map((item) => `- ${item.text}\n  ${item.url}`)].join('\n')).join('\n\n');
  return `${content.title}\n\n${body}\n\nTimes are in ${content.timeZone}.\nThe SLA queue: ${content.url}\n`;
}
