/**
 * HttpRoute (gateway.networking.k8s.io/v1): each field set through the typed API reaches the YAML exactly and validates
 * against the gateway-api v1.5.1 CRD; each rule (the CRD's schema and x-kubernetes-validations, the documented rules,
 * our own, the attachment to a Gateway of the app) rejects its bad input at synth; JavaScript callers' wrong types are
 * synth errors.
 */
import { Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { Service } from 'cdk8s-plus-28';
import {
  Gateway, GatewayRef, HttpBackend, HttpHeaderMatch, HttpMethod, HttpPathMatch, HttpQueryParamMatch, HttpRoute, HttpRouteProps, HttpRouteRule,
  HttpRouteFilter, Listener, ListenerProtocol, RouteKind, RouteNamespaces, TlsMode,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const POOL = HttpBackend.inferencePool('llama-pool');
const RULE: HttpRouteRule = { backends: [POOL] };
const EXTERNAL = GatewayRef.fromName('kserve-ingress-gateway', 'kserve');

function routeOf(props: Partial<HttpRouteProps> = {}, chartNamespace = 'ml') {
  const { app, chart } = newChart(chartNamespace);
  const route = new HttpRoute(chart, 'route', { parents: [{ gateway: EXTERNAL }], rules: [RULE], ...props });
  return { app, chart, route };
}

/** The HTTPRoute's spec, after validating every object synthesized. */
function specOf(chart: Chart): any {
  const objects = Testing.synth(chart);
  expectValidObjects(objects);
  return objects.find(o => o.kind === 'HTTPRoute').spec;
}

function errorsOf(props: Partial<HttpRouteProps>): string[] {
  return synthErrors(routeOf(props).app);
}

describe('HttpRoute fields', () => {
  test('the minimal route: a parent Gateway by name and an InferencePool backend', () => {
    const { chart, route } = routeOf();
    const objects = Testing.synth(chart);
    expectValidObjects(objects);
    expect(objects).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'route', namespace: 'ml' },
      spec: {
        parentRefs: [{ name: 'kserve-ingress-gateway', namespace: 'kserve' }],
        rules: [{ backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-pool' }] }],
      },
    }]);
    expect(route.name).toBe('route');
    expect(route.namespace).toBe('ml');
  });

  test('name, namespace and hostnames', () => {
    const { chart } = routeOf({ name: 'llm', namespace: 'serving', hostnames: ['llm.example.com', '*.models.example.com'] });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'llm', namespace: 'serving' });
    expect(specOf(chart).hostnames).toEqual(['llm.example.com', '*.models.example.com']);
  });

  test('parents: a Gateway of the app (same and other namespace), sectionName and port, a GatewayRef without namespace', () => {
    const { chart } = newChart();
    const local = new Gateway(chart, 'local', { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }] });
    const shared = new Gateway(chart, 'shared', {
      gatewayClassName: 'istio',
      namespace: 'gateways',
      listeners: [{ name: 'web', port: 8080, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.all() }],
    });
    new HttpRoute(chart, 'route', {
      parents: [{ gateway: local }, { gateway: shared, sectionName: 'web', port: 8080 }, { gateway: GatewayRef.fromName('edge') }],
      rules: [RULE],
    });
    expect(specOf(chart).parentRefs).toEqual([
      { name: 'local' }, { name: 'shared', namespace: 'gateways', sectionName: 'web', port: 8080 }, { name: 'edge' },
    ]);
  });

  test('matches: path (exact, prefix, regex), headers, query parameters, method', () => {
    const { chart } = routeOf({
      rules: [{
        name: 'openai',
        matches: [
          { path: HttpPathMatch.prefix('/v1'), method: HttpMethod.POST, headers: [HttpHeaderMatch.exact('x-model', 'llama'), HttpHeaderMatch.regex('x-team', 'ml-.*')] },
          { path: HttpPathMatch.exact('/v1/models'), method: HttpMethod.GET, queryParams: [HttpQueryParamMatch.exact('a', '1'), HttpQueryParamMatch.regex('b', '[0-9]+')] },
          { path: HttpPathMatch.regex('^/v[12]/completions$') },
        ],
        backends: [POOL],
      }],
    });
    expect(specOf(chart).rules).toEqual([{
      name: 'openai',
      matches: [
        {
          path: { type: 'PathPrefix', value: '/v1' },
          method: 'POST',
          headers: [
            { type: 'Exact', name: 'x-model', value: 'llama' }, { type: 'RegularExpression', name: 'x-team', value: 'ml-.*' },
          ],
        },
        {
          path: { type: 'Exact', value: '/v1/models' },
          method: 'GET',
          queryParams: [
            { type: 'Exact', name: 'a', value: '1' }, { type: 'RegularExpression', name: 'b', value: '[0-9]+' },
          ],
        },
        { path: { type: 'RegularExpression', value: '^/v[12]/completions$' } },
      ],
      backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-pool' }],
    }]);
  });

  test('backends: a Service of the app (its only port, a chosen port, another namespace), a Service by name, an InferencePool, weights', () => {
    const { chart } = newChart();
    const one = new Service(chart, 'one', { ports: [{ port: 8000 }] });
    const two = new Service(chart, 'two', { ports: [{ port: 8000 }, { port: 8001 }] });
    const far = new Service(chart, 'far', { ports: [{ port: 80 }], metadata: { namespace: 'other' } });
    new HttpRoute(chart, 'route', {
      parents: [{ gateway: EXTERNAL }],
      rules: [{
        backends: [
          HttpBackend.service(one, { weight: 90 }), HttpBackend.service(two, { port: 8001 }), HttpBackend.service(far),
          HttpBackend.serviceName('vllm', 8000, { namespace: 'llm', weight: 0 }),
          HttpBackend.inferencePool('pool', { namespace: 'llm', port: 8000, weight: 10 }),
        ],
      }],
    });
    expect(specOf(chart).rules[0].backendRefs).toEqual([
      { name: one.name, port: 8000, weight: 90 },
      { name: two.name, port: 8001 },
      { name: far.name, namespace: 'other', port: 80 },
      { name: 'vllm', namespace: 'llm', port: 8000, weight: 0 },
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'pool', namespace: 'llm', port: 8000, weight: 10 },
    ]);
  });

  test('a Service port added after the route is read at synth', () => {
    const { chart } = newChart();
    const svc = new Service(chart, 'svc');
    new HttpRoute(chart, 'route', { parents: [{ gateway: EXTERNAL }], rules: [{ backends: [HttpBackend.service(svc)] }] });
    svc.bind(8080);
    expect(specOf(chart).rules[0].backendRefs).toEqual([{ name: svc.name, port: 8080 }]);
  });

  test.each<[Duration, string]>([
    [Duration.seconds(0), '0s'], [Duration.millis(250), '250ms'], [Duration.seconds(90), '1m30s'], [Duration.minutes(10), '10m'],
    [Duration.hours(2), '2h'], [Duration.millis(3_723_004), '1h2m3s4ms'], [Duration.hours(99_999), '99999h'],
  ])('timeouts as Gateway API durations: %p is %p', (duration, text) => {
    const { chart } = routeOf({ rules: [{ backends: [POOL], requestTimeout: duration }] });
    expect(specOf(chart).rules[0].timeouts).toEqual({ request: text });
  });

  test('request and backendRequest timeouts', () => {
    const { chart } = routeOf({ rules: [{ backends: [POOL], requestTimeout: Duration.minutes(5), backendRequestTimeout: Duration.minutes(4) }] });
    expect(specOf(chart).rules[0].timeouts).toEqual({ request: '5m', backendRequest: '4m' });
    const off = routeOf({ rules: [{ backends: [POOL], requestTimeout: Duration.seconds(0), backendRequestTimeout: Duration.minutes(4) }] });
    expect(specOf(off.chart).rules[0].timeouts).toEqual({ request: '0s', backendRequest: '4m' });
  });

  test('addRule adds a rule after construction', () => {
    const { chart, route } = routeOf();
    route.addRule({ matches: [{ path: HttpPathMatch.prefix('/admin') }], backends: [HttpBackend.serviceName('admin', 80)] });
    expect(specOf(chart).rules).toHaveLength(2);
  });

  test('JSON patches apply last', () => {
    const { chart, route } = routeOf();
    route.apiObject.addJsonPatch(JsonPatch.add('/spec/hostnames', ['patched.example.com']));
    expect(Testing.synth(chart)[0].spec.hostnames).toEqual(['patched.example.com']);
  });

  test('an LLM router setup: Gateway with HTTPS, route to an InferencePool, everything schema-valid', () => {
    const { app, chart } = newChart();
    const gateway = new Gateway(chart, 'gw', {
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: '*.example.com' },
        { name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: '*.example.com', tls: { mode: TlsMode.TERMINATE, options: { 'example.com/cert': 'x' } } },
      ],
    });
    new HttpRoute(chart, 'route', {
      parents: [{ gateway, sectionName: 'https' }],
      hostnames: ['llm.example.com'],
      rules: [{ matches: [{ path: HttpPathMatch.prefix('/v1') }], backends: [POOL], requestTimeout: Duration.minutes(10) }],
    });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart));
  });
});

