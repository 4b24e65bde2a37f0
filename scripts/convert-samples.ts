/*
 * Which of KServe's documented samples the converter round-trips, and why not the rest (issue #21). For each
 * `docs/samples/**\/*.yaml` of a KServe git directory at each tag, read at run time with `git show` (no sample is copied
 * into this repo): the file alone goes through `convertManifests` with the tag's release, the generated app is run and
 * synthesized, and the objects are compared with the input after the normalisations the README lists ("Adopting
 * existing YAML"). Writes docs/kserve-samples.md (test/convert-samples-doc.test.ts checks it without the mirror).
 *
 *   npx tsx scripts/convert-samples.ts [--git-dir <kserve git dir>] [--out docs/kserve-samples.md] [--diffs <file>] [tags...]
 *
 * Defaults: the KServe mirror (/work/.mirror/kserve+kserve/repo, or $KSERVE_GIT_DIR), tags v0.13.1 and v0.20.0. With the
 * default `--out`, the summary lines also go into README.md between its kserve-samples markers. The differences of a
 * sample whose round trip differs (a converter bug) are printed in full to stderr (or `--diffs`); the document names only
 * the fields. `--json` writes the results as data.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { convertManifests } from '../src/convert/convert-manifests';
import { DeploymentMode } from '../src/deployment-mode';
import { KServeVersion } from '../src/kserve-version';
import { fieldOf, pointerSegment } from '../src/private/convert-fields';
import { buildConvertedApp } from '../test/util/converted-app';
import { KServeSchemaVersion, validateObjects } from '../test/util/schema-validator';

type Json = Record<string, any>;

export const DEFAULT_GIT_DIR = process.env.KSERVE_GIT_DIR ?? '/work/.mirror/kserve+kserve/repo';
export const DEFAULT_TAGS = ['v0.13.1', 'v0.20.0'];
export const DOC = path.resolve(__dirname, '..', 'docs', 'kserve-samples.md');
export const README = path.resolve(__dirname, '..', 'README.md');
/** The README lines between these markers are the summary lines of the document (written with it). */
export const README_START = '<!-- kserve-samples:start -->';
export const README_END = '<!-- kserve-samples:end -->';
const SAMPLES_DIR = 'docs/samples/';

/** The outcomes, best first: a sample's outcome is the worst of its objects'. */
export const OUTCOMES = ['typed', 'typed+patches', 'kept', 'not converted', 'round trip differs'] as const;
export type Outcome = typeof OUTCOMES[number];

// --- reading the samples -----------------------------------------------------------------------------------------------

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The sample files of `tag`, sorted. */
function samplesAt(gitDir: string, tag: string): string[] {
  return git(gitDir, 'ls-tree', '-r', '--name-only', tag, '--', SAMPLES_DIR)
    .split('\n').filter(f => /\.ya?ml$/.test(f)).sort();
}

/** The release a tag names, as `convertManifests` takes it (`v0.13.1` → `v0.13`). */
function releaseOf(tag: string): KServeVersion {
  const match = /^v?(\d+)\.(\d+)/.exec(tag);
  const found = match && KServeVersion.all().find(v => v.major === Number(match[1]) && v.minor === Number(match[2]));
  // Our own rule: only tags of a release the library supports can be converted for.
  if (!found) throw new Error(`tag '${tag}' is not a KServe release the library supports (${KServeVersion.all().map(v => v.name).join(', ')})`);
  return found;
}

// --- running the generated app -----------------------------------------------------------------------------------------

/** A synthesized object with the construct that wrote it. */
interface Written {
  readonly json: Json;
  readonly apiObject: ApiObject;
}

/**
 * Runs a generated app (test/util/converted-app.ts, as the converter's tests do) and returns each object it synthesizes
 * with its ApiObject.
 */
function runApp(code: string): Written[] {
  const app = buildConvertedApp(code);
  const written: Written[] = [];
  for (const chart of app.charts) {
    const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    const synthesized = Testing.synth(chart) as Json[];
    // Testing.synth writes the chart's ApiObjects in the order findAll gives them (Chart.toJson).
    const byJson = new Map(objects.map(o => [JSON.stringify(o.toJson()), o] as const));
    for (const json of synthesized) {
      const apiObject = byJson.get(JSON.stringify(json));
      // Our own rule: every synthesized object comes from one ApiObject of the chart.
      if (!apiObject) throw new Error(`synthesized ${identity(json)} matches no ApiObject of the app`);
      written.push({ json, apiObject });
    }
  }
  return written;
}

/** An object written by `new ApiObject(chart, id, json)` in the generated app: the escape hatch. */
function isKept(apiObject: ApiObject): boolean {
  return apiObject.constructor === ApiObject && apiObject.node.scope instanceof Chart;
}

/** The JSON patches on an ApiObject (cdk8s keeps them private). */
function patchesOf(apiObject: ApiObject): Array<{ op: string; path: string }> {
  const patches = (apiObject as unknown as { patches: JsonPatch[] }).patches ?? [];
  return patches.map(p => (p as unknown as { operation: { op: string; path: string } }).operation);
}

// --- the documented normalisations (README "Adopting existing YAML"), applied to a copy of the input ------------------

