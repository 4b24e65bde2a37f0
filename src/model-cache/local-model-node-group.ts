import { ApiObject, Size } from 'cdk8s';
import { k8s, NodeLabelQuery, PersistentVolumeAccessMode, PersistentVolumeReclaimPolicy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeGroupVolume } from './node-group-volume';
import { KServeDefaults } from '../kserve-defaults';
import { KServeVersion } from '../kserve-version';
import { clusterScoped } from '../private/emit';
import { EmittedObject } from '../private/emitted-object';
import { unservedLocalModelErrors } from '../private/local-model-install';
import { LOCAL_MODEL_API_VERSION, LocalModelMetadata, LocalModelNodeGroupSpecJson } from '../private/local-model-objects';
import { modelCachesOf } from '../private/model-cache';
import { firstRelease, minorName } from '../private/releases';
import { sizeBytes, sizeErrors, sizeQuantity } from '../private/resources';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME, keyErrors } from '../private/validation';

/**
 * A LocalModelNodeGroup (`serving.kserve.io/v1alpha1`, cluster-scoped) that caches refer to: one this app defines
 * (`LocalModelNodeGroup`) or one that exists in the cluster (`LocalModelNodeGroup.fromName`).
 * @category Model cache
 */
export interface ILocalModelNodeGroup {
  /** The node group's name. */
  readonly name: string;
}

/**
 * Props of a LocalModelNodeGroup.
 * @category Model cache
 */
export interface LocalModelNodeGroupProps {
  /**
   * The node group's name. KServe names the PVCs of a cache on it `<cache>-<node group>`.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The most disk each node of the group gives to cached models (`spec.storageLimit`). Also the capacity of the
   * PersistentVolumes and the request of the PersistentVolumeClaims KServe creates from the node group, so the claims
   * always fit their volumes. Synth checks that the models cached on the group fit in it.
   */
  readonly storageLimit: Size;

  /**
   * Where the models live on each node: a local disk or directory, a host path or a CSI volume
   * (the volume source of `spec.persistentVolumeSpec`).
   */
  readonly volume: NodeGroupVolume;

  /**
   * The nodes of the group: the node labels they all have (`spec.persistentVolumeSpec.nodeAffinity.required`, one
   * term whose requirements must all hold). KServe runs a download job on each matching node, and the volumes' node
   * affinity keeps the pods that use a cache on these nodes.
   */
  readonly nodes: NodeLabelQuery[];

  /**
   * The StorageClass name written on both the PersistentVolumes and the PersistentVolumeClaims KServe creates, so each
   * claim binds to its volume (Kubernetes binds a claim only to a volume of the same class), and a default
   * StorageClass of the cluster never provisions a volume elsewhere instead.
   */
  readonly storageClassName: string;

  /**
   * How the volumes can be mounted (`accessModes` of both specs). `ReadWriteOnce` lets the download job and every
   * serving pod of a node mount them.
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];

  /**
   * What happens to a volume's data when KServe deletes the PersistentVolume (`persistentVolumeReclaimPolicy`).
   * @default - Kubernetes' default for volumes created by hand (Retain: the files stay on the nodes)
   */
  readonly reclaimPolicy?: PersistentVolumeReclaimPolicy;

