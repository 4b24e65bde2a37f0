/*
 * The value types of an HTTPRoute's spec (gateway.networking.k8s.io/v1, v1.5.1: httproute_types.go and shared_types.go
 * of kubernetes-sigs/gateway-api): parents, matches, backends and rules. Shared by the HttpRoute construct and the
 * HTTPRoute spec of an LLMInferenceService's router (KServe creates that route from it).
 */
import { App, Chart, Duration } from 'cdk8s';
import { Service } from 'cdk8s-plus-28';
import { IGateway } from './gateway-ref';
import { HttpRouteFilter } from './http-route-filter';
import { BackendReferenceJson, headerNameErrors, NameValueMatchJson, portErrors } from '../private/gateway-api';
import { writtenNamespace } from '../private/references';
import { guardMethods, registerStandIn } from '../private/shape';
import { shown } from '../private/shown';
import { DNS1123_SUBDOMAIN_NAME, describeValue, namespaceErrors } from '../private/validation';

/** The group of InferencePool (Gateway API Inference Extension v1, the version KServe v0.20.0's release installs). */
const INFERENCE_POOL_GROUP = 'inference.networking.k8s.io';

/**
 * A Gateway an HTTPRoute attaches to (`ParentReference`, shared_types.go).
 * @category Gateway
 */
export interface HttpRouteParent {
  /** The Gateway: a `Gateway` of this app (then checked against its listeners) or `GatewayRef.fromName(...)`. */
  readonly gateway: IGateway;

  /**
   * Attach to the listener of this name only.
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;

  /**
   * Attach to the listeners on this port only (with `sectionName`, the named listener must be on it).
   * @default - every port
   */
  readonly port?: number;
}

/**
 * An HTTP method to match (`HTTPMethod`, httproute_types.go).
 * @category Gateway
 */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
}

enum PathType {
  EXACT = 'Exact',
  PREFIX = 'PathPrefix',
  REGEX = 'RegularExpression',
}

/** Valid characters of an Exact or PathPrefix path (the CRD's x-kubernetes-validations on `path`, httproute_types.go). */
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/**
 * How a request path is matched (`HTTPPathMatch`, httproute_types.go).
 *
 * @example
 * // The rules of the HTTPRoute KServe creates for the service, in place of its preset's.
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: {
 *     gateway: {},
 *     route: { http: { spec: { rules: [{
 *       matches: [{ path: HttpPathMatch.prefix('/v1/chat/completions') }, { path: HttpPathMatch.exact('/v1/models') }],
 *       backends: [HttpBackend.inferencePool('qwen-inference-pool')],
 *     }] } } },
 *     scheduler: {},
 *   },
 * });
 * @category Gateway
 */
export class HttpPathMatch {
  /**
   * The path exactly (`/v1/models`).
   *
   * @example
   * new HttpRoute(chart, 'models-list', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     matches: [{ path: HttpPathMatch.exact('/v1/models'), method: HttpMethod.GET }],
   *     backends: [HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)],
   *   }],
   * });
   */
  public static exact(path: string): HttpPathMatch {
    return new HttpPathMatch(PathType.EXACT, path);
  }

  /**
   * The path and everything under it, by whole segments: `/v1` matches `/v1` and `/v1/chat/completions`, not `/v10`.
   *
   * @example
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: {
   *     gateway: {},
   *     route: { http: { spec: { rules: [{
   *       matches: [{ path: HttpPathMatch.prefix('/v1') }],
   *       backends: [HttpBackend.inferencePool('qwen-inference-pool')],
   *       requestTimeout: Duration.minutes(10),
   *     }] } } },
   *     scheduler: {},
   *   },
   * });
   */
  public static prefix(path: string): HttpPathMatch {
    return new HttpPathMatch(PathType.PREFIX, path);
  }

  /**
   * A regular expression, in the implementation's dialect (Extended support).
   *
   * @example
   * // Completions and chat completions, with or without the `/v1` prefix.
   * new HttpRoute(chart, 'completions', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     matches: [{ path: HttpPathMatch.regex('^(/v1)?/(chat/)?completions$') }],
   *     backends: [HttpBackend.inferencePool('qwen-inference-pool')],
   *   }],
   * });
   */
  public static regex(pattern: string): HttpPathMatch {
    return new HttpPathMatch(PathType.REGEX, pattern);
  }

