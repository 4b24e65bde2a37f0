/*
 * Which local model cache KServe uses for a model, and what synth says about it (v0.20.0 below; what earlier releases
 * do differently is in LOCAL_MODEL_RELEASES).
 *
 * What KServe does (pkg/apis/serving/v1beta1/inference_service_defaults.go `setLocalModelLabel` for an InferenceService,
 * pkg/webhook/admission/llminferenceservice/defaulter.go `SetLocalModelLabel` for an LLMInferenceService, the same rules):
 * - only when `localModel.enabled` is true in the `inferenceservice-config` ConfigMap, and the service has no
 *   `serving.kserve.io/disable-localmodel` annotation, does the defaulting webhook list the caches;
 * - it compares the predictor's single storage URI (`GetImplementation().GetStorageUri()`: the model's `storageUri` or
 *   the custom container's STORAGE_URI; never a `storageUris` entry) with each cache's `sourceModelUri`: they match
 *   when equal or when the service's URI is a sub-path of the cache's, trailing '/' ignored (`MatchStorageURI`,
 *   pkg/apis/serving/v1alpha1/storage_uri_utils.go);
 * - LocalModelNamespaceCaches of the service's own namespace come first, then the cluster's LocalModelCaches, each in
 *   the order the API server lists them (by name); the first match wins;
 * - with a `serving.kserve.io/nodegroup` annotation on the service, a cache matches only when it is on that node group,
 *   and the PVC is `<cache>-<that group>`; without it the PVC is `<cache>-<the cache's first node group>`;
 * - a match labels the service `internal.serving.kserve.io/localmodel: <cache>` (and `-namespace` for a namespace
 *   cache) and annotates it with the cache's URI and PVC name; KServe copies labels and annotations to every
 *   component's pods (components/predictor.go, transformer.go, explainer.go);
 * - the local model controller creates the PV `<pvc>-<namespace>` and the PVC in the service's namespace from the node
 *   group's specs (pkg/controller/v1alpha1/localmodel/reconcilers/utils.go `ReconcileForIsvcs`);
 * - the pod webhook then replaces the storage initializer's download with the PVC: the URI becomes
 *   `pvc://<pvc>/models/<storage key>/<the rest of the service's URI>`, where the storage key is the first 16 hex
 *   digits of the SHA-256 of the cache's URI (storage_initializer_injector.go `InjectStorageInitializer`,
 *   local_model_cache_types.go `GetStorageKey`). It adds no node affinity: the PV's node affinity keeps the pods on the
 *   node group's nodes.
 */
import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import type { ComponentType } from '../component';
import type { KServeVersion } from '../kserve-version';
import type { ModelSource } from './modelcars';
import type { GivenValue } from './overwritten-input';
import { AppRegistry } from './registry';
import { firstRelease, minorName } from './releases';
import { shown } from './shown';

/**
 * The InferenceService annotation that picks the node group whose cache KServe uses for it (`constants.NodeGroupAnnotationKey`):
 * `annotations: { [NODE_GROUP_ANNOTATION]: group.name }`. Without it KServe uses the cache's first node group.
 * @category Model cache
 */
export const NODE_GROUP_ANNOTATION = 'serving.kserve.io/nodegroup';
/**
 * The InferenceService annotation that keeps it off every local model cache, whatever its value (`constants.DisableLocalModelKey`);
 * synth then checks nothing about caches for it.
 * @category Model cache
 */
export const DISABLE_LOCAL_MODEL_ANNOTATION = 'serving.kserve.io/disable-localmodel';

/**
 * What the local model cache does at each release that has it, keyed by `version.name` (the constructs and the matcher
 * read it; releases without local model caches have no entry).
 */
