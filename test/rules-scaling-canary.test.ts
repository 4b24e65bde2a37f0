/**
 * One rule broken at a time, for every rule of src/autoscaling.ts (and the scaling and predictor-name rules
 * src/inference-service.ts checks for them) and src/canary-rollout.ts: random valid stacks synthesize and validate against their version's
 * schemas; each breaker changes one thing and synth must fail naming the construct path and the field.
 */
import { Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  Autoscaling, CanaryPhase, CanaryRollout, CanaryRolloutProps, ComponentType, CustomContainer, DeploymentMode, InferenceService, KedaMetric,
  KnativeScalingOptions, KServeVersion, Model, ModelOptions, PrometheusTriggerOptions, ResourceScalingOptions, RolloutPlan, StorageUri,
} from '../src';
import { BrokenRule, expectBrokenRule, expectValidApp } from './util/broken-rule';
import { withEnv } from './util/harness';
import { KServeSchemaVersion } from './util/schema-validator';

// Seeded so a failure is reproducible: rerun with the seed and path fast-check prints.
const RUNS = { seed: 20261125, numRuns: 6 };

// A variable of our own, so the stage a case selects never leaks into other tests.
const STAGE_VARIABLE = 'RULES_SCALING_CANARY_STAGE';
const ISVC = 'test/isvc';
const ROLLOUT = 'test/rollout';
const POLICY = 'spec.predictor.autoscaling';
const TRANSFORMER: CustomContainer = { image: 'ghcr.io/acme/transformer:1.0.0' };

type Trigger = { readonly cpu: number } | { readonly memory: number } | { readonly prometheus: PrometheusTriggerOptions };
type PolicyKind = 'concurrency' | 'rps' | 'cpu' | 'memory' | 'keda' | 'external' | 'fixed';
type PolicyOptions = KnativeScalingOptions & ResourceScalingOptions & { readonly triggers?: Trigger[] };
interface Policy {
  readonly kind: PolicyKind;
  readonly options: PolicyOptions;
}

type Phase =
  | { readonly kind: 'canary'; readonly percent: number }
  | { readonly kind: 'promote' | 'rollback' }
  | { readonly kind: 'plan'; readonly stages: number[]; readonly stage: number }
  | { readonly kind: 'env'; readonly stages: number[]; readonly value?: string };

type Rollout = Omit<CanaryRolloutProps, 'service' | 'phase'> & { readonly phase?: Phase };

