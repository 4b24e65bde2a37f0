/**
 * Cross-object wiring (issue #16): each object is fine on its own, but what references it cannot use it. Each check is
 * reported at synth on the construct that holds the reference, for TypeScript and plain-JavaScript callers alike.
 */
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { ConfigMap, Env, EnvValue, PersistentVolumeClaim, Secret, ServiceAccount, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Autoscaling, ClusterServingRuntime, ComponentType, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService,
  InferenceServiceAlerts, InferenceServiceProps, KedaMetric, KServeInstall, KServeVersion, MetricsSource, Model, ModelStorage,
  ModelStorageSecret, PodMonitor, ProtocolVersion, SecretSource, ServiceMonitor, ServingRuntime, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const URI = StorageUri.parse('gs://models/iris');
const MODEL = Model.sklearn(URI);
const VERSIONS: Array<[KServeSchemaVersion, KServeVersion]> = [['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]];

/** A chart of the same app in another namespace. */
const otherChart = (chart: Chart, namespace = 'team') => new Chart(chart.node.root as App, `chart-${namespace}`, { namespace });

/**
 * An object as a second copy of cdk8s-plus (or a hand-written JavaScript construct) makes it: not an instance of our
 * cdk8s-plus classes, but a construct with a kind, a name and the metadata of the object it writes.
 */
class ForeignObject extends Construct {
  public readonly metadata: { namespace: string };
  constructor(scope: Construct, id: string, public readonly kind: string, public readonly name: string, namespace: string) {
    super(scope, id);
    this.metadata = { namespace };
  }
}

describe('objects the pods use must be in the service namespace', () => {
  test('a ServiceAccount written to another namespace is rejected on the service, naming the field', () => {
    const { app, chart } = newChart();
    const account = new ServiceAccount(otherChart(chart), 'runner', { metadata: { name: 'model-runner' } });
    new InferenceService(chart, 'iris', { predictor: { model: MODEL, serviceAccount: account } });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "spec.predictor.serviceAccount: ServiceAccount 'model-runner' is written to namespace 'team', "
      + "but the pods run in 'ml' and Kubernetes looks the name up there; create it in 'ml'");
    expect(errors).toHaveLength(1);
  });

  test('image pull Secrets and envFrom ConfigMaps / Secrets of every component and container are checked', () => {
    const { app, chart } = newChart();
    const team = otherChart(chart);
    const pull = new Secret(team, 'pull', { metadata: { name: 'registry-creds' } });
    const config = new ConfigMap(chart, 'config', { metadata: { name: 'server-config', namespace: 'staging' } });
    const token = new Secret(team, 'token', { metadata: { name: 'api-token' } });
    new InferenceService(chart, 'iris', {
      predictor: {
        model: MODEL,
        imagePullSecrets: [Secret.fromSecretName(chart, 'local-pull', 'local-creds'), pull],
        envFrom: [Env.fromConfigMap(config)],
        extraContainers: [{ name: 'sidecar', image: 'ghcr.io/acme/sidecar:1.0.0', envFrom: [Env.fromSecret(token)] }],
        initContainers: [{ name: 'warmup', image: 'ghcr.io/acme/warmup:1.0.0', envFrom: [Env.fromConfigMap(config, 'CFG_')] }],
      },
      transformer: { container: { image: 'ghcr.io/acme/transformer:1.0.0' }, envFrom: [Env.fromSecret(token)] },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "spec.predictor.imagePullSecrets[1]: Secret 'registry-creds' is written to namespace 'team'");
    expectError(errors, 'test/iris', "spec.predictor.envFrom[0]: ConfigMap 'server-config' is written to namespace 'staging'");
    expectError(errors, 'test/iris', "spec.predictor.extraContainers[0].envFrom[0]: Secret 'api-token' is written to namespace 'team'");
    expectError(errors, 'test/iris', "spec.predictor.initContainers[0].envFrom[0]: ConfigMap 'server-config' is written to namespace 'staging'");
    expectError(errors, 'test/iris', "spec.transformer.envFrom[0]: Secret 'api-token' is written to namespace 'team'");
    expect(errors).toHaveLength(5);
  });

  test('objects of a construct that is not a cdk8s-plus class (a second copy, plain JavaScript) are read by their metadata', () => {
    const { app, chart } = newChart();
    const account = new ForeignObject(chart, 'runner', 'ServiceAccount', 'model-runner', 'team');
    new InferenceService(chart, 'iris', { predictor: { model: MODEL, serviceAccount: account as any } });
    expectError(synthErrors(app), 'test/iris', "spec.predictor.serviceAccount: ServiceAccount 'model-runner' is written to namespace 'team'");
  });

  test('a plain object or a string where an object is expected is no construct: no namespace to compare, and no crash', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      predictor: { model: MODEL, imagePullSecrets: [{ name: 'registry-creds', metadata: { namespace: 'team' } } as any], envFrom: ['cfg' as any] },
    });
    const errors = synthErrors(app);
    expect(errors.some(e => e.includes('is written to namespace'))).toBe(false);
    expectError(errors, 'test/iris', 'predictor.envFrom[0]: must be an EnvFrom', "(got string 'cfg')");
  });

  test.each(VERSIONS)('objects of the service namespace (own or the chart\'s) and references by name pass, schema-valid on %s', (schema, version) => {
    const { app, chart } = newChart();
    const account = new ServiceAccount(chart, 'runner', { metadata: { name: 'model-runner' } });
    const config = new ConfigMap(otherChart(chart, 'ml'), 'config', { metadata: { name: 'server-config' } });
    const token = new Secret(chart, 'token', { metadata: { name: 'api-token', namespace: 'ml' } });
    new InferenceService(chart, 'iris', {
      version,
      predictor: {
        model: MODEL,
        serviceAccount: account,
        imagePullSecrets: [Secret.fromSecretName(chart, 'pull', 'registry-creds')],
        envFrom: [Env.fromConfigMap(config), Env.fromSecret(token)],
      },
      transformer: { container: { image: 'ghcr.io/acme/transformer:1.0.0' }, serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'sa', 'other') },
    });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    const spec = objects.find(o => o.kind === 'InferenceService').spec;
    expect(spec.predictor.serviceAccountName).toBe('model-runner');
    expect(spec.predictor.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
    expect(spec.predictor.model.envFrom).toEqual([{ configMapRef: { name: 'server-config' } }, { secretRef: { name: 'api-token' } }]);
    expect(spec.transformer.serviceAccountName).toBe('other');
    expectValidObjects(objects, { kserveVersion: schema });
  });

  test('a service without a namespace and an object without one both land in the namespace kubectl applies to', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const account = new ServiceAccount(chart, 'runner');
    new InferenceService(chart, 'iris', { predictor: { model: MODEL, serviceAccount: account } });
    expect(synthErrors(app)).toEqual([]);
  });

  test('references by name (volumes, env values, pvc:// storage, imported objects) to objects the app writes only elsewhere are rejected', () => {
    const { app, chart } = newChart();
    const team = otherChart(chart);
    const token = new Secret(team, 'token', { metadata: { name: 'api-token' } });
    const config = new ConfigMap(team, 'config', { metadata: { name: 'server-config' } });
    new PersistentVolumeClaim(team, 'claim', { metadata: { name: 'models' }, storage: Size.gibibytes(10) });
    new Secret(team, 'pull', { metadata: { name: 'registry-creds' } });
    new InferenceService(chart, 'iris', {
      predictor: {
        model: Model.sklearn(StorageUri.pvc('models', 'iris/v1')),
        env: { API_TOKEN: EnvValue.fromSecretValue({ secret: token, key: 'token' }) },
        volumeMounts: [{ volume: Volume.fromConfigMap(chart, 'config-volume', config), path: '/etc/server', readOnly: true }],
        imagePullSecrets: [Secret.fromSecretName(chart, 'pull-ref', 'registry-creds')],
        extraContainers: [{ name: 'sidecar', image: 'ghcr.io/acme/sidecar:1.0.0', envVariables: { MODE: EnvValue.fromConfigMap(config, 'mode') } }],
      },
    });
    const errors = synthErrors(app);
    const elsewhere = "is written by this app only to namespace 'team', but the pods run in 'ml' and Kubernetes looks the name up there";
    expectError(errors, 'test/iris', `spec.predictor.model.storageUri: PersistentVolumeClaim 'models' ${elsewhere}`);
    expectError(errors, 'test/iris', `spec.predictor.env['API_TOKEN']: Secret 'api-token' ${elsewhere}`);
    expectError(errors, 'test/iris', `spec.predictor.volumeMounts[0]: ConfigMap 'server-config' ${elsewhere}`);
    expectError(errors, 'test/iris', `spec.predictor.imagePullSecrets[0]: Secret 'registry-creds' ${elsewhere}`);
    expectError(errors, 'test/iris', `spec.predictor.extraContainers[0].envVariables['MODE']: ConfigMap 'server-config' ${elsewhere}`);
    expect(errors).toHaveLength(5);
  });

  test('a name the app also writes in the service namespace, or does not write at all, passes', () => {
    const { app, chart } = newChart();
    new PersistentVolumeClaim(otherChart(chart), 'team-claim', { metadata: { name: 'models' }, storage: Size.gibibytes(10) });
    new PersistentVolumeClaim(chart, 'claim', { metadata: { name: 'models' }, storage: Size.gibibytes(10) });
    new InferenceService(chart, 'iris', {
      predictor: {
        model: Model.sklearn(StorageUri.pvc('models', 'iris/v1')),
        env: { API_TOKEN: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, 'token', 'api-token'), key: 'token' }) },
      },
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test("a namespaced ServingRuntime's volumes are checked against the runtime's namespace", () => {
    const { app, chart } = newChart();
    const config = new ConfigMap(otherChart(chart), 'config', { metadata: { name: 'runtime-config' } });
    const runtime = (id: string, namespace?: string) => new ServingRuntime(chart, id, {
      name: id,
      namespace,
      supportedModelFormats: [{ name: 'acme' }],
      container: { image: 'ghcr.io/acme/rt:1.0.0', volumeMounts: [{ volume: Volume.fromConfigMap(chart, `${id}-volume`, config), path: '/etc/rt' }] },
    });
    runtime('in-ml');
    runtime('in-team', 'team');
    const errors = synthErrors(app);
    expectError(errors, 'test/in-ml', "container.volumeMounts[0]: ConfigMap 'runtime-config' is written by this app only to namespace 'team', "
      + "but the pods run in 'ml'");
    expect(errors).toHaveLength(1);
  });

  test("ModelStorageSecret reads an existing Secret's namespace from its metadata, whatever its class", () => {
    const { app, chart } = newChart();
    const foreign = new ForeignObject(chart, 'foreign', 'Secret', 's3-creds', 'team');
    ModelStorageSecret.s3(chart, 's3', { source: SecretSource.fromSecret(foreign as any) });
    expectError(synthErrors(app), 'test/s3', "the existing Secret 's3-creds' is in namespace 'team', not 'ml'");
  });

  test('ModelStorageSecret: a ServiceAccount of another namespace is rejected, one of its own namespace passes', () => {
    const { app, chart } = newChart();
    const team = new ServiceAccount(otherChart(chart), 'team-sa', { metadata: { name: 'team-sa' } });
    const own = new ServiceAccount(chart, 'own-sa', { metadata: { name: 'own-sa' } });
    ModelStorageSecret.s3(chart, 'bad', { source: SecretSource.fromSecretName('s3-a'), serviceAccount: team });
    ModelStorageSecret.s3(chart, 'good', { source: SecretSource.fromSecretName('s3-b'), serviceAccount: own });
    const errors = synthErrors(app);
    expectError(errors, 'test/bad', "serviceAccount 'team-sa' is in namespace 'team', not 'ml'");
    expect(errors).toHaveLength(1);
  });
});

