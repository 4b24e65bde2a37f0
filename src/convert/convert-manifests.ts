import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { convertAlerts } from '../private/convert-alerts';
import { Code, ConvertScope, Identifiers, call, declaration, deferred, json, obj, print, quote, raw, str } from '../private/convert-code';
import { Scratch, equal } from '../private/convert-diff';
import { evaluate } from '../private/convert-eval';
import { convertGraph } from '../private/convert-graph';
import { convertService, modernise } from '../private/convert-isvc';
import { ConvertedConfigRef, LORA_CRITICALITIES_ANNOTATION, MODEL_CRITICALITY_ANNOTATION, baseRefKeys, convertLlm, llmStorageForm } from '../private/convert-llm';
import { MonitoredService, convertMonitor } from '../private/convert-monitor';
import { storageServiceAccountJson } from '../private/convert-pod';
import { convertRuntime } from '../private/convert-runtime';
import { versionSignals } from '../private/convert-version';
import { ManifestObject, isObject, jsonCopy, parseManifests } from '../private/convert-yaml';

/**
 * One YAML input of `convertManifests`: its text and the name it is reported under.
 * @category Platform
 */
export interface ConvertSource {
  /** The file name (or any label) notes and errors name. */
  readonly file: string;
  /** The YAML text: one or more documents (`---`), or a `kind: List`. */
  readonly text: string;
}

/**
 * Options of `convertManifests`.
 * @category Platform
 */
export interface ConvertOptions {
  /**
   * The KServe release the app targets (`v0.13`, `0.20.0`...); one `KServeVersion` supports.
   * @default - detected from what in the input only some releases accept: with fields or kinds that exist from some
   * release on (`storageUris`, `model.confidential`, `autoScaling`, the `keda` autoscaler class, LLMInferenceService
   * v1alpha2...), the oldest release that accepts every input object; with only modes spelled `Serverless` or
   * `RawDeployment`, the newest release before v0.16, which spells modes so; with nothing, KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: string;

  /**
   * Copy the values of input Secrets into the code (`SecretSource.unsafePlaintext`, or an ApiObject for a Secret no
   * service uses). Anyone who reads the code reads the credentials.
   * @default false: no value of a Secret reaches the code; a service's storage Secret is referenced by name
   * (`SecretSource.fromSecretName`) and must exist in the cluster, with a note to move it to an ExternalSecret
   */
  readonly allowPlaintextSecrets?: boolean;

  /**
   * The module the generated code imports the library from.
   * @default 'cdk8s-kserve'
   */
  readonly importFrom?: string;
}

/**
 * What the converter could not carry over as written, or carried over another way: one per object and field.
 * @category Platform
 */
export interface ConvertNote {
  /** The input file. */
  readonly file: string;
  /** The object, as `<kind> <namespace>/<name>`. */
  readonly object: string;
  /**
   * The field, as a dotted path (`spec.predictor.sklearn`).
   * @default - the note is about the whole object
   */
  readonly field?: string;
  /** What was done and why. */
  readonly message: string;
}

/**
 * The result of `convertManifests`.
 * @category Platform
 */
export interface ConvertResult {
  /**
   * The TypeScript of a cdk8s app: an exported `build(app: App)` that creates one Chart per namespace and the
   * constructs, and a trailer that runs it and synthesizes when the file is run directly.
   */
  readonly code: string;
  /** What was converted another way, kept as an escape hatch, or left out, in input order. */
  readonly notes: ConvertNote[];
}

/** Fields the API server sets; an app must not write them (the object's `status`, and these of `metadata`). */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp'];
/** kubectl's copy of the applied object: describes the input, not the app. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** The Secret keys of S3 credentials (pkg/credentials/s3/s3_secret.go, both tags). */
const S3_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
/** How a note about a field ends when the field is kept as written. */
const KEPT = 'kept as written';
/** The note of a field no typed prop expresses, kept by a JSON patch (convert-isvc.ts, convert-diff.ts): how it is kept. */
const GENERIC_KEPT = /^not expressed with the L2 API by the converter; kept as written, (as a JSON patch on the \w+)$/;
/** A statement left out after it was written (an input ServiceAccount a ModelStorageSecret writes). */
const DROPPED = '\u0000dropped';