export interface LocalModelRelease {
  /** LocalModelCache has `spec.serviceAccountName` and `spec.storage`, which the download jobs use as credentials. */
  readonly credentials: boolean;
  /** The CRD's `maxItems` of `spec.nodeGroups`, when it has one. */
  readonly maxNodeGroups?: number;
  /** The defaulting webhook reads the service's `serving.kserve.io/nodegroup` annotation. */
  readonly nodeGroupAnnotation: boolean;
  /**
   * How a service's URI is matched to a cache's: `prefix`, any string prefix (`strings.HasPrefix`), or `path`, the
   * cache's URI or a path below it, trailing '/' ignored (`MatchStorageURI`).
   */
  readonly uriMatch: 'prefix' | 'path';
  /** The model's folder under the node group's volume: `models/<cache name>` or `models/<storage key>`. */
  readonly modelFolder: 'cacheName' | 'storageKey';
  /** The download PersistentVolume is per node group (`<cache>-<group>-download`), else one (`<cache>-download`). */
  readonly downloadVolumePerNodeGroup: boolean;
}

// Per release, keyed by its name (the core install data is in src/install/release.ts; this part keeps its own table).
// Sources per field: the CRDs (/work/shared/schemas/kserve/<tag>/serving.kserve.io_localmodel*.yaml, from config/crd/full):
// LocalModelCache spec.serviceAccountName/storage from v0.18.1 (the namespace cache is the fact localModelNamespaceCache), `maxItems: 1` on
// nodeGroups at v0.14.1 only; NodeGroupAnnotationKey and MatchStorageURI in setLocalModelLabel
// (pkg/apis/serving/v1beta1/inference_service_defaults.go: v0.14.1 uses strings.HasPrefix and NodeGroups[0], v0.15.2 both);
// the folder in InjectStorageInitializer (pkg/webhook/admission/pod/storage_initializer_injector.go: `models/" + modelName`
// up to v0.17.1, GetStorageKey from v0.18.1); the download PV name in pkg/controller/v1alpha1/localmodel (controller.go:
// `localModel.Name + "-download"` at v0.14.1, `+ "-" + nodeGroup.Name + "-download"` from v0.15.2).
const BEFORE_V0_18 = {
  credentials: false,
  nodeGroupAnnotation: true,
  uriMatch: 'path',
  modelFolder: 'cacheName',
  downloadVolumePerNodeGroup: true,
} as const;
const FROM_V0_18 = {
  credentials: true,
  nodeGroupAnnotation: true,
  uriMatch: 'path',
  modelFolder: 'storageKey',
  downloadVolumePerNodeGroup: true,
} as const;
const LOCAL_MODEL_RELEASES: ReadonlyMap<string, LocalModelRelease> = new Map<string, LocalModelRelease>([
  ['v0.14.1', { ...BEFORE_V0_18, maxNodeGroups: 1, nodeGroupAnnotation: false, uriMatch: 'prefix', downloadVolumePerNodeGroup: false }],
  ['v0.15.2', BEFORE_V0_18],
  ['v0.16.0', BEFORE_V0_18],
  ['v0.17.1', BEFORE_V0_18],
  ['v0.18.1', FROM_V0_18],
  ['v0.19.0', FROM_V0_18],
  ['v0.20.0', FROM_V0_18],
]);

/** What the local model cache does at `version`; undefined for a release without it. */
export function localModelRelease(version: KServeVersion): LocalModelRelease | undefined {
  return version._facts.localModelCache ? LOCAL_MODEL_RELEASES.get(version.name) : undefined;
}

/** A cache of the app, as the matcher sees it. */
export interface RegisteredCache {
  /** The construct path, for messages. */
  readonly path: string;
  readonly kind: 'LocalModelCache' | 'LocalModelNamespaceCache';
  readonly name: string;
  /** The namespace of a LocalModelNamespaceCache; undefined for a (cluster-scoped) LocalModelCache. */
  readonly namespace?: string;
  readonly sourceModelUri: string;
  /** The node group names, in the order written. */
  readonly nodeGroups: readonly string[];
  /** The node group objects given (those of the app and references), in the order written. */
  readonly nodeGroupObjects: readonly object[];
  /** The model size in bytes, when valid. */
  readonly modelBytes?: number;
  /** The namespace KServe runs the cache's download jobs in, when known. */
  readonly jobNamespace?: string;
  readonly version: KServeVersion;
}

const CACHES = new AppRegistry<RegisteredCache>();

/** Records a cache of `scope`'s app. */
export function registerModelCache(scope: IConstruct, cache: RegisteredCache): void {
  CACHES.add(scope, cache);
}

