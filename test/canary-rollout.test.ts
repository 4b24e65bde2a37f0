import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  CanaryPhase, CanaryRollout, CanaryRolloutProps, ComponentType, DeploymentMode, InferenceService, InferenceServiceProps,
  KServeVersion, Model, RolloutPlan, StorageUri,
} from '../src';
import { expectError, synthErrors, withEnv } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const V1_URI = 'gs://kfserving-examples/models/sklearn/1.0/model';
const V2_URI = 'gs://kfserving-examples/models/sklearn/1.0/model-2';
const v1 = Model.sklearn(StorageUri.parse(V1_URI));
const v2 = Model.sklearn(StorageUri.parse(V2_URI));

const VERSIONS: Array<[KServeVersion, KServeSchemaVersion]> = [
  [KServeVersion.V0_13, 'v0.13.1'],
  [KServeVersion.V0_20, 'v0.20.0'],
];

const TRANSFORMER = { container: { image: 'ghcr.io/acme/iris-transformer:1.2.0' } };
const RESOURCES = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
  memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
};

type RolloutOptions = Omit<CanaryRolloutProps, 'service'>;

interface Built {
  readonly app: App;
  readonly chart: Chart;
  readonly isvc: InferenceService;
  readonly rollout: CanaryRollout;
}

function build(service: InferenceServiceProps, rollout: RolloutOptions, name = 'sklearn-iris'): Built {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  const isvc = new InferenceService(chart, name, service);
  const r = new CanaryRollout(chart, 'rollout', { service: isvc, ...rollout });
  return { app, chart, isvc, rollout: r };
}

