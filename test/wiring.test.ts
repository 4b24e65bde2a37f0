/**
 * Cross-object wiring (issue #16): each object is fine on its own, but what references it cannot use it. Each check is
 * reported at synth on the construct that holds the reference, for TypeScript and plain-JavaScript callers alike.
 */
import { App, Chart, Testing } from 'cdk8s';
import { ConfigMap, Env, Secret, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, KServeVersion, Model, ModelStorageSecret, SecretSource, StorageUri } from '../src';
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
    expectError(errors, 'test/iris', 'spec.predictor.envFrom[0] must be an EnvFrom');
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

