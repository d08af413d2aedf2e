/**
 * The decision sections of the process report: screen-in by score, the screener's ratings against
 * the score, reliance, protocol agreement, overrides, the screener's tilt, the four-way table and
 * decisions on a wrong score. Text and tables from report.json only.
 */
import type { DisparityResult, ProcessReport } from '../audit/index.js';
import { table } from './audit-tables.js';
import { chartFigure } from './chart.js';
import type { Section } from './html.js';
import { fourWaySpec, ratingsSpec, screenInByScoreSpec, supervisorSpec } from './process-charts.js';
import { count, num, oddsRatioText, pct, pointsText, rateText } from './process-format.js';

/** Groups in report order (each household race group, then all). */
const groupsOf = (r: ProcessReport) => [
  ...new Set([...r.screenInByScore.map((x) => x.group), 'all']),
];

/** Screen-in rate by score and group. */
export async function scoreSection(r: ProcessReport): Promise<Section> {
  const groups = groupsOf(r);
  const scores = [...new Set(r.screenInByScore.map((x) => x.score))].sort((a, b) => a - b);
  const fig =
    r.screenInByScore.length === 0
      ? '<p class="meta">No decided referral in scope has a score.</p>'
      : await chartFigure(
          'screen-in-by-score',
          `Screen-in rate at each score (${r.score.description}), with 95% intervals`,
          'Screen-in rate rises with the score; lines by household race',
          screenInByScoreSpec(r.screenInByScore, groups),
        );
  return {
    id: 'by-score',
    title: 'Screen-in rate by score',
    notes: [
      `Referrals the screening decided (not required by law), with ${r.score.description}. If people followed the score, the rate would rise steeply with it; a gap between groups at the same score means the same score led to different decisions.`,
    ],
    html: `${fig}\n${table(
      'Screen-in rate by score and household race (95% Wilson intervals)',
      ['score', ...groups],
      scores.map((s) => [
        String(s),
        ...groups.map((g) => {
          const c = r.screenInByScore.find((x) => x.score === s && x.group === g);
          return c ? rateText(c) : '—';
        }),
      ]),
    )}`,
  };
}

/** The screener's ratings against the score, and reliance on each. */
export async function ratingsSection(r: ProcessReport): Promise<Section> {
  const fig = await chartFigure(
    'ratings',
    'Screen-in rate (colour) and mean shown score (number) for each risk × safety rating',
    'Heatmap of screener ratings',
    ratingsSpec(r.ratings),
  );
  const rel = table(
    'How well each predicts the screen-in decision (AUC, 95% Hanley–McNeil interval), referrals the screener decided',
    ['group', 'referrals', 'risk × safety (1–9)', 'score', 'rank correlation of the two'],
    r.reliance.map((x) => [
      x.group,
      count(x.n),
      `${num(x.ratings.value)} (${num(x.ratings.lo)} to ${num(x.ratings.hi)})`,
      `${num(x.score.value)} (${num(x.score.lo)} to ${num(x.score.hi)})`,
      num(x.correlation, 2),
    ]),
  );
  const all = r.reliance.find((x) => x.group === 'all');
  const lean =
    all && all.ratings.value > all.score.value
      ? 'their own ratings more than on the score'
      : 'the score at least as much as on their own ratings';
  return {
    id: 'ratings',
    title: 'The screener’s own view against the score',
    notes: [
      'Screeners enter a risk rating (1 low – 3 high) and a safety rating (1 no threat – 3 present danger) before any score is shown. The AUC says how well each sorts screened-in from screened-out referrals: higher means the decision follows it more closely.',
      all
        ? `Over all groups, decisions follow ${lean} (AUC ${num(all.ratings.value)} for the ratings, ${num(all.score.value)} for the score).`
        : '',
    ].filter((t) => t !== ''),
    html: `${fig}\n${rel}`,
  };
}

/** Agreement of decisions with the protocol's default. */
export function protocolSection(r: ProcessReport): Section {
  const text = {
    in: 'screen in (mandatory unless overridden)',
    out: 'screen out (recommended)',
    none: 'none: the screener decides',
  };
  return {
    id: 'protocol',
    title: 'Decisions against the protocol’s default',
    notes: [
      'For referrals with a protocol shown: how often the decision was the default. For "none" the column is the screen-in rate.',
    ],
    html: table(
      'Decisions equal to the protocol’s default (95% Wilson intervals)',
      ['protocol', 'default', 'group', 'decided as the default'],
      r.protocolAgreement.map((a) => [a.protocol, text[a.default], a.group, rateText(a.followed)]),
    ),
  };
}

/** Crude rates, contrast and adjusted odds ratio of a disparity. */
function disparityTables(d: DisparityResult, what: string): string {
  const rates = table(
    `${what} by household race (95% Wilson intervals)`,
    ['group', what],
    d.byGroup.map((g) => [g.group, rateText(g)]),
  );
  const contrasts = table(
    `Against ${d.reference} households: crude difference (Newcombe interval) and odds ratio within strata of ${d.strata} (Mantel–Haenszel, Robins–Breslow–Greenland interval)`,
    ['group', 'crude difference', 'adjusted odds ratio'],
    d.contrasts.map((c, k) => [c.group, pointsText(c), oddsRatioText(d.adjusted[k]!)]),
  );
  return `${rates}\n${contrasts}`;
}

