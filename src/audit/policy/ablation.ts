/**
 * `runAblation`: feature-group ablation (Gerchick et al. 2023, Table 2 and Figures 2–3). For each
 * group the LASSO is retrained without it by the identical procedure — same training rows, same
 * grouped folds, same CV parameters and λ rule, scale refitted the same way (refit.ts) — then
 * compared with the base model on the evaluation records: the AUC change with a paired interval,
 * the change in disparities under the deployed protocol, who crosses the high-risk line (counts
 * by household race and by whether the household is marked by the group; the records only when
 * asked for), the household-size view with and without the "ever-in" features, and the
 * multiplicity of equally good models across λs, feature groups and fold seeds.
 */
import { z } from 'zod';
import { issue, type Issue } from '../../core/index.js';
import { groupKFold } from '../../split/index.js';
import { modelSummary } from '../../scoring/index.js';
import type { PolicyContext } from './context.js';
import {
  FEATURE_GROUP_NAMES,
  featureGroup,
  resolveGroup,
  type FeatureGroupDef,
  type ResolvedGroup,
} from './groups.js';
import { householdMarks, pairedComparison, type PairedMeasure } from './paired.js';
import { crossings, type CrossingCount, type CrossingRecord } from './crossings.js';
import { householdSizeView, type HouseholdSizeRow } from './household-size.js';
import {
  basePath,
  refitAll,
  refitData,
  type Refit,
  type RefitData,
  type RefitJob,
} from './refit.js';
import {
  multiplicity,
  multiplicityFit,
  type MultiplicityFit,
  type MultiplicityResult,
} from './multiplicity.js';
import { scoreAlternative, scoreBase, type ScoredModel } from './scored.js';
import { everInMarks } from './replay.js';

/** Version tag of ablation report data. */
export const ABLATION_REPORT_VERSION = 'sightline-ablation/1';

/** Options of an ablation (parse `{}` for the defaults). */
export const AblationOptions = z.strictObject({
  /** Groups to drop, one retraining each: named or user-defined (see groups.ts). */
  groups: z
    .array(z.string())
    .min(1)
    .default([...FEATURE_GROUP_NAMES]),
  replicates: z.number().int().min(0).max(100_000).default(1000),
  seed: z.number().int().default(1),
  /** Return the records of households that cross the high-risk line (identifying: analysts only). */
  records: z.boolean().default(false),
  /** Extra fold seeds for the multiplicity analysis (each is one more CV of the base features). */
  seeds: z.number().int().min(0).max(20).default(0),
  /** Qualifying λs scored per path in the multiplicity analysis. */
  maxPerPath: z.number().int().min(1).max(100).default(8),
  /**
   * Retrainings in flight at once (default 2). Above 1, each CV runs on `threads` worker threads
   * (default 2) with the calling thread free, so their serial steps overlap; 1 runs them one by
   * one on every core. The results are the same either way.
   */
  concurrency: z.number().int().min(1).max(16).default(2),
  /** Threads for each CV (see concurrency). */
  threads: z.number().int().min(1).optional(),
});
export type AblationOptionsInput = z.input<typeof AblationOptions>;

/** One retraining without a group. */
export interface AblationResult {
  readonly group: string;
  readonly description: string;
  /** Features of the group dropped, and those of them the base model gives a non-zero weight. */
  readonly dropped: number;
  readonly droppedNonzero: readonly string[];
  /** The retrained model: non-zero features, λ_1se (or λ_min), λ_min; null when nothing was dropped. */
  readonly model: {
    readonly nonzero: number;
    readonly lambda: number;
    readonly lambdaMin: number;
  } | null;
  readonly comparison: readonly PairedMeasure[];
  readonly crossings: readonly CrossingCount[];
  readonly records: readonly CrossingRecord[] | null;
  readonly issues: readonly Issue[];
}

/** The ablation report data (`sightline-ablation/1`). */
export interface AblationReport {
  readonly report: typeof ABLATION_REPORT_VERSION;
  readonly model: {
    readonly summary: string;
    readonly protocol: string;
    readonly lambda: number | null;
  };
  readonly evaluation: { readonly description: string; readonly records: number };
  readonly ablations: readonly AblationResult[];
  readonly householdSize: readonly HouseholdSizeRow[] | null;
  readonly multiplicity: MultiplicityResult;
  readonly options: Omit<z.infer<typeof AblationOptions>, 'threads' | 'concurrency'>;
  readonly issues: readonly Issue[];
}

/** What a caller may want to hear while the retrainings run (never printed by the library). */
export type Progress = (message: string) => void;

interface Fitted {
  readonly result: AblationResult;
  readonly scored: ScoredModel;
  readonly refit: Refit | null;
}

