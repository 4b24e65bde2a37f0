/*
 * Checks of an LLMInferenceService that otherwise fail late, at reconcile or when traffic flows: its HTTPRoute refs
 * against the app's HTTPRoutes and Gateways, its LoRA adapters against how KServe downloads and mounts them, and its
 * model URI against the schemes KServe's LLM controller attaches (KServe v0.20.0, pkg/controller/v1alpha2/llmisvc/).
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { appConstructs, perPass } from './app-pass';
import { childName, LLM_WORKLOAD_PORT, llmWorkloadServiceName } from './llm-names';
import { inferencePoolGroup } from './llm-router-spec';
import { shown } from './shown';
import { describeValue, DNS1123_LABEL, MAX_DNS_LABEL } from './validation';
import { KServeVersion } from '../kserve-version';
import { LLMModel, LoRAAdapter } from '../llm/llm-model';
import { LLMRouter } from '../llm/llm-router';
import { StorageScheme, StorageUri } from '../storage-uri';

const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** The InferencePool groups KServe's routes use (v1 and v1alpha2, isDefaultBackendRef in config_merge.go at v0.20.0). */
const INFERENCE_POOL_GROUPS = ['inference.networking.k8s.io', 'inference.networking.x-k8s.io'];

/** The (namespace, name) of every Gateway API v1 Gateway the app writes. */
export function gatewaysInApp(scope: IConstruct): Array<[string, string]> {
  return objectsInApp(scope, 'Gateway').map(o => [namespaceOfObject(o), o.name]);
}

function objectsInApp(scope: IConstruct, kind: string): ApiObject[] {
  return perPass(scope, `${GATEWAY_API_VERSION} ${kind}`, () => appConstructs(scope)
    .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === kind && c.apiVersion === GATEWAY_API_VERSION));
}

function namespaceOfObject(o: ApiObject): string {
  return o.metadata.namespace ?? Chart.of(o).namespace ?? 'default';
}

/** The object as written (escape hatches applied), or undefined when its own input cannot render (reported by it). */
function writtenSpec(o: ApiObject): Record<string, any> | undefined {
  try {
    const spec = o.toJson()?.spec;
    return typeof spec === 'object' && spec !== null ? spec : undefined;
  } catch {
    return undefined;
  }
}

/** What the HTTPRoute checks read of the service. */
export interface RouteCheckTarget {
  readonly name: string;
  readonly namespace: string;
  readonly router?: LLMRouter;
  readonly version: KServeVersion;
}

/**
 * Checks of `router.route.http.refs` against the app's HTTPRoutes (gateway.networking.k8s.io/v1), when it defines any:
 * - the controller looks each ref up by name in the service's namespace and, when one is missing, marks HTTPRoutesReady
 *   false ("HTTPRoute <ns>/<name> does not exist", validateHTTPRouteReferences, router_validation.go at v0.20.0);
 * - for each route it finds, a route without parentRefs, or whose parent Gateway does not exist, marks it false too
 *   (validateHTTPRouteTargets, same file); the Gateways are checked when the app defines Gateways;
 * - our own safety rule: KServe publishes the route's URLs as the service's addresses (updateRoutingStatus, router.go)
 *   but does not rewrite a route of yours, so one of its backends must be the service's: its InferencePool (with a
 *   scheduler: `router.scheduler.pool.name`, else `<name>-inference-pool`, InferencePoolName in
 *   llm_inference_service_types_func.go) or its workload Service `<name>-kserve-workload-svc` on port 8000 (workload.go). Without a
 *   scheduler KServe creates no InferencePool, so a backend naming one does not resolve, and the route stays not ready
 *   (IsHTTPRouteReady needs ResolvedRefs, router_discovery.go).
 * A ref in another namespace is reported by the spec's checks (llm-spec.ts) and skipped here.
 */