describe('an InferenceGraph and its services target one KServe release', () => {
  const graph = (graphVersion: KServeVersion | undefined, serviceVersion: KServeVersion | undefined) => {
    const { app, chart } = newChart();
    const iris = new InferenceService(chart, 'iris', { version: serviceVersion, predictor: { model: MODEL } });
    new InferenceGraph(chart, 'graph', { version: graphVersion, root: GraphNode.sequence('root', [{ name: 'first', target: GraphTarget.service(iris) }]) });
    return { app, chart };
  };

  test('a service on another version than the graph is rejected on the graph', () => {
    const { app } = graph(KServeVersion.V0_20, KServeVersion.V0_13);
    expectError(synthErrors(app), 'test/graph', "spec.nodes.root.steps[0] ('first'): InferenceService 'test/iris' targets KServe v0.13.1 "
      + "but the graph targets v0.20.0; one cluster runs one KServe release, so give both the same 'version'");
    expectError(graph(KServeVersion.V0_13, undefined).app, 'test/graph', 'targets KServe v0.20.0 but the graph targets v0.13.1');
  });

  test.each(VERSIONS)('a graph and its service on %s pass (modes may differ) and are schema-valid', (schema, version) => {
    const { app, chart } = newChart();
    const iris = new InferenceService(chart, 'iris', { version, predictor: { model: MODEL } });
    const standard = new InferenceService(chart, 'iris-standard', { version, deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL } });
    new InferenceGraph(chart, 'graph', {
      version, root: GraphNode.splitter('root', [{ target: GraphTarget.service(iris), weight: 50 }, { target: GraphTarget.service(standard), weight: 50 }]),
    });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('a runtime named by a model must serve it, with or without an install in the app', () => {
  const named = (model: Model, version?: KServeVersion, build?: (chart: Chart) => void) => {
    const { app, chart } = newChart();
    build?.(chart);
    new InferenceService(chart, 'iris', { version, predictor: { model } });
    return { app, chart };
  };

  test.each(VERSIONS)("a standard runtime of %s that does not list the model's format is rejected, listing what it serves", (_schema, version) => {
    const { app } = named(Model.sklearn(URI, { runtime: 'kserve-tritonserver' }), version);
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', `spec.predictor.model.runtime 'kserve-tritonserver' is the standard ClusterServingRuntime of KServe ${version.name}, `
      + "which does not serve format 'sklearn' over v1 (it serves tensorrt 8, tensorflow 1, tensorflow 2, onnx 1, pytorch 1, triton 2 over v2, grpc-v2)");
    expect(errors).toHaveLength(1);
  });

  test('a stated protocol the named standard runtime does not speak, and a format version it does not list, are rejected', () => {
    expectError(named(Model.sklearn(URI, { runtime: 'kserve-tensorflow-serving', protocolVersion: ProtocolVersion.V2 })).app, 'test/iris',
      "runtime 'kserve-tensorflow-serving' is the standard ClusterServingRuntime of KServe v0.20.0, which does not serve format 'sklearn' over v2");
    expectError(named(Model.tensorflow(URI, { runtime: 'kserve-tensorflow-serving', protocolVersion: ProtocolVersion.V2 })).app, 'test/iris',
      "does not serve format 'tensorflow' over v2 (it serves tensorflow 1, tensorflow 2 over v1, grpc-v1)");
    expectError(named(Model.sklearn(URI, { runtime: 'kserve-sklearnserver', formatVersion: '0' })).app, 'test/iris',
      "does not serve format 'sklearn' version 0 over v1 (it serves sklearn 1 over v1, v2)");
    // v0.13 has no kserve-predictiveserver: the name is a runtime of the cluster's own, not checked.
    expect(synthErrors(named(Model.pmml(URI, { runtime: 'kserve-predictiveserver' }), KServeVersion.V0_13).app)).toEqual([]);
    expectError(named(Model.pmml(URI, { runtime: 'kserve-predictiveserver' })).app, 'test/iris', "does not serve format 'pmml' over v1");
  });

  test('a runtime of the app comes before the standard one of the same name; a disabled one is rejected', () => {
    const custom = (chart: Chart) => new ClusterServingRuntime(chart, 'custom', {
      name: 'kserve-tritonserver', supportedModelFormats: [{ name: 'sklearn', version: '1' }], container: { image: 'ghcr.io/acme/rt:1.0.0' },
    });
    expect(synthErrors(named(Model.sklearn(URI, { runtime: 'kserve-tritonserver' }), undefined, custom).app)).toEqual([]);
    const disabled = (chart: Chart) => new ServingRuntime(chart, 'off', {
      name: 'kserve-sklearnserver', disabled: true, supportedModelFormats: [{ name: 'sklearn' }], container: { image: 'ghcr.io/acme/rt:1.0.0' },
    });
    expectError(named(Model.sklearn(URI, { runtime: 'kserve-sklearnserver' }), undefined, disabled).app, 'test/iris',
      "spec.predictor.model.runtime 'kserve-sklearnserver' is the ServingRuntime 'test/off' (KServe takes the ServingRuntime of the service's "
      + 'namespace before the ClusterServingRuntime of that name), which is disabled');
  });

  test('a runtime the app writes only where the service cannot use it (another namespace, another release) is rejected', () => {
    const elsewhere = (namespace: string, version?: KServeVersion) => (chart: Chart) => new ServingRuntime(chart, 'rt', {
      name: 'acme-runtime', namespace, version, supportedModelFormats: [{ name: 'acme' }], container: { image: 'ghcr.io/acme/rt:1.0.0' },
    });
    const acme = Model.fromFormat('acme', URI, { runtime: 'acme-runtime' });
    expectError(named(acme, undefined, elsewhere('team')).app, 'test/iris', "spec.predictor.model.runtime 'acme-runtime' is the ServingRuntime "
      + "'test/rt', which is in namespace 'team', and KServe looks for a ServingRuntime in the service's namespace 'ml' only");
    expectError(named(acme, undefined, elsewhere('ml', KServeVersion.V0_13)).app, 'test/iris',
      "'acme-runtime' is the ServingRuntime 'test/rt', which targets KServe v0.13.1 while the service targets v0.20.0");
    expect(synthErrors(named(acme, undefined, elsewhere('ml')).app)).toEqual([]);
    // A name the app does not write is a runtime of the cluster's own.
    expect(synthErrors(named(Model.fromFormat('acme', URI, { runtime: 'platform-runtime' })).app)).toEqual([]);
  });

  test('from JavaScript, a runtime of the wrong type is reported by the model, not a crash', () => {
    const errors = synthErrors(named(Model.sklearn(URI, { runtime: ['kserve-tritonserver'] as any })).app);
    expectError(errors, 'test/iris', 'predictor.model: Model.sklearn(options).runtime: must be a string or an IModelRuntime ({ name })');
    expect(errors).toHaveLength(1);
  });

  test('a runtime given as an object is held to the same rules as its name', () => {
    // `{ name }` is an IModelRuntime (what a runtime construct is to a model): the standard Triton runtime serves no sklearn.
    const errors = synthErrors(named(Model.sklearn(URI, { runtime: { name: 'kserve-tritonserver' } })).app);
    expectError(errors, 'test/iris', "spec.predictor.model.runtime 'kserve-tritonserver' is the standard ClusterServingRuntime");
  });

  test.each(VERSIONS)('a standard runtime that serves the model passes and is schema-valid on %s', (schema, version) => {
    const { app, chart } = named(Model.sklearn(URI, { runtime: 'kserve-mlserver', protocolVersion: ProtocolVersion.V2 }), version);
    expect(synthErrors(app)).toEqual([]);
    const spec = Testing.synth(chart).find(o => o.kind === 'InferenceService').spec;
    expect(spec.predictor.model).toMatchObject({ runtime: 'kserve-mlserver', protocolVersion: 'v2', modelFormat: { name: 'sklearn' } });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test('with an install in the app the check is the same, reported once', () => {
    const { app, chart } = newChart();
    new KServeInstall(app, 'kserve');
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(URI, { runtime: 'kserve-tritonserver' }) } });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "runtime 'kserve-tritonserver' is the ClusterServingRuntime 'kserve/runtimes/kserve-tritonserver', "
      + "which does not serve format 'sklearn' over v1");
    expect(errors).toHaveLength(1);
  });
});

