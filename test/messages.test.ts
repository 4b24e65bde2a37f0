/**
 * Issue #16, poor messages: an error shows the value as the user gave it — never `undefined` as if it were a name,
 * `[object Object]` — and a graph cycle names its nodes in order. (Numbers of the wrong type, `'2'` for a count, and
 * amounts shown as given, `2Gi` rather than `2097152Ki`, are tested in test/numeric-edges.test.ts.)
 */
import { Chart, Testing } from 'cdk8s';
import {
  GraphNode, GraphStep, GraphTarget, InferenceGraph, InferenceService, InferenceServiceProps, Model, ModelStorageSecret,
  SecretSource, StorageUri, Toleration,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';
import { shown } from '../src/private/shown';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const MODEL = Model.sklearn(IRIS);

/** The error lines of one InferenceService `iris` built from `props` in a fresh chart. */
function serviceErrors(props: InferenceServiceProps | ((chart: Chart) => InferenceServiceProps)): string[] {
  const { app, chart } = newChart();
  new InferenceService(chart, 'iris', typeof props === 'function' ? props(chart) : props);
  return synthErrors(app);
}

/** Whether a line shows a value the way the issue lists as misleading. */
const MISLEADING = /\[object Object\]|'undefined'|\bNaN\b|'null'/;

describe('a graph cycle names its nodes in the order a request goes round it', () => {
  const url = GraphTarget.url('http://iris.ml.svc.cluster.local');

  function graphErrors(root: GraphNode): string[] {
    const { app, chart } = newChart();
    new InferenceGraph(chart, 'graph', { root });
    return synthErrors(app);
  }

  test('a cycle that does not pass through the root', () => {
    const aSteps: GraphStep[] = [];
    const a = GraphNode.sequence('a', aSteps);
    const b = GraphNode.sequence('b', [{ target: url }, { target: GraphTarget.node(a) }]);
    aSteps.push({ target: url }, { target: GraphTarget.node(b) });
    expect(graphErrors(GraphNode.sequence('root', [{ target: GraphTarget.node(a) }]))).toEqual([
      "[test/graph] the graph has a cycle through node targets: 'a' -> 'b' -> 'a'; a request would go round it until it times out",
    ]);
  });

  test('two cycles are two errors; a node that targets itself is a cycle of one', () => {
    const rootSteps: GraphStep[] = [{ target: url }];
    const loopSteps: GraphStep[] = [{ target: url }];
    const loop = GraphNode.ensemble('loop', loopSteps);
    loopSteps.push({ target: GraphTarget.node(loop) });
    const back = GraphNode.ensemble('back', [{ target: url }]);
    const r = GraphNode.ensemble('root', rootSteps);
    (back.steps as GraphStep[]).push({ target: GraphTarget.node(r) });
    rootSteps.push({ target: GraphTarget.node(loop) }, { target: GraphTarget.node(back) });
    expect(graphErrors(r)).toEqual([
      "[test/graph] the graph has a cycle through node targets: 'loop' -> 'loop'; a request would go round it until it times out",
      "[test/graph] the graph has a cycle through node targets: 'root' -> 'back' -> 'root'; a request would go round it until it times out",
    ]);
  });

  test('two steps reaching the same node (a diamond) is no cycle, and the graph is schema-valid', () => {
    const leaf = GraphNode.sequence('leaf', [{ target: url }]);
    const left = GraphNode.sequence('left', [{ target: GraphTarget.node(leaf) }]);
    const right = GraphNode.sequence('right', [{ target: GraphTarget.node(leaf) }]);
    const { app, chart } = newChart();
    new InferenceGraph(chart, 'graph', { root: GraphNode.ensemble('root', [{ target: GraphTarget.node(left) }, { target: GraphTarget.node(right) }]) });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });
});

describe('an image is never suggested from a missing value', () => {
  const EXAMPLE = "give a pinned reference such as 'registry.example.com/team/server:1.0.0'";

  test.each<[string, unknown, string]>([
    ['left out (JavaScript)', undefined, 'predictor.container.image is required (a string)'],
    ['null (JavaScript)', null, 'predictor.container.image: must be a string (got null)'],
    ['empty', '', `spec.predictor.container.image is empty; ${EXAMPLE}`],
    ['an object (JavaScript)', { repository: 'server' }, 'predictor.container.image: must be a string (got a plain object { repository })'],
    ['a number (JavaScript)', 3, 'predictor.container.image: must be a string (got number 3)'],
    ['built from a missing value', 'registry.example.com/undefined:1.0.0',
      `spec.predictor.container.image 'registry.example.com/undefined:1.0.0' names the repository 'undefined', which looks built from a missing value; ${EXAMPLE}`],
    ['built from a null value', 'null', `spec.predictor.container.image 'null' names the repository 'null', which looks built from a missing value; ${EXAMPLE}`],
  ])('%s', (_case, image, message) => {
    expect(serviceErrors({ predictor: { container: { image: image as string } } })).toEqual([`[test/iris] ${message}`]);
  });

  // cdk8s-plus ContainerProps are checked field by field by the run-time type check, like the library's own props.
  test.each<[string, unknown, string]>([
    ['left out', undefined, 'is required (a string)'],
    ['null', null, ': must be a string (got null)'],
    ['an object', { repository: 'server' }, ': must be a string (got a plain object { repository })'],
    ['a number', 3, ': must be a string (got number 3)'],
  ])('an extra container\'s image %s (JavaScript)', (_case, image, message) => {
    const errors = serviceErrors({ predictor: { model: MODEL, extraContainers: [{ name: 'side', image: image as string }] } });
    expect(errors).toEqual([`[test/iris] predictor.extraContainers[0].image${message.startsWith(':') ? '' : ' '}${message}`]);
  });

  test('an untagged image of a real repository is suggested a tag of that repository', () => {
    expectError(serviceErrors({ predictor: { container: { image: 'registry.example.com/team/server' } } }), 'test/iris',
      "spec.predictor.container.image 'registry.example.com/team/server' has no tag or digest (that means 'latest'); "
        + "pin a version such as 'registry.example.com/team/server:1.0.0'");
  });

  test('a repository named like a word that merely contains undefined is fine, and schema-valid', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', { predictor: { container: { image: 'registry.example.com/undefined-behaviour/server:1.0.0' } } });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });
});

describe('a string field given another type shows the value, never [object Object]', () => {
  test('InferenceService, component, toleration and graph fields (JavaScript)', () => {
    const { app, chart } = newChart();
    const odd = { team: 'vision' } as unknown as string;
    new InferenceService(chart, 'service', {
      name: odd,
      labels: { team: odd },
      predictor: {
        model: MODEL,
        priorityClassName: odd,
        logger: { url: odd },
        tolerations: [Toleration.equal('dedicated', odd)],
      },
    });
    new InferenceGraph(chart, 'graph', { root: GraphNode.sequence('root', [{ target: GraphTarget.url(odd) }]) });
    ModelStorageSecret.s3(chart, 'creds', { source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'k' }), region: odd });
    const errors = synthErrors(app);
    // The run-time type check reports each, showing the value's shape; nothing else sees the value.
    const got = '(got a plain object { team })';
    expectError(errors, 'test/service', 'name: must be a string', got);
    expectError(errors, 'test/service', "labels['team']: must be a string", got);
    expectError(errors, 'test/service', 'predictor.priorityClassName: must be a string', got);
    expectError(errors, 'test/service', 'predictor.logger.url: must be a string', got);
    expectError(errors, 'test/service', 'predictor.tolerations[0]: Toleration.equal(value): must be a string', got);
    expectError(errors, 'test/graph', 'GraphTarget.url(url): must be a string', got);
    expectError(errors, 'test/creds', 'ModelStorageSecret.s3(props).region: must be a string', got);
    expect(errors.filter(e => MISLEADING.test(e))).toEqual([]);
  });

  test('a value left out where a string is needed reads undefined, not as a quoted name', () => {
    const errors = serviceErrors({ predictor: { model: MODEL }, labels: { team: undefined as unknown as string } });
    expect(errors).toEqual(["[test/iris] labels['team']: must be a string (got undefined)"]);
  });
});

describe('shown: a value as the user gave it', () => {
  test.each<[string, unknown, string]>([
    ['a string, quoted', 'iris', "'iris'"],
    ['the empty string', '', "''"],
    ['a number', 2.5, '2.5'],
    ['NaN, when that is what was given', Number.NaN, 'NaN'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a plain object as JSON', { a: [1, 'b'] }, '{"a":[1,"b"]}'],
    ['a long object cut', { key: 'x'.repeat(200) }, `{"key":"${'x'.repeat(69)}...`],
    ['a value object by its own toString', IRIS, `'${IRIS.uri}'`],
    ['another class instance by its class', new Map(), 'a Map'],
    ['a function', function build() { return 1; }, 'a function (build)'],
  ])('%s', (_case, value, expected) => {
    expect(shown(value)).toBe(expected);
  });

  test('a construct by its class and path', () => {
    const { chart } = newChart();
    expect(shown(new InferenceService(chart, 'iris', { predictor: { model: MODEL } }))).toBe("the InferenceService 'test/iris'");
  });

  test('an object with a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(shown(cyclic)).toBe('an object');
  });
});
