/**
 * The converter's InferenceService part (issue #21): one `serving.kserve.io/v1beta1` InferenceService object to the
 * statements that build it with the L2 API. What the props express is tracked by JSON pointer; every other field of
 * the object is written back by a JSON patch at the shallowest place the props do not write, so nothing is dropped.
 */
import { scalingCode } from './convert-autoscaling';
import { Code, ConvertScope, call, json, obj, print, raw, str } from './convert-code';
import { fieldOf, pointerSegment } from './convert-fields';
import { envCode, extendedResourcesCode, imagePullSecretsCode, probeCode, tolerationsCode, volumeMountsCode } from './convert-pod';
import { cpuQuantity, sizeQuantity } from './convert-values';
import { isObject, jsonCopy } from './convert-yaml';
import { DEPLOYMENT_MODE_ANNOTATION } from '../deployment-mode';
import { KServeVersion } from '../kserve-version';
import { METRIC_AGGREGATION_ANNOTATION, PROMETHEUS_SCRAPING_ANNOTATION, managedAnnotationErrors } from './managed-annotations';
import { StorageUri } from '../storage-uri';

/**
 * The Secret behind a `s3.secretName` non-field: the variable of its ModelStorageSecret, created on first use; undefined
 * when the input has a ServiceAccount of that name the ModelStorageSecret would not write identically (the service then
 * runs as that one, kept as written).
 */
export type StorageSecretLookup = (secretName: string) => string | undefined;

/** One converted InferenceService: its construct (printed once the writer knows whether a variable is needed) and the rest. */
export interface ConvertedService {
  readonly variable: string;
  readonly construct: Code;
  /** Statements that use the variable (its rollout and patches). */
  readonly statements: string[];
}

/** The legacy per-framework predictor fields (predictor.go at v0.20.0) and the model format KServe's defaulter gives each. */
const LEGACY_FORMATS = ['sklearn', 'xgboost', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'lightgbm', 'paddle'];
/** Legacy fields the defaulter gives protocolVersion v2 when it has none (assign*Runtime, inference_service_defaults.go at v0.20.0). */
const LEGACY_V2 = ['triton', 'onnx', 'huggingface'];
/** Model formats with a `Model` factory of the same name. */
const FACTORIES = [...LEGACY_FORMATS, 'mlflow'];
/** Formats whose factory writes protocolVersion v2 when none is given (src/model.ts FORMATS requiredDefault). */
const FACTORY_V2 = ['onnx', 'triton', 'mlflow'];
/** What managedAnnotationErrors says before its reason. */
const MANAGED = 'is managed by the library or KServe: ';
const PROTOCOLS: Record<string, string> = { 'v1': 'V1', 'v2': 'V2', 'grpc-v1': 'GRPC_V1', 'grpc-v2': 'GRPC_V2' };

// The other converter parts import these from here too.
export { fieldOf, pointerSegment };

/** Which input fields the props express (`handled`) and which output paths the library writes (`written`). */
class Tracker {
  private readonly handled = new Set<string>();
  private readonly written = new Set<string>(['']);

  constructor(private readonly source: Record<string, unknown>) {}

  /** The field at `pointer` is expressed by the props and written back at the same place. */
  public map(pointer: string): void {
    this.handled.add(pointer);
    this.write(pointer);
  }

  /** The field at `pointer` is expressed another way (or is a non-field, noted). */
  public handle(pointer: string): void {
    this.handled.add(pointer);
  }

