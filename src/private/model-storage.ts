/*
 * The rules that tie a model's storage spec (`model.storage`) to the component's storage credentials.
 */
import { Model } from '../model';
import { ModelStorageSecret } from '../model-storage-secret';

/**
 * Problems with the storage spec of `model` read through `credentials`; each starts with `field` (`spec.<component>`).
 */
export function modelStorageErrors(model: Model | undefined, credentials: ModelStorageSecret | undefined, field: string): string[] {
  const storage = model?.storage;
  if (!storage || !credentials || !storage.usesStorageSpec) return [];
  const at = `${field}.model.storage`;
  // With a storage spec the storage initializer gets the storage-config entry and never the ServiceAccount's Secrets
  // (storage_initializer_injector.go: CreateStorageSpecSecretEnvs instead of CreateSecretVolumeAndEnv, both tags).
  if (credentials.storageKey === undefined) {
    return [`${at}: a storage path or parameters make KServe read the storage-config Secret, not the ServiceAccount's Secrets, `
      + `so the ${credentials.provider} credentials '${credentials.node.path}' would be ignored; `
      + 'use ModelStorageSecret.storageConfig(...) or give the model a plain StorageUri'];
  }
  return credentials._validateStorageSpec({ path: storage.path, parameters: storage.parameters }, at);
}
