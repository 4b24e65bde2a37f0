import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, TaintEffect } from 'cdk8s-plus-28';
import {
  DeploymentMode, GraphNode, GraphStep, GraphTarget, InferenceGraph, InferenceGraphProps, InferenceService, KServeVersion, Model, StepData,
  StepDependency, StorageUri, Toleration,
} from '../src';
import { newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion, validateObjects } from './util/schema-validator';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');

function isvc(chart: Chart, id: string, namespace?: string, version?: KServeVersion): InferenceService {
  return new InferenceService(chart, id, { namespace, version, predictor: { model: Model.sklearn(IRIS) } });
}

type GraphFactory = (chart: Chart) => Omit<InferenceGraphProps, 'root'> & { root: GraphNode };

/** Synthesizes with validation and returns the graph, its rendered spec and every object. */
function synth(factory: GraphFactory, id = 'iris-graph') {
  const { app, chart } = newChart();
  const graph = new InferenceGraph(chart, id, factory(chart));
  app.synthYaml();
  const objects = Testing.synth(chart);
  const rendered = objects.find(o => o.kind === 'InferenceGraph');
  return { graph, objects, rendered, spec: rendered.spec };
}

/** The validation error lines synth reports for one graph, or [] when synth succeeds. */
function graphErrors(factory: GraphFactory, id = 'iris-graph'): string[] {
  const { app, chart } = newChart();
  new InferenceGraph(chart, id, factory(chart));
  return synthErrors(app);
}

/** A root Sequence with the given steps. */
const root = (steps: GraphStep[]) => GraphNode.sequence('root', steps);
const url = (host: string) => GraphTarget.url(`http://${host}.ml.svc.cluster.local`);

