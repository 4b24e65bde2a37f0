/*
 * The numbers of a cdk8s-plus Probe, checked before it renders: its Durations become int32 seconds fields
 * (`initialDelaySeconds`, `periodSeconds`, `timeoutSeconds`: `format: int32` in the CRD schema) and its thresholds
 * int32 counts of at least 1 (core validation, ValidateProbe). cdk8s-plus converts each Duration with toSeconds(),
 * which throws on a fraction or on anything that is not a Duration, so these rules run first.
 */
import { Duration } from 'cdk8s';
import { Probe, ProbeOptions } from 'cdk8s-plus-28';
import { durationErrors, INT32_MAX, wholeNumberErrors } from './validation';

const PROBE_DURATIONS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds'] as const;

/**
 * Problems with the numbers of `probe` (a Probe), each naming `<field>.<option>`. cdk8s-plus-28's Probe keeps its
 * options in the `probeOptions` field; without it there is nothing to check here and rendering reports the rest.
 */
export function probeNumberErrors(probe: Probe, field: string): string[] {
  const options = (probe as unknown as { probeOptions?: ProbeOptions }).probeOptions;
  if (typeof options !== 'object' || options === null) return [];
  const errors: string[] = [];
  for (const prop of PROBE_DURATIONS) {
    errors.push(...durationErrors(options[prop] as Duration | undefined, `${field}.${prop}`, { min: 0, max: INT32_MAX }));
  }
  errors.push(...wholeNumberErrors(options.failureThreshold, `${field}.failureThreshold`, 1));
  errors.push(...wholeNumberErrors(options.successThreshold, `${field}.successThreshold`, 1));
  return errors;
}
