/**
 * Gateway (gateway.networking.k8s.io/v1): each field set through the typed API reaches the YAML exactly and validates
 * against the gateway-api v1.5.1 CRD; each rule (the CRD's schema and x-kubernetes-validations, the documented rules,
 * our own) rejects its bad input at synth; JavaScript callers' wrong types are synth errors.
 */
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { Secret, TlsSecret } from 'cdk8s-plus-28';
import { Gateway, GatewayAddress, GatewayProps, Listener, ListenerProtocol, RouteKind, RouteNamespaces, TlsMode } from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const HTTP: Listener = { name: 'http', port: 80, protocol: ListenerProtocol.HTTP };

function gatewayOf(props: Partial<GatewayProps> = {}) {
  const { app, chart } = newChart();
  const gateway = new Gateway(chart, 'gw', { gatewayClassName: 'istio', listeners: [HTTP], ...props });
  return { app, chart, gateway };
}

/** The synthesized objects of a Gateway, validated against the schemas; returns the Gateway's spec. */
function specOf(props: Partial<GatewayProps> = {}): any {
  const { chart } = gatewayOf(props);
  const objects = Testing.synth(chart);
  expectValidObjects(objects);
  return objects.find(o => o.kind === 'Gateway').spec;
}

function errorsOf(props: Partial<GatewayProps>): string[] {
  return synthErrors(gatewayOf(props).app);
}