  /** The library writes `pointer` (and so its parents). */
  public write(pointer: string): void {
    for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) this.written.add(p);
  }

  /**
   * The fields nobody handled, each at the shallowest path the library does not write, with the input's value there
   * (handled parts removed). Nulls are left out: cdk8s drops them.
   */
  public leftovers(): Array<{ readonly path: string; readonly value: unknown }> {
    const found: Array<{ path: string; value: unknown }> = [];
    const visit = (pointer: string, value: unknown) => {
      if (this.handled.has(pointer) || value === null) return;
      if (isObject(value) && this.written.has(pointer)) {
        for (const [k, v] of Object.entries(value)) visit(`${pointer}/${pointerSegment(k)}`, v);
        return;
      }
      const rest = this.prune(pointer, value);
      if (rest !== undefined) found.push({ path: pointer, value: rest });
    };
    visit('', this.source);
    return found;
  }

  private prune(pointer: string, value: unknown): unknown {
    if (!isObject(value)) return value;
    const entries = Object.entries(value).filter(([k, v]) => v !== null && !this.handled.has(`${pointer}/${pointerSegment(k)}`));
    if (entries.length === 0 && Object.keys(value).length > 0) return undefined;
    return Object.fromEntries(entries.map(([k, v]) => [k, this.prune(`${pointer}/${pointerSegment(k)}`, v)]));
  }
}

/** Whether `value` is an object of strings. */
function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every(v => typeof v === 'string');
}

/**
 * The InferenceService as KServe's defaulting webhook would store it: a legacy framework field (`predictor.sklearn`...)
 * becomes `predictor.model` with that `modelFormat` (setPredictorModelDefaults and assign*Runtime,
 * pkg/apis/serving/v1beta1/inference_service_defaults.go at v0.20.0; the same in v0.13.1), with protocolVersion v2 for
 * triton, onnx and huggingface when none is given. A copy; the input is not changed.
 */
export function modernise(isvc: Record<string, unknown>, scope: ConvertScope): Record<string, unknown> {
  const copy = jsonCopy(isvc);
  const predictor = isObject(copy.spec) && isObject(copy.spec.predictor) ? copy.spec.predictor : undefined;
  if (!predictor) return copy;
  const legacy = LEGACY_FORMATS.filter(name => isObject(predictor[name]));
  if (legacy.length === 1 && predictor.model === undefined) {
    const [format] = legacy;
    const block = predictor[format] as Record<string, unknown>;
    delete predictor[format];
    const protocol = block.protocolVersion === undefined && LEGACY_V2.includes(format) ? { protocolVersion: 'v2' } : {};
    predictor.model = { modelFormat: { name: format }, ...block, ...protocol };
    scope.note(`the legacy field spec.predictor.${format} is written as spec.predictor.model with modelFormat '${format}'`
      + `${protocol.protocolVersion ? " and protocolVersion 'v2'" : ''}, as KServe's defaulting webhook stores it`, `spec.predictor.${format}`);
  }
  return copy;
}

/** Options of the converter for one service. */
export interface ServiceOptions {
  readonly version: KServeVersion;
  readonly chart: string;
  readonly storageSecret: StorageSecretLookup;
  /** A construct id unique in the chart, from `base` (a Secret converted beside the service may have its name). */
  readonly id: (base: string) => string;
  /**
   * The code of a runtime converted from the same input that a model names (its variable: the runtime by object),
   * found as KServe finds it; undefined for a runtime from elsewhere.
   */
  readonly runtime?: (name: string) => string | undefined;
}

/**
 * The statements that build the (modernised) InferenceService `isvc`, or a reason it stays an escape hatch (an ApiObject
 * of its JSON): the parts the L2 API needs (a model with a storageUri, a mode the library knows) are missing.
 */
