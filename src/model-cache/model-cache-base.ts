import { ApiObject, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { ILocalModelNodeGroup, LocalModelNodeGroup } from './local-model-node-group';
import { release } from '../install/release';
import { KServeDefaults } from '../kserve-defaults';
import { KServeVersion } from '../kserve-version';
import { ModelStorageSecret } from '../model-storage-secret';
import { EmittedObject } from '../private/emitted-object';
import { unservedLocalModelErrors } from '../private/local-model-install';
import { LOCAL_MODEL_API_VERSION, LocalModelCacheSpecJson, LocalModelMetadata } from '../private/local-model-objects';
import { LocalModelRelease, localModelRelease, modelCachesOf, registerModelCache } from '../private/model-cache';
import { firstRelease, minorName } from '../private/releases';
import { sizeBytes, sizeErrors, sizeQuantity } from '../private/resources';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME, LABEL_VALUE, MAX_DNS_LABEL, namespaceErrors, namespaceOf, validateLabels } from '../private/validation';
import { StorageScheme, StorageUri } from '../storage-uri';

/**
 * Props shared by LocalModelCache and LocalModelNamespaceCache.
 * @category Model cache
 */
export interface LocalModelCacheProps {
  /**
   * The cache's name. KServe labels the services that use the cache with it
   * (`internal.serving.kserve.io/localmodel`), so it must also be a valid label value (at most 63 characters), and
   * names the PVCs `<cache>-<node group>`.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Where the model is downloaded from (`spec.sourceModelUri`, immutable once created). Services whose model URI is
   * this URI or a path below it read the model from the cache.
   */
  readonly sourceModelUri: StorageUri;

  /**
   * The model's size on disk (`spec.modelSize`); synth checks it fits the storage limit of each node group of the app
   * it is cached on.
   */
  readonly modelSize: Size;

  /**
   * The node groups to cache the model on (`spec.nodeGroups`): groups of this app, or existing ones by
   * `LocalModelNodeGroup.fromName`. Services without a `serving.kserve.io/nodegroup` annotation use the first.
   */
  readonly nodeGroups: ILocalModelNodeGroup[];

  /**
   * Credentials the download jobs use: a `ModelStorageSecret` (its ServiceAccount is written as
   * `spec.serviceAccountName`; a `storageConfig` entry as `spec.storage.key`). KServe runs the download jobs in its
   * local model job namespace and reads the ServiceAccount or Secret there, so the credentials must be in
   * `jobNamespace`.
   * @default - no credentials (public models)
   */
  readonly storageCredentials?: ModelStorageSecret;

  /**
   * Overrides of the `storage-config` entry's settings (`spec.storage.parameters`), read only with
   * `ModelStorageSecret.storageConfig` credentials.
   * @default - none
   */
  readonly storageParameters?: Record<string, string>;

  /**
   * The namespace KServe runs the download jobs in (`localModel.jobNamespace` of the `inferenceservice-config`
   * ConfigMap); only checked against the credentials' namespace, nothing is written.
   * @default - the release's default (`kserve-localmodel-jobs` on v0.20)
   */
  readonly jobNamespace?: string;

  /**
   * Labels on the cache object.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * The KServe release the cluster runs (LocalModelCache needs v0.14 or later, LocalModelNamespaceCache and credentials
   * v0.18 or later).
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;
}

/** The props either cache kind passes to the base. */
interface CacheBaseProps extends LocalModelCacheProps {
  readonly namespace?: string;
}

/**
 * What LocalModelCache and LocalModelNamespaceCache share: the spec (both kinds have the same fields,
 * pkg/apis/serving/v1alpha1/local_model_cache_types.go and local_model_namespace_cache_types.go) and its checks.
 *
 * @example
 * // Both kinds of cache are ModelCacheBases: the same props, name, URI, node groups and apiObject.
 * const gpuPool = LocalModelNodeGroup.fromName('gpu-pool');
 * const caches: ModelCacheBase[] = [
 *   new LocalModelCache(chart, 'qwen-7b', {
 *     sourceModelUri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), modelSize: Size.gibibytes(16), nodeGroups: [gpuPool],
 *   }),
 *   new LocalModelNamespaceCache(chart, 'granite-8b', {
 *     sourceModelUri: StorageUri.huggingFace('ibm-granite/granite-3.3-8b-instruct'), modelSize: Size.gibibytes(17), nodeGroups: [gpuPool],
 *   }),
 * ];
 * for (const cache of caches) cache.apiObject.metadata.addLabel('team', 'ml-platform');
 * @category Model cache
 */
export abstract class ModelCacheBase extends Construct {
  /** The cache's name. */
  public readonly name: string;
  /** Where the model is downloaded from. */
  public readonly sourceModelUri: StorageUri;
  /** The node groups the model is cached on. */
  public readonly nodeGroups: ILocalModelNodeGroup[];
  /** The KServe release targeted. */
  public readonly version: KServeVersion;
  /** Escape hatch: the cache object (also `ApiObject.of(cache)`); JSON patches apply last and reach the YAML unchanged. */
  public readonly apiObject: ApiObject;

