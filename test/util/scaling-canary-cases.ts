/**
 * Random valid stacks (an InferenceService with an autoscaling policy and an optional canary rollout) and the
 * helpers that break them, shared by test/autoscaling.rules.test.ts and test/canary-rollout.rules.test.ts.
 */
import { Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { BrokenRule } from './broken-rule';
import { withEnv } from './harness';
import {
  Autoscaling, CanaryPhase, CanaryRollout, CanaryRolloutProps, ComponentType, CustomContainer, DeploymentMode, InferenceService, KedaMetric,
  KnativeScalingOptions, KServeVersion, Model, ModelOptions, PrometheusTriggerOptions, ResourceScalingOptions, RolloutPlan, StorageUri,
} from '../../src';

// Seeded so a failure is reproducible: rerun with the seed and path fast-check prints.
export const RUNS = { seed: 20261125, numRuns: 6 };

// A variable of our own, so the stage a case selects never leaks into other tests.
export const STAGE_VARIABLE = 'RULES_SCALING_CANARY_STAGE';
export const ISVC = 'test/isvc';
export const ROLLOUT = 'test/rollout';
export const POLICY = 'spec.predictor.autoscaling';
export const TRANSFORMER: CustomContainer = { image: 'ghcr.io/acme/transformer:1.0.0' };

export type Trigger = { readonly cpu: number } | { readonly memory: number } | { readonly prometheus: PrometheusTriggerOptions };
export type PolicyKind = 'concurrency' | 'rps' | 'cpu' | 'memory' | 'keda' | 'external' | 'fixed';
export type PolicyOptions = KnativeScalingOptions & ResourceScalingOptions & { readonly triggers?: Trigger[] };
export interface Policy {
  readonly kind: PolicyKind;
  readonly options: PolicyOptions;
}

export type Phase =
  | { readonly kind: 'canary'; readonly percent: number }
  | { readonly kind: 'promote' | 'rollback' }
  | { readonly kind: 'plan'; readonly stages: number[]; readonly stage: number }
  | { readonly kind: 'env'; readonly stages: number[]; readonly value?: string };

export type Rollout = Omit<CanaryRolloutProps, 'service' | 'phase'> & { readonly phase?: Phase };

export interface Case {
  readonly name: string;
  readonly namespace: string;
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  readonly format: string;
  readonly path: string;
  /** A custom predictor container instead of the model. */
  readonly container?: CustomContainer;
  /** `spec.predictor.name`, as kept after a Standard-mode promotion (v0.20). */
  readonly predictorName?: string;
  readonly policy?: Policy;
  /** Replica fields given on the predictor itself rather than in the policy. */
  readonly direct?: { readonly minReplicas?: number; readonly maxReplicas?: number; readonly containerConcurrency?: number };
  /** A transformer with the predictor's policy ('same'), with none ('none') or with its own; undefined: no transformer. */
  readonly transformer?: 'same' | 'none' | Policy;
  readonly rollout?: Rollout;
  readonly secondRollout?: boolean;
}

export const isV020 = (v: KServeVersion) => v.isAtLeast(KServeVersion.V0_20);
export const modelOf = (format: string, path: string, options: ModelOptions = {}): Model =>
  (Model as any)[format](StorageUri.gcs('models-bucket', path), options);
export const stableModel = (c: Case) => modelOf(c.format, c.path);
export const nextModel = (c: Case) => modelOf(c.format, `${c.path}-next`);

// ---- random valid stacks ---------------------------------------------------------------------------

export const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
export const seconds = (min: number, max: number) => fc.integer({ min, max }).map(s => Duration.seconds(s));
export const percent = fc.integer({ min: 1, max: 100 });

export const requestPolicy: fc.Arbitrary<Policy> = fc.record({
  kind: fc.constantFrom<PolicyKind>('concurrency', 'rps'),
  minReplicas: fc.integer({ min: 0, max: 3 }),
  extra: fc.integer({ min: 0, max: 5 }),
  target: opt(fc.integer({ min: 1, max: 200 })),
  targetUtilizationPercent: opt(percent),
  slack: opt(fc.integer({ min: 0, max: 50 })),
  initialScale: opt(fc.integer({ min: 0, max: 3 })),
  stableWindow: opt(seconds(6, 3600)),
  retention: opt(seconds(0, 600)),
}).map(r => ({
  kind: r.kind,
  options: {
    minReplicas: r.minReplicas,
    maxReplicas: r.minReplicas + r.extra,
    target: r.target,
    targetUtilizationPercent: r.targetUtilizationPercent,
    // At least the target: the hard limit may not be below what the autoscaler aims for.
    containerConcurrency: r.slack === undefined ? undefined : (r.target ?? 0) + r.slack,
    initialScale: r.initialScale,
    stableWindow: r.stableWindow,
    scaleToZeroRetention: r.minReplicas === 0 ? r.retention : undefined,
  },
}));

export const resourcePolicy: fc.Arbitrary<Policy> = fc.record({
  kind: fc.constantFrom<PolicyKind>('cpu', 'memory'),
  minReplicas: fc.integer({ min: 1, max: 3 }),
  extra: fc.integer({ min: 0, max: 5 }),
  target: percent,
  defaultCpuTarget: fc.boolean(),
}).map(r => ({
  kind: r.kind,
  options: {
    minReplicas: r.minReplicas,
    maxReplicas: r.minReplicas + r.extra,
    targetUtilizationPercent: r.kind === 'cpu' && r.defaultCpuTarget ? undefined : r.target,
  },
}));

export const prometheusTrigger: fc.Arbitrary<Trigger> = fc.record({
  serverAddress: fc.constantFrom('http://prometheus.monitoring:9090', 'https://thanos.example.com'),
  query: fc.constantFrom('sum(rate(request_predict_seconds_count[1m]))', 'avg(queue_depth)'),
  threshold: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.constant(2.5)),
  namespace: opt(fc.constantFrom('team-a', 'monitoring')),
}).map(prometheus => ({ prometheus }));
export const trigger: fc.Arbitrary<Trigger> = fc.oneof(percent.map(cpu => ({ cpu })), percent.map(memory => ({ memory })), prometheusTrigger);

