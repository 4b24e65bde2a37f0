/**
 * One rule broken at a time, for every rule of src/autoscaling.ts (and the scaling rules src/inference-service.ts
 * checks for them): each breaker changes one thing of a random valid stack, and synth must fail naming the
 * construct path and the field. The stacks come from test/util/scaling-canary-cases.ts.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { expectBrokenRule } from './util/broken-rule';
import {
  BREAKER_BASES, Breaker, Case, ISVC, POLICY, RUNS, addTrigger, build, kedaScaled, knative, knativeV020, prometheus, requestScaled,
  resourceScaled, setOptions, setPolicy, stableMin, standard, standard13, validBase, withMax, withMin, withPolicy,
  withoutCandidateReplicas,
} from './util/scaling-canary-cases';

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
    field: `${POLICY}: the 'keda' autoscaler class needs KServe v0.15 or later`,
  },
  {
    rule: 'fixed on KServe v0.13',
    base: standard13,
    breakIt: c => setPolicy(c, 'fixed', { minReplicas: 1 }),
    at: ISVC,
    field: `${POLICY}: the 'none' autoscaler class needs KServe v0.15 or later`,
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
    // The runtime type check of the factory's arguments (private/shape.ts), reported where the policy is used.
    field: 'predictor.autoscaling: Autoscaling.memory(targetUtilizationPercent) is required (a number)',
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
];

test.each(breakers)('$rule: synth fails at the path and field, and writes nothing', ({ base, breakIt, at, field }) => {
  expect(BREAKER_BASES).toContain(base);
  fc.assert(fc.property(base, c => {
    expectBrokenRule(build(breakIt(c)), { at, field });
  }), RUNS);
});