  /**
   * The namespace KServe runs the download jobs in: `jobNamespace`, else the release's default (undefined for a release
   * without local model caches).
   */
  public get jobNamespace(): string | undefined {
    if (this.props.jobNamespace !== undefined) return this.props.jobNamespace;
    return KServeVersion.all().includes(this.version) ? release(this.version).config.localModel?.jobNamespace : undefined;
  }

  /** The props as checked. */
  protected readonly props: CacheBaseProps;

  /** The namespace of a LocalModelNamespaceCache (the props', else the chart's); undefined for a LocalModelCache. */
  protected readonly cacheNamespace?: string;

  protected constructor(scope: Construct, id: string, props: CacheBaseProps, kind: 'LocalModelCache' | 'LocalModelNamespaceCache') {
    super(scope, id);
    props = checkProps(this, new.target.name, props);
    this.props = props;
    const namespace = kind === 'LocalModelNamespaceCache' ? namespaceOf(this, props.namespace) : undefined;
    this.cacheNamespace = namespace;
    this.name = props.name ?? id;
    this.sourceModelUri = props.sourceModelUri;
    this.nodeGroups = props.nodeGroups;
    this.version = props.version ?? KServeDefaults._of(this).version;
    const credentials = props.storageCredentials;
    const key = credentials?.storageKey;
    const metadata: LocalModelMetadata = { name: this.name, namespace: props.namespace, labels: props.labels };
    const spec: LocalModelCacheSpecJson = {
      sourceModelUri: props.sourceModelUri.uri,
      modelSize: sizeQuantity(props.modelSize) ?? '0',
      nodeGroups: props.nodeGroups.map(g => g.name),
      serviceAccountName: key === undefined ? credentials?.serviceAccount?.name : undefined,
      storage: key !== undefined || props.storageParameters !== undefined ? { key, parameters: props.storageParameters } : undefined,
    };
    // cdk8s leaves undefined keys out of the YAML.
    this.apiObject = new EmittedObject(this, 'Resource', { apiVersion: LOCAL_MODEL_API_VERSION, kind, metadata, spec });
    registerModelCache(this, {
      path: this.node.path,
      kind,
      name: this.name,
      namespace,
      sourceModelUri: props.sourceModelUri.uri,
      nodeGroups: spec.nodeGroups,
      nodeGroupObjects: props.nodeGroups,
      modelBytes: sizeErrors(props.modelSize, '').length === 0 ? sizeBytes(props.modelSize) : undefined,
      jobNamespace: this.jobNamespace,
      version: this.version,
    });
    addValidationOnce(this, () => this.validate(kind, namespace));
  }

