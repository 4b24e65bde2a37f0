/**
 * The converter's autoscaling part (issue #21): a predictor's scaling fields (`scaleMetric`, `scaleTarget`,
 * `autoScaling`, the replica bounds, `containerConcurrency`), the autoscaler class annotations of the InferenceService
 * and the Knative annotations a policy writes on the component, as one `Autoscaling.*` factory call. A candidate
 * policy is built and rendered by the library itself; it is kept only when it writes exactly the input's fields, and
 * the library finds nothing wrong with it. Otherwise the fields stay for the JSON patches, with a note.
 */
import { App, Chart } from 'cdk8s';
import { Code, ConvertScope } from './convert-code';
import { equal } from './convert-diff';
import { FieldTracker, Twin, pointerSegment, twinCall, twinList, twinNumber, twinObject, twinSeconds, twinSize, twinString } from './convert-fields';
import { isObject } from './convert-yaml';
import { AUTOSCALER_CLASS_ANNOTATION, Autoscaling, KNATIVE_CLASS_ANNOTATION, KedaMetric } from '../autoscaling';
import { DEPLOYMENT_MODE_ANNOTATION, DeploymentMode } from '../deployment-mode';
import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { StorageUri } from '../storage-uri';

/** The component fields a policy writes (ScalingBinding.fields, src/autoscaling.ts), and v0.20's scaleMetricType, which none writes. */
const FIELDS = ['minReplicas', 'maxReplicas', 'scaleMetric', 'scaleTarget', 'containerConcurrency', 'autoScaling', 'scaleMetricType'];
/** The service annotations a policy writes: the autoscaler classes. */
const CLASSES = [KNATIVE_CLASS_ANNOTATION, AUTOSCALER_CLASS_ANNOTATION];
const KNATIVE = 'autoscaling.knative.dev/';
/** The component annotations a Knative request policy writes, by its option. */
const REQUEST_ANNOTATIONS: Array<[string, string]> = [
  ['targetUtilizationPercent', `${KNATIVE}target-utilization-percentage`],
  ['initialScale', `${KNATIVE}initial-scale`],
  ['stableWindow', `${KNATIVE}window`],
  ['scaleToZeroRetention', `${KNATIVE}scale-to-zero-pod-retention-period`],
];

/** What a scaling input holds: the predictor, the annotations of the service and of the predictor, mode and release. */
export interface ScalingInput {
  readonly predictor: Record<string, unknown>;
  readonly serviceAnnotations: Record<string, string>;
  readonly componentAnnotations: Record<string, string>;
  readonly knative: boolean;
  readonly version: KServeVersion;
}

/** A converted policy: its code, and the predictor annotations it writes (no longer free annotations of the component). */
export interface ConvertedScaling {
  readonly code: Code;
  readonly componentAnnotations: string[];
}

/**
 * The `Autoscaling` factory call that writes the input's scaling fields back exactly, its fields mapped on `t`; undefined
 * when the input sets nothing beyond replica bounds and `containerConcurrency` (the plain props write those), or when no
 * factory writes it back (noted; the fields stay for the JSON patches).
 */
export function scalingCode(input: ScalingInput, t: FieldTracker, scope: ConvertScope): ConvertedScaling | undefined {
  const p = input.predictor;
  const policyOnly = ['scaleMetric', 'scaleTarget', 'autoScaling', 'scaleMetricType'].filter(k => p[k] !== undefined);
  const classes = CLASSES.filter(k => input.serviceAnnotations[k] !== undefined);
  if (policyOnly.length === 0 && classes.length === 0) return undefined;
  const candidates = candidatesOf(input);
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const { problem, written } = check(candidate.value as Autoscaling, input);
    if (!written) {
      if (problem) reasons.push(problem);
      continue;
    }
    for (const key of FIELDS.filter(k => p[k] !== undefined)) t.map(`/spec/predictor/${key}`);
    for (const key of classes) t.map(`/metadata/annotations/${pointerSegment(key)}`);
    const componentAnnotations = Object.keys(written.componentAnnotations);
    for (const key of componentAnnotations) t.map(`/spec/predictor/annotations/${pointerSegment(key)}`);
    return { code: candidate.code(scope), componentAnnotations };
  }
  const given = [...policyOnly.map(k => `spec.predictor.${k}`), ...classes.map(k => `metadata.annotations['${k}']`)];
  scope.note(`${given.join(', ')}: no Autoscaling factory writes these back exactly`
    + `${reasons.length > 0 ? ` (${[...new Set(reasons)].join('; ')})` : ' (no policy of the library sets them so)'}; kept as written, as JSON patches`,
  'spec.predictor');
  return undefined;
}

