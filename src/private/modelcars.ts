/*
 * OCI model sources on a cluster whose KServe runs no OCI injector. An install writes `storageInitializer.enableModelcar`
 * and no `ociModelMode` / `enableOciModelSupport`, so with it off KServe's OCI mode resolves to none
 * (ResolveOciModelMode, pkg/types/config.go at v0.20.0; `EnableOciImageSource` at v0.13.1) and the pod mutator
 * registers no InjectModelcar (pkg/webhook/admission/pod/mutator.go, both tags). Then:
 * - a single `oci://` URI (a model's `storageUri`, a custom container's STORAGE_URI) goes to the storage initializer
 *   (storage_initializer_injector.go, both tags), which fails with "Cannot recognize storage type"
 *   (python/kserve/kserve/storage/storage.py at v0.13.1, python/storage/kserve_storage/kserve_storage.py at v0.20.0);
 * - a single `oci+native://` URI is left to InjectModelcar (CommonStorageInitialization returns for the legacy URI),
 *   which is not registered, so nothing mounts the model;
 * - an `oci://` entry of `storageUris` is skipped by both the OCI dispatch and the download list
 *   (CommonStorageInitialization at v0.20.0), so nothing mounts it either.
 * An `oci+native://` entry of `storageUris` names its mode itself and is mounted as an image volume all the same.
 */
import { StorageScheme, StorageUri } from '../storage-uri';

/** A model source of a component: the field that gives it, and whether it is a `storageUris` entry. */
export interface ModelSource {
  readonly field: string;
  readonly uri: StorageUri;
  readonly entry: boolean;
}

/** Why KServe without modelcars would serve nothing from `source`, or undefined when it copes. */
function withoutModelcars(source: ModelSource): string | undefined {
  const scheme = source.uri.scheme;
  if (scheme === StorageScheme.OCI) {
    return source.entry ? 'KServe skips the entry and mounts nothing at its path'
      : "KServe hands the URI to the storage initializer, which fails with 'Cannot recognize storage type'";
  }
  if (scheme === StorageScheme.OCI_NATIVE && !source.entry) {
    return 'KServe leaves the URI to the OCI injector, which it does not run, so nothing mounts the model';
  }
  return undefined;
}

/** One error per OCI source KServe could not serve when the install `installPath` turns modelcars off. */
export function modelcarErrors(sources: readonly ModelSource[], installPath: string): string[] {
  // KServe's pod mutator and storage initializer (see above).
  return sources.flatMap(source => {
    const why = withoutModelcars(source);
    return why === undefined ? []
      : [`${source.field} '${source.uri.uri}': the KServeInstall '${installPath}' turns modelcars off (config.enableModelcar), so ${why}; `
        + "set 'config: { enableModelcar: true }' on the install, or store the model elsewhere"];
  });
}
