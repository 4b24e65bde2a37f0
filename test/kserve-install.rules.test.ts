/**
 * Issue #8, one rule broken at a time, for src/install: KServeInstall (namespace, inferenceservice-config,
 * controller resources, excluded runtimes, every InferenceService resolving to a runtime). Service-resolution
 * errors are reported on the service.
 *
 * One random valid stack (test/util/runtime-cases.ts) is broken by exactly one rule per breaker.
 */
import { Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { CrdSource, KServeInstall, ProtocolVersion, WebhookCertificates } from '../src';
import { expectBrokenRule, expectValidApp } from './util/broken-rule';
import {
  Breaker, LONG_LABEL, MISSING_CRD_FILE, RUNS, V13, V20, auto, breakerBase, build, installAt, isV13, nameOf, named, namedIs, notFound,
  notServed, protocolsOf, schemaOf, serviceAt, sklearnAt, sklearnNotFound, useCrdFile, validCase, withConfig, withFormat, withIngress,
  withInstall, withRuntime, withService,
} from './util/runtime-cases';
import { expectValidObjects } from './util/schema-validator';

useCrdFile();

test('random valid installs, runtimes and services synthesize and validate against their version', () => {
  fc.assert(fc.property(validCase, (c) => {
    let install: KServeInstall | undefined;
    const objects = expectValidApp(chart => { install = build(c)(chart); }, schemaOf(c.version));
    expect(objects.filter(o => o.kind === 'ServingRuntime')).toHaveLength(2);
    for (const part of [install!.crds, install!.controlPlane, install!.runtimes]) {
      expectValidObjects(Testing.synth(part), { kserveVersion: schemaOf(c.version) });
    }
    expect(install!.version).toBe(c.version);
    const added = install!.clusterServingRuntimes.find(r => r.name === nameOf(c.runtimes.cluster));
    expect(added !== undefined).toBe(c.clusterViaInstall);
    if (added) {
      expect(added.version).toBe(c.version);
      expect(added.supportedModelFormats).toEqual(c.runtimes.cluster.options.supportedModelFormats);
      expect(added.protocolVersions).toEqual(protocolsOf(c.runtimes.cluster));
      expect(added.disabled).toBe(false);
    }
  }), RUNS);
});

const installBreakers: Record<string, Breaker> = {
  'install namespace not a DNS-1123 label': {
    breakIt: c => withInstall(c, { namespace: 'KServe_System' }), at: installAt, field: () => "namespace 'KServe_System' must be a DNS-1123 label",
  },
  'install namespace longer than 63': {
    breakIt: c => withInstall(c, { namespace: LONG_LABEL }), at: installAt, field: () => `namespace '${LONG_LABEL}' must be a DNS-1123 label`,
  },
  'config.ingress.domain not a DNS domain': {
    breakIt: c => withIngress(c, { domain: 'localhost' }), at: installAt, field: () => "config.ingress.domain 'localhost'",
  },
  'config.ingress.urlScheme not http(s)': {
    breakIt: c => withIngress(c, { urlScheme: 'ftp' }), at: installAt, field: () => "config.ingress.urlScheme 'ftp'",
  },
  'config.ingress.domainTemplate not a Go template': {
    breakIt: c => withIngress(c, { domainTemplate: 'models.example.com' }), at: installAt, field: () => "config.ingress.domainTemplate 'models.example.com'",
  },
  'config.ingress.ingressGateway not <namespace>/<name>': {
    breakIt: c => withIngress(c, { ingressGateway: 'knative-ingress-gateway' }),
    at: installAt,
    field: () => "config.ingress.ingressGateway 'knative-ingress-gateway'",
  },
  'config.ingress.enableGatewayApi before v0.15': {
    when: isV13, breakIt: c => withIngress(c, { enableGatewayApi: false }), at: installAt, field: () => 'config.ingress.enableGatewayApi needs KServe v0.15 or later',
  },
  'config.loggerDefaultUrl not an http(s) URL': {
    breakIt: c => withConfig(c, { loggerDefaultUrl: 'default-broker' }), at: installAt, field: () => "config.loggerDefaultUrl 'default-broker'",
  },
  'config.s3.endpoint with a scheme before v0.20': {
    when: isV13,
    breakIt: c => withConfig(c, { s3: { ...c.install.config?.s3, endpoint: 'http://minio.minio.svc:9000' } }),
    at: installAt,
    field: () => "config.s3.endpoint 'http://minio.minio.svc:9000'",
  },
  'controllerResources cpu request above limit': {
    breakIt: c => withInstall(c, { controllerResources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(100) } } }),
    at: installAt,
    field: () => 'controllerResources.cpu.request (500m) must be less than or equal to controllerResources.cpu.limit (100m)',
  },
  'controllerResources memory not positive': {
    breakIt: c => withInstall(c, { controllerResources: { memory: { limit: Size.mebibytes(0) } } }),
    at: installAt,
    field: () => 'controllerResources.memory.limit (0Mi) must be greater than zero',
  },
  'excludeRuntimes names no standard runtime': {
    breakIt: c => withInstall(c, { excludeRuntimes: [...c.install.excludeRuntimes ?? [], 'kserve-vllmserver'] }),
    at: installAt,
    field: c => `excludeRuntimes: 'kserve-vllmserver' is not a standard runtime of ${c.version.name}`,
  },
  'excludeRuntimes names a runtime of a later release': {
    when: isV13,
    breakIt: c => withInstall(c, { excludeRuntimes: ['kserve-autogluonserver'] }),
    at: installAt,
    field: () => "excludeRuntimes: 'kserve-autogluonserver' is not a standard runtime of v0.13.1",
  },
  'crds from a file that does not exist': {
    breakIt: c => withInstall(c, { crds: CrdSource.fromFile(MISSING_CRD_FILE) }),
    at: installAt,
    field: () => `crds: CrdSource.fromFile('${MISSING_CRD_FILE}'): no such file`,
  },
  'controllerImage with a tag': {
    breakIt: c => withInstall(c, { controllerImage: `${c.install.controllerImage ?? 'kserve/kserve-controller'}:1.0` }),
    at: installAt,
    field: c => `controllerImage '${c.install.controllerImage}' must be an image repository without a tag or digest`,
  },
  'controllerImage not an image repository': {
    breakIt: c => withInstall(c, { controllerImage: 'Mirror/KServe Controller' }),
    at: installAt,
    field: () => "controllerImage 'Mirror/KServe Controller' is not an image repository",
  },
  'webhookCertificates issuer name empty': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.certManagerIssuer('') }),
    at: installAt,
    field: () => "webhookCertificates.issuerName '' must be the name of an Issuer",
  },
  'webhookCertificates ClusterIssuer name not a DNS-1123 subdomain': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.certManagerIssuer('Corp_CA', true) }),
    at: installAt,
    field: () => "webhookCertificates.issuerName 'Corp_CA' must be the name of a ClusterIssuer",
  },
  'webhookCertificates caBundle not base64': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.fromCaBundle('not base64!') }),
    at: installAt,
    field: () => "webhookCertificates.caBundle 'not base64!' is not base64",
  },
  'webhookCertificates caBundle not a PEM certificate': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.fromCaBundle(Buffer.from('just a CA').toString('base64')) }),
    at: installAt,
    field: () => 'does not decode to a PEM certificate',
  },
  'config.storageInitializerResources cpu request above limit': {
    breakIt: c => withConfig(c, { storageInitializerResources: { cpuRequest: Cpu.millis(1500), cpuLimit: Cpu.millis(1000) } }),
    at: installAt,
    field: () => 'config.storageInitializerResources.cpuRequest (1500m) must be less than or equal to config.storageInitializerResources.cpuLimit (1000m)',
  },
  'config.storageInitializerResources memory request above the default limit': {
    breakIt: c => withConfig(c, { storageInitializerResources: { memoryRequest: Size.gibibytes(2) } }),
    at: installAt,
    field: () => "config.storageInitializerResources.memoryRequest (2Gi) must be less than or equal to KServe's default config.storageInitializerResources.memoryLimit (1Gi)",
  },
  'config.storageCaBundleConfigMap not a ConfigMap name': {
    breakIt: c => withConfig(c, { storageCaBundleConfigMap: 'Custom_CA' }), at: installAt, field: () => "config.storageCaBundleConfigMap 'Custom_CA'",
  },
  'config.ingress.ingressClassName not an IngressClass name': {
    breakIt: c => withIngress(c, { ingressClassName: 'nginx class' }), at: installAt, field: () => "config.ingress.ingressClassName 'nginx class'",
  },
  'config.s3.region not a region name': {
    breakIt: c => withConfig(c, { s3: { ...c.install.config?.s3, region: 'EU_West_1' } }), at: installAt, field: () => "config.s3.region 'EU_West_1'",
  },
  'config.loggerDefaultUrl with text after the URL': {
    breakIt: c => withConfig(c, { loggerDefaultUrl: `${c.install.config?.loggerDefaultUrl ?? 'http://default-broker'} backup` }),
    at: installAt,
    field: c => `config.loggerDefaultUrl '${c.install.config?.loggerDefaultUrl}' must be an http(s) URL`,
  },
  'config.ingress.domainTemplate with an unclosed action': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Name }}.{{ .IngressDomain' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Name }}.{{ .IngressDomain' has a '{{' that is never closed",
  },
  'config.ingress.domainTemplate without .Name': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Namespace }}.{{ .IngressDomain }}' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Namespace }}.{{ .IngressDomain }}' must reference .Name",
  },
  'config.ingress.domainTemplate with an unknown field': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Name }}.{{ .Domain }}' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Name }}.{{ .Domain }}' uses .Domain",
  },
  'config.ingress.domainTemplate that renders no host name': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Name }}_{{ .Namespace }}.{{ .IngressDomain }}' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Name }}_{{ .Namespace }}.{{ .IngressDomain }}' does not render a host name",
  },
  'addRuntime options carrying another version': {
    when: c => c.clusterViaInstall,
    breakIt: c => withRuntime(c, 'cluster', o => ({ ...o, version: isV13(c) ? V20 : V13 })),
    at: c => `${installAt(c)}/runtimes/${c.runtimes.cluster.id}`,
    // ServingRuntimeOptions has no version (the install's applies), so from JavaScript it is an unknown property.
    field: () => /kServeInstall\.addRuntime\(options\)\.version: unknown property/,
  },
};

