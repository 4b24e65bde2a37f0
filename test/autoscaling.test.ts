import { Duration, Size, Testing } from 'cdk8s';
import {
  Autoscaling, CustomComponentOptions, DeploymentMode, InferenceService, InferenceServiceProps, KedaMetric, KServeVersion, Model, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const model = Model.sklearn(IRIS);
const transformerContainer = { image: 'ghcr.io/acme/iris-transformer:1.2.0' };
const PROMETHEUS = 'http://prometheus.monitoring:9090';
const QUERY = 'sum(rate(request_predict_seconds_count[1m]))';
const prometheus = (threshold: number) => KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: QUERY, threshold });
const STANDARD = DeploymentMode.STANDARD;
const V0_13 = KServeVersion.V0_13;
const BOTH = [KServeVersion.V0_13, KServeVersion.V0_20];

const CLASS = 'serving.kserve.io/autoscalerClass';
const KNATIVE_CLASS = 'autoscaling.knative.dev/class';
const MODE = 'serving.kserve.io/deploymentMode';

/** The validation errors synth reports for one InferenceService (one per line), or [] when synth succeeds. */
function serviceErrors(props: InferenceServiceProps): string[] {
  const { app, chart } = newChart();
  new InferenceService(chart, 'sklearn-iris', props);
  return synthErrors(app);
}

/** Asserts that one reported error names the construct path and contains every fragment. */
function expectServiceError(props: InferenceServiceProps, ...fragments: string[]) {
  expectError(serviceErrors(props), 'test/sklearn-iris', ...fragments);
}

/** Synthesizes with validation (as `cdk8s synth` does) and returns the InferenceService manifest. */
function synth(props: InferenceServiceProps): { objects: any[]; isvc: any } {
  const { app, chart } = newChart();
  new InferenceService(chart, 'sklearn-iris', props);
  app.synthYaml();
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  return { objects, isvc: objects[0] };
}

function schema(version: KServeVersion): KServeSchemaVersion {
  return version.name as KServeSchemaVersion;
}

/** Every object key anywhere in the value (annotation keys included). */
function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (typeof value === 'object' && value) return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  return [];
}

/** The Knative annotations KServe writes itself (and would overwrite); the library must never emit them. */
const KSERVE_OWNED = /^autoscaling\.knative\.dev\/(min-scale|minScale|max-scale|maxScale|target|metric)$/;

describe('Autoscaling policy getters', () => {
  test.each([
    [Autoscaling.concurrency({ target: 10, minReplicas: 1, maxReplicas: 10 }), 'concurrency', 1, 10],
    [Autoscaling.rps({ maxReplicas: 4 }), 'rps', undefined, 4],
    [Autoscaling.cpu({ minReplicas: 2 }), 'cpu', 2, undefined],
    [Autoscaling.memory(70, { minReplicas: 1, maxReplicas: 3 }), 'memory', 1, 3],
    [Autoscaling.keda({ metrics: [KedaMetric.cpu(60)], minReplicas: 0, maxReplicas: 5 }), 'keda', 0, 5],
    [Autoscaling.external(), 'external', undefined, undefined],
    [Autoscaling.fixed(3), 'none', 3, undefined],
    [Autoscaling.fixed(0), 'none', 0, undefined],
  ])('%#: policy %s exposes policy, minReplicas and maxReplicas', (policy, name, min, max) => {
    expect(policy.policy).toBe(name);
    expect(policy.minReplicas).toBe(min);
    expect(policy.maxReplicas).toBe(max);
  });

  test('defaults leave the bounds unset', () => {
    expect(Autoscaling.concurrency().minReplicas).toBeUndefined();
    expect(Autoscaling.concurrency().maxReplicas).toBeUndefined();
    expect(Autoscaling.cpu().policy).toBe('cpu');
  });
});

