/*
 * A component's `storageUris` (KServe v0.16+): rendering, KServe's rules, and the volumes and mounts KServe's pod
 * mutator derives from them, so the pod rules (volumes.ts) can keep user volumes and mounts clear of them.
 */
import * as path from 'path';
import { DNS1123_LABEL, MAX_DNS_LABEL } from './validation';
import { MODEL_DIR, ModelPaths } from './volumes';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';
import { KServeVersion } from '../kserve-version';
import { needsRelease } from './releases';
import { StorageMount } from '../storage-mount';
import { StorageScheme, StorageUri } from '../storage-uri';
import { shown } from './shown';

/** The longest mount path the CRD accepts (`StorageUri.MountPath` MaxLength, pkg/apis/serving/v1beta1/predictor.go at v0.20.0). */
const MAX_MOUNT_PATH = 255;

/** The most OCI sources KServe puts into one pod (`MaxOCISourcesPerPod`, pkg/utils/storage.go at v0.20.0). */
const MAX_OCI_SOURCES = 10;

/** The storage initializer's volume and its per-OCI-source variants (`ModelcarNames`, pkg/utils/storage.go at v0.20.0). */
const MODELCAR_VOLUME = 'kserve-provision-location';

/** The `storageUris` as the L1 writes them, mount paths only where given (the CRD defaults the rest to /mnt/models). */
export function renderStorageUris(mounts: readonly StorageMount[] | undefined): l1.InferenceServiceSpecPredictorStorageUris[] | undefined {
  if (mounts === undefined) return undefined;
  return mounts.map(m => ({ uri: m.uri.uri, mountPath: m.mountPath }));
}

/** The URIs of the entries (for the credential rules). */
export function storageUriList(mounts: readonly StorageMount[] | undefined): StorageUri[] {
  return (mounts ?? []).map(m => m.uri);
}

/** KServe's volume name for a mount path (`GetVolumeNameFromPath`, pkg/utils/storage.go at v0.20.0). */
function volumeNameFromPath(p: string): string {
  return p.replace(/^\/+|\/+$/g, '').split('/').join('-');
}

/** The deepest directory every path is in (`FindCommonParentPath`, pkg/utils/storage.go at v0.20.0). */
function commonParent(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0];
  const split = paths.map(p => p.replace(/^\/+|\/+$/g, '')).map(clean => (clean === '' ? [] : clean.split('/')));
  const common: string[] = [];
  for (let i = 0; i < Math.min(...split.map(s => s.length)); i++) {
    if (split.some(s => s[i] !== split[0][i])) break;
    common.push(split[0][i]);
  }
  return `/${common.join('/')}`;
}

/** A volume KServe adds for the entries, where it mounts it, and which entry (or entries) it serves. */
interface DerivedVolume {
  readonly name: string;
  readonly path: string;
  readonly of: string;
  /** The mount is a parent directory the model sits in, not the model's own directory (modelcars). */
  readonly parentOnly: boolean;
}

/** Entries with a usable mount path; the others are reported by `storageUriErrors`. */
function usable(mounts: readonly StorageMount[] | undefined): { uri: StorageUri; mountPath: string; field: number }[] {
  return (mounts ?? []).flatMap((m, i) => (mountPathProblem(m.mountPath ?? MODEL_DIR) === undefined
    ? [{ uri: m.uri, mountPath: m.mountPath ?? MODEL_DIR, field: i }] : []));
}

/**
 * The volumes KServe's pod mutator adds for the entries (CommonStorageInitialization, storage_initializer_injector.go at
 * v0.20.0): a claim volume per `pvc://` entry at its mount path; per `oci://` entry a modelcar's emptyDir at the parent
 * of its mount path (the modelcar mode, KServe's default for OCI); per `oci+native://` entry an image volume at its
 * mount path; and one emptyDir for all downloaded entries, at the common parent of their mount paths.
 */
function derivedVolumes(mounts: readonly StorageMount[] | undefined, field: string): DerivedVolume[] {
  const volumes: DerivedVolume[] = [];
  const downloaded: { mountPath: string; field: number }[] = [];
  let oci = 0;
  for (const m of usable(mounts)) {
    const at = `${field}[${m.field}]`;
    if (m.uri.scheme === StorageScheme.PVC) {
      volumes.push({ name: volumeNameFromPath(m.mountPath), path: m.mountPath, of: at, parentOnly: false });
    } else if (m.uri.scheme === StorageScheme.OCI || m.uri.scheme === StorageScheme.OCI_NATIVE) {
      volumes.push(m.uri.scheme === StorageScheme.OCI
        ? { name: oci === 0 ? MODELCAR_VOLUME : `${MODELCAR_VOLUME}-${oci}`, path: path.posix.dirname(m.mountPath), of: at, parentOnly: true }
        // ConfigureOciNativeToContainer (pkg/utils/storage.go at v0.20.0).
        : { name: volumeNameFromPath(m.mountPath) || 'oci-model', path: m.mountPath, of: at, parentOnly: false });
      oci++;
    } else {
      downloaded.push(m);
    }
  }
  if (downloaded.length > 0) {
    const parent = commonParent(downloaded.map(d => d.mountPath));
    volumes.push({ name: volumeNameFromPath(parent), path: parent, of: downloaded.map(d => `${field}[${d.field}]`).join(', '), parentOnly: false });
  }
  return volumes;
}

