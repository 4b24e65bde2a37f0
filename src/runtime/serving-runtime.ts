import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../imports/kserve-servingruntime-serving.kserve.io';
import { Model } from '../model';
import { ProtocolVersion } from '../protocol-version';
import { DNS1123_SUBDOMAIN_NAME } from '../validation';
import { IServingRuntime, ModelFormatSupport, RuntimeDefinition, ServingRuntimeOptions } from './runtime-definition';

/** Props of a namespaced ServingRuntime. */
export interface ServingRuntimeProps extends ServingRuntimeOptions {
  /**
   * The namespace; it serves InferenceServices of this namespace only.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * A namespaced ServingRuntime (`serving.kserve.io/v1alpha1`): a model server KServe can run for
 * InferenceServices in its namespace; it takes precedence over ClusterServingRuntimes there.
 */
export class ServingRuntime extends Construct implements IServingRuntime {
  /** The runtime name. */
  public readonly name: string;
  /** The generated L1 object. */
  public readonly apiObject: ApiObject;

  private readonly definition: RuntimeDefinition;

  /**
   * The namespace given in the props.
   * @default - the chart's namespace
   */
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, options: ServingRuntimeProps) {
    super(scope, id);
    this.name = options.name ?? id;
    this.namespace = options.namespace;
    this.definition = new RuntimeDefinition(options);
    this.apiObject = new l1.ServingRuntime(this, 'Resource', {
      metadata: { name: this.name, namespace: options.namespace, annotations: options.annotations },
      spec: this.definition.renderSpec(
        l1.ServingRuntimeSpecContainersResourcesLimits, l1.ServingRuntimeSpecContainersResourcesRequests),
    });
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** The formats it serves. */
  public get supportedModelFormats(): ModelFormatSupport[] {
    return this.definition.options.supportedModelFormats;
  }

  /** The protocols it speaks. */
  public get protocolVersions(): ProtocolVersion[] {
    return this.definition.protocolVersions;
  }

  /** Whether it is disabled. */
  public get disabled(): boolean {
    return this.definition.options.disabled === true;
  }

  /** Whether KServe would auto-select it for the model. */
  public canAutoSelect(model: Model): boolean {
    return this.definition.serves(model, true);
  }

  /** Whether it serves the model's format and protocol when named explicitly. */
  public serves(model: Model): boolean {
    return this.definition.serves(model, false);
  }

  private validate(): string[] {
    const errors = this.definition.validate();
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) errors.push(`name '${this.name}' must be a DNS-1123 subdomain`);
    // servingruntime_webhook.go: auto-selectable runtimes sharing a format, version and protocol need distinct priorities.
    const others = this.node.root.node.findAll().filter((c): c is ServingRuntime => c instanceof ServingRuntime && c !== this
      && c.apiObject.metadata.namespace === this.apiObject.metadata.namespace);
    for (const format of this.supportedModelFormats.filter(f => f.autoSelect && f.priority !== undefined)) {
      for (const other of others) {
        if (other.name === this.name) {
          errors.push(`another ServingRuntime in the namespace is also named '${this.name}' (${other.node.path})`);
          continue;
        }
        const clash = !other.disabled && other.supportedModelFormats.some(f => f.autoSelect && f.name === format.name
          && (f.version ?? '') === (format.version ?? '') && f.priority === format.priority)
          && other.protocolVersions.some(p => this.protocolVersions.includes(p));
        if (clash) {
          errors.push(`Same priority assigned for the model format ${format.name} (priority ${format.priority}) as ServingRuntime '${other.name}'`);
        }
      }
    }
    return [...new Set(errors)];
  }
}
