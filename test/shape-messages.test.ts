/**
 * The words of the runtime type check (src/private/shape.ts): a JavaScript mistake is named by the prop path as given
 * and says what is allowed, in terms a caller can act on (the factories that make a value, the keys of an object),
 * and what the construct builds from never misleads its other checks.
 */
import { Size, Testing } from 'cdk8s';
import { Cpu, Volume } from 'cdk8s-plus-28';
import {
  Autoscaling, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, InferenceServiceProps, KedaMetric, KServeVersion, Model,
  ModelStorageSecret, ResourceClaim, SecretSource, ServingRuntime, StorageUri, Toleration,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));

function errorsOf(props: (chart: ReturnType<typeof newChart>['chart']) => InferenceServiceProps): string[] {
  const { app, chart } = newChart();
  new InferenceService(chart, 'iris', props(chart));
  return synthErrors(app);
}

describe('what is allowed, in words', () => {
  test('a class names its factories: all of them up to three, else the first three', () => {
    const errors = errorsOf(() => ({
      predictor: { model: MODEL, tolerations: [{ key: 'k' } as any], sharedMemory: 2048 as any },
    }));
    expectError(errors, 'test/iris', 'predictor.tolerations[0]: must be a Toleration (Toleration.equal(...) or Toleration.exists(...)) (got a plain object { key })');
    expectError(errors, 'test/iris', 'predictor.sharedMemory: must be a Size (Size.kibibytes(...), Size.mebibytes(...), Size.gibibytes(...), ...) (got number 2048)');
    expect(errors).toHaveLength(2);
  });

  test('a construct class names its constructor', () => {
    const { app, chart } = newChart();
    ModelStorageSecret.s3(chart, 'creds', { source: SecretSource.fromSecretName('s3'), serviceAccount: 'models' as any });
    expectError(app, 'test/creds', "ModelStorageSecret.s3(props).serviceAccount: must be a ServiceAccount (new ServiceAccount(...)) (got string 'models')");
  });

  test("an interface shows its keys: the required ones and '...', else the first optional ones", () => {
    const errors = errorsOf(() => ({
      predictor: { model: MODEL, podResources: 'big' as any, volumeMounts: ['data:/data'] as any, hostAliases: [7] as any },
    }));
    // One of this library (PodResources), one of cdk8s-plus (VolumeMount), one of the Kubernetes API cdk8s-plus re-exports (k8s.HostAlias).
    expectError(errors, 'test/iris', "predictor.podResources: must be a PodResources ({ cpu?, memory? }) (got string 'big')");
    expectError(errors, 'test/iris', "predictor.volumeMounts[0]: must be a cdk8s-plus VolumeMount ({ volume, path, ... }) (got string 'data:/data')");
    expectError(errors, 'test/iris', 'predictor.hostAliases[0]: must be a cdk8s-plus k8s.HostAlias ({ hostnames?, ip? }) (got number 7)');
    expect(errors).toHaveLength(3);
  });

  test('an interface that classes implement says so', () => {
    expectError(errorsOf(() => ({ predictor: { model: MODEL, imagePullSecrets: ['creds'] as any } })), 'test/iris',
      "predictor.imagePullSecrets[0]: must be a cdk8s-plus ISecret (an object of that package) (got string 'creds')");
  });

  test("a map's keys are quoted, as the user wrote them", () => {
    const errors = errorsOf(() => ({
      annotations: { 'example.com/replicas': 3 as any },
      predictor: { model: MODEL, nodeSelector: { 'kubernetes.io/arch': true as any } },
    }));
    expectError(errors, 'test/iris', "annotations['example.com/replicas']: must be a string (got number 3)");
    expectError(errors, 'test/iris', "predictor.nodeSelector['kubernetes.io/arch']: must be a string (got boolean true)");
    expect(errors).toHaveLength(2);
  });
});

