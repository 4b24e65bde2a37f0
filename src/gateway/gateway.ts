import { isIP } from 'net';
import { ApiObject, Lazy } from 'cdk8s';
import { ISecret } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IGateway } from './gateway-ref';
import { EmittedObject } from '../private/emitted-object';
import {
  GATEWAY_API_GROUP, GATEWAY_API_VERSION, GatewaySpecJson, hostnameErrors, hostnamesIntersect, MAX_GATEWAY_NAME, portErrors, RouteNamespacesJson,
  sectionNameErrors,
} from '../private/gateway-api';
import { writtenNamespace } from '../private/references';
import { checkProps, guardMethods, registerStandIn } from '../private/shape';
import { shown } from '../private/shown';
import {
  addValidationOnce, DNS1123_SUBDOMAIN_NAME, namespaceErrors, namespaceOf, validateAnnotations, validateLabels,
} from '../private/validation';

/**
 * The protocol a Gateway listener accepts (`ProtocolType`, gateway_types.go). Gateway API defines HTTP, HTTPS, TLS, TCP
 * and UDP; gRPC is served on HTTP or HTTPS listeners (GRPCRoutes attach to them), and implementations name their own
 * protocols with a domain prefix (`ListenerProtocol.custom('example.com/redis')`).
 *
 * @example
 * const gateway = new Gateway(chart, 'llm-gateway', {
 *   gatewayClassName: 'istio',
 *   listeners: [
 *     { name: 'http', port: 80, protocol: ListenerProtocol.HTTP },
 *     { name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: 'llm.example.com',
 *       tls: { certificates: [kplus.Secret.fromSecretName(chart, 'llm-tls', 'llm-example-com-tls')] } },
 *   ],
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: { gateway: { refs: [{ gateway, sectionName: 'https' }] }, route: {}, scheduler: {} },
 * });
 * @category Gateway
 */
export class ListenerProtocol {
  /** Plain HTTP; HTTPRoutes and GRPCRoutes attach. */
  public static readonly HTTP = new ListenerProtocol('HTTP');
  /** HTTP over TLS terminated at the Gateway (needs `tls` with a certificate); HTTPRoutes and GRPCRoutes attach. */
  public static readonly HTTPS = new ListenerProtocol('HTTPS');
  /** TLS, terminated or passed through by SNI (needs `tls` with a `mode`); TLSRoutes attach. */
  public static readonly TLS = new ListenerProtocol('TLS');
  /** Plain TCP; TCPRoutes attach. */
  public static readonly TCP = new ListenerProtocol('TCP');
  /** UDP; UDPRoutes attach. */
  public static readonly UDP = new ListenerProtocol('UDP');

  /**
   * An implementation-specific protocol, named with a domain prefix (`example.com/redis`); un-prefixed names are
   * reserved for Gateway API's own (gateway_types.go `ProtocolType`).
   *
   * @example
   * // A listener for a protocol the implementation defines, with the route kind it takes.
   * new Gateway(chart, 'cache-gateway', {
   *   gatewayClassName: 'example-gateway-class',
   *   listeners: [{
   *     name: 'redis',
   *     port: 6379,
   *     protocol: ListenerProtocol.custom('example.com/redis'),
   *     allowedRouteKinds: [RouteKind.custom('example.com', 'RedisRoute')],
   *   }],
   * });
   */
  public static custom(protocol: string): ListenerProtocol {
    return new ListenerProtocol(protocol);
  }

  private constructor(
    /** The protocol as the listener writes it. */
    public readonly value: string,
  ) {}

  /** The protocol as the listener writes it. */
  public toString(): string {
    return this.value;
  }
}

/**
 * What a TLS listener does with the connection (`TLSModeType`, gateway_types.go).
 * @category Gateway
 */
export enum TlsMode {
  /** The Gateway ends the TLS session with the listener's certificate and forwards the decrypted stream. */
  TERMINATE = 'Terminate',
  /** The Gateway forwards the encrypted stream, chosen by SNI; the backend ends the TLS session (protocol TLS only). */
  PASSTHROUGH = 'Passthrough',
}

/**
 * The TLS settings of a listener (`ListenerTLSConfig`, gateway_types.go).
 * @category Gateway
 */
export interface ListenerTls {
  /**
   * Terminate TLS at the Gateway or pass it through to the backend.
   * @default - Gateway API's default, `TlsMode.TERMINATE` (the field is left out)
   */
  readonly mode?: TlsMode;

