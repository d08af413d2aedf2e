/**
 * Outcome labels of each record (DATA-CONTRACT.md "What is derived"), as Int8Array with
 * 1 = happened, 0 = did not happen, −1 = not matured (the window ends after `as_of`; never 0).
 * - placement_2y: the child has a child_welfare/placement event starting on a day in
 *   [call day, call day + 730] (a placement dated on the call's day is an outcome of the call);
 *   matured when call day + 730 ≤ as_of.
 * - re_referral_2y: the child is named on another referral received in (received_at,
 *   received_at + 730 days]; matured likewise.
 * - household_*: any child on the referral has the outcome (−1 when not matured).
 */
import { MS_PER_DAY } from '../core/index.js';
import { SOURCE, type Extract } from '../contract/index.js';
import type { ExtractIndex } from './extract-index.js';
import type { RecordTable } from './records.js';

export const LABEL_NAMES = [
  'placement_2y',
  're_referral_2y',
  'household_placement_2y',
  'household_re_referral_2y',
] as const;
export type LabelName = (typeof LABEL_NAMES)[number];
export type Labels = Readonly<Record<LabelName, Int8Array>> & { readonly matured: Uint8Array };

const WINDOW_DAYS = 730;

/** Computes every label for the records. */
export function buildLabels(extract: Extract, ix: ExtractIndex, records: RecordTable): Labels {
  const n = records.n;
  const placementSlot = ix.slots.slotOf(SOURCE.indexOf('child_welfare'), 'placement');
  const placement = new Int8Array(n);
  const reReferral = new Int8Array(n);
  const matured = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = records.child[i]!;
    const day = records.callDay[i]!;
    const ms = records.receivedAt[i]!;
    matured[i] = day + WINDOW_DAYS <= extract.asOfDay ? 1 : 0;
    if (matured[i] === 0) {
      placement[i] = -1;
      reReferral[i] = -1;
      continue;
    }
    for (let k = ix.evStart[p]!; k < ix.evStart[p + 1]!; k++) {
      const d = ix.evDay[k]!;
      if (d > day + WINDOW_DAYS) break;
      if (d >= day && ix.evSlot[k] === placementSlot) {
        placement[i] = 1;
        break;
      }
    }
    for (let k = ix.personRefStart[p]!; k < ix.personRefStart[p + 1]!; k++) {
      const t = extract.referrals.received_at[ix.personRef[k]!]!;
      if (t > ms && t <= ms + WINDOW_DAYS * MS_PER_DAY) {
        reReferral[i] = 1;
        break;
      }
    }
  }
  return {
    placement_2y: placement,
    re_referral_2y: reReferral,
    household_placement_2y: householdAny(placement, records.household),
    household_re_referral_2y: householdAny(reReferral, records.household),
    matured,
  };
}

/** Per record: 1 if any record of its household is 1, −1 if the household is not matured. */
function householdAny(label: Int8Array, household: Uint32Array): Int8Array {
  const nh = household.length === 0 ? 0 : household[household.length - 1]! + 1;
  const h = new Int8Array(nh);
  for (let i = 0; i < label.length; i++) {
    const v = label[i]!;
    const k = household[i]!;
    if (v === -1) h[k] = -1;
    else if (v === 1 && h[k] !== -1) h[k] = 1;
  }
  const out = new Int8Array(household.length);
  for (let i = 0; i < household.length; i++) out[i] = h[household[i]!]!;
  return out;
}
