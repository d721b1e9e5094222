/** SLA settings the SLA tests start from: Berlin, Monday to Friday 09:00–18:00, two check-ins. */
export const berlinSlaSettings = {
  timeZone: 'Europe/Berlin',
  workingWeekdays: [1, 2, 3, 4, 5],
  workingHours: [{ start: '09:00', end: '18:00' }],
  holidays: [] as string[],
  makeUpWorkingDays: [] as string[],
  checkInWindows: [
    { opens: '09:00', closes: '09:30' },
    { opens: '17:30', closes: '18:00' },
  ],
  alertLeadMinutes: 30,
  firstResponseTargetMinutesByTier: { head: 120, waist: 240, tail: 480 },
  nextResponseTargetMinutesByTier: { head: 60, waist: 120, tail: 240 },
  lifecycleTargetFactor: 0.5,
  tightenedLifecycleStages: ['onboarding', 'churn-risk'],
  renewalTighteningDays: 60,
};

/** A local Berlin time in winter (UTC+1) as an instant: `berlin('2026-01-14T09:00:00')`. */
export const berlin = (local: string) => new Date(`${local}+01:00`);