  /**
   * The Secrets (of type `kubernetes.io/tls`, e.g. a cdk8s-plus `TlsSecret` or one cert-manager fills) holding the
   * listener's certificate and key. A Secret this app writes into another namespace is referenced with its namespace,
   * which needs a ReferenceGrant there.
   * @default - none (a Terminate listener then needs `options` its implementation reads the certificate from)
   */
  readonly certificates?: ISecret[];

  /**
   * Implementation-specific TLS settings (`options`, at most 16).
   * @default - none
   */
  readonly options?: Record<string, string>;
}

enum From {
  SAME = 'Same',
  ALL = 'All',
  SELECTOR = 'Selector',
}

/**
 * The namespaces whose routes may attach to a listener (`RouteNamespaces`, gateway_types.go).
 *
 * @example
 * // An internal listener for the Gateway's own namespace, a public one for every namespace.
 * const gateway = new Gateway(chart, 'inference-gateway', {
 *   namespace: 'gateways',
 *   gatewayClassName: 'istio',
 *   listeners: [
 *     { name: 'internal', port: 8080, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.same() },
 *     { name: 'public', port: 80, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.all() },
 *   ],
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: { gateway: { refs: [{ gateway, sectionName: 'public' }] }, route: {}, scheduler: {} },
 * });
 * @category Gateway
 */
export class RouteNamespaces {
  /**
   * Routes in the Gateway's own namespace (Gateway API's default).
   *
   * @example
   * const gateway = new Gateway(chart, 'team-gateway', {
   *   gatewayClassName: 'istio',
   *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.same() }],
   * });
   * // The service is in the Gateway's namespace (the chart's), so KServe's route may attach.
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: { gateway: { refs: [{ gateway }] }, route: {}, scheduler: {} },
   * });
   */
  public static same(): RouteNamespaces {
    return new RouteNamespaces(From.SAME);
  }

  /**
   * Routes in every namespace.
   *
   * @example
   * const gateway = new Gateway(chart, 'inference-gateway', {
   *   namespace: 'gateways',
   *   gatewayClassName: 'istio',
   *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.all() }],
   * });
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: { gateway: { refs: [{ gateway }] }, route: {}, scheduler: {} },
   * });
   */
  public static all(): RouteNamespaces {
    return new RouteNamespaces(From.ALL);
  }

  /**
   * Routes in the namespaces that carry all these labels (e.g. `{ 'kubernetes.io/metadata.name': 'llm' }`).
   *
   * @example
   * // Routes of the namespaces labelled for LLM serving (the service's namespace needs the label too).
   * const gateway = new Gateway(chart, 'inference-gateway', {
   *   namespace: 'gateways',
   *   gatewayClassName: 'istio',
   *   listeners: [{
   *     name: 'http', port: 80, protocol: ListenerProtocol.HTTP,
   *     allowedRoutes: RouteNamespaces.selector({ 'example.com/llm-serving': 'enabled' }),
   *   }],
   * });
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: { gateway: { refs: [{ gateway }] }, route: {}, scheduler: {} },
   * });
   */
  public static selector(matchLabels: Record<string, string>): RouteNamespaces {
    return new RouteNamespaces(From.SELECTOR, matchLabels);
  }

  private constructor(
    private readonly from: From,
    private readonly matchLabels?: Record<string, string>,
  ) {}

  /**
   * `allowedRoutes.namespaces` as the listener writes it.
   * @internal
   */
  public _render(): RouteNamespacesJson {
    return { from: this.from, selector: this.matchLabels && { matchLabels: this.matchLabels } };
  }

  /**
   * Whether a route in `routeNamespace` may attach to a listener of a Gateway in `gatewayNamespace`; undefined when the
   * app cannot tell (a label selector: the labels of the cluster's namespaces decide).
   * @internal
   */
  public _allows(routeNamespace: string, gatewayNamespace: string): boolean | undefined {
    if (this.from === From.ALL) return true;
    if (this.from === From.SAME) return routeNamespace === gatewayNamespace;
    return undefined;
  }

  /**
   * Problems with the selector, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    if (this.from !== From.SELECTOR) return [];
    // Kubernetes core validation of a label selector's matchLabels; an empty selector selects every namespace, which
    // RouteNamespaces.all() says plainly (our own rule).
    const labels = this.matchLabels ?? {};
    if (Object.keys(labels).length === 0) {
      return [`${field}: RouteNamespaces.selector needs at least one label (use RouteNamespaces.all() for every namespace)`];
    }
    return validateLabels(labels, `${field}.selector.matchLabels`);
  }

  /** How messages name the choice. */
  public toString(): string {
    if (this.from === From.SELECTOR) return `the namespaces labelled ${shown(this.matchLabels)}`;
    return this.from === From.ALL ? 'every namespace' : "the Gateway's namespace only";
  }
}

