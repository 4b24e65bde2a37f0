import { ContainerPort, ContainerResources, EnvValue, ISecret, k8s, VolumeMount } from 'cdk8s-plus-28';
import { release } from '../install/release';
import { KServeVersion } from '../kserve-version';
import { IModelRuntime, Model } from '../model';
import { basicPortErrors, renderPorts } from '../private/main-container';
import { podPlacementErrors } from '../private/pod-fields';
import { needsRelease } from '../private/releases';
import { RenderedResources, renderResources, validateResources } from '../private/resources';
import { shown } from '../private/shown';
import { describeValue, imageErrors, INT32_MAX, validateAnnotations, validateEnvName, validateLabels } from '../private/validation';
import { PodMounts, podMountErrors, renderMounts, renderVolumes } from '../private/volumes';
import { ProtocolVersion } from '../protocol-version';
import { renderTolerations, Toleration } from '../toleration';

/** The largest user id Kubernetes accepts (`runAsUser` is validated as 0..2147483647). */
const MAX_UID = 2147483647;

/**
 * A model format a runtime serves (`supportedModelFormats[]`).
 * @category Runtimes
 */
export interface ModelFormatSupport {
  /** The format name models declare in `modelFormat.name` (e.g. `sklearn`). */
  readonly name: string;

  /**
   * The format version served (e.g. `1`).
   * @default - any version
   */
  readonly version?: string;

  /**
   * Whether KServe may pick this runtime for models that do not name a runtime.
   * @default false
   */
  readonly autoSelect?: boolean;

  /**
   * Preference among auto-selectable runtimes for the same format (higher wins).
   * @default - none
   */
  readonly priority?: number;
}

/**
 * The serving container of a runtime (KServe names it `kserve-container`).
 * @category Runtimes
 */
export interface RuntimeContainer {
  /** The image, pinned with a tag or digest. */
  readonly image: string;

  /**
   * The entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments; KServe fills placeholders such as `{{.Name}}` per InferenceService.
   * @default - none
   */
  readonly args?: string[];

  /**
   * Environment variables: a value, or a cdk8s-plus `EnvValue` (`EnvValue.fromSecretValue(...)` for a token the
   * runtime reads, `EnvValue.fromFieldRef(...)`...).
   * @default - none
   */
  readonly env?: Record<string, string | EnvValue>;

  /**
   * The ports the server listens on (`ports`), e.g. `[{ number: 9000, name: 'h2c' }]` for a gRPC server. KServe merges
   * them with the model's by number into the serving container (MergeRuntimeContainers, inferenceservice/utils/utils.go):
   * Knative routes to the first (it accepts one port only, named `http1` or `h2c`), Standard mode's Service forwards
   * port 80 to it.
   * @default - none: the server must listen on 8080
   */
  readonly ports?: ContainerPort[];

  /**
   * CPU and memory requests and limits.
   * @default - none (the InferenceService's resources apply)
   */
  readonly resources?: ContainerResources;

  /**
   * Run as this user id, a non-root uid from 1 to 2147483647 (the container always runs with
   * `runAsNonRoot: true`, so uid 0 would not start).
   * @default - the image's user, `runAsNonRoot: true`
   */
  readonly runAsUser?: number;

  /**
   * Volumes mounted into the container (cdk8s-plus `VolumeMount`s). Each mounted volume is written once to the
   * runtime's `volumes`; KServe adds both to the pods it creates for the runtime. The component mount rules apply
   * (absolute unique paths, not where KServe mounts the model, DNS-1123 volume names KServe does not use itself).
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];
}

/**
 * What a ServingRuntime or ClusterServingRuntime serves and how.
 * @category Runtimes
 */
export interface ServingRuntimeOptions {
  /**
   * The runtime name InferenceServices reference in `model.runtime`.
   * @default - the construct id
   */
  readonly name?: string;

  /** The model formats the runtime serves. */
  readonly supportedModelFormats: ModelFormatSupport[];

  /**
   * The inference protocols the runtime speaks.
   * @default [ProtocolVersion.V1]
   */
  readonly protocolVersions?: ProtocolVersion[];

  /** The serving container. */
  readonly container: RuntimeContainer;

  /**
   * Whether one server hosts many models (ModelMesh / TrainedModel style).
   * @default false
   */
  readonly multiModel?: boolean;