const LEGACY = ['sklearn', 'xgboost', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'lightgbm', 'paddle'];
const LEGACY_V2 = ['triton', 'onnx', 'huggingface'];
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MODE = 'serving.kserve.io/deploymentMode';
const COMPONENTS = ['predictor', 'transformer', 'explainer'];
const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const BINARY = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** 6. Without status, the metadata the API server sets, kubectl's last-applied annotation, and null values. */
function serverFields(value: unknown): unknown {
  const strip = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip)
    : isObject(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, strip(x)])) : v);
  const object = strip(value) as Json;
  delete object.status;
  if (isObject(object.metadata)) {
    for (const key of SERVER_METADATA) delete object.metadata[key];
    if (isObject(object.metadata.annotations)) {
      delete object.metadata.annotations[LAST_APPLIED];
      if (Object.keys(object.metadata.annotations).length === 0) delete object.metadata.annotations;
    }
  }
  return object;
}

/** 1. A legacy predictor field (`predictor.sklearn`...) as `predictor.model` with that modelFormat (v2 for some). */
function modernised(isvc: Json): void {
  const predictor = isvc.spec?.predictor;
  if (!isObject(predictor) || predictor.model !== undefined) return;
  const legacy = LEGACY.filter(f => isObject(predictor[f]));
  if (legacy.length !== 1) return;
  const [format] = legacy;
  const block = predictor[format];
  delete predictor[format];
  predictor.model = { modelFormat: { name: format }, ...block, ...(block.protocolVersion === undefined && LEGACY_V2.includes(format) ? { protocolVersion: 'v2' } : {}) };
}

/**
 * 13. A v1alpha1 LLM object the app writes as v1alpha2 (on v0.17 and later, as KServe's ConvertTo stores it): that
 * apiVersion, the model's criticality and the LoRA adapters' as ConvertTo's annotations (the adapters' as JSON by index).
 */
function llmStored(o: Json, written: ApiObject | undefined): void {
  if (!['LLMInferenceService', 'LLMInferenceServiceConfig'].includes(o.kind) || o.apiVersion !== 'serving.kserve.io/v1alpha1'
    || written?.apiVersion !== 'serving.kserve.io/v1alpha2') return;
  o.apiVersion = written.apiVersion;
  const model = isObject(o.spec) && isObject(o.spec.model) ? o.spec.model : undefined;
  if (!model) return;
  const annotations: Json = {};
  if (typeof model.criticality === 'string') annotations['internal.serving.kserve.io/model-criticality'] = model.criticality;
  delete model.criticality;
  const adapters: unknown[] = Array.isArray(model.lora?.adapters) ? model.lora.adapters : [];
  const byIndex: Json = {};
  adapters.forEach((a, i) => {
    if (isObject(a) && typeof a.criticality === 'string') byIndex[String(i)] = a.criticality;
    if (isObject(a)) delete a.criticality;
  });
  const keys = Object.keys(byIndex).sort();
  if (keys.length > 0) annotations['internal.serving.kserve.io/lora-criticalities'] = `{${keys.map(k => `"${k}":${JSON.stringify(byIndex[k])}`).join(',')}}`;
  if (Object.keys(annotations).length > 0) o.metadata = { ...o.metadata, annotations: { ...o.metadata?.annotations, ...annotations } };
}

/** 2. The deployment mode annotation, in the release's spelling (none: Knative, KServe's default). */
function modeAnnotation(isvc: Json, version: KServeVersion): void {
  const given = isvc.metadata.annotations?.[MODE];
  const standard = ['RawDeployment', 'Standard'].includes(given);
  if (given !== undefined && !standard && !['Serverless', 'Knative'].includes(given)) return;
  const mode = standard ? DeploymentMode.STANDARD : DeploymentMode.KNATIVE;
  isvc.metadata.annotations = { ...isvc.metadata.annotations, [MODE]: mode.annotationValue(version) };
}

