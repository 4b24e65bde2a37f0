/**
 * Numeric edges (issue #16): every number a user gives is finite, whole where the field is an integer, and within
 * the CRD's bounds (`format: int32` at most 2147483647, int64 fields at most JavaScript's exact integers); quantities
 * never render as "Infinity" or a rounded amount; durations stay within their field. Each rule: the typed mistake,
 * the same mistake from plain JavaScript where TypeScript would stop it, and the valid edge, schema-valid.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, PercentOrAbsolute, Probe, TaintEffect, Volume } from 'cdk8s-plus-28';
import {
  Autoscaling, CanaryRollout, DeploymentMode, DeploymentStrategy, ExtendedResource, GraphNode, GraphTarget, InferenceGraph, InferenceService,
  InferenceServiceAlerts, KedaMetric, KServeInstall, KServeVersion, MetricsSource, Model, ModelStorageSecret, PodMonitor, RolloutPlan,
  SecretSource, ServingRuntime, StorageUri, Toleration,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { buildService as build, serviceSpec } from './util/service';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0', port: 8080 };
const STANDARD = DeploymentMode.STANDARD;
const INT32_MAX = 2_147_483_647;
const VERSIONS: Array<[KServeSchemaVersion, KServeVersion]> = [['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]];

/** The errors of one InferenceService `iris` built from `props` (a function of the chart for scoped objects). */
const errorsOf = (props: Parameters<typeof build>[0]) => synthErrors(build(props).app);

