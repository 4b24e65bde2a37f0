import { Construct } from 'constructs';
import { LocalModelCacheProps, ModelCacheBase } from './model-cache-base';
import { guardMethods } from '../private/shape';

/**
 * Props of a LocalModelNamespaceCache.
 * @category Model cache
 */
export interface LocalModelNamespaceCacheProps extends LocalModelCacheProps {
  /**
   * The namespace; only InferenceServices of this namespace use the cache.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * A KServe LocalModelNamespaceCache (`serving.kserve.io/v1alpha1`, namespaced, KServe v0.18 or later): a LocalModelCache
 * for the InferenceServices of one namespace, which KServe prefers over a cluster-wide cache of the same model
 * (inference_service_defaults.go `setLocalModelLabel`).
 *
 * Checks as for `LocalModelCache` (without the one-cache-per-URI rule, which KServe applies to cluster caches only); its
 * node groups must exist (pkg/webhook/admission/localmodelnamespacecache), which objects of the app always do.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(cache)`); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * // A cache for the services of the team's namespace only.
 * new LocalModelNamespaceCache(chart, 'qwen-7b', {
 *   namespace: 'ml',
 *   sourceModelUri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'),
 *   modelSize: Size.gibibytes(16),
 *   nodeGroups: [LocalModelNodeGroup.fromName('gpu-pool')],
 * });
 * @category Model cache
 */
export class LocalModelNamespaceCache extends ModelCacheBase {
  /** The namespace. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: LocalModelNamespaceCacheProps) {
    super(scope, id, props, 'LocalModelNamespaceCache');
    this.namespace = this.cacheNamespace!;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(LocalModelNamespaceCache);