export function httpRouteRefErrors(scope: IConstruct, svc: RouteCheckTarget): string[] {
  const refs = svc.router?.route?.http?.refs ?? [];
  if (refs.length === 0) return [];
  const routes = new Map(objectsInApp(scope, 'HTTPRoute').map(o => [`${namespaceOfObject(o)}/${o.name}`, o]));
  if (routes.size === 0) return [];
  const gateways = new Set(gatewaysInApp(scope).map(([ns, name]) => `${ns}/${name}`));
  return refs.flatMap((ref, i) => {
    if (typeof ref?.name !== 'string' || (ref.namespace !== undefined && ref.namespace !== svc.namespace)) return [];
    const field = `spec.router.route.http.refs[${i}]`;
    const key = `${svc.namespace}/${ref.name}`;
    const route = routes.get(key);
    if (!route) {
      return [`${field}: HTTPRoute '${key}' is not defined in this app, which defines ${[...routes.keys()].map(r => `'${r}'`).join(', ')}; KServe `
        + "looks the route up in the service's namespace and marks HTTPRoutesReady false while it does not exist; reference one of them (by "
        + 'object), or fix the name'];
    }
    const spec = writtenSpec(route);
    return spec ? routeTargetErrors(spec, key, field, svc, gateways) : [];
  });
}

