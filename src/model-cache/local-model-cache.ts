import { Construct } from 'constructs';
import { LocalModelCacheProps, ModelCacheBase } from './model-cache-base';
import { clusterScoped } from '../private/emit';
import { guardMethods } from '../private/shape';

/**
 * A KServe LocalModelCache (`serving.kserve.io/v1alpha1`, cluster-scoped, KServe v0.14 or later): a model KServe downloads
 * ahead of time onto the nodes of its node groups, for InferenceServices of any namespace whose model URI is the
 * cache's URI or below it. See `README.md`, "Model caches", for how KServe matches services to caches.
 *
 * Checks mirror KServe's: one LocalModelCache per URI (pkg/webhook/admission/localmodelcache), at least one node group
 * (the CRD); and add what fails later: URI schemes the download job cannot fetch, a model larger than a node group's
 * storage limit, credentials outside the download jobs' namespace, names KServe derives.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(cache)`); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * // The Hub token where KServe runs the download jobs.
 * const jobs = new Chart(app, 'model-cache-jobs', { namespace: 'kserve-localmodel-jobs' });
 * const hubToken = ModelStorageSecret.huggingFace(jobs, 'hf-token', { source: SecretSource.fromSecretName('hf-token') });
 * const llama = StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct');
 * new LocalModelCache(chart, 'llama3-8b', {
 *   sourceModelUri: llama,
 *   modelSize: Size.gibibytes(16),
 *   nodeGroups: [LocalModelNodeGroup.fromName('gpu-pool')],
 *   storageCredentials: hubToken,
 * });
 * // A service whose model URI is the cache's reads the model from the node's disk.
 * new InferenceService(chart, 'llama3', { predictor: { model: Model.huggingface(llama), extendedResources: [ExtendedResource.nvidiaGpu(1)] } });
 * @category Model cache
 */
export class LocalModelCache extends ModelCacheBase {
  constructor(scope: Construct, id: string, props: LocalModelCacheProps) {
    super(scope, id, props, 'LocalModelCache');
    clusterScoped(this.apiObject);
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(LocalModelCache);
