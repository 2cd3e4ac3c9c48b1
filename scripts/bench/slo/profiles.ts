/**
 * Traffic profiles for `npm run bench:slo`: a full outage, a partial outage, a ramp, flapping, steady background
 * errors within and at the budget, and a quiet service. Each runs 3 days of warm-up and then 30 simulated days.
 */
import type { TrafficProfile } from './simulate';

const DAY = 24 * 60;
export const WARMUP_MINUTES = 3 * DAY;
/** Warm-up plus one simulated month. */
const RUN = WARMUP_MINUTES + 30 * DAY;
/** Incidents start 5 days after the warm-up, at 14:00. */
const START = WARMUP_MINUTES + 5 * DAY + 14 * 60;

function between(m: number, start: number, end: number): boolean {
  return m >= start && m < end;
}

/** The profiles for an SLO target: background errors are set relative to the budget (1 − target). */
export function profiles(targetPercent: number, requestsPerMinute = 6000): TrafficProfile[] {
  const budget = 1 - targetPercent / 100;
  const rpm = () => requestsPerMinute;
  const background = budget * 0.25;
  return [
    {
      name: 'step: full outage',
      description: 'every request fails for 30 minutes',
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: (m) => (between(m, START, START + 30) ? 1 : background),
      incidents: [{ start: START, end: START + 30 }],
    },
    {
      name: 'step: 20x budget',
      description: `${fmt(budget * 20)} of requests fail for 2 hours (20x the budget rate)`,
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: (m) => (between(m, START, START + 120) ? budget * 20 : background),
      incidents: [{ start: START, end: START + 120 }],
    },
    {
      name: 'ramp',
      description: `errors rise linearly from the background to ${fmt(budget * 30)} over 6 hours, then recover`,
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: (m) => (between(m, START, START + 360) ? background + ((m - START) / 360) * budget * 30 : background),
      incidents: [{ start: START, end: START + 360 }],
    },
    {
      name: 'flapping',
      description: `${fmt(budget * 100)} of requests fail 3 minutes in every 20, for 8 hours (15x on average)`,
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: (m) => (between(m, START, START + 480) && (m - START) % 20 < 3 ? budget * 100 : background),
      incidents: [{ start: START, end: START + 480 }],
    },
    {
      name: 'slow burn: 2x budget',
      description: `${fmt(budget * 2)} of requests fail for 4 days (the budget would last 15 days)`,
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: (m) => (between(m, START, START + 4 * DAY) ? budget * 2 : background),
      incidents: [{ start: START, end: START + 4 * DAY }],
    },
    {
      name: 'steady: half the budget',
      description: `${fmt(budget * 0.5)} of requests fail all month (within budget)`,
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: () => budget * 0.5,
      incidents: [],
    },
    {
      name: 'steady: 90% of the budget',
      description: `${fmt(budget * 0.9)} of requests fail all month (within budget, just)`,
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: () => budget * 0.9,
      incidents: [],
    },
    {
      name: 'background blips',
      description: `quarter-budget background plus a 10-minute blip of ${fmt(budget * 10)} errors every day`,
      minutes: RUN,
      requestsPerMinute: rpm,
      errorRate: (m) => ((m % DAY) >= 600 && (m % DAY) < 610 ? budget * 10 : background),
      incidents: [],
    },
    {
      name: 'quiet service',
      description: 'one request every 10 minutes; one error every 2 days',
      minutes: RUN,
      requestsPerMinute: () => 0.1,
      errorRate: (m) => (m % (2 * DAY) < 10 ? 1 : 0),
      incidents: [],
    },
  ];
}

function fmt(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}