describe('rendering', () => {
  test('a Sequence renders service, node and url targets with data, condition and dependency', () => {
    let svc!: InferenceService;
    const leaf = GraphNode.ensemble('leaf', [{ name: 'only', target: url('leaf') }]);
    const { spec, rendered } = synth(chart => {
      svc = isvc(chart, 'iris-v1');
      return {
        root: root([
          { name: 'svc', target: GraphTarget.service(svc), data: StepData.REQUEST, dependency: StepDependency.HARD },
          { name: 'node', target: GraphTarget.node(leaf), data: StepData.RESPONSE, condition: 'instances.#(>1)' },
          { name: 'url', target: GraphTarget.url('https://example.com/v1/models/x:predict'), dependency: StepDependency.SOFT },
        ]),
      };
    });
    expect(rendered.apiVersion).toBe('serving.kserve.io/v1alpha1');
    expect(rendered.metadata).toMatchObject({ name: 'iris-graph', namespace: 'ml' });
    expect(Object.keys(spec.nodes).sort()).toEqual(['leaf', 'root']);
    expect(spec.nodes.root).toEqual({
      routerType: 'Sequence',
      steps: [
        { name: 'svc', serviceName: 'iris-v1', data: '$request', dependency: 'Hard' },
        { name: 'node', nodeName: 'leaf', data: '$response', condition: 'instances.#(>1)' },
        { name: 'url', serviceUrl: 'https://example.com/v1/models/x:predict', dependency: 'Soft' },
      ],
    });
    expect(spec.nodes.leaf).toEqual({ routerType: 'Ensemble', steps: [{ name: 'only', serviceUrl: 'http://leaf.ml.svc.cluster.local' }] });
  });

  test('serviceName is the InferenceService name, not the construct id', () => {
    const { spec } = synth(chart => {
      const svc = new InferenceService(chart, 'some-id', { name: 'real-name', predictor: { model: Model.sklearn(IRIS) } });
      return { root: root([{ target: GraphTarget.service(svc) }]) };
    });
    expect(spec.nodes.root.steps).toEqual([{ serviceName: 'real-name' }]);
  });

  test('a Splitter renders weights', () => {
    const split = GraphNode.splitter('root', [
      { name: 'stable', target: url('a'), weight: 80 },
      { name: 'candidate', target: url('b'), weight: 20 },
    ]);
    const { spec } = synth(() => ({ root: split }));
    expect(spec.nodes.root.routerType).toBe('Splitter');
    expect(spec.nodes.root.steps.map((s: any) => [s.name, s.weight])).toEqual([['stable', 80], ['candidate', 20]]);
  });

  test('an Ensemble renders its steps', () => {
    const { spec } = synth(() => ({
      root: GraphNode.ensemble('root', [{ name: 'a', target: url('a') }, { name: 'b', target: url('b'), dependency: StepDependency.HARD }]),
    }));
    expect(spec.nodes.root).toEqual({
      routerType: 'Ensemble',
      steps: [
        { name: 'a', serviceUrl: 'http://a.ml.svc.cluster.local' },
        { name: 'b', serviceUrl: 'http://b.ml.svc.cluster.local', dependency: 'Hard' },
      ],
    });
  });

  test('a Switch renders conditions', () => {
    const { spec } = synth(() => ({
      root: GraphNode.choice('root', [
        { name: 'cat', target: url('cat'), condition: '[@this].#(animal=="cat")' },
        { name: 'dog', target: url('dog'), condition: '[@this].#(animal=="dog")' },
      ]),
    }));
    expect(spec.nodes.root.routerType).toBe('Switch');
    expect(spec.nodes.root.steps.map((s: any) => s.condition)).toEqual(['[@this].#(animal=="cat")', '[@this].#(animal=="dog")']);
  });

  test('resources, timeout and replicas', () => {
    const { spec } = synth(() => ({
      root: root([{ target: url('a') }]),
      resources: { cpu: { request: Cpu.millis(100), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
      timeout: Duration.minutes(2),
      minReplicas: 2,
      maxReplicas: 5,
    }));
    expect(spec).toMatchObject({
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
      timeout: 120,
      minReplicas: 2,
      maxReplicas: 5,
    });
    expect(spec.nodeSelector).toBeUndefined();
    expect(spec.serviceAccountName).toBeUndefined();
  });

  test('nodeSelector and serviceAccountName on v0.20', () => {
    const { spec, objects } = synth(() => ({
      version: KServeVersion.V0_20,
      root: root([{ target: url('a') }]),
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'cpu' },
      serviceAccountName: 'graph-router',
    }));
    expect(spec.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'cpu' });
    expect(spec.serviceAccountName).toBe('graph-router');
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('name, namespace and clusterLocalUrl', () => {
    const { graph, rendered } = synth(() => ({ name: 'my-graph', namespace: 'serving', root: root([{ target: url('a') }]) }), 'graph-id');
    expect(graph.name).toBe('my-graph');
    expect(graph.namespace).toBe('serving');
    expect(rendered.metadata).toMatchObject({ name: 'my-graph', namespace: 'serving' });
    expect(graph.clusterLocalUrl).toBe('http://my-graph.serving.svc.cluster.local');
    expect(synth(() => ({ root: root([{ target: url('a') }]) })).graph.clusterLocalUrl).toBe('http://iris-graph.ml.svc.cluster.local');
  });

  test('deploymentMode is the annotation the graph controller reads, in the target release\'s spelling; labels and annotations', () => {
    const standard = synth(() => ({
      deploymentMode: DeploymentMode.STANDARD, labels: { team: 'ml' }, annotations: { owner: 'ml-platform' }, root: root([{ target: url('a') }]),
    }));
    expect(standard.graph.deploymentMode).toBe(DeploymentMode.STANDARD);
    expect(standard.rendered.metadata).toEqual({
      name: 'iris-graph',
      namespace: 'ml',
      labels: { team: 'ml' },
      annotations: { 'owner': 'ml-platform', 'serving.kserve.io/deploymentMode': 'Standard' },
    });
    const v013 = synth(() => ({ version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD, root: root([{ target: url('a') }]) }));
    expect(v013.rendered.metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'RawDeployment' });
    expectValidObjects(v013.objects, { kserveVersion: 'v0.13.1' });
    expectValidObjects(standard.objects, { kserveVersion: 'v0.20.0' });
    // Without it, nothing is written: the cluster's default decides.
    expect(synth(() => ({ root: root([{ target: url('a') }]) })).rendered.metadata.annotations).toBeUndefined();
  });

  test('nodes lists the root first, then breadth-first, each node once', () => {
    const d = GraphNode.ensemble('d', [{ target: url('d') }]);
    const b = GraphNode.sequence('b', [{ target: GraphTarget.node(d) }]);
    const c = GraphNode.ensemble('c', [{ target: GraphTarget.node(d) }, { target: url('c') }]);
    const r = root([{ target: GraphTarget.node(b) }, { target: GraphTarget.node(c) }, { target: GraphTarget.node(b) }]);
    const { graph, spec } = synth(() => ({ root: r }));
    expect(graph.nodes.map(n => n.name)).toEqual(['root', 'b', 'c', 'd']);
    expect(graph.nodes[0]).toBe(r);
    expect(Object.keys(spec.nodes).sort()).toEqual(['b', 'c', 'd', 'root']);
  });

  test('snapshot', () => {
    const { objects } = synth(chart => {
      const v1 = isvc(chart, 'iris-v1');
      const v2 = isvc(chart, 'iris-v2');
      const split = GraphNode.splitter('split', [
        { name: 'stable', target: GraphTarget.service(v1), weight: 90 },
        { name: 'candidate', target: GraphTarget.service(v2), weight: 10 },
      ]);
      return {
        root: root([
          { name: 'pre', target: url('pre'), data: StepData.REQUEST, dependency: StepDependency.HARD },
          { name: 'predict', target: GraphTarget.node(split), data: StepData.RESPONSE },
        ]),
        timeout: Duration.seconds(30),
        minReplicas: 1,
        maxReplicas: 3,
        nodeSelector: { pool: 'cpu' },
        serviceAccountName: 'router',
      };
    });
    expect(objects).toMatchSnapshot();
  });
});

describe('schema validation', () => {
  const full = (version: KServeVersion): GraphFactory => chart => {
    // A graph and its services target one release (one cluster runs one).
    const v1 = isvc(chart, 'iris-v1', undefined, version);
    const split = GraphNode.splitter('split', [
      { name: 'stable', target: GraphTarget.service(v1), weight: 50 },
      { name: 'other', target: url('other'), weight: 50 },
    ]);
    const choose = GraphNode.choice('choose', [{ name: 'x', target: url('x'), condition: 'a == 1' }]);
    const all = GraphNode.ensemble('all', [{ name: 'y', target: GraphTarget.node(choose), dependency: StepDependency.SOFT }]);
    return {
      version,
      root: root([
        { name: 's', target: GraphTarget.node(split), data: StepData.REQUEST, dependency: StepDependency.HARD },
        { name: 'e', target: GraphTarget.node(all), data: StepData.RESPONSE, condition: 'instances' },
      ]),
      resources: { cpu: { request: Cpu.millis(100), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
      timeout: Duration.seconds(60),
      minReplicas: 1,
      maxReplicas: 4,
    };
  };

  test.each([
    [KServeVersion.V0_13, 'v0.13.1'],
    [KServeVersion.V0_20, 'v0.20.0'],
  ] as Array<[KServeVersion, KServeSchemaVersion]>)('every router type and option validates on %s', (version, schema) => {
    const { objects } = synth(full(version));
    expect(objects.filter(o => o.kind === 'InferenceGraph')).toHaveLength(1);
    expectValidObjects(objects, { kserveVersion: schema });
  });

  test('the v0.13 schema has no nodeSelector or serviceAccountName (why the version rule exists)', () => {
    const { chart } = newChart();
    const graph = new InferenceGraph(chart, 'iris-graph', {
      version: KServeVersion.V0_13,
      root: root([{ target: url('a') }]),
      nodeSelector: { pool: 'cpu' },
      serviceAccountName: 'router',
    });
    const messages = validateObjects([graph.apiObject.toJson()], { kserveVersion: 'v0.13.1' }).map(i => i.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('"nodeSelector"'), expect.stringContaining('"serviceAccountName"')]));
    expectValidObjects([graph.apiObject.toJson()], { kserveVersion: 'v0.20.0' });
  });

  test('the example graph validates on v0.20 and v0.13', () => {
    for (const [version, schema] of [[KServeVersion.V0_20, 'v0.20.0'], [KServeVersion.V0_13, 'v0.13.1']] as Array<[KServeVersion, KServeSchemaVersion]>) {
      const { objects, spec } = synth(chart => {
        const model = (path: string) => Model.sklearn(StorageUri.gcs('kfserving-examples', path));
        const v1 = new InferenceService(chart, 'iris-v1', { version, predictor: { model: model('models/sklearn/1.0/model') } });
        const v2 = new InferenceService(chart, 'iris-v2', { version, predictor: { model: model('models/sklearn/1.0/model-2') } });
        const features = new InferenceService(chart, 'iris-features', {
          version,
          predictor: { container: { image: 'ghcr.io/acme/iris-features:1.4.0' } },
        });
        const split = GraphNode.splitter('split', [
          { name: 'stable', target: GraphTarget.service(v1), weight: 80 },
          { name: 'candidate', target: GraphTarget.service(v2), weight: 20 },
        ]);
        return {
          version,
          root: GraphNode.sequence('root', [
            { name: 'features', target: GraphTarget.service(features) },
            { name: 'predict', target: GraphTarget.node(split) },
          ]),
          timeout: Duration.seconds(30),
          minReplicas: 1,
          maxReplicas: 3,
        };
      }, 'iris-pipeline');
      expect(Object.keys(spec.nodes).sort()).toEqual(['root', 'split']);
      expectValidObjects(objects, { kserveVersion: schema });
    }
  });
});

describe('rules', () => {
  const PATH = '[test/iris-graph]';
  const expectError = (factory: GraphFactory, pattern: RegExp, id = 'iris-graph') => {
    const errors = graphErrors(factory, id);
    const path = `[test/${id}]`;
    expect(errors.filter(e => e.startsWith(path) && pattern.test(e))).toHaveLength(1);
    return errors;
  };

  test('a valid graph has no errors', () => {
    expect(graphErrors(() => ({ root: root([{ target: url('a') }]) }))).toEqual([]);
  });

  test.each(['Iris', '1iris', 'iris_graph', 'iris-'])('graph name %s is rejected', (name) => {
    expectError(() => ({ name, root: root([{ target: url('a') }]) }), new RegExp(`metadata.name '${name}' must match`));
  });

  test('a service outside the app by name: written as serviceName, its name checked', () => {
    const { spec } = synth(() => ({ root: root([{ name: 'score', target: GraphTarget.serviceName('fraud-xgb') }]) }));
    expect(spec.nodes.root.steps).toEqual([{ name: 'score', serviceName: 'fraud-xgb' }]);
    expectError(() => ({ root: root([{ target: GraphTarget.serviceName('Fraud_XGB') }]) }), /serviceName 'Fraud_XGB' must be an InferenceService name/);
  });

  test('the mode annotation is the deploymentMode prop\'s; labels and annotations are checked', () => {
    expectError(() => ({ annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' }, root: root([{ target: url('a') }]) }),
      /metadata.annotations\['serving.kserve.io\/deploymentMode'\]: use the 'deploymentMode' prop/);
    expectError(() => ({ labels: { 'bad key!': 'x' }, root: root([{ target: url('a') }]) }), /metadata.labels/);
    expectError(() => ({ annotations: { '-bad': 'x' }, root: root([{ target: url('a') }]) }), /metadata.annotations/);
  });

  test('in Standard mode only the host must fit a DNS label; Knative also needs the revision name', () => {
    const name = 'g'.repeat(58); // <name>-00001 is 64 characters; <name>-ml is 61
    expect(graphErrors(() => ({ name, deploymentMode: DeploymentMode.STANDARD, root: root([{ target: url('a') }]) }))).toEqual([]);
    expect(graphErrors(() => ({ name, deploymentMode: DeploymentMode.KNATIVE, root: root([{ target: url('a') }]) })).join('\n')).toMatch(/00001/);
    expect(graphErrors(() => ({ name, root: root([{ target: url('a') }]) })).join('\n')).toMatch(/00001/);
  });

  test('the root node must be named root', () => {
    expectError(() => ({ root: GraphNode.sequence('start', [{ target: url('a') }]) }), /root node is named 'start'.*named 'root'/);
  });

  test('duplicate step names in a node', () => {
    expectError(() => ({ root: root([{ name: 'a', target: url('a') }, { name: 'a', target: url('b') }]) }),
      /spec\.nodes\.root\.steps\[1\] \('a'\): node 'root' has more than one step named 'a'/);
  });

  test('a Splitter step needs a weight', () => {
    expectError(() => ({ root: GraphNode.splitter('root', [{ name: 'a', target: url('a'), weight: 100 }, { name: 'b', target: url('b') }]) }),
      /spec\.nodes\.root\.steps\[1\] \('b'\): Splitter steps need a 'weight'/);
  });

  test('Splitter weights must sum to 100', () => {
    expectError(() => ({
      root: GraphNode.splitter('root', [{ target: url('a'), weight: 50 }, { target: url('b'), weight: 40 }]),
    }), /spec\.nodes\.root: the weights of a Splitter's steps must sum to 100 \(got 90\)/);
  });

  test.each([-1, 101, 12.5])('weight %s is out of range', (weight) => {
    expectError(() => ({
      root: GraphNode.splitter('root', [{ target: url('a'), weight }, { target: url('b'), weight: 100 - weight }]),
    }), new RegExp(`steps\\[0\\]: weight \\(${weight}\\) must be a whole percentage between 0 and 100`));
  });

  test('weight on a non-Splitter', () => {
    expectError(() => ({ root: root([{ target: url('a'), weight: 100 }]) }), /'weight' only applies to Splitter nodes \(this node is a Sequence\)/);
  });

  test.each([
    ['Ensemble', (steps: GraphStep[]) => GraphNode.ensemble('root', steps)],
    ['Splitter', (steps: GraphStep[]) => GraphNode.splitter('root', steps.map(s => ({ ...s, weight: 100 })))],
  ])('condition on a %s', (type, make) => {
    expectError(() => ({ root: make([{ target: url('a'), condition: 'a' }]) }),
      new RegExp(`steps\\[0\\]: 'condition' applies to Switch and Sequence nodes \\(this node is a ${type}\\)`));
  });

  test.each([
    ['Ensemble', (steps: GraphStep[]) => GraphNode.ensemble('root', steps)],
    ['Switch', (steps: GraphStep[]) => GraphNode.choice('root', steps.map(s => ({ ...s, condition: 'a' })))],
    ['Splitter', (steps: GraphStep[]) => GraphNode.splitter('root', steps.map(s => ({ ...s, weight: 100 })))],
  ])('data on a %s', (type, make) => {
    expectError(() => ({ root: make([{ target: url('a'), data: StepData.REQUEST }]) }),
      new RegExp(`'data' applies to Sequence nodes \\(this node is a ${type}\\)`));
  });

  test('every Switch step needs a condition', () => {
    expectError(() => ({ root: GraphNode.choice('root', [{ target: url('a'), condition: 'a' }, { target: url('b') }]) }),
      /spec\.nodes\.root\.steps\[1\]: every step of a Switch needs a 'condition'/);
  });

  test('URLs with spaces are rejected, upper-case schemes accepted', () => {
    expectError(() => ({ root: GraphNode.sequence('root', [{ target: GraphTarget.url('http://host/path with spaces') }]) }), /serviceUrl 'http:\/\/host\/path with spaces'/);
    expect(graphErrors(() => ({ root: GraphNode.sequence('root', [{ target: GraphTarget.url('HTTP://host/predict') }]) }))).toEqual([]);
  });

  test('an out-of-range weight does not also report a misleading sum', () => {
    const errors = expectError(() => ({ root: GraphNode.splitter('root', [{ target: url('a'), weight: 12.5 }, { target: url('b'), weight: 87.5 }]) }),
      /steps\[0\]: weight \(12\.5\)/);
    expect(errors.join('\n')).not.toContain('must sum to 100');
  });

  test('an InferenceService in another namespace suggests GraphTarget.url', () => {
    const errors = expectError(chart => {
      const other = isvc(chart, 'iris-other', 'other');
      return { root: root([{ name: 'x', target: GraphTarget.service(other) }]) };
    }, /InferenceService 'iris-other' is in namespace 'other'.*GraphTarget\.url\('http:\/\/iris-other-predictor\.other\.svc\.cluster\.local'\)/);
    expect(errors.join('\n')).toContain("'ml'");
  });

  test.each(['iris.ml.svc', 'ftp://host/x', 'http://', 'http:// host'])('url %s is rejected', (bad) => {
    expectError(() => ({ root: root([{ target: GraphTarget.url(bad) }]) }), /serviceUrl '.*' must be an http\(s\) URL/);
  });

  test('a cycle through node targets', () => {
    const steps: GraphStep[] = [];
    const a = GraphNode.sequence('a', steps);
    const r = root([{ target: GraphTarget.node(a) }]);
    steps.push({ target: GraphTarget.node(r) });
    expectError(() => ({ root: r }), /the graph has a cycle/);
  });

  test('two different nodes with the same name', () => {
    const one = GraphNode.ensemble('leaf', [{ target: url('a') }]);
    const two = GraphNode.ensemble('leaf', [{ target: url('b') }]);
    expectError(() => ({ root: root([{ target: GraphTarget.node(one) }, { target: GraphTarget.node(two) }]) }), /two different nodes are named 'leaf'/);
  });

  test('a node without steps', () => {
    expectError(() => ({ root: root([]) }), /spec\.nodes\.root: a node needs at least one step/);
  });

  test.each(['nodeSelector', 'serviceAccountName'] as const)('%s needs v0.15', (field) => {
    const extra = field === 'nodeSelector' ? { nodeSelector: { pool: 'cpu' } } : { serviceAccountName: 'router' };
    expectError(() => ({ version: KServeVersion.V0_13, root: root([{ target: url('a') }]), ...extra }),
      new RegExp(`spec\\.${field} needs KServe v0\\.15 or later \\(target is v0\\.13\\.1\\)`));
  });

  test('timeout must be whole seconds', () => {
    expectError(() => ({ root: root([{ target: url('a') }]), timeout: Duration.millis(1500) }), /spec\.timeout \(1\.5s\) must be a whole number of seconds/);
  });

  test('minReplicas must not exceed maxReplicas', () => {
    expectError(() => ({ root: root([{ target: url('a') }]), minReplicas: 4, maxReplicas: 2 }),
      /spec\.minReplicas \(4\) must be less than or equal to spec\.maxReplicas \(2\)/);
  });

  test('errors carry the construct path', () => {
    const errors = graphErrors(() => ({ root: GraphNode.sequence('start', []) }));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const e of errors) expect(e.startsWith(PATH)).toBe(true);
  });
});

describe('router placement and timeouts', () => {
  const placement = () => ({
    root: GraphNode.sequence('root', [{ target: GraphTarget.url('http://iris.ml.svc.cluster.local/v1/models/iris:predict') }]),
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['cpu'] }] }] },
      },
    },
    tolerations: [Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_SCHEDULE })],
    routerTimeouts: {
      serverRead: Duration.seconds(10), serverWrite: Duration.seconds(20), serverIdle: Duration.seconds(60), serviceClient: Duration.seconds(15),
    },
  });

  test('affinity, tolerations and routerTimeouts land where KServe reads them and validate on v0.20', () => {
    const { spec, objects } = synth(placement);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['cpu']);
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }]);
    expect(spec.routerTimeouts).toEqual({ serverRead: 10, serverWrite: 20, serverIdle: 60, serviceClient: 15 });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('tolerations and routerTimeouts need v0.20; affinity works on v0.13', () => {
    const errors = graphErrors(() => ({ ...placement(), version: KServeVersion.V0_13 }));
    expect(errors).toEqual([
      '[test/iris-graph] spec.tolerations needs KServe v0.15 or later (target is v0.13.1)',
      '[test/iris-graph] spec.routerTimeouts needs KServe v0.16 or later (target is v0.13.1)',
    ]);
    const { objects } = synth(() => ({ root: placement().root, affinity: placement().affinity, version: KServeVersion.V0_13 }));
    expectValidObjects(objects, { kserveVersion: 'v0.13.1' });
  });

  test('router timeouts are whole seconds', () => {
    expect(graphErrors(() => ({ root: placement().root, routerTimeouts: { serverRead: Duration.millis(1500) } }))).toEqual([
      '[test/iris-graph] spec.routerTimeouts.serverRead (1.5s) must be a whole number of seconds greater than zero',
    ]);
  });
});

