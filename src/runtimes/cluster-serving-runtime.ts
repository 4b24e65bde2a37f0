import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KServeVersion } from '../kserve-version';
import { ServingRuntimeOptions } from './runtime-definition';
import { ServingRuntimeBase } from './serving-runtime-base';
import { clusterScoped, emit } from '../private/emit';
import { clusterServingRuntime } from '../private/l1-runtime.generated';
import { guardMethods } from '../private/shape';

/**
 * Props of a ClusterServingRuntime.
 * @category Runtimes
 */
export interface ClusterServingRuntimeProps extends ServingRuntimeOptions {
  /**
   * The KServe release whose ClusterServingRuntime webhook rules apply (v0.18+ rejects `PYTHONPATH`
   * in the container's env, for instance). Runtimes added with `KServeInstall.addRuntime` take the
   * install's version.
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;
}

/**
 * A cluster-wide ClusterServingRuntime (`serving.kserve.io/v1alpha1`): a model server KServe can run
 * for InferenceServices in any namespace.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(runtime)`); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * // A company-wide sklearn server, preferred over KServe's own (priority 1) for models that name no runtime.
 * new ClusterServingRuntime(chart, 'acme-sklearn', {
 *   supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true, priority: 2 }],
 *   protocolVersions: [ProtocolVersion.V1, ProtocolVersion.V2],
 *   container: {
 *     image: 'registry.example.com/ml/sklearn-server:1.5.2',
 *     args: ['--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080'],
 *     runAsUser: 1000,
 *   },
 * });
 * @category Runtimes
 */
export class ClusterServingRuntime extends ServingRuntimeBase {
  /** The generated L1 object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, options: ClusterServingRuntimeProps) {
    super(scope, id, options);
    options = this._definition.options;
    this.apiObject = emit(this, 'Resource', clusterServingRuntime.ClusterServingRuntime, clusterServingRuntime.toJson_ClusterServingRuntimeProps, {
      metadata: { name: this.name, labels: options.labels, annotations: options.annotations },
      spec: this._definition.renderSpec(
        clusterServingRuntime.ClusterServingRuntimeSpecContainersResourcesLimits,
        clusterServingRuntime.ClusterServingRuntimeSpecContainersResourcesRequests),
    });
    clusterScoped(this.apiObject);
  }

  protected peers(): ServingRuntimeBase[] {
    return this.otherRuntimes().filter((c): c is ClusterServingRuntime => c instanceof ClusterServingRuntime);
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ClusterServingRuntime);
