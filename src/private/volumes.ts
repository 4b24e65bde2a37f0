/*
 * Volumes and volume mounts of a component's pod: rendering cdk8s-plus `VolumeMount`s and `Volume`s into the
 * L1 shape, and the rules Kubernetes, Knative and KServe's pod mutator apply to them.
 */
import * as path from 'path';
import { Size } from 'cdk8s';
import { EmptyDirMedium, MountPropagation, Volume, VolumeMount } from 'cdk8s-plus-28';
import { sizeBytes, sizeErrors, sizeQuantity } from './resources';
import { DNS1123_LABEL, MAX_DNS_LABEL, wholeNumberErrors } from './validation';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';
import { SHARED_MEMORY_MOUNT_PATH, SHARED_MEMORY_VOLUME_NAME } from '../pod-names';
import { VolumeDevice } from '../volume-device';
import { isvc } from './l1-runtime.generated';
import { shown } from './shown';

/**
 * Volume names KServe's pod mutator adds to a component's pod; a user volume of the same name would be a duplicate
 * (Kubernetes rejects the pod) or be replaced.
 * - `kserve-provision-location` (and `-<n>` per extra OCI source at v0.20): the storage initializer's / modelcar's
 *   emptyDir (storage_initializer_injector.go at v0.13.1, `StorageInitializerVolumeName` and `ModelcarNames` in
 *   pkg/constants/constants.go and pkg/utils/storage.go at v0.20.0);
 * - `kserve-pvc-source`: a `pvc://` model source (`PvcSourceMountName`, same files);
 * - `cabundle-cert`: the storage CA bundle (`CaBundleVolumeName`, storage_initializer_injector.go, both tags);
 * - `model-dir`, `model-config`: the model agent (`ModelDirVolumeName`, `ModelConfigVolumeName`, constants.go);
 * - `agent-ca-bundle`: the logger's CA bundle (`LoggerCaBundleVolume`, constants.go at v0.20.0);
 * - `user-gcp-sa`, `hdfs-secrets`: storage credentials (pkg/credentials/gcs/gcs_secret.go, hdfs/hdfs_secret.go).
 */
const KSERVE_VOLUME_NAMES = /^(kserve-provision-location(-\d+)?|kserve-pvc-source|cabundle-cert|model-dir|model-config|agent-ca-bundle|user-gcp-sa|hdfs-secrets)$/;

/**
 * Where KServe mounts the model in the `kserve-container` and the collocated `transformer-container`
 * (`DefaultModelLocalMountPath`, constants.go; storage_initializer_injector.go, both tags): `/mnt/models` (storage
 * initializer, direct PVC mount, model agent), `/mnt/pvc` (the PVC source behind the storage initializer, v0.13.1)
 * and `/mnt` (the modelcar's parent-directory mount, both tags).
 */
const KSERVE_MODEL_PATHS = ['/mnt/models', '/mnt/pvc', '/mnt'];
/** KServe's model directory (`DefaultModelLocalMountPath`, pkg/constants/constants.go, both tags). */
export const MODEL_DIR = '/mnt/models';

/**
 * Where KServe mounts the model into the containers that get it, and the volumes it adds for it: paths a user mount
 * must not take (`exact`), directories a user mount must not take or sit under (`trees`), volume names a user volume
 * must not take (beyond `KSERVE_VOLUME_NAMES`), and what to change instead (`hint`).
 */
export interface ModelPaths {
  readonly exact: readonly string[];
  readonly trees: readonly string[];
  readonly volumes: readonly string[];
  readonly hint: string;
}

/** The model's paths when it comes from a single storage URI (the model's, or a custom container's `STORAGE_URI`). */
export const SINGLE_URI_MODEL_PATHS: ModelPaths = {
  exact: KSERVE_MODEL_PATHS,
  trees: [MODEL_DIR],
  volumes: [],
  hint: "mount elsewhere, or give the model as a storage URI (e.g. 'pvc://claim/path')",
};

/** Mount paths Knative's webhook reserves (`reservedPaths`, knative serving pkg/apis/serving/k8s_validation.go). */
const KNATIVE_RESERVED_PATHS = ['/', '/dev', '/dev/log'];

/** One container's mounts as the rules see them. */
export interface ContainerMounts {
  /** The prop path of the mounts, e.g. `spec.predictor.volumeMounts`. */
  readonly field: string;
  readonly mounts: readonly VolumeMount[] | undefined;
  /** KServe mounts the model into this container (`kserve-container`, `transformer-container`). */
  readonly getsModel: boolean;
  /** Whether the container is privileged; undefined when this library does not know (the main container). */
  readonly privileged?: boolean;
  /** The container's raw block devices (the main container's `volumeDevices`) and their prop path. */
  readonly devices?: { readonly field: string; readonly list: readonly VolumeDevice[] | undefined };
}

