import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { RuntimeDefinition, ServingRuntimeOptions } from './runtime-definition';
import { ServingRuntime } from './serving-runtime';
import { ServingRuntimeBase } from './serving-runtime-base';
import { standardRuntimes } from './standard-runtimes';

/*
 * Which runtime serves a model: the app's runtimes (RuntimeIndex, for the install's "no runtime found" check) and
 * the release's standard runtimes (for monitoring, which needs to know the model server). Everything here takes a
 * model and a version, never an InferenceService, so runtimes/ stays below the service in the import graph.
 */

/** The app's runtimes by name and by format name, so each service looks up only its candidates. */
export class RuntimeIndex {
  /** A ServingRuntime's namespace (`default` when neither it nor its chart gives one), or '' for ClusterServingRuntimes. */
  private static scopeOf(runtime: ServingRuntimeBase): string {
    return runtime instanceof ServingRuntime ? `ns:${runtime.apiObject.metadata.namespace ?? 'default'}` : '';
  }

  private readonly byName = new Map<string, ServingRuntimeBase>();
  private readonly byFormat = new Map<string, ServingRuntimeBase[]>();

  constructor(runtimes: ServingRuntimeBase[]) {
    for (const runtime of runtimes) {
      const scope = RuntimeIndex.scopeOf(runtime);
      const byName = `${scope}/${runtime.name}`;
      // Two runtimes of one name in one scope are reported on the runtimes; the first one stands here.
      if (!this.byName.has(byName)) this.byName.set(byName, runtime);
      for (const name of new Set(runtime.supportedModelFormats.map(f => f.name))) {
        const key = `${scope}/${name}`;
        const listed = this.byFormat.get(key);
        if (listed) listed.push(runtime); else this.byFormat.set(key, [runtime]);
      }
    }
  }

  /**
   * The runtime KServe resolves a name to (utils.go GetServingRuntime): the ServingRuntime of that name in the
   * service's namespace first, then the ClusterServingRuntime. Without a namespace, the ClusterServingRuntime only.
   */
  public named(name: string, namespace?: string): ServingRuntimeBase | undefined {
    return (namespace !== undefined ? this.byName.get(`ns:${namespace}/${name}`) : undefined) ?? this.byName.get(`/${name}`);
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

/**
 * The standard runtime KServe auto-selects for a model that names none, assuming only the release's standard
 * ClusterServingRuntimes are installed. Mirrors `GetSupportingRuntimes` and `sortSupportedRuntimeByPriority`
 * (pkg/apis/serving/v1beta1/predictor_model.go, both tags): keep the runtimes that list the format (and the
 * model's format version, if any) with `autoSelect` and speak the model's protocol, then take the highest
 * `priority` for the format name (runtimes without one last). Ties keep `standardRuntimes` order; KServe's
 * runtime webhook forbids equal priorities for one format and protocol, so standard runtimes never tie.
 */
export function autoSelectedStandardRuntime(model: Model, version: KServeVersion): ServingRuntimeOptions | undefined {
  // Every monitor and alert asks; the answer depends only on these, and building the runtime list is not cheap.
  const key = [version.name, model.formatName, model.formatVersion ?? '', model.effectiveProtocol.value].join('\n');
  if (!autoSelected.has(key)) autoSelected.set(key, selectStandardRuntime(model, version));
  return autoSelected.get(key);
}
const autoSelected = new Map<string, ServingRuntimeOptions | undefined>();

function selectStandardRuntime(model: Model, version: KServeVersion): ServingRuntimeOptions | undefined {
  // GetPriority: the priority of the runtime's first entry for the format name.
  const priority = (runtime: ServingRuntimeOptions) => runtime.supportedModelFormats.find(f => f.name === model.formatName)?.priority;
  const higherFirst = (a: ServingRuntimeOptions, b: ServingRuntimeOptions) => {
    const [pa, pb] = [priority(a), priority(b)];
    if (pa === pb) return 0;
    if (pa === undefined) return 1;
    if (pb === undefined) return -1;
    return pb - pa;
  };
  // Array.prototype.sort is stable, so ties keep standardRuntimes order.
  return standardRuntimes(version).filter(runtime => new RuntimeDefinition(runtime, version).serves(model, true)).sort(higherFirst)[0];
}

/**
 * The standard runtime that serves the model: the one it names, else the one KServe auto-selects. Undefined
 * without a model (a custom container), for a runtime that is not one of the release's standard runtimes, or
 * for a model no standard runtime auto-selects.
 */
export function standardRuntimeFor(model: Model | undefined, version: KServeVersion): ServingRuntimeOptions | undefined {
  if (!model) return undefined;
  if (model.runtime) return standardRuntimesOf(version).get(model.runtime);
  return autoSelectedStandardRuntime(model, version);
}

const standardByVersion = new Map<KServeVersion, Map<string, ServingRuntimeOptions>>();
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
 * `request_*_seconds` histograms (python/kserve/kserve/metrics.py).
 */
export function exportsKServeModelMetrics(model: Model | undefined, version: KServeVersion): boolean {
  const runtime = standardRuntimeFor(model, version);
  return runtime !== undefined && KSERVE_PYTHON_RUNTIMES.includes(runtime.name!);
}

/**
 * Why the model's server does not export KServe's model metrics, for error messages: what it serves and on
 * which runtime, e.g. `serves a 'sklearn' model whose server exports other metrics: for protocol v2 KServe
 * auto-selects runtime 'kserve-mlserver', the highest-priority standard runtime for the format`.
 */
export function describeModelServer(model: Model | undefined, version: KServeVersion): string {
  if (!model) return 'runs a custom container whose server exports other metrics';
  const format = `a '${model.formatName}' model`;
  if (model.runtime) return `serves ${format} on runtime '${model.runtime}' whose server exports other metrics`;
  const selected = autoSelectedStandardRuntime(model, version);
  if (!selected) {
    const formatVersion = model.formatVersion !== undefined ? `format version '${model.formatVersion}', ` : '';
    return `serves ${format} that no standard runtime of KServe ${version.name} auto-selects (${formatVersion}`
      + `protocol ${model.effectiveProtocol.value}), so its server is unknown and may export other metrics`;
  }
  return `serves ${format} whose server exports other metrics: for protocol ${model.effectiveProtocol.value} KServe auto-selects `
    + `runtime '${selected.name}', the highest-priority standard runtime for the format`;
}