  /**
   * Port on which the container serves Prometheus metrics (`prometheus.kserve.io/port`).
   * @default 8080
   */
  readonly metricsPort?: number;

  /**
   * Path of the Prometheus metrics (`prometheus.kserve.io/path`), starting with `/`.
   * @default '/metrics'
   */
  readonly metricsPath?: string;

  /**
   * Keep the runtime installed but unavailable for selection.
   * @default false
   */
  readonly disabled?: boolean;

  /**
   * Extra annotations on the runtime object (e.g. `serving.kserve.io/server-type`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * Labels on the runtime object.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Labels KServe adds to the pods of every service using the runtime (`spec.labels`; the service's own win).
   * @default - none
   */
  readonly podLabels?: Record<string, string>;

  /**
   * Node labels the pods must run on (`nodeSelector`), e.g. a GPU node pool. KServe merges the runtime's pod fields
   * under the service's own (MergePodSpec, a strategic merge: the service's win).
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Taints the pods tolerate (`tolerations`), e.g. a GPU node pool's; merged like `nodeSelector`.
   * @default - none
   */
  readonly tolerations?: Toleration[];

  /**
   * Node and pod (anti-)affinity of the pods, in Kubernetes' own `Affinity` shape; merged like `nodeSelector`.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * Secrets to pull the runtime's image with (`imagePullSecrets`, cdk8s-plus `ISecret`s); merged like `nodeSelector`.
   * @default - none
   */
  readonly imagePullSecrets?: ISecret[];

  /**
   * Whether the runtime's pods share the host's IPC namespace (`hostIPC`, KServe v0.14+). The Kubernetes
   * default is `false`; KServe's own Hugging Face runtime writes `false` explicitly. On v0.13, whose
   * ServingRuntime has no such field, setting it is a synth error.
   * @default - not written (not shared)
   */
  readonly hostIPC?: boolean;
}

/**
 * A runtime as other constructs see it.
 * @category Runtimes
 */
export interface IServingRuntime extends IModelRuntime {
  /** The runtime name. */
  readonly name: string;
  /** The formats it serves. */
  readonly supportedModelFormats: ModelFormatSupport[];
  /** The protocols it speaks. */
  readonly protocolVersions: ProtocolVersion[];
  /** Whether it is disabled. */
  readonly disabled: boolean;
  /** Whether KServe would auto-select it for the model (format, version and protocol match, autoSelect on). */
  canAutoSelect(model: Model): boolean;
  /**
   * Whether it serves the model's format and protocol at all when the model names it: enabled, the format listed,
   * the protocol spoken if the model states one; multi-model runtimes count (components/predictor.go checks no multiModel).
   */
  serves(model: Model): boolean;
}

/**
 * Shared logic of the two runtime kinds. @internal
 *
 * @example
 * const definition = new RuntimeDefinition({
 *   supportedModelFormats: [{ name: 'fraud-gbm', autoSelect: true }],
 *   container: { image: 'registry.example.com/fraud/server:3.2.1' },
 * }, KServeVersion.DEFAULT);
 * const autoSelected = definition.serves(Model.fromFormat('fraud-gbm', StorageUri.s3('fraud-models', 'gbm/3')), true);
 * @category Runtimes
 */
export class RuntimeDefinition {
  public readonly protocolVersions: ProtocolVersion[];

  constructor(public readonly options: ServingRuntimeOptions, public readonly version: KServeVersion) {
    this.protocolVersions = options.protocolVersions ?? [ProtocolVersion.V1];
  }

  /**
   * KServe's runtime matching (pkg/apis/serving/v1beta1/predictor_model.go GetSupportingRuntimes and
   * RuntimeSupportsModel): the runtime is enabled and single-model, speaks the protocol, and lists the
   * format: the label `mt:<name>` (or `mt:<name>:<version>` when the model gives a version) must be one
   * of the runtime's, compared exactly, so `SKLearn` does not match `sklearn`. A runtime named by the
   * model is held to the protocol only when the model states one (components/predictor.go, v0.20.0);
   * auto-selection assumes v1 when it does not. Only auto-selection skips multi-model runtimes
   * (`IsMultiModelRuntime() == isMMS`); a named runtime is checked for disabled, protocol and format only
   * (components/predictor.go reconcileModel, v0.13.1 :102-139, v0.20.0 :329-365).
   */
  public serves(model: Model, requireAutoSelect: boolean): boolean {
    if (this.options.disabled || (requireAutoSelect && this.options.multiModel)) return false;
    const protocol = requireAutoSelect ? model.effectiveProtocol : model.protocolVersion;
    if (protocol && !this.protocolVersions.includes(protocol)) return false;
    return this.options.supportedModelFormats.some(f => f.name === model.formatName
      && (model.formatVersion === undefined || f.version === model.formatVersion)
      && (!requireAutoSelect || f.autoSelect === true));
  }