/** Overrides by group and supervisor. */
export async function overrideSection(r: ProcessReport): Promise<Section> {
  const o = r.overrides;
  const all = o.disparity.byGroup.find((g) => g.group === 'all');
  const h = o.homogeneity;
  const fig =
    o.bySupervisor.length === 0
      ? ''
      : await chartFigure(
          'supervisors',
          'Override rate of each supervisor, with 95% intervals (dashed: all supervisors)',
          'Override rates by supervisor',
          supervisorSpec(o.bySupervisor, all?.rate ?? NaN),
        );
  return {
    id: 'overrides',
    title: 'Overrides of the high-risk protocol',
    notes: [
      `${count(o.rows)} referrals were shown the high-risk protocol (a mandatory screen-in unless a supervisor overrides); ${all ? rateText(all) : '—'} were overridden.`,
      Number.isFinite(h.p)
        ? `Do supervisors differ? χ² = ${num(h.chiSquare, 1)} on ${h.df} degrees of freedom, p = ${h.p < 0.001 ? h.p.toExponential(1) : num(h.p, 3)} (supervisors with enough cases only).`
        : 'Too few supervisors with enough cases to test whether they differ.',
      'The adjusted odds ratio compares Black and non-Black households overridden by the same supervisor for calls the screener rated alike; above 1 means Black households’ mandatory screen-ins are overridden more.',
    ],
    html: `${disparityTables(o.disparity, 'Override rate')}\n${fig}`,
  };
}

/** The screener's tilt by household race. */
export function tiltSection(r: ProcessReport): Section {
  return {
    id: 'tilt',
    title: 'Screeners’ decisions by household race',
    notes: [
      `${count(r.screenerTilt.rows)} referrals the screener decided (not required by law, not under the high-risk protocol). The adjusted odds ratio compares households the same screener rated alike, for the same allegation, shown score, number of children and prior referrals; above 1 means Black households are screened in more at what the record shows as equal.`,
    ],
    html: disparityTables(r.screenerTilt, 'Screen-in rate'),
  };
}

/** The four-way table and the gaps. */
export async function fourWaySection(r: ProcessReport): Promise<Section> {
  const f = r.fourWay;
  if (f === null)
    return {
      id: 'four-way',
      title: 'Tool alone against people',
      notes: ['No decided referral in scope has a score.'],
      html: '',
    };
  const groups = f.rows.map((x) => x.group);
  const cells = table(
    `Four-way table: the tool says in when ${f.rule}`,
    [
      'group',
      'referrals',
      'tool in, people in',
      'tool in, people out',
      'tool out, people in',
      'tool out, people out',
      'tool alone: screened in',
      'people: screened in',
    ],
    f.rows.map((x) => [
      x.group,
      count(x.n),
      count(x.toolInPeopleIn),
      count(x.toolInPeopleOut),
      count(x.toolOutPeopleIn),
      count(x.toolOutPeopleOut),
      rateText(x.toolAlone),
      rateText(x.actual),
    ]),
  );
  const gaps = table(
    `Screen-in gap to ${f.reference} households (Newcombe intervals; change: Wald interval on paired differences)`,
    ['group', 'gap, tool alone', 'gap, people', 'change made by people'],
    f.gaps.map((g) => [
      g.group,
      pointsText(g.toolAlone),
      pointsText(g.actual),
      pointsText(g.change),
    ]),
  );
  const fig = await chartFigure(
    'four-way',
    'Screen-in rate by household race: the tool alone against people',
    'Bars of screen-in rates',
    fourWaySpec(f, groups),
  );
  return {
    id: 'four-way',
    title: 'Tool alone against people (Cheng et al. 2022)',
    notes: [
      'Had the tool alone decided, who would have been screened in, and how far apart would the groups be? Cheng et al. (2022) found Allegheny’s screeners narrowed a Black–white gap of about 20 points under the tool alone to about 9.',
      ...f.gaps.map(
        (g) =>
          `Gap for ${g.group} households: ${pointsText(g.toolAlone)} under the tool alone, ${pointsText(g.actual)} as people decided.`,
      ),
    ],
    html: `${fig}\n${cells}\n${gaps}`,
  };
}

/** Decisions on a wrong score. */
export function glitchSection(r: ProcessReport): Section {
  const g = r.glitch;
  if (g === null) {
    return {
      id: 'glitch',
      title: 'Decisions made on a wrong score',
      notes: [
        'Not checked: it needs the score recomputed now by the deployed model (--model, or --recomputed with a table of correct scores) and shown scores in the extract.',
      ],
      html: '',
    };
  }
  return {
    id: 'glitch',
    title: 'Decisions made on a wrong score',
    notes: [
      `${count(g.compared)} referrals have both a shown and a recomputed score; ${count(g.differing.at(-1)!.k)} differ (${pct(g.differing.at(-1)!.rate, 2)}).`,
      'If people acted on what they saw, the actual screen-in rate of a wrongly shown referral is near the rate at the shown score, not at the correct one.',
      ...(g.mostDiffer
        ? [
            'Most recomputed scores differ from the shown ones: the recomputing model is probably not the one that was deployed, and this check then means little.',
          ]
        : []),
    ],
    html: `${table(
      'Shown score differs from the recomputed one, by household race',
      ['group', 'differs'],
      g.differing.map((d) => [d.group, rateText(d)]),
    )}
${table(
  'How people acted on wrong scores',
  [
    'direction',
    'referrals',
    'mean error (points)',
    'screened in',
    'expected at the shown score',
    'expected at the correct score',
    'shown high-risk',
    'overridden',
  ],
  g.directions.map((d) => [
    d.direction.replace('_', ' '),
    count(d.referrals),
    num(d.meanAbsoluteError, 1),
    rateText(d.screenIn),
    pct(d.expectedAtShown),
    pct(d.expectedAtCorrect),
    count(d.shownHigh),
    count(d.overrides),
  ]),
)}`,
  };
}