describe('rendering: Knative request-based policies', () => {
  const seed = () => Autoscaling.concurrency({ target: 10, minReplicas: 1, maxReplicas: 10 });

  test('the seed intent (target 10, min 1, max 10) becomes KServe fields, not Knative annotations', () => {
    const { objects, isvc } = synth({ predictor: { model, autoscaling: seed() } });
    expect(objects).toMatchSnapshot();
    expect(isvc.metadata.annotations).toEqual({ [MODE]: 'Knative' });
    expect(isvc.spec.predictor).toEqual({
      minReplicas: 1,
      maxReplicas: 10,
      scaleMetric: 'concurrency',
      scaleTarget: 10,
      model: { modelFormat: { name: 'sklearn' }, storageUri: IRIS.uri },
    });
    // KServe writes min-scale/max-scale/target from the fields and drops/overwrites hand-written ones.
    expect(allKeys(objects).filter(k => k.startsWith('autoscaling.knative.dev/'))).toEqual([]);
  });

  test.each(BOTH)('the seed intent validates against the %s schema', (version) => {
    const { objects, isvc } = synth({ version, predictor: { model, autoscaling: seed() } });
    expect(isvc.metadata.annotations).toEqual({ [MODE]: version === V0_13 ? 'Serverless' : 'Knative' });
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'concurrency', scaleTarget: 10, minReplicas: 1, maxReplicas: 10 });
    expect(allKeys(objects).filter(k => KSERVE_OWNED.test(k))).toEqual([]);
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  const tuned = () => Autoscaling.concurrency({
    target: 10,
    minReplicas: 0,
    maxReplicas: 20,
    containerConcurrency: 20,
    targetUtilizationPercent: 70,
    initialScale: 2,
    stableWindow: Duration.seconds(30),
    scaleToZeroRetention: Duration.minutes(5),
  });

  test('Knative tuning options become component annotations, containerConcurrency a field', () => {
    const { objects, isvc } = synth({ predictor: { model, autoscaling: tuned(), annotations: { 'example.com/owner': 'ml' } } });
    expect(objects).toMatchSnapshot();
    const p = isvc.spec.predictor;
    expect(p).toMatchObject({ scaleMetric: 'concurrency', scaleTarget: 10, minReplicas: 0, maxReplicas: 20, containerConcurrency: 20 });
    expect(p.annotations).toEqual({
      'example.com/owner': 'ml',
      'autoscaling.knative.dev/target-utilization-percentage': '70',
      'autoscaling.knative.dev/initial-scale': '2',
      'autoscaling.knative.dev/window': '30s',
      'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '300s',
    });
    // The tuning annotations belong to the component (they reach the revision), not the service.
    expect(isvc.metadata.annotations).toEqual({ [MODE]: 'Knative' });
    expect(allKeys(objects).filter(k => KSERVE_OWNED.test(k))).toEqual([]);
  });

  test.each(BOTH)('Knative tuning options validate against the %s schema', (version) => {
    const { objects } = synth({ version, predictor: { model, autoscaling: tuned() } });
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test('stableWindow in minutes is written in seconds', () => {
    const { isvc } = synth({ predictor: { model, autoscaling: Autoscaling.concurrency({ stableWindow: Duration.minutes(2) }) } });
    expect(isvc.spec.predictor.annotations).toEqual({ 'autoscaling.knative.dev/window': '120s' });
    expect(isvc.spec.predictor.scaleMetric).toBe('concurrency');
    expect(isvc.spec.predictor.scaleTarget).toBeUndefined();
  });

  test.each(BOTH)('rps renders scaleMetric rps and validates against %s', (version) => {
    const { objects, isvc } = synth({ version, predictor: { model, autoscaling: Autoscaling.rps({ target: 200, minReplicas: 2, maxReplicas: 5 }) } });
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'rps', scaleTarget: 200, minReplicas: 2, maxReplicas: 5 });
    expect(isvc.spec.predictor.annotations).toBeUndefined();
    expect(Object.keys(isvc.metadata.annotations)).toEqual([MODE]);
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });
});

describe('rendering: HPA policies (cpu, memory)', () => {
  test.each(BOTH)('cpu in Standard mode on %s: autoscalerClass hpa, scaleMetric cpu, scaleTarget', (version) => {
    const { objects, isvc } = synth({
      version,
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 2, maxReplicas: 8 }) },
    });
    expect(isvc.metadata.annotations).toEqual({ [MODE]: version === V0_13 ? 'RawDeployment' : 'Standard', [CLASS]: 'hpa' });
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'cpu', scaleTarget: 70, minReplicas: 2, maxReplicas: 8 });
    expect(isvc.spec.predictor.annotations).toBeUndefined();
    expect(allKeys(objects).filter(k => k.startsWith('autoscaling.knative.dev/'))).toEqual([]);
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test('cpu in Standard mode (snapshot)', () => {
    const { objects } = synth({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 2, maxReplicas: 8 }) },
    });
    expect(objects).toMatchSnapshot();
  });

  test('cpu without a target leaves scaleTarget to KServe (80)', () => {
    const { isvc } = synth({ deploymentMode: STANDARD, predictor: { model, autoscaling: Autoscaling.cpu({ maxReplicas: 3 }) } });
    expect(isvc.spec.predictor.scaleMetric).toBe('cpu');
    expect(isvc.spec.predictor.scaleTarget).toBeUndefined();
    expect(isvc.metadata.annotations[CLASS]).toBe('hpa');
  });

  test.each(BOTH)('cpu in Knative mode on %s: Knative HPA class on the service, no KServe autoscalerClass', (version) => {
    const { objects, isvc } = synth({
      version,
      predictor: { model, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 60, minReplicas: 1, maxReplicas: 4 }) },
    });
    expect(isvc.metadata.annotations).toEqual({ [MODE]: version === V0_13 ? 'Serverless' : 'Knative', [KNATIVE_CLASS]: 'hpa.autoscaling.knative.dev' });
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'cpu', scaleTarget: 60, minReplicas: 1, maxReplicas: 4 });
    // The webhook reads the class only from the service's own annotations, so it must not (only) be on the component.
    expect(isvc.spec.predictor.annotations).toBeUndefined();
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test.each(BOTH)('memory in Standard mode on %s', (version) => {
    const { objects, isvc } = synth({
      version,
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.memory(75, { maxReplicas: 6 }) },
    });
    expect(isvc.metadata.annotations[CLASS]).toBe('hpa');
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'memory', scaleTarget: 75, maxReplicas: 6 });
    expect(isvc.spec.predictor.minReplicas).toBeUndefined();
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test.each(BOTH)('memoryAverage in Knative mode on %s: the Knative HPA class with a target in whole MiB', (version) => {
    const { objects, isvc } = synth({ version, predictor: { model, autoscaling: Autoscaling.memoryAverage(Size.gibibytes(2), { maxReplicas: 4 }) } });
    expect(isvc.metadata.annotations[KNATIVE_CLASS]).toBe('hpa.autoscaling.knative.dev');
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'memory', scaleTarget: 2048, maxReplicas: 4 });
    expect(isvc.spec.predictor.autoScaling).toBeUndefined();
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test('memoryAverage in Standard mode on v0.20: an HPA on an AverageValue memory target', () => {
    const { objects, isvc } = synth({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.memoryAverage(Size.mebibytes(1536), { minReplicas: 1, maxReplicas: 4 }) },
    });
    expect(isvc.metadata.annotations[CLASS]).toBe('hpa');
    expect(isvc.spec.predictor).toMatchObject({ minReplicas: 1, maxReplicas: 4 });
    expect(isvc.spec.predictor.scaleMetric).toBeUndefined();
    expect(isvc.spec.predictor.autoScaling).toEqual({
      metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1536Mi' } } }],
    });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('memory utilization in Knative mode is an error: Knative would read the percentage as MiB', () => {
    expectServiceError({ predictor: { model, autoscaling: Autoscaling.memory(80, { maxReplicas: 3 }) } }, 'spec.predictor.autoscaling: Autoscaling.memory(80) would target 80 MiB per replica in Knative mode, not 80%',
      'Use Autoscaling.memoryAverage(Size.mebibytes(n)), or DeploymentMode.STANDARD');
  });
});