/** Where the entries put the model, for the pod's mount and volume rules; undefined without entries. */
export function storageUriModelPaths(mounts: readonly StorageMount[] | undefined): ModelPaths | undefined {
  if (mounts === undefined) return undefined;
  const volumes = derivedVolumes(mounts, 'storageUris');
  return {
    exact: volumes.map(v => v.path),
    trees: [...volumes.filter(v => !v.parentOnly).map(v => v.path), ...usable(mounts).map(m => m.mountPath)],
    volumes: volumes.map(v => v.name).filter(name => !name.startsWith(MODELCAR_VOLUME)),
    hint: 'mount elsewhere, or change the mountPath of the storageUris entry',
  };
}

/** Why a mount path is not accepted, or undefined. */
function mountPathProblem(mountPath: string): string | undefined {
  // validateStorageURISpec (inference_service_validation.go at v0.20.0): absolute, not `/`, no `..`; the CRD's MaxLength.
  if (!mountPath.startsWith('/')) return 'must be an absolute path';
  if (mountPath === '/') return "must not be '/'";
  if (mountPath.includes('..')) return "must not contain '..'";
  if (mountPath.length > MAX_MOUNT_PATH) return `must be at most ${MAX_MOUNT_PATH} characters`;
  // Kubernetes core validation and the container runtime: KServe turns the path into a volume mount, which may not hold ':'.
  if (mountPath.includes(':')) return "must not contain ':'";
  return undefined;
}

/** What `storageUriErrors` needs to know about the component. */
export interface StorageUrisContext {
  readonly version: KServeVersion;
  /** The storage URI the main container already has (the model's `storageUri`, or a custom container's). */
  readonly storageUri: StorageUri | undefined;
  /** The predictor's model is given as `ModelStorage.path(...)` (a storage spec path). */
  readonly modelStoragePath: boolean;
  /** The predictor's model says its files are the `storageUris` (`ModelStorage.fromStorageUris()`). */
  readonly modelFromStorageUris: boolean;
}

/** Problems with `storageUris`, each naming `field` (`spec.<component>.storageUris`). */
export function storageUriErrors(mounts: readonly StorageMount[] | undefined, ctx: StorageUrisContext, field: string): string[] {
  // Our own safety rule: the model said its files are the storageUris; the fact storageUris is the CRD schema's.
  if (ctx.modelFromStorageUris && mounts === undefined) {
    return [`${field} is missing: the model is ModelStorage.fromStorageUris(), so its files must be given as storageUris`];
  }
  if (mounts === undefined) return [];
  if (!ctx.version._facts.storageUris) {
    return [`${field} ${needsRelease(v => v._facts.storageUris, ctx.version)}; give the model a single storage URI`];
  }
  if (mounts.length === 0) {
    // The CRD's MinItems=1 (predictor.go at v0.20.0).
    return [`${field} must be a non-empty list of { uri: StorageUri, mountPath? }, got []`];
  }
  const errors: string[] = [];
  // InvalidStorageUriConfigError (validateMultipleStorageURIs, inference_service_validation.go at v0.20.0).
  if (ctx.storageUri !== undefined) {
    errors.push(`${field}: KServe does not accept storageUris next to the storage URI '${ctx.storageUri}' of the main container; `
      + 'give the model as ModelStorage.fromStorageUris() (or drop the container storageUri) and list every source here');
  } else if (ctx.modelStoragePath) {
    // Our own rule: the storage initializer downloads only the storageUris then, so the storage.path would be ignored.
    errors.push(`${field}: the model is a storage.path, which KServe does not download when storageUris are given; `
      + 'give the model as ModelStorage.fromStorageUris() and list every source here');
  }
  mounts.forEach((m, i) => {
    const at = `${field}[${i}]`;
    errors.push(...m.uri._validate(ctx.version).map((e: string) => `${at}.${e}`));
    // Our own rule: KServe mounts the whole claim at the mount path and ignores the path in the URI
    // (ParsePvcURI's path is unused in CommonStorageInitialization, storage_initializer_injector.go at v0.20.0).
    if (m.uri.scheme === StorageScheme.PVC && m.uri.path !== '') {
      errors.push(`${at}.uri '${m.uri.uri}': KServe mounts the whole claim of a storageUris entry and ignores the path '${m.uri.path}'; `
        + `use StorageUri.parse('pvc://${m.uri.claimName}') and point the server at the subdirectory`);
    }
    const problem = mountPathProblem(m.mountPath ?? MODEL_DIR);
    if (problem !== undefined) errors.push(`${at}.mountPath ${shown(m.mountPath)} ${problem}`);
  });
  errors.push(...layoutErrors(mounts, field));
  return errors;
}