  private constructor(
    private readonly type: PathType,
    /** The path or pattern. */
    public readonly value: string,
  ) {}

  /**
   * Whether this is a prefix match.
   * @internal
   */
  public get _isPrefix(): boolean {
    return this.type === PathType.PREFIX;
  }

  /**
   * The match as the route writes it.
   * @internal
   */
  public _render() {
    return { type: this.type, value: this.value };
  }

  /**
   * Problems with the path, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    const v = this.value;
    // The CRD: at most 1024 characters; the x-kubernetes-validations rules on `path` for Exact and PathPrefix.
    if (v.length > 1024) return [`${field} is ${v.length} characters long; at most 1024`];
    if (this.type === PathType.REGEX) return v.length === 0 ? [`${field}: the regular expression is empty`] : [];
    const problems: string[] = [];
    if (!v.startsWith('/')) problems.push("start with '/'");
    for (const part of ['//', '/./', '/../', '%2f', '%2F', '#']) if (v.includes(part)) problems.push(`not contain '${part}'`);
    for (const end of ['/..', '/.']) if (v.endsWith(end)) problems.push(`not end with '${end}'`);
    if (!PATH_CHARACTERS.test(v)) problems.push("use only URL path characters (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes)");
    return problems.length === 0 ? [] : [`${field} ${shown(v)} must ${problems.join(', ')}`];
  }
}

enum ValueMatchType {
  EXACT = 'Exact',
  REGEX = 'RegularExpression',
}

/** A header or query parameter match as the route writes it. */
function renderNameValue(type: ValueMatchType, name: string, value: string): NameValueMatchJson {
  return { type, name, value };
}

/**
 * Problems with a header or query parameter match, each naming `field`. The CRD: names are HeaderNames (shared_types.go),
 * values 1 to `maxValue` characters (4096 for headers, 1024 for query parameters).
 */
function nameValueErrors(name: string, value: string, field: string, maxValue: number): string[] {
  const errors = headerNameErrors(name, `${field}.name`);
  if (value.length === 0 || value.length > maxValue) errors.push(`${field}.value must be 1 to ${maxValue} characters long (got ${value.length})`);
  return errors;
}

/**
 * A request header to match (`HTTPHeaderMatch`, httproute_types.go).
 *
 * @example
 * // Requests of the research team go to its own pool; the rest to the shared one.
 * const gateway = GatewayRef.fromName('inference-gateway', 'gateways');
 * const research = HttpHeaderMatch.exact('x-team', 'research');
 * const route = new HttpRoute(chart, 'qwen-teams', {
 *   parents: [{ gateway }],
 *   rules: [
 *     { matches: [{ headers: [research] }], backends: [HttpBackend.inferencePool('qwen-research-inference-pool')] },
 *     { backends: [HttpBackend.inferencePool('qwen-inference-pool')] },
 *   ],
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: { gateway: { refs: [{ gateway }] }, route: { http: { refs: [route] } }, scheduler: {} },
 * });
 * @category Gateway
 */
export class HttpHeaderMatch {
  /**
   * The header `name` with exactly `value`.
   *
   * @example
   * new HttpRoute(chart, 'qwen-canary', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     matches: [{ path: HttpPathMatch.prefix('/v1'), headers: [HttpHeaderMatch.exact('x-canary', 'true')] }],
   *     backends: [HttpBackend.inferencePool('qwen-next-inference-pool')],
   *   }],
   * });
   */
  public static exact(name: string, value: string): HttpHeaderMatch {
    return new HttpHeaderMatch(ValueMatchType.EXACT, name, value);
  }

  /**
   * The header `name` with a value matching `pattern` (Extended support).
   *
   * @example
   * // Batch clients (user agents `batch-runner/...`) go to the pool sized for throughput.
   * new HttpRoute(chart, 'qwen-batch', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     matches: [{ headers: [HttpHeaderMatch.regex('user-agent', '^batch-runner/.*')] }],
   *     backends: [HttpBackend.inferencePool('qwen-batch-inference-pool')],
   *   }],
   * });
   */
  public static regex(name: string, pattern: string): HttpHeaderMatch {
    return new HttpHeaderMatch(ValueMatchType.REGEX, name, pattern);
  }