/**
 * Converts KServe YAML into one readable TypeScript cdk8s app built with this library's L2 API, so existing manifests
 * can be adopted in one step (`npx cdk8s-kserve convert <files or dirs>` runs it on files).
 *
 * InferenceServices become `InferenceService` constructs (`Model.*` factories, `StorageUri.*`, replicas, resources as
 * cdk8s-plus `Cpu` and cdk8s `Size`, GPUs as `ExtendedResource`, `Autoscaling.*` policies, tolerations, env, probes,
 * volumes, the ServiceAccount, the deployment mode and the release), in one Chart per namespace. A typed value is
 * kept only when the library, rendering it, writes the input's fields back. Legacy predictor fields (`predictor.sklearn`...) are modernised as KServe's defaulting webhook does. The
 * seed's non-fields are converted to the real mechanisms: `s3.secretName` to a `ModelStorageSecret` of the existing
 * Secret, a `predictor.canary` block with `canaryTrafficPercent` to a `CanaryRollout`. ServingRuntimes and
 * ClusterServingRuntimes become those constructs, which the services naming them reference by object; InferenceGraphs
 * become `InferenceGraph`s of `GraphNode`s whose steps target the converted services by object; LLMInferenceServices
 * and LLMInferenceServiceConfigs become those constructs (the model and its LoRA adapters, replicas, parallelism, WVA
 * scaling, the CPU KV cache tier, the router's `{}` forms, gateway and HTTPRoute refs, the scheduler's replicas, pool by
 * name and pod; the template, worker and prefill pods' ServiceAccount, pull secrets, node selector, tolerations and
 * main container: image, command, args, env, probes, CPU, memory, GPUs), a service's `baseRefs` referencing the converted configs
 * by object where KServe would find them (the service's namespace, then `kserve`); a ServiceMonitor or
 * PodMonitor of a converted service becomes the library's monitor, and a PrometheusRule its `InferenceServiceAlerts`, when
 * that construct writes it exactly. A Secret's values never
 * reach the code unless `allowPlaintextSecrets` is set. What the L2 API cannot express is kept working as written: a
 * field as a JSON patch on the construct, an object of another kind as an `ApiObject` of its JSON; each is a note.
 *
 * Synthesizing the app gives the input objects back, after the normalisations the README lists ("Adopting existing
 * YAML"). Throws on input that is not YAML or not a Kubernetes object, naming the file.
 *
 * @example
 * const { code, notes } = convertManifests([{
 *   file: 'model.yaml',
 *   text: [
 *     'apiVersion: serving.kserve.io/v1beta1',
 *     'kind: InferenceService',
 *     'metadata: { name: sklearn-iris, namespace: ml }',
 *     'spec:',
 *     '  predictor:',
 *     '    sklearn: { storageUri: "gs://kfserving-examples/models/sklearn/1.0/model" }',
 *   ].join('\n'),
 * }], { version: 'v0.20' });
 * // code builds `new InferenceService(ml, 'sklearn-iris', { ... Model.sklearn(StorageUri.gcs(...)) ... })`;
 * // notes say that spec.predictor.sklearn was modernised to spec.predictor.model.
 * void code;
 * void notes;
 * @category Platform
 */
export function convertManifests(sources: ConvertSource[], options: ConvertOptions = {}): ConvertResult {
  // Our own rule (JavaScript callers): the same message for every wrong shape, naming what is expected.
  if (!Array.isArray(sources) || !sources.every(s => isObject(s) && typeof s.file === 'string' && typeof s.text === 'string')) {
    throw new Error('convertManifests(sources): sources must be an array of { file: string, text: string }');
  }
  if (!isObject(options)) throw new Error('convertManifests(sources, options): options must be an object');
  const notes: ConvertNote[] = [];
  const objects = sources.flatMap(source => parseManifests(source.file, source.text)).map(o => withoutServerFields(o, notes));
  // Core validation: every object has metadata.name (an ApiObject without one would get a generated name).
  for (const o of objects) {
    if (!isObject(o.value.metadata) || typeof o.value.metadata.name !== 'string' || o.value.metadata.name === '') {
      throw new Error(`${o.file}: document ${o.index} (${String(o.value.kind)}) has no metadata.name`);
    }
  }
  const version = options.version !== undefined ? supportedVersion(String(options.version)) : detectVersion(objects, notes);
  return new AppWriter(version, options, notes).write(objects);
}

/** `<kind> <namespace>/<name>`, as notes name an object. */
function describe(value: Record<string, unknown>): string {
  const metadata = value.metadata as Record<string, unknown>;
  return `${String(value.kind)} ${typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : ''}${String(metadata.name)}`;
}

/** How ConvertTo moved the criticalities of the v1alpha1 `input`, for the note ('' when it has none). */
function criticalityNote(input: Record<string, unknown>): string {
  const model = isObject(input.spec) && isObject(input.spec.model) ? input.spec.model : {};
  const adapters = isObject(model.lora) && Array.isArray(model.lora.adapters) ? model.lora.adapters : [];
  const moved: string[] = [];
  if (typeof model.criticality === 'string') moved.push(`spec.model.criticality as the annotation ${MODEL_CRITICALITY_ANNOTATION}`);
  if (adapters.some(a => isObject(a) && typeof a.criticality === 'string')) {
    moved.push(`the LoRA adapters' criticality as the annotation ${LORA_CRITICALITIES_ANNOTATION}`);
  }
  return moved.map(m => `, ${m}`).join('');
}

