/**
 * The inference helpers against independent values: χ² and normal tails and quantiles from SciPy
 * 1.17 (scipy.stats.chi2.sf, norm.ppf), ln Γ from Python's math.lgamma, the Mantel–Haenszel odds
 * ratio and its Robins–Breslow–Greenland standard error worked by hand on two strata, and the
 * Hanley–McNeil standard error from its formula.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aucStandardError,
  chiSquareSurvival,
  homogeneity,
  lnGamma,
  mantelHaenszel,
  normalQuantile,
  rateCell,
  twoSidedP,
} from '../../../src/audit/index.js';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('χ² and normal tails match SciPy', () => {
  close(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-12, 'chi2 df 1');
  close(chiSquareSurvival(18.307038053275146, 10), 0.05, 1e-12, 'chi2 df 10');
  close(chiSquareSurvival(100, 60), 0.0009168288614560842, 1e-12, 'chi2 df 60');
  close(chiSquareSurvival(0.5, 3), 0.9188914116546758, 1e-12, 'chi2 df 3, small x');
  close(chiSquareSurvival(250, 200), 0.009379131668826098, 1e-11, 'chi2 df 200');
  assert.equal(chiSquareSurvival(0, 4), 1);
  assert.ok(Number.isNaN(chiSquareSurvival(1, 0)));
  close(twoSidedP(3.2905267314919255), 0.001, 1e-12, 'two-sided p');
  close(lnGamma(0.5), 0.5723649429247004, 1e-13, 'lgamma 0.5');
  close(lnGamma(10.5), 13.940625219403763, 1e-12, 'lgamma 10.5');
  close(lnGamma(100), 359.1342053695754, 1e-10, 'lgamma 100');
});

test('the normal quantile matches SciPy to 1e-8', () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-8, '0.975');
  close(normalQuantile(0.001), -3.090232306167813, 1e-8, '0.001');
  close(normalQuantile(0.9999), 3.719016485455709, 1e-8, '0.9999');
  close(normalQuantile(0.3), -0.5244005127080409, 1e-8, '0.3');
  assert.equal(normalQuantile(0), -Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});

test('Mantel–Haenszel odds ratio and RBG standard error, worked by hand on two strata', () => {
  // Stratum 1: a=10 b=20 c=15 d=30, n=75: R = ad/n = 4, S = bc/n = 4, P = 40/75, Q = 35/75.
  // Stratum 2: a=5 b=12 c=8 d=25, n=50: R = 2.5, S = 1.92, P = 0.6, Q = 0.4.
  // OR = (4 + 2.5) / (4 + 1.92) = 6.5 / 5.92 = 1.0979730.
  // Var(ln OR) = ΣPR/(2(ΣR)²) + Σ(PS+QR)/(2ΣRΣS) + ΣQS/(2(ΣS)²)
  //           = 3.633333/84.5 + 6.152/76.96 + 2.634667/70.0928 = 0.1605239; SE = 0.4006544.
  const o = mantelHaenszel([
    { a: 10, b: 20, c: 15, d: 30 },
    { a: 5, b: 12, c: 8, d: 25 },
  ]);
  close(o.oddsRatio, 6.5 / 5.92, 1e-12, 'OR');
  close(o.se, 0.4006543666187322, 1e-12, 'SE');
  close(o.lo, 0.5006728421829705, 1e-12, 'lower bound');
  assert.equal(o.informativeStrata, 2);
  assert.equal(o.n, 125);
  // A stratum holding only exposed rows carries no information.
  const same = mantelHaenszel([
    { a: 10, b: 20, c: 15, d: 30 },
    { a: 7, b: 3, c: 0, d: 0 },
  ]);
  assert.equal(same.oddsRatio, 1);
  assert.equal(same.informativeStrata, 1);
  assert.ok(Number.isNaN(mantelHaenszel([{ a: 0, b: 5, c: 0, d: 5 }]).oddsRatio));
});

test('Hanley–McNeil standard error and the homogeneity test', () => {
  // Q1 = 0.8/1.2, Q2 = 1.28/1.8; SE² = (0.16 + 49(Q1 − 0.64) + 149(Q2 − 0.64)) / 7500.
  close(aucStandardError(0.8, 50, 150), 0.040103569620375396, 1e-12, 'HM SE');
  assert.ok(Number.isNaN(aucStandardError(0.8, 0, 10)));
  // Two cells 10/100 and 30/100: pooled 0.2, χ² = (10−20)²/16 + (30−20)²/16 = 12.5 on 1 df.
  const h = homogeneity([rateCell(10, 100), rateCell(30, 100)]);
  assert.equal(h.chiSquare, 12.5);
  assert.equal(h.df, 1);
  close(h.p, chiSquareSurvival(12.5, 1), 0, 'p');
});