  private constructor(
    private readonly type: ValueMatchType,
    /** The header name. */
    public readonly name: string,
    /** The value or pattern. */
    public readonly value: string,
  ) {}

  /**
   * The match as the route writes it.
   * @internal
   */
  public _render(): NameValueMatchJson {
    return renderNameValue(this.type, this.name, this.value);
  }

  /**
   * Problems with the match, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    return nameValueErrors(this.name, this.value, field, 4096);
  }
}

/**
 * A query parameter to match (`HTTPQueryParamMatch`, httproute_types.go).
 *
 * @example
 * new HttpRoute(chart, 'qwen-preview', {
 *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
 *   rules: [
 *     {
 *       matches: [{ queryParams: [HttpQueryParamMatch.exact('api-version', 'preview')] }],
 *       backends: [HttpBackend.inferencePool('qwen-next-inference-pool')],
 *     },
 *     { backends: [HttpBackend.inferencePool('qwen-inference-pool')] },
 *   ],
 * });
 * @category Gateway
 */
export class HttpQueryParamMatch {
  /**
   * The parameter `name` with exactly `value`.
   *
   * @example
   * new HttpRoute(chart, 'qwen-preview', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     matches: [{ path: HttpPathMatch.prefix('/v1'), queryParams: [HttpQueryParamMatch.exact('api-version', 'preview')] }],
   *     backends: [HttpBackend.inferencePool('qwen-next-inference-pool')],
   *   }],
   * });
   */
  public static exact(name: string, value: string): HttpQueryParamMatch {
    return new HttpQueryParamMatch(ValueMatchType.EXACT, name, value);
  }

  /**
   * The parameter `name` with a value matching `pattern` (Extended support).
   *
   * @example
   * // Dated API versions of 2025 (`?api-version=2025-01-01`...) go to the newer service.
   * new HttpRoute(chart, 'qwen-versions', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     matches: [{ queryParams: [HttpQueryParamMatch.regex('api-version', '^2025-[0-9]{2}-[0-9]{2}$')] }],
   *     backends: [HttpBackend.inferencePool('qwen-next-inference-pool')],
   *   }],
   * });
   */
  public static regex(name: string, pattern: string): HttpQueryParamMatch {
    return new HttpQueryParamMatch(ValueMatchType.REGEX, name, pattern);
  }

  private constructor(
    private readonly type: ValueMatchType,
    /** The parameter name. */
    public readonly name: string,
    /** The value or pattern. */
    public readonly value: string,
  ) {}

  /**
   * The match as the route writes it.
   * @internal
   */
  public _render(): NameValueMatchJson {
    return renderNameValue(this.type, this.name, this.value);
  }

  /**
   * Problems with the match, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    return nameValueErrors(this.name, this.value, field, 1024);
  }
}

/**
 * What a request must have for a rule to take it: all of the given conditions (`HTTPRouteMatch`, httproute_types.go).
 * @category Gateway
 */
export interface HttpRouteMatch {
  /**
   * The path.
   * @default - Gateway API's default, every path (prefix `/`)
   */
  readonly path?: HttpPathMatch;

  /**
   * Headers the request must carry, all of them (at most 16, each name once).
   * @default - any headers
   */
  readonly headers?: HttpHeaderMatch[];

  /**
   * Query parameters the request must carry, all of them (at most 16, each name once).
   * @default - any query
   */
  readonly queryParams?: HttpQueryParamMatch[];