const serviceBreakers: Record<string, Breaker> = {
  'service targets another KServe version than the install': {
    breakIt: c => withService(c, { version: isV13(c) ? V20 : V13 }),
    at: serviceAt,
    field: c => `version: the service targets KServe ${c.service.version.name} but the app installs only ${c.version.name} (KServeInstall '${c.installId}')`,
  },
  'named runtime does not serve the format': {
    when: named, breakIt: c => withService(c, { format: 'onnx-custom', formatVersion: undefined }), at: serviceAt, field: notServed,
  },
  'named runtime does not serve the format name in another case': {
    when: named, breakIt: c => withService(c, { format: c.service.format.toUpperCase() }), at: serviceAt, field: notServed,
  },
  'named runtime does not speak the protocol': {
    when: c => named(c) && protocolsOf(c.runtimes[c.service.target]).length < ProtocolVersion.all().length,
    breakIt: c => withService(c, { protocol: ProtocolVersion.all().find(p => !protocolsOf(c.runtimes[c.service.target]).includes(p)) }),
    at: serviceAt,
    field: c => `${notServed(c)} '${c.service.format}'${c.service.formatVersion ? ` version ${c.service.formatVersion}` : ''} over ${c.service.protocol.value}`,
  },
  'named runtime is disabled': {
    when: named,
    breakIt: c => withRuntime(c, c.service.target, o => ({ ...o, disabled: true })),
    at: serviceAt,
    field: c => `${namedIs(c)}, which is disabled`,
  },
  'named ClusterServingRuntime is shadowed by a ServingRuntime of its name that does not serve the format': {
    when: c => named(c) && c.service.target === 'cluster',
    breakIt: c => withRuntime(c, 'namespaced', o => ({
      ...o, name: nameOf(c.runtimes.cluster), supportedModelFormats: [{ name: 'shadow-format', autoSelect: true, priority: 1 }],
    })),
    at: serviceAt,
    field: c => `spec.predictor.model.runtime '${nameOf(c.runtimes.cluster)}' is the ServingRuntime 'test/${c.runtimes.namespaced.id}' `
      + "(KServe takes the ServingRuntime of the service's namespace before the ClusterServingRuntime of that name), which does not serve format",
  },
  'no runtime serves the format': {
    when: auto, breakIt: c => withService(c, { format: 'onnx-custom', formatVersion: undefined }), at: serviceAt, field: notFound,
  },
  'no runtime serves the format name in another case': {
    when: auto, breakIt: c => withService(c, { format: c.service.format.toUpperCase() }), at: serviceAt, field: notFound,
  },
  'no runtime serves the format version': {
    when: auto, breakIt: c => withService(c, { formatVersion: '99' }), at: serviceAt, field: c => `${notFound(c)} version 99`,
  },
  'the runtimes serving the format do not auto-select it': {
    when: auto, breakIt: c => withFormat(c, c.service.target, { autoSelect: false }, true), at: serviceAt, field: notFound,
  },
  'the runtimes serving the format are multi-model': {
    when: auto, breakIt: c => withRuntime(c, c.service.target, o => ({ ...o, multiModel: true }), true), at: serviceAt, field: notFound,
  },
  'the ServingRuntimes serving the format are in another namespace': {
    when: c => auto(c) && c.service.target === 'namespaced',
    breakIt: c => withRuntime(c, 'namespaced', o => ({ ...o, namespace: 'elsewhere' }), true),
    at: serviceAt,
    field: notFound,
  },
  'the standard runtime of the format is excluded': {
    when: c => c.sklearn,
    breakIt: c => withInstall(c, { excludeRuntimes: [...c.install.excludeRuntimes ?? [], 'kserve-sklearnserver'] }),
    at: sklearnAt,
    field: sklearnNotFound,
  },
  'the standard runtimes are not installed': {
    when: c => c.sklearn,
    breakIt: c => withInstall(c, { standardRuntimes: false }),
    at: sklearnAt,
    field: sklearnNotFound,
  },
};


// Each breaker gets its own seed, so that together they see many different bases (test/serving-runtime.rules.test.ts
// continues after these).
const breakers: Array<[string, Breaker, number]> = Object.entries({
  ...installBreakers,
  ...serviceBreakers,
}).map(([rule, b], i) => [rule, b, RUNS.seed + i]);

test.each(breakers)('random stacks with one broken rule (%s) fail with the path and field, and write no file', (_rule, b, seed) => {
  fc.assert(fc.property(b.when ? breakerBase.filter(b.when) : breakerBase, (valid) => {
    const c = b.breakIt(valid);
    expectBrokenRule(build(c), { at: b.at(c), field: b.field(c) });
  }), { ...RUNS, seed });
});
