// A port's opening hours and status, from its lanes' booth schedules (hours on the port's local clock, days 0 Sunday
// to 6 Saturday): what the CBP Border Wait Times feed calls `hours` and `port_status`.

export interface ScheduleEntry {
  days: number[];
  from: number;
  to: number;
  open: number;
}
export interface ScheduledLane {
  schedule: ScheduleEntry[];
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Booths open on a lane at a local weekday and hour. */
export function boothsOpenAt(lane: ScheduledLane, weekday: number, hour: number): number {
  return lane.schedule
    .filter((s) => s.days.includes(weekday) && hour >= s.from && hour < s.to)
    .reduce((m, s) => Math.max(m, s.open), 0);
}

/** Whether any lane of the port has a booth open at a local weekday and hour. */
export const portOpenAt = (lanes: ScheduledLane[], weekday: number, hour: number) =>
  lanes.some((l) => boothsOpenAt(l, weekday, hour) > 0);

/** CBP's wording of an hour of the day: `6 am`, `Noon`, `11 pm`, `Midnight`. */
export function hourText(h: number): string {
  if (h === 0 || h === 24) return 'Midnight';
  if (h === 12) return 'Noon';
  return h < 12 ? `${h} am` : `${h - 12} pm`;
}

/** The hours of one day as spans of open hours: `6 am-10 pm`, or several spans joined by `, `; '' when closed. */
function dayText(open: boolean[]): string {
  const spans: string[] = [];
  for (let h = 0; h < 24; h++) {
    if (!open[h] || (h > 0 && open[h - 1])) continue;
    let end = h;
    while (end < 24 && open[end]) end++;
    spans.push(`${hourText(h)}-${hourText(end)}`);
  }
  return spans.join(', ');
}

/**
 * The port's opening hours in the words of the CBP feed: `24 hrs/day` when a booth is open at every hour of every
 * day; one span (`7 am-11 pm`) when every day has the same; else the days grouped (`Mon-Fri 6 am-10 pm; Sat 8 am-4
 * pm`). Days without any open booth are left out; a port never open says `Closed`.
 */
export function portHoursText(lanes: ScheduledLane[]): string {
  const days = Array.from({ length: 7 }, (_, d) =>
    dayText(Array.from({ length: 24 }, (_, h) => portOpenAt(lanes, d, h))),
  );
  if (days.every((d) => d === 'Midnight-Midnight')) return '24 hrs/day';
  if (days.every((d) => d === '')) return 'Closed';
  if (days.every((d) => d === days[0])) return days[0];
  // Monday first, as a week is read on a sign; runs of days with the same hours are joined.
  const order = [1, 2, 3, 4, 5, 6, 0];
  const groups: { first: number; last: number; text: string }[] = [];
  for (const d of order) {
    const g = groups.at(-1);
    if (g && g.text === days[d]) g.last = d;
    else groups.push({ first: d, last: d, text: days[d] });
  }
  return groups
    .filter((g) => g.text !== '')
    .map((g) => {
      const label = g.first === g.last ? DAY_NAMES[g.first] : `${DAY_NAMES[g.first]}-${DAY_NAMES[g.last]}`;
      return `${label} ${g.text === 'Midnight-Midnight' ? '24 hrs' : g.text}`;
    })
    .join('; ');
}