describe('rendering: KEDA, external and fixed (Standard mode)', () => {
  const keda = () => Autoscaling.keda({
    minReplicas: 0,
    maxReplicas: 5,
    metrics: [
      KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: QUERY, threshold: 10 }),
      KedaMetric.cpu(60),
    ],
  });

  test('keda on v0.20: autoscalerClass keda and autoScaling.metrics with External and Resource triggers', () => {
    const { objects, isvc } = synth({ deploymentMode: STANDARD, predictor: { model, autoscaling: keda() } });
    expect(objects).toMatchSnapshot();
    expect(isvc.metadata.annotations).toEqual({ [MODE]: 'Standard', [CLASS]: 'keda' });
    const p = isvc.spec.predictor;
    expect(p.minReplicas).toBe(0);
    expect(p.maxReplicas).toBe(5);
    // KEDA rejects scaleMetric ("ScaleMetric is not supported for KEDA").
    expect(p.scaleMetric).toBeUndefined();
    expect(p.scaleTarget).toBeUndefined();
    expect(p.autoScaling).toEqual({
      metrics: [
        {
          type: 'External',
          external: {
            metric: { backend: 'prometheus', serverAddress: PROMETHEUS, query: QUERY },
            target: { type: 'Value', value: '10' },
          },
        },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      ],
    });
    // target.value is a Quantity: rendered as a string, not a number.
    expect(typeof p.autoScaling.metrics[0].external.target.value).toBe('string');
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('keda memory trigger, Prometheus namespace and a fractional threshold', () => {
    const { objects, isvc } = synth({
      deploymentMode: STANDARD,
      predictor: {
        model,
        autoscaling: Autoscaling.keda({
          maxReplicas: 3,
          metrics: [
            KedaMetric.memory(70),
            KedaMetric.prometheus({ serverAddress: 'https://thanos.example.com', query: QUERY, threshold: 2.5, namespace: 'team-a' }),
          ],
        }),
      },
    });
    expect(isvc.spec.predictor.autoScaling.metrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
      {
        type: 'External',
        external: {
          metric: { backend: 'prometheus', serverAddress: 'https://thanos.example.com', query: QUERY, namespace: 'team-a' },
          target: { type: 'Value', value: '2.5' },
        },
      },
    ]);
    expect(isvc.spec.predictor.minReplicas).toBeUndefined();
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test.each(BOTH)('external on %s: autoscalerClass external and no scale fields', (version) => {
    const { objects, isvc } = synth({ version, deploymentMode: STANDARD, predictor: { model, autoscaling: Autoscaling.external() } });
    expect(isvc.metadata.annotations).toEqual({ [MODE]: version === V0_13 ? 'RawDeployment' : 'Standard', [CLASS]: 'external' });
    expect(isvc.spec.predictor).toEqual({ model: { modelFormat: { name: 'sklearn' }, storageUri: IRIS.uri } });
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test('fixed(3) on v0.20: autoscalerClass none and minReplicas 3', () => {
    const { objects, isvc } = synth({ deploymentMode: STANDARD, predictor: { model, autoscaling: Autoscaling.fixed(3) } });
    expect(objects).toMatchSnapshot();
    expect(isvc.metadata.annotations).toEqual({ [MODE]: 'Standard', [CLASS]: 'none' });
    expect(isvc.spec.predictor).toEqual({ minReplicas: 3, model: { modelFormat: { name: 'sklearn' }, storageUri: IRIS.uri } });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('fixed(0) stops the service and is allowed in Standard mode', () => {
    const { objects, isvc } = synth({ deploymentMode: STANDARD, predictor: { model, autoscaling: Autoscaling.fixed(0) } });
    expect(isvc.metadata.annotations[CLASS]).toBe('none');
    expect(isvc.spec.predictor.minReplicas).toBe(0);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });
});

describe('rendering: a transformer with its own policy', () => {
  test.each(BOTH)('Knative on %s: predictor concurrency, transformer rps with a window', (version) => {
    const { objects, isvc } = synth({
      version,
      predictor: { model, autoscaling: Autoscaling.concurrency({ target: 5 }) },
      transformer: {
        container: transformerContainer,
        autoscaling: Autoscaling.rps({ target: 50, minReplicas: 1, maxReplicas: 3, stableWindow: Duration.seconds(60) }),
      },
    });
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'concurrency', scaleTarget: 5 });
    expect(isvc.spec.predictor.annotations).toBeUndefined();
    expect(isvc.spec.transformer).toMatchObject({
      scaleMetric: 'rps',
      scaleTarget: 50,
      minReplicas: 1,
      maxReplicas: 3,
      annotations: { 'autoscaling.knative.dev/window': '60s' },
    });
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test.each(BOTH)('Standard on %s: predictor cpu, transformer memory share the hpa class', (version) => {
    const { objects, isvc } = synth({
      version,
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, maxReplicas: 3 }) },
      transformer: {
        container: transformerContainer,
        autoscaling: Autoscaling.memory(60, { minReplicas: 1, maxReplicas: 2 }),
      },
    });
    expect(isvc.metadata.annotations[CLASS]).toBe('hpa');
    expect(isvc.spec.predictor).toMatchObject({ scaleMetric: 'cpu', scaleTarget: 70 });
    expect(isvc.spec.transformer).toMatchObject({ scaleMetric: 'memory', scaleTarget: 60, minReplicas: 1, maxReplicas: 2 });
    expectValidObjects(objects, { kserveVersion: schema(version) });
  });

  test('a policy on the transformer alone still sets the service-level class', () => {
    const { objects, isvc } = synth({
      deploymentMode: STANDARD,
      predictor: { model },
      transformer: {
        container: transformerContainer,
        autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 65, minReplicas: 1, maxReplicas: 2 }),
      },
    });
    // The webhook reads the class only from the InferenceService's annotations.
    expect(isvc.metadata.annotations).toEqual({ [MODE]: 'Standard', [CLASS]: 'hpa' });
    expect(isvc.spec.predictor.scaleMetric).toBeUndefined();
    expect(isvc.spec.transformer).toMatchObject({ scaleMetric: 'cpu', scaleTarget: 65, minReplicas: 1, maxReplicas: 2 });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('Standard on v0.20: predictor and transformer both on KEDA', () => {
    const { objects, isvc } = synth({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.keda({ metrics: [KedaMetric.cpu(50)], maxReplicas: 4 }) },
      transformer: {
        container: transformerContainer,
        autoscaling: Autoscaling.keda({ minReplicas: 0, maxReplicas: 3, metrics: [prometheus(100)] }),
      },
    });
    expect(objects).toMatchSnapshot();
    expect(isvc.metadata.annotations[CLASS]).toBe('keda');
    expect(isvc.spec.transformer.minReplicas).toBe(0);
    expect(isvc.spec.transformer.autoScaling.metrics[0].external.target).toEqual({ type: 'Value', value: '100' });
    expect(isvc.spec.transformer.scaleMetric).toBeUndefined();
    expect(isvc.spec.predictor.autoScaling.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });
});

describe('rules: each rejected with the field and the construct path', () => {
  const predictor = (autoscaling: Autoscaling) => ({ model, autoscaling });
  const cases: Array<[string, InferenceServiceProps, string[]]> = [
    // Knative request-based policies
    ['concurrency in Standard mode', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.concurrency()) },
      ["spec.predictor.autoscaling: 'concurrency' scaling needs Knative; in 'Standard' mode", 'Use Autoscaling.cpu/memory/keda, or DeploymentMode.KNATIVE']],
    ['rps in RawDeployment mode (v0.13)', { version: V0_13, deploymentMode: STANDARD, predictor: predictor(Autoscaling.rps({ target: 10 })) },
      ["spec.predictor.autoscaling: 'rps' scaling needs Knative; in 'RawDeployment' mode"]],
    ['concurrency target 0', { predictor: predictor(Autoscaling.concurrency({ target: 0 })) },
      ['spec.predictor.autoscaling.target (0) must be a whole number greater than zero (scaleTarget is an integer)']],
    ['concurrency target not a whole number', { predictor: predictor(Autoscaling.concurrency({ target: 2.5 })) },
      ['spec.predictor.autoscaling.target (2.5) must be a whole number greater than zero (scaleTarget is an integer)']],
    ['rps target below 1', { predictor: predictor(Autoscaling.rps({ target: 0.5 })) },
      ['spec.predictor.autoscaling.target (0.5) must be a whole number greater than zero (scaleTarget is an integer)']],
    ['concurrency target above containerConcurrency', { predictor: predictor(Autoscaling.concurrency({ target: 20, containerConcurrency: 10 })) },
      ['spec.predictor.autoscaling.target (20) must not exceed containerConcurrency (10)']],
    ['negative containerConcurrency', { predictor: predictor(Autoscaling.concurrency({ containerConcurrency: -1 })) },
      ['spec.predictor.autoscaling.containerConcurrency (-1) must be a whole number >= 0']],
    ['Knative targetUtilizationPercent 0', { predictor: predictor(Autoscaling.concurrency({ targetUtilizationPercent: 0 })) },
      ['spec.predictor.autoscaling.targetUtilizationPercent (0) must be between 1 and 100']],
    ['Knative targetUtilizationPercent 101', { predictor: predictor(Autoscaling.rps({ targetUtilizationPercent: 101 })) },
      ['spec.predictor.autoscaling.targetUtilizationPercent (101) must be between 1 and 100']],
    ['initialScale -1', { predictor: predictor(Autoscaling.concurrency({ initialScale: -1 })) },
      ['spec.predictor.autoscaling.initialScale (-1) must be a whole number >= 0']],
    ['stableWindow 5s', { predictor: predictor(Autoscaling.concurrency({ stableWindow: Duration.seconds(5) })) },
      ['spec.predictor.autoscaling.stableWindow (5s) must be whole seconds between 6s and 1h']],
    ['stableWindow 2h', { predictor: predictor(Autoscaling.concurrency({ stableWindow: Duration.hours(2) })) },
      ['spec.predictor.autoscaling.stableWindow (7200s) must be whole seconds between 6s and 1h']],
    ['stableWindow with milliseconds', { predictor: predictor(Autoscaling.concurrency({ stableWindow: Duration.millis(6500) })) },
      ['spec.predictor.autoscaling.stableWindow (6.5s)']],
    ['scaleToZeroRetention without minReplicas 0', { predictor: predictor(Autoscaling.concurrency({ scaleToZeroRetention: Duration.seconds(30) })) },
      ['spec.predictor.autoscaling.scaleToZeroRetention only applies with minReplicas: 0']],
    ['scaleToZeroRetention with minReplicas 1', {
      predictor: predictor(Autoscaling.rps({ minReplicas: 1, scaleToZeroRetention: Duration.seconds(30) })),
    }, ['spec.predictor.autoscaling.scaleToZeroRetention only applies with minReplicas: 0']],
    // Replica bounds (every policy)
    ['minReplicas above maxReplicas', { predictor: predictor(Autoscaling.concurrency({ minReplicas: 5, maxReplicas: 2 })) },
      ['spec.predictor.autoscaling.minReplicas (5) must be less than or equal to spec.predictor.autoscaling.maxReplicas (2)']],
    ['minReplicas above maxReplicas (cpu)', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.cpu({ minReplicas: 4, maxReplicas: 3 })) },
      ['spec.predictor.autoscaling.minReplicas (4) must be less than or equal to spec.predictor.autoscaling.maxReplicas (3)']],
    ['negative minReplicas', { predictor: predictor(Autoscaling.concurrency({ minReplicas: -1 })) },
      ['spec.predictor.autoscaling.minReplicas (-1) must be a whole number >= 0']],
    ['negative maxReplicas', { predictor: predictor(Autoscaling.rps({ maxReplicas: -3 })) },
      ['spec.predictor.autoscaling.maxReplicas (-3) must be a whole number >= 0']],
    ['fractional minReplicas', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.cpu({ minReplicas: 1.5 })) },
      ['spec.predictor.autoscaling.minReplicas (1.5) must be a whole number >= 0']],
    ['negative fixed replicas', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.fixed(-1)) },
      ['spec.predictor.autoscaling.minReplicas (-1) must be a whole number >= 0']],
    // HPA policies
    ['cpu with minReplicas 0 (Standard)', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.cpu({ minReplicas: 0 })) },
      ['spec.predictor.autoscaling.minReplicas is 0 but an HPA cannot scale to zero', 'Autoscaling.keda']],
    ['cpu with minReplicas 0 (Knative HPA class)', { predictor: predictor(Autoscaling.cpu({ minReplicas: 0 })) },
      ['spec.predictor.autoscaling.minReplicas is 0 but an HPA cannot scale to zero']],
    ['memory with minReplicas 0', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.memory(50, { minReplicas: 0 })) },
      ['spec.predictor.autoscaling.minReplicas is 0 but an HPA cannot scale to zero']],
    // The target is a required argument; JavaScript callers can still leave it out or pass the old options bag.
    ['memory without a target (JavaScript)', {
      deploymentMode: STANDARD, predictor: predictor((Autoscaling.memory as (...args: unknown[]) => Autoscaling)()),
    }, ['predictor.autoscaling: Autoscaling.memory(targetUtilizationPercent) is required (a number)']],
    ['memory given an options bag (JavaScript)', {
      deploymentMode: STANDARD, predictor: predictor(Autoscaling.memory({ targetUtilizationPercent: 70 } as unknown as number)),
    }, ['predictor.autoscaling: Autoscaling.memory(targetUtilizationPercent): must be a number (got a plain object { targetUtilizationPercent })']],
    ['cpu target 0', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.cpu({ targetUtilizationPercent: 0 })) },
      ['spec.predictor.autoscaling.targetUtilizationPercent (0) must be a whole number between 1 and 100']],
    ['cpu target 101', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.cpu({ targetUtilizationPercent: 101 })) },
      ['spec.predictor.autoscaling.targetUtilizationPercent (101) must be a whole number between 1 and 100']],
    ['cpu target 50.5', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.cpu({ targetUtilizationPercent: 50.5 })) },
      ['spec.predictor.autoscaling.targetUtilizationPercent (50.5) must be a whole number between 1 and 100']],
    ['memory target 101 (KServe rejects t > 100 for memory too)', {
      deploymentMode: STANDARD, predictor: predictor(Autoscaling.memory(101)),
    }, ['spec.predictor.autoscaling.targetUtilizationPercent (101) must be a whole number between 1 and 100']],
    // KEDA
    ['keda in Knative mode', { predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.cpu(50)] })) },
      ["spec.predictor.autoscaling: the 'keda' policy needs DeploymentMode.STANDARD (the service is in 'Knative' mode)"]],
    ['keda on v0.13', { version: V0_13, deploymentMode: STANDARD, predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.cpu(50)] })) },
      ["spec.predictor.autoscaling: the 'keda' autoscaler class needs KServe v0.15 or later (target is v0.13.1)"]],
    ['keda without metrics', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.keda({ metrics: [] })) },
      ['spec.predictor.autoscaling.metrics must list at least one KedaMetric']],
    ['keda with an empty query', {
      deploymentMode: STANDARD,
      predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: '  ', threshold: 5 })] })),
    }, ['spec.predictor.autoscaling.metrics[0].query must not be empty']],
    ['keda with a serverAddress that is not a URL', {
      deploymentMode: STANDARD,
      predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.prometheus({ serverAddress: 'prometheus:9090', query: QUERY, threshold: 5 })] })),
    }, ["spec.predictor.autoscaling.metrics[0].serverAddress 'prometheus:9090' must be an http(s) URL"]],
    ['keda with a URL without a host', {
      deploymentMode: STANDARD,
      predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.prometheus({ serverAddress: 'http://', query: QUERY, threshold: 5 })] })),
    }, ["spec.predictor.autoscaling.metrics[0].serverAddress 'http://' must be an http(s) URL"]],
    ['keda with threshold 0', {
      deploymentMode: STANDARD,
      predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.cpu(50), prometheus(0)] })),
    }, ['spec.predictor.autoscaling.metrics[1].threshold (0) must be greater than zero']],
    ['keda cpu utilization 0', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.cpu(0)] })) },
      ['spec.predictor.autoscaling.metrics[0] utilization (0) must be a whole number between 1 and 100']],
    ['keda memory utilization 150', { deploymentMode: STANDARD, predictor: predictor(Autoscaling.keda({ metrics: [KedaMetric.memory(150)] })) },
      ['spec.predictor.autoscaling.metrics[0] utilization (150) must be a whole number between 1 and 100']],
    // external and fixed
    ['external in Knative mode', { predictor: predictor(Autoscaling.external()) },
      ["spec.predictor.autoscaling: the 'external' policy needs DeploymentMode.STANDARD (the service is in 'Knative' mode)"]],
    ['external in Serverless mode (v0.13)', { version: V0_13, predictor: predictor(Autoscaling.external()) },
      ["spec.predictor.autoscaling: the 'external' policy needs DeploymentMode.STANDARD (the service is in 'Serverless' mode)"]],
    ['fixed on v0.13', { version: V0_13, deploymentMode: STANDARD, predictor: predictor(Autoscaling.fixed(2)) },
      ["spec.predictor.autoscaling: the 'none' autoscaler class needs KServe v0.15 or later (target is v0.13.1)", 'v0.13.1 allows hpa and external']],
    ['fixed in Knative mode', { predictor: predictor(Autoscaling.fixed(2)) },
      ["spec.predictor.autoscaling: Autoscaling.fixed() needs DeploymentMode.STANDARD (the service is in 'Knative' mode)"]],
    // Transformer policies are checked under their own field
    ['a transformer policy', {
      deploymentMode: STANDARD,
      predictor: { model },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.rps() },
    }, ["spec.transformer.autoscaling: 'rps' scaling needs Knative; in 'Standard' mode"]],
  ];

  test.each(cases)('%s', (_name, props, fragments) => {
    expectServiceError(props, ...fragments);
  });

  // Below 1 is zero or less, or fractional: one rule covers every bad target, including the rps rule
  // ("the target for rps should be greater than 1"), so each bad value gets one error, not two.
  test.each([
    ['concurrency', 0], ['concurrency', -1], ['concurrency', -0.5], ['concurrency', 2.5],
    ['rps', 0], ['rps', -3], ['rps', 0.5], ['rps', 1.5],
  ] as const)('a bad %s target %p gets exactly one error', (kind, target) => {
    const errors = serviceErrors({ predictor: predictor(Autoscaling[kind]({ target })) });
    expect(errors).toEqual([
      `[test/sklearn-iris] spec.predictor.autoscaling.target (${target}) must be a whole number greater than zero (scaleTarget is an integer)`,
    ]);
  });

  test.each([1, 200])('an rps target of %p is accepted', (target) => {
    expect(serviceErrors({ predictor: predictor(Autoscaling.rps({ target })) })).toEqual([]);
  });

  test('Autoscaling.fixed() is named by its factory in Knative mode, and by its class on v0.13', () => {
    const knative = serviceErrors({ predictor: predictor(Autoscaling.fixed(2)) });
    expect(knative).toEqual(["[test/sklearn-iris] spec.predictor.autoscaling: Autoscaling.fixed() needs DeploymentMode.STANDARD (the service is in 'Knative' mode)"]);
    expect(knative.join('\n')).not.toContain("'none' policy");
    const v13 = serviceErrors({ version: V0_13, deploymentMode: STANDARD, predictor: predictor(Autoscaling.fixed(2)) });
    expect(v13).toEqual(["[test/sklearn-iris] spec.predictor.autoscaling: the 'none' autoscaler class needs KServe v0.15 or later (target is v0.13.1); "
      + 'v0.13.1 allows hpa and external']);
  });

  test('every problem of a policy is reported at once', () => {
    const errors = serviceErrors({
      predictor: predictor(Autoscaling.concurrency({ target: 0, minReplicas: -1, initialScale: -1, stableWindow: Duration.seconds(1) })),
    });
    expect(errors.filter(e => e.startsWith('[test/sklearn-iris] spec.predictor.autoscaling'))).toHaveLength(4);
  });
});

