/**
 * The family pages' words: dates as people write them; the roles, record sources and record
 * kinds of the contract in plain language (no codes, no jargon); why other people's records are
 * private; and the agency's decision on the call.
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date as people write it: `2019-03-12` → `12 March 2019`. */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m === null ? iso : `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** An ISO datetime as people read it: `14:30 (UTC) on 12 March 2026`. */
export function longTime(iso: string): string {
  const m = /T(\d{2}:\d{2})/.exec(iso);
  return m === null ? longDate(iso) : `${m[1]} (UTC) on ${longDate(iso)}`;
}

/** A person's role on the referral, as the family reads it. */
export const ROLE_WORDS: Readonly<Record<string, string>> = {
  alleged_victim: 'a child the call was about',
  child: 'a child in the home',
  parent: 'a parent',
  alleged_perpetrator: 'an adult the call was about',
  other_adult: 'another adult in the home',
};

/** Where a record comes from (the contract's source, or an earlier referral). */
export const SOURCE_WORDS: Readonly<Record<string, string>> = {
  child_welfare: 'Child welfare agency',
  jail: 'County jail',
  juvenile_probation: 'Juvenile probation',
  behavioral_health: 'Mental health and drug or alcohol services',
  public_benefits: 'Public benefits office',
  birth: 'Birth records',
  referrals: 'Earlier call to the hotline',
};

/** What a record is (the contract's kinds; others are shown with spaces for underscores). */
export const KIND_WORDS: Readonly<Record<string, string>> = {
  placement: 'A child lived away from home (foster or kinship care)',
  investigation: 'An investigation',
  service: 'Family support services',
  booking: 'Booked into jail',
  supervision: 'On probation',
  mental_health: 'Mental health care',
  substance_use: 'Drug or alcohol treatment',
  tanf: 'Cash help (TANF)',
  snap: 'Food help (SNAP)',
  ssi: 'Disability income (SSI)',
  medicaid: 'Health coverage (Medicaid)',
  birth_record: 'Birth record',
  referral: 'A call to the hotline',
  screened_in: 'A call that was looked into',
};

/**
 * Why some people's records are shown as counts only (server/family/privacy.ts in plain words);
 * `children`: the page also shows the children's records (the reader is a parent on the call).
 */
export function privacyWords(children: boolean): string[] {
  return [
    `This page shows the details of your own records${children ? ' and your children’s records' : ''}.`,
    'For the other people named in the call, it shows only how many records the tool looked at. The details of other people’s records are kept private, to keep everyone safe.',
    'Each adult named in the call can ask the screener or supervisor for their own code, to see their own records.',
  ];
}

/** Said under a person whose records are kept private (an adult, or a child). */
export function privateDetails(adult: boolean): string {
  return adult
    ? 'The details of this person’s records are private. They can ask the screener or supervisor for their own code to see them.'
    : 'The details of this child’s records are private. They are shown only to the people named in the call as a parent.';
}

/**
 * The agency's decision on the call, in plain words: screened in or out and the date, or not yet
 * decided (`date` is YYYY-MM-DD).
 */
export function decisionWords(d: { outcome: 'in' | 'out'; decidedDate: string } | null): string[] {
  if (d === null) {
    return [
      'The agency has not decided yet whether to look into the call.',
      'This page will say what was decided once a supervisor has decided.',
    ];
  }
  const day = longDate(d.decidedDate);
  return d.outcome === 'in'
    ? [
        `On ${day}, the agency decided to look into the call. This is called “screened in” for investigation.`,
        'An investigator will look into what the caller reported. The investigator does not see the score.',
      ]
    : [
        `On ${day}, the agency decided not to look into the call. This is called “screened out”.`,
        'The call will not be investigated.',
      ];
}