export function convertService(isvc: Record<string, unknown>, options: ServiceOptions, scope: ConvertScope): ConvertedService | string {
  const metadata = isObject(isvc.metadata) ? isvc.metadata : {};
  const spec = isObject(isvc.spec) ? isvc.spec : {};
  const predictor = isObject(spec.predictor) ? spec.predictor : undefined;
  const model = predictor && isObject(predictor.model) ? predictor.model : undefined;
  if (isvc.apiVersion !== 'serving.kserve.io/v1beta1') return `apiVersion '${String(isvc.apiVersion)}' is not serving.kserve.io/v1beta1`;
  if (!model) return 'its predictor has no model (a custom container predictor is not converted yet)';
  if (typeof model.storageUri !== 'string') return 'its model has no storageUri (the storage spec is not converted yet)';
  const modeName = deploymentModeOf(metadata, options.version, scope);
  if (modeName === undefined) return `deployment mode '${String((metadata.annotations as Record<string, unknown>)[DEPLOYMENT_MODE_ANNOTATION])}' is not one the library writes`;
  const knative = modeName === 'Knative';
  const t = new Tracker(isvc);
  for (const p of ['/apiVersion', '/kind', '/metadata/name', '/metadata/namespace']) t.map(p);
  // Always written (the mode annotation, the predictor and its model); what is under them is tracked field by field.
  for (const p of ['/metadata/annotations', '/spec/predictor/model']) t.write(p);

  const name = String(metadata.name);
  const variable = scope.ids.of(name);
  const statements: string[] = [];
  const props: Array<[string, Code | undefined]> = [
    ['version', call(`${scope.use('kserve', 'KServeVersion')}.of`, str(options.version.name))],
    ['deploymentMode', raw(`${scope.use('kserve', 'DeploymentMode')}.${knative ? 'KNATIVE' : 'STANDARD'}`)],
  ];
  t.map(`/metadata/annotations/${pointerSegment(DEPLOYMENT_MODE_ANNOTATION)}`);

  if (isStringRecord(metadata.labels) && Object.keys(metadata.labels).length > 0) {
    props.push(['labels', json(metadata.labels)]);
    t.map('/metadata/labels');
  }
  const annotations = stringEntries(metadata.annotations);
  const metrics: Array<[string, Code]> = [];
  for (const [key, flag] of [[METRIC_AGGREGATION_ANNOTATION, 'aggregation'], [PROMETHEUS_SCRAPING_ANNOTATION, 'prometheusScraping']]) {
    if (annotations[key] === 'true') {
      metrics.push([flag, raw('true')]);
      t.map(`/metadata/annotations/${pointerSegment(key)}`);
    }
    delete annotations[key];
  }
  delete annotations[DEPLOYMENT_MODE_ANNOTATION];
  const plain = freeAnnotations(annotations, '/metadata/annotations', t);
  if (plain) props.push(['annotations', plain]);
  if (metrics.length > 0) props.push(['metrics', obj(metrics)]);

  // The predictor.
  const p = predictor!;
  const predictorProps: Array<[string, Code | undefined]> = [['model', modelCode(model, '/spec/predictor/model', t, scope, options.runtime)]];
  const credentials = s3SecretName(model, t, scope);
  // The input's serviceAccountName, or the input ServiceAccount named like the storage Secret when no ModelStorageSecret writes it.
  let accountName = typeof p.serviceAccountName === 'string' ? p.serviceAccountName : undefined;
  if (credentials !== undefined && typeof p.serviceAccountName === 'string') {
    scope.note(`spec.predictor.model.s3.secretName ('${credentials}') is not a KServe field and the service already runs as `
      + `ServiceAccount '${p.serviceAccountName}': list the Secret in that ServiceAccount's secrets; the field is dropped`, 'spec.predictor.model.s3');
  } else if (credentials !== undefined) {
    const secret = options.storageSecret(credentials);
    if (secret !== undefined) {
      scope.note(`s3.secretName is not a KServe field (the API server drops it): the Secret '${credentials}' is attached the way KServe reads `
        + 'credentials, listed in a ServiceAccount the predictor runs as (ModelStorageSecret.s3)', 'spec.predictor.model.s3');
      predictorProps.push(['storageCredentials', raw(secret)]);
    } else {
      accountName = credentials;
    }
    t.write('/spec/predictor/serviceAccountName');
  }
  if (accountName !== undefined) {
    const account = scope.kplus('ServiceAccount');
    predictorProps.push(['serviceAccount', call(`${account}.fromServiceAccountName`, raw(options.chart), str(options.id(`${name}-service-account`)), str(accountName))]);
    t.map('/spec/predictor/serviceAccountName');
  }
  predictorProps.push(['resources', resourcesCode(model.resources, '/spec/predictor/model/resources', t, scope)]);
  if (Array.isArray(model.args) && model.args.every(a => typeof a === 'string')) {
    predictorProps.push(['args', json(model.args)]);
    t.map('/spec/predictor/model/args');
  }
  const refs = { chart: options.chart, id: options.id };
  predictorProps.push(['extendedResources', extendedResourcesCode(model.resources, '/spec/predictor/model/resources', t, scope)]);
  predictorProps.push(['env', envCode(model.env, '/spec/predictor/model/env', t, scope, refs)]);
  const pod = { knative, version: options.version };
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    predictorProps.push([probe, probeCode(probe, model[probe], `/spec/predictor/model/${probe}`, pod, t, scope)]);
  }
  predictorProps.push(['volumeMounts', volumeMountsCode(p.volumes, model.volumeMounts, pod, refs, t, scope)]);
  const scaling = scalingCode({
    predictor: p,
    serviceAnnotations: stringEntries(metadata.annotations),
    componentAnnotations: stringEntries(p.annotations),
    knative,
    version: options.version,
  }, t, scope);
  predictorProps.push(['autoscaling', scaling?.code]);
  for (const key of scaling ? [] : ['minReplicas', 'maxReplicas', ...(knative ? ['containerConcurrency'] : [])]) {
    if (Number.isInteger(p[key])) {
      predictorProps.push([key, raw(String(p[key]))]);
      t.map(`/spec/predictor/${key}`);
    }
  }
  if (knative && Number.isInteger(p.timeout)) {
    predictorProps.push(['timeout', call(`${scope.use('cdk8s', 'Duration')}.seconds`, raw(String(p.timeout)))]);
    t.map('/spec/predictor/timeout');
  }
  if (isStringRecord(p.nodeSelector) && Object.keys(p.nodeSelector).length > 0) {
    predictorProps.push(['nodeSelector', json(p.nodeSelector)]);
    t.map('/spec/predictor/nodeSelector');
  }
  if (isStringRecord(p.labels) && Object.keys(p.labels).length > 0) {
    predictorProps.push(['labels', json(p.labels)]);
    t.map('/spec/predictor/labels');
  }
  const policyAnnotations = new Set(scaling?.componentAnnotations);
  const componentAnnotations = Object.fromEntries(Object.entries(stringEntries(p.annotations)).filter(([key]) => !policyAnnotations.has(key)));
  predictorProps.push(['annotations', freeAnnotations(componentAnnotations, '/spec/predictor/annotations', t)]);
  predictorProps.push(['tolerations', tolerationsCode(p.tolerations, '/spec/predictor/tolerations', t, scope)]);
  predictorProps.push(['imagePullSecrets', imagePullSecretsCode(p.imagePullSecrets, '/spec/predictor/imagePullSecrets', t, scope, refs)]);
  props.push(['predictor', obj(predictorProps)]);

  // The construct id is the name, unless another construct of the chart has it already (then the name is given).
  const id = options.id(name);
  if (id !== name) props.unshift(['name', str(name)]);
  const construct = call(`new ${scope.use('kserve', 'InferenceService')}`, raw(options.chart), str(id), obj(props));
  statements.push(...rolloutStatements(p, { variable, name, knative, chart: options.chart, id: options.id }, t, scope));

  for (const { path, value } of t.leftovers()) {
    const patch = `${scope.use('cdk8s', 'JsonPatch')}.add`;
    statements.push(`${variable}.apiObject.addJsonPatch(${print(call(patch, str(path), json(value)), '', 2 + variable.length + 25)});`);
    const annotation = /^\/(metadata|spec\/predictor)\/annotations\/(.+)$/.exec(path);
    // The managed annotation's own reason (managed-annotations.ts), e.g. which prop KServe writes it from.
    const reason = annotation ? managedAnnotationErrors({ [annotation[2].replace(/~1/g, '/').replace(/~0/g, '~')]: '' }, '')[0] : undefined;
    const why = reason?.includes(MANAGED) ? reason.split(MANAGED)[1] : reason?.slice(reason.indexOf('] ') + 2);
    const managed = annotation ? ` (an annotation a typed prop or KServe manages${why ? `: ${why}` : ''})` : '';
    scope.note(`not expressed with the L2 API by the converter${managed}; kept as written, as a JSON patch on the InferenceService`, fieldOf(path));
  }
  return { variable, construct, statements };
}