describe("an OCI model needs the install's modelcars", () => {
  const OCI = StorageUri.oci('ghcr.io/acme/iris-model:1.0.0');
  const withInstall = (enableModelcar: boolean | undefined, version: KServeVersion, predictor: (chart: Chart) => any) => {
    const { app, chart } = newChart();
    new KServeInstall(app, 'kserve', { version, config: enableModelcar === undefined ? undefined : { enableModelcar } });
    new InferenceService(chart, 'iris', { version, predictor: predictor(chart) });
    return { app, chart };
  };
  const OFF = "the KServeInstall 'kserve' turns modelcars off (config.enableModelcar)";

  test("v0.13's install turns modelcars off by default: an oci:// model fails in the storage initializer", () => {
    const errors = synthErrors(withInstall(undefined, KServeVersion.V0_13, () => ({ model: Model.sklearn(OCI) })).app);
    expectError(errors, 'test/iris', `spec.predictor.model.storageUri 'oci://ghcr.io/acme/iris-model:1.0.0': ${OFF}, so KServe hands the URI `
      + "to the storage initializer, which fails with 'Cannot recognize storage type'; set 'config: { enableModelcar: true }' on the install");
    expect(errors).toHaveLength(1);
  });

  test('v0.20 with modelcars off: single oci:// and oci+native:// URIs and oci:// storageUris entries are rejected', () => {
    const single = synthErrors(withInstall(false, KServeVersion.V0_20, () => ({ model: Model.huggingface(StorageUri.ociNative('ghcr.io/acme/llm:1.0.0')) })).app);
    expectError(single, 'test/iris', "spec.predictor.model.storageUri 'oci+native://ghcr.io/acme/llm:1.0.0'",
      'KServe leaves the URI to the OCI injector, which it does not run, so nothing mounts the model');
    expect(single).toHaveLength(1);
    const entries = synthErrors(withInstall(false, KServeVersion.V0_20, () => ({
      model: Model.huggingface(ModelStorage.fromStorageUris()),
      storageUris: [
        { uri: OCI, mountPath: '/mnt/models/base' },
        { uri: StorageUri.ociNative('ghcr.io/acme/adapter:1.0.0'), mountPath: '/mnt/adapters/lora' },
      ],
    })).app);
    expectError(entries, 'test/iris', "spec.predictor.storageUris[0] 'oci://ghcr.io/acme/iris-model:1.0.0'", 'KServe skips the entry and mounts nothing');
    // An oci+native:// entry names its mode itself: KServe mounts it as an image volume.
    expect(entries).toHaveLength(1);
  });

  test('a custom container that downloads an oci:// image is checked as well', () => {
    const errors = synthErrors(withInstall(false, KServeVersion.V0_20, () => ({ container: { image: 'ghcr.io/acme/server:1.0.0', storageUri: OCI } })).app);
    expectError(errors, 'test/iris', "spec.predictor.container.storageUri 'oci://ghcr.io/acme/iris-model:1.0.0'", OFF);
  });

  test.each(VERSIONS)('with modelcars on (or no install in the app) an oci:// model passes and is schema-valid on %s', (schema, version) => {
    const on = withInstall(true, version, () => ({ model: Model.sklearn(OCI) }));
    expect(synthErrors(on.app)).toEqual([]);
    const objects = Testing.synth(on.chart);
    expect(objects.find(o => o.kind === 'InferenceService').spec.predictor.model.storageUri).toBe(OCI.uri);
    expectValidObjects(objects, { kserveVersion: schema });
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(OCI) } });
    expect(synthErrors(app)).toEqual([]);
  });

  test("v0.20's install turns modelcars on by default", () => {
    expect(synthErrors(withInstall(undefined, KServeVersion.V0_20, () => ({ model: Model.sklearn(OCI) })).app)).toEqual([]);
  });

  test('from JavaScript, an enableModelcar that is not a boolean is reported on the install, not taken for on or off', () => {
    const errors = synthErrors(withInstall('true' as any, KServeVersion.V0_20, () => ({ model: Model.sklearn(OCI) })).app);
    expectError(errors, 'kserve', "config.enableModelcar: must be true or false (got string 'true')");
  });
});