describe('router pod fields', () => {
  const base = () => ({ root: root([{ target: url('a') }]) });

  test('a fractional tolerationSeconds does not throw at construction; synth names the path and field', () => {
    const { chart } = newChart();
    const tolerations = [Toleration.exists('node.kubernetes.io/unreachable', { effect: TaintEffect.NO_EXECUTE, evictAfter: Duration.millis(1500) })];
    expect(() => new InferenceGraph(chart, 'iris-graph', { ...base(), tolerations })).not.toThrow();
    expect(graphErrors(() => ({ ...base(), tolerations }))).toEqual([
      '[test/iris-graph] spec.tolerations[0].evictAfter (1.5s) must be a whole number of seconds, zero or more',
    ]);
  });

  test('tolerations follow the same rules as on an InferenceService', () => {
    expect(graphErrors(() => ({
      ...base(),
      tolerations: [
        Toleration.equal('dedicated', 'ml/x'),
        Toleration.equal('', 'ml'),
        Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_SCHEDULE, evictAfter: Duration.seconds(30) }),
      ],
    }))).toEqual([
      "[test/iris-graph] spec.tolerations[0].value 'ml/x' is invalid: taint values are at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric",
      '[test/iris-graph] spec.tolerations[1]: Toleration.equal needs a key (use Toleration.exists() to tolerate every taint)',
      "[test/iris-graph] spec.tolerations[2]: 'evictAfter' (tolerationSeconds) only applies to the NoExecute effect",
    ]);
  });

  test('a whole tolerationSeconds renders in seconds', () => {
    const { spec } = synth(() => ({
      ...base(), tolerations: [Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_EXECUTE, evictAfter: Duration.minutes(2) })],
    }));
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoExecute', tolerationSeconds: 120 }]);
  });

  test('nodeSelector must be a valid label map', () => {
    expect(graphErrors(() => ({ ...base(), nodeSelector: { 'kubernetes.io/arch': 'amd64', 'pool': 'gpu nodes' } }))).toEqual([
      "[test/iris-graph] spec.nodeSelector['pool'] value 'gpu nodes' is invalid: label values are at most 63 alphanumerics, '-', '_' or '.', "
        + 'starting and ending alphanumeric',
    ]);
  });

  test.each(['Router', 'graph_router', 'router.', ''])('serviceAccountName %j is rejected', (serviceAccountName) => {
    expect(graphErrors(() => ({ ...base(), serviceAccountName }))).toEqual([
      `[test/iris-graph] spec.serviceAccountName '${serviceAccountName}' must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`,
    ]);
  });

  test('a dotted serviceAccountName is accepted', () => {
    expect(graphErrors(() => ({ ...base(), serviceAccountName: 'graph.router' }))).toEqual([]);
  });
});

