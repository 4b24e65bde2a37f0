import { HostPathVolumeType } from 'cdk8s-plus-28';
import { guardMethods, registerStandIn } from '../private/shape';
import { shown } from '../private/shown';

/**
 * Options of a `local` node group volume.
 * @category Model cache
 */
export interface LocalNodeGroupVolumeOptions {
  /**
   * The file system of the disk, when Kubernetes should format it (`local.fsType`).
   * @default - the disk is mounted as it is
   */
  readonly fsType?: string;
}

/**
 * Options of a CSI node group volume.
 * @category Model cache
 */
export interface CsiNodeGroupVolumeOptions {
  /**
   * The file system type to mount (`csi.fsType`).
   * @default - the driver's default
   */
  readonly fsType?: string;
  /**
   * Driver-specific attributes of the volume (`csi.volumeAttributes`).
   * @default - none
   */
  readonly volumeAttributes?: Record<string, string>;
}

/**
 * Where the models of a node group live on each of its nodes: the volume source of the PersistentVolumes KServe
 * creates from the node group's `persistentVolumeSpec` (one for the download jobs, one per namespace of the services
 * that use a cache, all with the same source, so on a node they all see the same files).
 *
 * @example
 * new LocalModelNodeGroup(chart, 'gpu-pool', {
 *   storageLimit: Size.gibibytes(200),
 *   volume: NodeGroupVolume.local('/mnt/nvme/models'),
 *   nodes: [kplus.NodeLabelQuery.is('nvidia.com/gpu.product', 'NVIDIA-A100-SXM4-80GB')],
 *   storageClassName: 'local-models',
 * });
 * @category Model cache
 */
export class NodeGroupVolume {
  /**
   * A local disk or directory of each node (`local.path`): the usual choice. Kubernetes needs the PersistentVolume's
   * node affinity for it, which the node group always writes.
   *
   * @example
   * // The NVMe disk of each node, formatted as ext4 by Kubernetes.
   * new LocalModelNodeGroup(chart, 'gpu-pool', {
   *   storageLimit: Size.tebibytes(1),
   *   volume: NodeGroupVolume.local('/dev/nvme1n1', { fsType: 'ext4' }),
   *   nodes: [kplus.NodeLabelQuery.is('node.kubernetes.io/instance-type', 'p4d.24xlarge')],
   *   storageClassName: 'local-models',
   * });
   */
  public static local(path: string, options: LocalNodeGroupVolumeOptions = {}): NodeGroupVolume {
    return new NodeGroupVolume({ local: { path, fsType: options.fsType } }, path);
  }

  /**
   * A directory of each node's file system (`hostPath`).
   *
   * @example
   * new LocalModelNodeGroup(chart, 'gpu-pool', {
   *   storageLimit: Size.gibibytes(300),
   *   volume: NodeGroupVolume.hostPath('/var/lib/kserve/models', kplus.HostPathVolumeType.DIRECTORY_OR_CREATE),
   *   nodes: [kplus.NodeLabelQuery.is('nvidia.com/gpu.present', 'true')],
   *   storageClassName: 'local-models',
   * });
   */
  public static hostPath(path: string, type?: HostPathVolumeType): NodeGroupVolume {
    return new NodeGroupVolume({ hostPath: { path, type } }, path);
  }

  /**
   * A volume of a CSI driver (`csi`); every PersistentVolume KServe creates from the spec names the same volume.
   *
   * @example
   * // A shared FSx for Lustre file system, mounted on every node of the group.
   * new LocalModelNodeGroup(chart, 'gpu-pool', {
   *   storageLimit: Size.tebibytes(2),
   *   volume: NodeGroupVolume.csi('fsx.csi.aws.com', 'fs-0123456789abcdef0', {
   *     volumeAttributes: { dnsname: 'fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com', mountname: 'models' },
   *   }),
   *   nodes: [kplus.NodeLabelQuery.is('nvidia.com/gpu.present', 'true')],
   *   storageClassName: 'fsx-models',
   * });
   */
  public static csi(driver: string, volumeHandle: string, options: CsiNodeGroupVolumeOptions = {}): NodeGroupVolume {
    return new NodeGroupVolume({ csi: { driver, volumeHandle, fsType: options.fsType, volumeAttributes: options.volumeAttributes } });
  }

  private constructor(
    private readonly source: Record<string, Record<string, unknown>>,
    private readonly path?: string,
  ) {}

  /**
   * The volume source, keyed as in a PersistentVolumeSpec (`local`, `hostPath` or `csi`).
   * @internal
   */
  public _render(): Record<string, Record<string, unknown>> {
    return this.source;
  }

  /**
   * Problems with the source, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    const errors: string[] = [];
    const [kind, source] = Object.entries(this.source)[0];
    if (this.path !== undefined) {
      // Kubernetes core validation (validateLocalVolumeSource: absolute, no '..'; validateHostPathVolumeSource: no '..');
      // an absolute hostPath is our own rule, as a relative one depends on the kubelet's working directory.
      if (!this.path.startsWith('/')) errors.push(`${field}.${kind}.path ${shown(this.path)} must be an absolute path`);
      if (this.path.split('/').includes('..')) errors.push(`${field}.${kind}.path ${shown(this.path)} must not contain '..'`);
    } else {
      // Kubernetes core validation (validateCSIPersistentVolumeSource): a driver name (a DNS-1123 subdomain of at most
      // 63 characters) and a volume handle.
      const driver = String(source.driver);
      if (!/^(?=.{1,63}$)[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?$/.test(driver)) {
        errors.push(`${field}.csi.driver ${shown(driver)} must be a CSI driver name (alphanumerics, '-' and '.', at most 63 characters)`);
      }
      if (source.volumeHandle === '') errors.push(`${field}.csi.volumeHandle must not be empty`);
    }
    if (source.fsType === '') errors.push(`${field}.${kind}.fsType must not be empty; leave it out for the default`);
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(NodeGroupVolume);
registerStandIn('NodeGroupVolume', () => NodeGroupVolume.local('/stand-in'));