/** Synthesizes with validation (as `cdk8s synth` does) and returns the InferenceService object. */
function synth(service: InferenceServiceProps, rollout: RolloutOptions): any {
  const { app, chart } = build(service, rollout);
  app.synthYaml();
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** The InferenceService without any rollout, for comparison. */
function baseline(service: InferenceServiceProps): any {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  new InferenceService(chart, 'sklearn-iris', service);
  app.synthYaml();
  return Testing.synth(chart)[0];
}

/** The validation errors synth reports (each line), or [] when synth succeeds. */
function rolloutErrors(service: InferenceServiceProps, rollout: RolloutOptions, name = 'sklearn-iris'): string[] {
  return synthErrors(build(service, rollout, name).app);
}

/** Expects a `[test/rollout]` error containing every fragment. */
function expectRolloutError(service: InferenceServiceProps, rollout: RolloutOptions, ...fragments: string[]): string {
  return expectError(rolloutErrors(service, rollout), 'test/rollout', ...fragments);
}

const knative = (version: KServeVersion, extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps => ({
  version,
  predictor: { model: v2 },
  ...extra,
});

const standard20: InferenceServiceProps = {
  version: KServeVersion.V0_20,
  deploymentMode: DeploymentMode.STANDARD,
  predictor: { model: v1, minReplicas: 2, resources: RESOURCES },
};

describe.each(VERSIONS)('Knative mode, KServe %s', (version, schema) => {
  test('trafficPercent sets spec.predictor.canaryTrafficPercent', () => {
    const isvc = synth(knative(version), { trafficPercent: 10 });
    expect(isvc).toMatchSnapshot();
    expect(isvc.spec.predictor.canaryTrafficPercent).toBe(10);
    expect(isvc.spec.predictor.model.storageUri).toBe(V2_URI);
    expect(isvc.spec.canary).toBeUndefined();
    expect(isvc.metadata.annotations['serving.kserve.io/enable-tag-routing']).toBeUndefined();
    expectValidObjects([isvc], { kserveVersion: schema });
  });

  test('phase canary(10) renders like trafficPercent 10', () => {
    const isvc = synth(knative(version), { phase: CanaryPhase.canary(10) });
    expect(isvc).toEqual(synth(knative(version), { trafficPercent: 10 }));
    expectValidObjects([isvc], { kserveVersion: schema });
  });

  test('promote removes canaryTrafficPercent', () => {
    const isvc = synth(knative(version), { phase: CanaryPhase.promote(), previousModel: v1 });
    expect(JSON.stringify(isvc)).not.toContain('canaryTrafficPercent');
    expect(isvc).toEqual(baseline(knative(version)));
    expectValidObjects([isvc], { kserveVersion: schema });
  });

  test('rollback sets canaryTrafficPercent 0', () => {
    const isvc = synth(knative(version), { phase: CanaryPhase.rollback() });
    expect(isvc.spec.predictor.canaryTrafficPercent).toBe(0);
    expectValidObjects([isvc], { kserveVersion: schema });
  });

  test('tagRouting adds the enable-tag-routing annotation', () => {
    const isvc = synth(knative(version), { trafficPercent: 10, tagRouting: true });
    expect(isvc.metadata.annotations['serving.kserve.io/enable-tag-routing']).toBe('true');
    expectValidObjects([isvc], { kserveVersion: schema });
    const off = synth(knative(version), { trafficPercent: 10, tagRouting: false });
    expect(off.metadata.annotations).not.toHaveProperty(['serving.kserve.io/enable-tag-routing']);
  });

  test('component TRANSFORMER sets spec.transformer.canaryTrafficPercent only', () => {
    const isvc = synth(knative(version, { transformer: TRANSFORMER }), { trafficPercent: 25, component: ComponentType.TRANSFORMER });
    expect(isvc.spec.transformer.canaryTrafficPercent).toBe(25);
    expect(isvc.spec.predictor).not.toHaveProperty('canaryTrafficPercent');
    expectValidObjects([isvc], { kserveVersion: schema });
  });

  test('a RolloutPlan stage renders its share', () => {
    const plan = new RolloutPlan([10, 50, 100]);
    expect(synth(knative(version), { phase: plan.stage(2) }).spec.predictor.canaryTrafficPercent).toBe(50);
    const promoted = synth(knative(version), { phase: plan.stage(3) });
    expect(promoted.spec.predictor).not.toHaveProperty('canaryTrafficPercent');
  });
});

describe('RolloutPlan', () => {
  const plan = new RolloutPlan([10, 50, 100]);

  test('stages map to canary shares and promote', () => {
    expect(plan.stages).toEqual([10, 50, 100]);
    expect(plan.stage(1).toString()).toBe('canary(10)');
    expect(plan.stage(1).trafficPercent).toBe(10);
    expect(plan.stage(2).toString()).toBe('canary(50)');
    expect(plan.stage(2).trafficPercent).toBe(50);
    expect(plan.stage(3).isPromote).toBe(true);
    expect(plan.stage(3).toString()).toBe('promote');
    expect(plan.stage(1).isPromote).toBe(false);
    expect(plan.stage(1).isRollback).toBe(false);
  });

  test('stages are copied from the input', () => {
    const input = [10, 50];
    const p = new RolloutPlan(input);
    input.push(5);
    expect(p.stages).toEqual([10, 50]);
    expect(p.stage(2).toString()).toBe('canary(50)');
  });

  test('fromEnvironment reads CANARY_STAGE', () => {
    expect(withEnv({ CANARY_STAGE: '2' }, () => plan.fromEnvironment()).toString()).toBe('canary(50)');
    expect(withEnv({ CANARY_STAGE: ' 1 ' }, () => plan.fromEnvironment()).trafficPercent).toBe(10);
    expect(withEnv({ CANARY_STAGE: 'promote' }, () => plan.fromEnvironment()).isPromote).toBe(true);
    const rollback = withEnv({ CANARY_STAGE: 'rollback' }, () => plan.fromEnvironment());
    expect(rollback.isRollback).toBe(true);
    expect(rollback.trafficPercent).toBe(0);
    expect(rollback.toString()).toBe('rollback');
  });

  test('fromEnvironment checks the plan whatever the variable says', () => {
    for (const value of ['promote', 'rollback', '1']) {
      const phase = withEnv({ CANARY_STAGE: value }, () => new RolloutPlan([]).fromEnvironment());
      expect(phase._errors).toEqual(['phase (from $CANARY_STAGE): the rollout plan has no stages']);
    }
  });

  test('fromEnvironment reads a custom variable', () => {
    const phase = withEnv({ IRIS_ROLLOUT: '3' }, () => withEnv({ CANARY_STAGE: '1' }, () => plan.fromEnvironment('IRIS_ROLLOUT')));
    expect(phase.isPromote).toBe(true);
  });

  test('fromEnvironment is read when called, and synth uses it', () => {
    const isvc = withEnv({ CANARY_STAGE: '2' }, () => synth(knative(KServeVersion.V0_20), { phase: plan.fromEnvironment() }));
    expect(isvc.spec.predictor.canaryTrafficPercent).toBe(50);
  });

  test('process.env is restored by the helper', () => {
    const before = process.env.CANARY_STAGE;
    withEnv({ CANARY_STAGE: '2' }, () => expect(process.env.CANARY_STAGE).toBe('2'));
    expect(process.env.CANARY_STAGE).toBe(before);
  });
});

describe('CanaryPhase and CanaryRollout getters', () => {
  test('phases', () => {
    expect(CanaryPhase.canary(10).toString()).toBe('canary(10)');
    expect(CanaryPhase.canary(10).trafficPercent).toBe(10);
    expect(CanaryPhase.canary(10).isPromote).toBe(false);
    expect(CanaryPhase.canary(10).isRollback).toBe(false);
    expect(CanaryPhase.promote().trafficPercent).toBe(100);
    expect(CanaryPhase.promote().isPromote).toBe(true);
    expect(CanaryPhase.promote().isRollback).toBe(false);
    expect(CanaryPhase.rollback().trafficPercent).toBe(0);
    expect(CanaryPhase.rollback().isRollback).toBe(true);
    expect(CanaryPhase.rollback().isPromote).toBe(false);
  });

  test('rollout getters', () => {
    const { rollout, isvc } = build(standard20, { trafficPercent: 10, candidate: v2, candidateName: 'v2' });
    expect(rollout.trafficPercent).toBe(10);
    expect(rollout.phase.toString()).toBe('canary(10)');
    expect(rollout.phase.isPromote).toBe(false);
    expect(rollout.phase.isRollback).toBe(false);
    expect(rollout.service).toBe(isvc);
    expect(rollout.component).toBe(ComponentType.PREDICTOR);
    expect(rollout.candidateName).toBe('v2');
    expect(rollout.candidateServiceName).toBe('sklearn-iris-v2-predictor');
  });

  test('rollout getters with defaults and a phase', () => {
    const { rollout } = build(standard20, { phase: CanaryPhase.promote(), candidate: v2 });
    expect(rollout.trafficPercent).toBe(100);
    expect(rollout.phase.toString()).toBe('promote');
    expect(rollout.phase.isPromote).toBe(true);
    expect(rollout.candidateName).toBe('canary');
    expect(rollout.candidateServiceName).toBe('sklearn-iris-canary-predictor');
    const rolledBack = build(knative(KServeVersion.V0_20), { phase: CanaryPhase.rollback() }).rollout;
    expect(rolledBack.trafficPercent).toBe(0);
    expect(rolledBack.phase.isRollback).toBe(true);
  });
});

describe('Standard mode, KServe v0.20', () => {
  test('canary(10) adds a spec.canary entry beside the unchanged stable predictor', () => {
    const isvc = synth(standard20, { phase: CanaryPhase.canary(10), candidate: v2, candidateName: 'v2' });
    expect(isvc).toMatchSnapshot();
    expect(isvc.metadata.annotations['serving.kserve.io/deploymentMode']).toBe('Standard');
    expect(isvc.spec.canary).toEqual([{
      trafficPercent: 10,
      predictor: {
        name: 'v2',
        model: { name: 'kserve-container', modelFormat: { name: 'sklearn' }, storageUri: V2_URI },
      },
    }]);
    expect(isvc.spec.predictor).toEqual(baseline(standard20).spec.predictor);
    expect(isvc.spec.predictor.model.storageUri).toBe(V1_URI);
    expect(isvc.spec.predictor).not.toHaveProperty('canaryTrafficPercent');
    expectValidObjects([isvc], { kserveVersion: 'v0.20.0' });
  });

  test('candidateReplicas sets the canary minReplicas', () => {
    const isvc = synth(standard20, { trafficPercent: 10, candidate: v2, candidateName: 'v2', candidateReplicas: 2 });
    expect(isvc.spec.canary[0].predictor.minReplicas).toBe(2);
    expect(isvc.spec.predictor.minReplicas).toBe(2);
    expectValidObjects([isvc], { kserveVersion: 'v0.20.0' });
  });

  test('candidateName defaults to canary', () => {
    const isvc = synth(standard20, { trafficPercent: 10, candidate: v2 });
    expect(isvc.spec.canary).toHaveLength(1);
    expect(isvc.spec.canary[0].predictor.name).toBe('canary');
    expectValidObjects([isvc], { kserveVersion: 'v0.20.0' });
  });

  test('promote renames the predictor and swaps in the candidate model', () => {
    const isvc = synth(standard20, { phase: CanaryPhase.promote(), candidate: v2, candidateName: 'v2' });
    const stable = baseline(standard20).spec.predictor;
    expect(isvc.spec).not.toHaveProperty('canary');
    expect(isvc.spec.predictor.name).toBe('v2');
    expect(isvc.spec.predictor.model.storageUri).toBe(V2_URI);
    expect(isvc.spec.predictor.model.modelFormat).toEqual({ name: 'sklearn' });
    expect(stable.model.resources).toBeDefined();
    expect(isvc.spec.predictor.model.resources).toEqual(stable.model.resources);
    expect(isvc.spec.predictor.minReplicas).toBe(2);
    expectValidObjects([isvc], { kserveVersion: 'v0.20.0' });
  });

  test('promote keeps the stable runtime settings the candidate does not override (KServe merges canaries over the stable predictor)', () => {
    const pinned = { ...standard20, predictor: { model: Model.sklearn(StorageUri.parse(V1_URI), { runtime: 'kserve-sklearnserver', runtimeVersion: '1.14.0' }) } };
    const isvc = synth(pinned, { phase: CanaryPhase.promote(), candidate: v2, candidateName: 'v2' });
    expect(isvc.spec.predictor.model).toMatchObject({ runtime: 'kserve-sklearnserver', runtimeVersion: '1.14.0', storageUri: V2_URI });
    const overridden = synth(pinned, { phase: CanaryPhase.promote(), candidate: Model.sklearn(StorageUri.parse(V2_URI), { runtimeVersion: '1.15.0' }) });
    expect(overridden.spec.predictor.model.runtimeVersion).toBe('1.15.0');
  });

  test('a candidate leaving fields unset equals the stable model when the rest is the same', () => {
    const pinned = { ...standard20, predictor: { model: Model.sklearn(StorageUri.parse(V1_URI), { runtimeVersion: '1.14.0' }) } };
    expectRolloutError(pinned, { trafficPercent: 10, candidate: v1 }, 'candidate equals the stable model');
  });

  test('rollback removes the candidate and keeps the stable predictor', () => {
    const isvc = synth(standard20, { phase: CanaryPhase.rollback(), candidate: v2, candidateName: 'v2' });
    expect(isvc.spec).not.toHaveProperty('canary');
    expect(isvc).toEqual(baseline(standard20));
    expect(isvc.spec.predictor.model.storageUri).toBe(V1_URI);
    expect(isvc.spec.predictor).not.toHaveProperty('name');
    expectValidObjects([isvc], { kserveVersion: 'v0.20.0' });
  });
});

describe('Standard mode, KServe v0.20: after a promotion', () => {
  const V3_URI = 'gs://kfserving-examples/models/sklearn/1.0/model-3';
  const v3 = Model.sklearn(StorageUri.parse(V3_URI));
  const named = (name: string | undefined, model: Model): InferenceServiceProps =>
    ({ ...standard20, predictor: { ...standard20.predictor, name, model } });

  /** KServe v0.20's update rule (`validatePredictorNameChange`): a predictor name change needs a storageUri change. */
  function nameChangeRejected(before: any, after: any): boolean {
    return (before.spec.predictor.name ?? '') !== (after.spec.predictor.name ?? '')
      && before.spec.predictor.model.storageUri === after.spec.predictor.model.storageUri;
  }

  test('keeping the candidate name on the predictor renders the promoted predictor unchanged', () => {
    const promoted = synth(standard20, { phase: CanaryPhase.promote(), candidate: v2, candidateName: 'v2' });
    const kept = baseline(named('v2', v2));
    expect(kept.spec).toEqual(promoted.spec);
    expect(kept.spec.predictor.name).toBe('v2');
    expect(nameChangeRejected(promoted, kept)).toBe(false);
    expectValidObjects([kept], { kserveVersion: 'v0.20.0' });
  });

  test('dropping the promoted name without a storageUri change is what KServe rejects', () => {
    const promoted = synth(standard20, { phase: CanaryPhase.promote(), candidate: v2, candidateName: 'v2' });
    expect(nameChangeRejected(promoted, baseline(named(undefined, v2)))).toBe(true);
  });

  test('rollout after rollout: every step is an update KServe accepts', () => {
    const steps = [
      baseline(named(undefined, v1)),
      synth(named(undefined, v1), { trafficPercent: 10, candidate: v2, candidateName: 'v2' }),
      synth(named(undefined, v1), { phase: CanaryPhase.promote(), candidate: v2, candidateName: 'v2' }),
      baseline(named('v2', v2)),
      synth(named('v2', v2), { trafficPercent: 10, candidate: v3, candidateName: 'v3' }),
      synth(named('v2', v2), { phase: CanaryPhase.promote(), candidate: v3, candidateName: 'v3' }),
      baseline(named('v3', v3)),
    ];
    steps.slice(1).forEach((step, i) => expect(nameChangeRejected(steps[i], step)).toBe(false));
    expect(steps[4].spec.predictor.name).toBe('v2');
    expect(steps[4].spec.canary[0].predictor.name).toBe('v3');
    expectValidObjects(steps, { kserveVersion: 'v0.20.0' });
  });

  test('a candidateName equal to the kept predictor name is rejected in a canary phase', () => {
    expect(rolloutErrors(named('v2', v2), { trafficPercent: 10, candidate: v3, candidateName: 'v2' })).toEqual([
      "[test/rollout] candidateName 'v2' is also the predictor's 'name' (kept from an earlier promotion), so both would run as "
        + "'sklearn-iris-v2-predictor'; give the candidate another name",
    ]);
    // The default name collides with a predictor promoted under it.
    expectRolloutError(named('canary', v2), { phase: new RolloutPlan([10, 100]).stage(1), candidate: v3 }, "candidateName 'canary' is also the predictor's 'name'");
    // Without spec.canary there is nothing to collide.
    expect(rolloutErrors(named('v2', v2), { phase: CanaryPhase.rollback(), candidate: v3, candidateName: 'v2' })).toEqual([]);
  });
});

describe("the predictor's name (spec.predictor.name)", () => {
  const withName = (name: string, extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps =>
    ({ ...standard20, predictor: { ...standard20.predictor, name }, ...extra });

  function serviceErrors(props: InferenceServiceProps): string[] {
    const app = Testing.app();
    new InferenceService(new Chart(app, 'test', { namespace: 'ml' }), 'sklearn-iris', props);
    try {
      app.synthYaml();
      return [];
    } catch (e) {
      return (e as Error).message.split('\n').slice(1).map(l => l.trim());
    }
  }

  test('is rendered, and names the predictor workload and Service the way KServe does', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    const isvc = new InferenceService(chart, 'sklearn-iris', withName('v2'));
    app.synthYaml();
    const [object] = Testing.synth(chart);
    expect(object.spec.predictor.name).toBe('v2');
    expect(isvc.componentName(ComponentType.PREDICTOR)).toBe('sklearn-iris-v2-predictor');
    expect(isvc.serviceHostname()).toBe('sklearn-iris-v2-predictor.ml.svc.cluster.local');
    expect(isvc.clusterLocalUrl).toBe('http://sklearn-iris-v2-predictor.ml.svc.cluster.local');
    expectValidObjects([object], { kserveVersion: 'v0.20.0' });
  });

  test('is not rendered unless given', () => {
    expect(baseline(standard20).spec.predictor).not.toHaveProperty('name');
  });

  test('needs KServe v0.20', () => {
    expect(serviceErrors(withName('v2', { version: KServeVersion.V0_13 }))).toEqual([
      '[test/sklearn-iris] spec.predictor.name needs KServe v0.20 or later (target is v0.13.1); remove it',
    ]);
  });

  test.each(['V2', '2v', 'v2-', 'v_2', ''])('%p is not a name', (name) => {
    expect(serviceErrors(withName(name))).toEqual([
      `[test/sklearn-iris] spec.predictor.name '${name}' must consist of lower case alphanumeric characters or '-', start with a letter `
        + 'and end with an alphanumeric character (regex ^[a-z]([-a-z0-9]*[a-z0-9])?$)',
    ]);
  });

  test('counts toward the derived name length', () => {
    // sklearn-iris-<name>-predictor-ml: 12 + 1 + 38 + 10 + 3 = 64 characters.
    const long = 'n'.repeat(38);
    expect(serviceErrors(withName(long)).join('\n')).toContain(`KServe derives 'sklearn-iris-${long}-predictor-ml' (64 characters)`);
    expect(serviceErrors(withName('n'.repeat(37)))).toEqual([]);
  });
});

describe('rules', () => {
  const k20 = knative(KServeVersion.V0_20);

  test('a valid rollout has no errors', () => {
    expect(rolloutErrors(k20, { trafficPercent: 10 })).toEqual([]);
    expect(rolloutErrors(standard20, { trafficPercent: 10, candidate: v2, candidateName: 'v2', candidateReplicas: 2 })).toEqual([]);
  });

  describe('phase and traffic share', () => {
    test('neither trafficPercent nor phase', () => {
      expectRolloutError(k20, {}, "give 'trafficPercent' (0-100) or a 'phase'");
    });

    test('both trafficPercent and phase', () => {
      expectRolloutError(k20, { trafficPercent: 10, phase: CanaryPhase.canary(10) }, "give either 'trafficPercent' or 'phase', not both");
    });

    test.each([-1, 101, 12.5])('trafficPercent %p', (percent) => {
      expectRolloutError(k20, { trafficPercent: percent }, `trafficPercent (${percent})`, 'whole percentage between 0 and 100');
    });

    test.each([0, 100])('trafficPercent %p is accepted', (percent) => {
      expect(rolloutErrors(k20, { trafficPercent: percent })).toEqual([]);
    });

    test('an empty plan', () => {
      expectRolloutError(k20, { phase: new RolloutPlan([]).stage(1) }, 'phase: the rollout plan has no stages');
    });

    test('a non-increasing plan', () => {
      expectRolloutError(k20, { phase: new RolloutPlan([10, 10]).stage(1) }, 'phase: plan stages must increase: stage 2 (10) follows 10');
    });

    test.each([0, 150])('a plan stage of %p', (percent) => {
      expectRolloutError(k20, { phase: new RolloutPlan([percent]).stage(1) }, `phase: plan stage 1 (${percent}) must be a whole percentage between 1 and 100`);
    });

    test('every problem of a plan is its own error, naming the phase', () => {
      expect(rolloutErrors(k20, { phase: new RolloutPlan([50, 20, 120]).stage(1) })).toEqual([
        '[test/rollout] phase: plan stages must increase: stage 2 (20) follows 50',
        '[test/rollout] phase: plan stage 3 (120) must be a whole percentage between 1 and 100',
      ]);
    });

    test.each([0, 4])('stage(%p) out of range', (stage) => {
      expect(rolloutErrors(k20, { phase: new RolloutPlan([10, 50, 100]).stage(stage) })).toEqual([
        `[test/rollout] phase: stage ${stage} does not exist: the plan [10, 50, 100] has stages 1 to 3`,
      ]);
    });

    test('fromEnvironment with the variable unset', () => {
      const phase = withEnv({ CANARY_STAGE: undefined }, () => new RolloutPlan([10, 50, 100]).fromEnvironment());
      expect(rolloutErrors(k20, { phase })).toEqual([
        "[test/rollout] phase (from $CANARY_STAGE): the variable is not set; set it to a stage (1-3), 'promote' or 'rollback'",
      ]);
      const custom = withEnv({ IRIS_ROLLOUT: '' }, () => new RolloutPlan([10, 50, 100]).fromEnvironment('IRIS_ROLLOUT'));
      expectRolloutError(k20, { phase: custom }, 'phase (from $IRIS_ROLLOUT): the variable is not set');
    });

    test('fromEnvironment with a value that is not a stage', () => {
      const phase = withEnv({ CANARY_STAGE: 'abc' }, () => new RolloutPlan([10, 50, 100]).fromEnvironment());
      expect(rolloutErrors(k20, { phase })).toEqual([
        "[test/rollout] phase (from $CANARY_STAGE): 'abc' must be a stage number (1-3), 'promote' or 'rollback'",
      ]);
    });

    test('fromEnvironment with a stage out of range names the variable', () => {
      const phase = withEnv({ CANARY_STAGE: '7' }, () => new RolloutPlan([10, 50, 100]).fromEnvironment());
      expect(rolloutErrors(k20, { phase })).toEqual([
        '[test/rollout] phase (from $CANARY_STAGE): stage 7 does not exist: the plan [10, 50, 100] has stages 1 to 3',
      ]);
    });

    test('fromEnvironment with a stage of a bad plan names the variable', () => {
      const phase = withEnv({ ROLLOUT_STAGE: '1' }, () => new RolloutPlan([]).fromEnvironment('ROLLOUT_STAGE'));
      expect(rolloutErrors(k20, { phase })).toEqual(['[test/rollout] phase (from $ROLLOUT_STAGE): the rollout plan has no stages']);
    });
  });

  test('a component the service lacks', () => {
    expectRolloutError(k20, { trafficPercent: 10, component: ComponentType.TRANSFORMER },
      "component 'transformer': the service 'sklearn-iris' has no transformer");
  });

  describe('Knative mode', () => {
    test.each<[string, RolloutOptions]>([
      ['candidate', { candidate: v1 }],
      ['candidateName', { candidateName: 'v2' }],
      ['candidateReplicas', { candidateReplicas: 1 }],
    ])('%s is rejected', (_, extra) => {
      expectRolloutError(k20, { trafficPercent: 10, ...extra }, "'candidate', 'candidateName' and 'candidateReplicas' are for Standard mode");
    });

    test('previousModel equal to the service model', () => {
      const same = Model.sklearn(StorageUri.parse(V2_URI));
      expectRolloutError(k20, { trafficPercent: 10, previousModel: same }, `the candidate model equals previousModel (${V2_URI})`, 'nothing to roll out');
      expect(rolloutErrors(k20, { trafficPercent: 10, previousModel: v1 })).toEqual([]);
    });

    test('tagRouting with a name too long for the tagged host', () => {
      // latest-<name>-predictor-ml: 7 + 44 + 10 + 3 = 64 characters.
      const name = 'a'.repeat(44);
      const errors = rolloutErrors(k20, { trafficPercent: 10, tagRouting: true }, name);
      const host = `latest-${name}-predictor-ml`;
      expect(errors).toEqual([
        `[test/rollout] tagRouting: the tagged host '${host}' is 64 characters, over the 63 DNS allows (kserve#1377); shorten the name`,
      ]);
      // Without tag routing the name is fine.
      expect(rolloutErrors(k20, { trafficPercent: 10 }, name)).toEqual([]);
      // 43 characters make a 63-character host: accepted.
      expect(rolloutErrors(k20, { trafficPercent: 10, tagRouting: true }, 'a'.repeat(43))).toEqual([]);
    });
  });

  describe('Standard mode', () => {
    test('KServe v0.13 has no canary rollout: the error names the service and what to change on it', () => {
      const v13 = { ...standard20, version: KServeVersion.V0_13 };
      expect(rolloutErrors(v13, { trafficPercent: 10, candidate: v2 })).toEqual([
        "[test/rollout] service: InferenceService 'test/sklearn-iris' targets KServe v0.13.1, which has no canary rollout in 'RawDeployment' mode "
          + '(canaryTrafficPercent is ignored there); set its deploymentMode to DeploymentMode.KNATIVE, or target KServe v0.20 or later (spec.canary)',
      ]);
    });

    test('the candidate is required', () => {
      expectRolloutError(standard20, { trafficPercent: 10 }, "'candidate' (the new Model) is required in Standard mode");
    });

    test('a candidate equal to the stable model', () => {
      const same = Model.sklearn(StorageUri.parse(V1_URI));
      expectRolloutError(standard20, { trafficPercent: 10, candidate: same }, `candidate equals the stable model (${V1_URI})`, 'nothing to roll out');
    });

    test('a custom-container stable predictor', () => {
      const custom: InferenceServiceProps = {
        version: KServeVersion.V0_20,
        deploymentMode: DeploymentMode.STANDARD,
        predictor: { container: { image: 'ghcr.io/acme/iris-server:1.0.0' } },
      };
      expect(rolloutErrors(custom, { trafficPercent: 10, candidate: v2 })).toEqual([
        "[test/rollout] service: InferenceService 'test/sklearn-iris' has no predictor 'model': canary requires a stable predictor with a model "
          + '(a custom container cannot be the stable side of spec.canary)',
      ]);
    });

    test('tagRouting', () => {
      expectRolloutError(standard20, { trafficPercent: 10, candidate: v2, tagRouting: true }, 'tagRouting is a Knative feature');
    });

    test('component transformer', () => {
      const withTransformer = { ...standard20, transformer: TRANSFORMER };
      expectRolloutError(withTransformer, { trafficPercent: 10, candidate: v2, component: ComponentType.TRANSFORMER },
        "component 'transformer': Standard-mode canaries (spec.canary) roll out the predictor only");
    });

    test('a bad candidateName', () => {
      expectRolloutError(standard20, { trafficPercent: 10, candidate: v2, candidateName: 'V2' }, "candidateName 'V2' must match");
    });

    test('a candidateName making the derived name too long', () => {
      // sklearn-iris-<name>-predictor-ml: 12 + 1 + 38 + 10 + 3 = 64 characters.
      const long = 'c'.repeat(38);
      expectRolloutError(standard20, { trafficPercent: 10, candidate: v2, candidateName: long },
        `candidateName '${long}' makes 'sklearn-iris-${long}-predictor-ml' (64 characters), over the 63 DNS allows`);
      expect(rolloutErrors(standard20, { trafficPercent: 10, candidate: v2, candidateName: 'c'.repeat(37) })).toEqual([]);
    });

    test('candidateReplicas above the stable minReplicas', () => {
      expectRolloutError(standard20, { trafficPercent: 10, candidate: v2, candidateReplicas: 3 },
        "candidateReplicas (3) must not exceed the stable predictor's minReplicas (2)");
    });

    test('candidateReplicas above the default stable minReplicas of 1', () => {
      const noMin = { ...standard20, predictor: { model: v1 } };
      expectRolloutError(noMin, { trafficPercent: 10, candidate: v2, candidateReplicas: 2 },
        "candidateReplicas (2) must not exceed the stable predictor's minReplicas (1)");
      expect(rolloutErrors(noMin, { trafficPercent: 10, candidate: v2, candidateReplicas: 1 })).toEqual([]);
    });

    test('negative candidateReplicas', () => {
      expectRolloutError(standard20, { trafficPercent: 10, candidate: v2, candidateReplicas: -1 }, 'candidateReplicas (-1) must be a whole number >= 0');
    });

    test('promote without a storageUri change', () => {
      const sameUri = Model.sklearn(StorageUri.parse(V1_URI), { runtimeVersion: '1.14.0' });
      const errors = rolloutErrors(standard20, { phase: CanaryPhase.promote(), candidate: sameUri });
      expect(errors).toEqual([
        '[test/rollout] promote: KServe rejects a predictor name change without a storageUri change; the candidate must use another storageUri',
      ]);
      // The same candidate is fine as a canary: it differs from the stable model.
      expect(rolloutErrors(standard20, { trafficPercent: 10, candidate: sameUri })).toEqual([]);
    });

    test('an invalid candidate model', () => {
      const latest = Model.sklearn(StorageUri.parse(V2_URI), { runtimeVersion: 'latest' });
      expectRolloutError(standard20, { trafficPercent: 10, candidate: latest }, "candidate: runtimeVersion 'latest' must pin a release tag");
    });
  });

  test('a second CanaryRollout on the same service is a synth error; the first stays the service\'s rollout', () => {
    const { app, chart, isvc, rollout } = build(k20, { trafficPercent: 10 });
    new CanaryRollout(chart, 'rollout2', { service: isvc, trafficPercent: 20 });
    expect(CanaryRollout.of(isvc)).toBe(rollout);
    expectError(app, 'test/rollout2', "service: InferenceService 'test/sklearn-iris' already has the CanaryRollout 'test/rollout'");
  });
});
