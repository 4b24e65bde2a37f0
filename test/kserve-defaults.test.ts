/**
 * Issue #18: the KServe version and the deployment mode set once per app or chart (KServeDefaults or construct
 * context), honoured by every construct with a `version` / `deploymentMode` prop; a construct's own prop wins, a
 * chart's defaults beat the app's; a bad context value is a synth error naming where it was set.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import { NodeLabelQuery } from 'cdk8s-plus-28';
import {
  ClusterServingRuntime, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, KServeDefaults, KServeInstall,
  KServeVersion, LLMInferenceService, LLMInferenceServiceConfig, LocalModelCache, LocalModelNamespaceCache, LocalModelNodeGroup, Model,
  NodeGroupVolume, ServingRuntime, StorageUri,
} from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const SUPPORTED = 'v0.13.1, v0.14.1, v0.15.2, v0.16.0, v0.17.1, v0.18.1, v0.19.0, v0.20.0';

const IRIS = StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model');
const QWEN = StorageUri.huggingFace('Qwen/Qwen2.5-0.5B-Instruct');
const RUNTIME = { supportedModelFormats: [{ name: 'custom', autoSelect: true }], container: { image: 'example.com/server:1.0' } };

function isvc(scope: Chart, id = 'iris', props: Partial<ConstructorParameters<typeof InferenceService>[2]> = {}): InferenceService {
  return new InferenceService(scope, id, { predictor: { model: Model.sklearn(IRIS) }, ...props });
}

/** Every construct with a `version` prop, created under `chart` without one; each with the version it took. */
function everyVersionedConstruct(chart: Chart): Array<[string, { readonly version: KServeVersion }]> {
  const group = new LocalModelNodeGroup(chart, 'gpus', {
    storageLimit: Size.gibibytes(100),
    volume: NodeGroupVolume.local('/mnt/models'),
    storageClassName: 'local',
    nodes: [NodeLabelQuery.is('node.kubernetes.io/instance-type', 'gpu')],
  });
  const service = isvc(chart);
  return [
    ['InferenceService', service],
    ['ServingRuntime', new ServingRuntime(chart, 'runtime', RUNTIME)],
    ['ClusterServingRuntime', new ClusterServingRuntime(chart, 'cluster-runtime', RUNTIME)],
    ['InferenceGraph', new InferenceGraph(chart, 'graph', { root: GraphNode.sequence('root', [{ target: GraphTarget.service(service) }]) })],
    ['KServeInstall', new KServeInstall(chart, 'install')],
    ['LLMInferenceService', new LLMInferenceService(chart, 'llm', { model: { uri: QWEN } })],
    ['LLMInferenceServiceConfig', new LLMInferenceServiceConfig(chart, 'llm-config', {})],
    ['LocalModelNodeGroup', group],
    ['LocalModelCache', new LocalModelCache(chart, 'cache', { sourceModelUri: QWEN, modelSize: Size.gibibytes(2), nodeGroups: [group] })],
    ['LocalModelNamespaceCache', new LocalModelNamespaceCache(chart, 'ns-cache', { sourceModelUri: QWEN, modelSize: Size.gibibytes(2), nodeGroups: [group] })],
  ];
}

describe('every construct with a version prop takes the default', () => {
  test('from a KServeDefaults in its chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new KServeDefaults(chart, 'defaults', { version: KServeVersion.V0_13 });
    for (const [kind, construct] of everyVersionedConstruct(chart)) expect([kind, construct.version]).toEqual([kind, KServeVersion.V0_13]);
    // The LLM and local-model constructs then fail as on any v0.13 target: the default reached their checks.
    const errors = synthErrors(app);
    expectError(errors, 'test/llm', 'needs KServe v0.16 or later', 'v0.13.1');
    expectError(errors, 'test/cache', 'needs KServe v0.14 or later', 'v0.13.1');
  });

  test('from a KServeDefaults of the app, through a chart', () => {
    const app = Testing.app();
    new KServeDefaults(app, 'defaults', { version: KServeVersion.V0_13 });
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    for (const [kind, construct] of everyVersionedConstruct(chart)) expect([kind, construct.version]).toEqual([kind, KServeVersion.V0_13]);
  });

  test('from the context key on the app', () => {
    const app = Testing.app();
    app.node.setContext(KServeDefaults.VERSION_CONTEXT, 'v0.13');
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    for (const [kind, construct] of everyVersionedConstruct(chart)) expect([kind, construct.version]).toEqual([kind, KServeVersion.V0_13]);
  });

  test('without any, the library default', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'ml' });
    for (const [kind, construct] of everyVersionedConstruct(chart)) expect([kind, construct.version]).toEqual([kind, KServeVersion.DEFAULT]);
  });
});