/** The object without the fields the API server sets (noted): what `kubectl get -o yaml` adds to an applied object. */
function withoutServerFields(o: ManifestObject, notes: ConvertNote[]): ManifestObject {
  const value = jsonCopy(o.value);
  const dropped: string[] = [];
  if (value.status !== undefined) dropped.push('status');
  delete value.status;
  if (isObject(value.metadata)) {
    const metadata = value.metadata;
    for (const key of SERVER_METADATA.filter(k => metadata[k] !== undefined)) {
      dropped.push(`metadata.${key}`);
      delete metadata[key];
    }
    if (isObject(metadata.annotations) && metadata.annotations[LAST_APPLIED] !== undefined) {
      dropped.push(`metadata.annotations['${LAST_APPLIED}']`);
      delete metadata.annotations[LAST_APPLIED];
      if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
    }
  }
  if (dropped.length > 0 && isObject(value.metadata)) {
    notes.push({ file: o.file, object: describe(value), message: `fields the API server sets are left out: ${dropped.join(', ')}` });
  }
  return { ...o, value };
}

/** The supported release `name` names; throws with the supported ones otherwise. */
// Our own rule, as KServeVersion.of's: only releases with facts and schemas here are supported.
function supportedVersion(name: string): KServeVersion {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(String(name).trim());
  const found = match && KServeVersion.all().find(v => v.major === Number(match[1]) && v.minor === Number(match[2]));
  if (!found) {
    throw new Error(`version '${name}' is not a KServe release this library supports; supported: ${KServeVersion.all().map(v => v.name).join(', ')}`);
  }
  return found;
}

/**
 * The release the input was written for, from what in it only some releases accept (convert-version.ts, read from
 * KServeVersion's facts): with a field or kind that exists from some release on, the oldest release that accepts every
 * signal; with only modes spelled the old way (`Serverless`, `RawDeployment`), the newest release that spells them so;
 * with signals no release accepts together, the oldest that accepts the fields (modes are respelled); with none, the
 * default release. Noted, naming what decided it.
 */
function detectVersion(objects: ManifestObject[], notes: ConvertNote[]): KServeVersion {
  // Only what some release rejects says something about the release.
  const signals = objects.flatMap(o => versionSignals(o.value).map(signal => ({ o, signal })))
    .filter(({ signal }) => !KServeVersion.all().every(v => signal.accepts(v)));
  const accepting = (list: typeof signals) => KServeVersion.all().filter(v => list.every(({ signal }) => signal.accepts(v)));
  const fields = signals.filter(s => s.signal.kind === 'since');
  const note = (decided: typeof signals, message: string) => {
    const [{ o, signal }] = decided;
    notes.push({ file: o.file, object: describe(o.value), field: signal.field, message });
  };
  const pass = ' (pass --version to target another release)';
  const all = accepting(signals);
  if (signals.length === 0) {
    const first = objects.find(o => ['InferenceService', 'ServingRuntime', 'ClusterServingRuntime', 'InferenceGraph'].includes(String(o.value.kind)));
    if (first) {
      notes.push({
        file: first.file,
        object: describe(first.value),
        message: `nothing in the input names a KServe release: the app targets ${KServeVersion.DEFAULT.name}${pass}`,
      });
    }
    return KServeVersion.DEFAULT;
  }
  if (all.length > 0 && fields.length === 0) {
    const version = all[all.length - 1];
    note(signals, `${signals[0].signal.what}: the app targets ${version.name}, the newest of them${pass}`);
    return version;
  }
  if (all.length > 0) {
    const version = all[0];
    // The signal that decided: one the release before does not accept.
    const decisive = fields.filter(({ signal }) => !KServeVersion.all().slice(0, KServeVersion.all().indexOf(version)).some(v => signal.accepts(v)));
    const decided = decisive.length > 0 ? decisive : fields;
    note(decided, `${decided[0].signal.what}: the app targets ${version.name}, the oldest release that accepts every input object${pass}`);
    return version;
  }
  const version = accepting(fields)[0] ?? KServeVersion.DEFAULT;
  note(fields, `${fields[0].signal.what}, but the input also has ${signals.filter(s => !fields.includes(s)).map(s => s.signal.what).join(', ')}`
    + `, which no release accepts together: the app targets ${version.name}, the oldest release with the fields${pass}`);
  return version;
}

/** A chart of the app: one per namespace, and one for objects without a namespace. */
interface ChartEntry {
  readonly variable: string;
  readonly ids: Set<string>;
}

/** A Secret of the input, by `<namespace>/<name>`, with whether a service used it. */
interface InputSecret {
  readonly object: ManifestObject;
  used: boolean;
}

