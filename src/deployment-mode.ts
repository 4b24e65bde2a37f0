import { KServeVersion } from './kserve-version';
import { guardMethods, registerStandIn } from './private/shape';

/**
 * Annotation on the InferenceService that selects its deployment mode.
 * @category Platform
 */
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/**
 * How KServe runs an InferenceService.
 *
 * The annotation value is written per target version: v0.13 knows `Serverless` / `RawDeployment`,
 * v0.20 renamed them `Knative` / `Standard` (`pkg/constants/constants.go` at each tag). KServe
 * silently falls back to the cluster default on an unknown value, so the library always writes
 * a value the target version knows.
 *
 * Target the release the cluster runs. A v0.13 cluster does not know the v0.20 names and silently
 * runs such a service in its default mode (`GetDeploymentMode`, v0.13.1
 * `pkg/controller/v1beta1/inferenceservice/utils/utils.go`). The v0.13 names do work on v0.20, whose
 * defaulting webhook rewrites them (v0.20.0 `pkg/apis/serving/v1beta1/inference_service_defaults.go`),
 * but the library writes the new names for v0.20: v0.20 marks the old ones deprecated, and the
 * rewrite would make the live annotation differ from the manifest (a permanent GitOps diff).
 *
 * The mode cannot change on v0.20: an update whose mode differs from `status.deploymentMode` is
 * rejected (`validateDeploymentMode`, v0.20.0 `inference_service_validation.go`). Synth cannot see
 * the cluster, so switching modes means deleting and recreating the service (or a new service under
 * another name).
 *
 * @example
 * new InferenceService(chart, 'sklearn-iris', {
 *   // Plain Deployments, no Knative: the cluster runs KServe without Knative Serving.
 *   deploymentMode: DeploymentMode.STANDARD,
 *   predictor: {
 *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
 *     autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 2, maxReplicas: 6 }),
 *   },
 * });
 * @category Platform
 */
export class DeploymentMode {
  /**
   * Knative Serving (v0.13: `Serverless`; v0.20: `Knative`): revisions, scale to zero,
   * `canaryTrafficPercent` traffic splitting, queue-proxy metrics.
   */
  public static readonly KNATIVE = new DeploymentMode('Knative', true);

  /**
   * Plain Deployment + Service + HPA (v0.13: `RawDeployment`; v0.20: `Standard`):
   * no Knative needed, no scale to zero.
   */
  public static readonly STANDARD = new DeploymentMode('Standard', false);

  private constructor(
    /** The mode's name in KServe v0.20 and later. */
    public readonly name: string,
    /** Whether the mode runs on Knative Serving. */
    public readonly isKnative: boolean,
  ) {}

  /** The value of the `serving.kserve.io/deploymentMode` annotation for the given version. */
  public annotationValue(version: KServeVersion): string {
    return version._facts.deploymentModeNames[this.name as 'Knative' | 'Standard'];
  }

  /** The mode's name. */
  public toString(): string {
    return this.name;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(DeploymentMode);
registerStandIn('DeploymentMode', () => DeploymentMode.KNATIVE);