  /**
   * The KServe release the cluster runs (local model caches need v0.14 or later).
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;
}

/** A node group that exists in the cluster, outside this app. */
class ExistingNodeGroup implements ILocalModelNodeGroup {
  constructor(public readonly name: string) {}
}

/**
 * A KServe LocalModelNodeGroup (`serving.kserve.io/v1alpha1`, cluster-scoped, KServe v0.14 or later): a set of nodes that
 * keep downloaded models on a local volume, for `LocalModelCache` and `LocalModelNamespaceCache` to put models on.
 * KServe's local model controller creates the PersistentVolumes and PersistentVolumeClaims of each cache from this
 * object's specs (pkg/controller/v1alpha1/localmodel/reconcilers/utils.go), and its node agent downloads each model
 * into `models/<storage key>` of the volume on every node of the group.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(group)`); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * const gpuPool = new LocalModelNodeGroup(chart, 'gpu-pool', {
 *   storageLimit: Size.gibibytes(200),
 *   volume: NodeGroupVolume.local('/mnt/nvme/models'),
 *   nodes: [kplus.NodeLabelQuery.is('nvidia.com/gpu.product', 'NVIDIA-A100-SXM4-80GB')],
 *   storageClassName: 'local-models',
 * });
 * new LocalModelCache(chart, 'qwen-7b', {
 *   sourceModelUri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'),
 *   modelSize: Size.gibibytes(16),
 *   nodeGroups: [gpuPool],
 * });
 * @category Model cache
 */
export class LocalModelNodeGroup extends Construct implements ILocalModelNodeGroup {
  /**
   * A node group that exists in the cluster, by name (checked where it is used).
   *
   * @example
   * // A node group the platform team defines.
   * new LocalModelCache(chart, 'qwen-7b', {
   *   sourceModelUri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'),
   *   modelSize: Size.gibibytes(16),
   *   nodeGroups: [LocalModelNodeGroup.fromName('gpu-pool')],
   * });
   */
  public static fromName(name: string): ILocalModelNodeGroup {
    return new ExistingNodeGroup(name);
  }

  /** The node group's name. */
  public readonly name: string;
  /** The most disk each node gives to cached models. */
  public readonly storageLimit: Size;
  /** The KServe release targeted. */
  public readonly version: KServeVersion;
  /** Escape hatch: the LocalModelNodeGroup object. */
  public readonly apiObject: ApiObject;

  private readonly props: LocalModelNodeGroupProps;