describe('alerts that can never fire (or always fire) are refused', () => {
  const KEDA = Autoscaling.keda({
    minReplicas: 0,
    maxReplicas: 4,
    metrics: [KedaMetric.prometheus({ serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(rate(requests_total[1m]))', threshold: 10 })],
  });

  test('noTraffic on a predictor KEDA scales to zero in Standard mode is refused, like on Knative', () => {
    const { app, chart } = newChart();
    const target = new InferenceService(chart, 'iris', { deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, autoscaling: KEDA } });
    new ServiceMonitor(chart, 'monitor', { target });
    new InferenceServiceAlerts(chart, 'alerts', { target, noTraffic: {} });
    const errors = synthErrors(app);
    expectError(errors, 'test/alerts', 'noTraffic: the predictor scales to zero (minReplicas 0), so no traffic is expected and its metrics disappear');
    expect(errors).toHaveLength(1);
  });

  test('a latency threshold of 10 s or more can never be exceeded by histogram_quantile over the default buckets', () => {
    for (const threshold of [Duration.seconds(10), Duration.minutes(1)]) {
      const { app, chart } = newChart();
      const target = new InferenceService(chart, 'iris', { predictor: { model: MODEL } });
      new PodMonitor(chart, 'monitor', { target, source: MetricsSource.MODEL });
      new InferenceServiceAlerts(chart, 'alerts', { target, latency: { threshold } });
      const seconds = threshold.toSeconds();
      const errors = synthErrors(app);
      expectError(errors, 'test/alerts', `latency.threshold (${seconds}s) can never be exceeded: request_predict_seconds' highest bucket below +Inf `
        + "is 10s (prometheus_client's default buckets), and histogram_quantile returns no more than that; give a threshold below 10s");
      expect(errors).toHaveLength(1);
    }
  });

  test.each(VERSIONS)('a threshold just below 10 s, and noTraffic on a predictor that keeps a replica, pass and are schema-valid (%s)', (schema, version) => {
    const { app, chart } = newChart();
    const target = new InferenceService(chart, 'iris', {
      version, deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, autoscaling: Autoscaling.cpu({ minReplicas: 1, maxReplicas: 3 }) },
    });
    new ServiceMonitor(chart, 'monitor', { target });
    new InferenceServiceAlerts(chart, 'alerts', { target, latency: { threshold: Duration.millis(9999) }, noTraffic: {} });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'PrometheusRule').spec.groups[0].rules[0].expr).toContain('> 9.999');
    expectValidObjects(objects, { kserveVersion: schema });
  });

  test('from JavaScript, a minReplicas of the wrong type is not taken for scale to zero', () => {
    const { app, chart } = newChart();
    const target = new InferenceService(chart, 'iris', { predictor: { model: MODEL, minReplicas: '0' as any } });
    new PodMonitor(chart, 'monitor', { target, source: MetricsSource.MODEL });
    new InferenceServiceAlerts(chart, 'alerts', { target, noTraffic: {} });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "predictor.minReplicas: must be a number (got string '0')");
    expect(errors.filter(e => e.startsWith('[test/alerts]'))).toEqual([]);
  });
});