/** 3. A memory or storage quantity in the largest binary unit that holds it exactly (decimal units stay). */
function binaryQuantity(value: unknown): unknown {
  const match = /^(\d+)(Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(String(value));
  if (!match) return value;
  let amount = BigInt(match[1]) * 1024n ** BigInt(match[2] ? BINARY.indexOf(match[2]) + 1 : 0);
  let unit = 0;
  while (unit < BINARY.length && amount > 0n && amount % 1024n === 0n) {
    amount /= 1024n;
    unit++;
  }
  return `${amount}${unit > 0 ? BINARY[unit - 1] : ''}`;
}

/**
 * 3 and 8. Every `resources` of the object: memory and storage in binary units, CPU and counts as strings, an extended
 * resource given as a limit only with the same request.
 */
function quantities(value: unknown): void {
  visit(value, (key, node) => {
    if (key !== 'resources' || !isObject(node) || !(isObject(node.requests) || isObject(node.limits))) return;
    for (const bound of ['requests', 'limits']) {
      const map = node[bound];
      if (!isObject(map)) continue;
      for (const [name, quantity] of Object.entries(map)) {
        if (['memory', 'ephemeral-storage', 'storage'].includes(name)) map[name] = binaryQuantity(quantity);
        else if (typeof quantity === 'number') map[name] = String(quantity);
      }
    }
    if (!isObject(node.limits)) return;
    for (const [name, limit] of Object.entries(node.limits)) {
      if (['cpu', 'memory', 'ephemeral-storage', 'storage'].includes(name) || node.requests?.[name] !== undefined) continue;
      node.requests = { ...node.requests, [name]: limit };
    }
  });
}

/** 9–11. Kubernetes' defaults: a toleration's operator, a probe's failureThreshold and httpGet scheme, a claim's readOnly. */
function kubernetesDefaults(value: unknown): void {
  visit(value, (key, node) => {
    if (key === 'tolerations' && Array.isArray(node)) for (const t of node) if (isObject(t)) t.operator ??= 'Equal';
    if (PROBES.includes(key) && isObject(node)) {
      node.failureThreshold ??= 3;
      if (isObject(node.httpGet)) node.httpGet.scheme ??= 'HTTP';
    }
    if (key === 'persistentVolumeClaim' && isObject(node)) node.readOnly ??= false;
  });
}

/** 12. A custom container of a component without securityContext, with the library's secure defaults; ports with TCP. */
function customSecurity(isvc: Json): void {
  for (const component of COMPONENTS) {
    const containers = isvc.spec?.[component]?.containers;
    if (!Array.isArray(containers) || !isObject(containers[0])) continue;
    const container = containers[0];
    container.securityContext ??= { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } };
    for (const port of container.ports ?? []) if (isObject(port)) port.protocol ??= 'TCP';
  }
}

/** 4 and 5. The seed's non-fields: `s3.secretName` as the ServiceAccount the service runs as; the canary block left out. */
function nonFields(isvc: Json): Json[] {
  const predictor = isvc.spec?.predictor;
  if (!isObject(predictor)) return [];
  delete predictor.canary;
  const secretName = predictor.model?.s3?.secretName;
  if (typeof secretName !== 'string') return [];
  delete predictor.model.s3;
  predictor.serviceAccountName = secretName;
  return [{
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: secretName, ...(isvc.metadata.namespace !== undefined ? { namespace: isvc.metadata.namespace } : {}) },
    secrets: [{ name: secretName }],
    automountServiceAccountToken: false,
  }];
}

/** The segments of a JSON pointer (RFC 6901). */
function segments(pointer: string): string[] {
  return pointer.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at the path `keys`, or undefined. */
function at(value: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((v, k) => (isObject(v) || Array.isArray(v) ? (v as Json)[k] : undefined), value);
}

/** The value at a JSON pointer, or undefined. */
function pointerGet(value: unknown, pointer: string): unknown {
  return at(value, segments(pointer));
}

/** Sets the value at a JSON pointer whose parent exists (undefined: removes it). */
function pointerSet(value: unknown, pointer: string, to: unknown): void {
  const keys = segments(pointer);
  const parent = at(value, keys.slice(0, -1));
  if (!isObject(parent) && !Array.isArray(parent)) return;
  const last = keys[keys.length - 1];
  if (to === undefined) delete (parent as Json)[last];
  else (parent as Json)[last] = to;
}

/** Calls `f` on every (key, value) under `value`. */
function visit(value: unknown, f: (key: string, node: unknown) => void): void {
  if (Array.isArray(value)) {value.forEach(v => visit(v, f));} else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      f(k, v);
      visit(v, f);
    }
  }
}

/**
 * The objects the app must write for `input`, after the normalisations: all of them get 6 (and InferenceServices 1, as
 * the converter modernises a service before it decides how to write it); an object an L2 construct writes gets the
 * rest; a Secret is not written (its values never reach the code without allowPlaintextSecrets).
 */
function expectedObjects(input: Json[], version: KServeVersion, writer: (o: Json) => ApiObject | undefined): Json[] {
  const out: Json[] = [];
  for (const original of input) {
    if (original.kind === 'Secret' && original.apiVersion === 'v1') continue;
    const o = serverFields(structuredClone(original)) as Json;
    if (o.kind === 'InferenceService') modernised(o);
    const apiObject = writer(o);
    llmStored(o, apiObject);
    if (apiObject && !isKept(apiObject)) {
      // What a JSON patch adds or replaces is the input as written: no normalisation applies under it.
      const asWritten = patchesOf(apiObject).filter(p => p.op !== 'remove').map(p => [p.path, structuredClone(pointerGet(o, p.path))] as const);
      if (o.kind === 'InferenceService') {
        modeAnnotation(o, version);
        out.push(...nonFields(o));
        customSecurity(o);
      }
      if (['ServingRuntime', 'ClusterServingRuntime'].includes(o.kind)) o.spec.multiModel ??= false;
      quantities(o);
      kubernetesDefaults(o);
      for (const [pointer, value] of asWritten) pointerSet(o, pointer, value);
    }
    out.push(o);
  }
  return out;
}

// --- classifying a sample ----------------------------------------------------------------------------------------------

function identity(o: Json): string {
  const ns = typeof o.metadata?.namespace === 'string' ? `${o.metadata.namespace}/` : '';
  return `${o.kind} ${ns}${o.metadata?.name}`;
}

