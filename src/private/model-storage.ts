/*
 * The rules of a component's storage fields: the model's storage spec (`model.storage`) with the component's
 * storage credentials, and `storageContainerName`.
 */
import { DNS1123_SUBDOMAIN_NAME } from './validation';
import { KServeVersion } from '../kserve-version';
import { needsRelease } from './releases';
import { Model } from '../model';
import { ModelStorageSecret } from '../model-storage-secret';
import { shown } from './shown';

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

/**
 * Problems with the predictor's `storageContainerName` on `version` (only PredictorSpec has the field, predictor.go at
 * v0.20.0, and so only PredictorOptions), for a predictor that has (`downloads`) or has not a model or storage URI;
 * each starts with `field` (`spec.predictor`).
 */
export function storageContainerNameErrors(name: string | undefined, downloads: boolean, version: KServeVersion, field: string): string[] {
  if (name === undefined) return [];
  const at = `${field}.storageContainerName`;
  // Fact storageContainerName: the CRD schema of the target release.
  if (!version._facts.storageContainerName) {
    return [`${at} ${needsRelease(v => v._facts.storageContainerName, version)}; KServe ${version.name} picks the ClusterStorageContainer by the URI`];
  }
  const errors: string[] = [];
  // A ClusterStorageContainer is a cluster-scoped object: its name is a DNS-1123 subdomain (Kubernetes core validation).
  if (!DNS1123_SUBDOMAIN_NAME.test(name)) {
    errors.push(`${at} ${shown(name)} must be the name of a ClusterStorageContainer (DNS-1123 subdomain)`);
  }
  // The webhook reads it only when there is something to download (InjectStorageInitializer returns early without a source
  // URI, storage_initializer_injector.go at v0.20.0).
  if (!downloads) {
    errors.push(`${at} has no effect: the container has no storageUri to download`);
  }
  return errors;
}
