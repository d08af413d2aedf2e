/**
 * Import of an externally trained logistic model (a county's, fitted elsewhere) given as a CSV
 * table of coefficients on the original feature scale:
 *
 *     feature,coefficient
 *     (Intercept),-1.2
 *     prior_referrals_2y,0.31
 *
 * The result is a LASSO model file (`kind: 'lasso'`) with the λ and CV fields null, so it is
 * scored, explained and audited exactly like a model fitted here.
 */
import { sha256 } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { parseLassoModel } from './lasso-model.js';
import type { LassoModel } from './lasso-model.js';
import { coefficientLineIssue, coefficientTableError } from './messages.js';

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTERCEPT_RE = /^\(?intercept\)?$/i;

/** Splits one CSV line into fields ("" escapes a quote inside a quoted field); null if malformed. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    while (line[i] === ' ') i++;
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else field += line[i++];
      }
      while (line[i] === ' ') i++;
      if (i < line.length && line[i] !== ',') return null;
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end).trim();
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}

interface Row {
  readonly line: number;
  readonly feature: string;
  readonly value: number;
}

function parseRow(text: string, line: number, issues: Issue[]): Row | null {
  const fields = splitCsvLine(text);
  if (fields === null) {
    issues.push(coefficientLineIssue(line, text, 'unbalanced quotes; quote a field as "…"'));
    return null;
  }
  if (fields.length !== 2) {
    const problem = `${fields.length} fields; expected 2 (feature,coefficient)`;
    issues.push(coefficientLineIssue(line, text, problem));
    return null;
  }
  const [feature, raw] = fields as [string, string];
  if (feature.trim() === '') {
    issues.push(coefficientLineIssue(line, text, 'empty feature name; name the feature'));
    return null;
  }
  const value = Number(raw);
  if (!NUMBER_RE.test(raw) || !Number.isFinite(value)) {
    const problem = `coefficient of ${feature} is "${raw}", not a finite number; write a decimal number such as -0.25 or 1.5e-3`;
    issues.push(coefficientLineIssue(line, raw, problem));
    return null;
  }
  return { line, feature: feature.trim(), value: value === 0 ? 0 : value };
}

function checkHeader(text: string | undefined, issues: Issue[]): void {
  const fields = text === undefined ? null : splitCsvLine(text);
  const names = fields?.map((f) => f.toLowerCase());
  if (names?.length !== 2 || names[0] !== 'feature' || names[1] !== 'coefficient') {
    const problem = `header is "${text ?? ''}"; expected feature,coefficient`;
    issues.push(coefficientLineIssue(1, text ?? '', problem));
  }
}

/**
 * Reads a coefficient table (CSV with header `feature,coefficient`, one row per feature and one
 * `(Intercept)` or `intercept` row; blank lines ignored; fields may be "quoted") into a model.
 * Every problem is collected before failing, each with its line number and the value found.
 * @throws SightlineError E_MODEL_COEF_TABLE with `details.issues` listing each bad line.
 * @example const model = importCoefficientTable('feature,coefficient\n(Intercept),-1\nage,0.1\n');
 */
export function importCoefficientTable(csvText: string): LassoModel {
  const lines = csvText.replace(/^\uFEFF/, '').split(/\r?\n/);
  const issues: Issue[] = [];
  checkHeader(lines[0], issues);
  const rows: Row[] = [];
  const seen = new Map<string, number>();
  let intercept: Row | null = null;
  for (let k = 1; k < lines.length; k++) {
    if (lines[k]!.trim() === '') continue;
    const row = parseRow(lines[k]!, k + 1, issues);
    if (row === null) continue;
    const isIntercept = INTERCEPT_RE.test(row.feature);
    const key = isIntercept ? '(Intercept)' : row.feature;
    const first = seen.get(key);
    if (first !== undefined) {
      const problem = `${key} appears again (first on line ${first}); keep one row per feature`;
      issues.push(coefficientLineIssue(row.line, row.feature, problem));
      continue;
    }
    seen.set(key, row.line);
    if (isIntercept) intercept = row;
    else rows.push(row);
  }
  if (intercept === null) {
    issues.push(
      coefficientLineIssue(undefined, '', 'no (Intercept) row; add "(Intercept),<value>"'),
    );
  }
  if (issues.length > 0 || intercept === null) throw coefficientTableError(issues);
  return logisticModel(
    rows.map((r) => r.feature),
    intercept.value,
    rows.map((r) => r.value),
    sha256(csvText),
  );
}

/**
 * A logistic model given by its coefficients (no λ path, no cross-validation), as a coefficient
 * table describes one; `tableSha256` names the table it came from.
 * @throws SightlineError E_MODEL_FILE when the lengths differ or a feature repeats.
 * @example logisticModel(['demographics.age'], -2, [0.1], sha256(csvText))
 */
export function logisticModel(
  features: readonly string[],
  intercept: number,
  coefficients: readonly number[],
  tableSha256: string,
): LassoModel {
  return parseLassoModel({
    kind: 'lasso',
    schemaVersion: 1,
    link: 'logit',
    features: [...features],
    intercept,
    coefficients: [...coefficients],
    lambda: null,
    lambdaMin: null,
    lambdaOneSe: null,
    rule: null,
    cv: null,
    params: null,
    source: { kind: 'coefficient-table', sha256: tableSha256 },
  });
}
