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
 * @category Gateway
 */
export class GatewayRef implements IGateway {
  /**
   * The Gateway named `name`, in `namespace` (the namespace of the object that references it when omitted). The name
   * is checked where the reference is used.
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