describe('node and step names', () => {
  test('a node with an empty name is rejected at the step that targets it', () => {
    const unnamed = GraphNode.ensemble('', [{ target: url('a') }]);
    expect(graphErrors(() => ({ root: root([{ name: 'pre', target: url('pre') }, { target: GraphTarget.node(unnamed) }]) }))).toEqual([
      "[test/iris-graph] spec.nodes.root.steps[1]: the target node has an empty name, which KServe's webhook reads as a step without a target; "
        + 'give the node a name',
    ]);
  });

  test("an empty node's own errors name it spec.nodes['']", () => {
    const unnamed = GraphNode.ensemble('', []);
    expect(graphErrors(() => ({ root: root([{ target: GraphTarget.node(unnamed) }]) }))).toContain(
      "[test/iris-graph] spec.nodes['']: a node needs at least one step");
  });

  test('steps named with the empty string are unnamed: several in a node are accepted (as KServe does)', () => {
    const { spec } = synth(() => ({ root: root([{ name: '', target: url('a') }, { name: '', target: url('b') }, { name: 'c', target: url('c') }]) }));
    expect(spec.nodes.root.steps.map((s: any) => s.name)).toEqual(['', '', 'c']);
  });

  test('a condition on the first step of a Sequence is rejected; on a later step it is accepted', () => {
    expect(graphErrors(() => ({ root: root([{ name: 'a', target: url('a'), condition: 'instances' }]) }))).toEqual([
      "[test/iris-graph] spec.nodes.root.steps[0] ('a'): a 'condition' on the first step of a Sequence fails every request: "
        + "the router tests it on the previous step's response, and there is none yet",
    ]);
    expect(graphErrors(() => ({ root: root([{ target: url('a') }, { target: url('b'), condition: 'predictions' }]) }))).toEqual([]);
  });
});