/** Deep equality of JSON values (key order does not matter, list order does). */
function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.keys(v).filter(k => v[k] !== undefined).sort().map(k => [k, sorted(v[k])]));
}

/** The differences from `wanted` (the normalised input) to `written`, each as [pointer, input value, written value]. */
function differences(wanted: unknown, written: unknown, pointer = ''): Array<[string, unknown, unknown]> {
  if (equal(wanted, written)) return [];
  if (isObject(wanted) && isObject(written)) {
    const keys = [...new Set([...Object.keys(wanted), ...Object.keys(written)])].sort();
    return keys.flatMap(k => differences(wanted[k], written[k], `${pointer}/${pointerSegment(k)}`));
  }
  if (Array.isArray(wanted) && Array.isArray(written) && wanted.length === written.length) {
    return wanted.flatMap((w, i) => differences(w, written[i], `${pointer}/${i}`));
  }
  return [[pointer, wanted, written]];
}

/** Quoted values of a converter note left out (the document describes reasons; it does not copy sample values). */
function withoutValues(message: string): string {
  return message.replace(/'[^']*'/g, '…').replace(/\{[^}]*\}/g, '…');
}

/** KServe kinds (serving.kserve.io) the converter keeps as written, so far. */
const KSERVE_GROUP = /^serving\.kserve\.io\//;

/** Why an object is an ApiObject, in a group and a detail, from the converter's note on it. */
function keptWhy(note: string | undefined, o: Json): Reason {
  const m = note ?? '';
  const kind = /does not convert (\S+) objects yet/.exec(m)?.[1];
  if (kind) {
    return KSERVE_GROUP.test(String(o.apiVersion))
      ? { group: 'a KServe kind the converter does not type yet', detail: kind, row: `a ${kind}: a KServe kind the converter does not type yet` }
      : { group: 'not a KServe serving object (Kubernetes, Knative, Istio, Fluid, Prometheus, Kafka...)', detail: kind, row: `a ${kind}, not a KServe serving object` };
  }
  const apiVersion = /apiVersion '([^']+)' is not serving\.kserve\.io\/v1beta1/.exec(m)?.[1];
  if (apiVersion) return { group: 'an InferenceService of an older API group or version', detail: apiVersion };
  if (/neither a model nor a single kserve-container/.test(m)) {
    return { group: 'a custom predictor that is not one kserve-container', detail: containersOf(o.spec?.predictor) };
  }
  if (/model has no storageUri/.test(m)) {
    const model = o.spec?.predictor?.model ?? LEGACY.map(f => o.spec?.predictor?.[f]).find(isObject);
    return {
      group: 'a model without storageUri: a storage spec (not converted yet), or no storage (multi-model serving: TrainedModels add the models)',
      detail: isObject(model) && model.storage !== undefined ? 'storage spec' : 'no storage',
      row: isObject(model) && model.storage !== undefined ? 'a model with a storage spec and no storageUri (not converted yet)'
        : 'a model without storage (multi-model serving: TrainedModels add the models)',
    };
  }
  if (/'latest' tag|has no tag or digest/.test(m)) {
    const where = /(spec\.\w+)\.container\.image/.exec(m)?.[1];
    return { group: 'the library rejects its image: not pinned (the `latest` tag, or no tag)', detail: where ? `${where} image` : `${String(o.kind)} image` };
  }
  if (/is not a valid bucket name/.test(m)) return { group: 'the library rejects its storage URI: a placeholder for the bucket', detail: 'storageUri' };
  if (/deployment mode 'ModelMesh'/.test(m)) return { group: 'ModelMesh mode: the library writes Knative and Standard services only', detail: 'ModelMesh' };
  if (/selector has no 'serving\.kserve\.io\/inferenceservice' label/.test(m)) {
    return { group: 'a monitor that does not select one InferenceService by its serving.kserve.io/inferenceservice label', detail: String(o.kind) };
  }
  return { group: note ? withoutValues(m) : 'no note says why', detail: '' };
}

/** The containers of a component, described: their number and names. */
function containersOf(component: unknown): string {
  const containers = isObject(component) && Array.isArray(component.containers) ? component.containers : [];
  if (containers.length === 0) return isObject(component) ? `no containers; ${Object.keys(component).join(', ')}` : 'no component';
  return `${containers.length} container${containers.length > 1 ? 's' : ''}: ${containers.map((c: Json) => c?.name ?? '(no name)').join(', ')}`;
}