  private validate(kind: string, namespace: string | undefined): string[] {
    const p = this.props;
    const v = this.version;
    const facts = localModelRelease(v);
    // Fact localModelCache: the CRDs exist from v0.14 (local_model_*_types.go).
    if (!facts) return [`${kind} needs KServe ${firstWith(() => true)} or later (the local model cache CRDs); the target is ${v.name}`];
    // Fact localModelNamespaceCache: the LocalModelNamespaceCache CRD first ships in v0.18.
    if (kind === 'LocalModelNamespaceCache' && !v._facts.localModelNamespaceCache) {
      return [`${kind} needs KServe ${minorName(firstRelease(r => r._facts.localModelNamespaceCache))} or later (the LocalModelNamespaceCache CRD); the target is ${v.name}; `
        + 'use a LocalModelCache (cluster-wide)'];
    }
    const errors = unservedLocalModelErrors(this, kind);
    // Kubernetes core validation: a DNS-1123 subdomain; the label KServe puts on the services and pods that use the
    // cache (internal.serving.kserve.io/localmodel, inference_service_defaults.go) and on the download Jobs (`model`,
    // localmodelnode/controller.go) holds the name, so it must be a label value too (at most 63 characters).
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name) || this.name.length > MAX_DNS_LABEL || !LABEL_VALUE.test(this.name)) {
      errors.push(`metadata.name ${shown(this.name)} must be a DNS-1123 subdomain of at most ${MAX_DNS_LABEL} characters (lower case alphanumerics, `
        + "'-' and '.', starting and ending with an alphanumeric): KServe writes it as a label value on the services that use the cache");
    }
    if (namespace !== undefined) errors.push(...namespaceErrors(namespace, 'metadata.namespace'));
    errors.push(...validateLabels(p.labels, 'metadata.labels'));
    errors.push(...this.uriErrors());
    errors.push(...this.sizeAndGroupErrors(kind, namespace));
    errors.push(...this.credentialErrors());
    // The LocalModelCache webhook rejects a second cache of the same URI (validateUniqueStorageURI at every release:
    // pkg/webhook/admission/localmodelcache/local_model_cache_validation.go at v0.14.1–v0.16.0,
    // pkg/controller/v1alpha1/localmodel/webhook/localmodelcache_validator.go at v0.17.1,
    // pkg/webhook/admission/localmodelcache/localmodelcache_validator.go from v0.18.1); LocalModelNamespaceCaches have no such rule.
    if (kind === 'LocalModelCache') {
      for (const other of modelCachesOf(this).filter(c => c.kind === 'LocalModelCache' && c.path !== this.node.path && c.name !== this.name)) {
        if (other.sourceModelUri === p.sourceModelUri.uri) {
          errors.push(`spec.sourceModelUri '${p.sourceModelUri.uri}' is also cached by LocalModelCache '${other.path}'; KServe's webhook allows one `
            + 'LocalModelCache per URI: add the node groups to one of them');
        }
      }
    }
    return errors;
  }

  private uriErrors(): string[] {
    const uri = this.props.sourceModelUri;
    const errors = uri._validate(this.version).map(e => `spec.sourceModelUri: ${e}`);
    // The node agent's download job runs the storage initializer with the URI as its argument
    // (localmodelnode/controller.go launchJob): it downloads from object stores, Hugging Face and HTTP(S)
    // (python/storage/kserve_storage/kserve_storage.py), but a pvc:// URI is only mounted by KServe's pod webhook and an
    // OCI image only by its modelcar injector, and a file:// path would be read inside the job's own container.
    const unsupported = [StorageScheme.PVC, StorageScheme.OCI, StorageScheme.OCI_NATIVE, StorageScheme.FILE];
    if (unsupported.includes(uri.scheme)) {
      errors.push(`spec.sourceModelUri '${uri.uri}': KServe's download job cannot fetch '${uri.scheme}://' models (it runs the storage initializer, `
        + 'which downloads from s3://, gs://, Azure, hdfs://, webhdfs://, hf:// and http(s)://); cache a model from one of those');
    }
    // Our own safety rule: the pod webhook cuts the cache's URI, as written, off the service's URI
    // (storage_initializer_injector.go), while matching ignores a trailing '/': `s3://b/m/` cached and `s3://b/m` served
    // would mount `.../models/<key>/s3://b/m`.
    if (uri.uri.endsWith('/')) {
      errors.push(`spec.sourceModelUri '${uri.uri}' must not end with '/': KServe matches services without it but then mounts a wrong path for them`);
    }
    return errors;
  }

  private sizeAndGroupErrors(kind: string, namespace: string | undefined): string[] {
    const p = this.props;
    const errors = sizeErrors(p.modelSize, 'spec.modelSize');
    const bytes = errors.length === 0 ? sizeBytes(p.modelSize)! : undefined;
    // Our own safety rule: a model of no size is a mistake (the controller never compares it).
    if (bytes !== undefined && bytes <= 0) errors.push('spec.modelSize must be more than 0');
    // MinItems=1 on nodeGroups (local_model_cache_types.go, local_model_namespace_cache_types.go).
    if (p.nodeGroups.length === 0) errors.push('spec.nodeGroups: give at least one node group');
    // MaxItems=1 on nodeGroups at v0.14.1 (the CRD; LOCAL_MODEL_RELEASES).
    const max = localModelRelease(this.version)?.maxNodeGroups;
    if (max !== undefined && p.nodeGroups.length > max) {
      errors.push(`spec.nodeGroups: KServe ${this.version.name} caches a model on at most ${max} node group (got ${p.nodeGroups.length}); `
        + `several node groups per cache need KServe ${firstWith(f => f.maxNodeGroups === undefined)} or later`);
    }
    const seen = new Set<string>();
    p.nodeGroups.forEach((group, i) => {
      const field = `spec.nodeGroups[${i}]`;
      // Our own safety rule: the controller reconciles node groups by name, so a second entry does nothing.
      if (seen.has(group.name)) errors.push(`${field}: node group ${shown(group.name)} is listed twice`);
      seen.add(group.name);
      // Kubernetes core validation: node groups are objects named by DNS-1123 subdomains.
      if (!DNS1123_SUBDOMAIN_NAME.test(group.name)) errors.push(`${field} ${shown(group.name)} must be a DNS-1123 subdomain (a node group name)`);
      // Kubernetes core validation: KServe names the download PersistentVolume `<cache>-<group>-download`
      // (`<cache>-<group>-<namespace>-download` for a namespace cache; localmodel reconcilers; `<cache>-download` at
      // v0.14.1, LOCAL_MODEL_RELEASES), a DNS-1123 subdomain.
      const perGroup = localModelRelease(this.version)?.downloadVolumePerNodeGroup ?? true;
      const pv = `${this.name}${perGroup ? `-${group.name}` : ''}${namespace !== undefined ? `-${namespace}` : ''}-download`;
      if (pv.length > 253) errors.push(`${field}: KServe names the download PersistentVolume '${pv}' (${pv.length} characters, at most 253); shorten the names`);
      if (group instanceof LocalModelNodeGroup) {
        // Our own safety rule (the field's meaning, local_model_cache_types.go): the model fits the node group's disk.
        const limit = sizeErrors(group.storageLimit, '').length === 0 ? sizeBytes(group.storageLimit)! : undefined;
        if (bytes !== undefined && limit !== undefined && bytes > limit) {
          errors.push(`spec.modelSize (${p.modelSize.asString()}) is more than the storageLimit (${group.storageLimit.asString()}) of node group `
            + `'${group.node.path}'; raise the limit or cache the model elsewhere`);
        }
        // Our own safety rule: one cluster runs one KServe release.
        if (group.version !== this.version) {
          errors.push(`${field}: node group '${group.node.path}' targets KServe ${group.version.name} but the ${kind} targets ${this.version.name}; `
            + "one cluster runs one KServe release, so give both the same 'version'");
        }
      }
    });
    return errors;
  }

  private credentialErrors(): string[] {
    const p = this.props;
    const errors: string[] = [];
    const jobNamespace = this.jobNamespace;
    if (p.jobNamespace !== undefined) errors.push(...namespaceErrors(p.jobNamespace, 'jobNamespace'));
    const credentials = p.storageCredentials;
    // spec.serviceAccountName and spec.storage first ship in the v0.18 CRD; before, the download jobs run without
    // credentials (localmodelnode/controller.go has no injectCredentials before v0.18.1; LOCAL_MODEL_RELEASES).
    if ((credentials || p.storageParameters !== undefined) && !localModelRelease(this.version)?.credentials) {
      return [...errors, `${credentials ? 'storageCredentials' : 'storageParameters'}: the download jobs of KServe ${this.version.name} run without `
        + `credentials (spec.serviceAccountName and spec.storage need KServe ${firstWith(f => f.credentials)} or later); cache a public model, `
        + 'or target a newer release'];
    }
    if (credentials) {
      const field = 'storageCredentials';
      // injectCredentials (localmodelnode/controller.go) reads the ServiceAccount or storage-config Secret in the job namespace.
      if (jobNamespace !== undefined && credentials.namespace !== jobNamespace) {
        errors.push(`${field}: credentials '${credentials.node.path}' are in namespace '${credentials.namespace}', but KServe runs the download jobs `
          + `in '${jobNamespace}' and reads the ServiceAccount or Secret there; put the credentials in '${jobNamespace}'`);
      }
      // launchJob (localmodelnode/controller.go) copies the ServiceAccount's Secrets into the job's container but runs the
      // job's pod as the namespace's default ServiceAccount, so a keyless cloud identity never reaches it.
      if (credentials.isCloudIdentity) {
        errors.push(`${field}: credentials '${credentials.node.path}' are a keyless cloud identity, but KServe's download job does not run as their `
          + 'ServiceAccount (it only copies its Secrets); use credentials with a Secret');
      }
      errors.push(...credentials._validateUse(p.sourceModelUri, credentials.namespace, this.version, field));
    }
    // injectCredentials reads storage.parameters only with storage.key.
    if (p.storageParameters !== undefined && credentials?.storageKey === undefined) {
      errors.push('storageParameters are read only with ModelStorageSecret.storageConfig credentials (spec.storage.key); add those or remove them');
    }
    return errors;
  }
}

/** The first release (`v0.18`) whose local model cache has what `has` asks (LOCAL_MODEL_RELEASES). */
function firstWith(has: (facts: LocalModelRelease) => boolean): string {
  return minorName(firstRelease(v => { const f = localModelRelease(v); return f !== undefined && has(f); }));
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ModelCacheBase);