/** Every cache of `scope`'s app, in the order created. */
export function modelCachesOf(scope: IConstruct): readonly RegisteredCache[] {
  return CACHES.all(scope);
}

/**
 * Whether `storageUri` is `cachedUri` or below it, trailing '/' ignored (`MatchStorageURI`, storage_uri_utils.go); on a
 * release that matches by string prefix (v0.14.1), whether it starts with `cachedUri`.
 */
export function matchStorageUri(cachedUri: string, storageUri: string, version?: KServeVersion): boolean {
  if (version && localModelRelease(version)?.uriMatch === 'prefix') return storageUri.startsWith(cachedUri);
  const cached = cachedUri.replace(/\/$/, '');
  const uri = storageUri.replace(/\/$/, '');
  return uri === cached || (uri.startsWith(cached) && uri[cached.length] === '/');
}

/** The folder of a model under the node group's volume: `models/<first 16 hex digits of SHA-256(uri)>` (`GetStorageKey`). */
export function storageKey(sourceModelUri: string): string {
  return createHash('sha256').update(sourceModelUri).digest('hex').substring(0, 16);
}

/** The cache KServe picks for a URI, and what it mounts. */
export interface CacheMatch {
  readonly cache: RegisteredCache;
  /** The node group whose PVC the pods mount. */
  readonly nodeGroup: string;
  /** The PVC KServe creates in the service's namespace and mounts (`<cache>-<node group>`). */
  readonly pvcName: string;
  /** The URI the storage initializer reads instead of downloading. */
  readonly mountedUri: string;
}

const byName = (a: RegisteredCache, b: RegisteredCache) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The cache of `scope`'s app KServe would use for a service in `namespace` whose storage URI is `uri`, with the
 * service's node group annotation `nodeGroup` (see the header for the order and the rules), or undefined.
 */
export function cachedModel(scope: IConstruct, uri: string, namespace: string, nodeGroup: string | undefined,
  version: KServeVersion): CacheMatch | undefined {
  // A service of a release without caches is matched as on v0.20, so that the release mismatch is reported (modelCacheErrors).
  const facts = localModelRelease(version) ?? LOCAL_MODEL_RELEASES.get('v0.20.0')!;
  // A release that does not read the annotation uses the cache's first node group (setLocalModelLabel at v0.14.1).
  const group = facts.nodeGroupAnnotation ? nodeGroup : undefined;
  const caches = modelCachesOf(scope);
  const ordered = [
    ...version._facts.localModelNamespaceCache ? caches.filter(c => c.kind === 'LocalModelNamespaceCache' && c.namespace === namespace).sort(byName) : [],
    ...caches.filter(c => c.kind === 'LocalModelCache').sort(byName),
  ];
  for (const cache of ordered) {
    if (!matchStorageUri(cache.sourceModelUri, uri, version) || cache.nodeGroups.length === 0) continue;
    if (group !== undefined && !cache.nodeGroups.includes(group)) continue;
    const used = group ?? cache.nodeGroups[0];
    const pvcName = `${cache.name}-${used}`;
    return { cache, nodeGroup: used, pvcName, mountedUri: mountedPath(cache, pvcName, uri, facts) };
  }
  return undefined;
}

/** How a service uses a model URI, for `modelCacheErrors`. */
export interface CacheUse {
  /** The storage URI the service reads. */
  readonly uri: string;
  /** The field that gives it, for messages. */
  readonly field: string;
  /** The service's namespace. */
  readonly namespace: string;
  /** The service's own annotations (where KServe reads the node group and the opt-out). */
  readonly annotations?: Record<string, string>;
  /** The KServe release the service targets. */
  readonly version: KServeVersion;
  /** What the service is, for messages (`InferenceService`). */
  readonly kind: string;
}

/**
 * Problems with how the service described by `use` would (not) use a cache of `scope`'s app: each a case where KServe
 * silently downloads the model instead, or mounts it from a cache of another release.
 */
