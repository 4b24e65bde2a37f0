/**
 * One rule broken at a time, for every rule of src/canary-rollout.ts (and the predictor-name rules
 * src/inference-service.ts checks for it): random valid stacks synthesize and validate against their version's
 * schemas; each breaker changes one thing and synth must fail naming the construct path and the field. The
 * stacks come from test/util/scaling-canary-cases.ts.
 */
import * as fc from 'fast-check';
import { ComponentType, Model, StorageUri } from '../src';
import { expectBrokenRule, expectValidApp } from './util/broken-rule';
import {
  BREAKER_BASES, Breaker, ISVC, LONG_CANDIDATE, ROLLOUT, RUNS, STAGE_VARIABLE, build, modelOf, nextModel, rolledOut, rolledOutKnative,
  rolledOutStandard, setRollout, stableMin, stableModel, stagesOf, standard13, standard20, v013, validBase,
} from './util/scaling-canary-cases';
import { KServeSchemaVersion } from './util/schema-validator';

const breakers: Breaker[] = [
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
    at: `${ROLLOUT}2`,
    field: `service: InferenceService '${ISVC}' already has the CanaryRollout '${ROLLOUT}'`,
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

// Every base a breaker (of this file and test/autoscaling.rules.test.ts) starts from is valid as drawn, so its
// failure can only come from the one change.
// More runs than the breakers: an unbroken synth is cheap once the schemas are compiled.
test('random valid stacks (every policy, rollout phase and plan) synthesize and validate against their version', () => {
  fc.assert(fc.property(fc.oneof(validBase, ...BREAKER_BASES), c => {
    expectValidApp(build(c), c.version.name as KServeSchemaVersion);
  }), { ...RUNS, numRuns: 40 });
});

test.each(breakers)('$rule: synth fails at the path and field, and writes nothing', ({ base, breakIt, at, field }) => {
  expect(BREAKER_BASES).toContain(base);
  fc.assert(fc.property(base, c => {
    expectBrokenRule(build(breakIt(c)), { at, field });
  }), RUNS);
});
