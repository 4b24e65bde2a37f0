/**
 * The converter's InferenceService part (issue #21): one `serving.kserve.io/v1beta1` InferenceService object to the
 * statements that build it with the L2 API. What the props express is tracked by JSON pointer; every other field of
 * the object is written back by a JSON patch at the shallowest place the props do not write, so nothing is dropped.
 */
import { ConvertedScaling, scalingCode } from './convert-autoscaling';
import { Code, ConvertScope, call, json, obj, print, raw, str } from './convert-code';
import {
  ComponentContext, ComponentKind, ConvertedContainer, componentFieldsCode, customContainerCode, customContainerOf, predictorNameErrors,
  storageMountsOf, storageUriCode, storageUrisCode,
} from './convert-component';
import { fieldOf, pointerSegment } from './convert-fields';
import { PodRefs, envCode, extendedResourcesCode, imagePullSecretsCode, probeCode, tolerationsCode, volumeMountsCode } from './convert-pod';
import { cpuQuantity, sizeQuantity } from './convert-values';
import { isObject, jsonCopy } from './convert-yaml';
import { DEPLOYMENT_MODE_ANNOTATION } from '../deployment-mode';
import { KServeVersion } from '../kserve-version';
import { StorageUri } from '../storage-uri';
import { TYPES } from './l1-runtime.generated';
import { METRIC_AGGREGATION_ANNOTATION, PROMETHEUS_SCRAPING_ANNOTATION, managedAnnotationErrors } from './managed-annotations';
import { problemsOf } from './shape';

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
      // A list the library writes (a component's containers): its items at their index.
      if (Array.isArray(value) && this.written.has(pointer)) {
        value.forEach((v, i) => visit(`${pointer}/${i}`, v));
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
  if (!model && !(predictor && customContainerOf(predictor))) {
    return 'its predictor has neither a model nor a single kserve-container with an image (a custom predictor with sidecars is not converted)';
  }
  const mounts = predictor && storageMountsOf(predictor.storageUris, options.version);
  if (model && typeof model.storageUri !== 'string' && !(model.storage === undefined && mounts)) {
    return 'its model has no storageUri (the storage spec is not converted yet)';
  }
  const rejected = model && typeof model.storageUri === 'string' ? storageUriProblem(model.storageUri, options.version) : undefined;
  if (rejected) return `the library rejects its model's storageUri: ${rejected}`;
  const modeName = deploymentModeOf(metadata, options.version, scope);
  if (modeName === undefined) return `deployment mode '${String((metadata.annotations as Record<string, unknown>)[DEPLOYMENT_MODE_ANNOTATION])}' is not one the library writes`;
  const knative = modeName === 'Knative';
  const t = new Tracker(isvc);
  const context: ComponentContext = { knative, version: options.version };
  // A custom predictor's container first: before any code is built (and its imports recorded) for a service that may stay an ApiObject.
  const custom = model ? undefined : customContainerCode('predictor', predictor!, context, t, scope);
  if (typeof custom === 'string') return `its custom container predictor is not converted: ${custom}`;
  for (const p of ['/apiVersion', '/kind', '/metadata/name', '/metadata/namespace']) t.map(p);
  // Always written (the mode annotation, the predictor and its model); what is under them is tracked field by field.
  for (const p of ['/metadata/annotations', '/spec/predictor']) t.write(p);

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

  // The predictor: a model or a custom container.
  const p = predictor!;
  const refs: PodRefs = { chart: options.chart, id: options.id };
  const predictorProps: Array<[string, Code | undefined]> = [];
  let main: Record<string, unknown>;
  let mainEnv: unknown;
  let storageUris: Code | undefined;
  let accountName = typeof p.serviceAccountName === 'string' ? p.serviceAccountName : undefined;
  if (model) {
    main = model;
    mainEnv = model.env;
    t.write('/spec/predictor/model');
    predictorProps.push(['model', modelCode(model, '/spec/predictor/model', t, scope, options.runtime)]);
    if (typeof model.storageUri !== 'string') {
      storageUris = storageUrisCode(p.storageUris, scope);
      t.map('/spec/predictor/storageUris');
    }
    const credentials = s3SecretName(model, t, scope);
    // The input's serviceAccountName, or the input ServiceAccount named like the storage Secret when no ModelStorageSecret writes it.
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
  } else {
    main = customContainerOf(p)!;
    mainEnv = custom!.env;
    storageUris = custom!.storageUris;
    predictorProps.push(['container', custom!.code]);
    predictorProps.push(['ports', custom!.ports]);
  }
  if (accountName !== undefined) {
    predictorProps.push(['serviceAccount', serviceAccountCode(accountName, name, options, scope)]);
    t.map('/spec/predictor/serviceAccountName');
  }
  const scaling = scalingCode({
    predictor: p,
    serviceAnnotations: stringEntries(metadata.annotations),
    componentAnnotations: stringEntries(p.annotations),
    knative,
    version: options.version,
  }, t, scope);
  predictorProps.push(...componentProps({ kind: 'predictor', component: p, main, mainEnv, scaling, context, refs, custom: custom?.live }, t, scope));
  if (typeof p.name === 'string' && options.version._facts.predictorName && predictorNameErrors(p.name, context).length === 0) {
    predictorProps.push(['name', str(p.name)]);
    t.map('/spec/predictor/name');
  }
  predictorProps.push(['storageUris', storageUris]);
  props.push(['predictor', obj(predictorProps)]);
  for (const kind of ['transformer', 'explainer'] as const) {
    const component = spec[kind];
    if (isObject(component)) props.push([kind, customComponentCode(kind, component, { name, options, context, refs }, t, scope)]);
  }

  // The construct id is the name, unless another construct of the chart has it already (then the name is given).
  const id = options.id(name);
  if (id !== name) props.unshift(['name', str(name)]);
  const construct = call(`new ${scope.use('kserve', 'InferenceService')}`, raw(options.chart), str(id), obj(props));
  statements.push(...rolloutStatements(p, { variable, name, knative, chart: options.chart, id: options.id }, t, scope));

  for (const { path, value } of t.leftovers()) {
    const patch = `${scope.use('cdk8s', 'JsonPatch')}.add`;
    statements.push(`${variable}.apiObject.addJsonPatch(${print(call(patch, str(path), json(value)), '', 2 + variable.length + 25)});`);
    const annotation = /^\/(metadata|spec\/(?:predictor|transformer|explainer))\/annotations\/(.+)$/.exec(path);
    // The managed annotation's own reason (managed-annotations.ts), e.g. which prop KServe writes it from.
    const reason = annotation ? managedAnnotationErrors({ [annotation[2].replace(/~1/g, '/').replace(/~0/g, '~')]: '' }, '')[0] : undefined;
    const why = reason?.includes(MANAGED) ? reason.split(MANAGED)[1] : reason?.slice(reason.indexOf('] ') + 2);
    const managed = annotation ? ` (an annotation a typed prop or KServe manages${why ? `: ${why}` : ''})` : '';
    scope.note(`not expressed with the L2 API by the converter${managed}; kept as written, as a JSON patch on the InferenceService`, fieldOf(path));
    const unknown = unknownCrdFields(path, value, options.version);
    if (unknown.length > 0) {
      scope.note(`${unknown.map(f => fieldOf(f)).join(', ')}: KServe ${options.version.name}'s InferenceService CRD has no such field, so the API `
        + 'server would reject the object (strict field validation, kubectl\'s default) or drop the field; kept as written, as a JSON patch', fieldOf(path));
    }
  }
  return { variable, construct, statements };
}