export function modelCacheErrors(scope: IConstruct, use: CacheUse): string[] {
  if (use.annotations?.[DISABLE_LOCAL_MODEL_ANNOTATION] !== undefined) return [];
  const facts = localModelRelease(use.version);
  const nodeGroup = facts?.nodeGroupAnnotation ? use.annotations?.[NODE_GROUP_ANNOTATION] : undefined;
  const match = cachedModel(scope, use.uri, use.namespace, nodeGroup, use.version);
  const label = (c: RegisteredCache) => `${c.kind} '${c.path}'`;
  if (match) {
    const errors: string[] = [];
    // Our own safety rule: one cluster runs one KServe release (as for graphs and their services).
    if (match.cache.version !== use.version) {
      errors.push(`${use.field} '${use.uri}' is served from ${label(match.cache)}, which targets KServe ${match.cache.version.name} while the `
        + `${use.kind} targets ${use.version.name}; one cluster runs one KServe release, so give both the same 'version'`);
    }
    // Kubernetes core validation: the PersistentVolume KServe creates for the namespace is `<pvc>-<namespace>`
    // (ReconcileForIsvcs, localmodel/reconcilers/utils.go), a DNS-1123 subdomain of at most 253 characters.
    const pv = `${match.pvcName}-${use.namespace}`;
    if (pv.length > 253) {
      errors.push(`${use.field} '${use.uri}' is served from ${label(match.cache)}, whose PersistentVolume for namespace '${use.namespace}' KServe `
        + `names '${pv}' (${pv.length} characters, at most 253); shorten the cache or node group name`);
    }
    // Our own safety rule: a release that matches by string prefix (v0.14.1, see LOCAL_MODEL_RELEASES) also takes a
    // service whose URI only starts with the cache's (`s3://b/m` for `s3://b/model2`), and its pod webhook then reads
    // the model from a folder that does not exist.
    if (!matchStorageUri(match.cache.sourceModelUri, use.uri)) {
      errors.push(`${use.field} '${use.uri}' only starts with the URI of ${label(match.cache)} ('${match.cache.sourceModelUri}'), but KServe `
        + `${use.version.name} matches caches by string prefix, so it would mount '${match.mountedUri}', which the cache does not hold; cache `
        + `this URI itself, end the cache's URI at a folder of this one, or set ${DISABLE_LOCAL_MODEL_ANNOTATION} on the service`);
    }
    return errors;
  }
  const matching = modelCachesOf(scope).filter(c => matchStorageUri(c.sourceModelUri, use.uri));
  const errors: string[] = [];
  const reachable = matching.filter(c => c.kind === 'LocalModelCache' || c.namespace === use.namespace);
  if (nodeGroup !== undefined && reachable.length > 0) {
    // setLocalModelLabel: with the annotation, a cache on other node groups is skipped.
    errors.push(`${use.field} '${use.uri}' is cached by ${reachable.map(c => `${label(c)} (node groups ${c.nodeGroups.map(g => shown(g)).join(', ')})`).join(', ')}, `
      + `but the annotation ${NODE_GROUP_ANNOTATION}: ${shown(nodeGroup)} asks for node group ${shown(nodeGroup)}, so KServe uses no cache and `
      + `downloads the model; add that node group to the cache or change the annotation (or set ${DISABLE_LOCAL_MODEL_ANNOTATION} to download on purpose)`);
  }
  for (const cache of matching.filter(c => c.kind === 'LocalModelNamespaceCache' && c.namespace !== use.namespace && use.version._facts.localModelNamespaceCache)) {
    // The defaulting webhook lists namespace caches in the service's namespace only (inference_service_defaults.go).
    errors.push(`${use.field} '${use.uri}' is cached by ${label(cache)} in namespace '${cache.namespace}', but a LocalModelNamespaceCache serves only `
      + `services of its own namespace and this ${use.kind} is in '${use.namespace}', so KServe downloads the model; use a LocalModelCache `
      + `(cluster-wide) or a LocalModelNamespaceCache in '${use.namespace}' (or set ${DISABLE_LOCAL_MODEL_ANNOTATION} to download on purpose)`);
  }
  return errors;
}

