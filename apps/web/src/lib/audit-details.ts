/** What an audit entry's `details` say, as label and text pairs a person can read. */
export type AuditDetailLines = {
  /** Settings an entry changed (`details.changes`), each from its old to its new value. */
  changes: { label: string; from: string; to: string }[];
  /** Everything else in `details`. */
  facts: { label: string; value: string }[];
};

const labels: Record<string, string> = {
  timeZone: 'Time zone',
  workingWeekdays: 'Working days',
  workingHours: 'Working hours',
  holidays: 'Holidays',
  makeUpWorkingDays: 'Make-up working days',
  checkInWindows: 'Check-in windows',
  alertLeadMinutes: 'Alert lead time (minutes)',
  firstResponseTargetMinutesByTier: 'First response targets (business minutes)',
  nextResponseTargetMinutesByTier: 'Next response targets (business minutes)',
  lifecycleTargetFactor: 'Tightening factor',
  tightenedLifecycleStages: 'Stages that tighten',
  renewalTighteningDays: 'Renewal within (days)',
  // Boards and posts.
  name: 'Name',
  description: 'Description',
  visibility: 'Who reads it',
  position: 'Order in the header',
  tags: 'Tags',
};

const weekdayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A stored value as short text: lists comma-separated, time ranges as `09:00–18:00`, maps as `key value`. */
export function formatAuditValue(value: unknown, key?: string): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (key === 'workingWeekdays') return value.map((day) => weekdayNames[Number(day)] ?? String(day)).join(', ');
    return value.map((item) => formatAuditValue(item)).join(', ');
  }
  if (isRecord(value)) {
    const range = [value.start ?? value.opens, value.end ?? value.closes];
    if (Object.keys(value).length === 2 && range.every((end) => typeof end === 'string')) return range.join('–');
    return Object.entries(value)
      .map(([inner, innerValue]) => `${inner} ${formatAuditValue(innerValue, inner)}`)
      .join(', ');
  }
  return String(value);
}

const labelOf = (key: string) => labels[key] ?? key;
const isChange = (value: unknown): value is { from: unknown; to: unknown } => isRecord(value) && 'from' in value && 'to' in value;

/** Reads an audit entry's details: `changes` of `{ from, to }` become change lines, the rest facts. */
export function describeAuditDetails(details: Record<string, unknown>): AuditDetailLines {
  const lines: AuditDetailLines = { changes: [], facts: [] };
  for (const [key, value] of Object.entries(details)) {
    if (key === 'changes' && isRecord(value) && Object.values(value).every(isChange)) {
      for (const [setting, change] of Object.entries(value) as [string, { from: unknown; to: unknown }][]) {
        lines.changes.push({ label: labelOf(setting), from: formatAuditValue(change.from, setting), to: formatAuditValue(change.to, setting) });
      }
    } else {
      lines.facts.push({ label: labelOf(key), value: formatAuditValue(value, key) });
    }
  }
  return lines;
}