describe('rules: replica props on the component conflict with a policy', () => {
  test.each([
    ['minReplicas', { minReplicas: 2 }],
    ['maxReplicas', { maxReplicas: 5 }],
    ['containerConcurrency', { containerConcurrency: 4 }],
  ])('predictor %s set beside autoscaling', (prop, extra) => {
    expectServiceError({ predictor: { model, ...extra, autoscaling: Autoscaling.concurrency({ target: 2 }) } },
      `spec.predictor.${prop} and spec.predictor.autoscaling are both set; give ${prop} in the Autoscaling policy`);
  });

  test('transformer maxReplicas set beside autoscaling', () => {
    const transformer: CustomComponentOptions = { container: transformerContainer, maxReplicas: 3, autoscaling: Autoscaling.rps() };
    expectServiceError({ predictor: { model }, transformer }, 'spec.transformer.maxReplicas and spec.transformer.autoscaling are both set');
  });

  test('the same props without a policy are fine', () => {
    expect(serviceErrors({ predictor: { model, minReplicas: 1, maxReplicas: 3, containerConcurrency: 4 } })).toEqual([]);
  });
});

describe('rules: one autoscaler class per InferenceService', () => {
  test('predictor cpu (hpa) and transformer keda in the same Standard service', () => {
    expectServiceError({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.cpu() },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.keda({ metrics: [KedaMetric.cpu(50)] }) },
    }, 'spec: the components ask for different autoscaler classes (predictor: hpa, transformer: keda)',
    'KServe reads one class per InferenceService');
  });

  test('predictor external and transformer fixed in the same Standard service', () => {
    expectServiceError({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.external() },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.fixed(1) },
    }, 'different autoscaler classes (predictor: external, transformer: none)');
  });

  test('Knative concurrency on the predictor and cpu (Knative HPA class) on the transformer', () => {
    expectServiceError({
      predictor: { model, autoscaling: Autoscaling.concurrency({ target: 5 }) },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.cpu() },
    }, 'different autoscaler classes (predictor: kpa.autoscaling.knative.dev, transformer: hpa.autoscaling.knative.dev)');
  });

  test('a component without a policy runs under the class another component sets', () => {
    expectServiceError({
      deploymentMode: STANDARD,
      predictor: { model },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.fixed(2) },
    }, 'different autoscaler classes (predictor: hpa, transformer: none)');
  });

  test('components agreeing on the class (explicitly or by default) are accepted', () => {
    expect(serviceErrors({
      deploymentMode: STANDARD,
      predictor: { model },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 50, maxReplicas: 3 }) },
    })).toEqual([]);
  });

  test('a KEDA threshold a Kubernetes quantity would round is rejected', () => {
    const keda = (threshold: number) => ({
      deploymentMode: STANDARD,
      predictor: {
        model,
        autoscaling: Autoscaling.keda({ maxReplicas: 3, metrics: [KedaMetric.prometheus({ serverAddress: 'http://p:9090', query: 'up', threshold })] }),
      },
    });
    expectServiceError(keda(0.1 + 0.2), 'spec.predictor.autoscaling.metrics[0].threshold (0.30000000000000004) must have at most 9 decimal places');
    expect(serviceErrors(keda(0.000000001))).toEqual([]);
  });

  test('Standard-mode HPA and KEDA policies need maxReplicas (unset or 0, KServe would pin max to min)', () => {
    for (const autoscaling of [Autoscaling.cpu(), Autoscaling.memory(70, { maxReplicas: 0 }), Autoscaling.memoryAverage(Size.gibibytes(1)),
      Autoscaling.keda({ metrics: [prometheus(5)] })]) {
      expectServiceError({ deploymentMode: STANDARD, predictor: { model, autoscaling } },
        'spec.predictor.autoscaling.maxReplicas is required in Standard mode: KServe sets an unset maximum to minReplicas');
    }
  });

  test('KEDA cannot scale to zero on cpu and memory triggers alone', () => {
    expectServiceError({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.keda({ minReplicas: 0, maxReplicas: 3, metrics: [KedaMetric.cpu(50), KedaMetric.memory(60)] }) },
    }, 'spec.predictor.autoscaling.minReplicas is 0 but every trigger is cpu or memory', 'add a KedaMetric.prometheus trigger');
  });

  test('memoryAverage: whole MiB of at least 1 MiB, a Size, and v0.20 in Standard mode', () => {
    expectServiceError({ predictor: { model, autoscaling: Autoscaling.memoryAverage(Size.kibibytes(1536)) } },
      'spec.predictor.autoscaling: the average memory must be a Size of whole MiB, at least 1 MiB (got 1.5 MiB)');
    expectServiceError({ predictor: { model, autoscaling: Autoscaling.memoryAverage(512 as unknown as Size) } },
      'predictor.autoscaling: Autoscaling.memoryAverage(average): must be a Size (Size.kibibytes(...), Size.mebibytes(...), Size.gibibytes(...), ...) (got number 512)');
    const average = Autoscaling.memoryAverage(Size.gibibytes(1), { maxReplicas: 3 });
    expectServiceError({ version: V0_13, deploymentMode: STANDARD, predictor: { model, autoscaling: average } },
      "spec.predictor.autoscaling: Autoscaling.memoryAverage in 'RawDeployment' mode needs KServe v0.15 or later");
    expectServiceError({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.keda({ maxReplicas: 3, metrics: [KedaMetric.memoryAverage(Size.kibibytes(512))] }) },
    }, 'spec.predictor.autoscaling.metrics[0] average memory must be a Size of at least 1 MiB (got 0.5 MiB)');
  });

  test('an infinite KEDA threshold is rejected', () => {
    expectServiceError({
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.keda({ metrics: [KedaMetric.prometheus({ serverAddress: 'http://p:9090', query: 'up', threshold: Infinity })] }) },
    }, 'spec.predictor.autoscaling.metrics[0].threshold (Infinity) must be greater than zero');
  });
});

