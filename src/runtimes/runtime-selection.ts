import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { ProtocolVersion } from '../protocol-version';
import { RuntimeDefinition, ServingRuntimeOptions } from './runtime-definition';
import { ServingRuntime } from './serving-runtime';
import { ServingRuntimeBase } from './serving-runtime-base';
import { standardRuntimes } from './standard-runtimes';

/*
 * Which runtime serves a model: the app's runtimes (RuntimeIndex, for the install's "no runtime found" check) and
 * the release's standard runtimes (for monitoring, which needs to know the model server, and for the check of a
 * runtime a model names). Everything here takes a model and a version, never an InferenceService, so runtimes/ stays
 * below the service in the import graph.
 */

/** The app's runtimes by format name, so each service looks up only its candidates. */
export class RuntimeIndex {
  /** A ServingRuntime's namespace (`default` when neither it nor its chart gives one), or '' for ClusterServingRuntimes. */
  private static scopeOf(runtime: ServingRuntimeBase): string {
    return runtime instanceof ServingRuntime ? `ns:${runtime.apiObject.metadata.namespace ?? 'default'}` : '';
  }

  private readonly byFormat = new Map<string, ServingRuntimeBase[]>();

  constructor(runtimes: ServingRuntimeBase[]) {
    for (const runtime of runtimes) {
      const scope = RuntimeIndex.scopeOf(runtime);
      for (const name of new Set(runtime.supportedModelFormats.map(f => f.name))) {
        const key = `${scope}/${name}`;
        const listed = this.byFormat.get(key);
        if (listed) listed.push(runtime); else this.byFormat.set(key, [runtime]);
      }
    }
  }

  /** The runtimes that list the model's format name (exactly), in the service's namespace or cluster-wide. */
  public autoSelectable(model: Model, namespace: string): ServingRuntimeBase[] {
    return [...this.byFormat.get(`ns:${namespace}/${model.formatName}`) ?? [], ...this.byFormat.get(`/${model.formatName}`) ?? []];
  }
}

// Standard runtimes built on KServe's Python model server (python/<server> at both tags run kserve.ModelServer), the
// only servers exporting the request_*_seconds histograms (python/kserve/kserve/metrics.py).
const KSERVE_PYTHON_RUNTIMES = ['kserve-sklearnserver', 'kserve-xgbserver', 'kserve-lgbserver', 'kserve-pmmlserver',
  'kserve-paddleserver', 'kserve-huggingfaceserver', 'kserve-predictiveserver', 'kserve-autogluonserver'];

/** The runtime KServe would run a model on, as far as the app tells: one of its runtimes or a standard one. */
export interface ResolvedRuntime {
  /** The runtime's name. */
  readonly name: string;
  /** Its definition. */
  readonly options: ServingRuntimeOptions;
  /** `ServingRuntime` (namespaced, from the app) or `ClusterServingRuntime` (from the app or the release's standard set). */
  readonly kind: 'ServingRuntime' | 'ClusterServingRuntime';
}

/**
 * The runtime that serves the model, given the app's runtimes (`ServingRuntimeBase._inApp`), the service's
 * namespace and the release's standard ClusterServingRuntimes (assumed installed unless the app defines a
 * ClusterServingRuntime of the same name). Mirrors KServe:
 * - a named runtime is the ServingRuntime of that name in the namespace, else the ClusterServingRuntime
 *   (isvcutils.GetServingRuntime, pkg/controller/v1beta1/inferenceservice/utils/utils.go, both tags);
 * - otherwise every auto-selecting namespace ServingRuntime comes before every ClusterServingRuntime, each
 *   group sorted by priority (GetSupportingRuntimes, pkg/apis/serving/v1beta1/predictor_model.go:106-125
 *   at v0.13.1, :88-130 at v0.20.0), and the first wins.
 * Undefined without a model (a custom container) or when nothing known serves it.
 */