describe('Gateway fields', () => {
  test('the minimal Gateway: apiVersion, kind, metadata, class and one listener', () => {
    const { chart, gateway } = gatewayOf();
    const objects = Testing.synth(chart);
    expectValidObjects(objects);
    expect(objects).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'ml' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    }]);
    expect(gateway.name).toBe('gw');
    expect(gateway.namespace).toBe('ml');
    expect(gateway.gatewayClassName).toBe('istio');
    expect(ApiObject.of(gateway)).toBe(gateway.apiObject);
  });

  test('name and namespace', () => {
    const { chart } = gatewayOf({ name: 'llm-gateway', namespace: 'gateways' });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'llm-gateway', namespace: 'gateways' });
  });

  test('listener hostname, TLS certificates, options and mode, allowed route namespaces', () => {
    const { chart } = newChart();
    const cert = new TlsSecret(chart, 'cert', { tlsCert: 'cert', tlsKey: 'key' });
    const other = Secret.fromSecretName(chart, 'other', 'wildcard-cert');
    new Gateway(chart, 'gw', {
      gatewayClassName: 'eg',
      listeners: [
        { name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: '*.example.com', allowedRoutes: RouteNamespaces.all() },
        {
          name: 'https',
          port: 443,
          protocol: ListenerProtocol.HTTPS,
          hostname: 'llm.example.com',
          tls: { mode: TlsMode.TERMINATE, certificates: [cert, other], options: { 'example.com/min-version': '1.3' } },
          allowedRoutes: RouteNamespaces.selector({ 'kubernetes.io/metadata.name': 'llm' }),
        },
        { name: 'passthrough', port: 8443, protocol: ListenerProtocol.TLS, tls: { mode: TlsMode.PASSTHROUGH }, allowedRoutes: RouteNamespaces.same() },
        { name: 'tcp', port: 9000, protocol: ListenerProtocol.TCP },
        { name: 'udp', port: 9001, protocol: ListenerProtocol.UDP },
        { name: 'custom', port: 9002, protocol: ListenerProtocol.custom('example.com/redis') },
      ],
    });
    const objects = Testing.synth(chart);
    expectValidObjects(objects);
    expect(objects.find(o => o.kind === 'Gateway').spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        hostname: 'llm.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ name: cert.name }, { name: 'wildcard-cert' }], options: { 'example.com/min-version': '1.3' } },
        allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'llm' } } } },
      },
      { name: 'passthrough', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'Same' } } },
      { name: 'tcp', port: 9000, protocol: 'TCP' },
      { name: 'udp', port: 9001, protocol: 'UDP' },
      { name: 'custom', port: 9002, protocol: 'example.com/redis' },
    ]);
  });

  test('allowed route kinds, with or without allowed namespaces', () => {
    expect(specOf({
      listeners: [
        { ...HTTP, allowedRouteKinds: [RouteKind.HTTP_ROUTE, RouteKind.GRPC_ROUTE] },
        { name: 'other', port: 81, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.all(), allowedRouteKinds: [RouteKind.custom('example.com', 'MyRoute')] },
        { name: 'tls', port: 443, protocol: ListenerProtocol.TLS, tls: { mode: TlsMode.PASSTHROUGH }, allowedRouteKinds: [RouteKind.TLS_ROUTE] },
        { name: 'tcp', port: 9000, protocol: ListenerProtocol.TCP, allowedRouteKinds: [RouteKind.TCP_ROUTE] },
        { name: 'udp', port: 9001, protocol: ListenerProtocol.UDP, allowedRouteKinds: [RouteKind.UDP_ROUTE] },
      ],
    }).listeners.map((l: any) => l.allowedRoutes)).toEqual([
      { kinds: [{ kind: 'HTTPRoute' }, { kind: 'GRPCRoute' }] },
      { namespaces: { from: 'All' }, kinds: [{ group: 'example.com', kind: 'MyRoute' }] },
      { kinds: [{ kind: 'TLSRoute' }] },
      { kinds: [{ kind: 'TCPRoute' }] },
      { kinds: [{ kind: 'UDPRoute' }] },
    ]);
  });

  test('a certificate Secret written into another namespace is referenced with it', () => {
    const { app, chart } = newChart();
    const cert = new TlsSecret(chart, 'cert', { tlsCert: 'cert', tlsKey: 'key', metadata: { namespace: 'certs' } });
    new Gateway(chart, 'gw', {
      gatewayClassName: 'istio', listeners: [{ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, tls: { certificates: [cert] } }],
    });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expectValidObjects(objects);
    expect(objects.find(o => o.kind === 'Gateway').spec.listeners[0].tls).toEqual({ certificateRefs: [{ name: cert.name, namespace: 'certs' }] });
  });

  test('addresses', () => {
    expect(specOf({
      addresses: [GatewayAddress.ipAddress('192.0.2.10'), GatewayAddress.ipAddress('2001:db8::1'), GatewayAddress.hostname('lb.example.com'),
        GatewayAddress.custom('example.com/pool', 'blue'), GatewayAddress.custom('example.com/any'), GatewayAddress.custom('NamedAddress', 'reserved-ip')],
    }).addresses).toEqual([
      { type: 'IPAddress', value: '192.0.2.10' }, { type: 'IPAddress', value: '2001:db8::1' }, { type: 'Hostname', value: 'lb.example.com' },
      { type: 'example.com/pool', value: 'blue' }, { type: 'example.com/any' }, { type: 'NamedAddress', value: 'reserved-ip' },
    ]);
  });

  test('infrastructure labels and annotations', () => {
    expect(specOf({ infrastructureLabels: { team: 'ml' } }).infrastructure).toEqual({ labels: { team: 'ml' } });
    expect(specOf({
      infrastructureLabels: { team: 'ml' }, infrastructureAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
    }).infrastructure).toEqual({ labels: { team: 'ml' }, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } });
  });

  test('addListener adds a listener after construction; listeners lists them', () => {
    const { chart, gateway } = gatewayOf();
    gateway.addListener({ name: 'metrics', port: 9090, protocol: ListenerProtocol.HTTP });
    expect(gateway.listeners.map(l => l.name)).toEqual(['http', 'metrics']);
    expect(Testing.synth(chart)[0].spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP' }, { name: 'metrics', port: 9090, protocol: 'HTTP' },
    ]);
  });

  test('JSON patches apply last', () => {
    const { chart, gateway } = gatewayOf();
    gateway.apiObject.addJsonPatch(JsonPatch.add('/spec/listeners/0/hostname', 'patched.example.com'));
    expect(Testing.synth(chart)[0].spec.listeners[0].hostname).toBe('patched.example.com');
  });

  test('ListenerProtocol renders itself', () => {
    expect(ListenerProtocol.HTTPS.value).toBe('HTTPS');
    expect(`${ListenerProtocol.custom('example.com/redis')}`).toBe('example.com/redis');
  });
});