describe('the value as given', () => {
  test('a plain object shows its keys, never its values (they may be secrets)', () => {
    const { app, chart } = newChart();
    ModelStorageSecret.https(chart, 'hub', {
      host: 'models.example.com',
      source: SecretSource.unsafePlaintext({ headers: { Authorization: 'Bearer secret-token' } as any }),
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/hub', "SecretSource.unsafePlaintext(values)['headers']: must be a string (got a plain object { Authorization })");
    expect(errors.join('\n')).not.toContain('secret-token');
  });

  test('an empty object and an instance of the wrong class say so', () => {
    const errors = errorsOf(() => ({ predictor: { model: MODEL, tolerations: [{} as any], sharedMemory: MODEL as any } }));
    expectError(errors, 'test/iris', 'predictor.tolerations[0]: must be a Toleration', '(got an empty object)');
    expectError(errors, 'test/iris', 'predictor.sharedMemory: must be a Size', '(got a Model)');
  });
});

describe('the same mistake wherever the type is taken', () => {
  test('an InferenceGraph takes tolerations too', () => {
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', { predictor: { model: MODEL } });
    new InferenceGraph(chart, 'graph', {
      version: KServeVersion.V0_20,
      root: GraphNode.sequence('root', [{ target: GraphTarget.service(service) }]),
      tolerations: [{ key: 'dedicated', value: 'ml' } as any],
    });
    expectError(app, 'test/graph', 'tolerations[0]: must be a Toleration (Toleration.equal(...) or Toleration.exists(...)) (got a plain object { key, value })');
  });

  test('class names are strings', () => {
    const errors = errorsOf(() => ({ predictor: { model: MODEL, priorityClassName: 1 as any, runtimeClassName: ['nvidia'] as any } }));
    expectError(errors, 'test/iris', 'predictor.priorityClassName: must be a string (got number 1)');
    expectError(errors, 'test/iris', 'predictor.runtimeClassName: must be a string (got an array of 1)');
    expect(errors).toHaveLength(2);
  });
});

describe('the mistakes the former ad-hoc checks caught', () => {
  test('labels, annotations and node selectors are maps of strings', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      labels: { team: 1 as any },
      predictor: { model: MODEL, annotations: { 'example.com/owner': false as any } },
    });
    new ServingRuntime(chart, 'runtime', {
      supportedModelFormats: [{ name: 'custom', autoSelect: true, priority: 1 }],
      container: { image: 'registry.example.com/ml/custom-server:1.2.3' },
      annotations: { 'example.com/owner': ['ml'] as any },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "labels['team']: must be a string (got number 1)");
    expectError(errors, 'test/iris', "predictor.annotations['example.com/owner']: must be a string (got boolean false)");
    expectError(errors, 'test/runtime', "annotations['example.com/owner']: must be a string (got an array of 1)");
    expect(errors).toHaveLength(3);
  });

  test('value factories check their arguments where they are called, and the value reports them where it is used', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      deploymentMode: DeploymentMode.STANDARD,
      version: KServeVersion.V0_20,
      predictor: {
        model: Model.sklearn(StorageUri.parse(42 as any)),
        resourceClaims: [ResourceClaim.fromClaimName(1 as any, 'gpu-claim')],
        autoscaling: Autoscaling.keda({ metrics: [KedaMetric.memoryAverage(512 as any)] }),
      },
    });
    ModelStorageSecret.storageConfig(chart, 'entry', { key: 'minio', bucket: 7 as any, source: SecretSource.fromSecretName('storage-config') });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', 'predictor.model: Model.sklearn(storage): StorageUri.parse(uri): must be a string (got number 42)');
    expectError(errors, 'test/iris', 'predictor.resourceClaims[0]: ResourceClaim.fromClaimName(name): must be a string (got number 1)');
    expectError(errors, 'test/entry', 'ModelStorageSecret.storageConfig(props).bucket: must be a string (got number 7)');
    expectError(errors, 'test/iris', 'predictor.autoscaling: Autoscaling.keda(options).metrics[0]: KedaMetric.memoryAverage(average): must be a Size (', '(got number 512)');
    expect(errors).toHaveLength(4);
  });
});