export function runtimeFor(model: Model | undefined, version: KServeVersion, namespace: string,
  appRuntimes: readonly ServingRuntimeBase[]): ResolvedRuntime | undefined {
  if (!model) return undefined;
  const ofVersion = appRuntimes.filter(r => r.version === version);
  const namespaced = ofVersion.filter(r => r instanceof ServingRuntime && (r.apiObject.metadata.namespace ?? 'default') === namespace);
  const cluster = ofVersion.filter(r => !(r instanceof ServingRuntime));
  const fromApp = (r: ServingRuntimeBase): ResolvedRuntime =>
    ({ name: r.name, options: r._definition.options, kind: r instanceof ServingRuntime ? 'ServingRuntime' : 'ClusterServingRuntime' });
  const standard = (o: ServingRuntimeOptions): ResolvedRuntime => ({ name: o.name!, options: o, kind: 'ClusterServingRuntime' });
  if (model.runtime) {
    const named = namespaced.find(r => r.name === model.runtime) ?? cluster.find(r => r.name === model.runtime);
    if (named) return fromApp(named);
    const std = standardRuntimesOf(version).get(model.runtime);
    return std && standard(std);
  }
  const byPriority = (candidates: ResolvedRuntime[]) => candidates
    .filter(c => definitionOf(c.options, version).serves(model, true)).sort(higherPriorityFirst(model))[0];
  const clusterNames = new Set(cluster.map(r => r.name));
  return byPriority(namespaced.map(fromApp))
    ?? byPriority([...cluster.map(fromApp), ...[...standardRuntimesOf(version).values()].filter(o => !clusterNames.has(o.name!)).map(standard)]);
}

/**
 * Problems with the runtime a model names: KServe fails the service when it is disabled, does not speak the protocol the
 * model states, or does not list the model's format and version (components/predictor.go reconcileModel, v0.13.1
 * :102-139, v0.20.0 :329-365). The name resolves as in KServe (isvcutils.GetServingRuntime: the ServingRuntime of that
 * name in the service's namespace, else the ClusterServingRuntime) among the app's runtimes of the service's version,
 * else the release's standard ClusterServingRuntimes (config/runtimes at the release tag), which every cluster of
 * the release has unless its install leaves them out. A name found nowhere is a runtime of the cluster's own: the
 * user's responsibility, unless the app writes a runtime of that name only where KServe does not look.
 */
export function namedRuntimeErrors(model: Model | undefined, version: KServeVersion, namespace: string,
  appRuntimes: readonly ServingRuntimeBase[], field: string): string[] {
  const name = model?.runtime;
  if (!model || typeof name !== 'string') return [];
  const named = appRuntimes.filter(r => r.name === name);
  const ofVersion = named.filter(r => r.version === version);
  const namespaced = ofVersion.find(r => r instanceof ServingRuntime && (r.apiObject.metadata.namespace ?? 'default') === namespace);
  const cluster = ofVersion.find(r => !(r instanceof ServingRuntime));
  const std = standardRuntimesOf(version).get(name);
  const format = `'${model.formatName}'${model.formatVersion ? ` version ${model.formatVersion}` : ''} over ${model.effectiveProtocol.value}`;
  const found = namespaced ?? cluster;
  if (found) {
    if (found.serves(model)) return [];
    const shadows = found === namespaced && (cluster !== undefined || std !== undefined)
      ? ' (KServe takes the ServingRuntime of the service\'s namespace before the ClusterServingRuntime of that name)' : '';
    return [`${field} '${name}' is the ${found.apiObject.kind} '${found.node.path}'${shadows}, which `
      + (found.disabled ? 'is disabled' : `does not serve format ${format} (it serves ${servedSummary(found._definition.options)})`)];
  }
  if (std) {
    return new RuntimeDefinition(std, version).serves(model, false) ? []
      : [`${field} '${name}' is the standard ClusterServingRuntime of KServe ${version.name}, which does not serve format ${format} `
        + `(it serves ${servedSummary(std)}); name a runtime that does, or leave 'runtime' out to let KServe pick one`];
  }
  // Our own safety rule: the app writes the runtime, but where this service cannot use it (another namespace, or for
  // another KServe release than the cluster's); KServe would wait for a runtime that never appears.
  const elsewhere = named[0];
  if (!elsewhere) return [];
  const where = elsewhere.version !== version
    ? `targets KServe ${elsewhere.version.name} while the service targets ${version.name}; one cluster runs one KServe release`
    : `is in namespace '${elsewhere.apiObject.metadata.namespace ?? 'default'}', and KServe looks for a ServingRuntime in the service's namespace `
      + `'${namespace}' only (then for a ClusterServingRuntime)`;
  return [`${field} '${name}' is the ${elsewhere.apiObject.kind} '${elsewhere.node.path}', which ${where}`];
}