interface Case {
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

const isV020 = (v: KServeVersion) => v.isAtLeast(KServeVersion.V0_20);
const modelOf = (format: string, path: string, options: ModelOptions = {}): Model =>
  (Model as any)[format](StorageUri.gcs('models-bucket', path), options);
const stableModel = (c: Case) => modelOf(c.format, c.path);
const nextModel = (c: Case) => modelOf(c.format, `${c.path}-next`);

// ---- random valid stacks ---------------------------------------------------------------------------

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const seconds = (min: number, max: number) => fc.integer({ min, max }).map(s => Duration.seconds(s));
const percent = fc.integer({ min: 1, max: 100 });

const requestPolicy: fc.Arbitrary<Policy> = fc.record({
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

const resourcePolicy: fc.Arbitrary<Policy> = fc.record({
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

const prometheusTrigger: fc.Arbitrary<Trigger> = fc.record({
  serverAddress: fc.constantFrom('http://prometheus.monitoring:9090', 'https://thanos.example.com'),
  query: fc.constantFrom('sum(rate(request_predict_seconds_count[1m]))', 'avg(queue_depth)'),
  threshold: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.constant(2.5)),
  namespace: opt(fc.constantFrom('team-a', 'monitoring')),
}).map(prometheus => ({ prometheus }));
const trigger: fc.Arbitrary<Trigger> = fc.oneof(percent.map(cpu => ({ cpu })), percent.map(memory => ({ memory })), prometheusTrigger);

const kedaPolicy: fc.Arbitrary<Policy> = fc.record({
  minReplicas: fc.integer({ min: 0, max: 3 }),
  extra: fc.integer({ min: 0, max: 5 }),
  triggers: fc.array(trigger, { minLength: 1, maxLength: 2 }),
  // Mostly with a Prometheus trigger: the External metric is the part of autoScaling most likely to go wrong.
  prometheus: opt(prometheusTrigger),
}).map(r => ({
  kind: 'keda',
  options: { minReplicas: r.minReplicas, maxReplicas: r.minReplicas + r.extra, triggers: [...r.triggers, ...(r.prometheus ? [r.prometheus] : [])] },
}));

const fixedPolicy: fc.Arbitrary<Policy> = fc.integer({ min: 0, max: 3 }).map(minReplicas => ({ kind: 'fixed', options: { minReplicas } }));
const externalPolicy: fc.Arbitrary<Policy> = fc.constant({ kind: 'external', options: {} });

// What each mode and version accepts: Knative scales on requests or with its HPA class; Standard on an
// HPA or externally, and with KEDA or a fixed count from v0.20.
function policyFor(mode: DeploymentMode, version: KServeVersion): fc.Arbitrary<Policy | undefined> {
  if (mode.isKnative) return opt(fc.oneof(requestPolicy, requestPolicy, resourcePolicy));
  return opt(fc.oneof(resourcePolicy, externalPolicy, ...(isV020(version) ? [kedaPolicy, fixedPolicy] : [])));
}

const stages = fc.uniqueArray(percent, { minLength: 1, maxLength: 4 }).map(s => [...s].sort((a, b) => a - b));
const phase: fc.Arbitrary<Phase> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(p => ({ kind: 'canary' as const, percent: p })),
  fc.constantFrom<Phase>({ kind: 'promote' }, { kind: 'rollback' }),
  stages.chain(s => fc.integer({ min: 1, max: s.length }).map(stage => ({ kind: 'plan' as const, stages: s, stage }))),
  stages.chain(s => fc.oneof(
    fc.integer({ min: 1, max: s.length }).map(String),
    fc.integer({ min: 1, max: s.length }).map(n => ` ${n} `),
    fc.constantFrom('promote', 'rollback'),
  ).map(value => ({ kind: 'env' as const, stages: s, value }))),
);

interface Core {
  readonly name: string;
  readonly namespace: string;
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  readonly format: string;
  readonly path: string;
  readonly transformer: boolean;
}

// Knative rolls out the service's own spec; Standard (v0.20 only) runs a candidate beside the stable model.
function rolloutFor(core: Core): fc.Arbitrary<Rollout | undefined> {
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
function stableMin(c: Case): number {
  return c.direct?.minReplicas ?? c.policy?.options.minReplicas ?? 1;
}

const core: fc.Arbitrary<Core> = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9]{0,14}(-[a-z0-9]{1,8})?$/),
  namespace: fc.constantFrom('ml', 'models', 'team-a'),
  version: fc.constantFrom(KServeVersion.V0_13, KServeVersion.V0_20),
  mode: fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
  format: fc.constantFrom('sklearn', 'xgboost', 'lightgbm', 'pmml', 'paddle', 'tensorflow', 'pytorch', 'huggingface', 'mlflow', 'triton', 'onnx'),
  path: fc.stringMatching(/^[a-z0-9]{1,10}(\/[a-z0-9]{1,10}){0,2}$/),
  transformer: fc.boolean(),
});

// Standard v0.20 services may carry the name of an earlier promotion; its 'stable-' prefix never matches a drawn candidateName.
function predictorNameFor(k: Core): fc.Arbitrary<string | undefined> {
  return !k.mode.isKnative && isV020(k.version) ? opt(fc.stringMatching(/^stable-[a-z0-9]{1,4}$/)) : fc.constant(undefined);
}

/** Valid cases on `cores`, with a policy for their mode and version (or one drawn from `policy`). */
function casesOf(cores: fc.Arbitrary<Core>, policy?: fc.Arbitrary<Policy>): fc.Arbitrary<Case> {
  return cores
    .chain(k => fc.record({
      policy: policy ?? policyFor(k.mode, k.version),
      rollout: rolloutFor(k),
      predictorName: predictorNameFor(k),
    }).map((r): Case => ({
      ...k,
      transformer: k.transformer ? 'same' : undefined,
      ...r,
    })))
    // A candidate runs at most as many replicas as the stable predictor.
    .map(c => (c.rollout?.candidateReplicas === undefined ? c
      : { ...c, rollout: { ...c.rollout, candidateReplicas: Math.min(c.rollout.candidateReplicas, stableMin(c)) } }));
}

const validBase = casesOf(core);

// ---- building -------------------------------------------------------------------------------------