/** Why a field is a JSON patch, in a group and a detail, from the converter's notes on that field. */
function patchWhy(notes: string[], value: unknown, pointer: string): Reason {
  const m = notes.find(n => !/^not expressed with the L2 API by the converter; kept as written/.test(n)) ?? notes[0] ?? '';
  const component = /^\/spec\/(transformer|explainer|predictor)$/.exec(pointer)?.[1];
  if (/'latest' tag|has no tag or digest/.test(m)) {
    return { group: 'a custom container the library rejects: its image is not pinned (the `latest` tag)', detail: containersOf(value) };
  }
  if (component && /not a single kserve-container with an image/.test(m)) {
    const builtIn = isObject(value) ? ['alibi', 'art', 'aix'].find(k => value[k] !== undefined) : undefined;
    return builtIn
      ? { group: `a built-in ${component} (${builtIn}): no L2 prop`, detail: `spec.${component}.${builtIn}` }
      : { group: `${component === 'explainer' ? 'an' : 'a'} ${component} that is not one kserve-container`, detail: containersOf(value) };
  }
  if (/an annotation a typed prop or KServe manages/.test(m)) {
    return { group: 'an annotation KServe manages (replaced when scaleTarget is set): use the autoscaling prop', detail: '' };
  }
  if (/not a probe cdk8s-plus Probe writes back/.test(m)) {
    const httpGet = isObject(value) && isObject(value.httpGet) ? value.httpGet : undefined;
    return { group: 'a probe cdk8s-plus does not write back', detail: httpGet && httpGet.port === undefined ? 'httpGet without a port' : '' };
  }
  if (/^not expressed with the L2 API by the converter/.test(m)) return { group: 'the converter does not map the field to an L2 prop', detail: '' };
  if (/^the L2 \S+ writes .* and the input has no such field/.test(m)) return { group: 'written by the L2 and absent from the input: removed', detail: '' };
  return { group: withoutValues(m), detail: '' };
}

/** A reason: the group it is counted under, and what is particular to the object. */
interface Reason {
  readonly group: string;
  readonly detail: string;
  /** How a sample's row says it (default: the group, then the detail in parentheses). */
  readonly row?: string;
}

/** A reason as a sample's row says it. */
function rowText(r: Reason): string {
  return r.row ?? `${r.group}${r.detail ? ` (${r.detail})` : ''}`;
}

/** What became of one input object. */
export interface ObjectResult {
  /** `<kind> <namespace>/<name>`, as the converter's notes name it. */
  readonly object: string;
  /** 'left out': a Secret the app does not write (its values never reach the code). */
  readonly outcome: Outcome | 'left out';
  /** kept / left out: why. */
  readonly why?: Reason;
  /** typed+patches: each field patched (dotted), with why. */
  readonly patches?: Array<{ readonly op: string; readonly field: string; readonly why: Reason }>;
  /** round trip differs: the fields that differ. */
  readonly differs?: string[];
  /** typed / typed+patches: what of the sample itself the tag's CRD schema rejects (written back as given). */
  readonly invalid?: string[];
}

/** What became of one sample file. */
export interface SampleResult {
  /** The path under docs/samples/. */
  readonly sample: string;
  readonly outcome: Outcome;
  readonly objects: ObjectResult[];
  /** not converted, or a generated app that fails: why (the whole file). */
  readonly reason?: Reason;
  /** round trip differs: the full differences, with values (for the report, not the document). */
  readonly details?: string;
}

const KUSTOMIZATION: Reason = { group: 'a kustomize file: it lists what kustomize builds; it is not an object of the cluster', detail: 'kustomization.yaml' };

/** Whether the file is something other than manifests to apply: why it is not converted, or undefined. */
function notAManifest(sample: string, text: string): Reason | undefined {
  if (/(^|\/)kustomization\.ya?ml$/.test(sample)) return KUSTOMIZATION;
  const documents = parseAllDocuments(text, { version: '1.1' });
  if (documents.some(d => d.errors.length > 0)) return undefined; // the converter reports invalid YAML itself
  if (documents.map(d => d.toJSON()).some(v => isObject(v) && v.kind === 'Kustomization')) return KUSTOMIZATION;
  return undefined;
}

/** Why the converter refused the file, from its error. */
function refused(message: string): Reason {
  if (/not valid YAML/.test(message)) {
    return { group: 'not valid YAML: a placeholder written in braces (such as an image `{username}/...`) opens a YAML mapping', detail: /:(\d+):/.exec(message)?.[1] ? `line ${/:(\d+):/.exec(message)![1]}` : '' };
  }
  const nameless = /\((\S+)\) has no metadata\.name/.exec(message)?.[1];
  if (nameless) return { group: 'an object with generateName and no metadata.name: the converter needs a name (a construct id)', detail: nameless };
  if (/is not a Kubernetes object/.test(message)) return { group: 'not a Kubernetes object (no apiVersion or kind)', detail: '' };
  return { group: withoutValues(message), detail: '' };
}

/** The JSON pointer of the field a schema validation message says is unknown, or undefined. */
function unknownField(message: string): string | undefined {
  const unknown = /^(\S*): unknown field "([^"]+)"/.exec(message);
  return unknown ? `${unknown[1]}/${pointerSegment(unknown[2])}` : undefined;
}

/** A schema validation message in our words: the field and what is wrong, without values. */
function schemaProblem(message: string): string {
  const unknown = unknownField(message);
  return unknown ? `${fieldOf(unknown)}: not a field of the CRD` : withoutValues(message);
}

/** The input object as the converter reads it: without server fields and nulls, a legacy predictor modernised. */
function modernisedInput(o: Json): Json {
  const copy = serverFields(structuredClone(o)) as Json;
  if (copy.kind === 'InferenceService') modernised(copy);
  return copy;
}