/** The mode an annotation names, in any release's spelling ('Knative' or 'Standard'); undefined for another mode. */
function deploymentModeOf(metadata: Record<string, unknown>, version: KServeVersion, scope: ConvertScope): 'Knative' | 'Standard' | undefined {
  const value = isObject(metadata.annotations) ? metadata.annotations[DEPLOYMENT_MODE_ANNOTATION] : undefined;
  const field = `metadata.annotations['${DEPLOYMENT_MODE_ANNOTATION}']`;
  if (value === undefined) {
    scope.note('no deployment mode annotation: KServe uses the cluster\'s default (Knative in its default configuration); the app writes '
      + `'${version._facts.deploymentModeNames.Knative}' explicitly`, field);
    return 'Knative';
  }
  for (const release of [version, ...KServeVersion.all()]) {
    const names = release._facts.deploymentModeNames;
    const mode = (Object.keys(names) as Array<'Knative' | 'Standard'>).find(m => names[m] === value);
    if (mode === undefined) continue;
    if (names[mode] !== version._facts.deploymentModeNames[mode]) {
      scope.note(`deployment mode '${String(value)}' is written in ${version.name}'s spelling '${version._facts.deploymentModeNames[mode]}'`, field);
    }
    return mode;
  }
  return undefined;
}

