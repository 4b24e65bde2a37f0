/**
 * One rule broken at a time for InferenceGraph (issue #8): random valid props synthesize and validate against
 * their KServe version; each breaker breaks exactly one rule of a random valid base, and synth must fail naming
 * the construct path and the field, writing nothing.
 */
import { Chart, Duration, Size } from 'cdk8s';
import { Cpu, TaintEffect } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  GraphNode, GraphStep, GraphTarget, InferenceGraph, InferenceGraphProps, InferenceService, KServeVersion, Model, RouterType, StepData,
  StepDependency, StorageUri, Toleration,
} from '../src';
import { Build, expectBrokenRule, expectValidApp } from './util/broken-rule';
import { Breaker, label, oneOf, pick, RUNS, schemaOf, secs, version } from './util/rule-pickers';


const URI = StorageUri.gcs('models-bucket', 'iris/v1');


// ---------------------------------------------------------------------------------------------------------
// InferenceGraph
// ---------------------------------------------------------------------------------------------------------

interface GraphCase {
  readonly version: KServeVersion;
  readonly name?: string;
  readonly namespace?: string;
  readonly rootType: RouterType;
  readonly childType: RouterType;
  readonly services: number;
  readonly shares: number[];
  readonly url: boolean;
  readonly timeout?: number;
  readonly minReplicas?: number;
  readonly extraReplicas?: number;
  readonly cpuMillis?: number;
  readonly v20Fields: boolean;
  readonly pick: number;
  /** Rewrites the props of the base graph (the breakers' hook); `parts` holds what the base built. */
  readonly edit?: (props: InferenceGraphProps, parts: GraphParts) => InferenceGraphProps;
}

interface GraphParts {
  readonly chart: Chart;
  readonly c: GraphCase;
  /** The targets of the base root: the child node, every service, maybe a URL. */
  readonly targets: GraphTarget[];
}

const ROUTERS = [RouterType.SEQUENCE, RouterType.SPLITTER, RouterType.ENSEMBLE, RouterType.SWITCH];

const graphCase: fc.Arbitrary<GraphCase> = fc.record({
  version,
  name: fc.option(label, { nil: undefined }),
  namespace: fc.option(label, { nil: undefined }),
  rootType: fc.constantFrom(...ROUTERS),
  childType: fc.constantFrom(...ROUTERS),
  services: fc.integer({ min: 1, max: 3 }),
  shares: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 6, maxLength: 6 }),
  url: fc.boolean(),
  timeout: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
  minReplicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  extraReplicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  cpuMillis: fc.option(fc.integer({ min: 100, max: 2000 }), { nil: undefined }),
  v20Fields: fc.boolean(),
  pick,
});

/** Whole percentages in proportion to `shares`, summing to exactly 100. */
function toHundred(shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const weights = shares.map(s => Math.floor((s * 100) / total));
  weights[weights.length - 1] += 100 - weights.reduce((a, b) => a + b, 0);
  return weights;
}

/** Valid steps of a node of `type` over `targets`: named, weighted for a Splitter, conditioned for a Switch. */
function stepsFor(type: RouterType, targets: GraphTarget[], shares: number[]): GraphStep[] {
  const weights = toHundred(targets.map((_, i) => shares[i % shares.length]));
  return targets.map((target, i) => ({
    name: `step-${i}`,
    target,
    ...(type === RouterType.SPLITTER ? { weight: weights[i] } : {}),
    ...(type === RouterType.SWITCH ? { condition: `instances.${i}` } : {}),
    ...(type === RouterType.SEQUENCE && i > 0 ? { data: i % 2 ? StepData.RESPONSE : StepData.REQUEST } : {}),
    ...(type === RouterType.ENSEMBLE ? { dependency: i === 0 ? StepDependency.HARD : StepDependency.SOFT } : {}),
  }));
}

function makeNode(type: RouterType, name: string, steps: GraphStep[]): GraphNode {
  switch (type) {
    case RouterType.SEQUENCE: return GraphNode.sequence(name, steps);
    case RouterType.SPLITTER: return GraphNode.splitter(name, steps);
    case RouterType.ENSEMBLE: return GraphNode.ensemble(name, steps);
    case RouterType.SWITCH: return GraphNode.choice(name, steps);
  }
}