  /**
   * The method.
   * @default - any method
   */
  readonly method?: HttpMethod;
}

/**
 * Options of every backend.
 * @category Gateway
 */
export interface HttpBackendOptions {
  /**
   * The backend's share of the rule's requests, relative to the other backends' weights (0 to 1,000,000; 0 sends none).
   * @default - Gateway API's default, 1 (the field is left out)
   */
  readonly weight?: number;
}

/**
 * Options of a Service backend.
 * @category Gateway
 */
export interface HttpServiceBackendOptions extends HttpBackendOptions {
  /**
   * The Service port to send to.
   * @default - the Service's only port (required when it has several)
   */
  readonly port?: number;
}

/**
 * Options of a backend referenced by name.
 * @category Gateway
 */
export interface HttpNamedBackendOptions extends HttpBackendOptions {
  /**
   * The backend's namespace; another namespace than the route's needs a ReferenceGrant there.
   * @default - the route's namespace
   */
  readonly namespace?: string;
}

/**
 * Options of an InferencePool backend.
 * @category Gateway
 */
export interface InferencePoolBackendOptions extends HttpNamedBackendOptions {
  /**
   * A port to write on the reference; the pool's own `targetPorts` say where its pods listen.
   * @default - none
   */
  readonly port?: number;
}

/**
 * Where a rule sends requests (`HTTPBackendRef`, httproute_types.go).
 *
 * @example
 * // A canary: 90% of the requests to the current model's pool, 10% to the next one's.
 * const gateway = GatewayRef.fromName('inference-gateway', 'gateways');
 * const route = new HttpRoute(chart, 'qwen-canary', {
 *   parents: [{ gateway }],
 *   rules: [{ backends: [
 *     HttpBackend.inferencePool('qwen-inference-pool', { weight: 90 }),
 *     HttpBackend.inferencePool('qwen-next-inference-pool', { weight: 10 }),
 *   ] }],
 * });
 * for (const [name, model] of [['qwen', 'Qwen/Qwen2.5-7B-Instruct'], ['qwen-next', 'Qwen/Qwen3-8B']]) {
 *   new LLMInferenceService(chart, name, {
 *     model: { uri: StorageUri.huggingFace(model), name: 'qwen' },
 *     router: { gateway: { refs: [{ gateway }] }, route: { http: { refs: [route] } }, scheduler: {} },
 *   });
 * }
 * @category Gateway
 */
export class HttpBackend {
  /**
   * A Service of this app (a cdk8s-plus `Service`); a Service in another namespace needs a ReferenceGrant there.
   *
   * @example
   * // An embedding server of the app beside the LLMs, on the same Gateway.
   * const embeddings = new kplus.Deployment(chart, 'embeddings', {
   *   containers: [{ image: 'ghcr.io/huggingface/text-embeddings-inference:cpu-1.5', portNumber: 80 }],
   * });
   * new HttpRoute(chart, 'embeddings-route', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     matches: [{ path: HttpPathMatch.prefix('/v1/embeddings') }],
   *     backends: [HttpBackend.service(embeddings.exposeViaService({ ports: [{ port: 80 }] }))],
   *   }],
   * });
   */
  public static service(service: Service, options: HttpServiceBackendOptions = {}): HttpBackend {
    return new HttpBackend({ service, port: options.port, weight: options.weight });
  }

  /**
   * A Service by name, on `port` (a Service outside this app).
   *
   * @example
   * // Without a scheduler, the route sends to the workload Service KServe creates for the service (port 8000).
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: { gateway: {}, route: { http: { spec: { rules: [{
   *     matches: [{ path: HttpPathMatch.prefix('/v1') }],
   *     backends: [HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)],
   *   }] } } } },
   * });
   */
  public static serviceName(name: string, port: number, options: HttpNamedBackendOptions = {}): HttpBackend {
    return new HttpBackend({ name, port, namespace: options.namespace, weight: options.weight });
  }

  /**
   * An InferencePool by name (group `inference.networking.k8s.io`, kind `InferencePool`): the endpoint picker chooses
   * the model server pod per request, as KServe's LLMInferenceService router does.
   *
   * @example
   * // A route of your own to the InferencePool KServe creates with the scheduler (`<name>-inference-pool`).
   * const gateway = new Gateway(chart, 'llm-gateway', {
   *   gatewayClassName: 'istio',
   *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
   * });
   * const route = new HttpRoute(chart, 'qwen-chat', {
   *   parents: [{ gateway }],
   *   rules: [{ matches: [{ path: HttpPathMatch.prefix('/v1') }], backends: [HttpBackend.inferencePool('qwen-inference-pool')] }],
   * });
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: { gateway: { refs: [{ gateway }] }, route: { http: { refs: [route] } }, scheduler: {} },
   * });
   */
  public static inferencePool(name: string, options: InferencePoolBackendOptions = {}): HttpBackend {
    return new HttpBackend({ name, group: INFERENCE_POOL_GROUP, kind: 'InferencePool', port: options.port, namespace: options.namespace, weight: options.weight });
  }