describe('monitors of the model server scrape where it really serves metrics', () => {
  const build = (props: Omit<InferenceServiceProps, 'predictor'> & { predictor: InferenceServiceProps['predictor'] },
    monitor: 'pod' | 'service', options: { component?: ComponentType; source?: MetricsSource } = {}, extra?: (chart: Chart) => void) => {
    const { app, chart } = newChart();
    const target = new InferenceService(chart, 'iris', props);
    const Monitor = monitor === 'pod' ? PodMonitor : ServiceMonitor;
    new Monitor(chart, 'monitor', { target, source: options.source ?? MetricsSource.MODEL, component: options.component });
    extra?.(chart);
    return { app, chart };
  };
  const endpoint = (chart: Chart) => {
    const m = Testing.synth(chart).find(o => o.kind.endsWith('Monitor'));
    return (m.spec.podMetricsEndpoints ?? m.spec.endpoints)[0];
  };
  const STANDARD = { deploymentMode: DeploymentMode.STANDARD };
  const CANNOT = "a PodMonitor cannot scrape the model metrics of 'iris' (predictor)";
  const SERVER = 'ghcr.io/acme/iris-server:1.0.0';

  test("the release's TF Serving runtime serves no Prometheus metrics: a MODEL monitor is refused in both modes", () => {
    const why = "runtime 'kserve-tensorflow-serving' runs TF Serving without --monitoring_config_file, so it serves no Prometheus metrics at all";
    expectError(build({ predictor: { model: Model.tensorflow(URI) } }, 'pod').app, 'test/monitor', CANNOT, why);
    expectError(build({ ...STANDARD, predictor: { model: Model.tensorflow(URI) } }, 'service').app, 'test/monitor', why);
    // The queue-proxy's metrics of the same service are scraped as before.
    const queue = build({ version: KServeVersion.V0_13, predictor: { model: Model.tensorflow(URI) } }, 'service', { source: MetricsSource.QUEUE_PROXY });
    expect(synthErrors(queue.app)).toEqual([]);
  });

  test('a TF Serving runtime of the app given a monitoring config is scraped where it says, even when defined after the monitor', () => {
    const { app, chart } = build({ predictor: { model: Model.tensorflow(URI) } }, 'pod', {}, c => new ClusterServingRuntime(c, 'tf', {
      name: 'kserve-tensorflow-serving',
      supportedModelFormats: [{ name: 'tensorflow', version: '2', autoSelect: true, priority: 3 }],
      metricsPath: '/monitoring/prometheus/metrics',
      container: { image: 'tensorflow/serving:2.14.1', args: ['--rest_api_port=8080', '--monitoring_config_file=/etc/tf/monitoring.config'] },
    }));
    expect(synthErrors(app)).toEqual([]);
    expect(endpoint(chart)).toEqual({ port: 'user-port', path: '/monitoring/prometheus/metrics' });
  });

  test('MLServer serves its metrics on port 8082 unless MLSERVER_METRICS_PORT moves them to the inference port', () => {
    expectError(build({ predictor: { model: Model.mlflow(URI) } }, 'pod').app, 'test/monitor', CANNOT,
      'this runtime serves /metrics on port 8082, and Knative exposes only the inference port (user-port)');
    expectError(build({ ...STANDARD, predictor: { model: Model.mlflow(URI) } }, 'service').app, 'test/monitor',
      'this runtime serves /metrics on port 8082, which the iris-predictor Service does not expose');
    const moved = build({ predictor: { model: Model.mlflow(URI), env: { MLSERVER_METRICS_PORT: EnvValue.fromValue('8080') } } }, 'pod');
    expect(synthErrors(moved.app)).toEqual([]);
    expect(endpoint(moved.chart)).toEqual({ port: 'user-port', path: '/metrics' });
    const bad = build({ predictor: { model: Model.mlflow(URI), env: { MLSERVER_METRICS_PORT: EnvValue.fromValue('metrics') } } }, 'pod');
    expectError(bad.app, 'test/monitor', "runtime 'kserve-mlserver' is given MLSERVER_METRICS_PORT 'metrics', which is not a port");
  });

  test('a custom container must declare its metrics endpoint for a MODEL monitor, on every component', () => {
    const why = 'its custom container declares no metrics endpoint, so nothing says its server serves any; set container.metricsPort';
    expectError(build({ predictor: { container: { image: SERVER } } }, 'pod').app, 'test/monitor', CANNOT, why);
    expectError(build({ ...STANDARD, predictor: { container: { image: SERVER } } }, 'service').app, 'test/monitor', why);
    expectError(build({ predictor: { model: MODEL }, transformer: { container: { image: SERVER } } }, 'pod', { component: ComponentType.TRANSFORMER }).app,
      'test/monitor', "cannot scrape the model metrics of 'iris' (transformer)", why);
  });

  test.each(VERSIONS)('a declared endpoint is written as KServe\'s annotations and scraped there; schema-valid on %s', (schema, version) => {
    const knative = build({ version, predictor: { container: { image: SERVER, metricsPort: 8080, metricsPath: '/stats' } } }, 'pod');
    expect(synthErrors(knative.app)).toEqual([]);
    expect(endpoint(knative.chart)).toEqual({ port: 'user-port', path: '/stats' });
    const objects = Testing.synth(knative.chart);
    expect(objects.find(o => o.kind === 'InferenceService').spec.predictor.annotations)
      .toEqual({ 'prometheus.kserve.io/port': '8080', 'prometheus.kserve.io/path': '/stats' });
    expectValidObjects(objects, { kserveVersion: schema });
    // Standard mode: KServe puts every further declared port of the container on the Service, by its name.
    const standard = build({
      ...STANDARD,
      version,
      predictor: { container: { image: SERVER, metricsPort: 9100 }, ports: [{ name: 'http1', number: 8080 }, { name: 'metrics', number: 9100 }] },
    }, 'service');
    expect(synthErrors(standard.app)).toEqual([]);
    expect(endpoint(standard.chart)).toEqual({ port: 'metrics', path: '/metrics' });
    expect(Testing.synth(standard.chart).find(o => o.kind === 'InferenceService').spec.predictor.annotations).toEqual({ 'prometheus.kserve.io/port': '9100' });
    expectValidObjects(Testing.synth(standard.chart), { kserveVersion: schema });
  });

  test('a declared port the monitor cannot reach is refused; qpext aggregation reads it instead', () => {
    expectError(build({ predictor: { container: { image: SERVER, metricsPort: 9100 } } }, 'pod').app, 'test/monitor',
      'the custom container serves /metrics on port 9100, and Knative exposes only the inference port (user-port); use MetricsSource.AGGREGATED');
    expectError(build({ ...STANDARD, predictor: { container: { image: SERVER, metricsPort: 9100 } } }, 'service').app, 'test/monitor',
      'the custom container serves /metrics on port 9100, which the iris-predictor Service does not expose');
    const aggregated = build({ metrics: { aggregation: true }, predictor: { container: { image: SERVER, metricsPort: 9100 } } }, 'pod',
      { source: MetricsSource.AGGREGATED });
    expect(synthErrors(aggregated.app)).toEqual([]);
  });

  test('a runtime of the app serving metrics elsewhere than /metrics is scraped at its metricsPath', () => {
    const { app, chart } = build({ predictor: { model: Model.fromFormat('acme', URI) } }, 'pod', {}, c => new ClusterServingRuntime(c, 'acme', {
      name: 'acme-runtime', supportedModelFormats: [{ name: 'acme', autoSelect: true }], metricsPath: '/stats', container: { image: 'ghcr.io/acme/rt:1.0.0' },
    }));
    expect(synthErrors(app)).toEqual([]);
    expect(endpoint(chart)).toEqual({ port: 'user-port', path: '/stats' });
  });

  test('metricsPort and metricsPath are checked, also from JavaScript', () => {
    const errors = (container: object, extra: object = {}) => synthErrors(build({
      version: KServeVersion.V0_13, predictor: { container: { image: SERVER, ...container } as any, ...extra },
    }, 'service', { source: MetricsSource.QUEUE_PROXY }).app);
    expectError(errors({ metricsPort: 70000 }), 'test/iris', 'spec.predictor.container.metricsPort (70000) must be a port number between 1 and 65535');
    expectError(errors({ metricsPort: '9100' }), 'test/iris', "predictor.container.metricsPort: must be a number (got string '9100')");
    expectError(errors({ metricsPort: 9091 }), 'test/iris', "spec.predictor.container.metricsPort (9091) is a port Knative's queue-proxy listens on");
    expectError(errors({ metricsPort: 9100, metricsPath: 'metrics' }), 'test/iris',
      "spec.predictor.container.metricsPath (string 'metrics') must be a URL path starting with '/'");
    expectError(errors({ metricsPath: '/stats' }), 'test/iris', 'spec.predictor.container.metricsPath needs container.metricsPort');
    expectError(errors({ metricsPort: 9100 }, { annotations: { 'prometheus.kserve.io/port': '9200' } }), 'test/iris',
      "spec.predictor.annotations['prometheus.kserve.io/port'] is '9200', but spec.predictor.container.metricsPort sets it to '9100'");
    expect(errors({ metricsPort: 9100, metricsPath: '/stats' }, { annotations: { 'prometheus.kserve.io/port': '9100', 'prometheus.kserve.io/path': '/stats' } }))
      .toEqual([]);
    const onService = synthErrors(build({
      version: KServeVersion.V0_13, annotations: { 'prometheus.kserve.io/port': '8080' }, predictor: { container: { image: SERVER, metricsPort: 9100 } },
    }, 'service', { source: MetricsSource.QUEUE_PROXY }).app);
    expectError(onService, 'test/iris', "metadata.annotations['prometheus.kserve.io/port'] is '8080', but spec.predictor.container.metricsPort sets it to '9100'");
    expect(errors({ metricsPort: 9100 })).toEqual([]);
  });
});
