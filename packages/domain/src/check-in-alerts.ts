import { checkInWindowsBetween, nextCheckInWindow, type CheckInWindowOccurrence } from './check-in-windows.ts';
import type { SlaSettings } from './sla-settings.ts';

export type DueCheckInAlert = { window: CheckInWindowOccurrence; nextWindow: CheckInWindowOccurrence; key: string };

const dayMs = 86_400_000;

/**
 * The check-in windows whose digest is due at `now`: from `alertLeadMinutes` before a window opens
 * until it closes. A digest missed while the service was down is still due while its window is
 * open, and never after. `key` names the window for exactly-once delivery.
 */
export function checkInAlertsDue({ settings, now }: { settings: SlaSettings; now: Date }): DueCheckInAlert[] {
  const leadMs = settings.alertLeadMinutes * 60_000;
  const nowMs = now.getTime();
  const candidates = checkInWindowsBetween({
    calendar: settings,
    windows: settings.checkInWindows,
    from: new Date(nowMs - dayMs),
    to: new Date(nowMs + leadMs + 1),
  });
  return candidates
    .filter((window) => window.opensAt.getTime() - leadMs <= nowMs && nowMs < window.closesAt.getTime())
    .flatMap((window) => {
      const next = nextCheckInWindow({ calendar: settings, windows: settings.checkInWindows, after: window.closesAt });
      // Without a later window, "due before the next window" runs to the end of this one.
      const nextWindow = next.ok ? { opensAt: next.opensAt, closesAt: next.closesAt } : window;
      return [{ window, nextWindow, key: window.opensAt.toISOString() }];
    });
}

/**
 * The check-in window now open or next to open at `now`, and the one after it: what a staff
 * member's next digest covers (the dashboard shows it ahead of time). Null when the calendar has
 * no window ahead.
 */
export function upcomingCheckIn({ settings, now }: { settings: SlaSettings; now: Date }): { window: CheckInWindowOccurrence; nextWindow: CheckInWindowOccurrence } | null {
  const current = nextCheckInWindow({ calendar: settings, windows: settings.checkInWindows, after: now });
  if (!current.ok) return null;
  const window = { opensAt: current.opensAt, closesAt: current.closesAt };
  const next = nextCheckInWindow({ calendar: settings, windows: settings.checkInWindows, after: window.closesAt });
  return { window, nextWindow: next.ok ? { opensAt: next.opensAt, closesAt: next.closesAt } : window };
}
