import { ContainerResources } from 'cdk8s-plus-28';
import { validateImage } from '../custom-container';
import { Model } from '../model';
import { ProtocolVersion } from '../protocol-version';
import { RenderedResources, renderResources, validateResources } from '../resources';
import { validateEnvName } from '../validation';

/** A model format a runtime serves (`supportedModelFormats[]`). */
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

/** The serving container of a runtime (KServe names it `kserve-container`). */
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
   * Environment variables.
   * @default - none
   */
  readonly env?: Record<string, string>;

  /**
   * CPU and memory requests and limits.
   * @default - none (the InferenceService's resources apply)
   */
  readonly resources?: ContainerResources;

  /**
   * Run as this user id (also sets `runAsNonRoot`).
   * @default - the image's user, `runAsNonRoot: true`
   */
  readonly runAsUser?: number;
}

/** What a ServingRuntime or ClusterServingRuntime serves and how. */
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
   * Path of the Prometheus metrics (`prometheus.kserve.io/path`).
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
}

/** A runtime as other constructs see it. */
export interface IServingRuntime {
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
  /** Whether it serves the model's format and protocol at all (when named explicitly). */
  serves(model: Model): boolean;
}

/** Shared logic of the two runtime kinds. @internal */
export class RuntimeDefinition {
  public readonly protocolVersions: ProtocolVersion[];

  constructor(public readonly options: ServingRuntimeOptions) {
    this.protocolVersions = options.protocolVersions ?? [ProtocolVersion.V1];
  }

  /**
   * KServe's runtime matching (`pkg/controller/v1beta1/inferenceservice/utils` GetSupportingRuntimes):
   * the runtime is enabled and single-model, speaks the protocol, and lists the format (`name`, or
   * `name:version` when the model gives a version).
   */
  public serves(model: Model, requireAutoSelect: boolean): boolean {
    if (this.options.disabled || this.options.multiModel) return false;
    if (!this.protocolVersions.includes(model.effectiveProtocol)) return false;
    return this.options.supportedModelFormats.some(f => f.name.toLowerCase() === model.formatName.toLowerCase()
      && (model.formatVersion === undefined || f.version === model.formatVersion)
      && (!requireAutoSelect || f.autoSelect === true));
  }

  public renderSpec<L, R>(limitType: { fromString(v: string): L }, requestType: { fromString(v: string): R }) {
    const o = this.options;
    const c = o.container;
    return {
      annotations: {
        'prometheus.kserve.io/port': String(o.metricsPort ?? 8080),
        'prometheus.kserve.io/path': o.metricsPath ?? '/metrics',
      },
      supportedModelFormats: o.supportedModelFormats.map(f => ({ name: f.name, version: f.version, autoSelect: f.autoSelect, priority: f.priority })),
      protocolVersions: this.protocolVersions.map(p => p.value),
      multiModel: o.multiModel ?? false,
      disabled: o.disabled,
      containers: [{
        name: 'kserve-container',
        image: c.image,
        command: c.command,
        args: c.args,
        env: c.env && Object.entries(c.env).map(([name, value]) => ({ name, value })),
        resources: renderResources(c.resources, limitType, requestType) as RenderedResources<L, R> | undefined,
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          runAsNonRoot: true,
          runAsUser: c.runAsUser,
          capabilities: { drop: ['ALL'] },
        },
      }],
    };
  }

  /**
   * servingruntime_webhook.go: two enabled runtimes with the same multiModel setting that both auto-select a
   * format (same name, case-insensitive, and version) over a shared protocol must not give it the same priority.
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
    const errors = validateImage(o.container.image, 'container.image');
    if (o.supportedModelFormats.length === 0) {
      errors.push('supportedModelFormats must list at least one format');
    }
    // servingruntime_webhook.go: within a runtime, auto-selectable formats of one name (any version) that both
    // give a priority must give the same one.
    const priorities = new Map<string, number>();
    o.supportedModelFormats.forEach((f, i) => {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(f.name)) errors.push(`supportedModelFormats[${i}].name '${f.name}' is not a format name`);
      if (f.priority !== undefined && !(Number.isInteger(f.priority) && f.priority >= 1)) {
        errors.push(`supportedModelFormats[${i}].priority (${f.priority}) must be a whole number >= 1`);
      }
      if (!f.autoSelect || f.priority === undefined) return;
      const key = f.name.toLowerCase();
      if (priorities.has(key) && priorities.get(key) !== f.priority) {
        errors.push(`Different priorities assigned for the model format ${f.name}`);
      }
      priorities.set(key, f.priority);
    });
    if (this.protocolVersions.length === 0) errors.push('protocolVersions must not be empty');
    for (const name of Object.keys(o.container.env ?? {})) errors.push(...validateEnvName(name, 'container.env'));
    errors.push(...validateResources(o.container.resources, 'container.resources'));
    if (o.metricsPort !== undefined && !(Number.isInteger(o.metricsPort) && o.metricsPort > 0 && o.metricsPort < 65536)) {
      errors.push(`metricsPort (${o.metricsPort}) must be a port number`);
    }
    return errors;
  }
}