/** Converts, runs and compares one sample. */
export function convertSample(sample: string, text: string, tag: string): SampleResult {
  const version = releaseOf(tag);
  const skip = notAManifest(sample, text);
  if (skip) return { sample, outcome: 'not converted', objects: [], reason: skip };
  let result;
  try {
    result = convertManifests([{ file: sample, text }], { version: version.name });
  } catch (e) {
    return { sample, outcome: 'not converted', objects: [], reason: refused((e as Error).message) };
  }
  let written: Written[];
  try {
    written = runApp(result.code);
  } catch (e) {
    const message = (e as Error).message;
    return {
      sample,
      outcome: 'round trip differs',
      objects: [],
      reason: { group: 'the generated app fails to synthesize', detail: withoutValues(message.split('\n').find(l => /^\s*\[/.test(l)) ?? message.split('\n')[0]).replace(/\. Allowed forms.*$/, '').trim() },
      details: `the generated app fails: ${message}\n--- generated code:\n${result.code}`,
    };
  }
  const notes = result.notes;
  const input = parseAllDocuments(text, { version: '1.1' }).map(d => JSON.parse(JSON.stringify(d.toJSON() ?? null)))
    .filter(v => v != null).flatMap((v: Json) => (v.kind === 'List' && Array.isArray(v.items) ? v.items : [v]));
  const byIdentity = new Map(written.map(w => [identity(w.json), w] as const));
  const expected = expectedObjects(input, version, o => byIdentity.get(identity(o))?.apiObject);
  const inputs = new Map(input.map(o => [identity(o), o] as const));

  const objects: ObjectResult[] = [];
  const details: string[] = [];
  for (const o of input.filter(x => x.kind === 'Secret' && x.apiVersion === 'v1' && !byIdentity.has(identity(x)))) {
    objects.push({ object: identity(o), outcome: 'left out', why: { group: 'a Secret: the app does not write its values (it is used by name)', detail: '' } });
  }
  for (const want of expected) {
    const id = identity(want);
    const w = byIdentity.get(id);
    if (!w) {
      details.push(`${id}: not written; the input, normalised:\n${JSON.stringify(want, null, 2)}`);
      objects.push({ object: id, outcome: 'round trip differs', differs: ['(the object is not written)'] });
      continue;
    }
    const found = differences(want, w.json);
    if (found.length > 0) {
      for (const [pointer, a, b] of found) details.push(`${id} ${fieldOf(pointer)}: input ${JSON.stringify(a)} / written ${JSON.stringify(b)}`);
      objects.push({ object: id, outcome: 'round trip differs', differs: found.map(([p, a, b]) => `${fieldOf(p)} (${a === undefined ? 'written, not in the input' : b === undefined ? 'not written' : 'written differently'})`) });
      continue;
    }
    if (isKept(w.apiObject)) {
      const note = notes.find(n => n.object === id && n.field === undefined && /kept as written, as an ApiObject/.test(n.message));
      objects.push({ object: id, outcome: 'kept', why: keptWhy(note?.message, inputs.get(id) ?? want) });
      continue;
    }
    // What the app writes is checked against the tag's CRDs: a problem the sample itself has is listed with it; one the
    // app adds is a difference.
    const schemaVersion = tag as KServeSchemaVersion;
    const own = new Set(validateObjects([modernisedInput(inputs.get(id) ?? want)], { kserveVersion: schemaVersion }).map(i => i.message));
    const issues = validateObjects([w.json], { kserveVersion: schemaVersion });
    const added = issues.filter(i => !own.has(i.message));
    if (added.length > 0) {
      details.push(...added.map(i => `${id}: not valid against the ${tag} schemas: ${i.message}`));
      objects.push({ object: id, outcome: 'round trip differs', differs: added.map(i => `schema: ${withoutValues(i.message)}`) });
      continue;
    }
    const invalid = issues.map(i => schemaProblem(i.message));
    const unknownFields = issues.map(i => unknownField(i.message)).filter((f): f is string => f !== undefined);
    const patches = patchesOf(w.apiObject);
    objects.push(patches.length === 0 ? { object: id, outcome: 'typed', ...(invalid.length > 0 ? { invalid } : {}) } : {
      object: id,
      outcome: 'typed+patches',
      ...(invalid.length > 0 ? { invalid } : {}),
      patches: patches.map(p => ({
        op: p.op,
        field: fieldOf(p.path),
        why: unknownFields.some(f => f === p.path || f.startsWith(`${p.path}/`))
          ? { group: `not a field of the KServe ${tag} CRD: kept as written`, detail: '' }
          : patchWhy(notes.filter(n => n.object === id && n.field === fieldOf(p.path)).map(n => n.message), pointerGet(want, p.path), p.path),
      })),
    });
  }
  const expectedIds = new Set(expected.map(identity));
  for (const w of written.filter(x => !expectedIds.has(identity(x.json)))) {
    details.push(`${identity(w.json)}: written, not in the input:\n${JSON.stringify(w.json, null, 2)}`);
    objects.push({ object: identity(w.json), outcome: 'round trip differs', differs: ['(written, not in the input)'] });
  }
  const counted = objects.filter(o => o.outcome !== 'left out').map(o => OUTCOMES.indexOf(o.outcome as Outcome));
  if (counted.length === 0) {
    const reason: Reason = objects.length > 0
      ? { group: 'only Secrets, which the app does not write (their values never reach the code)', detail: '' }
      : { group: 'no object in the file', detail: '' };
    return { sample, outcome: 'not converted', objects, reason };
  }
  return {
    sample,
    outcome: OUTCOMES[Math.max(...counted)],
    objects,
    ...(details.length > 0 ? { details: `${details.join('\n')}\n--- generated code:\n${result.code}` } : {}),
  };
}

// --- the document ------------------------------------------------------------------------------------------------------

/** The results of one tag. */
export interface TagResult {
  readonly tag: string;
  readonly samples: SampleResult[];
}

/** How many samples of `results` have each outcome. */
export function counts(samples: SampleResult[]): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map(o => [o, samples.filter(s => s.outcome === o).length])) as Record<Outcome, number>;
}

