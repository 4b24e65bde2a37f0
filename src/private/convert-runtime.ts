/**
 * The converter's runtime part (issue #21): a `serving.kserve.io/v1alpha1` ServingRuntime or ClusterServingRuntime to a
 * `ServingRuntime` / `ClusterServingRuntime` construct. The props carry what the L2 API expresses; the construct is
 * built in a scratch app and every difference from the input is a JSON patch (convert-diff.ts).
 */
import { Code, ConvertScope, call, raw, str } from './convert-code';
import { Scratch, jsonDiff, patchStatements, withoutNulls } from './convert-diff';
import { coded, resourcesValue, toCode, tolerationsValue } from './convert-values';
import { isObject } from './convert-yaml';
import { KServeVersion } from '../kserve-version';
import { ProtocolVersion } from '../protocol-version';
import { ClusterServingRuntime } from '../runtimes/cluster-serving-runtime';
import { ServingRuntimeOptions } from '../runtimes/runtime-definition';
import { ServingRuntime } from '../runtimes/serving-runtime';

/** The annotations of `spec` the L2 writes from `metricsPort` and `metricsPath` (runtime-definition.ts renderSpec). */
const METRICS_PORT = 'prometheus.kserve.io/port';
const METRICS_PATH = 'prometheus.kserve.io/path';

/** Options of the converter for one runtime. */
export interface RuntimeOptions {
  readonly version: KServeVersion;
  readonly chart: string;
  /** A construct id unique in the chart. */
  readonly id: (base: string) => string;
  /** The scratch app of every runtime of the input: KServe checks a runtime against its peers. */
  readonly scratch: Scratch;
}

/** A converted runtime: its construct (printed once the writer knows whether a variable is needed) and its patches. */
export interface ConvertedRuntime {
  readonly variable: string;
  readonly construct: Code;
  /** Statements that use the variable (its JSON patches). */
  readonly statements: string[];
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every(v => typeof v === 'string');
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}

/**
 * The statements that build the runtime `input`, or the reason it stays an ApiObject: it lacks what the L2 API needs (a
 * container with an image) or the L2 construct rejects it (its errors are given).
 */