export const kedaPolicy: fc.Arbitrary<Policy> = fc.record({
  minReplicas: fc.integer({ min: 0, max: 3 }),
  extra: fc.integer({ min: 0, max: 5 }),
  triggers: fc.array(trigger, { minLength: 1, maxLength: 2 }),
  // Mostly with a Prometheus trigger: the External metric is the part of autoScaling most likely to go wrong.
  prometheus: opt(prometheusTrigger),
  // KEDA reaches zero replicas only through a non-resource trigger.
  zeroTrigger: prometheusTrigger,
}).map(r => {
  const triggers = [...r.triggers, ...(r.prometheus ? [r.prometheus] : [])];
  if (r.minReplicas === 0 && triggers.every(t => !('prometheus' in t))) triggers.push(r.zeroTrigger);
  // Standard mode needs a maximum of at least 1: KServe pins an unset (or 0) one to minReplicas.
  return { kind: 'keda', options: { minReplicas: r.minReplicas, maxReplicas: Math.max(1, r.minReplicas + r.extra), triggers } };
});

export const fixedPolicy: fc.Arbitrary<Policy> = fc.integer({ min: 0, max: 3 }).map(minReplicas => ({ kind: 'fixed', options: { minReplicas } }));
export const externalPolicy: fc.Arbitrary<Policy> = fc.constant({ kind: 'external', options: {} });

// What each mode and version accepts: Knative scales on requests or with its HPA class; Standard on an
// HPA or externally, and with KEDA or a fixed count from v0.20.
export function policyFor(mode: DeploymentMode, version: KServeVersion): fc.Arbitrary<Policy | undefined> {
  if (mode.isKnative) return opt(fc.oneof(requestPolicy, requestPolicy, resourcePolicy));
  return opt(fc.oneof(resourcePolicy, externalPolicy, ...(isV020(version) ? [kedaPolicy, fixedPolicy] : [])));
}