  private constructor(
    /** @internal */
    public readonly _target: {
      readonly service?: Service;
      readonly name?: string;
      readonly group?: string;
      readonly kind?: string;
      readonly namespace?: string;
      readonly port?: number;
      readonly weight?: number;
    },
  ) {}

  /**
   * The backend as the route in `namespace` writes it.
   * @internal
   */
  public _render(namespace: string): BackendReferenceJson {
    const t = this._target;
    if (t.service) {
      const written = writtenNamespace(t.service);
      return {
        name: t.service.name,
        namespace: written !== undefined && written !== namespace ? written : undefined,
        port: t.port ?? onlyPort(t.service),
        weight: t.weight,
      };
    }
    return { group: t.group, kind: t.kind, name: t.name!, namespace: t.namespace, port: t.port, weight: t.weight };
  }

  /**
   * Problems with the backend, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    const t = this._target;
    const errors: string[] = [];
    if (t.service) {
      const ports = t.service.ports.map(p => p.port);
      // The CRD (x-kubernetes-validations on backendRefs): "Must have port for Service reference".
      if (t.port === undefined && ports.length !== 1) {
        errors.push(`${field}: Service '${t.service.name}' has ${ports.length === 0 ? 'no ports' : `ports ${ports.join(', ')}`}; give 'port'`);
      }
      // Our own safety rule: a port the Service does not expose resolves to no endpoint (every request fails).
      if (t.port !== undefined && ports.length > 0 && !ports.includes(t.port)) {
        errors.push(`${field}.port (${t.port}): Service '${t.service.name}' exposes ports ${ports.join(', ')}`);
      }
    } else {
      // The CRD: names are ObjectNames of 1 to 253 characters; Kubernetes core validation makes Service and
      // InferencePool names DNS-1123 subdomains (InferencePool is a CRD, named as any object).
      if (typeof t.name !== 'string' || !DNS1123_SUBDOMAIN_NAME.test(t.name)) {
        errors.push(`${field}.name ${shown(t.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`);
      }
      if (t.namespace !== undefined) errors.push(...namespaceErrors(t.namespace, `${field}.namespace`));
    }
    if (t.port !== undefined) errors.push(...portErrors(t.port, `${field}.port`));
    // The CRD: weight is an int32 from 0 to 1,000,000.
    if (t.weight !== undefined && !(typeof t.weight === 'number' && Number.isInteger(t.weight) && t.weight >= 0 && t.weight <= 1_000_000)) {
      errors.push(`${field}.weight (${describeValue(t.weight)}) must be a whole number from 0 to 1000000`);
    }
    return errors;
  }
}

/** A Service's only port, or undefined (reported by `_validate`) when it has none or several. */
function onlyPort(service: Service): number | undefined {
  const ports = service.ports;
  return ports.length === 1 ? ports[0].port : undefined;
}

/**
 * One rule of an HTTPRoute: which requests, and where they go (`HTTPRouteRule`, httproute_types.go).
 * @category Gateway
 */
export interface HttpRouteRule {
  /**
   * The rule name, unique in the route (policies and status name rules by it).
   * @default - unnamed
   */
  readonly name?: string;

  /**
   * The requests the rule takes: those satisfying any one match (at most 64; 128 across the route).
   * @default - Gateway API's default, every request (path prefix `/`)
   */
  readonly matches?: HttpRouteMatch[];

  /** Where matching requests go, shared by weight (1 to 16 backends). */
  readonly backends: HttpBackend[];

  /**
   * What to change on matching requests and their responses: headers, the URL (at most 16, each kind once).
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];

  /**
   * How long the Gateway waits for the whole response to a client request (`timeouts.request`); `Duration.seconds(0)`
   * turns the timeout off. LLM completions can stream for minutes: set it above the longest generation.
   * @default - the implementation's default
   */
  readonly requestTimeout?: Duration;

  /**
   * How long the Gateway waits for one backend's response (`timeouts.backendRequest`); at most `requestTimeout`.
   * @default - the implementation's default
   */
  readonly backendRequestTimeout?: Duration;
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(HttpPathMatch, HttpHeaderMatch, HttpQueryParamMatch, HttpBackend);
// A Service for a required argument of the wrong type (never written: synth fails on the problem it replaces).
registerStandIn('Service', () => new Service(new Chart(new App(), 'stand-in'), 'stand-in', { ports: [{ port: 80 }] }));