/** The rules across entries, on the mount paths and on the volumes KServe derives from them. */
function layoutErrors(mounts: readonly StorageMount[], field: string): string[] {
  const errors: string[] = [];
  const valid = usable(mounts);
  const downloaded = valid.filter(m => ![StorageScheme.PVC, StorageScheme.OCI, StorageScheme.OCI_NATIVE].includes(m.uri.scheme));
  // validateMultipleStorageURIsSpec (inference_service_validation.go at v0.20.0): the downloaded sources share one volume
  // mounted at their common parent, which must not be the root.
  if (downloaded.length > 1 && commonParent(downloaded.map(m => m.mountPath)) === '/') {
    errors.push(`${field}: the mount paths of the downloaded sources (${downloaded.map(m => `${shown(m.mountPath)}`).join(', ')}) `
      + "must share a parent directory other than '/', where KServe mounts their volume");
  }
  // The same function: PVC mount paths are unique.
  const pvcs = valid.filter(m => m.uri.scheme === StorageScheme.PVC).map(m => m.mountPath);
  for (const dup of new Set(pvcs.filter((p, i) => pvcs.indexOf(p) !== i))) {
    errors.push(`${field}: two pvc:// entries mount at '${dup}'; PVC mount paths must be unique`);
  }
  const oci = valid.filter(m => m.uri.scheme === StorageScheme.OCI);
  if (oci.length > MAX_OCI_SOURCES) {
    errors.push(`${field}: ${oci.length} oci:// sources; KServe runs at most ${MAX_OCI_SOURCES} in a pod (MaxOCISourcesPerPod)`);
  }
  // ValidateOCIMountPaths (pkg/utils/storage.go at v0.20.0): each modelcar mounts its volume at the parent of its path.
  const parents = oci.map(m => path.posix.dirname(m.mountPath));
  for (const dup of new Set(parents.filter((p, i) => parents.indexOf(p) !== i))) {
    errors.push(`${field}: several oci:// entries have mount paths in '${dup}'; each modelcar mounts its own volume at the parent `
      + 'directory of its mount path, so give them different parent directories');
  }
  for (const m of oci) {
    if (path.posix.dirname(m.mountPath) === '/') {
      errors.push(`${field}[${m.field}].mountPath ${shown(m.mountPath)}: a modelcar mounts its volume at the parent directory, here '/'; `
        + 'use a path at least two levels deep (e.g. /mnt/models)');
    }
  }
  const volumes = derivedVolumes(mounts, field);
  const byName = new Map<string, string>();
  const byPath = new Map<string, string>();
  for (const v of volumes) {
    // Kubernetes core validation of the pod KServe builds: volume names are DNS-1123 labels.
    if (!v.name.startsWith(MODELCAR_VOLUME) && (v.name.length > MAX_DNS_LABEL || !DNS1123_LABEL.test(v.name))) {
      errors.push(`${v.of}: KServe names the volume at '${v.path}' '${v.name}', which is not a DNS-1123 label `
        + `(lower case alphanumerics and '-', at most ${MAX_DNS_LABEL}); use a lower-case mount path`);
    }
    // AddModelMount skips a volume whose name the pod already has (pkg/utils/storage.go at v0.20.0): the second source
    // would silently be served from the first one's volume.
    const sameName = byName.get(v.name);
    if (sameName !== undefined) {
      errors.push(`${v.of}: KServe would name its volume '${v.name}' like the one of ${sameName}, and skip it; use other mount paths`);
    }
    // Kubernetes core validation: mount paths are unique in a container.
    const samePath = byPath.get(v.path);
    if (samePath !== undefined && sameName === undefined) {
      errors.push(`${v.of}: KServe would mount a volume at '${v.path}' as it does for ${samePath}; use other mount paths`);
    }
    byName.set(v.name, v.of);
    byPath.set(v.path, v.of);
  }
  return errors;
}
