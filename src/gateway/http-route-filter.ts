import { headerNameErrors, HeaderModifierJson, preciseHostnameErrors, RouteFilterJson } from '../private/gateway-api';
import { guardMethods } from '../private/shape';
import { shown } from '../private/shown';

/**
 * Headers to change on a request or response (`HTTPHeaderFilter`, httproute_types.go).
 * @category Gateway
 */
export interface HeaderChanges {
  /**
   * Headers to set, replacing any value they have (at most 16).
   * @default - none
   */
  readonly set?: Record<string, string>;

  /**
   * Headers to add, beside any value they have (at most 16).
   * @default - none
   */
  readonly add?: Record<string, string>;

  /**
   * Headers to remove, by name (at most 16).
   * @default - none
   */
  readonly remove?: string[];
}

/**
 * How a URL is rewritten before it reaches the backend (`HTTPURLRewriteFilter`, httproute_types.go).
 * @category Gateway
 */
export interface UrlRewrite {
  /**
   * The host name the backend sees (a DNS name, no wildcard).
   * @default - the request's
   */
  readonly hostname?: string;

  /**
   * Replace the part of the path the rule's one PathPrefix match matched with this (`ReplacePrefixMatch`):
   * `/llm/llama/v1/chat/completions` matched by prefix `/llm/llama` becomes `/v1/chat/completions` with `/`.
   * @default - the path is kept (or replaced whole by `fullPath`)
   */
  readonly prefix?: string;

  /**
   * Replace the whole path with this (`ReplaceFullPath`).
   * @default - the path is kept (or its matched prefix replaced by `prefix`)
   */
  readonly fullPath?: string;
}

enum FilterType {
  REQUEST_HEADERS = 'RequestHeaderModifier',
  RESPONSE_HEADERS = 'ResponseHeaderModifier',
  URL_REWRITE = 'URLRewrite',
}

/**
 * What a rule does to a request on its way (`HTTPRouteFilter`, httproute_types.go): change request or response headers,
 * or rewrite the URL. Each kind at most once per rule.
 *
 * @example
 * // Serve the service under `/qwen` on a Gateway of the app: strip the prefix and tag the requests.
 * const gateway = new Gateway(chart, 'llm-gateway', {
 *   gatewayClassName: 'istio',
 *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
 * });
 * const route = new HttpRoute(chart, 'qwen-route', {
 *   parents: [{ gateway }],
 *   rules: [{
 *     matches: [{ path: HttpPathMatch.prefix('/qwen') }],
 *     filters: [HttpRouteFilter.urlRewrite({ prefix: '/' }), HttpRouteFilter.requestHeaders({ set: { 'x-served-by': 'qwen' } })],
 *     backends: [HttpBackend.inferencePool('qwen-inference-pool')],
 *   }],
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   router: { gateway: { refs: [{ gateway }] }, route: { http: { refs: [route] } }, scheduler: {} },
 * });
 * @category Gateway
 */
export class HttpRouteFilter {
  /**
   * Sets, adds or removes request headers before the backend sees them.
   *
   * @example
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: {
   *     gateway: {},
   *     route: { http: { spec: { rules: [{
   *       filters: [HttpRouteFilter.requestHeaders({ set: { 'x-tenant': 'ml-platform' }, remove: ['x-debug'] })],
   *       backends: [HttpBackend.inferencePool('qwen-inference-pool')],
   *     }] } } },
   *     scheduler: {},
   *   },
   * });
   */
  public static requestHeaders(changes: HeaderChanges): HttpRouteFilter {
    return new HttpRouteFilter(FilterType.REQUEST_HEADERS, changes);
  }

  /**
   * Sets, adds or removes response headers before the client sees them.
   *
   * @example
   * new HttpRoute(chart, 'qwen-chat', {
   *   parents: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }],
   *   rules: [{
   *     filters: [HttpRouteFilter.responseHeaders({ set: { 'cache-control': 'no-store' }, remove: ['server'] })],
   *     backends: [HttpBackend.inferencePool('qwen-inference-pool')],
   *   }],
   * });
   */
  public static responseHeaders(changes: HeaderChanges): HttpRouteFilter {
    return new HttpRouteFilter(FilterType.RESPONSE_HEADERS, changes);
  }

  /**
   * Rewrites the host name or the path (Extended support), as KServe's LLM router route strips the
   * `/<namespace>/<name>` prefix of its paths.
   *
   * @example
   * // `/models/qwen/v1/chat/completions` reaches vLLM as `/v1/chat/completions`.
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   router: {
   *     gateway: {},
   *     route: { http: { spec: { rules: [{
   *       matches: [{ path: HttpPathMatch.prefix('/models/qwen') }],
   *       filters: [HttpRouteFilter.urlRewrite({ prefix: '/' })],
   *       backends: [HttpBackend.inferencePool('qwen-inference-pool')],
   *     }] } } },
   *     scheduler: {},
   *   },
   * });
   */
  public static urlRewrite(rewrite: UrlRewrite): HttpRouteFilter {
    return new HttpRouteFilter(FilterType.URL_REWRITE, undefined, rewrite);
  }