/** The summary line of a tag, as the document and the README write it. */
export function summaryLine(tag: string, samples: SampleResult[]): string {
  const c = counts(samples);
  return `KServe ${tag}: ${samples.length} samples: ${OUTCOMES.map(o => `${c[o]} ${o}`).join(', ')}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** What of the sample the CRD rejects, as a row says it. */
function invalidText(o: ObjectResult): string {
  return o.invalid ? ` (the sample itself is not valid against the CRD: ${o.invalid.map(code).join(', ')})` : '';
}

/** One object of a sample row, in words. */
function objectCell(o: ObjectResult): string {
  const name = code(o.object);
  switch (o.outcome) {
    case 'typed': return `${name}: typed${invalidText(o)}`;
    case 'typed+patches': {
      const fields = o.patches!.map(p => `${code(p.field)}${p.op === 'add' ? '' : ` (${p.op})`}: ${rowText(p.why)}`);
      return `${name}: patches ${fields.join('; ')}${invalidText(o)}`;
    }
    case 'kept':
    case 'left out': return `${name}: ${o.outcome}: ${rowText(o.why!)}`;
    default: return `${name}: **differs** at ${o.differs!.map(code).join(', ')}`;
  }
}

/** Rows of a grouped count: [group, details, samples]. */
function grouped(entries: Array<{ group: string; detail: string; sample: string }>): string[] {
  const groups = new Map<string, { details: Set<string>; samples: Set<string> }>();
  for (const e of entries) {
    const g = groups.get(e.group) ?? { details: new Set(), samples: new Set() };
    if (e.detail) g.details.add(e.detail);
    g.samples.add(e.sample);
    groups.set(e.group, g);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].samples.size - a[1].samples.size || a[0].localeCompare(b[0]))
    .map(([group, g]) => `| ${cell(group)} | ${cell([...g.details].sort().map(code).join(', ') || '–')} | ${g.samples.size} |`);
}

/** The document: a summary, then per tag the reasons grouped and one row per sample. */
export function renderDoc(results: TagResult[]): string {
  const tags = results.map(r => r.tag);
  const lines = [
    '# KServe\'s documented samples through the converter',
    '',
    `<!-- Generated by scripts/convert-samples.ts at KServe ${tags.join(', ')}; do not edit. -->`,
    `Generated from \`docs/samples/**/*.yaml\` of the KServe repository at ${tags.map(code).join(' and ')}; regenerate with`,
    '`npx tsx scripts/convert-samples.ts [--git-dir <KServe .git directory>] [tags...]` (it reads each sample with `git show`;',
    'no sample is copied here). test/convert-samples-doc.test.ts checks that the counts below agree with the rows.',
    '',
    'Each sample file is converted alone by `convertManifests` for the tag\'s release (`--version`), the generated app is',
    'built and synthesized, and the objects are compared with the sample after the normalisations README "Adopting existing',
    'YAML" lists (what a JSON patch adds is compared as written); what L2 constructs write is also validated against the',
    'tag\'s CRD schemas (a problem the sample itself has is listed; one the app adds is a difference). A sample\'s outcome is',
    'the worst of its objects\':',
    '',
    '- **typed**: every object is written by L2 constructs, with no escape hatch;',
    '- **typed+patches**: L2 constructs with JSON patches for what the L2 API does not express (the fields are listed);',
    '- **kept**: an object stays an `ApiObject` of its JSON (the converter\'s reason is given);',
    '- **not converted**: the file is not manifests the converter takes (invalid YAML, a kustomize file, only Secrets...);',
    '- **round trip differs**: the app does not write the sample back: a converter bug.',
    '',
    'A Secret is not written by the app (its values never reach the code; `allowPlaintextSecrets` copies them): it shows as',
    '"left out" and does not count towards the outcome.',
    '',
    '| KServe | Samples | ' + OUTCOMES.join(' | ') + ' |',
    '| --- | --- | ' + OUTCOMES.map(() => '---').join(' | ') + ' |',
    ...results.map(r => `| ${r.tag} | ${r.samples.length} | ${OUTCOMES.map(o => counts(r.samples)[o]).join(' | ')} |`),
  ];
  for (const r of results) {
    const entries = (pick: (s: SampleResult) => Array<{ group: string; detail: string }>) =>
      r.samples.flatMap(s => pick(s).map(e => ({ ...e, sample: s.sample })));
    lines.push('', `## KServe ${r.tag}`, '', `${summaryLine(r.tag, r.samples)}.`, '');
    const differ = r.samples.filter(s => s.outcome === 'round trip differs');
    lines.push('### Round trip differs', '');
    if (differ.length === 0) lines.push('None.');
    for (const s of differ) {
      const what = s.reason ? `${s.reason.group}: ${s.reason.detail}` : s.objects.filter(o => o.differs).map(objectCell).join('; ');
      lines.push(`- ${code(s.sample)}: ${what}`);
    }
    const patched = new Map<string, { field: string; why: string; samples: Set<string> }>();
    for (const s of r.samples) {
      for (const p of s.objects.flatMap(o => o.patches ?? [])) {
        const f = p.field.replace(/\[\d+\]/g, '[]');
        const entry = patched.get(`${f}\u0000${p.why.group}`) ?? { field: f, why: p.why.group, samples: new Set<string>() };
        entry.samples.add(s.sample);
        patched.set(`${f}\u0000${p.why.group}`, entry);
      }
    }
    lines.push('', '### Fields kept as JSON patches (L2 gaps)', '', '| Field | Why | Samples |', '| --- | --- | --- |',
      ...[...patched.values()].sort((a, b) => b.samples.size - a.samples.size || a.field.localeCompare(b.field) || a.why.localeCompare(b.why))
        .map(e => `| ${cell(code(e.field))} | ${cell(e.why)} | ${e.samples.size} |`));
    const invalid = r.samples.filter(s => s.objects.some(o => o.invalid));
    lines.push('', `### Samples the KServe ${r.tag} CRDs reject as written`, '',
      'Written back as given (the converter keeps what it does not know as JSON patches); the API server refuses them.', '');
    if (invalid.length === 0) lines.push('None.');
    for (const s of invalid) lines.push(`- ${code(s.sample)}: ${s.objects.flatMap(o => o.invalid ?? []).map(code).join(', ')}`);
    lines.push('', '### Objects kept as ApiObjects', '', '| Why | Kinds, fields or values | Samples |', '| --- | --- | --- |',
      ...grouped(entries(s => s.objects.filter(o => o.outcome === 'kept').map(o => o.why!))));
    lines.push('', '### Samples not converted', '', '| Why | Details | Samples |', '| --- | --- | --- |',
      ...grouped(entries(s => (s.outcome === 'not converted' ? [s.reason!] : []))));
    lines.push('', '### Every sample', '', '| Sample | Outcome | Objects |', '| --- | --- | --- |');
    for (const s of r.samples) {
      const objects = s.outcome === 'not converted' || (s.reason && s.objects.length === 0)
        ? rowText(s.reason!)
        : s.objects.map(objectCell).join('<br>');
      lines.push(`| ${code(s.sample)} | ${s.outcome} | ${cell(objects)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// --- main --------------------------------------------------------------------------------------------------------------

const USAGE = 'usage: npx tsx scripts/convert-samples.ts [--git-dir <KServe .git dir>] [--out <file.md>] [--diffs <file>] [--json <file>] [tags...]';

function main(argv: string[]): void {
  let gitDir = DEFAULT_GIT_DIR;
  let out = DOC;
  let diffsFile: string | undefined;
  let jsonFile: string | undefined;
  const tags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      // Our own rule: an option that takes a value has one.
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--git-dir') gitDir = value();
    else if (arg === '--out') out = value();
    else if (arg === '--diffs') diffsFile = value();
    else if (arg === '--json') jsonFile = value();
    // Our own rule: the options the usage line names, and nothing else.
    else if (arg.startsWith('--')) throw new Error(`unknown option '${arg}'\n${USAGE}`);
    else tags.push(arg);
  }
  const results: TagResult[] = (tags.length > 0 ? tags : DEFAULT_TAGS).map(tag => ({
    tag,
    samples: samplesAt(gitDir, tag).map(file => convertSample(file.slice(SAMPLES_DIR.length), git(gitDir, 'show', `${tag}:${file}`), tag)),
  }));
  fs.writeFileSync(out, renderDoc(results));
  if (path.resolve(out) === DOC) {
    const readme = fs.readFileSync(README, 'utf8');
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    // Our own rule: the README keeps the summary between its markers; without them it is not edited.
    if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} ... ${README_END} markers`);
    const summary = results.map(r => `- ${summaryLine(r.tag, r.samples)}`).join('\n');
    fs.writeFileSync(README, `${readme.slice(0, start + README_START.length)}\n${summary}\n${readme.slice(end)}`);
  }
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(results, (k, v) => (k === 'details' ? undefined : v), 2));
  const report = results.flatMap(r => r.samples.filter(s => s.details).map(s => `=== ${r.tag} ${s.sample}\n${s.details}`)).join('\n\n');
  if (diffsFile) fs.writeFileSync(diffsFile, report);
  else if (report) process.stderr.write(`${report}\n`);
  for (const r of results) process.stdout.write(`${summaryLine(r.tag, r.samples)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

if (require.main === module) main(process.argv.slice(2));
