import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Gateway } from './gateway';
import { IHttpRoute } from './http-route-ref';
import { HttpRouteParent, HttpRouteRule } from './http-route-rule';
import { EmittedObject } from '../private/emitted-object';
import { GATEWAY_API_VERSION, HttpRouteSpecJson, ParentReferenceJson } from '../private/gateway-api';
import { renderRouteRules, routeHostnameErrors, routeParentErrors, routeRulesErrors } from '../private/http-route-spec';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME, namespaceErrors, namespaceOf } from '../private/validation';

/**
 * Props of an HttpRoute.
 * @category Gateway
 */
export interface HttpRouteProps {
  /** The Gateways (and their listeners) the route attaches to (1 to 32). */
  readonly parents: HttpRouteParent[];

  /** The rules (1 to 16); more can be added with `addRule`. */
  readonly rules: HttpRouteRule[];

  /**
   * The request host names the route serves (at most 16; `*.example.com` wildcards allowed).
   * @default - every host name the listeners serve
   */
  readonly hostnames?: string[];

  /**
   * The route name.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1): attaches to Gateways (by object) and sends matching
 * requests to Services or InferencePools. KServe's LLMInferenceService router can reference it by object.
 *
 * Checks mirror the v1.5.1 CRD (its schema and x-kubernetes-validations rules, generated from httproute_types.go and
 * shared_types.go) and its documented rules; a parent that is a `Gateway` of this app is checked against it: the
 * listener named or on the port exists, takes HTTPRoutes, allows the route's namespace and shares a host name.
 *
 * Escape hatch: `apiObject`; JSON patches apply last.
 *
 * @example
 * const gateway = new Gateway(chart, 'llm-gateway', {
 *   gatewayClassName: 'istio',
 *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'llm.example.com' }],
 * });
 * const route = new HttpRoute(chart, 'qwen-chat', {
 *   parents: [{ gateway, sectionName: 'http' }],
 *   hostnames: ['llm.example.com'],
 *   rules: [{
 *     matches: [{ path: HttpPathMatch.prefix('/v1') }],
 *     backends: [HttpBackend.inferencePool('qwen-inference-pool')],
 *     requestTimeout: Duration.minutes(10),
 *   }],
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: { gateway: { refs: [{ gateway, sectionName: 'http' }] }, route: { http: { refs: [route] } }, scheduler: {} },
 * });
 * @category Gateway
 */
export class HttpRoute extends Construct implements IHttpRoute {
  /** The route name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The HTTPRoute object. */
  public readonly apiObject: ApiObject;

  private readonly props: HttpRouteProps;
  private readonly rules: HttpRouteRule[];

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    props = checkProps(this, 'HttpRoute', props);
    this.props = props;
    this.name = props.name ?? id;
    this.namespace = namespaceOf(this, props.namespace);
    this.rules = [...(props.rules ?? [])];
    this.apiObject = new EmittedObject(this, 'Resource', {
      apiVersion: GATEWAY_API_VERSION,
      kind: 'HTTPRoute',
      metadata: { name: this.name, namespace: props.namespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    addValidationOnce(this, () => this.validate());
  }

  /** Adds a rule. */
  public addRule(rule: HttpRouteRule): void {
    this.rules.push(rule);
  }

  private renderSpec(): HttpRouteSpecJson {
    return {
      parentRefs: this.props.parents.map(parent => this.parentReference(parent)),
      hostnames: this.props.hostnames,
      rules: renderRouteRules(this.rules, this.namespace),
    };
  }

  /** A parentRef: a Gateway of this app with its namespace when it is another; a GatewayRef's namespace as given. */
  private parentReference(parent: HttpRouteParent): ParentReferenceJson {
    const gateway = parent.gateway;
    const namespace = gateway instanceof Gateway ? (gateway.namespace !== this.namespace ? gateway.namespace : undefined) : gateway.namespace;
    return { name: gateway.name, namespace, sectionName: parent.sectionName, port: parent.port };
  }

  private validate(): string[] {
    const errors: string[] = [];
    const p = this.props;
    // Kubernetes core validation: object names are DNS-1123 subdomains.
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) {
      errors.push(`metadata.name ${shown(this.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`);
    }
    errors.push(...namespaceErrors(this.namespace, 'metadata.namespace'));
    errors.push(...routeParentErrors(p.parents, this.namespace, p.hostnames, 'spec.parentRefs'));
    errors.push(...routeHostnameErrors(p.hostnames, 'spec.hostnames'));
    errors.push(...routeRulesErrors(this.rules, 'spec.rules'));
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(HttpRoute);