describe("the other packages' plain-data interfaces, field by field", () => {
  test('a value inside cdk8s-plus resources, affinity or a container is checked like the library\'s own props', () => {
    const errors = errorsOf(() => ({
      predictor: {
        model: MODEL,
        resources: { cpu: Cpu.millis(500), memory: { limit: '1Gi' } } as any,
        affinity: { nodeAfinity: {} } as any,
        extraContainers: [{ name: 'side', image: 'busybox:1.36', envVariable: {}, securityContext: { user: '1000' } } as any],
      },
    }));
    // TypeScript's weak type check: a Cpu shares no property with CpuResources ({ request?, limit? }).
    expectError(errors, 'test/iris', 'predictor.resources.cpu: must be a cdk8s-plus CpuResources ({ request?, limit? }) (got a Cpu)');
    expectError(errors, 'test/iris', "predictor.resources.memory.limit: must be a Size (Size.kibibytes(...), Size.mebibytes(...), Size.gibibytes(...), ...) (got string '1Gi')");
    expectError(errors, 'test/iris', "predictor.affinity.nodeAfinity: unknown property; did you mean 'nodeAffinity'?");
    expectError(errors, 'test/iris', "predictor.extraContainers[0].envVariable: unknown property; did you mean 'envVariables'?");
    expectError(errors, 'test/iris', "predictor.extraContainers[0].securityContext.user: must be a number (got string '1000')");
    expect(errors).toHaveLength(5);
  });

  test('the same values, right, reach the YAML', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      predictor: {
        model: MODEL,
        resources: { cpu: { request: Cpu.millis(500) }, memory: { limit: Size.gibibytes(1) } },
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] } } },
      },
    });
    expect(synthErrors(app)).toEqual([]);
    const predictor = Testing.synth(chart).find(o => o.kind === 'InferenceService').spec.predictor;
    expect(predictor.model.resources).toEqual({ requests: { cpu: '500m' }, limits: { memory: '1Gi' } });
    expect(predictor.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions)
      .toEqual([{ key: 'gpu', operator: 'Exists' }]);
  });

  test("a map's entry left undefined is reported, not dropped from the output", () => {
    expect(errorsOf(() => ({ predictor: { model: MODEL }, labels: { team: undefined as any } })))
      .toEqual(["[test/iris] labels['team']: must be a string (got undefined)"]);
  });
});

describe('what the construct builds from', () => {
  test('an optional value lacking a part nothing can stand in for (a Volume) is left out and reported, not thrown', () => {
    const errors = errorsOf(() => ({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: { model: MODEL, volumeDevices: [{ path: '/dev/xvda' } as any] },
    }));
    expectError(errors, 'test/iris', 'predictor.volumeDevices[0].volume is required (a Volume (Volume.');
    expect(errors).toHaveLength(1);
  });

  test.each([
    ['before others (their indices would shift)', [null as any, Toleration.equal('k', 'bad value!')], 0],
    ['last (counts and duplicates would change)', [Toleration.equal('k', 'bad value!'), null as any], 1],
  ])('a list that lost an item, %s, reports only the type problems', (_, tolerations, index) => {
    expect(errorsOf(() => ({ predictor: { model: MODEL, tolerations } }))).toEqual([
      `[test/iris] predictor.tolerations[${index}]: must be a Toleration (Toleration.equal(...) or Toleration.exists(...)) (got null)`,
    ]);
  });

  test('an optional prop of the wrong type is left out; the other checks still run', () => {
    const errors = errorsOf(() => ({
      predictor: { model: MODEL, sharedMemory: 1 as any, tolerations: [Toleration.equal('k', 'bad value!')] },
    }));
    expectError(errors, 'test/iris', 'predictor.sharedMemory: must be a Size');
    expectError(errors, 'test/iris', "spec.predictor.tolerations[0].value 'bad value!' is invalid");
    expect(errors).toHaveLength(2);
  });

  test('a value left out for its type still counts as given: no follow-on error about its absence', () => {
    expect(errorsOf(() => ({ predictor: { container: 'server:1.0.0' as any } }))).toEqual([
      "[test/iris] predictor.container: must be a CustomContainer ({ image, ... }) (got string 'server:1.0.0')",
    ]);
    // Given next to a model, it is one too many.
    expectError(errorsOf(() => ({ predictor: { model: MODEL, container: 'server:1.0.0' as any } })), 'test/iris',
      "spec.predictor: exactly one of 'model' or 'container' must be given (got both)");
  });

  test('a valid stack with every kind of value synthesizes', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      deploymentMode: DeploymentMode.STANDARD,
      annotations: { 'example.com/team': 'ml' },
      predictor: {
        model: MODEL,
        sharedMemory: Size.gibibytes(1),
        tolerations: [Toleration.exists('nvidia.com/gpu')],
        volumeMounts: [{ volume: Volume.fromEmptyDir(chart, 'scratch', 'scratch'), path: '/scratch' }],
      },
    });
    expect(synthErrors(app)).toEqual([]);
    expect(Testing.synth(chart).find(o => o.kind === 'InferenceService').spec.predictor.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists' }]);
  });
});