/** `Kind` (shared_types.go). */
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/**
 * A kind of route a listener takes (`RouteGroupKind`, gateway_types.go).
 *
 * @example
 * // A listener for HTTPRoutes only (GRPCRoutes may not attach).
 * const gateway = new Gateway(chart, 'llm-gateway', {
 *   gatewayClassName: 'istio',
 *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, allowedRouteKinds: [RouteKind.HTTP_ROUTE] }],
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: { gateway: { refs: [{ gateway }] }, route: {}, scheduler: {} },
 * });
 * @category Gateway
 */
export class RouteKind {
  /** HTTPRoute. */
  public static readonly HTTP_ROUTE = new RouteKind('HTTPRoute');
  /** GRPCRoute. */
  public static readonly GRPC_ROUTE = new RouteKind('GRPCRoute');
  /** TLSRoute. */
  public static readonly TLS_ROUTE = new RouteKind('TLSRoute');
  /** TCPRoute (Gateway API's experimental channel). */
  public static readonly TCP_ROUTE = new RouteKind('TCPRoute');
  /** UDPRoute (Gateway API's experimental channel). */
  public static readonly UDP_ROUTE = new RouteKind('UDPRoute');

  /**
   * A route kind of another API group (an implementation's own).
   *
   * @example
   * new Gateway(chart, 'cache-gateway', {
   *   gatewayClassName: 'example-gateway-class',
   *   listeners: [{
   *     name: 'redis',
   *     port: 6379,
   *     protocol: ListenerProtocol.custom('example.com/redis'),
   *     allowedRouteKinds: [RouteKind.custom('example.com', 'RedisRoute')],
   *   }],
   * });
   */
  public static custom(group: string, kind: string): RouteKind {
    return new RouteKind(kind, group);
  }

  private constructor(
    /** The kind. */
    public readonly kind: string,
    /**
     * The API group.
     * @default - Gateway API's own, `gateway.networking.k8s.io` (the field is left out)
     */
    public readonly group?: string,
  ) {}

  /**
   * Whether this is the HTTPRoute kind of Gateway API.
   * @internal
   */
  public get _isHttpRoute(): boolean {
    return this.kind === 'HTTPRoute' && (this.group === undefined || this.group === GATEWAY_API_GROUP);
  }

  /**
   * Problems with the kind, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    const errors: string[] = [];
    // The CRD: kind is a Kind (1 to 63 characters), group a Group (empty for the core group, else a DNS-1123 subdomain
    // of at most 253 characters), shared_types.go.
    if (this.kind.length > 63 || !KIND.test(this.kind)) errors.push(`${field}.kind ${shown(this.kind)} must be a kind name such as 'HTTPRoute' (at most 63 characters)`);
    if (this.group !== undefined && this.group !== '' && !DNS1123_SUBDOMAIN_NAME.test(this.group)) {
      errors.push(`${field}.group ${shown(this.group)} must be an API group such as 'example.com' (a DNS subdomain)`);
    }
    return errors;
  }
}

/**
 * One listener of a Gateway (`Listener`, gateway_types.go).
 * @category Gateway
 */
export interface Listener {
  /** The listener name, unique in the Gateway; routes attach to it by this name (`sectionName`). */
  readonly name: string;

  /** The port, 1 to 65535. */
  readonly port: number;

  /** The protocol. */
  readonly protocol: ListenerProtocol;

  /**
   * The host name the listener serves (`llm.example.com`, or a wildcard `*.example.com`); not for TCP and UDP.
   * @default - every host name
   */
  readonly hostname?: string;

  /**
   * TLS settings: required for HTTPS and TLS, not allowed for HTTP, TCP and UDP.
   * @default - none
   */
  readonly tls?: ListenerTls;

  /**
   * The namespaces whose routes may attach.
   * @default - Gateway API's default, the Gateway's own namespace (the field is left out)
   */
  readonly allowedRoutes?: RouteNamespaces;