/** What `componentProps` converts: a component, its main container (model or custom) and the env left for the env prop. */
interface ComponentInput {
  readonly kind: ComponentKind;
  readonly component: Record<string, unknown>;
  readonly main: Record<string, unknown>;
  readonly mainEnv: unknown;
  /** The predictor's converted policy (the autoscaling part reads predictors only). */
  readonly scaling?: ConvertedScaling;
  /** A custom main container as built live, with its component's ports: the probes are checked on it. */
  readonly custom?: ConvertedContainer['live'];
  readonly context: ComponentContext;
  readonly refs: PodRefs;
}

/** The props every component shares (resources, env, probes, replicas, pod placement...), in the order the app writes them. */
function componentProps(input: ComponentInput, t: Tracker, scope: ConvertScope): Array<[string, Code | undefined]> {
  const { kind, component: c, main, scaling, context, refs } = input;
  const base = `/spec/${kind}`;
  const mainPointer = main === c.model ? `${base}/model` : `${base}/containers/0`;
  const props: Array<[string, Code | undefined]> = [];
  props.push(['resources', resourcesCode(main.resources, `${mainPointer}/resources`, t, scope)]);
  if (Array.isArray(main.args) && main.args.every(a => typeof a === 'string')) {
    props.push(['args', json(main.args)]);
    t.map(`${mainPointer}/args`);
  }
  props.push(['extendedResources', extendedResourcesCode(main.resources, `${mainPointer}/resources`, t, scope)]);
  props.push(['env', envCode(input.mainEnv, `${mainPointer}/env`, t, scope, refs)]);
  // logger, batcher, deploymentStrategy, terminationGracePeriodSeconds and a model's ports (before the probes: a probe
  // without its own port targets the first of them).
  const fields = componentFieldsCode({ kind, component: c, model: main === c.model ? main : undefined, context, refs }, t, scope);
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    const on = input.custom ? { container: input.custom.container, ports: input.custom.ports } : { ports: fields.ports };
    props.push([probe, probeCode(probe, main[probe], `${mainPointer}/${probe}`, { ...context, ...on }, t, scope)]);
  }
  props.push(...fields.props);
  // volumeMountsCode reads a predictor's model; a custom container's volumes stay as written.
  if (main === c.model) props.push(['volumeMounts', volumeMountsCode(c.volumes, main.volumeMounts, context, refs, t, scope)]);
  props.push(['autoscaling', scaling?.code]);
  for (const key of scaling ? [] : ['minReplicas', 'maxReplicas', ...(context.knative ? ['containerConcurrency'] : [])]) {
    if (Number.isInteger(c[key])) {
      props.push([key, raw(String(c[key]))]);
      t.map(`${base}/${key}`);
    }
  }
  if (context.knative && Number.isInteger(c.timeout)) {
    props.push(['timeout', call(`${scope.use('cdk8s', 'Duration')}.seconds`, raw(String(c.timeout)))]);
    t.map(`${base}/timeout`);
  }
  for (const key of ['nodeSelector', 'labels']) {
    if (isStringRecord(c[key]) && Object.keys(c[key] as object).length > 0) {
      props.push([key, json(c[key])]);
      t.map(`${base}/${key}`);
    }
  }
  const policyAnnotations = new Set(scaling?.componentAnnotations);
  const annotations = Object.fromEntries(Object.entries(stringEntries(c.annotations)).filter(([key]) => !policyAnnotations.has(key)));
  props.push(['annotations', freeAnnotations(annotations, `${base}/annotations`, t)]);
  props.push(['tolerations', tolerationsCode(c.tolerations, `${base}/tolerations`, t, scope)]);
  props.push(['imagePullSecrets', imagePullSecretsCode(c.imagePullSecrets, `${base}/imagePullSecrets`, t, scope, refs)]);
  return props;
}