describe('int32 fields stop at 2147483647 (format: int32 in the CRD schema)', () => {
  test('replicas, scale targets, initial scale and fixed replicas', () => {
    const over = INT32_MAX + 1;
    expectError(errorsOf({ predictor: { model: MODEL, minReplicas: over } }), 'test/iris',
      'spec.predictor.minReplicas (2147483648) must be at most 2147483647 (the field is a 32-bit integer)');
    expectError(errorsOf({ predictor: { model: MODEL, maxReplicas: over } }), 'test/iris',
      'spec.predictor.maxReplicas (2147483648) must be at most 2147483647 (the field is a 32-bit integer)');
    const knative = errorsOf({ predictor: { model: MODEL, autoscaling: Autoscaling.concurrency({ target: over, initialScale: over }) } });
    expectError(knative, 'test/iris', 'spec.predictor.autoscaling.target (2147483648) must be at most 2147483647 (the field is a 32-bit integer)');
    expect(knative.find(e => e.includes('autoscaling.target'))).not.toContain('scaleTarget is an integer');
    expectError(knative, 'test/iris', 'spec.predictor.autoscaling.initialScale (2147483648) must be at most 2147483647');
    const fixed = { deploymentMode: STANDARD, version: KServeVersion.V0_20, predictor: { model: MODEL, autoscaling: Autoscaling.fixed(over) } };
    expectError(errorsOf(fixed),
      'test/iris', 'spec.predictor.autoscaling.minReplicas (2147483648) must be at most 2147483647');
  });

  test('topology spread, probe thresholds and probe seconds', () => {
    const errors = errorsOf({
      deploymentMode: STANDARD,
      predictor: {
        container: SERVER,
        topologySpreadConstraints: [{ maxSkew: INT32_MAX + 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
        readinessProbe: Probe.fromHttpGet('/ready', { failureThreshold: 2 ** 40, periodSeconds: Duration.seconds(INT32_MAX + 1) }),
        livenessProbe: Probe.fromTcpSocket({ initialDelaySeconds: Duration.days(30_000) }),
      },
    });
    expectError(errors, 'test/iris', 'spec.predictor.topologySpreadConstraints[0].maxSkew (2147483648) must be at most 2147483647');
    expectError(errors, 'test/iris', 'spec.predictor.readinessProbe.failureThreshold (1099511627776) must be at most 2147483647');
    expectError(errors, 'test/iris', 'spec.predictor.readinessProbe.periodSeconds (2147483648s) must be at most 2147483647s (the field is a 32-bit integer)');
    expectError(errors, 'test/iris', 'spec.predictor.livenessProbe.initialDelaySeconds (2592000000s) must be at most 2147483647s');
    expect(errors).toHaveLength(4);
  });

  test('graph replicas, runtime priority, rolling-update amounts and disk partitions', () => {
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', { predictor: { model: MODEL } });
    new InferenceGraph(chart, 'graph', {
      root: GraphNode.sequence('root', [{ target: GraphTarget.service(service) }]), minReplicas: INT32_MAX + 1,
    });
    new ServingRuntime(chart, 'runtime', {
      supportedModelFormats: [{ name: 'sklearn', priority: INT32_MAX + 1 }],
      container: { image: 'registry.example.com/ml/runtime:1.0.0' },
    });
    new InferenceService(chart, 'rolling', {
      deploymentMode: STANDARD,
      predictor: {
        model: MODEL,
        deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(INT32_MAX + 1) }),
        volumeMounts: [{ volume: Volume.fromAwsElasticBlockStore(chart, 'ebs', 'vol-1', { partition: 2 ** 32 }), path: '/data', readOnly: true }],
      },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/graph', 'spec.minReplicas (2147483648) must be at most 2147483647');
    expectError(errors, 'test/runtime', 'supportedModelFormats[0].priority (2147483648) must be at most 2147483647 (the field is a 32-bit integer)');
    expectError(errors, 'test/rolling', 'spec.predictor.deploymentStrategy.maxSurge (2147483648) must be at most 2147483647 (an IntOrString holds a 32-bit integer)');
    expectError(errors, 'test/rolling', 'spec.predictor.volumeMounts[0].volume.partition (4294967296) must be at most 2147483647');
  });

  test.each(VERSIONS)('2147483647 itself is accepted and valid against the KServe %s schema', (schema, version) => {
    const { app, chart } = build({
      version,
      deploymentMode: STANDARD,
      predictor: {
        container: SERVER,
        minReplicas: 1,
        maxReplicas: INT32_MAX,
        readinessProbe: Probe.fromHttpGet('/ready', { periodSeconds: Duration.seconds(INT32_MAX), failureThreshold: INT32_MAX }),
      },
    });
    expect(synthErrors(app)).toEqual([]);
    const spec = serviceSpec(chart);
    expect(spec.predictor.maxReplicas).toBe(INT32_MAX);
    expect(spec.predictor.containers[0].readinessProbe).toMatchObject({ periodSeconds: INT32_MAX, failureThreshold: INT32_MAX });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('int64 and unsized integer fields stop at 9007199254740991 (the largest exact JavaScript integer)', () => {
  const huge = Number.MAX_SAFE_INTEGER + 2;

  test('containerConcurrency, batch size, GPU counts and a KEDA threshold', () => {
    expectError(errorsOf({ predictor: { model: MODEL, containerConcurrency: huge } }), 'test/iris',
      'spec.predictor.containerConcurrency (9007199254740992) must be at most 9007199254740991 (the largest whole number JavaScript holds exactly)');
    const batcher = errorsOf({ predictor: { model: MODEL, batcher: { maxBatchSize: huge, maxLatency: Duration.days(2e8) } } });
    expectError(batcher, 'test/iris', 'spec.predictor.batcher.maxBatchSize (9007199254740992) must be at most 9007199254740991');
    expectError(batcher, 'test/iris',
      'spec.predictor.batcher.maxLatency (17280000000000000ms) must be at most 9007199254740991ms (the largest whole number JavaScript holds exactly)');
    expectError(errorsOf({ predictor: { model: MODEL, extendedResources: [ExtendedResource.nvidiaGpu(huge)] } }), 'test/iris',
      "spec.predictor.extendedResources[0]: the count of 'nvidia.com/gpu' (9007199254740992) must be at most 9007199254740991");
    const keda = Autoscaling.keda({
      maxReplicas: 3, metrics: [KedaMetric.prometheus({ serverAddress: 'http://prometheus:9090', query: 'sum(rate(x[1m]))', threshold: 1e20 })],
    });
    expectError(errorsOf({ deploymentMode: STANDARD, predictor: { model: MODEL, autoscaling: keda } }), 'test/iris',
      'spec.predictor.autoscaling.metrics[0].threshold (100000000000000000000) must be at most 9007199254740991');
  });

  test.each(VERSIONS)('the largest exact integers are accepted and valid against the KServe %s schema', (schema, version) => {
    const { app, chart } = build({
      version,
      predictor: {
        model: MODEL,
        containerConcurrency: Number.MAX_SAFE_INTEGER,
        batcher: { maxBatchSize: Number.MAX_SAFE_INTEGER },
        extendedResources: [ExtendedResource.nvidiaGpu(Number.MAX_SAFE_INTEGER)],
      },
    });
    expect(synthErrors(app)).toEqual([]);
    const predictor = serviceSpec(chart).predictor;
    expect(predictor.containerConcurrency).toBe(Number.MAX_SAFE_INTEGER);
    expect(predictor.batcher.maxBatchSize).toBe(Number.MAX_SAFE_INTEGER);
    expect(predictor.model.resources.limits['nvidia.com/gpu']).toBe('9007199254740991');
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('NaN and Infinity are never accepted as numbers', () => {
  test.each([['NaN', NaN], ['Infinity', Infinity]])('%s counts and percentages are errors naming the field', (shown, value) => {
    const errors = errorsOf({
      predictor: { model: MODEL, minReplicas: value, containerConcurrency: value, extendedResources: [ExtendedResource.amdGpu(value)] },
    });
    expectError(errors, 'test/iris', `spec.predictor.minReplicas (${shown}) must be a whole number >= 0`);
    expectError(errors, 'test/iris', `spec.predictor.containerConcurrency (${shown}) must be a whole number >= 0`);
    expectError(errors, 'test/iris', `spec.predictor.extendedResources[0]: the count of 'amd.com/gpu' (${shown}) must be a whole number of at least 1`);
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', { predictor: { model: MODEL } });
    new PodMonitor(chart, 'monitor', { target: service, source: MetricsSource.MODEL });
    new InferenceServiceAlerts(chart, 'alerts', { target: service, latency: { threshold: Duration.seconds(value), percentile: value } });
    const alertErrors = synthErrors(app);
    expectError(alertErrors, 'test/alerts', `latency.percentile (${shown}) must be between 0 and 1 (exclusive)`);
    expectError(alertErrors, 'test/alerts', `latency.threshold (${shown}s) must be greater than zero`);
  });
});

describe('a non-number (plain JavaScript) says so, instead of "not a whole number"', () => {
  const two = '2' as unknown as number;

  test('component, autoscaling and resource counts', () => {
    const errors = errorsOf({
      predictor: {
        model: MODEL, maxReplicas: two, extendedResources: [ExtendedResource.nvidiaGpu(two)], batcher: { maxBatchSize: two },
      },
    });
    expectError(errors, 'test/iris', "predictor.maxReplicas: must be a number (got string '2')");
    expectError(errors, 'test/iris', "predictor.batcher.maxBatchSize: must be a number (got string '2')");
    expectError(errors, 'test/iris', "predictor.extendedResources[0]: ExtendedResource.nvidiaGpu(count): must be a number (got string '2')");
    const scaling = errorsOf({ predictor: { model: MODEL, autoscaling: Autoscaling.concurrency({ target: two, targetUtilizationPercent: two }) } });
    expectError(scaling, 'test/iris', 'Autoscaling.concurrency(options).target: must be a number', "(got string '2')");
    expectError(scaling, 'test/iris', 'Autoscaling.concurrency(options).targetUtilizationPercent: must be a number', "(got string '2')");
    const keda = Autoscaling.keda({
      maxReplicas: 3,
      metrics: [KedaMetric.cpu(two), KedaMetric.prometheus({ serverAddress: 'http://prometheus:9090', query: 'q', threshold: two })],
    });
    const kedaErrors = errorsOf({ deploymentMode: STANDARD, predictor: { model: MODEL, autoscaling: keda } });
    expectError(kedaErrors, 'test/iris', 'KedaMetric.cpu(utilizationPercent): must be a number', "(got string '2')");
    expectError(kedaErrors, 'test/iris', 'KedaMetric.prometheus(options).threshold: must be a number', "(got string '2')");
  });

  test('ports, canary shares, graph weights and alert ratios', () => {
    expectError(errorsOf({ predictor: { container: { ...SERVER, port: '8080' as unknown as number } } }), 'test/iris',
      "predictor.container.port: must be a number (got string '8080')");
    expectError(errorsOf({ predictor: { container: SERVER, ports: [{ number: Infinity }] } }), 'test/iris',
      'spec.predictor.ports[0].number (Infinity) must be a port number between 1 and 65535');
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', { deploymentMode: STANDARD, predictor: { model: MODEL } });
    new CanaryRollout(chart, 'canary', { service, trafficPercent: '10' as unknown as number, candidate: Model.sklearn(StorageUri.parse('gs://models/iris-v2')) });
    const other = new InferenceService(chart, 'other', { deploymentMode: STANDARD, predictor: { model: MODEL } });
    new CanaryRollout(chart, 'plan', {
      service: other, phase: new RolloutPlan(['10' as unknown as number]).stage(1), candidate: Model.sklearn(StorageUri.parse('gs://models/iris-v3')),
    });
    new InferenceGraph(chart, 'graph', { root: GraphNode.splitter('root', [{ target: GraphTarget.service(service), weight: '100' as unknown as number }]) });
    new InferenceServiceAlerts(chart, 'alerts', {
      target: service,
      errorRatio: { threshold: '0.1' as unknown as number },
      latency: { threshold: Duration.millis(500), percentile: '0.9' as unknown as number },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/canary', "trafficPercent: must be a number (got string '10')");
    expectError(errors, 'test/plan', 'phase: ', "new RolloutPlan(stages)[0]: must be a number (got string '10')");
    expectError(errors, 'test/graph', '.weight: must be a number', "(got string '100')");
    expectError(errors, 'test/alerts', "errorRatio.threshold: must be a number (got string '0.1')");
    expectError(errors, 'test/alerts', "latency.percentile: must be a number (got string '0.9')");
  });
});

describe('CPU amounts (cdk8s-plus Cpu) are finite, whole millicores, and shown as written', () => {
  test('Infinity, NaN, sub-millicore and huge amounts are errors, never "Infinity" in the YAML', () => {
    const errors = errorsOf({
      predictor: {
        model: MODEL,
        resources: { cpu: { request: Cpu.units(Infinity), limit: Cpu.millis(NaN) } },
      },
      transformer: { container: SERVER, resources: { cpu: { request: Cpu.millis(0.5), limit: Cpu.units(1e21) } } },
      explainer: { container: SERVER, resources: { cpu: { request: Cpu.units(0.0015) } } },
    });
    expectError(errors, 'test/iris', 'spec.predictor.resources.cpu.request (Infinity) must be a finite number of cores (Cpu.units) or millicores (Cpu.millis)');
    expectError(errors, 'test/iris', 'spec.predictor.resources.cpu.limit (NaNm) must be a finite number of cores');
    expectError(errors, 'test/iris', 'spec.transformer.resources.cpu.request (0.5m) is finer than 1m (a thousandth of a core), which Kubernetes does not allow '
      + 'for CPU; use whole millicores, e.g. Cpu.millis(1)');
    expectError(errors, 'test/iris', 'spec.transformer.resources.cpu.limit (1e+21) must be at most 9007199254740991m');
    expectError(errors, 'test/iris', 'spec.explainer.resources.cpu.request (0.0015) is finer than 1m', 'e.g. Cpu.millis(2)');
    expect(errors).toHaveLength(5);
  });

  test('a plain string or object from JavaScript is an error, not silently dropped', () => {
    const errors = errorsOf({ predictor: { model: MODEL, resources: { cpu: { request: '500m' as unknown as Cpu, limit: { amount: '1' } as Cpu } } } });
    // The run-time type check (src/private/shape.ts) checks cdk8s-plus's ContainerResources field by field.
    expect(errors).toEqual([
      "[test/iris] predictor.resources.cpu.request: must be a Cpu (Cpu.millis(...) or Cpu.units(...)) (got string '500m')",
      '[test/iris] predictor.resources.cpu.limit: must be a Cpu (Cpu.millis(...) or Cpu.units(...)) (got a plain object { amount })',
    ]);
  });

  test('amounts compare exactly (Cpu.units(1.001) is 1001m) and messages show them as written', () => {
    expect(errorsOf({ predictor: { model: MODEL, resources: { cpu: { request: Cpu.millis(1001), limit: Cpu.units(1.001) } } } })).toEqual([]);
    expectError(errorsOf({ predictor: { model: MODEL, resources: { cpu: { request: Cpu.units(1.5), limit: Cpu.millis(1200) } } } }), 'test/iris',
      'spec.predictor.resources.cpu.request (1.5) must be less than or equal to spec.predictor.resources.cpu.limit (1200m)');
  });

  test.each(VERSIONS)('1m and decimal cores render as given and are valid against the KServe %s schema', (schema, version) => {
    const { app, chart } = build({ version, predictor: { model: MODEL, resources: { cpu: { request: Cpu.millis(1), limit: Cpu.units(1.001) } } } });
    expect(synthErrors(app)).toEqual([]);
    expect(serviceSpec(chart).predictor.model.resources).toEqual({ requests: { cpu: '1m' }, limits: { cpu: '1.001' } });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('sizes (cdk8s Size) are finite whole bytes below 8Ei, and shown as written', () => {
  test('Infinity, NaN, a fraction of a byte and more than 8Ei are errors', () => {
    const errors = errorsOf({
      predictor: {
        model: MODEL,
        resources: { memory: { request: Size.gibibytes(NaN), limit: Size.gibibytes(Infinity) }, ephemeralStorage: { limit: Size.pebibyte(10_000) } },
        sharedMemory: Size.kibibytes(0.3),
      },
      transformer: { container: SERVER, resources: { memory: { limit: Size.gibibytes(1.1) } } },
    });
    expectError(errors, 'test/iris', 'spec.predictor.resources.memory.request (NaNGi) must be a finite size');
    expectError(errors, 'test/iris', 'spec.predictor.resources.memory.limit (InfinityGi) must be a finite size');
    expectError(errors, 'test/iris', 'spec.predictor.resources.ephemeralStorage.limit (10000Pi) must be less than 8Ei (2^63 bytes), the most a Kubernetes quantity holds');
    expectError(errors, 'test/iris', 'spec.predictor.sharedMemory (0.3Ki) is 307.2 bytes: give a whole number of bytes, e.g. Size.kibibytes(1)');
    expectError(errors, 'test/iris', 'spec.transformer.resources.memory.limit (1.1Gi) is 1181116006.4 bytes', 'e.g. Size.mebibytes(1127)');
    expect(errors).toHaveLength(5);
  });

  test('memory in messages reads as the user wrote it, not converted to Ki', () => {
    expectError(errorsOf({ predictor: { model: MODEL, resources: { memory: { request: Size.gibibytes(2), limit: Size.mebibytes(1536) } } } }), 'test/iris',
      'spec.predictor.resources.memory.request (2Gi) must be less than or equal to spec.predictor.resources.memory.limit (1536Mi)');
  });

  test('a plain string from JavaScript is an error, not a TypeError', () => {
    expectError(errorsOf({ predictor: { model: MODEL, resources: { memory: { limit: '2Gi' as unknown as Size } } } }), 'test/iris',
      "predictor.resources.memory.limit: must be a Size (Size.kibibytes(...), Size.mebibytes(...), Size.gibibytes(...), ...) (got string '2Gi')");
  });

  test('the memory average of an autoscaler and the KServe install take the same rules', () => {
    const infinite = Autoscaling.memoryAverage(Size.gibibytes(Infinity), { maxReplicas: 3 });
    expectError(errorsOf({ deploymentMode: STANDARD, predictor: { model: MODEL, autoscaling: infinite } }),
      'test/iris', 'spec.predictor.autoscaling: the average memory (InfinityGi) must be a finite size');
    const keda = Autoscaling.keda({ maxReplicas: 3, metrics: [KedaMetric.memoryAverage(Size.kibibytes(0.3))] });
    expectError(errorsOf({ deploymentMode: STANDARD, predictor: { model: MODEL, autoscaling: keda } }), 'test/iris',
      'spec.predictor.autoscaling.metrics[0] average memory (0.3Ki) is 307.2 bytes');
    expectError(errorsOf({ predictor: { model: MODEL, autoscaling: Autoscaling.memoryAverage(Size.tebibytes(4096)) } }), 'test/iris',
      'spec.predictor.autoscaling: the average memory (4096Ti) is 4294967296 MiB, more than scaleTarget holds (at most 2147483647, a 32-bit integer)');
    const { app, chart } = newChart('kserve');
    new KServeInstall(chart, 'kserve', {
      controllerResources: { memory: { limit: Size.mebibytes(Infinity) } },
      config: { storageInitializerResources: { cpuRequest: Cpu.millis(0.25) } },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/kserve', 'controllerResources.memory.limit (InfinityMi) must be a finite size');
    expectError(errors, 'test/kserve', 'config.storageInitializerResources.cpuRequest (0.25m) is finer than 1m');
  });

  test.each(VERSIONS)('half a mebibyte and half a kibibyte are whole bytes, rendered exactly, valid against the KServe %s schema', (schema, version) => {
    const { app, chart } = build({
      version,
      predictor: {
        model: MODEL, resources: { memory: { request: Size.kibibytes(0.5), limit: Size.mebibytes(0.5) } }, sharedMemory: Size.gibibytes(1.5),
      },
    });
    expect(synthErrors(app)).toEqual([]);
    const predictor = serviceSpec(chart).predictor;
    expect(predictor.model.resources).toEqual({ requests: { memory: '512' }, limits: { memory: '512Ki' } });
    expect(predictor.volumes).toContainEqual({ name: 'devshm', emptyDir: { medium: 'Memory', sizeLimit: '1536Mi' } });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('durations (cdk8s Duration) are whole units within their field', () => {
  test('Infinity, NaN and fractions are errors naming the field and the unit', () => {
    const errors = errorsOf({
      predictor: {
        model: MODEL,
        timeout: Duration.seconds(Infinity),
        terminationGracePeriod: Duration.seconds(NaN),
        batcher: { maxLatency: Duration.seconds(0.0005), timeout: Duration.millis(2500) },
      },
    });
    expectError(errors, 'test/iris', 'spec.predictor.timeout (Infinitys) must be a whole number of seconds greater than zero');
    expectError(errors, 'test/iris', 'spec.predictor.terminationGracePeriod (NaNs) must be a whole number of seconds, zero or more');
    expectError(errors, 'test/iris', 'spec.predictor.batcher.maxLatency (0.5ms) must be a whole number of milliseconds greater than zero');
    expectError(errors, 'test/iris', 'spec.predictor.batcher.timeout (2.5s) must be a whole number of seconds greater than zero');
    expect(errors).toHaveLength(4);
  });

  test('seconds beyond the longest Go duration (about 292 years) are errors; the limit itself is not', () => {
    const long = Duration.days(200_000);
    const errors = errorsOf(c => ({
      predictor: {
        model: MODEL,
        timeout: long,
        terminationGracePeriod: Duration.seconds(9_223_372_037),
        tolerations: [Toleration.exists('node.kubernetes.io/unreachable', { effect: TaintEffect.NO_EXECUTE, evictAfter: long })],
        autoscaling: Autoscaling.concurrency({ minReplicas: 0, scaleToZeroRetention: long }),
        storageCredentials: ModelStorageSecret.gcs(c, 'creds', {
          source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'gcs', refreshInterval: long }),
        }),
      },
    }));
    const limit = '9223372036s (about 292 years, the longest duration Go programs hold)';
    expectError(errors, 'test/iris', `spec.predictor.timeout (17280000000s) must be at most ${limit}`);
    expectError(errors, 'test/iris', `spec.predictor.terminationGracePeriod (9223372037s) must be at most ${limit}`);
    expectError(errors, 'test/iris', `spec.predictor.tolerations[0].evictAfter (17280000000s) must be at most ${limit}`);
    expectError(errors, 'test/iris', `spec.predictor.autoscaling.scaleToZeroRetention (17280000000s) must be at most ${limit}`);
    expectError(errors, 'test/creds', `externalSecret refreshInterval (17280000000s) must be at most ${limit}`);
    expect(errorsOf({ predictor: { model: MODEL, timeout: Duration.seconds(9_223_372_036) } })).toEqual([]);
  });

  test('graph, monitor and alert durations take the same ceiling', () => {
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', { predictor: { model: MODEL } });
    new InferenceGraph(chart, 'graph', {
      root: GraphNode.sequence('root', [{ target: GraphTarget.service(service) }]),
      timeout: Duration.days(200_000),
      routerTimeouts: { serverRead: Duration.seconds(9_223_372_037) },
    });
    new PodMonitor(chart, 'monitor', { target: service, source: MetricsSource.MODEL, interval: Duration.days(200_000) });
    new InferenceServiceAlerts(chart, 'alerts', { target: service, noTraffic: { pendingFor: Duration.days(200_000) } });
    const errors = synthErrors(app);
    expectError(errors, 'test/graph', 'spec.timeout (17280000000s) must be at most 9223372036s');
    expectError(errors, 'test/graph', 'spec.routerTimeouts.serverRead (9223372037s) must be at most 9223372036s');
    expectError(errors, 'test/monitor', 'interval (17280000000s) must be at most 9223372036s');
    expectError(errors, 'test/alerts', "KServeIrisNoTraffic: 'pendingFor' (17280000000s) must be at most 9223372036s");
  });

  test('probe durations name their option: fractions, non-Durations, and extra containers too (no crash at synth)', () => {
    const errors = errorsOf({
      deploymentMode: STANDARD,
      predictor: {
        container: SERVER,
        readinessProbe: Probe.fromHttpGet('/ready', { timeoutSeconds: Duration.millis(1500), periodSeconds: 10 as unknown as Duration }),
        extraContainers: [{
          name: 'sidecar',
          image: 'registry.example.com/ml/sidecar:1.0.0',
          portNumber: 9000,
          readiness: Probe.fromTcpSocket({ periodSeconds: Duration.millis(2500), failureThreshold: 0 }),
        }],
      },
    });
    expectError(errors, 'test/iris', 'spec.predictor.readinessProbe.timeoutSeconds (1.5s) must be a whole number of seconds, zero or more');
    expectError(errors, 'test/iris', 'spec.predictor.readinessProbe.periodSeconds must be a Duration (e.g. Duration.seconds(30)), got number 10');
    expectError(errors, 'test/iris', 'spec.predictor.extraContainers[0].readiness.periodSeconds (2.5s) must be a whole number of seconds, zero or more');
    expectError(errors, 'test/iris', 'spec.predictor.extraContainers[0].readiness.failureThreshold (0) must be a whole number greater than zero');
    expect(errors).toHaveLength(4);
  });

  test('a plain number where a Duration is expected (JavaScript) is a synth error, not a TypeError at construction or synth', () => {
    const thirty = 30 as unknown as Duration;
    const errors = errorsOf({
      predictor: {
        model: MODEL,
        timeout: thirty,
        batcher: { maxLatency: thirty },
        autoscaling: Autoscaling.concurrency({ stableWindow: thirty }),
      },
    });
    expectError(errors, 'test/iris', 'predictor.timeout: must be a Duration (', '(got number 30)');
    expectError(errors, 'test/iris', 'predictor.batcher.maxLatency: must be a Duration (', '(got number 30)');
    expectError(errors, 'test/iris', 'Autoscaling.concurrency(options).stableWindow: must be a Duration (', '(got number 30)');
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', { predictor: { model: MODEL } });
    new InferenceGraph(chart, 'graph', { root: GraphNode.sequence('root', [{ target: GraphTarget.service(service) }]), timeout: thirty });
    new PodMonitor(chart, 'monitor', { target: service, source: MetricsSource.MODEL, scrapeTimeout: thirty });
    new InferenceServiceAlerts(chart, 'alerts', { target: service, latency: { threshold: thirty } });
    const others = synthErrors(app);
    expectError(others, 'test/graph', 'timeout: must be a Duration (', '(got number 30)');
    expectError(others, 'test/monitor', 'scrapeTimeout: must be a Duration (', '(got number 30)');
    expectError(others, 'test/alerts', 'latency.threshold: must be a Duration (', '(got number 30)');
  });

  test.each(VERSIONS)('the longest accepted durations render as whole units and are valid against the KServe %s schema', (schema, version) => {
    const { app, chart } = build({
      version,
      predictor: {
        model: MODEL,
        timeout: Duration.seconds(9_223_372_036),
        terminationGracePeriod: Duration.days(365),
        batcher: { maxLatency: Duration.seconds(90), timeout: Duration.hours(1) },
      },
    });
    expect(synthErrors(app)).toEqual([]);
    const predictor = serviceSpec(chart).predictor;
    expect(predictor).toMatchObject({
      timeout: 9_223_372_036, terminationGracePeriodSeconds: 31_536_000, batcher: { maxLatency: 90_000, timeout: 3600 },
    });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('volume file modes are 0 to 0777 (core validation)', () => {
  const withVolume = (volume: (c: Chart) => Volume) => errorsOf(c => ({
    predictor: { model: MODEL, volumeMounts: [{ volume: volume(c), path: '/etc/server', readOnly: true }] },
  }));

  test('a mode above 0777 or a fraction is an error, shown in octal', () => {
    const errors = withVolume(c => Volume.fromConfigMap(c, 'cfg', ConfigMap.fromConfigMapName(c, 'cm', 'server-config'), {
      defaultMode: 0o1777, items: { 'server.yaml': { path: 'server.yaml', mode: 420.5 } },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.volumeMounts[0].volume.defaultMode (1023, octal 01777) must be a file mode from 0 to 0777 (octal, e.g. 0o644)');
    expectError(errors, 'test/iris', "spec.predictor.volumeMounts[0].volume.items['server.yaml'].mode (420.5) must be a whole number >= 0");
  });

  test.each(VERSIONS)('0o644 and 0o777 are accepted and valid against the KServe %s schema', (schema, version) => {
    const { app, chart } = build(c => ({
      version,
      predictor: {
        model: MODEL,
        volumeMounts: [{
          volume: Volume.fromConfigMap(c, 'cfg', ConfigMap.fromConfigMapName(c, 'cm', 'server-config'), {
            name: 'cfg', defaultMode: 0o644, items: { 'server.yaml': { path: 'server.yaml', mode: 0o777 } },
          }),
          path: '/etc/server',
          readOnly: true,
        }],
      },
    }));
    expect(synthErrors(app)).toEqual([]);
    expect(serviceSpec(chart).predictor.volumes).toContainEqual({
      name: 'cfg', configMap: { name: 'server-config', defaultMode: 420, items: [{ key: 'server.yaml', path: 'server.yaml', mode: 511 }] },
    });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});