  /**
   * The kinds of routes that may attach (at most 8).
   * @default - the kinds the protocol takes (HTTPRoute and GRPCRoute on HTTP and HTTPS, TLSRoute on TLS...)
   */
  readonly allowedRouteKinds?: RouteKind[];
}

enum AddressType {
  IP_ADDRESS = 'IPAddress',
  HOSTNAME = 'Hostname',
}

/**
 * An address requested for a Gateway (`GatewaySpecAddress`, gateway_types.go).
 *
 * @example
 * // An internal load balancer on a reserved address.
 * new Gateway(chart, 'llm-gateway', {
 *   gatewayClassName: 'istio',
 *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
 *   addresses: [GatewayAddress.ipAddress('10.20.0.15')],
 *   infrastructureAnnotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
 * });
 * @category Gateway
 */
export class GatewayAddress {
  /**
   * An IPv4 or IPv6 address (`type: IPAddress`).
   *
   * @example
   * const gateway = new Gateway(chart, 'llm-gateway', {
   *   gatewayClassName: 'istio',
   *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
   *   addresses: [GatewayAddress.ipAddress('10.20.0.15')],
   * });
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: { gateway: { refs: [{ gateway }] }, route: {}, scheduler: {} },
   * });
   */
  public static ipAddress(address: string): GatewayAddress {
    return new GatewayAddress(AddressType.IP_ADDRESS, address);
  }

  /**
   * A DNS name (`type: Hostname`).
   *
   * @example
   * new Gateway(chart, 'llm-gateway', {
   *   gatewayClassName: 'istio',
   *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
   *   addresses: [GatewayAddress.hostname('llm-gateway.internal.example.com')],
   * });
   */
  public static hostname(hostname: string): GatewayAddress {
    return new GatewayAddress(AddressType.HOSTNAME, hostname);
  }

  /**
   * Another address type and its value (leave it out to let the implementation pick one of that type): Gateway API's
   * `NamedAddress` (an address the implementation knows by name, such as a reserved static IP) or an
   * implementation-specific type named with a domain prefix (`example.com/pool`).
   *
   * @example
   * // An address of the implementation's own type; without a value the implementation picks one from the pool.
   * new Gateway(chart, 'llm-gateway', {
   *   gatewayClassName: 'example-gateway-class',
   *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
   *   addresses: [GatewayAddress.custom('example.com/address-pool', 'internal')],
   * });
   */
  public static custom(type: string, value?: string): GatewayAddress {
    return new GatewayAddress(type, value);
  }

  private constructor(
    /** The address type. */
    public readonly type: string,
    /**
     * The address.
     * @default - the implementation chooses one of the type
     */
    public readonly value?: string,
  ) {}

  /**
   * Problems with the address, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    // The CRD: IPAddress values must be IPv4 or IPv6 (oneOf with format ipv4/ipv6); Hostname values match the
    // pattern of its x-kubernetes-validations rule (which allows a wildcard); other types match AddressType's pattern
    // (shared_types.go): the core `NamedAddress` or a domain-prefixed name; values are at most 253 characters.
    if (this.type === AddressType.IP_ADDRESS) {
      return isIP(String(this.value)) ? [] : [`${field}: ${shown(this.value)} is not an IPv4 or IPv6 address`];
    }
    if (this.type === AddressType.HOSTNAME) return hostnameErrors(this.value!, `${field}.value`);
    const errors: string[] = [];
    const domainPrefixed = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;
    if (this.type !== 'NamedAddress' && (!domainPrefixed.test(this.type) || this.type.length > 253)) {
      errors.push(`${field}.type ${shown(this.type)} must be 'NamedAddress' or a domain-prefixed name such as 'example.com/pool' (at most 253 characters); `
        + 'use GatewayAddress.ipAddress() or .hostname() for the built-in types');
    }
    if (this.value !== undefined && this.value.length > 253) errors.push(`${field}.value is ${this.value.length} characters long; at most 253`);
    return errors;
  }
}

/**
 * Props of a Gateway.
 * @category Gateway
 */
export interface GatewayProps {
  /** The GatewayClass that implements the Gateway (e.g. `istio`, `eg` for Envoy Gateway, `kgateway`). */
  readonly gatewayClassName: string;

  /** The listeners (1 to 64); more can be added with `addListener`. */
  readonly listeners: Listener[];

  /**
   * The Gateway name.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Addresses requested for the Gateway (at most 16).
   * @default - the implementation assigns them
   */
  readonly addresses?: GatewayAddress[];

