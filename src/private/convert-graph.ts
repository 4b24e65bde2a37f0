/**
 * The converter's InferenceGraph part (issue #21): a `serving.kserve.io/v1alpha1` InferenceGraph to an `InferenceGraph`
 * construct whose nodes are `GraphNode`s and whose steps target the converted InferenceServices by object. The construct
 * is built in a scratch app and every difference from the input is a JSON patch (convert-diff.ts).
 */
import { Chart } from 'cdk8s';
import { Code, ConvertScope, arr, call, obj, print, raw, str } from './convert-code';
import { Scratch, jsonDiff, patchStatements, withoutNulls } from './convert-diff';
import { coded, resourcesValue, secondsValue, toCode, tolerationsValue } from './convert-values';
import { isObject } from './convert-yaml';
import { GraphNode, GraphTarget, InferenceGraph, InferenceGraphProps } from '../inference-graph';
import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { StorageUri } from '../storage-uri';

/** KServe's router types (InferenceRouterType, inference_graph.go at v0.20.0 and v0.13.1) and the GraphNode factory of each. */
const ROUTERS: Record<string, 'sequence' | 'splitter' | 'ensemble' | 'choice'> = {
  Sequence: 'sequence', Splitter: 'splitter', Ensemble: 'ensemble', Switch: 'choice',
};
const STEP_DATA: Record<string, string> = { $request: 'REQUEST', $response: 'RESPONSE' };
const DEPENDENCIES: Record<string, string> = { Hard: 'HARD', Soft: 'SOFT' };
const ROUTER_TIMEOUTS = ['serverRead', 'serverWrite', 'serverIdle', 'serviceClient'];

/** Options of the converter for one graph. */
export interface GraphOptions {
  readonly version: KServeVersion;
  readonly chart: string;
  readonly id: (base: string) => string;
  /** The variable of the InferenceService converted from the input with this name in the graph's namespace. */
  readonly service: (name: string) => string | undefined;
}

/** A converted graph: the declarations of its shared nodes, its construct, and its patches. */
export interface ConvertedGraph {
  readonly variable: string;
  /** `const <node> = GraphNode...;`, children first. */
  readonly nodes: string[];
  readonly construct: Code;
  readonly statements: string[];
  /** The names of the services its steps target (their variables are used). */
  readonly services: string[];
}

/** A node as read from the input: the step targets name other nodes or services, resolved when the props are built. */
interface NodeSpec {
  readonly name: string;
  readonly router: 'sequence' | 'splitter' | 'ensemble' | 'choice';
  readonly steps: ReadonlyArray<StepSpec>;
}

interface StepSpec {
  readonly props: Record<string, unknown>;
  /** The code of the props that are enum members (their values are the plain strings). */
  readonly codes: Record<string, Code>;
  readonly service?: string;
  readonly node?: string;
  readonly url?: string;
}

/**
 * The nodes reachable from `root`, children before the nodes that target them, or the reason the graph stays an
 * ApiObject (a node or step the L2 API cannot build).
 */
