import { Volume } from 'cdk8s-plus-28';

/**
 * A raw block device the main container gets (`volumeDevices`, Kubernetes Container): a persistent volume claim
 * of `volumeMode: Block`, given as a cdk8s-plus Volume (`Volume.fromPersistentVolumeClaim(this, 'raw', claim)`)
 * and exposed as a device file at `path` instead of being mounted as a filesystem. The Volume is added to the
 * pod's `volumes` like the mounted ones.
 * @category Serving
 */
export interface VolumeDevice {
  /** The claim's Volume (`Volume.fromPersistentVolumeClaim`); Kubernetes accepts no other volume source here. */
  readonly volume: Volume;

  /** The absolute path of the device file in the container, e.g. `/dev/xvda`. */
  readonly path: string;
}
