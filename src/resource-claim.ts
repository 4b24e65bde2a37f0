import { guardMethods } from './private/shape';
import { shown } from './private/shown';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN_NAME, MAX_DNS_LABEL } from './private/validation';

/**
 * Options of a resource claim.
 * @category Serving
 */
export interface ResourceClaimOptions {
  /**
   * Give the main container only the result of this request of the claim (`resources.claims[].request`, a
   * DNS-1123 label naming one of the claim's device requests).
   * @default - everything the claim allocates
   */
  readonly request?: string;
}

/**
 * A Dynamic Resource Allocation claim the component's pods hold and its main container uses (Kubernetes
 * `PodResourceClaim` in `resourceClaims`, plus the container's `resources.claims` entry of the same name), e.g. a
 * GPU described by a ResourceClaimTemplate: `ResourceClaim.fromTemplateName('gpu', 'single-a100')`. A template
 * gives every pod its own claim; a named ResourceClaim is shared by all the pods.
 *
 * @example
 * new InferenceService(chart, 'llama3', {
 *   deploymentMode: DeploymentMode.STANDARD,
 *   predictor: {
 *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
 *     resourceClaims: [ResourceClaim.fromTemplateName('gpu', 'single-a100')],
 *   },
 * });
 * @category Serving
 */
export class ResourceClaim {
  /**
   * An existing ResourceClaim in the service's namespace (`resourceClaimName`), shared by every pod.
   *
   * @example
   * // The pods share the claim `inference-gpus` and use only the devices of its `small` request.
   * new InferenceService(chart, 'bert', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.huggingface(StorageUri.huggingFace('google-bert/bert-base-uncased')),
   *     resourceClaims: [ResourceClaim.fromClaimName('gpu', 'inference-gpus', { request: 'small' })],
   *   },
   * });
   */
  public static fromClaimName(name: string, claimName: string, options: ResourceClaimOptions = {}): ResourceClaim {
    return new ResourceClaim(name, { resourceClaimName: claimName }, options);
  }

  /**
   * A ResourceClaimTemplate in the service's namespace (`resourceClaimTemplateName`): one claim per pod.
   *
   * @example
   * new InferenceService(chart, 'flowers', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.tensorflow(StorageUri.gcs('kfserving-examples', 'models/tensorflow/flowers'), { runtimeVersion: '2.6.2-gpu' }),
   *     resourceClaims: [ResourceClaim.fromTemplateName('gpu', 'single-a100')],
   *   },
   * });
   */
  public static fromTemplateName(name: string, templateName: string, options: ResourceClaimOptions = {}): ResourceClaim {
    return new ResourceClaim(name, { resourceClaimTemplateName: templateName }, options);
  }

  private constructor(
    /** The claim's name inside the pod, which the container refers to (a DNS-1123 label). */
    public readonly name: string,
    private readonly source: { readonly resourceClaimName?: string; readonly resourceClaimTemplateName?: string },
    private readonly options: ResourceClaimOptions,
  ) {}

  /**
   * The pod's entry (`resourceClaims[]`).
   * @internal
   */
  public _renderPod() {
    return { name: this.name, ...this.source };
  }

  /**
   * The main container's entry (`resources.claims[]`).
   * @internal
   */
  public _renderContainer() {
    return { name: this.name, request: this.options.request };
  }

  /**
   * Problems with this claim (Kubernetes core validation, validatePodResourceClaims, in our words), each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    const errors: string[] = [];
    const label = (value: string) => value.length <= MAX_DNS_LABEL && DNS1123_LABEL.test(value);
    if (!label(this.name)) errors.push(`${field}.name ${shown(this.name)} must be a DNS-1123 label (lower case alphanumerics and '-', at most ${MAX_DNS_LABEL})`);
    const [prop, object] = this.source.resourceClaimName !== undefined
      ? ['resourceClaimName', this.source.resourceClaimName] : ['resourceClaimTemplateName', this.source.resourceClaimTemplateName];
    if (!DNS1123_SUBDOMAIN_NAME.test(object!)) {
      errors.push(`${field}.${prop} ${shown(object)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
    }
    if (this.options.request !== undefined && !label(this.options.request)) {
      errors.push(`${field}.request ${shown(this.options.request)} must be a DNS-1123 label naming one of the claim's requests`);
    }
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ResourceClaim);