/**
 * A ServiceAccount of the input, by `<namespace>/<name>`: the statements that write it once written (indexes into the
 * app's statements), and whether it is left out because a ModelStorageSecret writes the same object.
 */
interface InputAccount {
  readonly object: ManifestObject;
  statements?: number[];
  note?: ConvertNote;
  dropped: boolean;
}

/** A construct the generated code may refer to: its variable is declared only when something uses it (noUnusedLocals). */
interface Declared {
  readonly variable: string;
  used: boolean;
}

/**
 * The order objects are converted and written in: runtimes before the services that name them (LLMInferenceServiceConfigs
 * before the LLMInferenceServices whose baseRefs name them), graphs and monitors after
 * the services they target, alerts after the monitors they need; input order otherwise.
 */
function rank(o: ManifestObject): number {
  if (o.value.kind === 'ServingRuntime' || o.value.kind === 'ClusterServingRuntime' || o.value.kind === 'LLMInferenceServiceConfig') return 0;
  if (o.value.kind === 'InferenceGraph') return 2;
  if (o.value.kind === 'PrometheusRule') return 4;
  return MONITOR_KINDS.includes(String(o.value.kind)) ? 3 : 1;
}

const MONITOR_KINDS = ['ServiceMonitor', 'PodMonitor'];

/** A converted construct: its variable, and what rebuilding it in a scratch app from its code needs. */
interface ConvertedEntry extends Declared {
  readonly construct: Code;
  readonly namespace: string | undefined;
  readonly chart: string;
  /** The monitors converted for a service (their code names it by its variable). */
  readonly monitors?: Code[];
}

/** Builds the app's code from the objects, in input order within the order `rank` gives. */
class AppWriter {
  private readonly ids = new Identifiers();
  private readonly imports = { cdk8s: new Set<string>(['App']), kserve: new Set<string>(), kplus: false };
  private readonly charts = new Map<string, ChartEntry>();
  /** Lines of `build`; a function for a declaration decided at the end. */
  private readonly statements: Array<string | (() => string)> = [];
  /** Converted runtimes by `<namespace>/<name>` (ServingRuntimes) and `/<name>` (ClusterServingRuntimes). */
  private readonly runtimes = new Map<string, Declared>();
  /** Converted InferenceServices by `<namespace>/<name>`. */
  private readonly services = new Map<string, ConvertedEntry>();
  /** The scratch app of the converted runtimes: KServe checks a runtime against its peers. */
  private readonly scratch = new Scratch();
  /** The converted runtimes, in order (rebuilt with a service that a monitor is compared against). */
  private readonly convertedRuntimes: ConvertedEntry[] = [];
  private readonly secrets = new Map<string, InputSecret>();
  private readonly credentials = new Map<string, string>();
  private readonly accounts = new Map<string, InputAccount>();
  /** Converted LLMInferenceServiceConfigs by `<namespace>/<name>`. */
  private readonly llmConfigs = new Map<string, ConvertedConfigRef & Declared>();

  constructor(private readonly version: KServeVersion, private readonly options: ConvertOptions, private readonly notes: ConvertNote[]) {}

  public write(objects: ManifestObject[]): ConvertResult {
    for (const o of objects.filter(x => x.value.kind === 'Secret' && x.value.apiVersion === 'v1')) {
      this.secrets.set(this.key(o.value), { object: o, used: false });
    }
    for (const o of objects.filter(x => x.value.kind === 'ServiceAccount' && x.value.apiVersion === 'v1')) {
      this.accounts.set(this.key(o.value), { object: o, dropped: false });
    }
    const ordered = objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map(x => x.o);
    for (const o of ordered) {
      if (o.value.kind === 'Secret' && o.value.apiVersion === 'v1') continue;
      const account = this.accounts.get(this.key(o.value));
      if (account?.object === o && account.dropped) continue;
      if (o.value.kind === 'InferenceService') this.service(o);
      else if (o.value.kind === 'LLMInferenceService' || o.value.kind === 'LLMInferenceServiceConfig') this.llm(o);
      else if (rank(o) === 0) this.runtime(o);
      else if (o.value.kind === 'InferenceGraph') this.graph(o);
      else if (rank(o) === 3) this.monitor(o);
      else if (rank(o) === 4) this.alerts(o);
      else this.escapeHatch(o, `the converter does not convert ${String(o.value.kind)} objects yet`);
    }
    for (const secret of this.secrets.values()) {
      if (!secret.used) this.unusedSecret(secret.object);
    }
    return { code: this.code(objects), notes: this.notes };
  }

  private key(value: Record<string, unknown>): string {
    const metadata = value.metadata as Record<string, unknown>;
    return `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${String(metadata.name)}`;
  }