/** The policies that may write the input back, most specific first; each is checked by rendering it. */
function candidatesOf(input: ScalingInput): Twin[] {
  const p = input.predictor;
  const bounds = boundsOf(p);
  const metric = p.scaleMetric;
  const target = p.scaleTarget;
  const knClass = input.serviceAnnotations[KNATIVE_CLASS_ANNOTATION];
  const cls = input.serviceAnnotations[AUTOSCALER_CLASS_ANNOTATION];
  const targetTwin = Number.isInteger(target) ? twinNumber(target as number) : undefined;
  const found: Twin[] = [];
  if (input.knative) {
    if (metric === 'concurrency' || metric === 'rps') {
      const options = twinObject([
        ['target', targetTwin], ...bounds, ['containerConcurrency', Number.isInteger(p.containerConcurrency) ? twinNumber(p.containerConcurrency as number) : undefined],
        ...requestAnnotationOptions(input.componentAnnotations),
      ]);
      found.push(factory(metric, [options]));
    }
    if (metric === 'cpu' && knClass !== undefined) found.push(factory('cpu', [twinObject([['targetUtilizationPercent', targetTwin], ...bounds])]));
    if (metric === 'memory' && knClass !== undefined && targetTwin) found.push(factory('memoryAverage', [twinSize(target as number, 'mebibytes'), twinObject(bounds)]));
    return found;
  }
  if (cls === 'external') found.push(factory('external', []));
  if (cls === 'none' && Number.isInteger(p.minReplicas)) found.push(factory('fixed', [twinNumber(p.minReplicas as number)]));
  const metrics = isObject(p.autoScaling) && Array.isArray(p.autoScaling.metrics) ? p.autoScaling.metrics : undefined;
  if (cls === 'keda' && metrics) {
    const triggers = metrics.map(kedaMetric);
    if (triggers.every((m): m is Twin => m !== undefined)) found.push(factory('keda', [twinObject([...bounds, ['metrics', twinList(triggers)]])]));
  }
  if (cls === 'hpa' || cls === undefined) {
    if (metric === 'cpu') found.push(factory('cpu', [twinObject([['targetUtilizationPercent', targetTwin], ...bounds])]));
    if (metric === 'memory' && targetTwin) found.push(factory('memory', [targetTwin, twinObject(bounds)]));
    const average = metrics?.length === 1 ? memoryAverageOf(metrics[0]) : undefined;
    if (average) found.push(factory('memoryAverage', [average, twinObject(bounds)]));
  }
  return found;
}

/**
 * The policy checked for the input: what the library reports against it, or the first field it writes differently
 * (`problem`); else what it writes.
 */
function check(policy: Autoscaling, input: ScalingInput): { problem?: string; written?: ReturnType<typeof rendered> } {
  const mode = input.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD;
  const binding = policy._bind({ mode, version: input.version, field: 'spec.predictor.autoscaling' });
  const title = `Autoscaling.${policy.policy}`;
  if (binding.errors.length > 0) return { problem: `${title}: ${binding.errors[0]}` };
  const written = rendered(policy, input);
  const p = input.predictor;
  const unset = (value: unknown) => JSON.stringify(value) ?? 'unset';
  for (const key of FIELDS) {
    if (!equal(p[key], written.predictor[key])) return { problem: `${title} writes ${key} ${unset(written.predictor[key])}` };
  }
  for (const key of CLASSES) {
    if (input.serviceAnnotations[key] !== written.serviceAnnotations[key]) {
      return { problem: `${title} writes the annotation '${key}' as ${unset(written.serviceAnnotations[key])}` };
    }
  }
  for (const [key, value] of Object.entries(written.componentAnnotations)) {
    if (input.componentAnnotations[key] !== value) return { problem: `${title} writes the annotation '${key}' as '${value}'` };
  }
  return { written };
}