function triggerOf(t: Trigger): KedaMetric {
  if ('cpu' in t) return KedaMetric.cpu(t.cpu);
  if ('memory' in t) return KedaMetric.memory(t.memory);
  return KedaMetric.prometheus(t.prometheus);
}

function autoscalingOf(p: Policy): Autoscaling {
  const o = p.options;
  switch (p.kind) {
    case 'concurrency': return Autoscaling.concurrency(o);
    case 'rps': return Autoscaling.rps(o);
    case 'cpu': return Autoscaling.cpu(o);
    // An unset target plays a JavaScript caller leaving out the required argument.
    case 'memory': return Autoscaling.memory(o.targetUtilizationPercent as number, o);
    case 'keda': return Autoscaling.keda({ ...o, metrics: (o.triggers ?? []).map(triggerOf) });
    case 'external': return Autoscaling.external();
    case 'fixed': return Autoscaling.fixed(o.minReplicas ?? 1);
  }
}

function phaseOf(p: Phase): CanaryPhase {
  switch (p.kind) {
    case 'canary': return CanaryPhase.canary(p.percent);
    case 'promote': return CanaryPhase.promote();
    case 'rollback': return CanaryPhase.rollback();
    case 'plan': return new RolloutPlan(p.stages).stage(p.stage);
    case 'env': return withEnv({ [STAGE_VARIABLE]: p.value }, () => new RolloutPlan(p.stages).fromEnvironment(STAGE_VARIABLE));
  }
}