  private scope(o: ManifestObject): ConvertScope {
    const object = describe(o.value);
    return {
      note: (message, field) => {
        // A field kept as written for a reason already noted gets one note: the reason, then how it is kept.
        const how = GENERIC_KEPT.exec(message)?.[1];
        const earlier = how !== undefined && field !== undefined
          ? this.notes.findIndex(n => n.file === o.file && n.object === object && n.field === field && n.message.endsWith(KEPT))
          : -1;
        if (earlier >= 0) this.notes[earlier] = { ...this.notes[earlier], message: `${this.notes[earlier].message}, ${how}` };
        else this.notes.push({ file: o.file, object, ...(field !== undefined ? { field } : {}), message });
      },
      use: (module, name) => {
        this.imports[module].add(name);
        return name;
      },
      kplus: name => {
        this.imports.kplus = true;
        return `kplus.${name}`;
      },
      ids: this.ids,
    };
  }

  /** The chart of the object's namespace, created on first use. */
  private chart(value: Record<string, unknown>): ChartEntry {
    const namespace = (value.metadata as Record<string, unknown>).namespace;
    const name = typeof namespace === 'string' ? namespace : '';
    let chart = this.charts.get(name);
    if (!chart) {
      chart = { variable: this.ids.of(name || 'manifests', 'chart'), ids: new Set() };
      this.imports.cdk8s.add('Chart');
      this.charts.set(name, chart);
      const props = name ? obj([['namespace', str(name)]]) : undefined;
      this.statements.push(`const ${chart.variable} = ${print(call('new Chart', raw('app'), str(name || 'manifests'), props), '')};`);
    }
    return chart;
  }

  /** A construct id unique in the chart. */
  private id(chart: ChartEntry, base: string): string {
    let id = base;
    for (let n = 2; chart.ids.has(id); n++) id = `${base}-${n}`;
    chart.ids.add(id);
    return id;
  }

  private service(o: ManifestObject): void {
    const scope = this.scope(o);
    const value = modernise(o.value, scope);
    const chart = this.chart(value);
    const pending: string[] = [];
    const namespace = (value.metadata as Record<string, unknown>).namespace;
    const converted = convertService(value, {
      version: this.version,
      chart: chart.variable,
      storageSecret: secretName => this.storageSecret(chart, value, secretName, pending),
      id: base => this.id(chart, base),
      // KServe looks the name up as a ServingRuntime of the service's namespace, then a ClusterServingRuntime
      // (GetServingRuntime, pkg/controller/v1beta1/inferenceservice/utils/utils.go at v0.20.0 and v0.13.1).
      runtime: name => {
        const runtime = this.runtimes.get(`${typeof namespace === 'string' ? namespace : ''}/${name}`) ?? this.runtimes.get(`/${name}`);
        if (!runtime) return undefined;
        runtime.used = true;
        return runtime.variable;
      },
    }, scope);
    if (typeof converted === 'string') {
      this.escapeHatch({ ...o, value }, `the InferenceService is not converted: ${converted}`);
      return;
    }
    const declared: ConvertedEntry = {
      variable: converted.variable,
      used: converted.statements.length > 0,
      construct: converted.construct,
      namespace: typeof namespace === 'string' ? namespace : undefined,
      chart: chart.variable,
      monitors: [],
    };
    this.services.set(this.key(value), declared);
    this.statements.push('', `// ${o.file}: ${describe(value)}`, ...pending, () => declaration(declared.variable, converted.construct, declared.used),
      ...converted.statements);
  }

  private runtime(o: ManifestObject): void {
    const cluster = o.value.kind === 'ClusterServingRuntime';
    const chart = this.chart(cluster ? { ...o.value, metadata: { ...o.value.metadata as object, namespace: undefined } } : o.value);
    const part = deferred(this.scope(o));
    const converted = convertRuntime(o.value, {
      version: this.version, chart: chart.variable, id: base => this.id(chart, base), scratch: this.scratch,
    }, part.scope);
    if (typeof converted === 'string') {
      this.escapeHatch(o, `the ${String(o.value.kind)} is not converted: ${converted}`);
      return;
    }
    part.commit();
    const declared: Declared = { variable: converted.variable, used: converted.statements.length > 0 };
    const namespace = cluster ? undefined : this.namespaceOf(o.value);
    this.convertedRuntimes.push({ ...declared, construct: converted.construct, namespace, chart: chart.variable });
    this.runtimes.set(cluster ? `/${String((o.value.metadata as Record<string, unknown>).name)}` : this.key(o.value), declared);
    this.statements.push('', `// ${o.file}: ${describe(o.value)}`, () => declaration(declared.variable, converted.construct, declared.used),
      ...converted.statements);
  }

