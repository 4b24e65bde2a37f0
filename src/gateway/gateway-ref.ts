import { guardMethods } from '../private/shape';

/**
 * A Gateway API `Gateway` (gateway.networking.k8s.io/v1) that routes attach to: one this app defines (the `Gateway`
 * construct) or one that already exists in the cluster (`GatewayRef.fromName`).
 * @category Gateway
 */
export interface IGateway {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * The Gateway's namespace.
   * @default - the namespace of the object that references it
   */
  readonly namespace?: string;
}

/**
 * A Gateway that exists in the cluster, outside this app.
 *
 * @example
 * // The platform team's shared Gateway: KServe attaches the service's HTTPRoute to its HTTPS listener.
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: {
 *     gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways'), sectionName: 'https' }] },
 *     route: {},
 *     scheduler: {},
 *   },
 * });
 * @category Gateway
 */
export class GatewayRef implements IGateway {
  /**
   * The Gateway named `name`, in `namespace` (the namespace of the object that references it when omitted). The name
   * is checked where the reference is used.
   *
   * @example
   * new HttpRoute(chart, 'qwen-chat', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways'), sectionName: 'https' }],
   *   rules: [{ backends: [HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)] }],
   * });
   */
  public static fromName(name: string, namespace?: string): IGateway {
    return new GatewayRef(name, namespace);
  }

  /** The Gateway's name. */
  public readonly name: string;
  /**
   * The Gateway's namespace.
   * @default - the namespace of the object that references it
   */
  public readonly namespace?: string;

  private constructor(name: string, namespace?: string) {
    this.name = name;
    this.namespace = namespace;
  }
}

guardMethods(GatewayRef);