function buildGraph(c: GraphCase): Build {
  return chart => {
    const services = Array.from({ length: c.services }, (_, i) => new InferenceService(chart, `m${i}`, {
      version: c.version, namespace: c.namespace, predictor: { model: Model.sklearn(URI) },
    }));
    const serviceTargets = services.map(s => GraphTarget.service(s));
    const child = makeNode(c.childType, 'child', stepsFor(c.childType, serviceTargets, c.shares));
    const url = GraphTarget.url(`http://echo.${c.namespace ?? 'ml'}.svc.cluster.local/v1/models/echo:predict`);
    const targets = [GraphTarget.node(child), ...serviceTargets, ...(c.url ? [url] : [])];
    const v20 = c.v20Fields && c.version === KServeVersion.V0_20;
    const props: InferenceGraphProps = {
      version: c.version,
      name: c.name,
      namespace: c.namespace,
      root: makeNode(c.rootType, 'root', stepsFor(c.rootType, targets, c.shares)),
      timeout: c.timeout === undefined ? undefined : Duration.seconds(c.timeout),
      minReplicas: c.minReplicas,
      maxReplicas: c.extraReplicas === undefined ? undefined : (c.minReplicas ?? 1) + c.extraReplicas,
      resources: c.cpuMillis === undefined ? undefined : { cpu: { request: Cpu.millis(c.cpuMillis), limit: Cpu.millis(c.cpuMillis * 2) } },
      ...(v20 ? {
        nodeSelector: { 'kubernetes.io/arch': 'amd64' },
        serviceAccountName: 'graph-router',
        tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
        routerTimeouts: {
          serverRead: Duration.seconds(30), serverWrite: Duration.seconds(60), serverIdle: Duration.minutes(3), serviceClient: Duration.seconds(45),
        },
      } : {}),
    };
    new InferenceGraph(chart, 'graph', c.edit ? c.edit(props, { chart, c, targets }) : props);
  };
}

/** A case whose graph props are rewritten by `edit`. */
const editGraph = (edit: NonNullable<GraphCase['edit']>) => (c: GraphCase): GraphCase => ({ ...c, edit });

/** The props with the root rebuilt as a `type` node over `targets`, its valid steps passed through `change`. */
function withRoot(props: InferenceGraphProps, p: GraphParts, type: RouterType, change: (steps: GraphStep[]) => GraphStep[] = s => s,
  targets: GraphTarget[] = p.targets): InferenceGraphProps {
  return { ...props, root: makeNode(type, 'root', change(stepsFor(type, targets, p.c.shares))) };
}

/** Changes the step at `index` (modulo the number of steps). */
const changeStep = (index: number, change: (s: GraphStep) => GraphStep) =>
  (steps: GraphStep[]) => steps.map((s, i) => (i === index % steps.length ? change(s) : s));

const graphName = (c: GraphCase) => c.name ?? 'graph';
const badGraphName = (c: GraphCase) => oneOf([`${graphName(c)}_x`, `9${graphName(c)}`, graphName(c).toUpperCase(), `${graphName(c)}-`], c.pick);
const entryName = (c: GraphCase) => oneOf(['entry', 'Root', 'main'], c.pick);
const badUrl = (c: GraphCase) => oneOf(['ftp://models.example.com/echo', 'echo.ml.svc.cluster.local/v1', 'http://', 'http://echo host/v1'], c.pick);
const badWeight = (c: GraphCase) => oneOf([101, -1, 12.5], c.pick);
const badSeconds = (c: GraphCase) => oneOf([1.5, 0, 0.25], c.pick);
const badCount = (c: GraphCase) => oneOf([-1, 1.5], c.pick);
const TIMEOUT_KEYS = ['serverRead', 'serverWrite', 'serverIdle', 'serviceClient'] as const;
const V20_FIELDS: Array<[keyof InferenceGraphProps, unknown]> = [
  ['nodeSelector', { 'kubernetes.io/os': 'linux' }],
  ['serviceAccountName', 'graph-router'],
  ['tolerations', [Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_EXECUTE })]],
  ['routerTimeouts', { serverRead: Duration.seconds(10) }],
];
/** A name at least 58 characters long: its Knative revision `<name>-00001` exceeds a DNS label. */
const longGraphName = (c: GraphCase) => `${graphName(c)}${'a'.repeat(Math.max(0, 58 + (c.pick % 6) - graphName(c).length))}`;
const BAD_TOLERATIONS: Array<[Toleration, string]> = [
  [Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_EXECUTE, evictAfter: Duration.millis(1500) }),
    'spec.tolerations[0].evictAfter (1.5s) must be a whole number of seconds'],
  [Toleration.equal('dedicated', 'ml team'), "spec.tolerations[0].value 'ml team' is invalid"],
  [Toleration.equal('', 'ml', { effect: TaintEffect.NO_SCHEDULE }), 'spec.tolerations[0]: Toleration.equal needs a key'],
  [Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_SCHEDULE, evictAfter: Duration.seconds(30) }),
    "spec.tolerations[0]: 'evictAfter' (tolerationSeconds) only applies to the NoExecute effect"],
];
const BAD_SELECTORS: Array<[Record<string, string>, RegExp]> = [
  [{ 'kubernetes.io/arch': 'amd 64' }, /spec\.nodeSelector\['kubernetes\.io\/arch'\] value 'amd 64' is invalid/],
  [{ 'a/b/pool': 'cpu' }, /spec\.nodeSelector key 'a\/b\/pool' has an invalid prefix/],
  [{ '-pool': 'cpu' }, /spec\.nodeSelector key '-pool' is invalid/],
];
const badAccount = (c: GraphCase) => oneOf(['Graph-Router', 'graph_router', 'graph-router.', ''], c.pick);
const v13 = (c: GraphCase): GraphCase => ({ ...c, version: KServeVersion.V0_13 });
const v20 = (c: GraphCase): GraphCase => ({ ...c, version: KServeVersion.V0_20 });

