import { k8s, Volume, VolumeMount } from 'cdk8s-plus-28';
import { DNS1123_LABEL, MAX_DNS_LABEL } from '../private/validation';

/** The entries of `volumeMounts` that can be rendered (anything else is reported by `volumeMountErrors`). */
function renderable(mounts: unknown): VolumeMount[] {
  return Array.isArray(mounts) ? mounts.filter((m): m is VolumeMount => typeof m === 'object' && m !== null
    && m.volume instanceof Volume && typeof m.path === 'string') : [];
}

/**
 * The runtime's `volumes` (each mounted volume once, in mount order) and the container's `volumeMounts`,
 * as KServe copies them into the pods it creates (ServingRuntimePodSpec.Volumes, the container's volumeMounts).
 * @internal
 */
export function renderVolumes(mounts: VolumeMount[] | undefined): { volumes?: k8s.Volume[]; volumeMounts?: k8s.VolumeMount[] } {
  const given = renderable(mounts);
  if (given.length === 0) return {};
  const volumes = [...new Set(given.map(m => m.volume))];
  return {
    volumes: volumes.map(v => v._toKube()),
    volumeMounts: given.map(m => ({
      name: m.volume.name,
      mountPath: m.path,
      readOnly: m.readOnly,
      subPath: m.subPath,
      subPathExpr: m.subPathExpr,
      mountPropagation: m.propagation,
    })),
  };
}

/**
 * Problems with a runtime container's `volumeMounts`. Kubernetes core validation (ValidateVolumes,
 * ValidateVolumeMounts in pkg/apis/core/validation): volume names are DNS-1123 labels and name one volume each,
 * a mount path is required and unique within the container, a subPath is relative and never leaves the volume.
 * @internal
 */
export function volumeMountErrors(mounts: unknown, field: string): string[] {
  if (mounts === undefined) return [];
  if (!Array.isArray(mounts)) return [`${field} must be a list of cdk8s-plus VolumeMounts ({ volume, path })`];
  const errors: string[] = [];
  const byName = new Map<string, Volume>();
  const paths = new Set<string>();
  mounts.forEach((m: any, i) => {
    const at = `${field}[${i}]`;
    if (typeof m !== 'object' || m === null || !(m.volume instanceof Volume)) {
      errors.push(`${at}.volume must be a cdk8s-plus Volume (such as Volume.fromEmptyDir(...))`);
      return;
    }
    const name = m.volume.name;
    if (!DNS1123_LABEL.test(name) || name.length > MAX_DNS_LABEL) errors.push(`${at}.volume name '${name}' must be a DNS-1123 label (Kubernetes volume names)`);
    const same = byName.get(name);
    if (same && same !== m.volume) {
      errors.push(`${at}.volume: two different volumes are named '${name}'; a pod's volume names must be unique`);
    }
    byName.set(name, m.volume);
    if (typeof m.path !== 'string' || m.path.length === 0) {
      errors.push(`${at}.path must be the mount path in the container, such as '/dev/shm'`);
    } else if (paths.has(m.path)) {
      errors.push(`${at}.path '${m.path}' is already mounted; a container's mount paths must be unique`);
    } else {
      paths.add(m.path);
    }
    if (m.subPath !== undefined && (typeof m.subPath !== 'string' || m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))) {
      errors.push(`${at}.subPath '${m.subPath}' must be a relative path inside the volume (no leading '/', no '..')`);
    }
  });
  return errors;
}