/** A component's mounts and where they are checked. */
export interface PodMounts {
  readonly containers: readonly ContainerMounts[];
  /** The component runs on Knative (its webhook adds rules). */
  readonly knative: boolean;
  /** Where KServe puts the model in the containers that get it. @default SINGLE_URI_MODEL_PATHS */
  readonly modelPaths?: ModelPaths;
  /** The name of `sharedMemory`'s volume. @default SHARED_MEMORY_VOLUME_NAME */
  readonly sharedMemoryVolume?: string;
}

/** The mount `sharedMemory` adds: a memory-backed emptyDir at /dev/shm, sized `size`, of the volume `name`. */
export function sharedMemoryMount(size: Size | undefined,
  name = SHARED_MEMORY_VOLUME_NAME): l1.InferenceServiceSpecPredictorContainersVolumeMounts | undefined {
  return size === undefined ? undefined : { name, mountPath: SHARED_MEMORY_MOUNT_PATH };
}

/** The volume behind `sharedMemory`; a `Size` that is not one renders no limit and is reported by `sharedMemoryErrors`. */
export function sharedMemoryVolume(size: Size | undefined, name = SHARED_MEMORY_VOLUME_NAME): l1.InferenceServiceSpecPredictorVolumes | undefined {
  if (size === undefined) return undefined;
  const limit = sizeQuantity(size);
  return {
    name,
    emptyDir: {
      medium: EmptyDirMedium.MEMORY,
      sizeLimit: limit === undefined ? undefined : isvc.InferenceServiceSpecPredictorVolumesEmptyDirSizeLimit.fromString(limit),
    },
  };
}

/** Problems with `sharedMemory`: not a Size Kubernetes reads exactly (sizeErrors), or not above zero. */
export function sharedMemoryErrors(size: Size | undefined, field: string): string[] {
  if (size === undefined) return [];
  const problems = sizeErrors(size, field);
  // A zero limit gives the container no shared memory at all (our rule).
  return problems.length > 0 || sizeBytes(size)! > 0 ? problems : [`${field} must be greater than zero`];
}

/** The mounts as the L1 writes them. */
export function renderMounts(mounts: readonly VolumeMount[] | undefined): l1.InferenceServiceSpecPredictorContainersVolumeMounts[] {
  return (mounts ?? []).map(m => ({
    name: m.volume.name,
    mountPath: m.path,
    readOnly: m.readOnly,
    mountPropagation: m.propagation,
    subPath: m.subPath,
    subPathExpr: m.subPathExpr,
  }));
}

/**
 * The pod's volumes, collected from every container's mounts in order of first use (a Volume mounted several
 * times renders once), with `sharedMemory`'s volume after the main container's.
 */
export function renderVolumes(pod: PodMounts,
  sharedMemory: l1.InferenceServiceSpecPredictorVolumes | undefined): l1.InferenceServiceSpecPredictorVolumes[] | undefined {
  const [main, ...others] = pod.containers;
  const mainVolumes = uniqueVolumes(main ? [main] : []);
  const otherVolumes = uniqueVolumes(others).filter(v => !mainVolumes.includes(v));
  const volumes = [
    ...mainVolumes.map(renderVolume),
    ...(sharedMemory ? [sharedMemory] : []),
    ...otherVolumes.map(renderVolume),
  ];
  return volumes.length > 0 ? volumes : undefined;
}

/** cdk8s-plus renders its volumes in the core/v1 shape, which the L1 mirrors (its quantities only need `.value`). */
function renderVolume(volume: Volume): l1.InferenceServiceSpecPredictorVolumes {
  return volume._toKube() as l1.InferenceServiceSpecPredictorVolumes;
}

/** Problems with the pod's mounts and volumes, each naming the prop path of the mount. */
export function podMountErrors(pod: PodMounts, sharedMemory: boolean): string[] {
  const errors: string[] = [];
  const byName = new Map<string, VolumeOwner>();
  if (sharedMemory) byName.set(pod.sharedMemoryVolume ?? SHARED_MEMORY_VOLUME_NAME, 'sharedMemory');
  for (const name of pod.modelPaths?.volumes ?? []) byName.set(name, 'storageUris');
  pod.containers.forEach((c, ci) => {
    const seenPaths = new Map<string, string>();
    if (ci === 0 && sharedMemory) seenPaths.set(SHARED_MEMORY_MOUNT_PATH, 'sharedMemory');
    (c.mounts ?? []).forEach((m, i) => {
      const field = `${c.field}[${i}]`;
      errors.push(...mountErrors(m, field, c, pod));
      const key = normalize(m.path);
      const other = seenPaths.get(key);
      if (other !== undefined) {
        // Kubernetes core validation: mount paths are unique per container.
        errors.push(other === 'sharedMemory'
          ? `${field}.path '${m.path}' is where sharedMemory mounts its volume; remove the mount or sharedMemory`
          : `${field}.path '${m.path}' is already mounted at ${other}; mount paths must be unique in a container`);
      }
      seenPaths.set(key, field);
      errors.push(...volumeErrors(m.volume, `${field}.volume`, byName));
    });
    if (c.devices) errors.push(...deviceErrors(c, seenPaths, byName));
  });
  return errors;
}

