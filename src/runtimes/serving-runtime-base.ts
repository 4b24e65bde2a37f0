import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { KServeDefaults } from '../kserve-defaults';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { inSameOutput } from '../private/duplicates';
import { AppRegistry } from '../private/registry';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME } from '../private/validation';
import { ProtocolVersion } from '../protocol-version';
import { IServingRuntime, ModelFormatSupport, RuntimeDefinition, ServingRuntimeOptions } from './runtime-definition';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';

/** Options of either runtime kind plus the KServe release whose webhook rules apply. */
interface VersionedRuntimeOptions extends ServingRuntimeOptions {
  readonly version?: KServeVersion;
}

// Every runtime construct per app, so a runtime finds its peers without walking the construct tree.
const RUNTIMES = new AppRegistry<ServingRuntimeBase>();

/**
 * What ServingRuntime and ClusterServingRuntime share: matching models and KServe's runtime rules.
 *
 * @example
 * const runtimes: ServingRuntimeBase[] = [
 *   new ServingRuntime(chart, 'fraud-server', {
 *     supportedModelFormats: [{ name: 'fraud-gbm', autoSelect: true }],
 *     container: { image: 'registry.example.com/fraud/server:3.2.1' },
 *   }),
 *   new ClusterServingRuntime(chart, 'acme-xgboost', {
 *     supportedModelFormats: [{ name: 'xgboost', autoSelect: true }],
 *     container: { image: 'registry.example.com/ml/xgboost-server:2.1.0' },
 *   }),
 * ];
 * const model = Model.fromFormat('fraud-gbm', StorageUri.s3('fraud-models', 'gbm/3'));
 * const candidates = runtimes.filter(runtime => runtime.canAutoSelect(model)).map(runtime => runtime.name);
 * @category Runtimes
 */
export abstract class ServingRuntimeBase extends Construct implements IServingRuntime {
  /**
   * Every runtime construct in `scope`'s app, in construction order.
   * @internal
   */
  public static _inApp(scope: IConstruct): readonly ServingRuntimeBase[] {
    return RUNTIMES.all(scope);
  }

  /** The runtime name. */
  public readonly name: string;
  /** The KServe release whose ServingRuntime webhook rules the runtime is checked against. */
  public readonly version: KServeVersion;
  /** Escape hatch: the runtime object (also `ApiObject.of(runtime)`); patches reach the YAML as written. */
  public abstract readonly apiObject: ApiObject;

  /** @internal */
  public readonly _definition: RuntimeDefinition;

  protected constructor(scope: Construct, id: string, options: VersionedRuntimeOptions) {
    super(scope, id);
    options = checkProps(this, new.target.name, options);
    this.name = options.name ?? id;
    this.version = options.version ?? KServeDefaults._of(this).version;
    this._definition = new RuntimeDefinition(options, this.version);
    RUNTIMES.add(this, this);
    addValidationOnce(this, () => this.validate());
  }

  /** Every other runtime construct in the app, in construction order. */
  protected otherRuntimes(): ServingRuntimeBase[] {
    return ServingRuntimeBase._inApp(this).filter(r => r !== this);
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

  /** Rules of one kind only. */
  protected kindErrors(): string[] {
    return [];
  }

  private validate(): string[] {
    const errors = [...this._definition.validate(), ...this.kindErrors()];
    // Core validation: object names are DNS-1123 subdomains.
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) errors.push(`name ${shown(this.name)} must be a DNS-1123 subdomain`);
    const kind = this.apiObject.kind;
    // servingruntime_webhook.go: runtimes sharing an auto-selected format need distinct priorities.
    for (const other of this.peers()) {
      // A runtime of the same name applied in the same file (or folder) is reported by the duplicate check.
      if (other.name === this.name && !inSameOutput(this.apiObject, other.apiObject)) {
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

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ServingRuntimeBase);
