/**
 * The plain-language text of the audit report: how to read it, what each measure means, and what
 * the numbers cannot say. Written for a reader who is not a statistician (an oversight board, a
 * caseworker, a family's advocate). Text only; no numbers are computed here.
 */

/** Human names of groupings and metrics. */
export const GROUPING_TITLES: Readonly<Record<string, string>> = {
  child_race: 'child’s race',
  household_race: 'household race',
  sex: 'sex',
  age_band: 'age band',
  household_race_x_sex: 'household race × sex',
};

/** Metric names for readers. */
export const METRIC_TITLES: Readonly<Record<string, string>> = {
  auc: 'AUC',
  xauc: 'xAUC',
  xauc_pos: 'balanced xAUC (outcome side)',
  xauc_neg: 'balanced xAUC (no-outcome side)',
  brier: 'Brier score',
  calibration_gap: 'calibration gap',
  calibration_intercept: 'calibration intercept',
  calibration_slope: 'calibration slope',
  base_rate: 'outcome rate',
  selection_rate: 'share flagged',
  tpr: 'true positive rate',
  fpr: 'false positive rate',
  fnr: 'false negative rate',
  ppv: 'positive predictive value',
};

/** Verdicts (row states) in words. */
export const VERDICT_TEXT: Readonly<Record<string, string>> = {
  within_tolerance: 'within tolerance',
  exceeds_tolerance: 'exceeds tolerance',
  inconclusive: 'inconclusive',
  suppressed: 'too few records',
  no_interval: 'no interval',
  ok: '',
};

/** The notes at the top: how to read everything below. */
export function readingNotes(o: {
  label: string;
  population: string;
  replicates: number;
  tolerance: number;
  ratioTolerance: number;
  minCell: number;
  minClusters: number;
  clustered: boolean;
}): string[] {
  const pct = (v: number) => `${Math.round(v * 1000) / 10}`;
  return [
    `What is measured. Each record has a score (higher means the tool thinks the outcome is more likely) and a label: ${o.label}. The label is an agency action, not harm itself: it records what the agency did, and the agency's own decisions may differ between groups. A score that predicts the label well can still carry whatever bias the label carries.`,
    `Who is measured. ${o.population} Outcomes are only known for these records. In child-welfare screening that usually means screened-in calls only: nothing here says how the score would have done for calls that were screened out, whose outcomes were never observed.`,
    `Two kinds of fairness that cannot both hold. When the outcome is more common in one group than another (the outcome rates below differ), a score cannot be equally calibrated for every group and also have equal error rates for every group, unless it predicts perfectly (Kleinberg et al. 2016; Chouldechova 2017). This report shows both. No single number here settles whether the tool is fair; that is a judgement about which errors matter, and for whom.`,
    `Uncertainty. Every number comes with a 95% interval: the range of values consistent with the data. Rates use Wilson intervals. Everything else is re-estimated on ${o.replicates.toLocaleString('en-US')} resamples of ${o.clustered ? 'whole referrals (households), because children on the same referral share outcomes' : 'single rows (no cluster column was given, so rows are treated as independent; if several rows belong to one family the intervals are too narrow)'}.`,
    `Verdicts. Each group is compared with a reference group. A difference is "within tolerance" when its whole interval lies within ±${pct(o.tolerance)} percentage points (for ratios: between ${(1 - o.ratioTolerance).toFixed(2)} and ${(1 + o.ratioTolerance).toFixed(2)}), "exceeds tolerance" when the whole interval lies outside, and "inconclusive" when the interval crosses the tolerance line: the data cannot tell, and more records (or a decision on what tolerance matters) are needed. Inconclusive is not a pass. When there is truly no difference, "exceeds tolerance" is reported by chance about 2.5% of the time.`,
    `Small groups. Numbers from fewer than ${o.minCell} records (for AUC, fewer than ${o.minCell} records with and without the outcome), and every number of a group with fewer than ${o.minClusters} ${o.clustered ? 'referrals' : 'rows'}, are not shown ("too few records"): they would be mostly noise, and could identify families. A comparison whose resamples never vary (for example, no record of a small group was ever flagged) is called inconclusive.`,
  ];
}

/** Notes of the grouping sections' calibration part. */
export const CALIBRATION_NOTES = [
  'Calibration asks: among records that got the same score, did the outcome happen equally often in every group? If the dots of one group sit below another group’s at the same score, the score overstates that group’s risk compared with the other (and the other way round). This is Figure 4 of the Allegheny developers’ own audit.',
  'The calibration gap sums this up in one number per group: the outcomes the group actually had, against the outcomes it would have had at the reference group’s rate for the same scores. A ratio below 1 means the group had fewer outcomes than its scores suggest, compared with the reference group.',
];

/** Notes of the grouping sections' roc part. */
export const ROC_NOTES = [
  'A ROC curve shows, for every possible cut-off, the share of records with the outcome that the tool flags (true positive rate, up) against the share of records without the outcome that it flags anyway (false positive rate, right). A curve hugging the top-left corner ranks well; the dashed diagonal is a coin toss. The dots mark where each decision rule actually operates for each group: the same rule lands on different points for different groups.',
  'AUC is the chance that a randomly chosen record with the outcome scored higher than a randomly chosen record without it (ties count half): 0.5 is a coin toss, 1 is perfect.',
];

/** Notes of the grouping sections' xauc part. */
export const XAUC_NOTES = [
  'xAUC compares across groups: the chance that a record with the outcome from one group (row) outranks a record without the outcome from another group (column). If a group’s records without the outcome are scored high, its column is pale: that group bears more of the wrong flags. The diagonal repeats each group’s own AUC.',
  'The balanced forms pit one group against everyone: the outcome side is the chance that the group’s records with the outcome outrank anyone’s records without it (low: the group’s real cases are missed); the no-outcome side is the chance that anyone’s records with the outcome outrank the group’s records without it (low: the group’s families are flagged wrongly).',
];

/** Notes of the grouping sections' rate part. */
export const RATE_NOTES = [
  'At a decision rule (a cut-off or a protocol), the share flagged is how many records it would flag; the true positive rate is the share of records with the outcome that it flags; the false positive rate is the share of records without the outcome that it flags anyway (families investigated or screened in although nothing followed); the false negative rate is the share of records with the outcome that it misses; the positive predictive value is the share of flagged records that had the outcome.',
];

/** Notes of the grouping sections' distribution part. */
export const DISTRIBUTION_NOTES = [
  'How each group’s records spread over the scores. A group shifted to the right is scored as riskier; whether that is warranted is what the calibration chart above can tell.',
];

/** What the audit cannot say (closing section). */
export const LIMITS_NOTES = [
  'The oracle test: even a perfect predictor of this label would reproduce the label’s own biases. If the agency removes children of one group more readily at equal need, a perfect score predicts that, and the audit would call it accurate.',
  'Feedback: once a tool is used, it changes who is screened in, and so which outcomes are observed and learned from next.',
  'Decisions, not only scores: screeners, supervisors and overrides turn scores into decisions. A fair score can still feed unfair decisions; audit the decisions too (screen-in rates by score, override rates by supervisor).',
  'Choices are policy: the label, the population, the cut-off, household aggregation and the protocol are design decisions. Each changes these numbers; each should be documented and reviewable.',
];
