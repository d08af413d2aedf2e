/**
 * The shapes of what people send to the service, as zod schemas (types inferred from them). Every
 * request body is checked against one of these before anything else happens.
 */
import { z } from 'zod';
import { ALLEGATION, CHANNEL, HISPANIC, RACE, ROLE, SEX } from '../src/contract/index.js';
import { DISPUTE_GROUNDS, STAFF_ROLES } from '../src/store/index.js';

const ID = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(64, 'is longer than 64 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits and . _ : -');
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** A person named on a new call: an id known to the county, or a new person's details. */
export const CallPerson = z.strictObject({
  personId: ID,
  role: z.enum(ROLE),
  /** Only for someone the county has no record of. */
  birthDate: DATE.optional(),
  sex: z.enum(SEX).optional(),
  race: z.enum(RACE).optional(),
  hispanic: z.enum(HISPANIC).optional(),
});
export type CallPerson = z.infer<typeof CallPerson>;

const CHILD_ROLES = new Set(['alleged_victim', 'child']);

/** A new call (referral): who is named, what is alleged, when it came in. */
export const NewCall = z.strictObject({
  referralId: ID.optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  allegation: z.enum(ALLEGATION),
  channel: z.enum(CHANNEL).optional(),
  people: z
    .array(CallPerson)
    .min(1, 'must name at least one person')
    .max(40, 'may name at most 40 people')
    .refine((ps) => ps.some((p) => CHILD_ROLES.has(p.role)), {
      message: 'must name at least one child (role alleged_victim or child)',
    }),
});
export type NewCall = z.infer<typeof NewCall>;

const RATING = z.coerce
  .number()
  .int('must be 1, 2 or 3')
  .min(1, 'must be 1, 2 or 3')
  .max(3, 'must be 1, 2 or 3');

/** The screener's own ratings, entered before any score is shown. */
export const Ratings = z.strictObject({
  /** 1 low, 2 moderate, 3 high. */
  risk: RATING,
  /** 1 no threat, 2 impending danger, 3 present danger. */
  safety: RATING,
});

/** The screener's recommendation. */
export const Recommendation = z.strictObject({
  recommendation: z.enum(['in', 'out']),
  note: z.string().trim().max(2000, 'is longer than 2,000 characters').optional(),
});

/** The supervisor's decision; `reason` is required for an override (workflow/steps.ts). */
export const Decision = z.strictObject({
  decision: z.enum(['in', 'out']),
  reason: z.string().trim().max(2000, 'is longer than 2,000 characters').optional(),
});

/** Login. */
export const Login = z.strictObject({
  username: z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters'),
  password: z.string().min(1, 'is empty').max(1000, 'is longer than 1,000 characters'),
});

/** A new staff account (administrators only). */
export const NewUser = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9._-]{3,40}$/,
      'must be 3–40 lower-case letters, digits, dots, dashes or underscores',
    ),
  displayName: z.string().trim().min(1, 'is empty').max(100),
  role: z.enum(STAFF_ROLES),
  password: z.string().min(12, 'needs at least 12 characters').max(1000),
});

/** Staff give (or withdraw) family access for an adult named on a referral. */
export const FamilyCodeRequest = z.strictObject({
  referralId: ID,
  personId: ID,
});
export type FamilyCodeRequest = z.infer<typeof FamilyCodeRequest>;

/** A family member's typed access code (normalised and checked by server/family/code.ts). */
export const FamilySignIn = z.strictObject({
  code: z.string().max(100, 'is longer than 100 characters'),
});
/** A record as the records-read list names it: `event:<store id>` or `referral:<earlier referral>`. */
const RECORD_ID = z
  .string()
  .trim()
  .regex(
    /^(event:[1-9][0-9]{0,14}|referral:[A-Za-z0-9._:-]{1,64})$/,
    'must be event:NUMBER or referral:ID (a record from the records-read list)',
  );

/** What a record should say instead (every field optional: only what changes). */
export const RecordCorrection = z.strictObject({
  kind: z
    .string()
    .trim()
    .regex(/^[a-z][a-z_]{0,39}$/, 'must be a kind of record such as placement or booking')
    .optional(),
  startDate: DATE.optional(),
  /** null: the record has no end (a point event, or still open). */
  endDate: DATE.nullable().optional(),
});
export type RecordCorrection = z.infer<typeof RecordCorrection>;

const disputeShape = {
  /** The person whose record it is (someone on the referral). */
  personId: ID,
  recordId: RECORD_ID,
  grounds: z.enum(DISPUTE_GROUNDS),
  note: z.string().trim().max(2000, 'is longer than 2,000 characters').optional(),
  /** What the person raising it says the record should be. */
  proposed: RecordCorrection.optional(),
};

/** A dispute as a family page sends it (the referral comes from the family's access). */
export const DisputeRequest = z.strictObject(disputeShape);
export type DisputeRequest = z.infer<typeof DisputeRequest>;

/** A dispute as staff send it: on a record of a person on one of their calls. */
export const NewDispute = z.strictObject({ referralId: ID, ...disputeShape });
export type NewDispute = z.infer<typeof NewDispute>;

/** The shortest reason a reviewer may give for a decision on a dispute. */
export const MIN_REVIEW_REASON = 10;

/** A reviewer's decision on a dispute: a reason always; a correction for `wrong`/`out_of_date`. */
export const DisputeDecision = z.strictObject({
  outcome: z.enum(['accept', 'reject']),
  reason: z
    .string({ error: 'is required' })
    .trim()
    .min(MIN_REVIEW_REASON, `is required (at least ${MIN_REVIEW_REASON} characters)`)
    .max(2000, 'is longer than 2,000 characters'),
  correction: RecordCorrection.optional(),
});
export type DisputeDecision = z.infer<typeof DisputeDecision>;
