import { guardMethods } from '../private/shape';

/**
 * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1): one this app defines or one that already exists in the
 * cluster (`HttpRouteRef.fromName`).
 * @category Gateway
 */
export interface IHttpRoute {
  /** The HTTPRoute's name. */
  readonly name: string;
  /**
   * The HTTPRoute's namespace.
   * @default - the namespace of the object that references it
   */
  readonly namespace?: string;
}

/**
 * An HTTPRoute that exists in the cluster, outside this app.
 *
 * @example
 * // An HTTPRoute the platform team manages in the service's namespace: KServe creates none and reports its address.
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: {
 *     gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }] },
 *     route: { http: { refs: [HttpRouteRef.fromName('qwen-chat')] } },
 *     scheduler: {},
 *   },
 * });
 * @category Gateway
 */
export class HttpRouteRef implements IHttpRoute {
  /**
   * The HTTPRoute named `name`, in `namespace` (the namespace of the object that references it when omitted). The name
   * is checked where the reference is used.
   *
   * @example
   * // The route must be in the service's namespace (here the chart's, 'ml').
   * const chatRoute = HttpRouteRef.fromName('granite-chat', 'ml');
   * new LLMInferenceService(chart, 'granite', {
   *   model: { uri: StorageUri.huggingFace('ibm-granite/granite-3.3-8b-instruct') },
   *   router: {
   *     gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }] },
   *     route: { http: { refs: [chatRoute] } },
   *   },
   * });
   */
  public static fromName(name: string, namespace?: string): IHttpRoute {
    return new HttpRouteRef(name, namespace);
  }

  /** The HTTPRoute's name. */
  public readonly name: string;
  /**
   * The HTTPRoute's namespace.
   * @default - the namespace of the object that references it
   */
  public readonly namespace?: string;

  private constructor(name: string, namespace?: string) {
    this.name = name;
    this.namespace = namespace;
  }
}

guardMethods(HttpRouteRef);