  constructor(scope: Construct, id: string, props: LocalModelNodeGroupProps) {
    super(scope, id);
    props = checkProps(this, 'LocalModelNodeGroup', props);
    this.props = props;
    this.name = props.name ?? id;
    this.storageLimit = props.storageLimit;
    this.version = props.version ?? KServeDefaults._of(this).version;
    const accessModes = props.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE];
    const storage = sizeQuantity(props.storageLimit) ?? '0';
    const pv: k8s.PersistentVolumeSpec = {
      ...(props.volume._render() as k8s.PersistentVolumeSpec),
      capacity: { storage: k8s.Quantity.fromString(storage) },
      accessModes,
      storageClassName: props.storageClassName,
      persistentVolumeReclaimPolicy: props.reclaimPolicy,
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: props.nodes.map(n => n._toKube()) }] } },
    };
    const pvc: k8s.PersistentVolumeClaimSpec = {
      accessModes,
      storageClassName: props.storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(storage) } },
    };
    const metadata: LocalModelMetadata = { name: this.name };
    const spec: LocalModelNodeGroupSpecJson = {
      storageLimit: storage,
      persistentVolumeSpec: k8s.toJson_PersistentVolumeSpec(pv)!,
      persistentVolumeClaimSpec: k8s.toJson_PersistentVolumeClaimSpec(pvc)!,
    };
    this.apiObject = clusterScoped(new EmittedObject(this, 'Resource', { apiVersion: LOCAL_MODEL_API_VERSION, kind: 'LocalModelNodeGroup', metadata, spec }));
    addValidationOnce(this, () => this.validate());
  }

  private validate(): string[] {
    const p = this.props;
    // Fact localModelCache: the CRD exists from v0.14 (local_model_node_group_types.go).
    if (!this.version._facts.localModelCache) {
      const first = minorName(firstRelease(v => v._facts.localModelCache));
      return [`LocalModelNodeGroup needs KServe ${first} or later (the local model cache CRDs); the target is ${this.version.name}`];
    }
    const errors = unservedLocalModelErrors(this, 'LocalModelNodeGroup');
    // Kubernetes core validation: object names are DNS-1123 subdomains; so are StorageClass names.
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) {
      errors.push(`metadata.name ${shown(this.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`);
    }
    if (!DNS1123_SUBDOMAIN_NAME.test(p.storageClassName)) {
      errors.push(`storageClassName ${shown(p.storageClassName)} must be a DNS-1123 subdomain (the name of a StorageClass)`);
    }
    const sizeProblems = sizeErrors(p.storageLimit, 'storageLimit');
    errors.push(...sizeProblems);
    // Our own safety rule: a zero limit leaves no room for any model (and a PersistentVolume needs a positive capacity,
    // Kubernetes core validation).
    if (sizeProblems.length === 0 && sizeBytes(p.storageLimit)! <= 0) errors.push('storageLimit must be more than 0');
    // CheckNodeAffinity (pkg/controller/v1alpha1/utils/utils.go): without required node affinity no node is in the
    // group, so nothing is ever downloaded; Kubernetes core validation needs at least one requirement per term.
    if (p.nodes.length === 0) {
      errors.push('nodes: give at least one node label query (NodeLabelQuery.is(...)); KServe finds the group\'s nodes by them');
    }
    p.nodes.forEach((query, i) => errors.push(...nodeQueryErrors(query._toKube(), `nodes[${i}]`)));
    // Kubernetes core validation: a PersistentVolume and a claim need at least one access mode.
    if (p.accessModes !== undefined && p.accessModes.length === 0) errors.push('accessModes must not be empty');
    // Our own safety rule: every replica of a service in a namespace mounts the same claim, so ReadWriteOncePod would
    // keep all but one pod Pending.
    if (p.accessModes?.includes(PersistentVolumeAccessMode.READ_WRITE_ONCE_POD)) {
      errors.push("accessModes: 'ReadWriteOncePod' lets one pod mount the claim, but every replica of a service using a cache mounts the same "
        + "claim; use 'ReadWriteOnce'");
    }
    errors.push(...p.volume._validate('volume'));
    if (sizeProblems.length === 0) errors.push(...this.capacityErrors(sizeBytes(p.storageLimit)!));
    return errors;
  }

  /**
   * Our own safety rule, from what the field means ("model size to make sure it does not exceed the disk space
   * reserved for local models", local_model_cache_types.go): the models of the app's caches on this group fit its
   * storage limit. Caches of one URI share one folder (`GetStorageKey`), so each URI counts once, at its largest size.
   */
  private capacityErrors(limit: number): string[] {
    const sizes = new Map<string, number>();
    for (const cache of modelCachesOf(this).filter(c => c.nodeGroupObjects.includes(this) && c.modelBytes !== undefined)) {
      sizes.set(cache.sourceModelUri, Math.max(sizes.get(cache.sourceModelUri) ?? 0, cache.modelBytes!));
    }
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    // A single model over the limit is reported by its cache.
    if (sizes.size < 2 || total <= limit) return [];
    const needed = sizeQuantity(Size.kibibytes(total / 1024)) ?? `${total} bytes`;
    return [`storageLimit (${this.props.storageLimit.asString()}) is less than the ${needed} the ${sizes.size} models cached on this node group `
      + `need together (${[...sizes.keys()].map(uri => shown(uri)).join(', ')}); raise it or cache fewer models here`];
  }
}

/** Kubernetes core validation of a node selector requirement (validateNodeSelectorRequirement), in our words. */
function nodeQueryErrors(requirement: k8s.NodeSelectorRequirement, field: string): string[] {
  const errors = keyErrors(requirement.key, `${field} key`);
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errors.push(`${field}: '${requirement.operator}' needs at least one value`);
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1 || !/^-?\d+$/.test(values[0])) {
        errors.push(`${field}: '${requirement.operator}' needs exactly one whole-number value (got ${shown(values)})`);
      }
      break;
  }
  return errors;
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(LocalModelNodeGroup);