/**
 * validateVolumeDevices (core validation), in our words: each device is a persistent volume claim used once, at a
 * path used once, neither its volume nor its path mounted as a filesystem in the same container.
 */
function deviceErrors(c: ContainerMounts, mountPaths: Map<string, string>, byName: Map<string, VolumeOwner>): string[] {
  const { field, list } = c.devices!;
  if (list === undefined) return [];
  const errors: string[] = [];
  const mounted = new Set(uniqueVolumes([{ ...c, devices: undefined }]));
  const volumes = new Set<Volume>();
  const paths = new Set<string>();
  list.forEach((d, i) => {
    const at = `${field}[${i}]`;
    if (!d.volume._toKube().persistentVolumeClaim) {
      errors.push(`${at}.volume '${d.volume.name}' must be a persistent volume claim (Volume.fromPersistentVolumeClaim): only claims give block devices`);
    }
    if (volumes.has(d.volume)) errors.push(`${at}.volume '${d.volume.name}' is already a device of this container`);
    if (mounted.has(d.volume)) errors.push(`${at}.volume '${d.volume.name}' is also mounted as a filesystem; use it as a device or a mount, not both`);
    volumes.add(d.volume);
    // The device file needs an absolute path (the container runtime), without '..' (validatePathNoBacksteps).
    if (!d.path.startsWith('/') || d.path.split('/').includes('..')) {
      errors.push(`${at}.path ${JSON.stringify(d.path)} must be an absolute path without '..'`);
    } else {
      const key = normalize(d.path);
      if (paths.has(key)) errors.push(`${at}.path ${shown(d.path)} is given to another device of this container`);
      if (mountPaths.has(key)) errors.push(`${at}.path ${shown(d.path)} is also a mount path (${mountPaths.get(key)}); pick another path`);
      if (c.getsModel && (KSERVE_MODEL_PATHS.includes(key) || key.startsWith(`${MODEL_DIR}/`))) {
        errors.push(`${at}.path ${shown(d.path)} clashes with where KServe mounts the model (${KSERVE_MODEL_PATHS.join(', ')})`);
      }
      paths.add(key);
    }
    errors.push(...volumeErrors(d.volume, `${at}.volume`, byName));
  });
  return errors;
}

function mountErrors(m: VolumeMount, field: string, c: ContainerMounts, pod: PodMounts): string[] {
  const knative = pod.knative;
  const model = pod.modelPaths ?? SINGLE_URI_MODEL_PATHS;
  const errors: string[] = [];
  // Kubernetes core validation (ValidateVolumeMounts) and the container runtime: an absolute path without ':'.
  if (!m.path.startsWith('/') || m.path.includes(':')) {
    errors.push(`${field}.path ${shown(m.path)} must be an absolute path without ':'`);
    return errors;
  }
  const normal = normalize(m.path);
  if (c.getsModel && (model.exact.includes(normal) || model.trees.some(t => normal === t || normal.startsWith(`${t}/`)))) {
    errors.push(`${field}.path ${shown(m.path)} clashes with where KServe mounts the model (${[...new Set([...model.exact, ...model.trees])].join(', ')}); `
      + model.hint);
  }
  if (knative && KNATIVE_RESERVED_PATHS.includes(normal)) {
    errors.push(`${field}.path ${shown(m.path)} is reserved by Knative (${KNATIVE_RESERVED_PATHS.join(', ')})`);
  }
  for (const prop of ['subPath', 'subPathExpr'] as const) {
    const value = m[prop];
    // Kubernetes core validation (validateLocalDescendingPath): relative, without '..'.
    if (value !== undefined && (path.posix.isAbsolute(value) || value.split('/').includes('..'))) {
      errors.push(`${field}.${prop} ${shown(value)} must be a relative path inside the volume, without '..'`);
    }
  }
  if (m.subPath !== undefined && m.subPathExpr !== undefined) {
    errors.push(`${field}: subPath and subPathExpr are mutually exclusive; give one`);
  }
  if (m.propagation === MountPropagation.BIDIRECTIONAL && c.privileged === false) {
    // Kubernetes core validation (validateMountPropagation).
    errors.push(`${field}.propagation Bidirectional is only allowed in a privileged container`);
  }
  if (knative) {
    // Knative's webhook (validateVolumeMounts, k8s_validation.go): mounts of volumes other than emptyDir and
    // persistentVolumeClaim must be read-only, and a read-only claim cannot be mounted read-write.
    const source = m.volume._toKube();
    if (!source.emptyDir && !source.persistentVolumeClaim && m.readOnly !== true) {
      errors.push(`${field}: Knative only mounts volume '${m.volume.name}' read-only; set readOnly: true`);
    } else if (source.persistentVolumeClaim?.readOnly && m.readOnly !== true) {
      errors.push(`${field}: the claim of volume '${m.volume.name}' is read-only; set readOnly: true on the mount`);
    }
  }
  return errors;
}