function readNodes(nodes: Record<string, unknown>, scope: ConvertScope): NodeSpec[] | string {
  const ordered: NodeSpec[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): string | undefined => {
    if (ordered.some(n => n.name === name)) return undefined;
    // Our own safety rule, as the L2's: a cycle of node targets (a GraphNode cannot be built before the nodes it targets).
    if (visiting.has(name)) return `its nodes target each other in a cycle through '${name}'`;
    const node = nodes[name];
    if (!isObject(node)) return `a step targets node '${name}', which spec.nodes does not have`;
    const router = typeof node.routerType === 'string' ? ROUTERS[node.routerType] : undefined;
    if (!router) return `node '${name}' has routerType ${JSON.stringify(node.routerType)}, not one of ${Object.keys(ROUTERS).join(', ')}`;
    visiting.add(name);
    const steps: StepSpec[] = [];
    for (const [i, step] of (Array.isArray(node.steps) ? node.steps : []).entries()) {
      const s = isObject(step) ? step : {};
      const targets = (['serviceName', 'nodeName', 'serviceUrl'] as const).filter(k => typeof s[k] === 'string');
      if (targets.length !== 1) return `spec.nodes.${name}.steps[${i}] has ${targets.length} targets (serviceName, nodeName, serviceUrl); a GraphTarget is exactly one`;
      if (typeof s.nodeName === 'string') {
        const reason = visit(s.nodeName);
        if (reason) return reason;
      }
      const props: Record<string, unknown> = {};
      const codes: Record<string, Code> = {};
      if (typeof s.name === 'string') props.name = s.name;
      if (typeof s.weight === 'number') props.weight = s.weight;
      if (typeof s.condition === 'string') props.condition = s.condition;
      // StepData and StepDependency are string enums of KServe's values (inference_graph.go, both tags).
      if (typeof s.data === 'string' && STEP_DATA[s.data]) {
        props.data = s.data;
        codes.data = raw(`${scope.use('kserve', 'StepData')}.${STEP_DATA[s.data]}`);
      }
      if (typeof s.dependency === 'string' && DEPENDENCIES[s.dependency]) {
        props.dependency = s.dependency;
        codes.dependency = raw(`${scope.use('kserve', 'StepDependency')}.${DEPENDENCIES[s.dependency]}`);
      }
      const text = (key: string) => (typeof s[key] === 'string' ? s[key] as string : undefined);
      steps.push({ props, codes, service: text('serviceName'), node: text('nodeName'), url: text('serviceUrl') });
    }
    visiting.delete(name);
    ordered.push({ name, router, steps });
    return undefined;
  };
  const reason = visit('root');
  return reason ?? ordered;
}

/**
 * The statements that build the graph `input`, or the reason it stays an ApiObject: no root node, a step the L2 API
 * cannot target (an InferenceService not converted from the input), or errors of the L2 construct (given).
 */