/** A cdk8s-plus ServiceAccount of the cluster, by name, for the service `service`. */
function serviceAccountCode(accountName: string, base: string, options: ServiceOptions, scope: ConvertScope): Code {
  const account = scope.kplus('ServiceAccount');
  return call(`${account}.fromServiceAccountName`, raw(options.chart), str(options.id(`${base}-service-account`)), str(accountName));
}

/** Where a transformer or explainer is converted. */
interface ComponentTarget {
  readonly name: string;
  readonly options: ServiceOptions;
  readonly context: ComponentContext;
  readonly refs: PodRefs;
}

/**
 * A transformer's or explainer's `CustomComponentOptions`, when it is a single custom container the library writes back;
 * undefined otherwise (the whole component stays as written, noted).
 */
function customComponentCode(kind: 'transformer' | 'explainer', component: Record<string, unknown>, target: ComponentTarget, t: Tracker,
  scope: ConvertScope): Code | undefined {
  const main = customContainerOf(component);
  const container = main ? customContainerCode(kind, component, target.context, t, scope) : 'it is not a single kserve-container with an image';
  if (typeof container === 'string') {
    // The L2 has custom-container transformers and explainers only (CustomComponentOptions): ART, alibi... stay too.
    scope.note(`the ${kind} is converted when it is a custom container the library writes back (${container}); kept as written, as a JSON patch`, `spec.${kind}`);
    return undefined;
  }
  t.write(`/spec/${kind}`);
  const props: Array<[string, Code | undefined]> = [['container', container.code], ['ports', container.ports]];
  if (typeof component.serviceAccountName === 'string') {
    props.push(['serviceAccount', serviceAccountCode(component.serviceAccountName, `${target.name}-${kind}`, target.options, scope)]);
    t.map(`/spec/${kind}/serviceAccountName`);
  }
  props.push(...componentProps({
    kind, component, main: main!, mainEnv: container.env, context: target.context, refs: target.refs, custom: container.live,
  }, t, scope));
  props.push(['storageUris', container.storageUris]);
  return obj(props);
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

/** Why the library rejects `uri` as a model's storage in `version` (a malformed URI, a scheme the release lacks); else undefined. */
function storageUriProblem(uri: string, version: KServeVersion): string | undefined {
  const parsed = StorageUri.parse(uri);
  return [...problemsOf(parsed), ...parsed._validate(version)][0];
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
  const factory = scope.use('kserve', 'Model');
  // Without a storageUri the model's files are the component's storageUris (convertService checks they convert).
  const storage = typeof model.storageUri === 'string'
    ? storageUriCode(model.storageUri, scope) : call(`${scope.use('kserve', 'ModelStorage')}.fromStorageUris`);
  if (typeof model.storageUri === 'string') t.map(`${pointer}/storageUri`);
  const opts = options.length > 0 ? obj(options) : undefined;
  return FACTORIES.includes(formatName) ? call(`${factory}.${formatName}`, storage, opts) : call(`${factory}.fromFormat`, str(formatName), storage, opts);
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

// --- fields the release's CRD does not have --------------------------------------------------------------------------------

/**
 * The InferenceService spec's type in the L1 table: the generated converters of KServe v0.20.0's CRD
 * (scripts/import-crds.ts reads v0.20.0:config/crd/full/serving.kserve.io_inferenceservices.yaml, as in ../shared/schemas).
 */
const SPEC_TYPE = TYPES.findIndex(fields => ['predictor', 'transformer', 'explainer', 'canary'].every(k => fields.some(f => f[0] === k)));
/** Field forms (l1-convert.ts Form) whose values are objects of a type, or lists or maps of them. */
const OBJECT = 1;
const LIST = 2;
const MAP_OF_LISTS = 7;
const MAP_OF_OBJECTS = 9;

/**
 * Fields v0.20.0's CRD removed that older releases have (Kubernetes' own pod types changed under them): a field under one
 * of these is not claimed unknown for a release before v0.15, whose CRDs have them (read from the v0.13.1 and v0.14.1
 * CRDs, serving.kserve.io_inferenceservices.yaml; test/convert-components.test.ts checks this list against every release).
 */
const REMOVED_SINCE_V0_15 = [/\/resourceClaims\/\d+\/source(\/|$)/, /\/ephemeral\/volumeClaimTemplate\/spec\/resources\/claims(\/|$)/, /^\/spec\/predictor\/workerSpec\/size(\/|$)/];

/** What is at a path of the spec: an object of an L1 type, or a list or map of them (or a map of lists). */
interface Shape {
  readonly type: number;
  readonly form: number;
}
const TYPED_FORMS = [OBJECT, LIST, MAP_OF_OBJECTS, MAP_OF_LISTS];

/**
 * The fields at or under `pointer` (an InferenceService path, `value` the input there) that the CRD of `version` does not
 * have, as JSON pointers: a key the L1 of v0.20.0's CRD does not know, in a part of the spec it types (a free-form
 * field, such as a map of labels, has no unknown keys). Releases before v0.15 keep a few fields v0.20.0 removed.
 */
export function unknownCrdFields(pointer: string, value: unknown, version: KServeVersion): string[] {
  const segments = pointer.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments[0] !== 'spec' || SPEC_TYPE < 0) return [];
  let shape: Shape = { type: SPEC_TYPE, form: OBJECT };
  let at = '/spec';
  for (const key of segments.slice(1)) {
    const segment = `/${pointerSegment(key)}`;
    if (shape.form !== OBJECT) {
      // A list index or a map key: its item.
      shape = { type: shape.type, form: shape.form === MAP_OF_LISTS ? LIST : OBJECT };
      at += segment;
      continue;
    }
    const field = TYPES[shape.type].find(f => f[0] === key);
    if (!field) return kept([at + segment], version);
    at += segment;
    const [, form, ref = -1] = field;
    // A value the L1 does not type (a string, a free-form object): nothing is known to be missing under it.
    if (ref < 0 || !TYPED_FORMS.includes(form)) return [];
    shape = { type: ref, form };
  }
  const found: string[] = [];
  visitShape(shape, value, at, found);
  return kept(found, version);
}

/** Adds to `found` the keys under `value` that its shape's L1 type does not have. */
function visitShape(shape: Shape, value: unknown, at: string, found: string[]): void {
  if (shape.form !== OBJECT) {
    const entries = shape.form === LIST ? (Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : [])
      : isObject(value) ? Object.entries(value) : [];
    const item = { type: shape.type, form: shape.form === MAP_OF_LISTS ? LIST : OBJECT };
    for (const [key, entry] of entries) visitShape(item, entry, `${at}/${pointerSegment(key)}`, found);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, entry] of Object.entries(value)) {
    if (entry === null) continue;
    const field = TYPES[shape.type].find(f => f[0] === key);
    const where = `${at}/${pointerSegment(key)}`;
    if (!field) {
      found.push(where);
      continue;
    }
    const [, form, ref = -1] = field;
    if (ref >= 0 && TYPED_FORMS.includes(form)) visitShape({ type: ref, form }, entry, where, found);
  }
}

/** The found fields the release's CRD lacks: all, except those under a field v0.20.0 removed, for a release that has it. */
function kept(found: string[], version: KServeVersion): string[] {
  if (version.isAtLeast(KServeVersion.V0_15)) return found;
  return found.filter(f => !REMOVED_SINCE_V0_15.some(r => r.test(f)));
}