const graphBreakers: Array<Breaker<GraphCase>> = [
  {
    rule: 'graph name format (webhook GraphNameFmt)',
    breakIt: c => editGraph(props => ({ ...props, name: badGraphName(c) }))(c),
    field: c => `metadata.name '${badGraphName(c)}' must match`,
  },
  {
    rule: 'namespace is a DNS-1123 label',
    // URL steps only, so no InferenceService sits outside the broken namespace.
    breakIt: editGraph(props => ({
      ...props, namespace: 'Ml_Team', root: GraphNode.sequence('root', [{ target: GraphTarget.url('http://echo.example.com/v1') }]),
    })),
    field: () => "metadata.namespace 'Ml_Team' must be a DNS-1123 label",
  },
  {
    rule: "the entry node is named 'root'",
    breakIt: c => editGraph((props, p) => ({ ...props, root: makeNode(c.rootType, entryName(c), stepsFor(c.rootType, p.targets, c.shares)) }))(c),
    field: c => `the root node is named '${entryName(c)}'`,
  },
  {
    rule: 'node names are unique',
    breakIt: editGraph((props, p) => withRoot(props, p, p.c.rootType, undefined,
      [...p.targets, GraphTarget.node(GraphNode.sequence('child', [{ target: GraphTarget.url('http://echo.example.com/v1') }]))])),
    field: () => "two different nodes are named 'child'",
  },
  {
    rule: 'a node has at least one step',
    breakIt: editGraph((props, p) => ({ ...props, root: makeNode(p.c.rootType, 'root', []) })),
    field: () => 'spec.nodes.root: a node needs at least one step',
  },
  {
    rule: 'step names are unique within a node',
    breakIt: editGraph((props, p) => withRoot(props, p, p.c.rootType, steps => steps.map((s, i) => (i === 1 ? { ...s, name: 'step-0' } : s)))),
    field: () => "spec.nodes.root.steps[1] ('step-0'): node 'root' has more than one step named 'step-0'",
  },
  {
    rule: "referenced InferenceServices are in the graph's namespace",
    breakIt: editGraph((props, p) => {
      const elsewhere = new InferenceService(p.chart, 'elsewhere', {
        version: p.c.version, namespace: `${p.c.namespace ?? 'ml'}-other`, predictor: { model: Model.sklearn(URI) },
      });
      return withRoot(props, p, p.c.rootType, undefined, [...p.targets, GraphTarget.service(elsewhere)]);
    }),
    field: c => `InferenceService 'elsewhere' is in namespace '${c.namespace ?? 'ml'}-other'`,
  },
  {
    rule: 'serviceUrl is an http(s) URL',
    breakIt: c => editGraph((props, p) => withRoot(props, p, c.rootType, undefined, [...p.targets, GraphTarget.url(badUrl(c))]))(c),
    field: c => `serviceUrl '${badUrl(c)}' must be an http(s) URL`,
  },
  {
    rule: 'Splitter steps have a weight',
    breakIt: c => editGraph((props, p) => withRoot(props, p, RouterType.SPLITTER, changeStep(c.pick, s => ({ ...s, weight: undefined }))))(c),
    field: () => "Splitter steps need a 'weight'",
  },
  {
    rule: 'Splitter weights are whole percentages',
    breakIt: c => editGraph((props, p) => withRoot(props, p, RouterType.SPLITTER, changeStep(c.pick, s => ({ ...s, weight: badWeight(c) }))))(c),
    field: c => `weight (${badWeight(c)}) must be a whole percentage between 0 and 100`,
  },
  {
    rule: 'Splitter weights sum to 100',
    breakIt: editGraph((props, p) => withRoot(props, p, RouterType.SPLITTER,
      changeStep(0, s => ({ ...s, weight: s.weight! > 0 ? s.weight! - 1 : s.weight! + 1 })))),
    field: () => /spec\.nodes\.root: the weights of a Splitter's steps must sum to 100 \(got (99|101)\)/,
  },
  {
    rule: 'weight only on Splitter steps',
    breakIt: c => editGraph((props, p) => withRoot(props, p, oneOf([RouterType.SEQUENCE, RouterType.ENSEMBLE, RouterType.SWITCH], c.pick),
      changeStep(0, s => ({ ...s, weight: 100 }))))(c),
    field: () => "'weight' only applies to Splitter nodes",
  },
  {
    rule: 'condition only on Switch and Sequence steps',
    breakIt: c => editGraph((props, p) => withRoot(props, p, oneOf([RouterType.SPLITTER, RouterType.ENSEMBLE], c.pick),
      changeStep(c.pick, s => ({ ...s, condition: 'instances' }))))(c),
    field: () => "'condition' applies to Switch and Sequence nodes",
  },
  {
    rule: 'every Switch step has a condition',
    breakIt: c => editGraph((props, p) => withRoot(props, p, RouterType.SWITCH, changeStep(c.pick, s => ({ ...s, condition: undefined }))))(c),
    field: () => "every step of a Switch needs a 'condition'",
  },
  {
    rule: 'data only on Sequence steps',
    breakIt: c => editGraph((props, p) => withRoot(props, p, oneOf([RouterType.SPLITTER, RouterType.ENSEMBLE, RouterType.SWITCH], c.pick),
      changeStep(c.pick, s => ({ ...s, data: StepData.REQUEST }))))(c),
    field: () => "'data' applies to Sequence nodes",
  },
  {
    rule: 'no cycles through node targets',
    breakIt: editGraph((props, p) => {
      const loop = GraphNode.sequence('loop', []);
      const broken = withRoot(props, p, p.c.rootType, undefined, [...p.targets, GraphTarget.node(loop)]);
      loop.steps.push({ target: GraphTarget.node(broken.root) });
      return broken;
    }),
    field: () => 'the graph has a cycle',
  },
  ...V20_FIELDS.map(([key, value]): Breaker<GraphCase> => ({
    rule: `spec.${key} needs v0.20`,
    breakIt: c => editGraph(props => ({ ...props, [key]: value }))(v13(c)),
    field: () => `spec.${key} needs KServe ${key === 'routerTimeouts' ? 'v0.16' : 'v0.15'} or later (target is v0.13.1)`,
  })),
  {
    rule: 'routerTimeouts are whole seconds above zero',
    breakIt: c => editGraph(props => ({ ...props, routerTimeouts: { [oneOf([...TIMEOUT_KEYS], c.pick)]: secs(badSeconds(c)) } }))(v20(c)),
    field: c => `spec.routerTimeouts.${oneOf([...TIMEOUT_KEYS], c.pick)} (${badSeconds(c)}s) must be a whole number of seconds greater than zero`,
  },
  {
    rule: 'timeout is whole seconds above zero',
    breakIt: c => editGraph(props => ({ ...props, timeout: secs(badSeconds(c)) }))(c),
    field: c => `spec.timeout (${badSeconds(c)}s) must be a whole number of seconds greater than zero`,
  },
  {
    rule: 'minReplicas is a whole number >= 0',
    breakIt: c => editGraph(props => ({ ...props, minReplicas: badCount(c), maxReplicas: undefined }))(c),
    field: c => `spec.minReplicas (${badCount(c)}) must be a whole number >= 0`,
  },
  {
    rule: 'maxReplicas is a whole number >= 0',
    breakIt: c => editGraph(props => ({ ...props, minReplicas: undefined, maxReplicas: badCount(c) }))(c),
    field: c => `spec.maxReplicas (${badCount(c)}) must be a whole number >= 0`,
  },
  {
    rule: 'minReplicas <= maxReplicas (when bounded)',
    breakIt: c => editGraph(props => ({ ...props, minReplicas: 2 + (c.pick % 3), maxReplicas: 1 + (c.pick % 3) }))(c),
    field: c => `spec.minReplicas (${2 + (c.pick % 3)}) must be less than or equal to spec.maxReplicas (${1 + (c.pick % 3)})`,
  },
  {
    rule: 'the graph name fits the names KServe derives (<name>-00001, <name>-<namespace>)',
    breakIt: c => editGraph(props => ({ ...props, name: longGraphName(c) }))(c),
    field: c => `metadata.name '${longGraphName(c)}' is too long: KServe derives`,
  },
  {
    rule: 'a step targets a node with a non-empty name (webhook: a step needs a target)',
    breakIt: editGraph((props, p) => withRoot(props, p, p.c.rootType, undefined,
      [...p.targets, GraphTarget.node(GraphNode.sequence('', [{ target: GraphTarget.url('http://echo.example.com/v1') }]))])),
    field: () => "the target node has an empty name, which KServe's webhook reads as a step without a target",
  },
  {
    rule: 'no condition on the first step of a Sequence (the router has no response to test yet)',
    breakIt: editGraph((props, p) => withRoot(props, p, RouterType.SEQUENCE, changeStep(0, s => ({ ...s, condition: 'instances' })))),
    field: () => "spec.nodes.root.steps[0] ('step-0'): a 'condition' on the first step of a Sequence fails every request",
  },
  {
    rule: 'router tolerations follow the Kubernetes rules (fractional seconds fail at synth, not construction)',
    breakIt: c => editGraph(props => ({ ...props, tolerations: [oneOf(BAD_TOLERATIONS, c.pick)[0]] }))(v20(c)),
    field: c => oneOf(BAD_TOLERATIONS, c.pick)[1],
  },
  {
    rule: 'router nodeSelector is a valid label map',
    breakIt: c => editGraph(props => ({ ...props, nodeSelector: oneOf(BAD_SELECTORS, c.pick)[0] }))(v20(c)),
    field: c => oneOf(BAD_SELECTORS, c.pick)[1],
  },
  {
    rule: 'router serviceAccountName is a DNS-1123 subdomain',
    breakIt: c => editGraph(props => ({ ...props, serviceAccountName: badAccount(c) }))(v20(c)),
    field: c => `spec.serviceAccountName '${badAccount(c)}' must be a DNS-1123 subdomain`,
  },
  {
    rule: 'router resources: request <= limit',
    breakIt: editGraph(props => ({ ...props, resources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(250) } } })),
    field: () => 'spec.resources.cpu.request (500m) must be less than or equal to spec.resources.cpu.limit (250m)',
  },
  {
    rule: 'router resource limits are positive',
    breakIt: editGraph(props => ({ ...props, resources: { memory: { limit: Size.mebibytes(0) } } })),
    field: () => 'spec.resources.memory.limit (0Mi) must be greater than zero',
  },
];