  /**
   * Labels the implementation puts on the resources it creates for the Gateway (Service, Deployment...; at most 8).
   * @default - none
   */
  readonly infrastructureLabels?: Record<string, string>;

  /**
   * Annotations the implementation puts on the resources it creates for the Gateway (e.g. a cloud load balancer's
   * settings; at most 8).
   * @default - none
   */
  readonly infrastructureAnnotations?: Record<string, string>;
}

/** The protocols HTTPRoutes attach to when a listener does not list route kinds (gateway_types.go `AllowedRoutes.Kinds`). */
const HTTP_ROUTE_PROTOCOLS = new Set(['HTTP', 'HTTPS']);

/** Protocols matched by host name (`Listener.Hostname`); TCP and UDP are not. */
const PORT_ONLY_PROTOCOLS = new Set(['TCP', 'UDP']);

/**
 * A Gateway API `Gateway` (gateway.networking.k8s.io/v1): the listeners (ports, protocols, host names, TLS) through which
 * a GatewayClass's implementation (Istio, Envoy Gateway, kgateway...) takes traffic in, and from which namespaces routes
 * may attach. KServe's LLMInferenceService router and `HttpRoute`s reference it by object.
 *
 * Checks mirror the v1.5.1 CRD (its schema and x-kubernetes-validations rules, generated from gateway_types.go) and the
 * rules its documentation states that the CRD leaves to implementations; all of them are reported at synth.
 *
 * Escape hatch: `apiObject`; JSON patches apply last.
 *
 * @example
 * const gateway = new Gateway(chart, 'llm-gateway', {
 *   gatewayClassName: 'istio',
 *   listeners: [{
 *     name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: 'llm.example.com',
 *     tls: { certificates: [kplus.Secret.fromSecretName(chart, 'llm-tls', 'llm-example-com-tls')] },
 *   }],
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: { gateway: { refs: [{ gateway, sectionName: 'https' }] }, route: {}, scheduler: {} },
 * });
 * @category Gateway
 */
export class Gateway extends Construct implements IGateway {
  /** The Gateway name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The GatewayClass. */
  public readonly gatewayClassName: string;
  /** The Gateway object. */
  public readonly apiObject: ApiObject;

