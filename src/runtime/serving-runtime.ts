import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../imports/kserve-servingruntime-serving.kserve.io';
import { Model } from '../model';
import { ProtocolVersion } from '../protocol-version';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME } from '../validation';
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

  /** @internal */
  public readonly _definition: RuntimeDefinition;

  /**
   * The namespace given in the props.
   * @default - the chart's namespace
   */
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, options: ServingRuntimeProps) {
    super(scope, id);
    this.name = options.name ?? id;
    this.namespace = options.namespace;
    this._definition = new RuntimeDefinition(options);
    this.apiObject = new l1.ServingRuntime(this, 'Resource', {
      metadata: { name: this.name, namespace: options.namespace, annotations: options.annotations },
      spec: this._definition.renderSpec(
        l1.ServingRuntimeSpecContainersResourcesLimits, l1.ServingRuntimeSpecContainersResourcesRequests),
    });
    addValidationOnce(this, () => this.validate());
  }

  /** The formats it serves. */
  public get supportedModelFormats(): ModelFormatSupport[] {
    return this._definition.options.supportedModelFormats;
  }

  /** The protocols it speaks. */
  public get protocolVersions(): ProtocolVersion[] {
    return this._definition.protocolVersions;
  }

  /** Whether it is disabled. */
  public get disabled(): boolean {
    return this._definition.options.disabled === true;
  }

  /** Whether KServe would auto-select it for the model. */
  public canAutoSelect(model: Model): boolean {
    return this._definition.serves(model, true);
  }

  /** Whether it serves the model's format and protocol when named explicitly. */
  public serves(model: Model): boolean {
    return this._definition.serves(model, false);
  }

  private validate(): string[] {
    const errors = this._definition.validate();
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) errors.push(`name '${this.name}' must be a DNS-1123 subdomain`);
    // servingruntime_webhook.go: runtimes sharing an auto-selected format need distinct priorities.
    const others = this.node.root.node.findAll().filter((c): c is ServingRuntime => c instanceof ServingRuntime && c !== this
      && c.apiObject.metadata.namespace === this.apiObject.metadata.namespace);
    for (const other of others) {
      if (other.name === this.name) {
        errors.push(`another ServingRuntime in the namespace is also named '${this.name}' (${other.node.path})`);
      }
      const clash = this._definition.priorityClash(other._definition);
      if (clash) {
        errors.push(`Same priority assigned for the model format ${clash.name} (priority ${clash.priority}) as ServingRuntime '${other.name}'`);
      }
    }
    return [...new Set(errors)];
  }
}
