/*
 * The JSON form of the local model cache objects (serving.kserve.io/v1alpha1, KServe v0.20.0), as the library writes
 * them: our own description of the fields we set, from pkg/apis/serving/v1alpha1/local_model_*_types.go. The CRDs
 * are not imported as L1 classes (see the common design notes: generated L1s of large CRDs cost type-check and load
 * time); the pod-level parts use cdk8s-plus's `k8s` types, converted with their `toJson_*` functions.
 */

/** The API version of the local model cache kinds. */
export const LOCAL_MODEL_API_VERSION = 'serving.kserve.io/v1alpha1';

/** `metadata` of a local model object: a name, a namespace for namespaced kinds, labels. */
export interface LocalModelMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}

/** `spec` of a LocalModelNodeGroup (LocalModelNodeGroupSpec). */
export interface LocalModelNodeGroupSpecJson {
  /** A Kubernetes quantity. */
  readonly storageLimit: string;
  /** A core/v1 PersistentVolumeSpec, in its JSON form. */
  readonly persistentVolumeSpec: Record<string, unknown>;
  /** A core/v1 PersistentVolumeClaimSpec, in its JSON form. */
  readonly persistentVolumeClaimSpec: Record<string, unknown>;
}

/** `spec.storage` of a cache (LocalModelStorageSpec). */
export interface LocalModelStorageJson {
  readonly key?: string;
  readonly parameters?: Record<string, string>;
}

/** `spec` of a LocalModelCache or LocalModelNamespaceCache (their specs have the same fields). */
export interface LocalModelCacheSpecJson {
  readonly sourceModelUri: string;
  /** A Kubernetes quantity. */
  readonly modelSize: string;
  readonly nodeGroups: string[];
  readonly serviceAccountName?: string;
  readonly storage?: LocalModelStorageJson;
}
