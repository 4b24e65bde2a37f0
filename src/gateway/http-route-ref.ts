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
 * @category Gateway
 */
export class HttpRouteRef implements IHttpRoute {
  /**
   * The HTTPRoute named `name`, in `namespace` (the namespace of the object that references it when omitted). The name
   * is checked where the reference is used.
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
