// The deploy health verdict, as a pure function of counts (health.ts loads them). Rates are events
// per minute in the deploy's environment; the baseline is the hour before the deploy, and its own
// minute-to-minute variance is the noise the after-window is measured against (a learned baseline,
// not a fixed threshold), so a noisy service does not cry wolf and a quiet one is not ignored.

export const BASELINE_MINUTES = 60;
/** minutes after a deploy before "healthy" can be said */
export const SETTLE_MINUTES = 15;

export interface IssueWindow {
  id: number;
  title: string;
  after: number;
  before: number;
  isNew: boolean;
  regressed: boolean;
}

export interface HealthInput {
  /** events per minute in the BASELINE_MINUTES before the deploy, oldest first */
  baseline: number[];
  /** events in each minute after the deploy so far */
  after: number[];
  issues: IssueWindow[];
}

export type Verdict = 'healthy' | 'suspect' | 'bad' | 'pending';

export interface HealthResult {
  verdict: Verdict;
  reason: string;
  error_rate: { before: number; after: number; expected_after: number; z: number };
  new_issues: Array<{ id: number; title: string; events: number }>;
  regressed_issues: Array<{ id: number; title: string; events: number }>;
  spiking_issues: Array<{ id: number; title: string; events: number; expected: number }>;
  /** false when the hour before had no events: then only new issues decide */
  baseline: boolean;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function judge(input: HealthInput): HealthResult {
  const k = input.after.length;
  const mean = input.baseline.reduce((a, b) => a + b, 0) / Math.max(1, input.baseline.length);
  const variance =
    input.baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, input.baseline.length - 1);
  const afterTotal = input.after.reduce((a, b) => a + b, 0);
  const expected = mean * k;
  // noise of a k-minute sum: the baseline's own variance, never below Poisson's (or a floor for silence)
  const sd = Math.sqrt(Math.max(variance, mean, 0.25) * Math.max(k, 1));
  const z = k ? (afterTotal - expected) / sd : 0;

  const perMinute = (n: number) => n / Math.max(k, 1);
  const newIssues = input.issues.filter((i) => i.isNew);
  const regressed = input.issues.filter((i) => i.regressed);
  const spiking = input.issues.filter((i) => {
    if (i.isNew) return false;
    const e = (i.before / BASELINE_MINUTES) * k;
    return i.after >= 10 && i.after >= 3 * e + 5 && (i.after - e) / Math.sqrt(Math.max(e, 1)) >= 5;
  });

  // No events at all in the hour before (a project's first deploy, a new environment): there is no
  // rate to compare with, so only new issues can tell (every error is new to it anyway).
  const noBaseline = input.baseline.every((n) => n === 0);
  const bad: string[] = [];
  const suspect: string[] = [];
  for (const i of newIssues) {
    // a new error that keeps coming (not a one-off) is the clearest sign a deploy broke something
    if (i.after >= 10 && perMinute(i.after) >= 1)
      bad.push(`new issue "${i.title}" with ${i.after} events in ${k} min`);
    else suspect.push(`new issue "${i.title}" (${i.after} event${i.after === 1 ? '' : 's'})`);
  }
  if (noBaseline) {
    // judged by new issues alone: no rate rule, no spikes, no regressions
  } else if (z >= 5 && afterTotal >= 1.5 * expected + 10) {
    bad.push(`error rate up from ${round(mean)}/min to ${round(perMinute(afterTotal))}/min`);
  } else if (z >= 3 && afterTotal >= 1.2 * expected + 5) {
    suspect.push(`error rate up from ${round(mean)}/min to ${round(perMinute(afterTotal))}/min`);
  }
  if (!noBaseline) {
    for (const i of regressed) suspect.push(`issue "${i.title}" came back`);
    for (const i of spiking) suspect.push(`issue "${i.title}" is spiking`);
  }

  let verdict: Verdict;
  let reason: string;
  if (bad.length) [verdict, reason] = ['bad', bad.join('; ')];
  else if (suspect.length) [verdict, reason] = ['suspect', suspect.join('; ')];
  else if (k < SETTLE_MINUTES)
    [verdict, reason] = [
      'pending',
      `watching: ${k} of ${SETTLE_MINUTES} minutes since the deploy, nothing wrong so far`,
    ];
  else
    [verdict, reason] = [
      'healthy',
      `no new or returning errors, error rate ${round(perMinute(afterTotal))}/min (before: ${round(mean)}/min)`,
    ];

  if (noBaseline) {
    const n = newIssues.length;
    reason = `no baseline (no events in the hour before): ${n} new issue${n === 1 ? '' : 's'}${
      bad.length || suspect.length ? `; ${reason}` : ''
    }`;
  }

  const brief = (i: IssueWindow) => ({ id: i.id, title: i.title, events: i.after });
  return {
    verdict,
    reason,
    error_rate: {
      before: round(mean),
      after: round(perMinute(afterTotal)),
      expected_after: round(expected),
      z: round(z),
    },
    new_issues: newIssues.map(brief),
    regressed_issues: noBaseline ? [] : regressed.map(brief),
    spiking_issues: noBaseline
      ? []
      : spiking.map((i) => ({ ...brief(i), expected: round((i.before / BASELINE_MINUTES) * k) })),
    baseline: !noBaseline,
  };
}