export function convertRuntime(input: Record<string, unknown>, options: RuntimeOptions, scope: ConvertScope): ConvertedRuntime | string {
  const cluster = input.kind === 'ClusterServingRuntime';
  if (input.apiVersion !== 'serving.kserve.io/v1alpha1') return `apiVersion '${String(input.apiVersion)}' is not serving.kserve.io/v1alpha1`;
  const target = withoutNulls(input);
  const metadata = target.metadata as Record<string, unknown>;
  const spec = isObject(target.spec) ? target.spec : {};
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const container = containers[0];
  if (!isObject(container) || typeof container.image !== 'string') return 'it has no container with an image (spec.containers[0].image)';
  const name = String(metadata.name);

  const props: Record<string, unknown> = { version: coded(options.version, call(`${scope.use('kserve', 'KServeVersion')}.of`, str(options.version.name))) };
  const id = options.id(name);
  if (id !== name) props.name = name;
  if (isStringRecord(metadata.annotations) && Object.keys(metadata.annotations).length > 0) props.annotations = metadata.annotations;
  if (isStringRecord(metadata.labels) && Object.keys(metadata.labels).length > 0) props.labels = metadata.labels;

  const formats = Array.isArray(spec.supportedModelFormats) ? spec.supportedModelFormats : [];
  props.supportedModelFormats = formats.map(f => {
    const format = isObject(f) ? f : {};
    return {
      name: typeof format.name === 'string' ? format.name : '',
      version: typeof format.version === 'string' ? format.version : undefined,
      autoSelect: typeof format.autoSelect === 'boolean' ? format.autoSelect : undefined,
      priority: typeof format.priority === 'number' ? format.priority : undefined,
    };
  });
  const protocols = isStringList(spec.protocolVersions) ? spec.protocolVersions.map(p => ProtocolVersion.all().find(v => v.value === p)) : undefined;
  if (protocols && protocols.length > 0 && protocols.every(p => p !== undefined)) {
    const enumName = scope.use('kserve', 'ProtocolVersion');
    props.protocolVersions = protocols.map(p => coded(p!, raw(`${enumName}.${Object.entries(ProtocolVersion).find(([, v]) => v === p)![0]}`)));
  }
  if (spec.multiModel === true) props.multiModel = true;
  // ServingRuntimeSpec.MultiModel is a *bool read as false when unset (IsMultiModelRuntime, servingruntime_types.go at
  // v0.20.0 and v0.13.1): the L2 writes it always, the same meaning.
  if (spec.multiModel === undefined) {
    spec.multiModel = false;
    scope.note('multiModel is written explicitly as false, the meaning KServe gives the unset field', 'spec.multiModel');
  }
  if (typeof spec.disabled === 'boolean') props.disabled = spec.disabled;
  // The pod fields KServe merges into its services' pods; anything the typed props write differently stays a patch.
  if (isStringRecord(spec.labels) && Object.keys(spec.labels).length > 0) props.podLabels = spec.labels;
  if (isStringRecord(spec.nodeSelector) && Object.keys(spec.nodeSelector).length > 0) props.nodeSelector = spec.nodeSelector;
  if (isObject(spec.affinity)) props.affinity = spec.affinity;
  const tolerations = tolerationsValue(spec.tolerations, scope);
  if (tolerations) props.tolerations = tolerations;
  if (typeof spec.hostIPC === 'boolean') props.hostIPC = spec.hostIPC;
  const specAnnotations = isObject(spec.annotations) ? spec.annotations : {};
  const port = specAnnotations[METRICS_PORT];
  if (typeof port === 'string' && /^[1-9]\d*$/.test(port) && port !== '8080') props.metricsPort = Number(port);
  const path = specAnnotations[METRICS_PATH];
  if (typeof path === 'string' && path !== '/metrics') props.metricsPath = path;

  const runtimeContainer: Record<string, unknown> = { image: container.image };
  for (const key of ['command', 'args']) if (isStringList(container[key])) runtimeContainer[key] = container[key];
  const env = container.env;
  const plainEnv = Array.isArray(env) && env.length > 0
    && env.every(e => isObject(e) && typeof e.name === 'string' && typeof e.value === 'string' && Object.keys(e).length === 2)
    && new Set(env.map(e => (e as Record<string, unknown>).name)).size === env.length;
  if (plainEnv) runtimeContainer.env = Object.fromEntries((env as Array<Record<string, string>>).map(e => [e.name, e.value]));
  runtimeContainer.resources = resourcesValue(container.resources, scope, (list, resource, written) => {
    const quantities = (container.resources as Record<string, Record<string, unknown>>)[list];
    scope.note(`the quantity ${JSON.stringify(quantities[resource])} is written as '${written}' (the same amount)`,
      `spec.containers[0].resources.${list}.${resource}`);
    quantities[resource] = written;
  });
  const ports = container.ports;
  if (Array.isArray(ports) && ports.length > 0 && ports.every(p => isObject(p) && Number.isInteger(p.containerPort)
    && (p.name === undefined || typeof p.name === 'string') && Object.keys(p).every(k => k === 'containerPort' || k === 'name'))) {
    runtimeContainer.ports = (ports as Array<Record<string, unknown>>)
      .map(p => (p.name === undefined ? { number: p.containerPort } : { number: p.containerPort, name: p.name }));
  }
  const security = isObject(container.securityContext) ? container.securityContext : {};
  if (Number.isInteger(security.runAsUser)) runtimeContainer.runAsUser = security.runAsUser;
  props.container = runtimeContainer;

  const Construct = cluster ? ClusterServingRuntime : ServingRuntime;
  const built = options.scratch.build(cluster ? undefined : metadata.namespace as string | undefined,
    chart => new Construct(chart, id, props as unknown as ServingRuntimeOptions));
  if ('errors' in built) return `the L2 ${String(input.kind)} rejects it: ${built.errors.join('; ')}`;

  const variable = scope.ids.of(name);
  const patches = jsonDiff(built.object, target);
  const statements = patchStatements(variable, String(input.kind), patches, scope);
  const construct = call(`new ${scope.use('kserve', String(input.kind))}`, raw(options.chart), str(id), toCode(props));
  return { variable, construct, statements };
}