describe('the YAML follows the default', () => {
  test('an InferenceService under v0.13 and Standard defaults is written as one with the props', () => {
    const build = (withDefaults: boolean) => {
      const app = Testing.app();
      const chart = new Chart(app, 'test', { namespace: 'ml' });
      if (withDefaults) new KServeDefaults(chart, 'defaults', { version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD });
      isvc(chart, 'iris', withDefaults ? {} : { version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD });
      expect(synthErrors(app)).toEqual([]);
      return Testing.synth(chart);
    };
    const objects = build(true);
    expect(objects).toEqual(build(false));
    expect(objects[0].metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'RawDeployment' });
    expectValidObjects(objects, { kserveVersion: 'v0.13.1' });
  });

  test('the deployment mode from the context key', () => {
    const app = Testing.app();
    app.node.setContext(KServeDefaults.DEPLOYMENT_MODE_CONTEXT, 'Standard');
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    const service = isvc(chart);
    expect(service.deploymentMode).toBe(DeploymentMode.STANDARD);
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'Standard' });
  });
});

describe('precedence', () => {
  test("a construct's own prop beats its chart's defaults", () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'ml' });
    new KServeDefaults(chart, 'defaults', { version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD });
    const service = isvc(chart, 'iris', { version: KServeVersion.V0_20, deploymentMode: DeploymentMode.KNATIVE });
    expect([service.version, service.deploymentMode]).toEqual([KServeVersion.V0_20, DeploymentMode.KNATIVE]);
  });

  test("a chart's defaults beat the app's, field by field; the other chart keeps the app's", () => {
    const app = Testing.app();
    new KServeDefaults(app, 'defaults', { version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD });
    const teamA = new Chart(app, 'team-a', { namespace: 'a' });
    new KServeDefaults(teamA, 'defaults', { version: KServeVersion.V0_20 });
    const a = isvc(teamA);
    const b = isvc(new Chart(app, 'team-b', { namespace: 'b' }));
    expect([a.version, a.deploymentMode]).toEqual([KServeVersion.V0_20, DeploymentMode.STANDARD]);
    expect([b.version, b.deploymentMode]).toEqual([KServeVersion.V0_13, DeploymentMode.STANDARD]);
  });

  test("a chart's context beats the app's KServeDefaults; at one scope a KServeDefaults beats the context", () => {
    const app = Testing.app();
    new KServeDefaults(app, 'defaults', { version: KServeVersion.V0_13 });
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    chart.node.setContext(KServeDefaults.VERSION_CONTEXT, 'v0.20');
    expect(isvc(chart).version).toBe(KServeVersion.V0_20);
    const both = new Chart(app, 'both', { namespace: 'ml' });
    both.node.setContext(KServeDefaults.VERSION_CONTEXT, 'v0.20');
    new KServeDefaults(both, 'defaults', { version: KServeVersion.V0_13 });
    expect(isvc(both).version).toBe(KServeVersion.V0_13);
  });

  test('KServeDefaults.of says where each value came from', () => {
    const app = Testing.app();
    app.node.setContext(KServeDefaults.DEPLOYMENT_MODE_CONTEXT, 'Standard');
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new KServeDefaults(chart, 'defaults', { version: KServeVersion.V0_13 });
    const effective = KServeDefaults.of(chart);
    expect(effective.version).toBe(KServeVersion.V0_13);
    expect(effective.versionSource).toBe("KServeDefaults 'test/defaults'");
    expect(effective.deploymentMode).toBe(DeploymentMode.STANDARD);
    expect(effective.deploymentModeSource).toBe("context 'cdk8s-kserve:deploymentMode' on the app");
    expect(KServeDefaults.of(new Chart(new App(), 'bare')).versionSource).toBe('the library default');
  });
});