export const stages = fc.uniqueArray(percent, { minLength: 1, maxLength: 4 }).map(s => [...s].sort((a, b) => a - b));
export const phase: fc.Arbitrary<Phase> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(p => ({ kind: 'canary' as const, percent: p })),
  fc.constantFrom<Phase>({ kind: 'promote' }, { kind: 'rollback' }),
  stages.chain(s => fc.integer({ min: 1, max: s.length }).map(stage => ({ kind: 'plan' as const, stages: s, stage }))),
  stages.chain(s => fc.oneof(
    fc.integer({ min: 1, max: s.length }).map(String),
    fc.integer({ min: 1, max: s.length }).map(n => ` ${n} `),
    fc.constantFrom('promote', 'rollback'),
  ).map(value => ({ kind: 'env' as const, stages: s, value }))),
);

export interface Core {
  readonly name: string;
  readonly namespace: string;
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  readonly format: string;
  readonly path: string;
  readonly transformer: boolean;
}

// Knative rolls out the service's own spec; Standard (v0.20 only) runs a candidate beside the stable model.
export function rolloutFor(core: Core): fc.Arbitrary<Rollout | undefined> {
  const share = fc.record({ usePhase: fc.boolean(), trafficPercent: fc.integer({ min: 0, max: 100 }), phase });
  const shareOf = (s: { usePhase: boolean; trafficPercent: number; phase: Phase }) =>
    (s.usePhase ? { phase: s.phase } : { trafficPercent: s.trafficPercent });
  if (core.mode.isKnative) {
    const components = [undefined, ComponentType.PREDICTOR, ...(core.transformer ? [ComponentType.TRANSFORMER] : [])];
    return opt(fc.record({ share, component: fc.constantFrom(...components), tagRouting: fc.boolean(), previous: fc.boolean() })
      .map(r => ({
        ...shareOf(r.share),
        component: r.component,
        tagRouting: r.tagRouting,
        previousModel: r.previous ? modelOf(core.format, `${core.path}-prev`) : undefined,
      })));
  }
  if (!isV020(core.version)) return fc.constant(undefined);
  return opt(fc.record({
    share,
    component: fc.constantFrom(undefined, ComponentType.PREDICTOR),
    candidateName: opt(fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/)),
    candidateReplicas: opt(fc.integer({ min: 0, max: 3 })),
  }).map(r => ({
    ...shareOf(r.share),
    component: r.component,
    candidate: modelOf(core.format, `${core.path}-next`),
    candidateName: r.candidateName,
    candidateReplicas: r.candidateReplicas,
  })));
}

/** The stable predictor's minReplicas as KServe reads it (1 when unset). */
export function stableMin(c: Case): number {
  return c.direct?.minReplicas ?? c.policy?.options.minReplicas ?? 1;
}

export const core: fc.Arbitrary<Core> = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9]{0,14}(-[a-z0-9]{1,8})?$/),
  namespace: fc.constantFrom('ml', 'models', 'team-a'),
  version: fc.constantFrom(KServeVersion.V0_13, KServeVersion.V0_20),
  mode: fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
  format: fc.constantFrom('sklearn', 'xgboost', 'lightgbm', 'pmml', 'paddle', 'tensorflow', 'pytorch', 'huggingface', 'mlflow', 'triton', 'onnx'),
  path: fc.stringMatching(/^[a-z0-9]{1,10}(\/[a-z0-9]{1,10}){0,2}$/),
  transformer: fc.boolean(),
});

// Standard v0.20 services may carry the name of an earlier promotion; its 'stable-' prefix never matches a drawn candidateName.
export function predictorNameFor(k: Core): fc.Arbitrary<string | undefined> {
  return !k.mode.isKnative && isV020(k.version) ? opt(fc.stringMatching(/^stable-[a-z0-9]{1,4}$/)) : fc.constant(undefined);
}