describe('InferenceGraph rules', () => {
  test('random valid graphs (every router type, nested nodes, v0.20 fields) synthesize and validate', () => {
    fc.assert(fc.property(graphCase, c => {
      const graph = expectValidApp(buildGraph(c), schemaOf(c.version)).find(o => o.kind === 'InferenceGraph');
      expect(Object.keys(graph.spec.nodes).sort()).toEqual(['child', 'root']);
    }), RUNS);
  });

  test.each(graphBreakers.map(b => [b.rule, b] as const))('%s', (_rule, b) => {
    fc.assert(fc.property(graphCase, c => {
      const broken = b.breakIt(c);
      expectBrokenRule(buildGraph(broken), { at: 'test/graph', field: b.field(broken) });
    }), RUNS);
  });

  test("steps named '' count as unnamed, as in KServe's uniqueness check: random graphs with several stay valid", () => {
    fc.assert(fc.property(graphCase, c => {
      const unnamed = editGraph((props, p) => withRoot(props, p, p.c.rootType, steps => steps.map(s => ({ ...s, name: '' }))))(c);
      const graph = expectValidApp(buildGraph(unnamed), schemaOf(c.version)).find(o => o.kind === 'InferenceGraph');
      expect(graph.spec.nodes.root.steps.every((s: any) => s.name === '')).toBe(true);
    }), RUNS);
  });
});