  public renderSpec<L, R>(limitType: { fromString(v: string): L }, requestType: { fromString(v: string): R }) {
    const o = this.options;
    const c = o.container;
    const mounts = this.mounts();
    const volumeMounts = renderMounts(c.volumeMounts);
    return {
      annotations: {
        'prometheus.kserve.io/port': String(o.metricsPort ?? 8080),
        'prometheus.kserve.io/path': o.metricsPath ?? '/metrics',
      },
      supportedModelFormats: o.supportedModelFormats.map(f => ({ name: f.name, version: f.version, autoSelect: f.autoSelect, priority: f.priority })),
      protocolVersions: this.protocolVersions.map(p => p.value),
      multiModel: o.multiModel ?? false,
      disabled: o.disabled,
      hostIpc: o.hostIPC,
      labels: o.podLabels,
      nodeSelector: o.nodeSelector,
      tolerations: renderTolerations(o.tolerations),
      affinity: o.affinity,
      imagePullSecrets: o.imagePullSecrets?.map(secret => ({ name: secret?.name })),
      volumes: renderVolumes(mounts, undefined),
      containers: [{
        name: 'kserve-container',
        image: c.image,
        command: c.command,
        args: c.args,
        env: c.env && Object.entries(c.env).map(([name, value]) => (typeof value === 'string'
          ? { name, value }
          : { name, value: value?.value, valueFrom: value?.valueFrom })),
        ports: renderPorts(c.ports),
        resources: renderResources(c.resources, limitType, requestType) as RenderedResources<L, R> | undefined,
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          runAsNonRoot: true,
          runAsUser: c.runAsUser,
          capabilities: { drop: ['ALL'] },
        },
        volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
      }],
    };
  }

  /**
   * servingruntime_webhook.go validateServingRuntimePriority: two enabled runtimes with the same multiModel setting
   * that both auto-select a format (same name, case-insensitive as areSupportedModelFormatsEqual compares it, and
   * version) over a shared protocol must not give it the same priority.
   */
  public priorityClash(other: RuntimeDefinition): ModelFormatSupport | undefined {
    if (this.options.disabled || other.options.disabled || (this.options.multiModel ?? false) !== (other.options.multiModel ?? false)) {
      return undefined;
    }
    if (!other.protocolVersions.some(p => this.protocolVersions.includes(p))) return undefined;
    return this.options.supportedModelFormats.find(f => f.autoSelect && f.priority !== undefined
      && other.options.supportedModelFormats.some(g => g.autoSelect && g.name.toLowerCase() === f.name.toLowerCase()
        && (g.version ?? '') === (f.version ?? '') && g.priority === f.priority));
  }