describe('Gateway rules', () => {
  test('metadata: name a DNS-1123 subdomain, namespace a DNS-1123 label', () => {
    expectError(errorsOf({ name: 'LLM_gw' }), 'test/gw', "metadata.name 'LLM_gw' must be a DNS-1123 subdomain");
    expectError(errorsOf({ namespace: 'Bad' }), 'test/gw', "metadata.namespace 'Bad' must be a DNS-1123 label");
  });

  test('gatewayClassName is 1 to 253 characters', () => {
    expectError(errorsOf({ gatewayClassName: '' }), 'test/gw', 'spec.gatewayClassName', 'must be 1 to 253 characters');
    expectError(errorsOf({ gatewayClassName: 'a'.repeat(254) }), 'test/gw', 'spec.gatewayClassName', 'must be 1 to 253 characters');
  });

  test('1 to 64 listeners', () => {
    expectError(errorsOf({ listeners: [] }), 'test/gw', 'spec.listeners: a Gateway has 1 to 64 listeners (got 0)');
    const many = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: ListenerProtocol.HTTP }));
    expectError(errorsOf({ listeners: many }), 'test/gw', 'a Gateway has 1 to 64 listeners (got 65)');
  });

  test('listener names: SectionName format, unique', () => {
    expectError(errorsOf({ listeners: [{ ...HTTP, name: 'Web' }] }), 'test/gw', "spec.listeners[0].name 'Web' must be a DNS-1123 subdomain");
    expectError(errorsOf({ listeners: [HTTP, { ...HTTP, port: 8080 }] }), 'test/gw',
      "spec.listeners[1]: listener name 'http' is already used by spec.listeners[0]");
  });

  test.each([0, 65536, 80.5])('port %p is out of range', port => {
    expectError(errorsOf({ listeners: [{ ...HTTP, port }] }), 'test/gw', "spec.listeners[0] ('http').port", 'must be a whole number from 1 to 65535');
  });

  test('protocol: a core name or a domain-prefixed one', () => {
    expectError(errorsOf({ listeners: [{ ...HTTP, protocol: ListenerProtocol.custom('GRPC') }] }), 'test/gw',
      "protocol 'GRPC' is not a Gateway API protocol", 'gRPC is served on HTTP or HTTPS listeners');
    expectError(errorsOf({ listeners: [{ ...HTTP, protocol: ListenerProtocol.custom('example.com') }] }), 'test/gw',
      "protocol 'example.com' must be HTTP, HTTPS, TLS, TCP, UDP or a domain-prefixed name");
  });

  test('hostname: the Hostname format, no IP, not on TCP or UDP', () => {
    expectError(errorsOf({ listeners: [{ ...HTTP, hostname: 'LLM.example.com' }] }), 'test/gw', "hostname 'LLM.example.com' must be a lower-case DNS name");
    expectError(errorsOf({ listeners: [{ ...HTTP, hostname: 'a.*.example.com' }] }), 'test/gw', 'must be a lower-case DNS name');
    expectError(errorsOf({ listeners: [{ ...HTTP, hostname: '10.0.0.1' }] }), 'test/gw', "hostname '10.0.0.1' is an IP address");
    expectError(errorsOf({ listeners: [{ name: 't', port: 9000, protocol: ListenerProtocol.TCP, hostname: 'db.example.com' }] }), 'test/gw',
      "spec.listeners[0] ('t').hostname: TCP listeners match by port only");
  });

  test('tls: not on HTTP, TCP, UDP; required for HTTPS; a mode for TLS; HTTPS terminates; Terminate needs certificates', () => {
    const { chart } = newChart();
    const cert = Secret.fromSecretName(chart, 'cert', 'llm-cert');
    const errors = (listener: Listener) => errorsOf({ listeners: [listener] });
    expectError(errors({ ...HTTP, tls: { certificates: [cert] } }), 'test/gw', "spec.listeners[0] ('http').tls: HTTP listeners carry no TLS settings");
    expectError(errors({ name: 'u', port: 53, protocol: ListenerProtocol.UDP, tls: { options: { a: 'b' } } }), 'test/gw', 'UDP listeners carry no TLS settings');
    expectError(errors({ name: 's', port: 443, protocol: ListenerProtocol.HTTPS }), 'test/gw', "spec.listeners[0] ('s').tls is required for HTTPS listeners");
    expectError(errors({ name: 's', port: 443, protocol: ListenerProtocol.TLS, tls: { certificates: [cert] } }), 'test/gw',
      "spec.listeners[0] ('s').tls.mode is required for TLS listeners");
    expectError(errors({ name: 's', port: 443, protocol: ListenerProtocol.HTTPS, tls: { mode: TlsMode.PASSTHROUGH } }), 'test/gw',
      'tls.mode: HTTPS listeners terminate TLS');
    expectError(errors({ name: 's', port: 443, protocol: ListenerProtocol.HTTPS, tls: {} }), 'test/gw', "a listener that terminates TLS needs 'certificates'");
    expectError(errors({ name: 's', port: 443, protocol: ListenerProtocol.TLS, tls: { mode: TlsMode.TERMINATE } }), 'test/gw',
      "a listener that terminates TLS needs 'certificates'");
    // Implementation-specific options are enough for Terminate (the CRD rule).
    expect(errors({ name: 's', port: 443, protocol: ListenerProtocol.HTTPS, tls: { options: { 'example.com/cert': 'vault' } } })).toEqual([]);
  });

  test('tls limits: 64 certificates, 16 options of 4096 characters', () => {
    const { chart } = newChart();
    const certs = Array.from({ length: 65 }, (_, i) => Secret.fromSecretName(chart, `c${i}`, `cert-${i}`));
    const https = (tls: Listener['tls']): Listener => ({ name: 's', port: 443, protocol: ListenerProtocol.HTTPS, tls });
    expectError(errorsOf({ listeners: [https({ certificates: certs })] }), 'test/gw', 'tls.certificates: at most 64 (got 65)');
    const options = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`example.com/o${i}`, 'x']));
    expectError(errorsOf({ listeners: [https({ options })] }), 'test/gw', 'tls.options: at most 16 entries (got 17)');
    expectError(errorsOf({ listeners: [https({ options: { 'example.com/o': 'x'.repeat(4097) } })] }), 'test/gw',
      "tls.options['example.com/o'] is 4097 characters long; at most 4096");
  });

  test('port, protocol and hostname unique across listeners', () => {
    expectError(errorsOf({ listeners: [HTTP, { ...HTTP, name: 'other' }] }), 'test/gw',
      "spec.listeners[1] ('other') has the port, protocol and hostname of spec.listeners[0] ('http')");
    expectError(errorsOf({ listeners: [{ ...HTTP, hostname: 'a.example.com' }, { ...HTTP, name: 'other', hostname: 'a.example.com' }] }),
      'test/gw', "for 'a.example.com'");
    expect(errorsOf({ listeners: [{ ...HTTP, hostname: 'a.example.com' }, { ...HTTP, name: 'other', hostname: 'b.example.com' }, { ...HTTP, name: 'any' }] }))
      .toEqual([]);
  });

  test('a TCP listener cannot share its port with HTTP, HTTPS or TLS listeners', () => {
    expectError(errorsOf({ listeners: [HTTP, { name: 'tcp', port: 80, protocol: ListenerProtocol.TCP }] }), 'test/gw',
      "spec.listeners[1] ('tcp', TCP) and spec.listeners[0] ('http', HTTP) share port 80");
    // TCP and UDP may share a port number.
    expect(errorsOf({ listeners: [{ name: 'tcp', port: 53, protocol: ListenerProtocol.TCP }, { name: 'udp', port: 53, protocol: ListenerProtocol.UDP }] }))
      .toEqual([]);
  });

  test('our own rule: an HTTPS and a TLS listener on one port for the same hostname clash', () => {
    const { chart } = newChart();
    const cert = Secret.fromSecretName(chart, 'cert', 'llm-cert');
    const https: Listener = { name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: 'llm.example.com', tls: { certificates: [cert] } };
    const tls: Listener = { name: 'tls', port: 443, protocol: ListenerProtocol.TLS, hostname: 'llm.example.com', tls: { mode: TlsMode.PASSTHROUGH } };
    expectError(errorsOf({ listeners: [https, tls] }), 'test/gw', "spec.listeners[1] ('tls') and spec.listeners[0] ('https') clash",
      "for 'llm.example.com' are both selected by the TLS server name");
    expect(errorsOf({ listeners: [https, { ...tls, hostname: 'raw.example.com' }] })).toEqual([]);
  });

  test('addresses: valid IPs and hostnames, custom types domain-prefixed, unique, at most 16', () => {
    expectError(errorsOf({ addresses: [GatewayAddress.ipAddress('300.1.1.1')] }), 'test/gw', "spec.addresses[0]: '300.1.1.1' is not an IPv4 or IPv6 address");
    expectError(errorsOf({ addresses: [GatewayAddress.hostname('LB')] }), 'test/gw', 'spec.addresses[0].value', 'must be a lower-case DNS name');
    expectError(errorsOf({ addresses: [GatewayAddress.custom('Pool', 'x')] }), 'test/gw', "spec.addresses[0].type 'Pool' must be 'NamedAddress' or a domain-prefixed name");
    expectError(errorsOf({ addresses: [GatewayAddress.custom('example.com/pool', 'x'.repeat(254))] }), 'test/gw', 'spec.addresses[0].value is 254 characters long');
    expectError(errorsOf({ addresses: [GatewayAddress.ipAddress('192.0.2.1'), GatewayAddress.ipAddress('192.0.2.1')] }), 'test/gw',
      "spec.addresses[1]: IPAddress '192.0.2.1' is already requested by spec.addresses[0]");
    const many = Array.from({ length: 17 }, (_, i) => GatewayAddress.ipAddress(`192.0.2.${i + 1}`));
    expectError(errorsOf({ addresses: many }), 'test/gw', 'spec.addresses: at most 16 (got 17)');
  });

  test('allowedRoutes selector: at least one label, valid labels', () => {
    expectError(errorsOf({ listeners: [{ ...HTTP, allowedRoutes: RouteNamespaces.selector({}) }] }), 'test/gw',
      'RouteNamespaces.selector needs at least one label');
    expectError(errorsOf({ listeners: [{ ...HTTP, allowedRoutes: RouteNamespaces.selector({ team: 'not valid' }) }] }), 'test/gw',
      "allowedRoutes.namespaces.selector.matchLabels['team'] value 'not valid' is invalid");
  });

  test('allowed route kinds: at most 8, valid kinds and groups', () => {
    expectError(errorsOf({ listeners: [{ ...HTTP, allowedRouteKinds: Array.from({ length: 9 }, () => RouteKind.HTTP_ROUTE) }] }), 'test/gw',
      "spec.listeners[0] ('http').allowedRouteKinds: at most 8 (got 9)");
    expectError(errorsOf({ listeners: [{ ...HTTP, allowedRouteKinds: [RouteKind.custom('example.com', 'my/route')] }] }), 'test/gw',
      "allowedRouteKinds[0].kind 'my/route' must be a kind name");
    expectError(errorsOf({ listeners: [{ ...HTTP, allowedRouteKinds: [RouteKind.custom('Example.com', 'MyRoute')] }] }), 'test/gw',
      "allowedRouteKinds[0].group 'Example.com' must be an API group");
  });

  test('infrastructure: at most 8 labels and annotations, valid keys and values', () => {
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']));
    expectError(errorsOf({ infrastructureLabels: nine }), 'test/gw', 'spec.infrastructure.labels: at most 8 entries (got 9)');
    expectError(errorsOf({ infrastructureAnnotations: nine }), 'test/gw', 'spec.infrastructure.annotations: at most 8 entries (got 9)');
    expectError(errorsOf({ infrastructureLabels: { team: 'a b' } }), 'test/gw', "spec.infrastructure.labels['team'] value 'a b' is invalid");
    expectError(errorsOf({ infrastructureAnnotations: { 'bad key!': 'x' } }), 'test/gw', "spec.infrastructure.annotations key 'bad key!'");
    expectError(errorsOf({ infrastructureAnnotations: { note: 'x'.repeat(4097) } }), 'test/gw', "spec.infrastructure.annotations['note'] is 4097 characters long");
  });

  test('a Gateway written twice is a duplicate', () => {
    const { app, chart } = newChart();
    new Gateway(chart, 'a', { gatewayClassName: 'istio', name: 'gw', listeners: [HTTP] });
    new Gateway(chart, 'b', { gatewayClassName: 'istio', name: 'gw', listeners: [HTTP] });
    expectError(synthErrors(app), 'test/a', "Gateway 'ml/gw' is also written by 'test/b'");
  });
});