describe('rules: annotations the autoscaling prop manages', () => {
  const managed: Array<[string, string]> = [
    [CLASS, "use the 'autoscaling' prop"],
    [KNATIVE_CLASS, "use the 'autoscaling' prop"],
    ['autoscaling.knative.dev/metric', 'KServe replaces it whenever scaleMetric is set'],
    ['autoscaling.knative.dev/target', 'KServe replaces it whenever scaleTarget is set'],
  ];

  test.each(managed)('%s on the InferenceService metadata is rejected', (key, hint) => {
    expectServiceError({ annotations: { [key]: 'x' }, predictor: { model } },
      `metadata.annotations['${key}'] is managed by the library or KServe`, hint, "use the 'autoscaling' prop");
  });

  test.each(managed)('%s on the predictor is rejected', (key, hint) => {
    expectServiceError({ predictor: { model, annotations: { [key]: 'x' } } },
      `spec.predictor.annotations['${key}'] is managed by the library or KServe`, hint, "use the 'autoscaling' prop");
  });

  test('also when a policy is set, and on the transformer', () => {
    expectServiceError({
      deploymentMode: STANDARD,
      annotations: { [CLASS]: 'keda' },
      predictor: { model, autoscaling: Autoscaling.cpu() },
    }, `metadata.annotations['${CLASS}']`, "use the 'autoscaling' prop");
    expectServiceError({
      predictor: { model },
      transformer: { container: transformerContainer, annotations: { 'autoscaling.knative.dev/target': '5' } },
    }, "spec.transformer.annotations['autoscaling.knative.dev/target']", 'whenever scaleTarget is set');
  });

  test('other Knative annotations pass through', () => {
    expect(serviceErrors({ predictor: { model, annotations: { 'autoscaling.knative.dev/panic-window-percentage': '20' } } })).toEqual([]);
  });
});