  public validate(): string[] {
    const o = this.options;
    const c = o.container;
    const errors = imageErrors(c.image, 'container.image');
    // Our own safety rules: a runtime with no format serves no model (KServe checks the format even for a named runtime,
    // RuntimeSupportsModel, predictor_model.go), and a name with spaces matches none. Priority >= 1: the CRD schema's minimum
    // (and `format: int32` its maximum).
    if (o.supportedModelFormats.length === 0) {
      errors.push('supportedModelFormats must list at least one format');
    }
    o.supportedModelFormats.forEach((f, i) => {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(f.name)) errors.push(`supportedModelFormats[${i}].name ${shown(f.name)} is not a format name`);
      if (f.priority !== undefined && !(Number.isInteger(f.priority) && f.priority >= 1)) {
        errors.push(`supportedModelFormats[${i}].priority (${describeValue(f.priority)}) must be a whole number >= 1`);
      } else if (f.priority !== undefined && f.priority > INT32_MAX) {
        errors.push(`supportedModelFormats[${i}].priority (${f.priority}) must be at most ${INT32_MAX} (the field is a 32-bit integer)`);
      }
    });
    // The ServingRuntime webhooks admit a disabled runtime before any of their own rules
    // (pkg/webhook/admission/servingruntime/servingruntime_webhook.go Handle); enabling it later runs them.
    if (!o.disabled) {
      errors.push(...this.prioritySameErrors());
      // servingruntime_webhook.go validateBlockedEnvVars (from v0.18.1; fact blockedEnv): the release's blocked list.
      for (const name of this.version._facts.blockedEnv.filter(n => Object.prototype.hasOwnProperty.call(c.env ?? {}, n))) {
        errors.push(`container.env: setting ${name} is not allowed by KServe ${this.version.name} (security policy, pkg/validation/env_policy.go); `
          + 'set it in the image instead');
      }
    }
    if (this.protocolVersions.length === 0) errors.push('protocolVersions must not be empty');
    for (const name of Object.keys(c.env ?? {})) errors.push(...validateEnvName(name, 'container.env'));
    errors.push(...validateResources(c.resources, 'container.resources'));
    // Core validation of the ports (basicPortErrors); the mode's own rules depend on the services using the runtime.
    if (c.ports !== undefined && c.ports.length === 0) errors.push('container.ports must be a non-empty list of ContainerPort, or left out');
    errors.push(...basicPortErrors(c.ports ?? [], 'container.ports'));
    if (c.runAsUser !== undefined && !(Number.isInteger(c.runAsUser) && c.runAsUser >= 1 && c.runAsUser <= MAX_UID)) {
      errors.push(`container.runAsUser (${describeValue(c.runAsUser)}) must be a non-root user id, a whole number from 1 to ${MAX_UID} `
        + '(the container runs with runAsNonRoot: true)');
    }
    if (o.metricsPort !== undefined && !(Number.isInteger(o.metricsPort) && o.metricsPort > 0 && o.metricsPort < 65536)) {
      errors.push(`metricsPort (${describeValue(o.metricsPort)}) must be a port number`);
    }
    if (o.metricsPath !== undefined && !/^\/[^\s?#]*$/.test(o.metricsPath)) {
      errors.push(`metricsPath ${shown(o.metricsPath)} must be a URL path starting with '/', such as '/metrics'`);
    }
    errors.push(...validateAnnotations(o.annotations, 'annotations'));
    errors.push(...validateLabels(o.labels, 'labels'));
    errors.push(...validateLabels(o.podLabels, 'podLabels'));
    // The pod fields KServe merges into its services' pods (MergePodSpec, utils.go): the checks a component's get.
    errors.push(...podPlacementErrors(o, 'spec'));
    errors.push(...podMountErrors(this.mounts(), false));
    // servingruntime_types.go: ServingRuntimePodSpec has HostIPC from v0.14 on; v0.13.1's drops the field.
    if (o.hostIPC !== undefined && !release(this.version).runtimes.hostIpcField) {
      errors.push(`hostIPC ${needsRelease(v => release(v).runtimes.hostIpcField, this.version)}: its ServingRuntime has no hostIPC field, `
        + 'so the setting would be dropped');
    }
    return errors;
  }

  /**
   * The container's mounts for the shared mount rules: KServe mounts the model into the runtime's `kserve-container`.
   * Whether the pods run on Knative depends on the InferenceServices using the runtime, so Knative's own mount rules
   * are not applied here.
   */
  private mounts(): PodMounts {
    return { containers: [{ field: 'container.volumeMounts', mounts: this.options.container.volumeMounts, getsModel: true }], knative: false };
  }

  /**
   * servingruntime_webhook.go validateModelFormatPrioritySame: the first auto-selected entry of a format name (compared
   * exactly) sets its priority, possibly none; a later auto-selected entry of that name must give the same priority
   * when both give one.
   */
  private prioritySameErrors(): string[] {
    const errors: string[] = [];
    const first = new Map<string, number>();
    const reported = new Set<string>();
    this.options.supportedModelFormats.forEach((f, i) => {
      if (f.autoSelect !== true) return;
      if (!first.has(f.name)) {
        first.set(f.name, i);
        return;
      }
      const j = first.get(f.name)!;
      const priority = this.options.supportedModelFormats[j].priority;
      if (priority !== undefined && f.priority !== undefined && priority !== f.priority && !reported.has(f.name)) {
        reported.add(f.name);
        errors.push(`supportedModelFormats[${i}]: Different priorities assigned for the model format ${f.name}: `
          + `priority ${f.priority}, but supportedModelFormats[${j}] auto-selects it with priority ${priority}; give them the same priority`);
      }
    });
    return errors;
  }
}
