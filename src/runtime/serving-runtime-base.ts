import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Model } from '../model';
import { ProtocolVersion } from '../protocol-version';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME } from '../validation';
import { IServingRuntime, ModelFormatSupport, RuntimeDefinition, ServingRuntimeOptions } from './runtime-definition';

/** What ServingRuntime and ClusterServingRuntime share: matching models and KServe's runtime rules. */
export abstract class ServingRuntimeBase extends Construct implements IServingRuntime {
  /** The runtime name. */
  public readonly name: string;
  /** The generated L1 object. */
  public abstract readonly apiObject: ApiObject;

  /** @internal */
  public readonly _definition: RuntimeDefinition;

  protected constructor(scope: Construct, id: string, options: ServingRuntimeOptions) {
    super(scope, id);
    this.name = options.name ?? id;
    this._definition = new RuntimeDefinition(options);
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

  /** Runtimes KServe compares this one with (same kind, and same namespace for ServingRuntimes). */
  protected abstract peers(): ServingRuntimeBase[];

  /** How error messages name the scope of `peers()`. */
  protected peerScope(): string {
    return '';
  }

  private validate(): string[] {
    const errors = this._definition.validate();
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) errors.push(`name '${this.name}' must be a DNS-1123 subdomain`);
    const kind = this.apiObject.kind;
    // servingruntime_webhook.go: runtimes sharing an auto-selected format need distinct priorities.
    for (const other of this.peers()) {
      if (other.name === this.name) {
        errors.push(`another ${kind}${this.peerScope()} is also named '${this.name}' (${other.node.path})`);
      }
      const clash = this._definition.priorityClash(other._definition);
      if (clash) {
        errors.push(`Same priority assigned for the model format ${clash.name} (priority ${clash.priority}) as ${kind} '${other.name}'`);
      }
    }
    return errors;
  }
}