/** Checks a volume the first time it is seen; two different volumes with one name are an error. */
/** Who holds a volume name: a user Volume, `sharedMemory`, or a volume KServe adds for the `storageUris`. */
type VolumeOwner = Volume | 'sharedMemory' | 'storageUris';

function volumeErrors(volume: Volume, field: string, byName: Map<string, VolumeOwner>): string[] {
  const name = volume.name;
  const seen = byName.get(name);
  if (seen !== undefined) {
    if (seen === volume) return [];
    if (seen === 'storageUris') {
      // KServe names its storageUris volumes after their mount paths (GetVolumeNameFromPath) and skips a volume or mount
      // whose name the pod already has (AddModelMount, pkg/utils/storage.go at v0.20.0): yours would replace the model's.
      return [`${field}: volume name ${shown(name)} is the one KServe gives the volume of a storageUris mount path; name the volume differently`];
    }
    return [seen === 'sharedMemory'
      ? `${field}: volume name '${name}' is the one sharedMemory uses; name the volume differently or drop sharedMemory`
      : `${field}: another volume is already named '${name}'; volume names must be unique in the pod (mount the same Volume object to share it)`];
  }
  byName.set(name, volume);
  const errors: string[] = [];
  // Kubernetes core validation (ValidateVolumes): names are DNS-1123 labels.
  if (typeof name !== 'string' || name.length > MAX_DNS_LABEL || !DNS1123_LABEL.test(name)) {
    errors.push(`${field}: volume name ${shown(name)} must be a DNS-1123 label (lower case alphanumerics and '-', at most ${MAX_DNS_LABEL}); `
      + 'pass { name } to the Volume factory');
  } else if (KSERVE_VOLUME_NAMES.test(name)) {
    errors.push(`${field}: volume name ${shown(name)} is one KServe adds to the pod itself; name the volume differently`);
  }
  errors.push(...volumeNumberErrors(volume, field));
  return errors;
}

/** The most a file mode may be: 0777 (rwx for user, group and others). */
const MAX_FILE_MODE = 0o777;

/**
 * Problems with the numbers of a volume's source, each naming `<field>.<option>`: file modes whole numbers from 0 to
 * 0777 (core validation, validateConfigMapVolumeSource / validateSecretVolumeSource) and disk partitions whole
 * numbers >= 0 within int32 (core validation of awsElasticBlockStore / gcePersistentDisk; `format: int32`, CRD schema).
 */
function volumeNumberErrors(volume: Volume, field: string): string[] {
  const source = volume._toKube();
  const errors: string[] = [];
  for (const files of [source.configMap, source.secret]) {
    if (files === undefined) continue;
    errors.push(...fileModeErrors(files.defaultMode, `${field}.defaultMode`));
    (files.items ?? []).forEach(item => errors.push(...fileModeErrors(item.mode, `${field}.items['${item.key}'].mode`)));
  }
  for (const disk of [source.awsElasticBlockStore, source.gcePersistentDisk]) {
    errors.push(...wholeNumberErrors(disk?.partition, `${field}.partition`));
  }
  return errors;
}

function fileModeErrors(mode: number | undefined, field: string): string[] {
  const errors = wholeNumberErrors(mode, field, 0, MAX_FILE_MODE);
  // Core validation states the range in octal: show it so (0o644 is 420).
  return errors.length > 0 && typeof mode === 'number' && Number.isInteger(mode) && mode >= 0
    ? [`${field} (${mode}, octal 0${mode.toString(8)}) must be a file mode from 0 to 0777 (octal, e.g. 0o644)`]
    : errors;
}

function uniqueVolumes(containers: readonly ContainerMounts[]): Volume[] {
  const volumes: Volume[] = [];
  for (const c of containers) {
    for (const m of c.mounts ?? []) {
      if (!volumes.includes(m.volume)) volumes.push(m.volume);
    }
    for (const d of c.devices?.list ?? []) {
      if (!volumes.includes(d.volume)) volumes.push(d.volume);
    }
  }
  return volumes;
}

/** A mount path as the runtime sees it: `/dev/shm/` and `/dev//shm` are `/dev/shm`. */
function normalize(p: string): string {
  const n = path.posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}