/** Valid cases on `cores`, with a policy for their mode and version (or one drawn from `policy`). */
export function casesOf(cores: fc.Arbitrary<Core>, policy?: fc.Arbitrary<Policy>): fc.Arbitrary<Case> {
  return cores
    .chain(k => fc.record({
      policy: policy ?? policyFor(k.mode, k.version),
      rollout: rolloutFor(k),
      predictorName: predictorNameFor(k),
    }).map((r): Case => ({
      ...k,
      transformer: k.transformer ? 'same' : undefined,
      ...r,
      // Knative's HPA class reads a memory target as MiB, so memory utilization is a Standard-mode policy.
      policy: k.mode.isKnative && r.policy?.kind === 'memory' ? { ...r.policy, kind: 'cpu' } : r.policy,
    })))
    // A candidate runs at most as many replicas as the stable predictor.
    .map(c => (c.rollout?.candidateReplicas === undefined ? c
      : { ...c, rollout: { ...c.rollout, candidateReplicas: Math.min(c.rollout.candidateReplicas, stableMin(c)) } }));
}

export const validBase = casesOf(core);

// ---- building -------------------------------------------------------------------------------------

export function triggerOf(t: Trigger): KedaMetric {
  if ('cpu' in t) return KedaMetric.cpu(t.cpu);
  if ('memory' in t) return KedaMetric.memory(t.memory);
  return KedaMetric.prometheus(t.prometheus);
}

export function autoscalingOf(p: Policy): Autoscaling {
  // Each factory gets only its own options: the library rejects unknown keys (a typo from JavaScript).
  const { triggers, ...o } = p.options;
  switch (p.kind) {
    case 'concurrency': return Autoscaling.concurrency(o);
    case 'rps': return Autoscaling.rps(o);
    case 'cpu': return Autoscaling.cpu(o);
    // An unset target plays a JavaScript caller leaving out the required argument.
    case 'memory': {
      const { targetUtilizationPercent, ...memoryOptions } = o;
      return Autoscaling.memory(targetUtilizationPercent as number, memoryOptions);
    }
    case 'keda': return Autoscaling.keda({ ...o, metrics: (triggers ?? []).map(triggerOf) });
    case 'external': return Autoscaling.external();
    case 'fixed': return Autoscaling.fixed(o.minReplicas ?? 1);
  }
}

export function phaseOf(p: Phase): CanaryPhase {
  switch (p.kind) {
    case 'canary': return CanaryPhase.canary(p.percent);
    case 'promote': return CanaryPhase.promote();
    case 'rollback': return CanaryPhase.rollback();
    case 'plan': return new RolloutPlan(p.stages).stage(p.stage);
    case 'env': return withEnv({ [STAGE_VARIABLE]: p.value }, () => new RolloutPlan(p.stages).fromEnvironment(STAGE_VARIABLE));
  }
}

export const build = (c: Case) => (chart: Chart) => {
  const transformerPolicy = c.transformer === 'same' ? c.policy : c.transformer === 'none' ? undefined : c.transformer;
  const service = new InferenceService(chart, 'isvc', {
    name: c.name,
    namespace: c.namespace,
    version: c.version,
    deploymentMode: c.mode,
    predictor: {
      name: c.predictorName,
      model: c.container ? undefined : stableModel(c),
      container: c.container,
      autoscaling: c.policy && autoscalingOf(c.policy),
      ...c.direct,
    },
    transformer: c.transformer && { container: TRANSFORMER, autoscaling: transformerPolicy && autoscalingOf(transformerPolicy) },
  });
  if (c.rollout) {
    const props: CanaryRolloutProps = { ...c.rollout, service, phase: c.rollout.phase && phaseOf(c.rollout.phase) };
    new CanaryRollout(chart, 'rollout', props);
    if (c.secondRollout) new CanaryRollout(chart, 'rollout2', props);
  }
};

// ---- one rule broken at a time --------------------------------------------------------------------