  /** An LLMInferenceService or LLMInferenceServiceConfig; a service's baseRefs name the converted configs by object. */
  private llm(input: ManifestObject): void {
    const kind = String(input.value.kind);
    // v1alpha1 on a release that stores v1alpha2: written as its conversion webhook stores it, like `modernise` (convert-llm.ts).
    const stored = llmStorageForm(input.value, this.version);
    if (typeof stored === 'string') {
      this.escapeHatch(input, `the ${kind} is not converted: it is ${String(input.value.apiVersion)}, which KServe ${this.version.name} stores `
        + `as ${String(this.version._facts.llmApiVersion)} through its conversion webhook (ConvertTo), and that conversion is not exact here: ${stored}`);
      return;
    }
    if (stored !== undefined) {
      this.scope(input).note(`${describe(input.value)} is written as ${String(stored.apiVersion)}, which is what the API server of KServe `
        + `${this.version.name} stores for the ${String(input.value.apiVersion)} input (its conversion webhook, ConvertTo)`
        + `${criticalityNote(input.value)}; kubectl get ${kind.toLowerCase()}s.v1alpha1.serving.kserve.io still shows it as v1alpha1`);
    }
    const o = stored !== undefined ? { ...input, value: stored } : input;
    const chart = this.chart(o.value);
    const part = deferred(this.scope(o));
    const namespace = this.namespaceOf(o.value);
    const converted = convertLlm(o.value, {
      version: this.version,
      chart: chart.variable,
      id: base => this.id(chart, base),
      config: name => baseRefKeys(namespace, name).map(key => this.llmConfigs.get(key)).find(c => c !== undefined),
    }, part.scope);
    if (typeof converted === 'string') {
      this.escapeHatch(o, `the ${kind} is not converted: ${converted}`);
      return;
    }
    part.commit();
    for (const entry of this.llmConfigs.values()) if (converted.configs.includes(entry)) entry.used = true;
    const declared: Declared = { variable: converted.variable, used: converted.statements.length > 0 };
    if (kind === 'LLMInferenceServiceConfig') {
      // Built once per scratch app of a service that references it.
      const built = new WeakMap<Scratch, ReturnType<ConvertedConfigRef['rebuild']>>();
      const entry: ConvertedConfigRef & Declared = Object.assign(declared, {
        rebuild: (scratch: Scratch) => built.get(scratch) ?? built.set(scratch, converted.rebuild(scratch) as never).get(scratch)!,
      });
      this.llmConfigs.set(this.key(o.value), entry);
    }
    this.statements.push('', `// ${o.file}: ${describe(o.value)}`, () => declaration(declared.variable, converted.construct, declared.used),
      ...converted.statements);
  }

  private graph(o: ManifestObject): void {
    const chart = this.chart(o.value);
    const part = deferred(this.scope(o));
    const namespace = (o.value.metadata as Record<string, unknown>).namespace;
    const key = (name: string) => `${typeof namespace === 'string' ? namespace : ''}/${name}`;
    const converted = convertGraph(o.value, {
      version: this.version,
      chart: chart.variable,
      id: base => this.id(chart, base),
      service: name => this.services.get(key(name))?.variable,
    }, part.scope);
    if (typeof converted === 'string') {
      this.escapeHatch(o, `the InferenceGraph is not converted: ${converted}`);
      return;
    }
    part.commit();
    for (const name of converted.services) this.services.get(key(name))!.used = true;
    this.statements.push('', `// ${o.file}: ${describe(o.value)}`, ...converted.nodes,
      declaration(converted.variable, converted.construct, converted.statements.length > 0), ...converted.statements);
  }

  private monitor(o: ManifestObject): void {
    const chart = this.chart(o.value);
    const part = deferred(this.scope(o));
    const namespace = (o.value.metadata as Record<string, unknown>).namespace;
    const converted = convertMonitor(o.value, {
      chart: chart.variable,
      id: base => this.id(chart, base),
      service: name => this.monitored(`${typeof namespace === 'string' ? namespace : ''}/${name}`),
    }, part.scope);
    if (typeof converted === 'string') {
      this.escapeHatch(o, `the ${String(o.value.kind)} is not converted: ${converted}`);
      return;
    }
    part.commit();
    const service = this.services.get(`${typeof namespace === 'string' ? namespace : ''}/${converted.service}`)!;
    service.used = true;
    service.monitors!.push(converted.construct);
    this.statements.push('', `// ${o.file}: ${describe(o.value)}`, declaration('', converted.construct, false));
  }

  private alerts(o: ManifestObject): void {
    const chart = this.chart(o.value);
    const part = deferred(this.scope(o));
    const namespace = this.namespaceOf(o.value) ?? '';
    const converted = convertAlerts(o.value, {
      chart: chart.variable,
      id: base => this.id(chart, base),
      service: name => this.monitored(`${namespace}/${name}`),
    }, part.scope);
    if (typeof converted === 'string') {
      this.escapeHatch(o, `the PrometheusRule is not converted: ${converted}`);
      return;
    }
    part.commit();
    this.services.get(`${namespace}/${converted.service}`)!.used = true;
    this.statements.push('', `// ${o.file}: ${describe(o.value)}`, declaration('', converted.construct, false));
  }