  private readonly props: GatewayProps;
  private readonly _listeners: Listener[];

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    props = checkProps(this, 'Gateway', props);
    this.props = props;
    this.name = props.name ?? id;
    this.namespace = namespaceOf(this, props.namespace);
    this.gatewayClassName = props.gatewayClassName;
    this._listeners = [...(props.listeners ?? [])];
    this.apiObject = new EmittedObject(this, 'Resource', {
      apiVersion: GATEWAY_API_VERSION,
      kind: 'Gateway',
      metadata: { name: this.name, namespace: props.namespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    addValidationOnce(this, () => this.validate());
  }

  /** The listeners, in order. */
  public get listeners(): Listener[] {
    return [...this._listeners];
  }

  /** Adds a listener. */
  public addListener(listener: Listener): void {
    this._listeners.push(listener);
  }

  /**
   * Why an HTTPRoute in `routeNamespace` with `hostnames` cannot attach through a parentRef with `sectionName` and `port`
   * (either may be undefined), each error starting with `field`; empty when it can (or when the app cannot tell). Rules of
   * route attachment (shared_types.go `ParentReference`, gateway_types.go `AllowedRoutes`, httproute_types.go
   * `HTTPRouteSpec.Hostnames`): the listener named `sectionName` and/or listening on `port` must exist, accept
   * HTTPRoutes (protocol HTTP or HTTPS, and HTTPRoute among its route kinds when it lists them), allow the route's
   * namespace and share a host name with the route.
   * @internal
   */
  public _attachmentErrors(field: string, routeNamespace: string, sectionName?: string, port?: number, hostnames: string[] = []): string[] {
    const where = `Gateway '${this.namespace}/${this.name}'`;
    const selected = this._listeners.filter(l => (sectionName === undefined || l.name === sectionName) && (port === undefined || l.port === port));
    if (selected.length === 0) {
      const wanted = [sectionName !== undefined ? `named ${shown(sectionName)}` : '', port !== undefined ? `on port ${port}` : ''].filter(w => w).join(' ');
      const have = this._listeners.map(l => `'${l.name}' (port ${l.port})`).join(', ');
      return [`${field}: ${where} has no listener ${wanted}; its listeners are ${have || 'none'}`];
    }
    const reasons: string[] = [];
    const accepting = selected.filter(l => {
      const protocol = l.protocol.value;
      // An implementation-specific protocol may take HTTPRoutes: only Gateway API's own are judged.
      if (!HTTP_ROUTE_PROTOCOLS.has(protocol) && !protocol.includes('/')) {
        reasons.push(`listener '${l.name}' is ${protocol}, and HTTPRoutes attach to HTTP and HTTPS listeners`);
        return false;
      }
      const kinds = l.allowedRouteKinds ?? [];
      if (kinds.length > 0 && !kinds.some(k => k._isHttpRoute)) {
        reasons.push(`listener '${l.name}' takes only ${kinds.map(k => k.kind).join(', ')} routes`);
        return false;
      }
      const namespaces = l.allowedRoutes ?? RouteNamespaces.same();
      if (namespaces._allows(routeNamespace, this.namespace) === false) {
        reasons.push(`listener '${l.name}' allows routes from ${namespaces}, not from '${routeNamespace}'`);
        return false;
      }
      if (l.hostname !== undefined && hostnames.length > 0 && !hostnames.some(h => hostnamesIntersect(h, l.hostname!))) {
        reasons.push(`listener '${l.name}' serves '${l.hostname}', which none of the route's hostnames ${shown(hostnames)} matches`);
        return false;
      }
      return true;
    });
    return accepting.length > 0 ? [] : [`${field}: the route cannot attach to ${where}: ${reasons.join('; ')}`];
  }

  private renderSpec(): GatewaySpecJson {
    const p = this.props;
    const infrastructure = p.infrastructureLabels !== undefined || p.infrastructureAnnotations !== undefined
      ? { labels: p.infrastructureLabels, annotations: p.infrastructureAnnotations } : undefined;
    return {
      gatewayClassName: p.gatewayClassName,
      listeners: this._listeners.map(l => ({
        name: l.name,
        port: l.port,
        protocol: l.protocol.value,
        hostname: l.hostname,
        tls: l.tls && {
          mode: l.tls.mode,
          certificateRefs: l.tls.certificates?.map(secret => this.secretReference(secret)),
          options: l.tls.options,
        },
        allowedRoutes: l.allowedRoutes !== undefined || l.allowedRouteKinds !== undefined
          ? { namespaces: l.allowedRoutes?._render(), kinds: l.allowedRouteKinds?.map(k => ({ group: k.group, kind: k.kind })) } : undefined,
      })),
      addresses: p.addresses?.map(a => ({ type: a.type, value: a.value })),
      infrastructure,
    };
  }

  /** A certificate Secret by name, with its namespace when the app writes it into another one. */
  private secretReference(secret: ISecret) {
    const namespace = writtenNamespace(secret);
    return { name: secret.name, namespace: namespace !== undefined && namespace !== this.namespace ? namespace : undefined };
  }

  private validate(): string[] {
    const errors: string[] = [];
    const p = this.props;
    // Kubernetes core validation: object names are DNS-1123 subdomains.
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) {
      errors.push(`metadata.name ${shown(this.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`);
    }
    errors.push(...namespaceErrors(this.namespace, 'metadata.namespace'));
    // The CRD: gatewayClassName is an ObjectName of 1 to 253 characters.
    if (p.gatewayClassName.length === 0 || p.gatewayClassName.length > MAX_GATEWAY_NAME) {
      errors.push(`spec.gatewayClassName ${shown(p.gatewayClassName)} must be 1 to ${MAX_GATEWAY_NAME} characters long`);
    }
    // The CRD: 1 to 64 listeners.
    if (this._listeners.length === 0 || this._listeners.length > 64) {
      errors.push(`spec.listeners: a Gateway has 1 to 64 listeners (got ${this._listeners.length})`);
    }
    this._listeners.forEach((l, i) => errors.push(...this.validateListener(l, `spec.listeners[${i}]`)));
    errors.push(...this.listenerSetErrors());
    errors.push(...this.addressErrors());
    // The CRD: at most 8 infrastructure labels and annotations, label values as Kubernetes labels, annotation values at
    // most 4096 characters; keys as Kubernetes label keys (its x-kubernetes-validations rules).
    for (const [key, map] of [['labels', p.infrastructureLabels], ['annotations', p.infrastructureAnnotations]] as const) {
      if (map === undefined) continue;
      const field = `spec.infrastructure.${key}`;
      if (Object.keys(map).length > 8) errors.push(`${field}: at most 8 entries (got ${Object.keys(map).length})`);
      if (key === 'labels') {
        errors.push(...validateLabels(map, field));
      } else {
        errors.push(...validateAnnotations(map, field));
        for (const [k, v] of Object.entries(map)) if (v.length > 4096) errors.push(`${field}['${k}'] is ${v.length} characters long; at most 4096`);
      }
    }
    return errors;
  }

  private validateListener(l: Listener, field: string): string[] {
    const errors: string[] = [];
    const at = `${field} ('${l.name}')`;
    errors.push(...sectionNameErrors(l.name, `${field}.name`));
    errors.push(...portErrors(l.port, `${at}.port`));
    const protocol = l.protocol.value;
    // ProtocolType's pattern (gateway_types.go): a core name, or a domain-prefixed implementation-specific one.
    if (protocol.length > 255
      || !/^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$/.test(protocol)) {
      errors.push(`${at}.protocol ${shown(protocol)} must be HTTP, HTTPS, TLS, TCP, UDP or a domain-prefixed name such as 'example.com/redis'`);
    } else if (!protocol.includes('/') && !['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'].includes(protocol)) {
      // Un-prefixed names are reserved for Gateway API's own protocols (gateway_types.go ProtocolType); an implementation
      // reports any other as UnsupportedProtocol. gRPC runs over HTTP/HTTPS listeners.
      errors.push(`${at}.protocol ${shown(protocol)} is not a Gateway API protocol: use HTTP, HTTPS, TLS, TCP or UDP (gRPC is served on HTTP `
        + "or HTTPS listeners), or a domain-prefixed implementation-specific name such as 'example.com/redis'");
    }
    if (l.hostname !== undefined) {
      errors.push(...hostnameErrors(l.hostname, `${at}.hostname`));
      // The CRD (x-kubernetes-validations on spec.listeners): "hostname must not be specified for protocols ['TCP', 'UDP']".
      if (PORT_ONLY_PROTOCOLS.has(protocol)) errors.push(`${at}.hostname: ${protocol} listeners match by port only; leave 'hostname' out`);
    }
    errors.push(...this.tlsErrors(l, at));
    // The CRD: at most 8 route kinds.
    const kinds = l.allowedRouteKinds ?? [];
    if (kinds.length > 8) errors.push(`${at}.allowedRouteKinds: at most 8 (got ${kinds.length})`);
    kinds.forEach((k, i) => errors.push(...k._validate(`${at}.allowedRouteKinds[${i}]`)));
    if (l.allowedRoutes !== undefined) {
      errors.push(...l.allowedRoutes._validate(`${at}.allowedRoutes.namespaces`));
    }
    return errors;
  }

  private tlsErrors(l: Listener, at: string): string[] {
    const protocol = l.protocol.value;
    const tls = l.tls;
    // The CRD (x-kubernetes-validations on spec.listeners): no tls for HTTP, TCP and UDP; HTTPS only in Terminate mode;
    // TLS needs a mode. Listener.TLS's documentation (gateway_types.go) also requires tls for HTTPS, which the CRD leaves
    // to implementations (the listener is then not programmed).
    if (['HTTP', 'TCP', 'UDP'].includes(protocol)) {
      return tls !== undefined ? [`${at}.tls: ${protocol} listeners carry no TLS settings; use ListenerProtocol.HTTPS or TLS, or leave 'tls' out`] : [];
    }
    if (protocol === 'HTTPS' && tls === undefined) return [`${at}.tls is required for HTTPS listeners: give the certificate Secret in 'certificates'`];
    if (protocol === 'TLS' && tls?.mode === undefined) {
      return [`${at}.tls.mode is required for TLS listeners: TlsMode.TERMINATE (with 'certificates') or TlsMode.PASSTHROUGH`];
    }
    if (tls === undefined) return [];
    const errors: string[] = [];
    if (protocol === 'HTTPS' && tls.mode === TlsMode.PASSTHROUGH) {
      errors.push(`${at}.tls.mode: HTTPS listeners terminate TLS; use ListenerProtocol.TLS for passthrough`);
    }
    const certificates = tls.certificates ?? [];
    const options = tls.options ?? {};
    // The CRD (x-kubernetes-validations on tls): "certificateRefs or options must be specified when mode is Terminate"
    // (Terminate is the default); at most 64 certificates and 16 options of at most 4096 characters.
    if ((tls.mode ?? TlsMode.TERMINATE) === TlsMode.TERMINATE && certificates.length === 0 && Object.keys(options).length === 0) {
      errors.push(`${at}.tls: a listener that terminates TLS needs 'certificates' (or implementation-specific 'options' naming them)`);
    }
    if (certificates.length > 64) errors.push(`${at}.tls.certificates: at most 64 (got ${certificates.length})`);
    if (Object.keys(options).length > 16) errors.push(`${at}.tls.options: at most 16 entries (got ${Object.keys(options).length})`);
    for (const [key, value] of Object.entries(options)) {
      if (value.length > 4096) errors.push(`${at}.tls.options['${key}'] is ${value.length} characters long; at most 4096`);
    }
    return errors;
  }

  /** Rules across the listeners. */
  private listenerSetErrors(): string[] {
    const errors: string[] = [];
    const listeners = this._listeners;
    // The CRD (x-kubernetes-validations on spec.listeners): "Listener name must be unique within the Gateway" and
    // "Combination of port, protocol and hostname must be unique for each listener".
    const names = new Map<string, number>();
    const combinations = new Map<string, number>();
    listeners.forEach((l, i) => {
      if (names.has(l.name)) errors.push(`spec.listeners[${i}]: listener name '${l.name}' is already used by spec.listeners[${names.get(l.name)}]`);
      else names.set(l.name, i);
      const key = `${l.port} ${l.protocol.value} ${l.hostname ?? ''}`;
      const other = combinations.get(key);
      if (other !== undefined) {
        errors.push(`spec.listeners[${i}] ('${l.name}') has the port, protocol and hostname of spec.listeners[${other}] `
          + `('${listeners[other].name}'): ${l.protocol.value} on port ${l.port}${l.hostname ? ` for '${l.hostname}'` : ''}; change one of them`);
      } else {
        combinations.set(key, i);
      }
    });
    listeners.forEach((l, i) => {
      listeners.forEach((m, j) => {
        if (j <= i || l.port !== m.port) return;
        const [a, b] = [l.protocol.value, m.protocol.value];
        // The Listeners documentation (gateway_types.go GatewaySpec.Listeners, "Distinct Listeners"): HTTP, HTTPS or TLS
        // listeners sharing a port with a TCP listener are not distinct and MUST NOT be accepted.
        if ((a === 'TCP') !== (b === 'TCP') && [a, b].some(x => ['HTTP', 'HTTPS', 'TLS'].includes(x))) {
          errors.push(`spec.listeners[${j}] ('${m.name}', ${b}) and spec.listeners[${i}] ('${l.name}', ${a}) share port ${l.port}; a TCP listener `
            + 'cannot share its port with HTTP, HTTPS or TLS listeners (Gateway API rejects all of them as conflicted): use another port');
        }
        // Our own safety rule, a listener hostname clash: an HTTPS and a TLS listener on one port with the same hostname
        // (or both without one) are both chosen by the TLS handshake's SNI, so one connection matches both.
        if ([a, b].sort().join() === 'HTTPS,TLS' && (l.hostname ?? '') === (m.hostname ?? '')) {
          errors.push(`spec.listeners[${j}] ('${m.name}') and spec.listeners[${i}] ('${l.name}') clash: an HTTPS and a TLS listener on port `
            + `${l.port} for ${l.hostname ? `'${l.hostname}'` : 'every hostname'} are both selected by the TLS server name; give them different `
            + 'hostnames or ports');
        }
      });
    });
    return errors;
  }

  private addressErrors(): string[] {
    const addresses = this.props.addresses ?? [];
    const errors: string[] = [];
    // The CRD: at most 16 addresses; IPAddress and Hostname values unique (x-kubernetes-validations on spec.addresses).
    if (addresses.length > 16) errors.push(`spec.addresses: at most 16 (got ${addresses.length})`);
    const seen = new Map<string, number>();
    addresses.forEach((a, i) => {
      errors.push(...a._validate(`spec.addresses[${i}]`));
      if ((a.type === AddressType.IP_ADDRESS || a.type === AddressType.HOSTNAME) && a.value !== undefined) {
        const key = `${a.type} ${a.value}`;
        if (seen.has(key)) errors.push(`spec.addresses[${i}]: ${a.type} '${a.value}' is already requested by spec.addresses[${seen.get(key)}]`);
        else seen.set(key, i);
      }
    });
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ListenerProtocol, RouteNamespaces, RouteKind, GatewayAddress, Gateway);
registerStandIn('ListenerProtocol', () => ListenerProtocol.HTTP);