export function convertGraph(input: Record<string, unknown>, options: GraphOptions, scope: ConvertScope): ConvertedGraph | string {
  if (input.apiVersion !== 'serving.kserve.io/v1alpha1') return `apiVersion '${String(input.apiVersion)}' is not serving.kserve.io/v1alpha1`;
  const target = withoutNulls(input);
  const metadata = target.metadata as Record<string, unknown>;
  const spec = isObject(target.spec) ? target.spec : {};
  const nodes = isObject(spec.nodes) ? spec.nodes : {};
  if (!isObject(nodes.root)) return 'it has no root node (spec.nodes.root)';
  const read = readNodes(nodes, scope);
  if (typeof read === 'string') return read;
  const services = new Map<string, string>();
  for (const step of read.flatMap(n => n.steps).filter(s => s.service !== undefined)) {
    const variable = options.service(step.service!);
    // GraphTarget.service takes the construct, and has no importer by name for a service defined elsewhere.
    if (variable === undefined) return `a step targets InferenceService '${step.service}', which is not converted from this input (GraphTarget.service needs the construct)`;
    services.set(step.service!, variable);
  }

  const name = String(metadata.name);
  const id = options.id(name);
  const graphTarget = scope.use('kserve', 'GraphTarget');
  const graphNode = scope.use('kserve', 'GraphNode');
  const nodeVariables = new Map(read.filter(n => n.name !== 'root').map(n => [n.name, scope.ids.of(/node$/i.test(n.name) ? n.name : `${n.name}-node`)]));
  const declarations: string[] = [];
  let props: Record<string, unknown> = {};

  /** The props with real GraphNodes, their targets the stand-ins of `chart` (each printed as the converted service). */
  const buildProps = (chart: Chart): InferenceGraphProps => {
    const standIns = new Map<string, InferenceService>();
    // Only the name and namespace of a target service reach the graph's object (and its checks, with the version).
    const standIn = (service: string) => standIns.get(service) ?? standIns.set(service, new InferenceService(chart, `stand-in-${service}`, {
      name: service, version: options.version, predictor: { model: Model.sklearn(StorageUri.parse('gs://stand-in/model')) },
    })).get(service)!;
    const built = new Map<string, GraphNode>();
    declarations.length = 0;
    for (const node of read) {
      const steps = node.steps.map(step => ({
        ...step.props,
        target: step.service !== undefined ? GraphTarget.service(standIn(step.service))
          : step.node !== undefined ? GraphTarget.node(built.get(step.node)!) : GraphTarget.url(step.url!),
      }));
      const stepsCode = node.steps.map(step => obj([
        ['name', step.props.name === undefined ? undefined : toCode(step.props.name)],
        ['target', step.service !== undefined ? call(`${graphTarget}.service`, raw(services.get(step.service)!))
          : step.node !== undefined ? call(`${graphTarget}.node`, raw(nodeVariables.get(step.node)!)) : call(`${graphTarget}.url`, str(step.url!))],
        ...Object.entries(step.props).filter(([k]) => k !== 'name').map(([k, v]) => [k, step.codes[k] ?? toCode(v)] as [string, Code]),
      ]));
      const value = GraphNode[node.router](node.name, steps as never);
      const code = call(`${graphNode}.${node.router}`, str(node.name), arr(stepsCode));
      const variable = nodeVariables.get(node.name);
      built.set(node.name, coded(value, variable === undefined ? code : raw(variable)));
      if (variable !== undefined) declarations.push(`const ${variable} = ${print(code, '', 8 + variable.length)};`);
    }
    props = {
      version: coded(options.version, call(`${scope.use('kserve', 'KServeVersion')}.of`, str(options.version.name))),
      ...(id !== name ? { name } : {}),
      root: built.get('root'),
      resources: resourcesValue(spec.resources, scope, (list, resource, written) => {
        const quantities = (spec.resources as Record<string, Record<string, unknown>>)[list];
        scope.note(`the quantity ${JSON.stringify(quantities[resource])} is written as '${written}' (the same amount)`, `spec.resources.${list}.${resource}`);
        quantities[resource] = written;
      }),
      timeout: secondsValue(spec.timeout, scope),
      minReplicas: Number.isInteger(spec.minReplicas) ? spec.minReplicas : undefined,
      maxReplicas: Number.isInteger(spec.maxReplicas) ? spec.maxReplicas : undefined,
      nodeSelector: isObject(spec.nodeSelector) && Object.values(spec.nodeSelector).every(v => typeof v === 'string') ? spec.nodeSelector : undefined,
      serviceAccountName: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : undefined,
      routerTimeouts: routerTimeouts(spec.routerTimeouts, scope),
      tolerations: tolerationsValue(spec.tolerations, scope),
    };
    return props as unknown as InferenceGraphProps;
  };

  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const built = new Scratch().build(namespace, chart => new InferenceGraph(chart, id, buildProps(chart)));
  if ('errors' in built) return `the L2 InferenceGraph rejects it: ${built.errors.join('; ')}`;
  const variable = scope.ids.of(name);
  const statements = patchStatements(variable, 'InferenceGraph', jsonDiff(built.object, target), scope);
  const construct = call(`new ${scope.use('kserve', 'InferenceGraph')}`, raw(options.chart), str(id), toCode(props));
  return { variable, nodes: [...declarations], construct, statements, services: [...services.keys()] };
}

/** `routerTimeouts` as Durations when every entry is whole seconds; undefined otherwise (kept by a patch). */
function routerTimeouts(value: unknown, scope: ConvertScope): Record<string, unknown> | undefined {
  const keys = isObject(value) ? Object.keys(value) : [];
  if (!isObject(value) || keys.length === 0 || !keys.every(k => ROUTER_TIMEOUTS.includes(k) && Number.isInteger(value[k]))) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secondsValue(v, scope)]));
}