  /**
   * The service `key` as a monitor needs it: rebuilt in a scratch app from its own generated code, after the converted
   * runtimes (the runtime decides the model server's metrics port), so the monitor is compared as the app will build it.
   */
  private monitored(key: string): MonitoredService | undefined {
    const entry = this.services.get(key);
    if (!entry) return undefined;
    const runtimes = this.convertedRuntimes;
    return {
      variable: entry.variable,
      rebuild: (scratch: Scratch) => {
        const env: Record<string, unknown> = {};
        for (const runtime of runtimes) env[runtime.variable] = evaluate(runtime.construct, { [runtime.chart]: scratch.chart(runtime.namespace) });
        const chart = scratch.chart(entry.namespace);
        const service = evaluate(entry.construct, { ...env, [entry.chart]: chart }) as InferenceService;
        for (const monitor of entry.monitors ?? []) evaluate(monitor, { [entry.chart]: chart, [entry.variable]: service });
        return service;
      },
    };
  }

  private namespaceOf(value: Record<string, unknown>): string | undefined {
    const namespace = (value.metadata as Record<string, unknown>).namespace;
    return typeof namespace === 'string' ? namespace : undefined;
  }

  /**
   * The variable of the ModelStorageSecret for the Secret `secretName` of the service's namespace, written into `pending`
   * on first use: the existing Secret by name (its values stay out of the code, with a TODO) unless plaintext is allowed.
   */
  private storageSecret(chart: ChartEntry, service: Record<string, unknown>, secretName: string, pending: string[]): string | undefined {
    const namespace = (service.metadata as Record<string, unknown>).namespace;
    const key = `${typeof namespace === 'string' ? namespace : ''}/${secretName}`;
    const known = this.credentials.get(key);
    if (known) return known;
    const input = this.secrets.get(key);
    if (input) input.used = true;
    const scope = this.scope(input?.object ?? { file: '', index: 0, value: { kind: 'Secret', metadata: { name: secretName, namespace } } });
    const values = input && this.options.allowPlaintextSecrets ? plainS3Values(input.object.value) : undefined;
    if (!this.storageAccountFree(key, typeof namespace === 'string' ? namespace : undefined, secretName, values, service)) {
      scope.note(`the storage Secret is read through the input ServiceAccount '${secretName}', kept as written: its values are not copied `
        + 'into the code; keep the Secret in the cluster as it is');
      return undefined;
    }
    const variable = this.ids.of(secretName);
    this.credentials.set(key, variable);
    const source = scope.use('kserve', 'SecretSource');
    if (values) {
      scope.note('the Secret\'s values are copied into the code (allowPlaintextSecrets): anyone who reads the code reads them; '
        + 'move them to a secret store (SecretSource.externalSecret). The Secret is written without type (Opaque, the default)');
    } else {
      const where = input
        ? 'its values are not copied into the code: keep the Secret in the cluster as it is'
        : 'the Secret is not in the input and must exist in the cluster';
      scope.note(`the storage Secret is referenced by name (SecretSource.fromSecretName): ${where}. TODO: move it to an ExternalSecret `
        + '(SecretSource.externalSecret({ store, remoteKey }))');
      pending.push(`// TODO: the Secret '${secretName}' is used by name; move it to an ExternalSecret (SecretSource.externalSecret).`);
    }
    const props = values
      ? obj([['name', str(secretName)], ['source', call(`${source}.unsafePlaintext`, json(values))]])
      : obj([['source', call(`${source}.fromSecretName`, str(secretName))]]);
    const factory = `${scope.use('kserve', 'ModelStorageSecret')}.s3`;
    pending.push(`const ${variable} = ${print(call(factory, raw(chart.variable), str(this.id(chart, secretName)), props), '', 8 + variable.length)};`);
    return variable;
  }

  /**
   * Whether the ModelStorageSecret of the Secret `secretName` may write its ServiceAccount (named like the Secret): yes
   * when the input has no ServiceAccount of that name, or one identical to it, which is then left out (noted) so the
   * object is written once. An input ServiceAccount that differs is kept as written and the service runs as it (noted).
   */
  private storageAccountFree(key: string, namespace: string | undefined, secretName: string, values: Record<string, string> | undefined,
    service: Record<string, unknown>): boolean {
    const account = this.accounts.get(key);
    if (!account) return true;
    const scope = this.scope(account.object);
    if (equal(account.object.value, storageServiceAccountJson(namespace, secretName, values))) {
      account.dropped = true;
      for (const i of account.statements ?? []) this.statements[i] = DROPPED;
      if (account.note) this.notes.splice(this.notes.indexOf(account.note), 1);
      scope.note(`the ServiceAccount is the one the ModelStorageSecret of the Secret '${secretName}' writes (for ${describe(service)}): `
        + 'it is written once, by that ModelStorageSecret');
      return true;
    }
    scope.note(`the ServiceAccount is named like the storage Secret '${secretName}' of ${describe(service)} but is not the one a `
      + 'ModelStorageSecret writes (automountServiceAccountToken: false, the Secret as its only secret, no other field): it is kept as '
      + 'written and the service runs as it (serviceAccount), with no ModelStorageSecret. TODO: make sure it lists the Secret in its secrets');
    return false;
  }