describe('valid combinations are not rejected', () => {
  test.each([
    ['concurrency with minReplicas 0 (scale to zero) in Knative', {
      predictor: { model, autoscaling: Autoscaling.concurrency({ minReplicas: 0, scaleToZeroRetention: Duration.seconds(0) }) },
    }],
    ['concurrency with minReplicas 0 on v0.13', { version: V0_13, predictor: { model, autoscaling: Autoscaling.concurrency({ minReplicas: 0 }) } }],
    ['cpu in Knative mode (hpa class)', { predictor: { model, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 50 }) } }],
    ['cpu in Serverless mode on v0.13 (hpa class)', { version: V0_13, predictor: { model, autoscaling: Autoscaling.cpu() } }],
    ['cpu target bounds 1 and 100', {
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 1, maxReplicas: 3 }) },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 100, maxReplicas: 3 }) },
    }],
    ['rps target 1', { predictor: { model, autoscaling: Autoscaling.rps({ target: 1 }) } }],
    ['concurrency target equal to containerConcurrency', { predictor: { model, autoscaling: Autoscaling.concurrency({ target: 10, containerConcurrency: 10 }) } }],
    ['concurrency target above an unlimited containerConcurrency (0)', {
      predictor: { model, autoscaling: Autoscaling.concurrency({ target: 100, containerConcurrency: 0 }) },
    }],
    ['rps target above containerConcurrency (different units)', { predictor: { model, autoscaling: Autoscaling.rps({ target: 50, containerConcurrency: 4 }) } }],
    ['stableWindow bounds 6s and 1h', {
      predictor: { model, autoscaling: Autoscaling.concurrency({ stableWindow: Duration.seconds(6) }) },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.rps({ stableWindow: Duration.hours(1) }) },
    }],
    ['initialScale 0 and targetUtilizationPercent 100', { predictor: { model, autoscaling: Autoscaling.concurrency({ initialScale: 0, targetUtilizationPercent: 100 }) } }],
    ['minReplicas equal to maxReplicas', { predictor: { model, autoscaling: Autoscaling.concurrency({ minReplicas: 3, maxReplicas: 3 }) } }],
    ['maxReplicas 0 (unset upstream) below minReplicas', { predictor: { model, autoscaling: Autoscaling.concurrency({ minReplicas: 3, maxReplicas: 0 }) } }],
    ['keda with minReplicas 0 in Standard', {
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.keda({ minReplicas: 0, maxReplicas: 3, metrics: [prometheus(1)] }) },
    }],
    ['keda with minReplicas 0, a cpu and a Prometheus trigger', {
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.keda({ minReplicas: 0, maxReplicas: 3, metrics: [KedaMetric.cpu(50), prometheus(1)] }) },
    }],
    ['keda on an AverageValue memory trigger', {
      deploymentMode: STANDARD,
      predictor: { model, autoscaling: Autoscaling.keda({ maxReplicas: 3, metrics: [KedaMetric.memoryAverage(Size.gibibytes(1))] }) },
    }],
    ['fixed(0) in Standard', { deploymentMode: STANDARD, predictor: { model, autoscaling: Autoscaling.fixed(0) } }],
    ['external on v0.13 RawDeployment', { version: V0_13, deploymentMode: STANDARD, predictor: { model, autoscaling: Autoscaling.external() } }],
    ['memoryAverage in Knative mode', { predictor: { model, autoscaling: Autoscaling.memoryAverage(Size.mebibytes(1)) } }],
    ['policy on the transformer only', {
      deploymentMode: STANDARD,
      predictor: { model },
      transformer: { container: transformerContainer, autoscaling: Autoscaling.cpu({ minReplicas: 1, maxReplicas: 2 }) },
    }],
  ] as Array<[string, InferenceServiceProps]>)('%s', (_name, props) => {
    expect(serviceErrors(props)).toEqual([]);
  });
});
