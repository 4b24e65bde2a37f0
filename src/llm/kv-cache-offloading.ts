import { Size } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeMode } from 'cdk8s-plus-28';

/**
 * The claim KServe creates for each pod (`fileSystem.pvc.spec`, a PersistentVolumeClaimSpec): KServe mounts it as an
 * ephemeral volume, created with the pod and deleted with it (workload_kvcache.go at v0.20.0).
 * @category LLM
 */
export interface KVCacheClaim {
  /** The size of each pod's claim (`resources.requests.storage`), more than zero. */
  readonly size: Size;

  /**
   * The StorageClass (`storageClassName`); `''` asks for a claim without a class (a pre-provisioned volume).
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * The access modes (`accessModes`); Kubernetes requires at least one.
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE] (one pod uses each claim)
   */
  readonly accessModes?: PersistentVolumeAccessMode[];

  /**
   * The volume mode (`volumeMode`); the cache is a directory, so a file system.
   * @default - Kubernetes' default, PersistentVolumeMode.FILE_SYSTEM
   */
  readonly volumeMode?: PersistentVolumeMode;
}

/**
 * A secondary KV cache tier on a PersistentVolumeClaim (`fileSystem.pvc`): exactly one of `spec` or `claimName`.
 * @category LLM
 */
export interface KVCachePvcTier {
  /**
   * A claim KServe creates per pod, an ephemeral volume (`spec`).
   * @default - none; then `claimName`
   */
  readonly spec?: KVCacheClaim;

  /**
   * An existing claim (`ref.name`).
   * @default - none; then `spec`
   */
  readonly claimName?: string;

  /**
   * A subdirectory of the existing claim to use (`ref.path`, the mount's subPath); only with `claimName`.
   * @default - the claim's root
   */
  readonly path?: string;
}

/**
 * A secondary KV cache tier on disk (`secondary[].fileSystem`): exactly one of `emptyDir` or `pvc`.
 * @category LLM
 */
export interface KVCacheFileSystemTier {
  /**
   * A node-local emptyDir of this size (`emptyDir.size`); KServe also requests it as ephemeral storage.
   * @default - none; then `pvc`
   */
  readonly emptyDir?: Size;

  /**
   * A PersistentVolumeClaim (`pvc`).
   * @default - none; then `emptyDir`
   */
  readonly pvc?: KVCachePvcTier;
}

/**
 * The eviction policy of the CPU KV cache tier.
 * @category LLM
 */
export enum KVCacheEvictionPolicy {
  /** Least recently used. */
  LRU = 'lru',
  /** Adaptive replacement cache. */
  ARC = 'arc',
}

/**
 * KV cache offloading to CPU memory and disk (`kvCacheOffloading`, vLLM's OffloadingConnector, vLLM 0.22+).
 * @category LLM
 */
export interface KVCacheOffloading {
  /** CPU memory for the primary KV cache tier (`cpu`, a quantity), more than zero. */
  readonly cpu: Size;

  /**
   * Eviction policy of the CPU tier (`evictionPolicy`).
   * @default KVCacheEvictionPolicy.LRU (the CRD's default)
   */
  readonly evictionPolicy?: KVCacheEvictionPolicy;

  /**
   * Disk tiers after the CPU tier, in cascade order (`secondary[].fileSystem`).
   * @default - none
   */
  readonly secondary?: KVCacheFileSystemTier[];
}