/** The string entries of an annotation map (any other entry is left for a JSON patch). */
function stringEntries(value: unknown): Record<string, string> {
  return isObject(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
}

/**
 * Annotations the props may carry; the others (those the library manages or rejects, managed-annotations.ts) are left
 * for JSON patches.
 */
function freeAnnotations(annotations: Record<string, string>, pointer: string, t: Tracker): Code | undefined {
  const free = Object.entries(annotations).filter(([key]) => managedAnnotationErrors({ [key]: '' }, 'x').length === 0);
  for (const [key] of free) t.map(`${pointer}/${pointerSegment(key)}`);
  return free.length > 0 ? json(Object.fromEntries(free)) : undefined;
}

/** `Model.<format>(<storage>, { ... })` for a model spec, its fields marked handled. */
function modelCode(model: Record<string, unknown>, pointer: string, t: Tracker, scope: ConvertScope,
  runtime: (name: string) => string | undefined = () => undefined): Code {
  const format = isObject(model.modelFormat) ? model.modelFormat : {};
  const formatName = typeof format.name === 'string' ? format.name : '';
  const options: Array<[string, Code | undefined]> = [];
  t.map(`${pointer}/modelFormat/name`);
  if (typeof format.version === 'string') {
    options.push(['formatVersion', str(format.version)]);
    t.map(`${pointer}/modelFormat/version`);
  }
  for (const key of ['runtime', 'runtimeVersion']) {
    if (typeof model[key] !== 'string') continue;
    const byObject = key === 'runtime' ? runtime(model[key] as string) : undefined;
    options.push([key, byObject !== undefined ? raw(byObject) : str(model[key] as string)]);
    t.map(`${pointer}/${key}`);
  }
  const protocol = typeof model.protocolVersion === 'string' ? PROTOCOLS[model.protocolVersion] : undefined;
  if (protocol) {
    options.push(['protocolVersion', raw(`${scope.use('kserve', 'ProtocolVersion')}.${protocol}`)]);
    t.map(`${pointer}/protocolVersion`);
  } else if (model.protocolVersion === undefined && FACTORY_V2.includes(formatName)) {
    t.write(`${pointer}/protocolVersion`);
    scope.note(`a ${formatName} model without protocolVersion is written with protocolVersion 'v2' (its only runtimes speak v2)`, `${fieldOf(pointer)}.protocolVersion`);
  }
  t.map(`${pointer}/storageUri`);
  const factory = scope.use('kserve', 'Model');
  const storage = storageUriCode(model.storageUri as string, scope);
  const opts = options.length > 0 ? obj(options) : undefined;
  return FACTORIES.includes(formatName) ? call(`${factory}.${formatName}`, storage, opts) : call(`${factory}.fromFormat`, str(formatName), storage, opts);
}

/** A `StorageUri` factory call that writes exactly `uri`: the factory of its scheme when it gives the same text, else `parse`. */
function storageUriCode(uri: string, scope: ConvertScope): Code {
  const name = scope.use('kserve', 'StorageUri');
  const bucket = /^(s3|gs):\/\/([^/]+)\/(.+)$/.exec(uri);
  const pvc = /^pvc:\/\/([^/]+)\/(.+)$/.exec(uri);
  const candidates: Array<[string, string[]]> = [
    ...(bucket ? [[bucket[1] === 's3' ? 's3' : 'gcs', [bucket[2], bucket[3]]] as [string, string[]]] : []),
    ...(pvc ? [['pvc', [pvc[1], pvc[2]]] as [string, string[]]] : []),
    ...(uri.startsWith('oci://') ? [['oci', [uri.slice('oci://'.length)]] as [string, string[]]] : []),
  ];
  for (const [factory, args] of candidates) {
    const built = (StorageUri as unknown as Record<string, (...a: string[]) => StorageUri>)[factory](...args);
    if (built.uri === uri) return call(`${name}.${factory}`, ...args.map(str));
  }
  return call(`${name}.parse`, str(uri));
}

/** The `s3.secretName` of the seed's non-field (`predictor.sklearn.s3`), handled; undefined without one. */
function s3SecretName(model: Record<string, unknown>, t: Tracker, scope: ConvertScope): string | undefined {
  const s3 = model.s3;
  if (s3 === undefined) return undefined;
  t.handle('/spec/predictor/model/s3');
  if (isObject(s3) && typeof s3.secretName === 'string' && Object.keys(s3).length === 1) return s3.secretName;
  scope.note('s3 is not a KServe field (the API server drops it) and has no single secretName; it is dropped', 'spec.predictor.model.s3');
  return undefined;
}

const RESOURCES: Array<[string, string]> = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeral-storage', 'ephemeralStorage']];

/** `kplus.Cpu.millis(n)` / `Cpu.units(n)` when it writes the same quantity back; undefined otherwise. */
function cpuCode(value: unknown, field: string, scope: ConvertScope): Code | undefined {
  const quantity = cpuQuantity(value, scope);
  if (quantity && typeof value === 'number') scope.note(`cpu ${value} (a YAML number) is written as the quantity string '${quantity.written}'`, field);
  return quantity?.code;
}

/** A cdk8s `Size` in the largest binary unit that holds it exactly; undefined for decimal units or sizes not in whole KiB. */
function sizeCode(value: unknown, field: string, scope: ConvertScope): Code | undefined {
  const quantity = sizeQuantity(value, scope);
  if (quantity && quantity.written !== value) scope.note(`the quantity ${JSON.stringify(value)} is written as '${quantity.written}' (the same amount)`, field);
  return quantity?.code;
}

/** cdk8s-plus `ContainerResources` for a container's resources; the quantities it cannot write back exactly stay for patches. */
function resourcesCode(resources: unknown, pointer: string, t: Tracker, scope: ConvertScope): Code | undefined {
  if (!isObject(resources)) return undefined;
  const groups: Array<[string, Code]> = [];
  for (const [resource, prop] of RESOURCES) {
    const bounds: Array<[string, Code]> = [];
    for (const [bound, list] of [['request', 'requests'], ['limit', 'limits']]) {
      const quantities = resources[list];
      if (!isObject(quantities) || quantities[resource] === undefined) continue;
      const field = `${fieldOf(pointer)}.${list}.${resource}`;
      const code = resource === 'cpu' ? cpuCode(quantities[resource], field, scope) : sizeCode(quantities[resource], field, scope);
      if (code === undefined) continue;
      bounds.push([bound, code]);
      t.map(`${pointer}/${list}/${resource}`);
    }
    if (bounds.length > 0) groups.push([prop, obj(bounds)]);
  }
  return groups.length > 0 ? obj(groups) : undefined;
}

/** What the rollout statements need of their service. */
interface RolloutTarget {
  readonly variable: string;
  readonly name: string;
  readonly knative: boolean;
  readonly chart: string;
  readonly id: (base: string) => string;
}

/**
 * A `CanaryRollout` for `canaryTrafficPercent` (Knative mode: the share goes to the revision of this spec), with the seed's
 * non-field `predictor.canary` block (a model) as its `previousModel`, the model the last rolled-out revision serves.
 */
function rolloutStatements(p: Record<string, unknown>, target: RolloutTarget, t: Tracker, scope: ConvertScope): string[] {
  const percent = p.canaryTrafficPercent;
  const block = p.canary;
  let previous: Code | undefined;
  if (block !== undefined) {
    t.handle('/spec/predictor/canary');
    const legacy = isObject(block) ? LEGACY_FORMATS.filter(name => isObject(block[name])) : [];
    const candidate = isObject(block) && Object.keys(block).length === 1
      ? (legacy.length === 1 ? { modelFormat: { name: legacy[0] }, ...(block[legacy[0]] as Record<string, unknown>) } : block.model) : undefined;
    const convertible = isObject(candidate) && typeof candidate.storageUri === 'string' && Object.keys(candidate).every(k => ['modelFormat', 'storageUri'].includes(k));
    if (convertible && target.knative && Number.isInteger(percent)) {
      previous = modelCode(candidate as Record<string, unknown>, '/spec/predictor/canary/model', new Tracker({}), scope);
      scope.note(`spec.predictor.canary is not a KServe field (the API server drops it). In Knative mode canaryTrafficPercent sends ${String(percent)}% `
        + 'to the revision of this spec and the rest to the last rolled-out one: the block\'s model is taken as that previous model '
        + '(CanaryRollout previousModel, checked to differ)', 'spec.predictor.canary');
    } else {
      scope.note('spec.predictor.canary is not a KServe field (the API server drops it); without canaryTrafficPercent in Knative mode and a '
        + 'plain model it has no meaning here and is dropped', 'spec.predictor.canary');
    }
  }
  if (percent === undefined) return [];
  if (!target.knative || !Number.isInteger(percent)) {
    scope.note('canaryTrafficPercent is converted in Knative mode only (Standard mode canaries are spec.canary from v0.20); kept as written',
      'spec.predictor.canaryTrafficPercent');
    return [];
  }
  t.map('/spec/predictor/canaryTrafficPercent');
  scope.note(`canaryTrafficPercent ${String(percent)} is a CanaryRollout`, 'spec.predictor.canaryTrafficPercent');
  const props = obj([['service', raw(target.variable)], ['trafficPercent', raw(String(percent))], ['previousModel', previous]]);
  const rollout = call(`new ${scope.use('kserve', 'CanaryRollout')}`, raw(target.chart), str(target.id(`${target.name}-rollout`)), props);
  return [print(rollout, '', 2) + ';'];
}