// Bases restricted to a mode and version (and policy): the core is pinned rather than filtered, so rare
// combinations such as Standard + v0.20 + KEDA cost no rejected draws.
export const pinned = (mode: DeploymentMode, version?: KServeVersion) => core.map(k => ({ ...k, mode, version: version ?? k.version }));
export const knative = casesOf(pinned(DeploymentMode.KNATIVE));
export const knativeV020 = casesOf(pinned(DeploymentMode.KNATIVE, KServeVersion.V0_20));
export const standard = casesOf(pinned(DeploymentMode.STANDARD));
export const standard13 = casesOf(pinned(DeploymentMode.STANDARD, KServeVersion.V0_13));
export const standard20 = casesOf(pinned(DeploymentMode.STANDARD, KServeVersion.V0_20));
export const v013 = casesOf(core.map(k => ({ ...k, version: KServeVersion.V0_13 })));
export const requestScaled = casesOf(pinned(DeploymentMode.KNATIVE), requestPolicy);
export const resourceScaled = casesOf(core, resourcePolicy);
export const kedaScaled = casesOf(pinned(DeploymentMode.STANDARD, KServeVersion.V0_20), kedaPolicy);
export const withPolicy = validBase.filter(c => c.policy !== undefined);
export const bounded = (...kinds: PolicyKind[]) => validBase.filter(c => c.policy !== undefined && kinds.includes(c.policy.kind));
export const withMin = bounded('concurrency', 'rps', 'cpu', 'memory', 'keda', 'fixed');
export const withMax = bounded('concurrency', 'rps', 'cpu', 'memory', 'keda');
export const rolledOut = validBase.filter(c => c.rollout !== undefined);
export const rolledOutKnative = knative.filter(c => c.rollout !== undefined);
export const rolledOutStandard = standard20.filter(c => c.rollout !== undefined);

// An option set to undefined is left out: the factories reject keys they do not have, even unset ones (a typo from JavaScript).
export const setOptions = (c: Case, options: Partial<PolicyOptions>, kind: PolicyKind = c.policy!.kind): Case =>
  ({ ...c, policy: { kind, options: Object.fromEntries(Object.entries({ ...c.policy?.options, ...options }).filter(([, v]) => v !== undefined)) } });
export const setPolicy = (c: Case, kind: PolicyKind, options: PolicyOptions = {}): Case => ({ ...c, policy: { kind, options } });
export const setRollout = (c: Case, rollout: Partial<Rollout>): Case => ({ ...c, rollout: { ...c.rollout, ...rollout } });
// Lowering the stable minReplicas would also break the candidate's bound; keep that rule out of the case.
export const withoutCandidateReplicas = (c: Case): Case => (c.rollout ? setRollout(c, { candidateReplicas: undefined }) : c);
export const stagesOf = (c: Case) => (c.rollout?.phase && 'stages' in c.rollout.phase ? c.rollout.phase.stages : [10, 50, 100]);
export const prometheus = (overrides: Partial<PrometheusTriggerOptions>): Trigger =>
  ({ prometheus: { serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(up)', threshold: 10, ...overrides } });
export const addTrigger = (c: Case, t: Trigger) => setOptions(c, { triggers: [...c.policy?.options.triggers ?? [], t] });
export const LONG_CANDIDATE = `canary${'x'.repeat(57)}`;

export interface Breaker extends BrokenRule {
  readonly rule: string;
  readonly base: fc.Arbitrary<Case>;
  readonly breakIt: (c: Case) => Case;
}

/**
 * Every base a breaker of either rules file starts from, in the order the breakers first use them: the valid-stacks
 * property draws from all of them. Each breaker checks its base is listed here.
 */
export const BREAKER_BASES: Array<fc.Arbitrary<Case>> = [
  withMin,
  withMax,
  knativeV020,
  knative,
  standard13,
  standard,
  requestScaled,
  resourceScaled,
  kedaScaled,
  validBase,
  withPolicy,
  rolledOut,
  rolledOutKnative,
  rolledOutStandard,
  v013,
  standard20,
];
