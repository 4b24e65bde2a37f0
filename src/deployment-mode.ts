import { KServeVersion } from './kserve-version';

/** Annotation on the InferenceService that selects its deployment mode. */
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/**
 * How KServe runs an InferenceService.
 *
 * The annotation value is written per target version: v0.13 knows `Serverless` / `RawDeployment`,
 * v0.20 renamed them `Knative` / `Standard` (`pkg/constants/constants.go` at each tag). KServe
 * silently falls back to the cluster default on an unknown value, so the library always writes
 * a value the target version knows.
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
