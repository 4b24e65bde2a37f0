import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KServeVersion } from '../kserve-version';
import { ServingRuntimeOptions } from './runtime-definition';
import { ServingRuntimeBase } from './serving-runtime-base';
import { emit } from '../private/emit';
import { servingRuntime } from '../private/l1-runtime.generated';
import { referenceNamespaceErrors } from '../private/references';
import { guardMethods } from '../private/shape';
import { namespaceErrors } from '../private/validation';

/**
 * Props of a namespaced ServingRuntime.
 * @category Runtimes
 */
export interface ServingRuntimeProps extends ServingRuntimeOptions {
  /**
   * The namespace; it serves InferenceServices of this namespace only.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The KServe release whose ServingRuntime webhook rules apply (v0.18+ rejects `PYTHONPATH` in the
   * container's env, for instance).
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;
}

/**
 * A namespaced ServingRuntime (`serving.kserve.io/v1alpha1`): a model server KServe can run for
 * InferenceServices in its namespace; it takes precedence over ClusterServingRuntimes there.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(runtime)`); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * new ServingRuntime(chart, 'fraud-server', {
 *   supportedModelFormats: [{ name: 'fraud-gbm', version: '3', autoSelect: true }],
 *   protocolVersions: [ProtocolVersion.V2],
 *   container: {
 *     image: 'registry.example.com/fraud/server:3.2.1',
 *     args: ['--model-name={{.Name}}', '--model-dir=/mnt/models'],
 *     resources: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(512) } },
 *   },
 * });
 * new InferenceService(chart, 'fraud-gbm', {
 *   predictor: { model: Model.fromFormat('fraud-gbm', StorageUri.s3('fraud-models', 'gbm/3'), { formatVersion: '3' }) },
 * });
 * @category Runtimes
 */
export class ServingRuntime extends ServingRuntimeBase {
  /** The generated L1 object. */
  public readonly apiObject: ApiObject;

  /**
   * The namespace given in the props.
   * @default - the chart's namespace
   */
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, options: ServingRuntimeProps) {
    super(scope, id, options);
    options = this._definition.options as ServingRuntimeProps;
    this.namespace = options.namespace;
    this.apiObject = emit(this, 'Resource', servingRuntime.ServingRuntime, servingRuntime.toJson_ServingRuntimeProps, {
      metadata: { name: this.name, namespace: options.namespace, labels: options.labels, annotations: options.annotations },
      spec: this._definition.renderSpec(
        servingRuntime.ServingRuntimeSpecContainersResourcesLimits, servingRuntime.ServingRuntimeSpecContainersResourcesRequests),
    });
  }

  protected peerScope(): string {
    return ' in the namespace';
  }

  protected kindErrors(): string[] {
    const namespace = this.apiObject.metadata.namespace;
    // KServe merges the runtime's pod spec, volumes included, into its services' pods (MergeServingRuntimeAndInferenceServiceSpecs,
    // components/predictor.go at v0.20.0; MergePodSpec at v0.13.1), which run in its namespace (references.ts for the rule).
    const references = referenceNamespaceErrors(this, { volumeMounts: this._definition.options.container.volumeMounts }, namespace ?? 'default', 'container');
    return [...(namespace === undefined ? [] : namespaceErrors(namespace, 'namespace')), ...references];
  }

  protected peers(): ServingRuntimeBase[] {
    const namespace = this.apiObject.metadata.namespace;
    return this.otherRuntimes().filter((c): c is ServingRuntime => c instanceof ServingRuntime && c.apiObject.metadata.namespace === namespace);
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ServingRuntime);