const build = (c: Case) => (chart: Chart) => {
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
const pinned = (mode: DeploymentMode, version?: KServeVersion) => core.map(k => ({ ...k, mode, version: version ?? k.version }));
const knative = casesOf(pinned(DeploymentMode.KNATIVE));
const knativeV020 = casesOf(pinned(DeploymentMode.KNATIVE, KServeVersion.V0_20));
const standard = casesOf(pinned(DeploymentMode.STANDARD));
const standard13 = casesOf(pinned(DeploymentMode.STANDARD, KServeVersion.V0_13));
const standard20 = casesOf(pinned(DeploymentMode.STANDARD, KServeVersion.V0_20));
const v013 = casesOf(core.map(k => ({ ...k, version: KServeVersion.V0_13 })));
const requestScaled = casesOf(pinned(DeploymentMode.KNATIVE), requestPolicy);
const resourceScaled = casesOf(core, resourcePolicy);
const kedaScaled = casesOf(pinned(DeploymentMode.STANDARD, KServeVersion.V0_20), kedaPolicy);
const withPolicy = validBase.filter(c => c.policy !== undefined);
const bounded = (...kinds: PolicyKind[]) => validBase.filter(c => c.policy !== undefined && kinds.includes(c.policy.kind));
const withMin = bounded('concurrency', 'rps', 'cpu', 'memory', 'keda', 'fixed');
const withMax = bounded('concurrency', 'rps', 'cpu', 'memory', 'keda');
const rolledOut = validBase.filter(c => c.rollout !== undefined);
const rolledOutKnative = knative.filter(c => c.rollout !== undefined);
const rolledOutStandard = standard20.filter(c => c.rollout !== undefined);

const setOptions = (c: Case, options: Partial<PolicyOptions>, kind: PolicyKind = c.policy!.kind): Case =>
  ({ ...c, policy: { kind, options: { ...c.policy?.options, ...options } } });
const setPolicy = (c: Case, kind: PolicyKind, options: PolicyOptions = {}): Case => ({ ...c, policy: { kind, options } });
const setRollout = (c: Case, rollout: Partial<Rollout>): Case => ({ ...c, rollout: { ...c.rollout, ...rollout } });
// Lowering the stable minReplicas would also break the candidate's bound; keep that rule out of the case.
const withoutCandidateReplicas = (c: Case): Case => (c.rollout ? setRollout(c, { candidateReplicas: undefined }) : c);
const stagesOf = (c: Case) => (c.rollout?.phase && 'stages' in c.rollout.phase ? c.rollout.phase.stages : [10, 50, 100]);
const prometheus = (overrides: Partial<PrometheusTriggerOptions>): Trigger =>
  ({ prometheus: { serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(up)', threshold: 10, ...overrides } });
const addTrigger = (c: Case, t: Trigger) => setOptions(c, { triggers: [...c.policy?.options.triggers ?? [], t] });
const LONG_CANDIDATE = `canary${'x'.repeat(57)}`;

interface Breaker extends BrokenRule {
  readonly rule: string;
  readonly base: fc.Arbitrary<Case>;
  readonly breakIt: (c: Case) => Case;
}

const breakers: Breaker[] = [
  // Replica bounds of every policy that takes them.
  {
    rule: 'policy minReplicas negative',
    base: withMin,
    breakIt: c => withoutCandidateReplicas(setOptions(c, { minReplicas: -1 })),
    at: ISVC,
    field: `${POLICY}.minReplicas (-1) must be a whole number >= 0`,
  },
  {
    rule: 'policy maxReplicas fractional',
    base: withMax,
    breakIt: c => setOptions(c, { maxReplicas: 2.5 }),
    at: ISVC,
    field: `${POLICY}.maxReplicas (2.5) must be a whole number >= 0`,
  },
  {
    rule: 'policy minReplicas above maxReplicas',
    base: withMax,
    // Retention needs minReplicas 0, which this case raises.
    breakIt: c => setOptions(c, { minReplicas: stableMin(c) + 2, maxReplicas: stableMin(c) + 1, scaleToZeroRetention: undefined }),
    at: ISVC,
    field: /autoscaling\.minReplicas \(\d+\) must be less than or equal to spec\.predictor\.autoscaling\.maxReplicas/,
  },

  // Policies per deployment mode and version.
  {
    rule: 'keda in Knative mode',
    base: knativeV020,
    breakIt: c => setPolicy(c, 'keda', { triggers: [{ cpu: 60 }] }),
    at: ISVC,
    field: `${POLICY}: the 'keda' policy needs DeploymentMode.STANDARD`,
  },
  {
    rule: 'external in Knative mode',
    base: knative,
    breakIt: c => setPolicy(c, 'external'),
    at: ISVC,
    field: `${POLICY}: the 'external' policy needs DeploymentMode.STANDARD`,
  },
  {
    rule: 'fixed in Knative mode',
    base: knativeV020,
    breakIt: c => setPolicy(c, 'fixed', { minReplicas: 2 }),
    at: ISVC,
    field: `${POLICY}: Autoscaling.fixed() needs DeploymentMode.STANDARD`,
  },
  {
    rule: 'keda on KServe v0.13',
    base: standard13,
    breakIt: c => setPolicy(c, 'keda', { triggers: [prometheus({})] }),
    at: ISVC,
    field: `${POLICY}: the 'keda' autoscaler class needs KServe v0.20`,
  },
  {
    rule: 'fixed on KServe v0.13',
    base: standard13,
    breakIt: c => setPolicy(c, 'fixed', { minReplicas: 1 }),
    at: ISVC,
    field: `${POLICY}: the 'none' autoscaler class needs KServe v0.20`,
  },
  {
    rule: 'concurrency in Standard mode',
    base: standard,
    breakIt: c => setPolicy(c, 'concurrency', { minReplicas: stableMin(c), target: 10 }),
    at: ISVC,
    field: `${POLICY}: 'concurrency' scaling needs Knative`,
  },
  {
    rule: 'rps in Standard mode',
    base: standard,
    breakIt: c => setPolicy(c, 'rps', { minReplicas: stableMin(c), target: 50 }),
    at: ISVC,
    field: `${POLICY}: 'rps' scaling needs Knative`,
  },

  // Knative request-based options.
  {
    rule: 'request target zero',
    base: requestScaled,
    breakIt: c => setOptions(c, { target: 0 }, 'concurrency'),
    at: ISVC,
    field: `${POLICY}.target (0) must be a whole number greater than zero`,
  },
  {
    rule: 'rps target below 1',
    base: requestScaled,
    breakIt: c => setOptions(c, { target: 0.5 }, 'rps'),
    at: ISVC,
    field: `${POLICY}.target (0.5) must be a whole number greater than zero`,
  },
  {
    rule: 'request target fractional',
    base: requestScaled,
    breakIt: c => setOptions(c, { target: 12.5, containerConcurrency: undefined }),
    at: ISVC,
    field: `${POLICY}.target (12.5) must be a whole number greater than zero`,
  },
  {
    rule: 'policy containerConcurrency negative',
    base: requestScaled,
    breakIt: c => setOptions(c, { containerConcurrency: -1 }),
    at: ISVC,
    field: `${POLICY}.containerConcurrency (-1) must be a whole number >= 0`,
  },
  {
    rule: 'initialScale negative',
    base: requestScaled,
    breakIt: c => setOptions(c, { initialScale: -1 }),
    at: ISVC,
    field: `${POLICY}.initialScale (-1) must be a whole number >= 0`,
  },
  {
    rule: 'Knative targetUtilizationPercent above 100',
    base: requestScaled,
    breakIt: c => setOptions(c, { targetUtilizationPercent: 101 }),
    at: ISVC,
    field: `${POLICY}.targetUtilizationPercent (101) must be between 1 and 100`,
  },
  {
    rule: 'stableWindow below 6s',
    base: requestScaled,
    breakIt: c => setOptions(c, { stableWindow: Duration.seconds(5) }),
    at: ISVC,
    field: `${POLICY}.stableWindow (5s) must be whole seconds between 6s and 1h`,
  },
  {
    rule: 'scaleToZeroRetention fractional',
    base: requestScaled,
    breakIt: c => setOptions(c, { minReplicas: 0, scaleToZeroRetention: Duration.millis(1500) }),
    at: ISVC,
    field: `${POLICY}.scaleToZeroRetention (1.5s) must be a whole number of seconds, zero or more`,
  },
  {
    rule: 'scaleToZeroRetention without minReplicas 0',
    base: requestScaled,
    breakIt: c => setOptions(c, { minReplicas: Math.max(1, stableMin(c)), scaleToZeroRetention: Duration.seconds(30) }),
    at: ISVC,
    field: `${POLICY}.scaleToZeroRetention only applies with minReplicas: 0`,
  },
  {
    rule: 'concurrency target above containerConcurrency',
    base: requestScaled,
    breakIt: c => {
      const limit = c.policy!.options.target ?? 10;
      return setOptions(c, { target: limit + 1, containerConcurrency: limit }, 'concurrency');
    },
    at: ISVC,
    field: /autoscaling\.target \(\d+\) must not exceed containerConcurrency \(\d+\)/,
  },

  // HPA (cpu, memory) options.
  {
    rule: 'cpu/memory targetUtilizationPercent above 100',
    base: resourceScaled,
    breakIt: c => setOptions(c, { targetUtilizationPercent: 101 }),
    at: ISVC,
    field: `${POLICY}.targetUtilizationPercent (101) must be a whole number between 1 and 100`,
  },
  {
    rule: 'cpu/memory targetUtilizationPercent fractional',
    base: resourceScaled,
    breakIt: c => setOptions(c, { targetUtilizationPercent: 50.5 }),
    at: ISVC,
    field: `${POLICY}.targetUtilizationPercent (50.5) must be a whole number between 1 and 100`,
  },
  {
    rule: 'memory without a target',
    base: resourceScaled,
    breakIt: c => setOptions(c, { targetUtilizationPercent: undefined }, 'memory'),
    at: ISVC,
    field: `${POLICY}.targetUtilizationPercent is required for memory scaling`,
  },
  {
    rule: 'HPA minReplicas 0',
    base: resourceScaled,
    breakIt: c => withoutCandidateReplicas(setOptions(c, { minReplicas: 0 })),
    at: ISVC,
    field: `${POLICY}.minReplicas is 0 but an HPA cannot scale to zero`,
  },

  // KEDA triggers.
  {
    rule: 'keda without metrics',
    base: kedaScaled,
    breakIt: c => setOptions(c, { triggers: [] }),
    at: ISVC,
    field: `${POLICY}.metrics must list at least one KedaMetric`,
  },
  {
    rule: 'keda cpu trigger utilization 0',
    base: kedaScaled,
    breakIt: c => addTrigger(c, { cpu: 0 }),
    at: ISVC,
    field: /autoscaling\.metrics\[\d\] utilization \(0\) must be a whole number between 1 and 100/,
  },
  {
    rule: 'keda memory trigger utilization fractional',
    base: kedaScaled,
    breakIt: c => addTrigger(c, { memory: 70.5 }),
    at: ISVC,
    field: /autoscaling\.metrics\[\d\] utilization \(70\.5\) must be a whole number/,
  },
  {
    rule: 'keda Prometheus query blank',
    base: kedaScaled,
    breakIt: c => addTrigger(c, prometheus({ query: '  ' })),
    at: ISVC,
    field: /autoscaling\.metrics\[\d\]\.query must not be empty/,
  },
  {
    rule: 'keda Prometheus serverAddress not a URL',
    base: kedaScaled,
    breakIt: c => addTrigger(c, prometheus({ serverAddress: 'prometheus:9090' })),
    at: ISVC,
    field: /autoscaling\.metrics\[\d\]\.serverAddress 'prometheus:9090' must be an http\(s\) URL/,
  },
  {
    rule: 'keda Prometheus threshold zero',
    base: kedaScaled,
    breakIt: c => addTrigger(c, prometheus({ threshold: 0 })),
    at: ISVC,
    field: /autoscaling\.metrics\[\d\]\.threshold \(0\) must be greater than zero/,
  },
  {
    rule: 'keda Prometheus threshold beyond quantity precision',
    base: kedaScaled,
    breakIt: c => addTrigger(c, prometheus({ threshold: 0.1 + 0.2 })),
    at: ISVC,
    field: /autoscaling\.metrics\[\d\]\.threshold \(0\.30000000000000004\) must have at most 9 decimal places/,
  },
  {
    rule: 'keda Prometheus threshold infinite',
    base: kedaScaled,
    breakIt: c => addTrigger(c, prometheus({ threshold: Infinity })),
    at: ISVC,
    field: /autoscaling\.metrics\[\d\]\.threshold \(Infinity\) must be greater than zero/,
  },

  // One autoscaler class per InferenceService (inference-service.ts).
  {
    rule: 'components with different autoscaler classes',
    base: validBase,
    breakIt: c => {
      const hpa = c.policy?.kind === 'cpu' || c.policy?.kind === 'memory' || (!c.mode.isKnative && c.policy === undefined);
      const other: Case['transformer'] = c.mode.isKnative
        ? (hpa ? 'none' : { kind: 'cpu', options: {} })
        : (hpa ? { kind: 'external', options: {} } : 'none');
      return { ...c, transformer: other };
    },
    at: ISVC,
    field: 'spec: the components ask for different autoscaler classes',
  },
  // Replica fields belong to the policy when there is one (inference-service.ts).
  {
    rule: 'minReplicas beside a policy',
    base: withPolicy,
    breakIt: c => ({ ...c, direct: { minReplicas: 1 } }),
    at: ISVC,
    field: 'spec.predictor.minReplicas and spec.predictor.autoscaling are both set',
  },
  {
    rule: 'maxReplicas beside a policy',
    base: withPolicy,
    breakIt: c => ({ ...c, direct: { maxReplicas: 5 } }),
    at: ISVC,
    field: 'spec.predictor.maxReplicas and spec.predictor.autoscaling are both set',
  },
  {
    rule: 'containerConcurrency beside a policy',
    base: withPolicy,
    breakIt: c => ({ ...c, direct: { containerConcurrency: 0 } }),
    at: ISVC,
    field: 'spec.predictor.containerConcurrency and spec.predictor.autoscaling are both set',
  },

  // Rollout plans and phases.
  {
    rule: 'plan without stages',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'plan', stages: [], stage: 1 } }),
    at: ROLLOUT,
    field: 'phase: the rollout plan has no stages',
  },
  {
    rule: 'plan stage above 100',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'plan', stages: [...stagesOf(c), 101], stage: 1 } }),
    at: ROLLOUT,
    field: /phase: plan stage \d \(101\) must be a whole percentage between 1 and 100/,
  },
  {
    rule: 'plan stages not increasing',
    base: rolledOut,
    breakIt: c => {
      const s = stagesOf(c);
      return setRollout(c, { trafficPercent: undefined, phase: { kind: 'plan', stages: [...s, s[s.length - 1]], stage: 1 } });
    },
    at: ROLLOUT,
    field: /phase: plan stages must increase: stage \d \(\d+\) follows \d+/,
  },
  {
    rule: 'plan stage that does not exist',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'plan', stages: stagesOf(c), stage: stagesOf(c).length + 1 } }),
    at: ROLLOUT,
    field: /phase: stage \d does not exist: the plan \[[\d, ]+\] has stages 1 to \d/,
  },
  {
    rule: 'stage variable not set',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'env', stages: stagesOf(c) } }),
    at: ROLLOUT,
    field: `phase (from $${STAGE_VARIABLE}): the variable is not set`,
  },
  {
    rule: 'stage variable says promote, but the plan has no stages',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'env', stages: [], value: 'promote' } }),
    at: ROLLOUT,
    field: `phase (from $${STAGE_VARIABLE}): the rollout plan has no stages`,
  },
  {
    rule: 'stage variable not a stage',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'env', stages: stagesOf(c), value: 'next' } }),
    at: ROLLOUT,
    field: `phase (from $${STAGE_VARIABLE}): 'next' must be a stage number`,
  },
  {
    rule: 'stage variable names a stage that does not exist',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'env', stages: stagesOf(c), value: String(stagesOf(c).length + 1) } }),
    at: ROLLOUT,
    field: `phase (from $${STAGE_VARIABLE}): stage `,
  },
  {
    rule: 'both trafficPercent and phase',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: 10, phase: { kind: 'canary', percent: 10 } }),
    at: ROLLOUT,
    field: "give either 'trafficPercent' or 'phase', not both",
  },
  {
    rule: 'neither trafficPercent nor phase',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: undefined }),
    at: ROLLOUT,
    field: "give 'trafficPercent' (0-100) or a 'phase'",
  },
  {
    rule: 'trafficPercent above 100',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: 101, phase: undefined }),
    at: ROLLOUT,
    field: 'trafficPercent (101) must be a whole percentage between 0 and 100',
  },
  {
    rule: 'canary phase below 0',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'canary', percent: -1 } }),
    at: ROLLOUT,
    field: 'trafficPercent (-1) must be a whole percentage between 0 and 100',
  },
  {
    rule: 'canary phase fractional',
    base: rolledOut,
    breakIt: c => setRollout(c, { trafficPercent: undefined, phase: { kind: 'canary', percent: 12.5 } }),
    at: ROLLOUT,
    field: 'trafficPercent (12.5) must be a whole percentage between 0 and 100',
  },
  {
    rule: 'component the service lacks',
    base: rolledOut,
    breakIt: c => setRollout(c, { component: ComponentType.EXPLAINER }),
    at: ROLLOUT,
    field: "component 'explainer': the service '",
  },
  {
    rule: 'second rollout of one service',
    base: rolledOut,
    breakIt: c => ({ ...c, secondRollout: true }),
    at: ISVC,
    field: `already has the CanaryRollout '${ROLLOUT}'`,
  },

  // Knative canaryTrafficPercent rollouts.
  {
    rule: 'Knative rollout with a candidate',
    base: rolledOutKnative,
    breakIt: c => setRollout(c, { candidate: nextModel(c) }),
    at: ROLLOUT,
    field: "'candidate', 'candidateName' and 'candidateReplicas' are for Standard mode",
  },
  {
    rule: 'Knative rollout with a candidateName',
    base: rolledOutKnative,
    breakIt: c => setRollout(c, { candidateName: 'canary' }),
    at: ROLLOUT,
    field: "'candidate', 'candidateName' and 'candidateReplicas' are for Standard mode",
  },
  {
    rule: 'Knative rollout with candidateReplicas',
    base: rolledOutKnative,
    breakIt: c => setRollout(c, { candidateReplicas: 1 }),
    at: ROLLOUT,
    field: "'candidate', 'candidateName' and 'candidateReplicas' are for Standard mode",
  },
  {
    rule: 'Knative rollout of the previous model',
    base: rolledOutKnative,
    breakIt: c => setRollout(c, { previousModel: stableModel(c) }),
    at: ROLLOUT,
    field: 'the candidate model equals previousModel (',
  },
  {
    rule: 'tag-routing host over 63 characters',
    base: rolledOutKnative,
    // The service's own hosts stay within 63; only the `latest-` tag pushes the predictor's over.
    breakIt: c => ({
      ...setRollout(c, { tagRouting: true, component: ComponentType.PREDICTOR }),
      name: c.name + 'a'.repeat(49 - c.namespace.length - c.name.length),
      transformer: undefined,
    }),
    at: ROLLOUT,
    field: /tagRouting: the tagged host 'latest-[a-z0-9-]+' is 67 characters/,
  },

  // Standard-mode spec.canary rollouts.
  {
    rule: 'Standard rollout on KServe v0.13',
    base: standard13,
    breakIt: c => setRollout(c, { trafficPercent: 10, candidate: nextModel(c) }),
    at: ROLLOUT,
    field: `service: InferenceService '${ISVC}' targets KServe v0.13.1, which has no canary rollout in 'RawDeployment' mode`,
  },
  {
    rule: 'Standard rollout with tagRouting',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { tagRouting: true }),
    at: ROLLOUT,
    field: 'tagRouting is a Knative feature',
  },
  {
    rule: 'Standard rollout of the transformer',
    base: rolledOutStandard,
    breakIt: c => ({ ...setRollout(c, { component: ComponentType.TRANSFORMER }), transformer: 'same' }),
    at: ROLLOUT,
    field: "component 'transformer': Standard-mode canaries (spec.canary) roll out the predictor only",
  },
  {
    rule: 'Standard rollout of a custom container',
    base: rolledOutStandard,
    breakIt: c => ({ ...c, container: { image: 'ghcr.io/acme/server:1.0.0' } }),
    at: ROLLOUT,
    field: `service: InferenceService '${ISVC}' has no predictor 'model': canary requires a stable predictor with a model`,
  },
  {
    rule: 'Standard rollout without a candidate',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { candidate: undefined }),
    at: ROLLOUT,
    field: "'candidate' (the new Model) is required in Standard mode",
  },
  {
    rule: 'Standard rollout with an invalid candidate',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { candidate: Model.fromFormat('bad format', StorageUri.gcs('models-bucket', `${c.path}-next`)) }),
    at: ROLLOUT,
    field: "candidate: model format name 'bad format'",
  },
  {
    rule: 'Standard rollout of the stable model',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { candidate: stableModel(c) }),
    at: ROLLOUT,
    field: 'candidate equals the stable model (',
  },
  {
    rule: 'Standard promote without a storageUri change',
    base: rolledOutStandard,
    // Another runtimeVersion keeps the candidate distinct from the stable model, so only the storageUri rule applies.
    breakIt: c => setRollout(c, {
      trafficPercent: undefined,
      phase: { kind: 'promote' },
      candidate: modelOf(c.format, c.path, { runtimeVersion: '9.9.9' }),
    }),
    at: ROLLOUT,
    field: 'promote: KServe rejects a predictor name change without a storageUri change',
  },
  {
    rule: 'candidateName equal to the predictor name kept from a promotion',
    base: rolledOutStandard,
    breakIt: c => ({ ...setRollout(c, { trafficPercent: 10, phase: undefined }), predictorName: c.rollout?.candidateName ?? 'canary' }),
    at: ROLLOUT,
    field: /candidateName '[a-z0-9]+' is also the predictor's 'name'/,
  },
  {
    rule: 'predictor name on KServe v0.13',
    base: v013,
    breakIt: c => ({ ...c, predictorName: 'stable' }),
    at: ISVC,
    field: 'spec.predictor.name needs KServe v0.20 or later (target is v0.13.1)',
  },
  {
    rule: 'predictor name not a name',
    base: standard20,
    breakIt: c => ({ ...c, predictorName: 'Stable_1' }),
    at: ISVC,
    field: "spec.predictor.name 'Stable_1' must consist of lower case alphanumeric characters or '-'",
  },
  {
    rule: 'candidateName not a name',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { candidateName: 'Canary_1' }),
    at: ROLLOUT,
    field: "candidateName 'Canary_1' must match",
  },
  {
    rule: 'candidateName too long for DNS',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { candidateName: LONG_CANDIDATE }),
    at: ROLLOUT,
    field: `candidateName '${LONG_CANDIDATE}' makes '`,
  },
  {
    rule: 'candidateReplicas negative',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { candidateReplicas: -1 }),
    at: ROLLOUT,
    field: 'candidateReplicas (-1) must be a whole number >= 0',
  },
  {
    rule: 'candidateReplicas above the stable minReplicas',
    base: rolledOutStandard,
    breakIt: c => setRollout(c, { candidateReplicas: stableMin(c) + 1 }),
    at: ROLLOUT,
    field: /candidateReplicas \(\d+\) must not exceed the stable predictor's minReplicas \(\d+\)/,
  },
];

// Every base a breaker starts from is valid as drawn, so its failure can only come from the one change.
// More runs than the breakers: an unbroken synth is cheap once the schemas are compiled.
test('random valid stacks (every policy, rollout phase and plan) synthesize and validate against their version', () => {
  fc.assert(fc.property(fc.oneof(validBase, ...new Set(breakers.map(b => b.base))), c => {
    expectValidApp(build(c), c.version.name as KServeSchemaVersion);
  }), { ...RUNS, numRuns: 40 });
});

test.each(breakers)('$rule: synth fails at the path and field, and writes nothing', ({ base, breakIt, at, field }) => {
  fc.assert(fc.property(base, c => {
    expectBrokenRule(build(breakIt(c)), { at, field });
  }), RUNS);
});
