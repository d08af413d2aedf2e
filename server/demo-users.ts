/**
 * The demo service's accounts (`sightline serve --demo` only; the README lists them): one per
 * role, all with the same published password. Never use these outside the demo.
 */
import type { StaffRole } from '../src/store/index.js';

/** The demo accounts' shared password. */
export const DEMO_PASSWORD = 'sightline-demo';

/** One demo account per role. */
export const DEMO_USERS: readonly { username: string; displayName: string; role: StaffRole }[] = [
  { username: 'screener', displayName: 'Sam Screener', role: 'screener' },
  { username: 'supervisor', displayName: 'Pat Supervisor', role: 'supervisor' },
  { username: 'investigator', displayName: 'Ira Investigator', role: 'investigator' },
  { username: 'analyst', displayName: 'Ana Analyst', role: 'analyst' },
  { username: 'admin', displayName: 'Ada Administrator', role: 'administrator' },
  { username: 'reviewer', displayName: 'Rey Reviewer', role: 'reviewer' },
];