/** What a runtime serves, for messages: `sklearn 1, xgboost 2 over v1, v2`. */
function servedSummary(options: ServingRuntimeOptions): string {
  const formats = options.supportedModelFormats.map(f => (f.version !== undefined ? `${f.name} ${f.version}` : f.name));
  const protocols = (options.protocolVersions ?? [ProtocolVersion.V1]).map(p => p.value);
  return `${[...new Set(formats)].join(', ')} over ${protocols.join(', ')}`;
}

/** sortSupportedRuntimeByPriority: the priority of the runtime's first entry for the format name; none sorts last. Stable. */
function higherPriorityFirst(model: Model): (a: ResolvedRuntime, b: ResolvedRuntime) => number {
  const priority = (r: ResolvedRuntime) => r.options.supportedModelFormats.find(f => f.name === model.formatName)?.priority;
  return (a, b) => {
    const [pa, pb] = [priority(a), priority(b)];
    if (pa === pb) return 0;
    if (pa === undefined) return 1;
    if (pb === undefined) return -1;
    return pb - pa;
  };
}

const standardByVersion = new Map<KServeVersion, Map<string, ServingRuntimeOptions>>();
// The definitions of runtimes as the selection reads them, made once per options object and release (issue #19: the
// standard runtimes were made again for every service).
const definitions = new Map<KServeVersion, WeakMap<ServingRuntimeOptions, RuntimeDefinition>>();

function definitionOf(options: ServingRuntimeOptions, version: KServeVersion): RuntimeDefinition {
  let ofVersion = definitions.get(version);
  if (!ofVersion) definitions.set(version, ofVersion = new WeakMap());
  let definition = ofVersion.get(options);
  if (!definition) ofVersion.set(options, definition = new RuntimeDefinition(options, version));
  return definition;
}

function standardRuntimesOf(version: KServeVersion): Map<string, ServingRuntimeOptions> {
  let byName = standardByVersion.get(version);
  if (!byName) {
    byName = new Map(standardRuntimes(version).map(r => [r.name!, r]));
    standardByVersion.set(version, byName);
  }
  return byName;
}

/**
 * Whether the model's server is KServe's Python model server, the only one exporting the
 * `request_*_seconds` histograms (python/kserve/kserve/metrics.py): a standard Python runtime, or an app
 * ClusterServingRuntime of that name. A namespace ServingRuntime's server is not known, so it counts as another server.
 */
export function exportsKServeModelMetrics(runtime: ResolvedRuntime | undefined): boolean {
  return runtime !== undefined && runtime.kind === 'ClusterServingRuntime' && KSERVE_PYTHON_RUNTIMES.includes(runtime.name);
}

/** Where a model server serves its Prometheus metrics. */
export interface MetricsEndpoint {
  readonly port: number;
  readonly path: string;
}

