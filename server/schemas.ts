/**
 * The shapes of what people send to the service, as zod schemas (types inferred from them). Every
 * request body is checked against one of these before anything else happens.
 */
import { z } from 'zod';
import { ALLEGATION, CHANNEL, HISPANIC, RACE, ROLE, SEX } from '../src/contract/index.js';
import { STAFF_ROLES } from '../src/store/index.js';

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

/** The supervisor's decision; `reason` is required to screen out a mandatory screen-in. */
export const Decision = z.strictObject({
  decision: z.enum(['in', 'out']),
  reason: z.string().trim().max(2000, 'is longer than 2,000 characters').optional(),
});

/** Login. */
export const Login = z.strictObject({
  username: z.string().trim().min(1, 'is empty').max(100),
  password: z.string().min(1, 'is empty').max(1000),
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
