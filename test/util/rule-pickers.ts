/** Arbitraries and types the one-rule-broken files for InferenceGraph and monitoring share. */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { KServeSchemaVersion } from './schema-validator';
import { KServeVersion } from '../../src';

export const RUNS = { seed: 20261125, numRuns: 6 };

export const version = fc.constantFrom(KServeVersion.V0_13, KServeVersion.V0_20);
export const schemaOf = (v: KServeVersion) => v.name as KServeSchemaVersion;
/** Short DNS-1123 labels that start with a letter (valid InferenceService, graph and namespace names). */
export const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?$/);
/** Chooses among equivalent ways of breaking a rule. */
export const pick = fc.nat({ max: 11 });
export const oneOf = <T>(values: T[], n: number): T => values[n % values.length];
/** Seconds as a Duration; fractions exercise the whole-seconds rules. */
export const secs = (s: number) => Duration.millis(Math.round(s * 1000));

/** A breaker: the rule, how it breaks a valid case, and what the error line must name. */
export interface Breaker<C> {
  readonly rule: string;
  readonly breakIt: (c: C) => C;
  readonly field: (c: C) => string | RegExp;
}
