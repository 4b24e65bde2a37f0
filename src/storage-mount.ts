import { StorageUri } from './storage-uri';

/**
 * One entry of a component's `storageUris` (KServe v0.16+): a model or artifact KServe brings into the pod and the
 * path where the component's container finds it. Several entries let one server read, for example, a base model
 * and its adapters from different places.
 * @category Storage
 */
export interface StorageMount {
  /**
   * Where the files are (`uri`), checked like every `StorageUri` (its scheme must be one the target KServe
   * release downloads from). A `pvc://` entry names a whole claim: KServe mounts the claim at `mountPath`.
   */
  readonly uri: StorageUri;

  /**
   * Where the files appear in the container (`mountPath`): an absolute path, not `/`, without `..`, at most 255
   * characters.
   * @default '/mnt/models' (KServe's default model directory)
   */
  readonly mountPath?: string;
}