// A route without parents, or with a Gateway that does not exist: validateHTTPRouteTargets (router_validation.go at v0.20.0)
// marks HTTPRoutesReady false.
function routeTargetErrors(spec: Record<string, any>, key: string, field: string, svc: RouteCheckTarget, gateways: Set<string>): string[] {
  const routeNamespace = key.split('/')[0];
  const errors: string[] = [];
  const parents: any[] = Array.isArray(spec.parentRefs) ? spec.parentRefs : [];
  if (parents.length === 0) {
    errors.push(`${field}: HTTPRoute '${key}' has no parentRefs, so no Gateway serves it and KServe marks HTTPRoutesReady false; attach it to a Gateway`);
  }
  for (const parent of parents) {
    if ((parent?.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (parent?.kind ?? 'Gateway') !== 'Gateway' || gateways.size === 0) continue;
    const gateway = `${parent?.namespace ?? routeNamespace}/${parent?.name}`;
    if (!gateways.has(gateway)) {
      errors.push(`${field}: HTTPRoute '${key}' attaches to Gateway '${gateway}', which is not defined in this app (it defines `
        + `${[...gateways].map(g => `'${g}'`).join(', ')}); KServe marks HTTPRoutesReady false for a route whose Gateway does not exist`);
    }
  }
  const scheduler = svc.router?.scheduler;
  const defaultPool = childName(svc.name, '-inference-pool');
  const pool = scheduler ? (scheduler.pool?.name ?? defaultPool) : undefined;
  const service = llmWorkloadServiceName(svc.name);
  const backends: any[] = (Array.isArray(spec.rules) ? spec.rules : []).flatMap((r: any) => (Array.isArray(r?.backendRefs) ? r.backendRefs : []));
  const inNamespace = (b: any) => (b?.namespace ?? routeNamespace) === svc.namespace;
  // Fact llmInferencePool: v0.16.0 has InferencePools in inference.networking.x-k8s.io only (Gateway API Inference
  // Extension v0.3.0, config/llmisvc/gateway-inference-extension.yaml), so a backend in the v1 group does not resolve.
  const releaseGroup = inferencePoolGroup(svc.version);
  const groups = releaseGroup === INFERENCE_POOL_GROUPS[1] ? [releaseGroup] : INFERENCE_POOL_GROUPS;
  const isPool = (b: any) => b?.kind === 'InferencePool' && groups.includes(b?.group);
  for (const b of backends.filter(x => x?.kind === 'InferencePool' && INFERENCE_POOL_GROUPS.includes(x?.group) && !groups.includes(x.group))) {
    errors.push(`${field}: HTTPRoute '${key}' sends to InferencePool '${b.name}' in group ${b.group}, which KServe ${svc.version.name} does not have `
      + `(its InferencePools are ${svc.version._facts.llmInferencePool}), so the backend does not resolve; set the group to ${releaseGroup} `
      + "with a JSON patch on the route's apiObject, or route to the workload Service (HttpBackend.serviceName)");
  }
  const isService = (b: any) => (b?.group ?? '') === '' && (b?.kind ?? 'Service') === 'Service';
  const toService = backends.filter(b => inNamespace(b) && isService(b) && b.name === service);
  const ours = toService.length > 0 || backends.some(b => inNamespace(b) && pool !== undefined && isPool(b) && b.name === pool);
  // Our own safety rule, as for any Service backend (HttpBackend): the workload Service exposes port 8000 only
  // (reconcileWorkloadService, workload.go at v0.20.0), and another port resolves to no endpoint.
  for (const b of toService.filter(t => t.port !== undefined && t.port !== LLM_WORKLOAD_PORT)) {
    errors.push(`${field}: HTTPRoute '${key}' sends to port ${describeValue(b.port)} of Service '${service}', which exposes port `
      + `${LLM_WORKLOAD_PORT} only; use port ${LLM_WORKLOAD_PORT}`);
  }
  if (!ours) {
    const missingPool = !scheduler && backends.some(b => inNamespace(b) && isPool(b) && b.name === defaultPool);
    errors.push(`${field}: HTTPRoute '${key}' sends no request to this service: `
      + (missingPool
        ? `it routes to InferencePool '${defaultPool}', which KServe creates only with router.scheduler, so the backend does not resolve and `
          + 'the route stays not ready; add router.scheduler, or route to'
        : 'none of its backends is')
      + ` ${pool !== undefined ? `the service's InferencePool '${pool}' (HttpBackend.inferencePool) or ` : ''}its workload Service '${service}' `
      + `(HttpBackend.serviceName) in '${svc.namespace}', while KServe publishes the route's URLs as the service's addresses`);
  }
  return errors;
}

/** The schemes whose adapters KServe's storage initializer downloads (collectLoRADownloadPairs, workload_lora.go at v0.20.0). */
const DOWNLOADED_ADAPTERS: readonly string[] = [StorageScheme.HUGGING_FACE, StorageScheme.S3];

/** The model schemes KServe's LLM controller downloads with the storage initializer (attachModelArtifacts, workload_storage.go). */
const DOWNLOADED_MODELS: readonly string[] = [StorageScheme.HUGGING_FACE, StorageScheme.S3];

/** The model schemes KServe's LLM controller attaches at all: downloaded, mounted (pvc) or run as an image (oci). */
const ATTACHED_MODELS: readonly string[] = [...DOWNLOADED_MODELS, StorageScheme.PVC, StorageScheme.OCI, StorageScheme.OCI_NATIVE];

/**
 * The URIs a model server pod's storage initializer downloads, first to last: the model's (hf://, s3://) and the
 * hf:// and s3:// adapters', all in one init container with the one ServiceAccount's credentials
 * (attachModelArtifacts and attachMultiStorageDownloads, workload_storage.go at v0.20.0).
 */
export function downloadedUris(model: LLMModel | undefined): StorageUri[] {
  const uri = model?.uri instanceof StorageUri && DOWNLOADED_MODELS.includes(model.uri.scheme) ? [model.uri] : [];
  const given = model?.lora?.adapters;
  const adapters = (Array.isArray(given) ? given : []).map(a => a?.uri)
    .filter((u): u is StorageUri => u instanceof StorageUri && DOWNLOADED_ADAPTERS.includes(u.scheme));
  return [...uri, ...adapters];
}

/** The folder KServe mounts an adapter at: `/mnt/lora/<name, sanitized>` (sanitizeLoRAPathSegment, workload_lora.go at v0.20.0). */
export function adapterMountPath(name: string): string {
  const segment = name.replace(/[^a-zA-Z0-9._-]/g, '-');
  return `/mnt/lora/${segment === '' || segment === '.' || segment === '..' ? 'adapter' : segment}`;
}

/**
 * Checks of the LoRA adapters against how KServe's controller attaches them (workload_lora.go at v0.20.0), each a
 * reconcile error or a pod the API server rejects:
 * - with the storage initializer disabled, every adapter stops reconcile (enumerateLoRAAdapters);
 * - each adapter is mounted at `/mnt/lora/<name>` with the characters other than letters, digits, '.', '_' and '-'
 *   replaced by '-': two names that sanitize alike share the folder (hf://, s3://: one download overwrites the other)
 *   or the mount path, which Kubernetes core validation rejects (unique mount paths in a container);
 * - a pvc:// adapter's volume is `kmeta.ChildName("lora-pvc-", name)` (attachLoRAAdapters), not sanitized, and Kubernetes
 *   core validation wants volume names that are DNS-1123 labels.
 */
export function loraAttachErrors(adapters: readonly LoRAAdapter[], storageInitializerOff: boolean): string[] {
  const errors: string[] = [];
  const mounts = new Map<string, number>();
  adapters.forEach((adapter, i) => {
    const at = `spec.model.lora.adapters[${i}]`;
    const name = adapter?.name;
    if (typeof name !== 'string' || name === '' || name === '.' || name === '..') return;
    const scheme = adapter.uri instanceof StorageUri ? adapter.uri.scheme : undefined;
    if (storageInitializerOff && scheme !== undefined && [...DOWNLOADED_ADAPTERS, StorageScheme.PVC].includes(scheme)) {
      errors.push(`${at} ${shown(name)}: spec.storageInitializer.enabled is false, and KServe's controller needs it to ${scheme === StorageScheme.PVC
        ? 'mount' : 'download'} ${scheme}:// adapters (the service would not reconcile); enable the storage initializer or remove the adapter`);
    }
    const path = adapterMountPath(name);
    const other = mounts.get(path);
    if (other !== undefined && adapters[other].name !== name) {
      errors.push(`${at}.name ${shown(name)}: KServe mounts it at '${path}', as adapters[${other}] (${shown(adapters[other].name)}): it replaces `
        + "characters other than letters, digits, '.', '_' and '-' with '-'; rename one of them");
    } else if (other === undefined) {
      mounts.set(path, i);
    }
    if (scheme === StorageScheme.PVC) {
      const volume = childName('lora-pvc-', name);
      if (!DNS1123_LABEL.test(volume) || volume.length > MAX_DNS_LABEL) {
        errors.push(`${at}.name ${shown(name)}: KServe names the volume of a pvc:// adapter '${volume}' (lora-pvc-<name>), which must be a DNS-1123 `
          + "label (lower case alphanumerics and '-'), or the API server rejects the pods; rename the adapter");
      }
    }
  });
  return errors;
}

/**
 * The model URI against the schemes KServe's LLM controller attaches (attachModelArtifacts, workload_storage.go at
 * v0.20.0: pvc, oci, oci+native, hf, s3; any other scheme stops reconcile with "unsupported schema in model URI"). Not
 * when the storage initializer is disabled (nothing is attached), nor when a local model cache of the app serves the
 * URI (the controller then mounts the cache's PVC instead).
 */
export function modelSchemeErrors(uri: StorageUri, storageInitializerOff: boolean, cached: boolean): string[] {
  if (storageInitializerOff || cached || ATTACHED_MODELS.includes(uri.scheme)) return [];
  return [`spec.model.uri '${uri.uri}': KServe's LLMInferenceService controller attaches models from hf://, s3://, pvc://, oci:// and `
    + `oci+native:// only ('${uri.scheme}://' stops reconcile with "unsupported schema in model URI"); copy the model to one of those, `
    + 'or cache it with a LocalModelCache'];
}