describe('HttpRoute rules', () => {
  test('metadata: name and namespace', () => {
    expectError(errorsOf({ name: 'Route' }), 'test/route', "metadata.name 'Route' must be a DNS-1123 subdomain");
    expectError(errorsOf({ namespace: 'ns_1' }), 'test/route', "metadata.namespace 'ns_1' must be a DNS-1123 label");
  });

  test('parents: at least one, at most 32, valid names, sections and ports', () => {
    expectError(errorsOf({ parents: [] }), 'test/route', 'spec.parentRefs: give at least one parent Gateway');
    const many = Array.from({ length: 33 }, (_, i) => ({ gateway: GatewayRef.fromName(`gw-${i}`) }));
    expectError(errorsOf({ parents: many }), 'test/route', 'spec.parentRefs: at most 32 (got 33)');
    expectError(errorsOf({ parents: [{ gateway: GatewayRef.fromName('GW') }] }), 'test/route', "spec.parentRefs[0].name 'GW' must be a DNS-1123 subdomain");
    expectError(errorsOf({ parents: [{ gateway: GatewayRef.fromName('gw', 'Bad') }] }), 'test/route', "spec.parentRefs[0].namespace 'Bad'");
    expectError(errorsOf({ parents: [{ gateway: EXTERNAL, sectionName: 'Web' }] }), 'test/route', "spec.parentRefs[0].sectionName 'Web'");
    expectError(errorsOf({ parents: [{ gateway: EXTERNAL, port: 0 }] }), 'test/route', 'spec.parentRefs[0].port (0) must be a whole number from 1 to 65535');
  });

  test('the same parent twice: every reference names a listener, each a different one', () => {
    expectError(errorsOf({ parents: [{ gateway: EXTERNAL }, { gateway: EXTERNAL, sectionName: 'https' }] }), 'test/route',
      "spec.parentRefs[1]: Gateway 'kserve/kserve-ingress-gateway' is also referenced by spec.parentRefs[0]", "name its listener ('sectionName')");
    expectError(errorsOf({ parents: [{ gateway: EXTERNAL, sectionName: 'a' }, { gateway: EXTERNAL, sectionName: 'a' }] }), 'test/route',
      "spec.parentRefs[1]: spec.parentRefs[0] already references Gateway 'kserve/kserve-ingress-gateway' listener 'a'");
    expectError(errorsOf({ parents: [{ gateway: GatewayRef.fromName('gw') }, { gateway: GatewayRef.fromName('gw', 'ml') }] }), 'test/route',
      "spec.parentRefs[1]: spec.parentRefs[0] already references Gateway 'ml/gw'");
    expect(errorsOf({ parents: [{ gateway: EXTERNAL, sectionName: 'a' }, { gateway: EXTERNAL, sectionName: 'b' }] })).toEqual([]);
  });

  test('hostnames: at most 16, each a Hostname', () => {
    expectError(errorsOf({ hostnames: ['LLM.example.com'] }), 'test/route', "spec.hostnames[0] 'LLM.example.com' must be a lower-case DNS name");
    expectError(errorsOf({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }), 'test/route', 'spec.hostnames: at most 16 (got 17)');
  });

  test('rules: 1 to 16, names valid and unique, at most 64 matches each and 128 in all', () => {
    expectError(errorsOf({ rules: [] }), 'test/route', 'spec.rules: an HTTPRoute has 1 to 16 rules (got 0)');
    expectError(errorsOf({ rules: Array.from({ length: 17 }, () => RULE) }), 'test/route', 'spec.rules: an HTTPRoute has 1 to 16 rules (got 17)');
    expectError(errorsOf({ rules: [{ ...RULE, name: 'Chat' }] }), 'test/route', "spec.rules[0].name 'Chat'");
    expectError(errorsOf({ rules: [{ ...RULE, name: 'chat' }, { ...RULE, name: 'chat' }] }), 'test/route',
      "spec.rules[1]: rule name 'chat' is already used by spec.rules[0]");
    const matches = (n: number) => Array.from({ length: n }, (_, i) => ({ path: HttpPathMatch.exact(`/p${i}`) }));
    expectError(errorsOf({ rules: [{ ...RULE, matches: matches(65) }] }), 'test/route', 'spec.rules[0].matches: at most 64 (got 65)');
    expectError(errorsOf({ rules: [{ ...RULE, matches: matches(64) }, { ...RULE, matches: matches(64) }, { ...RULE, matches: matches(1) }] }),
      'test/route', 'spec.rules: at most 128 matches across all rules (got 129)');
  });

  test.each<[string, string]>([
    ['v1', "start with '/'"], ['/a//b', "not contain '//'"], ['/a/./b', "not contain '/./'"], ['/a/../b', "not contain '/../'"],
    ['/a%2fb', "not contain '%2f'"], ['/a%2Fb', "not contain '%2F'"], ['/a#b', "not contain '#'"], ['/a/..', "not end with '/..'"],
    ['/a/.', "not end with '/.'"], ['/a b', 'use only URL path characters'], ['/a%zz', 'use only URL path characters'],
  ])('path %p must %s', (path, problem) => {
    for (const match of [HttpPathMatch.exact(path), HttpPathMatch.prefix(path)]) {
      expectError(errorsOf({ rules: [{ ...RULE, matches: [{ path: match }] }] }), 'test/route', `spec.rules[0].matches[0].path.value '${path}' must`, problem);
    }
  });

  test('paths: at most 1024 characters; a regular expression is not checked as a path, but is not empty', () => {
    expectError(errorsOf({ rules: [{ ...RULE, matches: [{ path: HttpPathMatch.prefix(`/${'a'.repeat(1024)}`) }] }] }), 'test/route',
      'path.value is 1025 characters long; at most 1024');
    expect(errorsOf({ rules: [{ ...RULE, matches: [{ path: HttpPathMatch.regex('v1/(chat|completions)#') }] }] })).toEqual([]);
    expectError(errorsOf({ rules: [{ ...RULE, matches: [{ path: HttpPathMatch.regex('') }] }] }), 'test/route', 'the regular expression is empty');
  });

  test('headers and query parameters: names, values, at most 16, each name once (headers case-insensitively)', () => {
    const match = (m: object) => errorsOf({ rules: [{ ...RULE, matches: [m] }] });
    expectError(match({ headers: [HttpHeaderMatch.exact('x model', 'a')] }), 'test/route', "spec.rules[0].matches[0].headers[0].name 'x model' must be an HTTP token");
    expectError(match({ headers: [HttpHeaderMatch.exact('x-model', '')] }), 'test/route', 'headers[0].value must be 1 to 4096 characters long (got 0)');
    expectError(match({ queryParams: [HttpQueryParamMatch.exact('q', 'x'.repeat(1025))] }), 'test/route', 'queryParams[0].value must be 1 to 1024 characters long');
    expectError(match({ headers: Array.from({ length: 17 }, (_, i) => HttpHeaderMatch.exact(`h${i}`, 'v')) }), 'test/route', 'headers: at most 16 (got 17)');
    expectError(match({ headers: [HttpHeaderMatch.exact('X-Model', 'a'), HttpHeaderMatch.exact('x-model', 'b')] }), 'test/route',
      "headers[1]: 'x-model' is already matched by spec.rules[0].matches[0].headers[0]");
    expectError(match({ queryParams: [HttpQueryParamMatch.exact('q', 'a'), HttpQueryParamMatch.regex('q', 'b')] }), 'test/route',
      "queryParams[1]: 'q' is already matched");
    expect(match({ queryParams: [HttpQueryParamMatch.exact('q', 'a'), HttpQueryParamMatch.exact('Q', 'b')] })).toEqual([]);
  });

  test('backends: at least one, at most 16, not all weight 0; weights 0 to 1000000; valid names, namespaces and ports', () => {
    const backends = (list: HttpBackend[]) => errorsOf({ rules: [{ backends: list }] });
    expectError(backends([]), 'test/route', 'spec.rules[0].backends: give at least one backend');
    expectError(backends(Array.from({ length: 17 }, () => POOL)), 'test/route', 'spec.rules[0].backends: at most 16 (got 17)');
    expectError(backends([HttpBackend.inferencePool('a', { weight: 0 }), HttpBackend.serviceName('b', 80, { weight: 0 })]), 'test/route',
      'every backend has weight 0');
    expectError(backends([HttpBackend.inferencePool('a', { weight: 1_000_001 })]), 'test/route',
      'spec.rules[0].backends[0].weight (1000001) must be a whole number from 0 to 1000000');
    expectError(backends([HttpBackend.inferencePool('a', { weight: 1.5 })]), 'test/route', 'weight (1.5)');
    expectError(backends([HttpBackend.inferencePool('Pool')]), 'test/route', "spec.rules[0].backends[0].name 'Pool' must be a DNS-1123 subdomain");
    expectError(backends([HttpBackend.serviceName('svc', 80, { namespace: 'A' })]), 'test/route', "spec.rules[0].backends[0].namespace 'A'");
    expectError(backends([HttpBackend.serviceName('svc', 70000)]), 'test/route', 'spec.rules[0].backends[0].port (70000)');
  });

  test('a Service backend: a port when it has several or none; one it exposes', () => {
    const { app, chart } = newChart();
    const two = new Service(chart, 'two', { ports: [{ port: 8000 }, { port: 8001 }] });
    const none = new Service(chart, 'none');
    new HttpRoute(chart, 'route', {
      parents: [{ gateway: EXTERNAL }],
      rules: [{ backends: [HttpBackend.service(two), HttpBackend.service(none), HttpBackend.service(two, { port: 9000 })] }],
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/route', `spec.rules[0].backends[0]: Service '${two.name}' has ports 8000, 8001; give 'port'`);
    expectError(errors, 'test/route', `spec.rules[0].backends[1]: Service '${none.name}' has no ports; give 'port'`);
    expectError(errors, 'test/route', `spec.rules[0].backends[2].port (9000): Service '${two.name}' exposes ports 8000, 8001`);
  });

  test('timeouts: whole milliseconds, at most 99999h, backendRequest not above request (unless request is 0s)', () => {
    const timeouts = (requestTimeout?: Duration, backendRequestTimeout?: Duration) =>
      errorsOf({ rules: [{ backends: [POOL], requestTimeout, backendRequestTimeout }] });
    expectError(timeouts(Duration.millis(0.5)), 'test/route', 'spec.rules[0].timeouts.request (0.5ms) must be a whole number of milliseconds');
    expectError(timeouts(Duration.hours(100_000)), 'test/route', 'spec.rules[0].timeouts.request (100000h) must be at most 99999h');
    expectError(timeouts(undefined, Duration.millis(1.5)), 'test/route', 'timeouts.backendRequest (1.5ms) must be a whole number of milliseconds');
    expectError(timeouts(Duration.seconds(30), Duration.seconds(31)), 'test/route',
      'spec.rules[0].timeouts.backendRequest (31s) cannot be longer than the request timeout (30s)');
    expect(timeouts(Duration.seconds(0), Duration.seconds(31))).toEqual([]);
    expect(timeouts(Duration.seconds(31), Duration.seconds(31))).toEqual([]);
  });

  test('a route written twice is a duplicate', () => {
    const { app, chart } = newChart();
    new HttpRoute(chart, 'a', { name: 'r', parents: [{ gateway: EXTERNAL }], rules: [RULE] });
    new HttpRoute(chart, 'b', { name: 'r', parents: [{ gateway: EXTERNAL }], rules: [RULE] });
    expectError(synthErrors(app), 'test/a', "HTTPRoute 'ml/r' is also written by 'test/b'");
  });
});

describe('attaching to a Gateway of the app', () => {
  const HTTP: Listener = { name: 'http', port: 80, protocol: ListenerProtocol.HTTP };

  function attach(listeners: Listener[], parent: { sectionName?: string; port?: number } = {}, route: Partial<HttpRouteProps> = {},
    gatewayNamespace?: string) {
    const { app, chart } = newChart();
    const gateway = new Gateway(chart, 'gw', { gatewayClassName: 'istio', namespace: gatewayNamespace, listeners });
    new HttpRoute(chart, 'route', { parents: [{ gateway, ...parent }], rules: [RULE], ...route });
    return synthErrors(app);
  }

  test('the named listener, or one on the port, exists', () => {
    expectError(attach([HTTP], { sectionName: 'https' }), 'test/route',
      "spec.parentRefs[0]: Gateway 'ml/gw' has no listener named 'https'; its listeners are 'http' (port 80)");
    expectError(attach([HTTP], { port: 8080 }), 'test/route', "Gateway 'ml/gw' has no listener on port 8080");
    expectError(attach([HTTP], { sectionName: 'http', port: 8080 }), 'test/route', "has no listener named 'http' on port 8080");
    expect(attach([HTTP], { sectionName: 'http', port: 80 })).toEqual([]);
  });

  test('the listener takes HTTPRoutes (HTTP or HTTPS)', () => {
    const tcp: Listener = { name: 'tcp', port: 9000, protocol: ListenerProtocol.TCP };
    expectError(attach([tcp]), 'test/route', "the route cannot attach to Gateway 'ml/gw': listener 'tcp' is TCP, and HTTPRoutes attach to HTTP and HTTPS listeners");
    expect(attach([tcp, HTTP])).toEqual([]);
    expect(attach([{ name: 'c', port: 9000, protocol: ListenerProtocol.custom('example.com/http3') }])).toEqual([]);
  });

  test('the listener lists HTTPRoute among its route kinds, when it lists kinds', () => {
    expectError(attach([{ ...HTTP, allowedRouteKinds: [RouteKind.GRPC_ROUTE] }]), 'test/route', "listener 'http' takes only GRPCRoute routes");
    expectError(attach([{ ...HTTP, allowedRouteKinds: [RouteKind.custom('example.com', 'HTTPRoute')] }]), 'test/route', "listener 'http' takes only HTTPRoute routes");
    expect(attach([{ ...HTTP, allowedRouteKinds: [RouteKind.GRPC_ROUTE, RouteKind.HTTP_ROUTE] }])).toEqual([]);
    expect(attach([{ ...HTTP, allowedRouteKinds: [RouteKind.custom('gateway.networking.k8s.io', 'HTTPRoute')] }])).toEqual([]);
  });

  test('an implementation-specific protocol is not judged, its namespaces are', () => {
    const custom: Listener = { name: 'c', port: 9000, protocol: ListenerProtocol.custom('example.com/http3') };
    expectError(attach([custom], {}, {}, 'gateways'), 'test/route', "listener 'c' allows routes from the Gateway's namespace only");
  });

  test("the listener allows routes from the route's namespace", () => {
    expectError(attach([HTTP], {}, {}, 'gateways'), 'test/route',
      "listener 'http' allows routes from the Gateway's namespace only, not from 'ml'");
    expectError(attach([{ ...HTTP, allowedRoutes: RouteNamespaces.same() }], {}, {}, 'gateways'), 'test/route',
      "listener 'http' allows routes from the Gateway's namespace only, not from 'ml'");
    expect(attach([{ ...HTTP, allowedRoutes: RouteNamespaces.all() }], {}, {}, 'gateways')).toEqual([]);
    // A selector depends on the cluster's namespace labels: not judged.
    expect(attach([{ ...HTTP, allowedRoutes: RouteNamespaces.selector({ team: 'ml' }) }], {}, {}, 'gateways')).toEqual([]);
  });

  test("the listener's hostname intersects the route's hostnames", () => {
    const listener = { ...HTTP, hostname: '*.example.com' };
    expectError(attach([listener], {}, { hostnames: ['llm.example.org'] }), 'test/route',
      "listener 'http' serves '*.example.com', which none of the route's hostnames [\"llm.example.org\"] matches");
    expectError(attach([listener], {}, { hostnames: ['example.com'] }), 'test/route', "serves '*.example.com'");
    expect(attach([listener], {}, { hostnames: ['llm.example.com'] })).toEqual([]);
    expect(attach([listener], {}, { hostnames: ['*.models.example.com'] })).toEqual([]);
    expect(attach([{ ...HTTP, hostname: 'llm.example.com' }], {}, { hostnames: ['*.example.com'] })).toEqual([]);
    expect(attach([listener])).toEqual([]);
  });

  test('one accepting listener is enough; otherwise every reason is given', () => {
    const other: Listener = { name: 'other', port: 81, protocol: ListenerProtocol.HTTP, hostname: 'a.example.com' };
    expect(attach([other, { ...HTTP, hostname: 'b.example.com' }], {}, { hostnames: ['b.example.com'] })).toEqual([]);
    expectError(attach([other, { name: 'tcp', port: 9000, protocol: ListenerProtocol.TCP }], {}, { hostnames: ['b.example.com'] }), 'test/route',
      "listener 'other' serves 'a.example.com'", "listener 'tcp' is TCP");
  });
});

describe('HttpRoute from JavaScript: wrong types are synth errors', () => {
  test.each<[string, any, string]>([
    ['parents', { parents: 'gw', rules: [RULE] }, 'parents: must be an array'],
    ['a parent given by name', { parents: ['gw'], rules: [RULE] }, 'parents[0]: must be'],
    ['rules', { parents: [{ gateway: EXTERNAL }], rules: {} }, 'rules: must be an array'],
    ['a backend given by name', { parents: [{ gateway: EXTERNAL }], rules: [{ backends: ['svc'] }] }, 'rules[0].backends[0]: must be'],
    ['a path given as a string', { parents: [{ gateway: EXTERNAL }], rules: [{ backends: [POOL], matches: [{ path: '/v1' }] }] },
      'rules[0].matches[0].path: must be'],
    ['a method not in the enum', { parents: [{ gateway: EXTERNAL }], rules: [{ backends: [POOL], matches: [{ method: 'get' }] }] },
      'rules[0].matches[0].method: must be'],
    ['a timeout in seconds', { parents: [{ gateway: EXTERNAL }], rules: [{ backends: [POOL], requestTimeout: 30 }] }, 'rules[0].requestTimeout: must be'],
    ['hostnames', { parents: [{ gateway: EXTERNAL }], rules: [RULE], hostnames: 'llm.example.com' }, 'hostnames: must be an array'],
  ])('%s', (_, props, message) => {
    const { app, chart } = newChart();
    new HttpRoute(chart, 'route', props);
    expectError(synthErrors(app), 'test/route', message);
  });

  test('factories given wrong arguments', () => {
    const { app, chart } = newChart();
    new HttpRoute(chart, 'route', {
      parents: [{ gateway: EXTERNAL }],
      rules: [{
        backends: [HttpBackend.serviceName('svc', '80' as any), HttpBackend.inferencePool('pool', { weight: '1' as any })],
        matches: [{ path: HttpPathMatch.prefix(1 as any), headers: [HttpHeaderMatch.exact('a', 2 as any)] }],
      }],
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/route', 'HttpBackend.serviceName(port): must be a number');
    expectError(errors, 'test/route', 'HttpBackend.inferencePool(options).weight: must be a number');
    expectError(errors, 'test/route', 'HttpPathMatch.prefix(path): must be a string');
    expectError(errors, 'test/route', 'HttpHeaderMatch.exact(value): must be a string');
  });

  test('addRule given a wrong rule', () => {
    const { app, route } = routeOf();
    route.addRule({ matches: [] } as any);
    expectError(synthErrors(app), 'test/route', 'httpRoute.addRule(rule).backends is required');
  });
});

describe('HttpRoute filters', () => {
  test('request and response headers, URL rewrites (prefix, full path, hostname) reach the YAML', () => {
    const { chart } = routeOf({
      rules: [
        {
          matches: [{ path: HttpPathMatch.prefix('/ml/llama') }],
          filters: [
            HttpRouteFilter.urlRewrite({ prefix: '/', hostname: 'llama.ml.svc.cluster.local' }),
            HttpRouteFilter.requestHeaders({ set: { 'x-gateway': 'edge' }, add: { 'x-team': 'ml' }, remove: ['cookie'] }),
            HttpRouteFilter.responseHeaders({ remove: ['server'] }),
          ],
          backends: [POOL],
        },
        { matches: [{ path: HttpPathMatch.exact('/models') }], filters: [HttpRouteFilter.urlRewrite({ fullPath: '/v1/models' })], backends: [POOL] },
      ],
    });
    const rules = specOf(chart).rules;
    expect(rules[0].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { hostname: 'llama.ml.svc.cluster.local', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-gateway', value: 'edge' }], add: [{ name: 'x-team', value: 'ml' }], remove: ['cookie'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['server'] } },
    ]);
    expect(rules[1].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/v1/models' } } }]);
    expect(HttpRouteFilter.responseHeaders({ remove: ['server'] }).type).toBe('ResponseHeaderModifier');
  });

  test('at most 16, each kind once', () => {
    const filters = (list: HttpRouteFilter[]) => errorsOf({ rules: [{ backends: [POOL], filters: list }] });
    expectError(filters(Array.from({ length: 17 }, (_, i) => HttpRouteFilter.requestHeaders({ remove: [`h${i}`] }))), 'test/route',
      'spec.rules[0].filters: at most 16 (got 17)');
    expectError(filters([HttpRouteFilter.requestHeaders({ remove: ['a'] }), HttpRouteFilter.requestHeaders({ remove: ['b'] })]), 'test/route',
      'spec.rules[0].filters[1]: a rule takes one RequestHeaderModifier filter, and spec.rules[0].filters[0] is one already');
  });

  test('a prefix rewrite needs exactly one PathPrefix match', () => {
    const rewrite = HttpRouteFilter.urlRewrite({ prefix: '/v1' });
    const rule = (matches?: object[]) => errorsOf({ rules: [{ backends: [POOL], filters: [rewrite], matches: matches as any }] });
    expectError(rule(), 'test/route', 'a URL rewrite of the matched prefix needs exactly one match with an HttpPathMatch.prefix(...) path (the rule has 0 matches)');
    expectError(rule([{ path: HttpPathMatch.exact('/a') }]), 'test/route', 'the rule has 1 match without a prefix path');
    expectError(rule([{ path: HttpPathMatch.prefix('/a') }, { path: HttpPathMatch.prefix('/b') }]), 'test/route', 'the rule has 2 matches');
    expect(rule([{ path: HttpPathMatch.prefix('/a') }])).toEqual([]);
  });

  test('header filters: change something; names, values, at most 16 each, remove without repeats', () => {
    const headers = (changes: object) => errorsOf({ rules: [{ backends: [POOL], filters: [HttpRouteFilter.requestHeaders(changes)] }] });
    expectError(headers({}), 'test/route', 'spec.rules[0].filters[0]: the header filter changes nothing');
    expectError(headers({ set: { 'bad name': 'x' } }), 'test/route', "requestHeaderModifier.set: header name 'bad name' must be an HTTP token");
    expectError(headers({ add: { a: '' } }), 'test/route', "requestHeaderModifier.add['a'] must be 1 to 4096 characters long (got 0)");
    expectError(headers({ remove: ['a', 'a'] }), 'test/route', "requestHeaderModifier.remove: 'a' is listed twice");
    expectError(headers({ remove: Array.from({ length: 17 }, (_, i) => `h${i}`) }), 'test/route', 'requestHeaderModifier.remove: at most 16 (got 17)');
  });

  test('URL rewrites: change something, not both paths, a precise hostname, paths at most 1024', () => {
    const rewrite = (r: object) => errorsOf({ rules: [{ backends: [POOL], matches: [{ path: HttpPathMatch.prefix('/a') }], filters: [HttpRouteFilter.urlRewrite(r)] }] });
    expectError(rewrite({}), 'test/route', 'spec.rules[0].filters[0]: the URL rewrite changes nothing');
    expectError(rewrite({ prefix: '/', fullPath: '/x' }), 'test/route', "give 'prefix' or 'fullPath', not both");
    expectError(rewrite({ hostname: '*.example.com' }), 'test/route', "urlRewrite.hostname '*.example.com' must be a lower-case DNS name without wildcard");
    expectError(rewrite({ fullPath: `/${'a'.repeat(1024)}` }), 'test/route', 'urlRewrite.fullPath is 1025 characters long; at most 1024');
  });

  test('from JavaScript: a wrong filter or filter argument is a synth error', () => {
    const { app, chart } = newChart();
    new HttpRoute(chart, 'route', {
      parents: [{ gateway: EXTERNAL }],
      rules: [{ backends: [POOL], filters: ['URLRewrite' as any, HttpRouteFilter.requestHeaders({ set: 'x' as any })] }],
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/route', 'rules[0].filters[0]: must be');
    expectError(errors, 'test/route', 'HttpRouteFilter.requestHeaders(changes).set: must be');
  });
});