/**
 * Where the runtime's server really serves Prometheus metrics, or why it serves none (a sentence). A runtime says so
 * with its `prometheus.kserve.io/port` and `/path` annotations (metricsPort, metricsPath), and for two of the release's
 * servers they are wrong (config/runtimes at both tags declare 8080 and /metrics):
 * - TF Serving registers its Prometheus handler only with a monitoring config (`--monitoring_config_file`;
 *   tensorflow_serving/model_servers/http_server.cc), which the release's `kserve-tensorflow-serving` does not pass;
 * - MLServer serves metrics from a server of its own on `metrics_port`, 8082 unless `MLSERVER_METRICS_PORT` says
 *   otherwise, at `metrics_endpoint` (`MLSERVER_METRICS_ENDPOINT`, /metrics); its REST app on 8080 has no /metrics
 *   (mlserver/settings.py, mlserver/metrics/server.py, mlserver/rest/app.py; kserve-mlserver.yaml notes the 8082).
 * `env` is the component's own env, which KServe merges over the runtime container's.
 */
export function runtimeMetricsEndpoint(runtime: ResolvedRuntime, env: Record<string, string | undefined> = {}): MetricsEndpoint | string {
  const o = runtime.options;
  const standard = runtime.kind === 'ClusterServingRuntime';
  if (standard && runtime.name === 'kserve-tensorflow-serving' && !(o.container.args ?? []).some(a => a.startsWith('--monitoring_config_file'))) {
    return "runtime 'kserve-tensorflow-serving' runs TF Serving without --monitoring_config_file, so it serves no Prometheus metrics at all";
  }
  if (standard && runtime.name === 'kserve-mlserver') {
    // The standard runtimes' env are plain values (config/runtimes); an EnvValue's literal value, if any, counts too.
    const own = Object.fromEntries(Object.entries(o.container.env ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : v?.value]));
    const merged = { ...own, ...env };
    const port = Number(merged.MLSERVER_METRICS_PORT ?? MLSERVER_METRICS_PORT);
    return Number.isInteger(port) ? { port, path: merged.MLSERVER_METRICS_ENDPOINT ?? '/metrics' }
      : `runtime 'kserve-mlserver' is given MLSERVER_METRICS_PORT '${merged.MLSERVER_METRICS_PORT}', which is not a port`;
  }
  return { port: o.metricsPort ?? KSERVE_HTTP_PORT, path: o.metricsPath ?? '/metrics' };
}

/** MLServer's default `metrics_port` (mlserver/settings.py). */
const MLSERVER_METRICS_PORT = 8082;
/** The port KServe's runtimes serve HTTP and, by default, metrics on (`InferenceServiceDefaultHttpPort`, pkg/constants). */
export const KSERVE_HTTP_PORT = 8080;

/**
 * Why the model's server does not export KServe's model metrics, for error messages: what it serves and on
 * which runtime, e.g. `serves a 'sklearn' model whose server exports other metrics: for protocol v2 KServe
 * auto-selects runtime 'kserve-mlserver', the highest-priority standard runtime for the format`.
 */
export function describeModelServer(model: Model | undefined, version: KServeVersion, runtime: ResolvedRuntime | undefined): string {
  if (!model) return 'runs a custom container whose server exports other metrics';
  const format = `a '${model.formatName}' model`;
  if (model.runtime) return `serves ${format} on runtime '${model.runtime}' whose server exports other metrics`;
  if (!runtime) {
    const formatVersion = model.formatVersion !== undefined ? `format version '${model.formatVersion}', ` : '';
    return `serves ${format} that no standard runtime of KServe ${version.name} auto-selects (${formatVersion}`
      + `protocol ${model.effectiveProtocol.value}), so its server is unknown and may export other metrics`;
  }
  if (runtime.kind === 'ServingRuntime') {
    return `serves ${format} whose server is unknown and may export other metrics: KServe auto-selects the ServingRuntime `
      + `'${runtime.name}' of the service's namespace, which comes before every ClusterServingRuntime`;
  }
  return `serves ${format} whose server exports other metrics: for protocol ${model.effectiveProtocol.value} KServe auto-selects `
    + `runtime '${runtime.name}', the highest-priority standard runtime for the format`;
}