/** The comparison of one group's retraining (r; null when the group had nothing to drop). */
function compareOne(
  ctx: PolicyContext,
  base: ScoredModel,
  g: FeatureGroupDef,
  group: ResolvedGroup,
  r: Refit | null,
  o: z.infer<typeof AblationOptions>,
): Fitted {
  const d = ctx.file.model;
  const drop = new Set(group.features);
  const nonzero =
    d.kind === 'lasso' ? d.features.filter((f, j) => drop.has(f) && d.coefficients[j] !== 0) : [];
  const mark = householdMarks(ctx, group.features);
  const issues: Issue[] = [];
  if (r === null) {
    issues.push(
      issue(
        'W_ABLATE_EMPTY',
        'warning',
        `the model has no feature in group ${g.name}: nothing to drop, so the base model stands.`,
      ),
    );
  } else issues.push(...r.cv.issues.filter((i) => i.severity !== 'info'));
  const scored =
    r === null
      ? base
      : scoreAlternative(ctx, `without ${g.name.replace(/_/g, ' ')}`, r.probability);
  const cross = crossings(ctx, base, scored, { records: o.records, mark });
  const m = r?.cv.model;
  return {
    scored,
    refit: r,
    result: {
      group: g.name,
      description: g.description,
      dropped: drop.size,
      droppedNonzero: nonzero,
      model:
        m === undefined
          ? null
          : {
              nonzero: m.coefficients.filter((b) => b !== 0).length,
              lambda: m.lambda!,
              lambdaMin: m.lambdaMin!,
            },
      comparison: pairedComparison(ctx, base, scored, {
        replicates: o.replicates,
        seed: o.seed,
        mark,
      }),
      crossings: cross.counts,
      records: cross.records,
      issues,
    },
  };
}

/** The base model as a multiplicity fit (its path refitted: the file keeps only the curve). */
function baseFit(d: RefitData): MultiplicityFit {
  const cv = d.base.cv!;
  const chosen = Math.max(0, cv.lambda.indexOf(d.base.lambda!));
  return {
    id: 'base',
    source: 'base',
    label: 'base model',
    path: basePath(d),
    cvm: cv.cvm,
    cvsd: cv.cvsd,
    chosen,
  };
}

/**
 * Runs the ablation of every group in `o.groups` (user-defined groups come in `defined`).
 * @throws (as a rejection) SightlineError E_POLICY_REFIT when the model cannot be retrained;
 *   E_USAGE for an unknown group.
 * @example const report = await runAblation(ctx, { groups: ['juvenile_probation'] });
 */
export async function runAblation(
  ctx: PolicyContext,
  options: AblationOptionsInput = {},
  defined: readonly FeatureGroupDef[] = [],
  progress: Progress = () => undefined,
): Promise<AblationReport> {
  const o = AblationOptions.parse(options);
  const defs = o.groups.map((name) => featureGroup(name, defined));
  const d = refitData(ctx);
  const base = scoreBase(ctx);
  const groups = defs.map((g) => resolveGroup(g, d.base.features, ctx.fs.catalog));
  const tr = ctx.file.training!;
  const keys = { household: ctx.fs.records.household, child: ctx.fs.records.child };
  const jobs: RefitJob[] = [];
  const jobGroup: number[] = [];
  groups.forEach((g, i) => {
    if (g.features.length === 0) return;
    const drop = new Set(g.features);
    const keep = d.base.features.filter((f) => !drop.has(f));
    jobs.push({ keep, folds: ctx.folds!, label: `retraining without ${g.name}` });
    jobGroup.push(i);
  });
  for (let s = 1; s <= o.seeds; s++) {
    const folds = groupKFold(keys, ctx.split.train, tr.folds, tr.seed + s);
    jobs.push({ keep: d.base.features, folds, label: `retraining with fold seed ${tr.seed + s}` });
  }
  // Each retraining is compared with the base model as soon as it is done, while others run.
  const fitted = new Array<Fitted>(defs.length);
  const compare = (i: number, r: Refit | null): void => {
    fitted[i] = compareOne(ctx, base, defs[i]!, groups[i]!, r, o);
  };
  groups.forEach((g, i) => {
    if (g.features.length === 0) compare(i, null);
  });
  const run = await refitAll(
    ctx,
    d,
    jobs,
    {
      concurrency: o.concurrency,
      ...(o.threads === undefined ? {} : { threads: o.threads }),
      progress,
    },
    () => baseFit(d),
    (k, r) => {
      if (k < jobGroup.length) compare(jobGroup[k]!, r);
    },
  );
  progress('scoring the models within one standard error');
  const fits: MultiplicityFit[] = [run.during];
  for (const f of fitted) {
    if (f.refit === null) continue;
    fits.push(
      multiplicityFit(
        `without:${f.result.group}`,
        'features',
        `without ${f.result.group}`,
        f.refit.cv,
      ),
    );
  }
  run.refits.slice(jobGroup.length).forEach((r, s) => {
    const seed = tr.seed + s + 1;
    fits.push(multiplicityFit(`seed:${seed}`, 'seed', `fold seed ${seed}`, r.cv));
  });
  const everIn = fitted.find((f) => f.result.group === 'ever_in');
  const everMark = everInMarks(ctx);
  const shown = {
    groups: o.groups,
    replicates: o.replicates,
    seed: o.seed,
    records: o.records,
    seeds: o.seeds,
    maxPerPath: o.maxPerPath,
  };
  return {
    report: ABLATION_REPORT_VERSION,
    model: {
      summary: modelSummary(ctx.file.model).text,
      protocol: `${ctx.file.protocol.name} v${ctx.file.protocol.version}`,
      lambda: d.base.lambda,
    },
    evaluation: { description: ctx.evaluation, records: ctx.split.test.length },
    ablations: fitted.map((f) => f.result),
    householdSize: householdSizeView(
      ctx,
      everIn === undefined ? [base] : [base, everIn.scored],
      everMark,
    ),
    multiplicity: multiplicity(ctx, d, fits, o.maxPerPath),
    options: shown,
    issues: [...ctx.issues],
  };
}