describe('graph name length', () => {
  test('a name whose Knative revision would exceed 63 characters is rejected', () => {
    const name = `g${'a'.repeat(57)}`; // 58 characters: '<name>-00001' has 64
    expect(graphErrors(() => ({ name, root: root([{ target: url('a') }]) }))).toEqual([
      `[test/iris-graph] metadata.name '${name}' is too long: KServe derives '${name}-00001' (64 characters) and DNS labels allow at most 63; `
        + 'shorten the name or the namespace',
    ]);
  });

  test('a name whose host label <name>-<namespace> would exceed 63 characters is rejected', () => {
    const namespace = `ns${'x'.repeat(48)}`; // 50 characters
    const name = `g${'a'.repeat(12)}`; // 13: '<name>-<namespace>' has 64
    expect(graphErrors(() => ({ name, namespace, root: root([{ target: url('a') }]) }))).toEqual([
      `[test/iris-graph] metadata.name '${name}' is too long: KServe derives '${name}-${namespace}' (64 characters) and DNS labels allow `
        + 'at most 63; shorten the name or the namespace',
    ]);
  });

  test('the longest name that fits is accepted', () => {
    expect(graphErrors(() => ({ name: `g${'a'.repeat(56)}`, root: root([{ target: url('a') }]) }))).toEqual([]);
  });
});