  private constructor(
    /** The filter type, as the route writes it. */
    public readonly type: string,
    private readonly headers?: HeaderChanges,
    private readonly rewrite?: UrlRewrite,
  ) {}

  /**
   * Whether the filter replaces the matched path prefix (which needs exactly one PathPrefix match in the rule).
   * @internal
   */
  public get _replacesPrefix(): boolean {
    return this.rewrite?.prefix !== undefined;
  }

  /**
   * The filter as the route writes it.
   * @internal
   */
  public _render(): RouteFilterJson {
    if (this.type === FilterType.URL_REWRITE) {
      const r = this.rewrite!;
      const path = r.prefix !== undefined ? { type: 'ReplacePrefixMatch', replacePrefixMatch: r.prefix }
        : r.fullPath !== undefined ? { type: 'ReplaceFullPath', replaceFullPath: r.fullPath } : undefined;
      return { type: this.type, urlRewrite: { hostname: r.hostname, path } };
    }
    const h = this.headers!;
    const pairs = (map?: Record<string, string>) => map && Object.entries(map).map(([name, value]) => ({ name, value }));
    const modifier: HeaderModifierJson = { set: pairs(h.set), add: pairs(h.add), remove: h.remove };
    return this.type === FilterType.REQUEST_HEADERS
      ? { type: this.type, requestHeaderModifier: modifier }
      : { type: this.type, responseHeaderModifier: modifier };
  }

  /**
   * Problems with the filter, each naming `field`.
   * @internal
   */
  public _validate(field: string): string[] {
    return this.type === FilterType.URL_REWRITE ? this.rewriteErrors(field) : this.headerErrors(field);
  }

  private headerErrors(field: string): string[] {
    const h = this.headers!;
    const errors: string[] = [];
    const key = this.type === FilterType.REQUEST_HEADERS ? 'requestHeaderModifier' : 'responseHeaderModifier';
    // Our own safety rule: a modifier that changes nothing is a mistake (it reads as if it did something).
    if (Object.keys(h.set ?? {}).length + Object.keys(h.add ?? {}).length + (h.remove ?? []).length === 0) {
      errors.push(`${field}: the header filter changes nothing; give 'set', 'add' or 'remove'`);
    }
    // The CRD: at most 16 of each; names are HeaderNames (shared_types.go), values 1 to 4096 characters; `remove` is a set.
    for (const [list, names] of [['set', Object.keys(h.set ?? {})], ['add', Object.keys(h.add ?? {})], ['remove', h.remove ?? []]] as const) {
      const at = `${field}.${key}.${list}`;
      if (names.length > 16) errors.push(`${at}: at most 16 (got ${names.length})`);
      names.forEach((name, i) => {
        errors.push(...headerNameErrors(name, `${at}: header name`));
        if (list === 'remove' && names.indexOf(name) !== i) errors.push(`${at}: ${shown(name)} is listed twice`);
      });
    }
    for (const list of ['set', 'add'] as const) {
      for (const [name, value] of Object.entries(h[list] ?? {})) {
        if (value.length === 0 || value.length > 4096) errors.push(`${field}.${key}.${list}['${name}'] must be 1 to 4096 characters long (got ${value.length})`);
      }
    }
    return errors;
  }

  private rewriteErrors(field: string): string[] {
    const r = this.rewrite!;
    const errors: string[] = [];
    // Our own safety rule: a rewrite that changes nothing; the CRD's path modifier has one type, so not both paths.
    if (r.hostname === undefined && r.prefix === undefined && r.fullPath === undefined) {
      errors.push(`${field}: the URL rewrite changes nothing; give 'hostname', 'prefix' or 'fullPath'`);
    }
    if (r.prefix !== undefined && r.fullPath !== undefined) errors.push(`${field}: give 'prefix' or 'fullPath', not both`);
    // The CRD: paths at most 1024 characters (and the hostname a PreciseHostname, above).
    if (r.hostname !== undefined) errors.push(...preciseHostnameErrors(r.hostname, `${field}.urlRewrite.hostname`));
    for (const [key, path] of [['prefix', r.prefix], ['fullPath', r.fullPath]] as const) {
      if (path !== undefined && path.length > 1024) errors.push(`${field}.urlRewrite.${key} is ${path.length} characters long; at most 1024`);
    }
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(HttpRouteFilter);
