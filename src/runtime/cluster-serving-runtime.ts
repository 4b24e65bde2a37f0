import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServingRuntimeOptions } from './runtime-definition';
import { ServingRuntimeBase } from './serving-runtime-base';
import * as l1 from '../../imports/kserve-clusterservingruntime-serving.kserve.io';

/**
 * A cluster-wide ClusterServingRuntime (`serving.kserve.io/v1alpha1`): a model server KServe can run
 * for InferenceServices in any namespace.
 */
export class ClusterServingRuntime extends ServingRuntimeBase {
  /** The generated L1 object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, options: ServingRuntimeOptions) {
    super(scope, id, options);
    this.apiObject = new l1.ClusterServingRuntime(this, 'Resource', {
      metadata: { name: this.name, annotations: options.annotations },
      spec: this._definition.renderSpec(
        l1.ClusterServingRuntimeSpecContainersResourcesLimits, l1.ClusterServingRuntimeSpecContainersResourcesRequests),
    });
  }

  protected peers(): ServingRuntimeBase[] {
    return this.node.root.node.findAll().filter((c): c is ClusterServingRuntime => c instanceof ClusterServingRuntime && c !== this);
  }
}
