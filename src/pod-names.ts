/**
 * The container name that makes an extra predictor container KServe's collocated transformer
 * (`TransformerContainerName`, pkg/constants/constants.go at v0.13.1 and v0.20.0): KServe takes the service's
 * protocol from its `PROTOCOL` env, mounts the downloaded model into it at `/mnt/models` as it does for the
 * `kserve-container`, and (v0.20) merges it with a runtime container of the same name.
 * @category Serving
 */
export const TRANSFORMER_CONTAINER_NAME = 'transformer-container';

/**
 * The volume `sharedMemory` adds: the same name KServe v0.20's Hugging Face runtime gives its `/dev/shm` volume
 * (config/runtimes/kserve-huggingfaceserver.yaml), so the two merge by name instead of adding a second volume.
 * @category Serving
 */
export const SHARED_MEMORY_VOLUME_NAME = 'devshm';

/**
 * Where `sharedMemory` mounts its volume in the main container.
 * @category Serving
 */
export const SHARED_MEMORY_MOUNT_PATH = '/dev/shm';