  /** A Secret no service uses: copied only with allowPlaintextSecrets, else left out with a note. */
  private unusedSecret(o: ManifestObject): void {
    if (this.options.allowPlaintextSecrets) {
      this.escapeHatch(o, 'no converted service uses this Secret; its values are copied into the code (allowPlaintextSecrets)');
      return;
    }
    this.scope(o).note('no converted service uses this Secret and its values are not copied into the code: it is left out of the app. '
      + 'TODO: keep it in the cluster or manage it with an ExternalSecret (or pass --allow-plaintext-secrets)');
  }

  /** The object as an ApiObject of its JSON, noted. */
  private escapeHatch(o: ManifestObject, reason: string): void {
    const chart = this.chart(o.value);
    const kind = String(o.value.kind).toLowerCase();
    const id = this.id(chart, `${kind}-${String((o.value.metadata as Record<string, unknown>).name)}`);
    this.scope(o).note(`${reason}; it is kept as written, as an ApiObject (the escape hatch)`);
    const apiObject = `new ${this.scope(o).use('cdk8s', 'ApiObject')}`;
    const account = this.accounts.get(this.key(o.value));
    if (account?.object === o) {
      account.note = this.notes[this.notes.length - 1];
      account.statements = [0, 1, 2].map(i => this.statements.length + i);
    }
    this.statements.push('', `// ${o.file}: ${describe(o.value)}`, `${print(call(apiObject, raw(chart.variable), str(id), json(o.value)), '')};`);
  }

  private code(objects: ManifestObject[]): string {
    const files = [...new Set(objects.map(o => o.file))];
    const importFrom = this.options.importFrom ?? 'cdk8s-kserve';
    const names = (set: Set<string>) => [...set].sort().join(', ');
    const statements = this.statements.map(s => (typeof s === 'string' ? s : s())).filter(s => s !== DROPPED);
    // The app type-checks with noUnusedLocals: no ApiObject import when the only one was a dropped ServiceAccount.
    if (!statements.some(s => s.includes('new ApiObject('))) this.imports.cdk8s.delete('ApiObject');
    const lines = [
      `// Generated by \`cdk8s-kserve convert\` (KServe ${this.version.name}) from ${files.join(', ') || 'no files'}.`,
      `import { ${names(this.imports.cdk8s)} } from 'cdk8s';`,
      ...(this.imports.kplus ? ["import * as kplus from 'cdk8s-plus-28';"] : []),
      ...(this.imports.kserve.size > 0 ? [`import { ${names(this.imports.kserve)} } from ${quote(importFrom)};`] : []),
      '',
      '/** Builds the converted objects into `app`. */',
      'export function build(app: App): void {',
      ...statements.map(s => (s === '' ? '' : s.split('\n').map(line => `  ${line}`).join('\n'))),
      '}',
      '',
      'if (require.main === module) {',
      '  const app = new App();',
      '  build(app);',
      '  app.synth();',
      '}',
      '',
    ];
    return lines.join('\n');
  }
}

/** The S3 keys of a plain Secret (stringData, or base64 data) when it holds only them; undefined otherwise. */
function plainS3Values(secret: Record<string, unknown>): Record<string, string> | undefined {
  const metadata = secret.metadata as Record<string, unknown>;
  const extra = Object.keys(secret).filter(k => !['apiVersion', 'kind', 'metadata', 'type', 'data', 'stringData'].includes(k));
  const plainMetadata = Object.keys(metadata).every(k => ['name', 'namespace'].includes(k));
  if (extra.length > 0 || !plainMetadata || (secret.type !== undefined && secret.type !== 'Opaque')) return undefined;
  const values: Record<string, string> = {};
  if (isObject(secret.data)) {
    for (const [k, v] of Object.entries(secret.data)) values[k] = Buffer.from(String(v), 'base64').toString('utf8');
  }
  if (isObject(secret.stringData)) Object.assign(values, secret.stringData);
  const keys = Object.keys(values);
  return keys.length > 0 && keys.every(k => S3_KEYS.includes(k) && typeof values[k] === 'string') ? values : undefined;
}