describe('errors', () => {
  function withContext(key: string, value: unknown, on: 'app' | 'chart' = 'app'): { app: App; chart: Chart } {
    const app = Testing.app();
    if (on === 'app') app.node.setContext(key, value);
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    if (on === 'chart') chart.node.setContext(key, value);
    return { app, chart };
  }

  test('an unsupported version in the context is a synth error on each construct that uses it, naming where it was set', () => {
    const { app, chart } = withContext(KServeDefaults.VERSION_CONTEXT, 'v0.12', 'chart');
    isvc(chart, 'a');
    new ServingRuntime(chart, 'runtime', RUNTIME);
    isvc(chart, 'pinned', { version: KServeVersion.V0_13 });
    const errors = synthErrors(app);
    for (const at of ['test/a', 'test/runtime']) {
      expectError(errors, at, `version: context 'cdk8s-kserve:version' on 'test' is 'v0.12', not a supported KServe version; supported: ${SUPPORTED}`);
    }
    expect(errors.filter(e => e.includes('cdk8s-kserve:version'))).toHaveLength(2);
  });

  test('a context version that is not a string', () => {
    const { app, chart } = withContext(KServeDefaults.VERSION_CONTEXT, 0.13);
    isvc(chart);
    expectError(synthErrors(app), 'test/iris', "version: context 'cdk8s-kserve:version' on the app must be a KServe version name such as 'v0.13' (got number 0.13)");
  });

  test.each([
    ['a v0.13 name', 'RawDeployment', "must be 'Knative' or 'Standard' (got string 'RawDeployment'); did you mean 'Standard'?"],
    ['a wrong case', 'standard', "must be 'Knative' or 'Standard' (got string 'standard')"],
    ['an inherited key', 'constructor', "must be 'Knative' or 'Standard' (got string 'constructor')"],
    ['not a string', true, "must be 'Knative' or 'Standard' (got boolean true)"],
  ])('a bad deployment mode in the context: %s', (_, value, message) => {
    const { app, chart } = withContext(KServeDefaults.DEPLOYMENT_MODE_CONTEXT, value);
    isvc(chart);
    expectError(synthErrors(app), 'test/iris', `deploymentMode: context 'cdk8s-kserve:deploymentMode' on the app ${message}`);
  });

  test('a KServeDefaults created after constructs that took another default is a synth error naming them', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    isvc(chart, 'early');
    isvc(chart, 'pinned', { version: KServeVersion.V0_13 });
    new KServeDefaults(chart, 'defaults', { version: KServeVersion.V0_13 });
    const errors = synthErrors(app);
    expectError(errors, 'test/defaults', "version: 'test/early' was created before this KServeDefaults and took v0.20.0; create KServeDefaults first in 'test'");
    expect(errors.filter(e => e.startsWith('[test/defaults]'))).toHaveLength(1);
  });

  test('asking KServeDefaults.of before creating one is no taking', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    expect(KServeDefaults.of(chart).version).toBe(KServeVersion.DEFAULT);
    new KServeDefaults(chart, 'defaults', { version: KServeVersion.V0_13 });
    expect(KServeDefaults.of(chart).version).toBe(KServeVersion.V0_13);
    expect(synthErrors(app)).toEqual([]);
  });

  test('a KServeDefaults created late that sets what was taken anyway is fine', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    isvc(chart);
    new KServeDefaults(chart, 'defaults', { version: KServeVersion.DEFAULT });
    expect(synthErrors(app)).toEqual([]);
  });

  test('two KServeDefaults in one scope', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new KServeDefaults(chart, 'a', { version: KServeVersion.V0_13 });
    new KServeDefaults(chart, 'b', { deploymentMode: DeploymentMode.STANDARD });
    expectError(synthErrors(app), 'test/b', "a scope takes one KServeDefaults, and 'test/a' is already in 'test'");
  });

  test('JavaScript callers: a wrong type is a synth error, never a TypeError', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new KServeDefaults(chart, 'defaults', { version: 'v0.13' as any, deploymentMode: 'Standard' as any, mode: 1 } as any);
    const service = isvc(chart);
    expect([service.version, service.deploymentMode]).toEqual([KServeVersion.DEFAULT, DeploymentMode.KNATIVE]);
    const errors = synthErrors(app);
    expectError(errors, 'test/defaults', 'version: must be a KServeVersion', "(got string 'v0.13')");
    expectError(errors, 'test/defaults', 'deploymentMode: must be a DeploymentMode', "(got string 'Standard')");
    expectError(errors, 'test/defaults', 'mode: unknown property');
    expect(() => KServeDefaults.of('chart' as any)).toThrow('KServeDefaults.of(scope): must be a Construct');
  });

  test('a version from KServeVersion.of that is not supported carries its problem', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new KServeDefaults(chart, 'defaults', { version: KServeVersion.of('v0.12') });
    expectError(synthErrors(app), 'test/defaults', "'v0.12' is not a supported KServe version");
  });
});