/** What an InferenceService shows of itself to the cache checks (structural, so this file needs no import of it). */
export interface CacheConsumer extends IConstruct {
  readonly namespace: string;
  readonly version: KServeVersion;
  readonly components: ComponentType[];
  readonly _modelSources: ModelSource[];
  _givenAnnotation(key: string, component: ComponentType): GivenValue[];
}

/** The service's own annotations that steer caches (`metadata.annotations`, where KServe reads them). */
function cacheAnnotations(service: CacheConsumer): Record<string, string> {
  const predictor = service.components[0];
  return Object.fromEntries([NODE_GROUP_ANNOTATION, DISABLE_LOCAL_MODEL_ANNOTATION].flatMap(key =>
    service._givenAnnotation(key, predictor).filter(g => g.field === 'metadata.annotations').map(g => [key, String(g.value)])));
}

/** The cache an InferenceService's predictor reads its model from, as KServe would pick it (see the header), or undefined. */
export function inferenceServiceCache(service: CacheConsumer): CacheMatch | undefined {
  const annotations = cacheAnnotations(service);
  if (annotations[DISABLE_LOCAL_MODEL_ANNOTATION] !== undefined) return undefined;
  const predictor = service._modelSources.find(s => s.field.startsWith('spec.predictor.') && !s.entry);
  return predictor && cachedModel(service, predictor.uri.uri, service.namespace, annotations[NODE_GROUP_ANNOTATION], service.version);
}

/**
 * The cache checks of an InferenceService: the predictor's single URI against the app's caches (`modelCacheErrors`),
 * the cache annotations where KServe reads them, `storageUris` entries (never cached), and the other components'
 * URIs when the predictor is cached.
 */
export function inferenceServiceCacheErrors(service: CacheConsumer): string[] {
  if (modelCachesOf(service).length === 0) return [];
  const errors: string[] = [];
  // inference_service_defaults.go reads both annotations from the InferenceService's metadata only.
  for (const key of [NODE_GROUP_ANNOTATION, DISABLE_LOCAL_MODEL_ANNOTATION]) {
    for (const component of service.components) {
      for (const given of service._givenAnnotation(key, component).filter(g => g.field !== 'metadata.annotations')) {
        errors.push(`${given.field}: KServe reads the annotation ${key} from the InferenceService's metadata.annotations only; move it there`);
      }
    }
  }
  const annotations = cacheAnnotations(service);
  if (annotations[DISABLE_LOCAL_MODEL_ANNOTATION] !== undefined) return errors;
  // Our own safety rule: a release whose defaulting webhook does not read the node group annotation (v0.14.1, see
  // LOCAL_MODEL_RELEASES) would silently use the cache's first node group instead.
  const facts = localModelRelease(service.version);
  if (annotations[NODE_GROUP_ANNOTATION] !== undefined && facts && !facts.nodeGroupAnnotation) {
    const first = minorName(firstRelease(v => localModelRelease(v)?.nodeGroupAnnotation === true));
    errors.push(`metadata.annotations: KServe ${service.version.name} does not read ${NODE_GROUP_ANNOTATION} (it uses each cache's first node `
      + `group; the annotation is read from KServe ${first} on); remove it`);
  }
  const sources = service._modelSources;
  const predictor = sources.find(s => s.field.startsWith('spec.predictor.') && !s.entry);
  const use = { namespace: service.namespace, annotations, version: service.version, kind: 'InferenceService' };
  if (predictor) errors.push(...modelCacheErrors(service, { ...use, uri: predictor.uri.uri, field: predictor.field }));
  for (const entry of sources.filter(s => s.entry)) {
    const cache = cachedModel(service, entry.uri.uri, service.namespace, annotations[NODE_GROUP_ANNOTATION], service.version);
    // setLocalModelLabel reads GetStorageUri(), which storageUris entries never set; the pod webhook does not mount a
    // cache for them either ("not supported with multiple storage URIs", storage_initializer_injector.go).
    if (cache) {
      errors.push(`${entry.field} '${entry.uri.uri}' is cached by ${cache.cache.kind} '${cache.cache.path}', but KServe uses caches only for the `
        + 'predictor\'s single storageUri, never for storageUris entries, so it downloads the model; give the model as `model.storageUri`');
    }
  }
  const match = inferenceServiceCache(service);
  for (const other of match ? sources.filter(s => !s.entry && !s.field.startsWith('spec.predictor.')) : []) {
    // The cache label and annotations reach every component's pods (transformer.go, explainer.go), and the pod webhook
    // rewrites any pod's storage URI with them (storage_initializer_injector.go): a URI outside the cache breaks.
    if (!matchStorageUri(match!.cache.sourceModelUri, other.uri.uri, service.version)) {
      errors.push(`${other.field} '${other.uri.uri}': the predictor is served from ${match!.cache.kind} '${match!.cache.path}', and KServe puts the `
        + 'cache\'s label and annotations on every component\'s pods, so its pod webhook would read this URI from '
        + `'${mountedPath(match!.cache, match!.pvcName, other.uri.uri, localModelRelease(service.version)!)}' instead of downloading it; store this component's files `
        + `under '${match!.cache.sourceModelUri}', or set ${DISABLE_LOCAL_MODEL_ANNOTATION} on the service`);
    }
  }
  return errors;
}