/** The scaling fields and annotations a service with only `policy` synthesizes to, as JSON. */
function rendered(policy: Autoscaling, input: ScalingInput): {
  predictor: Record<string, unknown>; serviceAnnotations: Record<string, string>; componentAnnotations: Record<string, string>;
} {
  const chart = new Chart(new App(), 'probe');
  new InferenceService(chart, 'probe', {
    version: input.version,
    deploymentMode: input.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
    predictor: { model: Model.sklearn(StorageUri.parse('gs://probe/model')), autoscaling: policy },
  });
  const service = chart.toJson().find(o => o.kind === 'InferenceService');
  const serviceAnnotations = { ...service.metadata.annotations };
  delete serviceAnnotations[DEPLOYMENT_MODE_ANNOTATION];
  return { predictor: service.spec.predictor, serviceAnnotations, componentAnnotations: service.spec.predictor.annotations ?? {} };
}

/** The replica bounds as policy options. */
function boundsOf(p: Record<string, unknown>): Array<[string, Twin | undefined]> {
  const keys = ['minReplicas', 'maxReplicas'];
  return keys.map(k => [k, Number.isInteger(p[k]) ? twinNumber(p[k] as number) : undefined]);
}

/** The request policy options the component's Knative annotations give, when they parse as the option's type. */
function requestAnnotationOptions(annotations: Record<string, string>): Array<[string, Twin | undefined]> {
  return REQUEST_ANNOTATIONS.map(([option, key]) => {
    const text = annotations[key];
    if (text === undefined) return [option, undefined];
    const seconds = /^(\d+)s$/.exec(text);
    if (option === 'stableWindow' || option === 'scaleToZeroRetention') return [option, seconds ? twinSeconds(Number(seconds[1])) : undefined];
    return [option, /^\d+$/.test(text) ? twinNumber(Number(text)) : undefined];
  });
}

/** The KedaMetric factory of one `autoScaling.metrics[]` entry, when one has its shape. */
function kedaMetric(metric: unknown): Twin | undefined {
  if (!isObject(metric)) return undefined;
  const resource = isObject(metric.resource) ? metric.resource : undefined;
  const target = resource && isObject(resource.target) ? resource.target : undefined;
  if (metric.type === 'Resource' && target && target.type === 'Utilization' && Number.isInteger(target.averageUtilization)
    && (resource!.name === 'cpu' || resource!.name === 'memory')) {
    return keda(resource!.name, [twinNumber(target.averageUtilization as number)]);
  }
  const average = memoryAverageOf(metric);
  if (average) return keda('memoryAverage', [average]);
  const external = isObject(metric.external) ? metric.external : undefined;
  const source = external && isObject(external.metric) ? external.metric : undefined;
  const value = external && isObject(external.target) ? external.target : undefined;
  const threshold = value && value.type === 'Value' ? Number(value.value) : NaN;
  if (metric.type === 'External' && source && source.backend === 'prometheus' && typeof source.serverAddress === 'string'
    && typeof source.query === 'string' && Number.isFinite(threshold) && (source.namespace === undefined || typeof source.namespace === 'string')) {
    return keda('prometheus', [twinObject([
      ['serverAddress', twinString(source.serverAddress)],
      ['query', twinString(source.query)],
      ['threshold', twinNumber(threshold)],
      ['namespace', typeof source.namespace === 'string' ? twinString(source.namespace) : undefined],
    ])]);
  }
  return undefined;
}

/** The Size of a memory `AverageValue` trigger (`Mi`, `Gi` or `Ti`), when the entry is one. */
function memoryAverageOf(metric: unknown): Twin | undefined {
  const resource = isObject(metric) && metric.type === 'Resource' && isObject(metric.resource) ? metric.resource : undefined;
  const target = resource && resource.name === 'memory' && isObject(resource.target) ? resource.target : undefined;
  const match = target && target.type === 'AverageValue' && typeof target.averageValue === 'string' ? /^(\d+)(Mi|Gi|Ti)$/.exec(target.averageValue) : null;
  return match ? twinSize(Number(match[1]), ({ Mi: 'mebibytes', Gi: 'gibibytes', Ti: 'tebibytes' } as const)[match[2] as 'Mi' | 'Gi' | 'Ti']) : undefined;
}

// --- the factories, built live and as code ---------------------------------------------------------------------------------

function factory(name: string, args: Twin[]): Twin {
  return twinCall(Autoscaling, scope => scope.use('kserve', 'Autoscaling'), name, args);
}

function keda(name: string, args: Twin[]): Twin {
  return twinCall(KedaMetric, scope => scope.use('kserve', 'KedaMetric'), name, args);
}