describe('Gateway from JavaScript: wrong types are synth errors', () => {
  test.each<[string, any, string]>([
    ['gatewayClassName', { gatewayClassName: 7, listeners: [HTTP] }, 'gatewayClassName: must be a string (got number 7)'],
    ['listeners', { gatewayClassName: 'istio', listeners: 'http' }, 'listeners: must be an array'],
    ['a listener protocol given as a string', { gatewayClassName: 'istio', listeners: [{ name: 'h', port: 80, protocol: 'HTTP' }] },
      'listeners[0].protocol: must be'],
    ['a listener port given as a string', { gatewayClassName: 'istio', listeners: [{ ...HTTP, port: '80' }] }, 'listeners[0].port: must be a number'],
    ['tls mode', { gatewayClassName: 'istio', listeners: [{ ...HTTP, tls: { mode: 'Terminate2' } }] }, 'listeners[0].tls.mode: must be'],
    ['a certificate given by name', { gatewayClassName: 'istio', listeners: [{ ...HTTP, tls: { certificates: ['cert'] } }] },
      'listeners[0].tls.certificates[0]: must be'],
    ['addresses', { gatewayClassName: 'istio', listeners: [HTTP], addresses: ['10.0.0.1'] }, 'addresses[0]: must be'],
  ])('%s', (_, props, message) => {
    const { app, chart } = newChart();
    new Gateway(chart, 'gw', props);
    expectError(synthErrors(app), 'test/gw', message);
  });

  test('a required Gateway prop left out', () => {
    const { app, chart } = newChart();
    new Gateway(chart, 'gw', { listeners: [HTTP] } as any);
    expectError(synthErrors(app), 'test/gw', 'gatewayClassName is required');
  });

  test('factories given wrong arguments', () => {
    const { app, chart } = newChart();
    new Gateway(chart, 'gw', {
      gatewayClassName: 'istio',
      listeners: [{ ...HTTP, allowedRoutes: RouteNamespaces.selector('team=ml' as any) }],
      addresses: [GatewayAddress.ipAddress(10 as any)],
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/gw', 'RouteNamespaces.selector(matchLabels): must be');
    expectError(errors, 'test/gw', 'GatewayAddress.ipAddress(address): must be a string');
  });

  test('addListener given a wrong listener', () => {
    const { app, gateway } = gatewayOf();
    gateway.addListener({ name: 'x', port: 81 } as any);
    expectError(synthErrors(app), 'test/gw', 'gateway.addListener(listener).protocol is required');
  });
});