/**
 * The runbook section of a service whose predictor reads a cache of the app (empty otherwise): what KServe mounts, and
 * the commands that show the cache's state.
 */
export function modelCacheRunbook(service: CacheConsumer & { readonly name: string }): string[] {
  const match = inferenceServiceCache(service);
  return match ? cacheRunbookSection(match, 'inferenceservice', service.name, service.namespace, 'The predictor\'s model') : [];
}

/**
 * The runbook section of a service (`kind` as kubectl names it) whose model is read from the cache of `match`
 * (`whose` names the model in the text): the label and PVC KServe adds, and the commands to check them.
 */
export function cacheRunbookSection(match: CacheMatch, kind: 'inferenceservice' | 'llminferenceservice', name: string, ns: string,
  whose: string): string[] {
  const cache = match.cache;
  const get = cache.kind === 'LocalModelCache' ? `kubectl get localmodelcache ${cache.name}` : `kubectl get localmodelnamespacecache ${cache.name} -n ${cache.namespace}`;
  return [
    '## Model cache',
    '',
    `${whose} is cached by ${cache.kind} \`${cache.name}\` on node group \`${match.nodeGroup}\`. When the cluster's`,
    '`inferenceservice-config` has `localModel.enabled: true`, KServe labels the service',
    `\`internal.serving.kserve.io/localmodel: ${cache.name}\`, creates the PVC \`${match.pvcName}\` in \`${ns}\` and the pods read`,
    `\`${match.mountedUri}\` instead of downloading the model; the PersistentVolume's node affinity keeps them on the node group's nodes.`,
    '',
    '```sh',
    `kubectl get ${kind} ${name} -n ${ns} -o jsonpath='{.metadata.labels.internal\\.serving\\.kserve\\.io/localmodel}{"\\n"}'`,
    `${get} -o jsonpath='{.status.copies}{"\\n"}{.status.nodeStatus}{"\\n"}'`,
    `kubectl get pvc ${match.pvcName} -n ${ns}`,
    ...(cache.jobNamespace !== undefined ? [`kubectl get jobs -n ${cache.jobNamespace} -l model=${cache.name}   # the download jobs`] : []),
    'kubectl get localmodelnodes',
    '```',
    '',
  ];
}

/**
 * The URI the pod webhook reads `uri` from on a pod annotated with `cache` mounted as `pvcName`: the cache's URI is
 * cut off `uri` as written (when it is a prefix), a '/' is added, and the rest goes under the model's folder, the
 * cache's name or its storage key by release (storage_initializer_injector.go `InjectStorageInitializer`).
 */
function mountedPath(cache: RegisteredCache, pvcName: string, uri: string, facts: LocalModelRelease): string {
  const source = cache.sourceModelUri;
  const rest = uri.startsWith(source) ? uri.substring(source.length) : uri;
  const folder = facts.modelFolder === 'storageKey' ? storageKey(source) : cache.name;
  return `pvc://${pvcName}/models/${folder}${rest.startsWith('/') ? rest : `/${rest}`}`;
}
