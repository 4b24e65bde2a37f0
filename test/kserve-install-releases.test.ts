import { Testing } from 'cdk8s';
import {
  KServeInstall, KServeInstallProps, KServeVersion, LLMInferenceService, LLMInferenceServiceConfig, StorageUri, WebhookCertificates,
} from '../src';
import { collectNulls, expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, schemaVersionOf } from './util/schema-validator';

// ---------------------------------------------------------------------------
// Upstream facts: the local model part of KServe's install at each release from v0.14.1 to v0.19.0 (v0.20.0 is in
// kserve-install-llm.test.ts), listed by hand from the kustomizations at each tag with the file each object comes from:
// v0.14.1–v0.16.0 config/default/kustomization.yaml lists ../localmodels and ../localmodelnodes (each `resources:
// [manager.yaml]`), config/rbac/kustomization.yaml the localmodel* roles, config/crd/full the three local model CRDs and
// config/webhook/manifests.yaml the LocalModelCache validator (served by the core manager, cmd/manager/main.go);
// from v0.17.1 config/components/localmodel → config/localmodels, which adds config/crd/full/localmodel,
// config/certmanager/localmodel, config/webhook/localmodel and ../localmodelnodes.
// ---------------------------------------------------------------------------

/** [kind, name, file at the tag]; namespaced objects live in the control-plane namespace. */
type Entry = [kind: string, name: string, source: string];

const WORKLOADS: Entry[] = [
  ['ServiceAccount', 'kserve-localmodel-controller-manager', 'config/rbac/localmodel/service_account.yaml'],
  ['ClusterRole', 'kserve-localmodel-manager-role', 'config/rbac/localmodel/role.yaml'],
  ['ClusterRoleBinding', 'kserve-localmodel-manager-rolebinding', 'config/rbac/localmodel/role_binding.yaml'],
  ['Deployment', 'kserve-localmodel-controller-manager', 'config/localmodels/manager.yaml'],
  ['ServiceAccount', 'kserve-localmodelnode-agent', 'config/rbac/localmodelnode/service_account.yaml'],
  ['ClusterRole', 'kserve-localmodelnode-agent-role', 'config/rbac/localmodelnode/role.yaml'],
  ['ClusterRoleBinding', 'kserve-localmodelnode-agent-rolebinding', 'config/rbac/localmodelnode/role_binding.yaml'],
  ['DaemonSet', 'kserve-localmodelnode-agent', 'config/localmodelnodes/manager.yaml'],
];
// The library's core CRDs hold localmodelcaches at every release from v0.14.1 (release.ts), so the part adds the others.
const CORE_ERA_CRDS: Entry[] = [
  ['CustomResourceDefinition', 'localmodelnodegroups.serving.kserve.io', 'config/crd/full/serving.kserve.io_localmodelnodegroups.yaml'],
  ['CustomResourceDefinition', 'localmodelnodes.serving.kserve.io', 'config/crd/full/serving.kserve.io_localmodelnodes.yaml'],
];
const OWN_WEBHOOK: Entry[] = [
  ['Service', 'localmodel-webhook-server-service', 'config/webhook/localmodel/service.yaml'],
  ['Certificate', 'localmodel-serving-cert', 'config/certmanager/localmodel/certificate.yaml'],
  ['ValidatingWebhookConfiguration', 'localmodelcache.serving.kserve.io', 'config/webhook/localmodel/manifests.yaml'],
];
const COMPONENT_CRDS: Entry[] = [
  ['CustomResourceDefinition', 'localmodelnodegroups.serving.kserve.io', 'config/crd/full/localmodel/serving.kserve.io_localmodelnodegroups.yaml'],
  ['CustomResourceDefinition', 'localmodelnodes.serving.kserve.io', 'config/crd/full/localmodel/serving.kserve.io_localmodelnodes.yaml'],
];
const NAMESPACE_CACHE_CRD: Entry[] = [
  ['CustomResourceDefinition', 'localmodelnamespacecaches.serving.kserve.io', 'config/crd/full/localmodel/serving.kserve.io_localmodelnamespacecaches.yaml'],
];
const INVENTORY: Array<[KServeVersion, Entry[]]> = [
  [KServeVersion.V0_14, [...CORE_ERA_CRDS, ...WORKLOADS]],
  [KServeVersion.V0_15, [...CORE_ERA_CRDS, ...WORKLOADS]],
  [KServeVersion.V0_16, [...CORE_ERA_CRDS, ...WORKLOADS]],
  [KServeVersion.V0_17, [...COMPONENT_CRDS, ...WORKLOADS, ...OWN_WEBHOOK]],
  [KServeVersion.V0_18, [...COMPONENT_CRDS, ...NAMESPACE_CACHE_CRD, ...WORKLOADS, ...OWN_WEBHOOK]],
  [KServeVersion.V0_19, [...COMPONENT_CRDS, ...NAMESPACE_CACHE_CRD, ...WORKLOADS, ...OWN_WEBHOOK]],
];
const CORE_WEBHOOK = [KServeVersion.V0_14, KServeVersion.V0_15, KServeVersion.V0_16];
const OWN_WEBHOOK_RELEASES = [KServeVersion.V0_17, KServeVersion.V0_18, KServeVersion.V0_19];

const F = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const NO_DELETE = ['create', 'get', 'list', 'patch', 'update', 'watch'];
const READ = ['get', 'list', 'watch'];
const STATUS = ['get', 'patch', 'update'];
type Rule = [apiGroups: string[], resources: string[], verbs: string[]];
const managerRole = (pvVerbs: string[], reads: string[], caches: string[]): Rule[] => [
  [[''], ['configmaps'], ['get']],
  [[''], ['nodes'], READ],
  [[''], ['nodes/status'], ['get', 'watch']],
  [[''], ['persistentvolumeclaims', 'persistentvolumes'], pvVerbs],
  [['serving.kserve.io'], reads, READ],
  [['serving.kserve.io'], [...caches, 'localmodelnodes'], F],
  [['serving.kserve.io'], caches.map(c => `${c}/status`), STATUS],
  [['serving.kserve.io'], ['localmodelnodes/status'], ['get', 'watch']],
];
const agentRole = (nodeReads: string[], kserveReads: Rule[]): Rule[] => [
  [[''], ['configmaps'], ['get']],
  [[''], nodeReads, READ],
  [[''], ['nodes/status'], ['get', 'watch']],
  [['batch'], ['jobs'], F],
  [['batch'], ['jobs/status'], ['get']],
  ...kserveReads,
  [['serving.kserve.io'], ['localmodelnodes'], F],
  [['serving.kserve.io'], ['localmodelnodes/status'], STATUS],
];
const MERGED: Rule[] = [[['serving.kserve.io'], ['clusterstoragecontainers', 'localmodelnodegroups'], READ]];
const ISVC_GROUPS = ['inferenceservices', 'localmodelnodegroups'];
/** config/rbac/localmodel/role.yaml and config/rbac/localmodelnode/role.yaml at each tag (parsed from kserve@<tag>). */
const ROLES: Array<[KServeVersion, Rule[], Rule[]]> = [
  [KServeVersion.V0_14, managerRole(F, ISVC_GROUPS, ['localmodelcaches']), agentRole(['nodes'], [
    [['serving.kserve.io'], ['clusterstoragecontainers'], READ],
    [['serving.kserve.io'], ['localmodelnodegroups'], ['get', 'list']],
  ])],
  [KServeVersion.V0_15, managerRole(NO_DELETE, ISVC_GROUPS, ['localmodelcaches']), agentRole(['nodes'], MERGED)],
  [KServeVersion.V0_16, managerRole(NO_DELETE, ISVC_GROUPS, ['localmodelcaches']), agentRole(['nodes'], MERGED)],
  [KServeVersion.V0_17, managerRole(NO_DELETE, ISVC_GROUPS, ['localmodelcaches']), agentRole(['nodes'], MERGED)],
  [KServeVersion.V0_18, managerRole(NO_DELETE, ISVC_GROUPS, ['localmodelcaches', 'localmodelnamespacecaches']),
    agentRole(['nodes', 'secrets', 'serviceaccounts'], MERGED)],
  [KServeVersion.V0_19, managerRole(NO_DELETE, ['inferenceservices', 'llminferenceservices', 'localmodelnodegroups'],
    ['localmodelcaches', 'localmodelnamespacecaches']), agentRole(['nodes', 'secrets', 'serviceaccounts'], MERGED)],
];

// ---------------------------------------------------------------------------

function build(props: KServeInstallProps) {
  const app = Testing.app();
  const kserve = new KServeInstall(app, 'kserve', props);
  const crds = Testing.synth(kserve.crds);
  const controlPlane = Testing.synth(kserve.controlPlane);
  const runtimes = Testing.synth(kserve.runtimes);
  return { app, crds, controlPlane, runtimes, all: [...crds, ...controlPlane, ...runtimes] };
}
const key = (o: any) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`;
const CLUSTER_SCOPED = ['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration'];
const entryKey = ([kind, name]: Entry) => `${kind}/${CLUSTER_SCOPED.includes(kind) ? '-' : 'kserve'}/${name}`;
function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata.name === name);
  expect(found.map(key)).toHaveLength(1);
  return found[0];
}

describe.each(INVENTORY)('%s with localModelController', (version, inventory) => {
  const { app, crds, controlPlane, runtimes, all } = build({ version, localModelController: true });

  test('adds exactly the release\'s local model objects to its core install', () => {
    const core = new Set(build({ version }).all.map(key));
    expect(all.filter(o => !core.has(key(o))).map(key).sort()).toEqual(inventory.map(entryKey).sort());
  });

  test('every object validates against the release\'s schemas, holds no null, and synth reports nothing', () => {
    for (const objects of [crds, controlPlane, runtimes]) expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
    expect(collectNulls(all)).toEqual([]);
    expect(synthErrors(app)).toEqual([]);
  });

  test('the images are the release\'s (config/default or config/local*/… image patches, `:latest` replaced by the tag)', () => {
    expect(find(controlPlane, 'Deployment', 'kserve-localmodel-controller-manager').spec.template.spec.containers[0].image)
      .toBe(`kserve/kserve-localmodel-controller:${version.name}`);
    expect(find(controlPlane, 'DaemonSet', 'kserve-localmodelnode-agent').spec.template.spec.containers[0].image)
      .toBe(`kserve/kserve-localmodelnode-agent:${version.name}`);
  });

  test('the inferenceservice-config turns localModel on', () => {
    expect(JSON.parse(find(controlPlane, 'ConfigMap', 'inferenceservice-config').data.localModel).enabled).toBe(true);
  });
});

describe('who serves the LocalModelCache validator', () => {
  const webhookOf = (objects: any[]) => find(objects, 'ValidatingWebhookConfiguration', 'localmodelcache.serving.kserve.io');
  const RULE = { apiGroups: ['serving.kserve.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['localmodelcaches'] };

  test.each(CORE_WEBHOOK)('%s: the core manager, in the core install, with or without the local model controller', version => {
    for (const props of [{ version }, { version, localModelController: true }]) {
      const { controlPlane } = build(props);
      const webhook = webhookOf(controlPlane);
      expect(webhook.metadata).toEqual({ name: 'localmodelcache.serving.kserve.io', annotations: { 'cert-manager.io/inject-ca-from': 'kserve/serving-cert' } });
      expect(webhook.webhooks).toEqual([{
        name: 'localmodelcache.kserve-webhook-server.validator',
        admissionReviewVersions: ['v1beta1'],
        clientConfig: { service: { name: 'kserve-webhook-server-service', namespace: 'kserve', path: '/validate-serving-kserve-io-v1alpha1-localmodelcache' } },
        failurePolicy: 'Fail',
        sideEffects: 'None',
        rules: [RULE],
      }]);
    }
    // config/localmodels/manager.yaml before v0.17.1: no webhook port, no cert volume, no probes (cmd/localmodel/main.go
    // registers no health checks: /healthz and /readyz would answer 404).
    const pod = find(build({ version, localModelController: true }).controlPlane, 'Deployment', 'kserve-localmodel-controller-manager').spec.template.spec;
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].ports).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toBeUndefined();
    expect(pod.containers[0].livenessProbe).toBeUndefined();
    expect(pod.containers[0].readinessProbe).toBeUndefined();
  });

  test.each(CORE_WEBHOOK)('%s: without cert-manager the core webhook gets the CA bundle', version => {
    const caBundle = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
    const { controlPlane } = build({ version, webhookCertificates: WebhookCertificates.fromCaBundle(caBundle) });
    const webhook = webhookOf(controlPlane);
    expect(webhook.metadata.annotations).toBeUndefined();
    expect(webhook.webhooks[0].clientConfig.caBundle).toBe(caBundle);
  });

  test.each(OWN_WEBHOOK_RELEASES)('%s: the local model controller, with its own Service and Certificate; the core has none', version => {
    expect(build({ version }).controlPlane.filter(o => o.kind === 'ValidatingWebhookConfiguration' && o.metadata.name.startsWith('localmodel'))).toEqual([]);
    const { controlPlane } = build({ version, localModelController: true });
    const webhook = webhookOf(controlPlane);
    expect(webhook.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kserve/localmodel-serving-cert' });
    expect(webhook.metadata.labels).toEqual({ 'app.kubernetes.io/component': 'localmodel', 'app.kubernetes.io/name': 'kserve' });
    expect(webhook.webhooks[0].clientConfig.service.name).toBe('localmodel-webhook-server-service');
    expect(webhook.webhooks[0].rules).toEqual([RULE]);
    const container = find(controlPlane, 'Deployment', 'kserve-localmodel-controller-manager').spec.template.spec.containers[0];
    expect(container).toMatchObject({
      ports: [{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }],
      volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
      livenessProbe: { httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: 30, timeoutSeconds: 5, failureThreshold: 5 },
      readinessProbe: { httpGet: { path: '/readyz', port: 8081 }, initialDelaySeconds: 30, timeoutSeconds: 5, failureThreshold: 5, periodSeconds: 5 },
    });
  });
});

describe('labels: config/localmodels/kustomization.yaml adds app.kubernetes.io/name: kserve and component: localmodel from v0.17.1', () => {
  test.each(CORE_WEBHOOK)('%s: the manifests\' own labels only', version => {
    const { controlPlane } = build({ version, localModelController: true });
    expect(find(controlPlane, 'Deployment', 'kserve-localmodel-controller-manager').metadata.labels).toEqual({
      'app.kubernetes.io/name': 'kserve-localmodel-controller-manager',
      'control-plane': 'kserve-localmodel-controller-manager',
      'controller-tools.k8s.io': '1.0',
    });
    expect(find(controlPlane, 'ServiceAccount', 'kserve-localmodelnode-agent').metadata.labels).toEqual({
      'app.kubernetes.io/instance': 'kserve-localmodelnode-agent',
      'app.kubernetes.io/managed-by': 'kserve-localmodelnode-agent',
      'app.kubernetes.io/name': 'kserve-localmodelnode-agent',
    });
    expect(find(controlPlane, 'ClusterRole', 'kserve-localmodel-manager-role').metadata.labels).toBeUndefined();
  });

  test.each(OWN_WEBHOOK_RELEASES)('%s: the part\'s labels on every object', version => {
    const { controlPlane } = build({ version, localModelController: true });
    const part = { 'app.kubernetes.io/component': 'localmodel', 'app.kubernetes.io/name': 'kserve' };
    for (const [kind, name] of WORKLOADS) expect(find(controlPlane, kind, name).metadata.labels).toMatchObject(part);
  });
});

describe('RBAC: exactly each release\'s roles', () => {
  const normalized = (rules: any[]) => rules.map(r => [r.apiGroups, r.resources, r.verbs]);
  test.each(ROLES)('%s', (version, manager, agent) => {
    const { controlPlane } = build({ version, localModelController: true });
    expect(normalized(find(controlPlane, 'ClusterRole', 'kserve-localmodel-manager-role').rules)).toEqual(manager);
    expect(normalized(find(controlPlane, 'ClusterRole', 'kserve-localmodelnode-agent-role').rules)).toEqual(agent);
  });
});

// The LLMInferenceService controller part at v0.17.1–v0.19.0 (config/llmisvc at each tag; its kustomization pulls
// config/crd/full/llmisvc, config/rbac/llmisvc, config/webhook/llmisvc and config/certmanager/llmisvc; the presets of
// config/llmisvcconfig ship in kserve-cluster-resources.yaml, which the library writes from v0.18.1 on: see below).
const LLM_PART: Entry[] = [
  ['CustomResourceDefinition', 'llminferenceservices.serving.kserve.io', 'config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml'],
  ['CustomResourceDefinition', 'llminferenceserviceconfigs.serving.kserve.io', 'config/crd/full/llmisvc/serving.kserve.io_llminferenceserviceconfigs.yaml'],
  ['CustomResourceDefinition', 'inferencepools.inference.networking.k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferencepools.inference.networking.x-k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferenceobjectives.inference.networking.x-k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferencemodelrewrites.inference.networking.x-k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferencepoolimports.inference.networking.x-k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['ServiceAccount', 'llmisvc-controller-manager', 'config/rbac/llmisvc/service_account.yaml'],
  ['Role', 'llmisvc-leader-election-role', 'config/rbac/llmisvc/leader_election_role.yaml'],
  ['RoleBinding', 'llmisvc-leader-election-rolebinding', 'config/rbac/llmisvc/leader_election_role_binding.yaml'],
  ['ClusterRole', 'kserve-llmisvc-manager-role', 'config/rbac/llmisvc/role.yaml'],
  ['ClusterRoleBinding', 'llmisvc-manager-rolebinding', 'config/rbac/llmisvc/clusterrolebinding.yaml'],
  ['Service', 'llmisvc-controller-manager-service', 'config/llmisvc/service.yaml'],
  ['Service', 'llmisvc-webhook-server-service', 'config/webhook/llmisvc/service.yaml'],
  ['Deployment', 'llmisvc-controller-manager', 'config/llmisvc/manager.yaml'],
  ['Certificate', 'llmisvc-serving-cert', 'config/certmanager/llmisvc/certificate.yaml'],
  ['ValidatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'],
  ['ValidatingWebhookConfiguration', 'llminferenceserviceconfig.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'],
];
// From v0.19.0: the LLMInferenceService defaulter (config/webhook/llmisvc/manifests.yaml, llmisvc_mutatingwebhook_cainjection_patch.yaml).
const DEFAULTER: Entry = ['MutatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'];
const LLM_INVENTORY: Array<[KServeVersion, Entry[]]> = [
  [KServeVersion.V0_17, LLM_PART],
  [KServeVersion.V0_18, LLM_PART],
  [KServeVersion.V0_19, [...LLM_PART, DEFAULTER]],
];
const llmKey = ([kind, name]: Entry) => `${kind}/${[...CLUSTER_SCOPED, 'MutatingWebhookConfiguration'].includes(kind) ? '-' : 'kserve'}/${name}`;

const LLM_CRDS = ['llminferenceserviceconfigs.serving.kserve.io', 'llminferenceservices.serving.kserve.io'];
// config/rbac/llmisvc/role.yaml at each tag (parsed from kserve@<tag>), without the /metrics non-resource rule.
type LlmRule = [apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]];
const LLM_V0_17: LlmRule[] = [
  [[''], ['configmaps', 'pods'], READ],
  [[''], ['events'], ['create', 'patch', 'update']],
  [[''], ['secrets', 'serviceaccounts', 'services'], F],
  [['apps'], ['deployments'], F],
  [['authentication.k8s.io'], ['subjectaccessreviews', 'tokenreviews'], ['create']],
  [['authorization.k8s.io'], ['subjectaccessreviews'], ['create']],
  [['coordination.k8s.io'], ['leases'], F],
  [['discovery.k8s.io'], ['endpointslices'], READ],
  [['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'httproutes'], F],
  [['inference.networking.k8s.io', 'inference.networking.x-k8s.io'], ['inferencemodels', 'inferenceobjectives', 'inferencepools'], F],
  [['leaderworkerset.x-k8s.io'], ['leaderworkersets'], F],
  [['networking.k8s.io'], ['ingresses'], F],
  [['rbac.authorization.k8s.io'], ['clusterrolebindings', 'rolebindings', 'roles'], F],
  [['serving.kserve.io'], ['llminferenceserviceconfigs', 'llminferenceservices'], F],
  [['serving.kserve.io'], ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']],
  [['serving.kserve.io'], ['llminferenceservices/status'], STATUS],
];
const LLM_V0_18: LlmRule[] = [
  [[''], ['configmaps', 'pods'], READ],
  [[''], ['events'], ['create', 'patch', 'update']],
  [[''], ['secrets', 'serviceaccounts', 'services'], F],
  [['apiextensions.k8s.io'], ['customresourcedefinitions'], READ, LLM_CRDS],
  [['apiextensions.k8s.io'], ['customresourcedefinitions/status'], ['patch', 'update'], LLM_CRDS],
  [['apps'], ['deployments'], F],
  [['authentication.k8s.io'], ['subjectaccessreviews', 'tokenreviews'], ['create']],
  [['authorization.k8s.io'], ['subjectaccessreviews'], ['create']],
  [['autoscaling'], ['horizontalpodautoscalers'], F],
  [['coordination.k8s.io'], ['leases'], F],
  [['discovery.k8s.io'], ['endpointslices'], READ],
  [['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'httproutes'], F],
  [['inference.networking.k8s.io'], ['inferencemodels', 'inferenceobjectives', 'inferencepools'], F],
  [['inference.networking.x-k8s.io'], ['inferencemodelrewrites', 'inferencemodels', 'inferenceobjectives', 'inferencepoolimports', 'inferencepools'], F],
  [['keda.sh'], ['scaledobjects'], F],
  [['leaderworkerset.x-k8s.io'], ['leaderworkersets'], F],
  [['llmd.ai'], ['variantautoscalings'], F],
  [['networking.k8s.io'], ['ingresses'], F],
  [['rbac.authorization.k8s.io'], ['clusterrolebindings', 'rolebindings', 'roles'], F],
  [['serving.kserve.io'], ['llminferenceserviceconfigs', 'llminferenceservices'], F],
  [['serving.kserve.io'], ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']],
  [['serving.kserve.io'], ['llminferenceservices/status'], STATUS],
];
const LLM_ROLES: Array<[KServeVersion, LlmRule[]]> = [
  [KServeVersion.V0_17, LLM_V0_17],
  [KServeVersion.V0_18, LLM_V0_18],
  [KServeVersion.V0_19, [...LLM_V0_18, [['serving.kserve.io'], ['localmodelcaches', 'localmodelnamespacecaches'], READ]]],
];

describe.each(LLM_INVENTORY)('%s with llmInferenceServiceController (llmPresets: false)', (version, inventory) => {
  const { app, crds, controlPlane, runtimes, all } = build({ version, llmInferenceServiceController: true, llmPresets: false });

  test('adds exactly the release\'s config/llmisvc objects to its core install', () => {
    const core = new Set(build({ version }).all.map(key));
    expect(all.filter(o => !core.has(key(o))).map(key).sort()).toEqual(inventory.map(llmKey).sort());
  });

  test('every object validates against the release\'s schemas, holds no null, and synth reports nothing', () => {
    for (const objects of [crds, controlPlane, runtimes]) expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
    expect(collectNulls(all)).toEqual([]);
    expect(synthErrors(app)).toEqual([]);
  });

  test('the controller image is the release\'s; both LLM CRDs convert through the llmisvc webhook', () => {
    expect(find(controlPlane, 'Deployment', 'llmisvc-controller-manager').spec.template.spec.containers[0].image).toBe(`kserve/llmisvc-controller:${version.name}`);
    for (const name of LLM_CRDS) {
      const crd = find(crds, 'CustomResourceDefinition', name);
      expect(crd.spec.versions.map((v: any) => [v.name, v.served, v.storage])).toEqual([['v1alpha1', true, false], ['v1alpha2', true, true]]);
      expect(crd.spec.conversion.webhook.clientConfig.service).toEqual({ name: 'llmisvc-webhook-server-service', namespace: 'kserve', path: '/convert', port: 443 });
    }
    // llminferenceserviceconfigs gets its status subresource at v0.20.0 (config/crd/full/llmisvc at each tag).
    expect(find(crds, 'CustomResourceDefinition', 'llminferenceserviceconfigs.serving.kserve.io').spec.versions.map((v: any) => v.subresources)).toEqual([undefined, undefined]);
    expect(find(crds, 'CustomResourceDefinition', 'inferencepoolimports.inference.networking.x-k8s.io').spec.names.shortNames).toEqual(['infpimp']);
  });

  test('validators for both versions, configs also on DELETE; the defaulter only from v0.19.0', () => {
    const validator = find(controlPlane, 'ValidatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io');
    expect(validator.webhooks.map((w: any) => [w.name, w.matchPolicy, w.rules[0].operations])).toEqual([
      ['llminferenceservice.kserve-webhook-server.v1alpha2.validator', 'Exact', ['CREATE', 'UPDATE']],
      ['llminferenceservice.kserve-webhook-server.v1alpha1.validator', 'Exact', ['CREATE', 'UPDATE']],
    ]);
    const configs = find(controlPlane, 'ValidatingWebhookConfiguration', 'llminferenceserviceconfig.serving.kserve.io');
    expect(configs.webhooks.map((w: any) => w.rules[0].operations)).toEqual([['CREATE', 'UPDATE', 'DELETE'], ['CREATE', 'UPDATE', 'DELETE']]);
    const defaulters = controlPlane.filter(o => o.kind === 'MutatingWebhookConfiguration' && o.metadata.name === 'llminferenceservice.serving.kserve.io');
    expect(defaulters.length).toBe(version === KServeVersion.V0_19 ? 1 : 0);
  });
});

describe('LLM RBAC: exactly each release\'s kserve-llmisvc-manager-role', () => {
  test.each(LLM_ROLES)('%s', (version, rules) => {
    const { controlPlane } = build({ version, llmInferenceServiceController: true, llmPresets: false });
    const role = find(controlPlane, 'ClusterRole', 'kserve-llmisvc-manager-role');
    const normalized = (r: any) => [r.apiGroups, r.resources, r.verbs, r.resourceNames].filter(x => x !== undefined);
    expect(role.rules.filter((r: any) => r.resources).map(normalized)).toEqual(rules);
    expect(role.rules.filter((r: any) => !r.resources)).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
  });
});

// v0.16.0, the first release with the LLM part: v0.16.0:config/default/kustomization.yaml lists ../llmisvc, whose
// kustomization pulls service.yaml, manager.yaml, gateway-inference-extension.yaml (Gateway API Inference Extension v0.3.0),
// ../certmanager/llmisvc, ../rbac/llmisvc, ../llmisvcconfig (the presets, not written by the library there) and
// ../webhook/llmisvc; the two LLM CRDs come from v0.16.0:config/crd/kustomization.yaml (full/llmisvc/*). Listed by hand.
const LLM_PART_V0_16: Entry[] = [
  ['CustomResourceDefinition', 'llminferenceservices.serving.kserve.io', 'config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml'],
  ['CustomResourceDefinition', 'llminferenceserviceconfigs.serving.kserve.io', 'config/crd/full/llmisvc/serving.kserve.io_llminferenceserviceconfigs.yaml'],
  ['CustomResourceDefinition', 'inferencemodels.inference.networking.x-k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferencepools.inference.networking.x-k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['ServiceAccount', 'llmisvc-controller-manager', 'config/rbac/llmisvc/service_account.yaml'],
  ['Role', 'llmisvc-leader-election-role', 'config/rbac/llmisvc/leader_election_role.yaml'],
  ['RoleBinding', 'llmisvc-leader-election-rolebinding', 'config/rbac/llmisvc/leader_election_role_binding.yaml'],
  ['ClusterRole', 'llmisvc-manager-role', 'config/rbac/llmisvc/role.yaml'],
  ['ClusterRoleBinding', 'llmisvc-manager-rolebinding', 'config/rbac/llmisvc/clusterrolebinding.yaml'],
  ['Service', 'llmisvc-controller-manager-service', 'config/llmisvc/service.yaml'],
  ['Service', 'llmisvc-webhook-server-service', 'config/webhook/llmisvc/service.yaml'],
  ['Deployment', 'llmisvc-controller-manager', 'config/llmisvc/manager.yaml'],
  ['Certificate', 'llmisvc-serving-cert', 'config/certmanager/llmisvc/certificate.yaml'],
  ['ValidatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'],
  ['ValidatingWebhookConfiguration', 'llminferenceserviceconfig.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'],
];
// v0.16.0:config/rbac/llmisvc/role.yaml (controller-gen output of v0.16.0:pkg/controller/v1alpha1/llmisvc), without /metrics.
const LLM_V0_16: LlmRule[] = [
  [[''], ['configmaps'], ['get']],
  [[''], ['events'], ['create', 'patch', 'update']],
  [[''], ['pods'], READ],
  [[''], ['secrets', 'serviceaccounts', 'services'], F],
  [['apps'], ['deployments'], F],
  [['authentication.k8s.io'], ['subjectaccessreviews', 'tokenreviews'], ['create']],
  [['authorization.k8s.io'], ['subjectaccessreviews'], ['create']],
  [['discovery.k8s.io'], ['endpointslices'], READ],
  [['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'httproutes'], F],
  [['inference.networking.x-k8s.io'], ['inferencemodels', 'inferencepools'], F],
  [['leaderworkerset.x-k8s.io'], ['leaderworkersets'], F],
  [['networking.k8s.io'], ['ingresses'], F],
  [['rbac.authorization.k8s.io'], ['clusterrolebindings', 'rolebindings', 'roles'], F],
  [['serving.kserve.io'], ['llminferenceserviceconfigs', 'llminferenceservices'], F],
  [['serving.kserve.io'], ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']],
  [['serving.kserve.io'], ['llminferenceservices/status'], STATUS],
];

describe('v0.16.0 with llmInferenceServiceController (llmPresets: false)', () => {
  const version = KServeVersion.V0_16;
  const { app, crds, controlPlane, runtimes, all } = build({ version, llmInferenceServiceController: true, llmPresets: false });

  test('adds exactly the release\'s config/llmisvc objects (less the presets) and its LLM CRDs to its core install', () => {
    const core = new Set(build({ version }).all.map(key));
    expect(all.filter(o => !core.has(key(o))).map(key).sort()).toEqual(LLM_PART_V0_16.map(llmKey).sort());
  });

  test('every object validates against the v0.16.0 schemas, holds no null, and synth reports nothing', () => {
    for (const objects of [crds, controlPlane, runtimes]) expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
    expect(collectNulls(all)).toEqual([]);
    expect(synthErrors(app)).toEqual([]);
  });

  test('CRDs: both LLM kinds serve and store v1alpha1 alone, without conversion; Inference Extension v0.3.0\'s kinds in v1alpha2', () => {
    // v0.16.0:config/crd/full/llmisvc/*.yaml: one version, no conversion patch; the config CRD has no status subresource.
    const versions = (name: string) => find(crds, 'CustomResourceDefinition', name).spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources]);
    expect(versions('llminferenceservices.serving.kserve.io')).toEqual([['v1alpha1', true, true, { status: {} }]]);
    expect(versions('llminferenceserviceconfigs.serving.kserve.io')).toEqual([['v1alpha1', true, true, undefined]]);
    for (const name of LLM_CRDS) expect(find(crds, 'CustomResourceDefinition', name).spec.conversion).toBeUndefined();
    expect(find(crds, 'CustomResourceDefinition', 'llminferenceservices.serving.kserve.io').spec.names.shortNames).toEqual(['llmisvc']);
    // v0.16.0:config/llmisvc/gateway-inference-extension.yaml: no short names yet, status on both.
    for (const [plural, kind] of [['inferencemodels', 'InferenceModel'], ['inferencepools', 'InferencePool']]) {
      const crd = find(crds, 'CustomResourceDefinition', `${plural}.inference.networking.x-k8s.io`);
      expect([crd.spec.group, crd.spec.names.kind, crd.spec.names.shortNames, crd.spec.scope]).toEqual(['inference.networking.x-k8s.io', kind, undefined, 'Namespaced']);
      expect(crd.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources])).toEqual([['v1alpha2', true, true, { status: {} }]]);
    }
    expect(crds.filter(o => /inference\.networking\.k8s\.io$|llm-d\.ai$/.test(o.metadata.name))).toEqual([]);
  });

  test('webhooks: one v1alpha1 validator each, unversioned names, no matchPolicy; configs also on DELETE; no defaulter', () => {
    // v0.16.0:config/webhook/llmisvc/manifests.yaml with v0.16.0:config/llmisvc/*_cainjection_patch.yaml.
    const shape = (w: any) => [w.name, w.matchPolicy, w.clientConfig.service, w.rules, w.failurePolicy, w.sideEffects, w.admissionReviewVersions];
    const service = (path: string) => ({ name: 'llmisvc-webhook-server-service', namespace: 'kserve', path });
    const rules = (resource: string, operations: string[]) => [{ apiGroups: ['serving.kserve.io'], apiVersions: ['v1alpha1'], operations, resources: [resource] }];
    const isvc = find(controlPlane, 'ValidatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io');
    expect(isvc.webhooks.map(shape)).toEqual([['llminferenceservice.kserve-webhook-server.validator', undefined,
      service('/validate-serving-kserve-io-v1alpha1-llminferenceservice'), rules('llminferenceservices', ['CREATE', 'UPDATE']), 'Fail', 'None', ['v1', 'v1beta1']]]);
    const configs = find(controlPlane, 'ValidatingWebhookConfiguration', 'llminferenceserviceconfig.serving.kserve.io');
    expect(configs.webhooks.map(shape)).toEqual([['llminferenceserviceconfig.kserve-webhook-server.validator', undefined,
      service('/validate-serving-kserve-io-v1alpha1-llminferenceserviceconfig'), rules('llminferenceserviceconfigs', ['CREATE', 'UPDATE', 'DELETE']), 'Fail', 'None', ['v1', 'v1beta1']]]);
    for (const hooks of [isvc, configs]) expect(hooks.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kserve/llmisvc-serving-cert' });
    expect(controlPlane.filter(o => o.kind === 'MutatingWebhookConfiguration' && o.metadata.name.startsWith('llm'))).toEqual([]);
  });

  test('the fields v0.16.0 has of its own: the ClusterRole\'s name and rules, the unnamed webhook port; the release\'s image', () => {
    // v0.16.0:config/rbac/llmisvc/clusterrolebinding.yaml binds `llmisvc-manager-role` (`kserve-` prefixed from v0.17.1).
    const role = find(controlPlane, 'ClusterRole', 'llmisvc-manager-role');
    const normalized = (r: any) => [r.apiGroups, r.resources, r.verbs, r.resourceNames].filter(x => x !== undefined);
    expect(role.rules.filter((r: any) => r.resources).map(normalized)).toEqual(LLM_V0_16);
    expect(role.rules.filter((r: any) => !r.resources)).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    expect(find(controlPlane, 'ClusterRoleBinding', 'llmisvc-manager-rolebinding').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'llmisvc-manager-role' });
    expect(find(controlPlane, 'Role', 'llmisvc-leader-election-role').rules).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'list', 'update'] }]);
    // v0.16.0:config/webhook/llmisvc/service.yaml: the port has no name (`https` from v0.17.1).
    expect(find(controlPlane, 'Service', 'llmisvc-webhook-server-service').spec.ports).toEqual([{ port: 443, targetPort: 'webhook-server' }]);
    // v0.16.0:config/llmisvc/llmisvc_manager_image_patch.yaml (`:latest`, replaced by the tag as hack/generate-install.sh does).
    const pod = find(controlPlane, 'Deployment', 'llmisvc-controller-manager').spec.template.spec;
    expect([pod.serviceAccountName, pod.containers[0].image, pod.containers[0].args]).toEqual(['llmisvc-controller-manager', 'kserve/llmisvc-controller:v0.16.0',
      ['--metrics-addr=127.0.0.1:8443', '--leader-elect']]);
    // v0.16.0:config/certmanager/llmisvc/certificate.yaml
    expect(find(controlPlane, 'Certificate', 'llmisvc-serving-cert').spec).toEqual({
      commonName: 'llmisvc-webhook-server-service.kserve.svc',
      dnsNames: ['llmisvc-webhook-server-service.kserve.svc'],
      issuerRef: { kind: 'Issuer', name: 'selfsigned-issuer' },
      secretName: 'llmisvc-webhook-server-cert',
    });
  });

  test('without cert-manager the CA bundle goes on both webhooks; no Certificate and no conversion to carry it', () => {
    const caBundle = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
    const webhookCertificates = WebhookCertificates.fromCaBundle(caBundle);
    const other = build({ version, llmInferenceServiceController: true, llmPresets: false, webhookCertificates });
    const hooks = other.controlPlane.filter(o => o.kind === 'ValidatingWebhookConfiguration' && o.metadata.name.startsWith('llm'));
    const trust = hooks.map(h => [h.metadata.annotations, h.webhooks.map((w: any) => w.clientConfig.caBundle)]);
    expect(trust).toEqual([[undefined, [caBundle]], [undefined, [caBundle]]]);
    expect(other.controlPlane.filter(o => o.kind === 'Certificate' && o.metadata.name === 'llmisvc-serving-cert')).toEqual([]);
    for (const name of LLM_CRDS) expect(find(other.crds, 'CustomResourceDefinition', name).metadata.annotations).toBeUndefined();
  });
});

// The presets at v0.18.1 and v0.19.0 (<tag>:config/llmisvcconfig/kustomization.yaml lists the same eight files,
// `config-llm-<x>.yaml` named `kserve-config-llm-<x>`; v0.20.0's ten are pinned in kserve-install-llm.test.ts), with the
// images each file runs and the fields that differ from v0.20.0, read by hand from <tag>:config/llmisvcconfig/<file>:
// images from every file; vLLM from config-llm-template.yaml and config-llm-worker-data-parallel.yaml; the sidecar from
// config-llm-decode-template.yaml; the scheduler from config-llm-scheduler.yaml; the rules from config-llm-router-route.yaml.
const PRESETS_V0_18_V0_19 = ['decode-template', 'decode-worker-data-parallel', 'prefill-template', 'prefill-worker-data-parallel', 'router-route',
  'scheduler', 'template', 'worker-data-parallel'].map(n => `kserve-config-llm-${n}`);
interface PresetRelease {
  readonly images: { vllm: string; sidecar: string; scheduler: string; tokenizer: string };
  /** The routing sidecar's NIXL flag (config-llm-decode-template.yaml). */
  readonly connector: string;
  /** vLLM's preStop sleep and grace period (config-llm-template.yaml). */
  readonly drain: boolean;
  /** The scheduler pool's version annotation (config-llm-scheduler.yaml). */
  readonly schedulerAnnotations?: Record<string, string>;
  /** The route's rule names (config-llm-router-route.yaml; none at v0.18.1, whose four rules have no names). */
  readonly routeRules: Array<string | undefined>;
}
const PRESET_RELEASES: Array<[KServeVersion, PresetRelease]> = [
  [KServeVersion.V0_18, {
    images: { vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.6.0', sidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.7.1', scheduler: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.7.1', tokenizer: 'ghcr.io/llm-d/llm-d-uds-tokenizer:v0.7.1' },
    connector: '--connector=nixlv2',
    drain: false,
    routeRules: [undefined, undefined, undefined, undefined],
  }],
  [KServeVersion.V0_19, {
    images: { vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.6.0', sidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.7.1', scheduler: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.7.1', tokenizer: 'ghcr.io/llm-d/llm-d-uds-tokenizer:v0.7.1' },
    connector: '--kv-connector=nixlv2',
    drain: true,
    schedulerAnnotations: { 'app.kubernetes.io/version': '0.7.0' },
    routeRules: ['v1-completions-path', 'v1-completions-model-routing', 'v1-chat-completions-path', 'v1-chat-completions-model-routing',
      'v1-responses-path', 'v1-responses-model-routing', 'v1-catch-all-path', 'v1-catch-all-model-routing'],
  }],
];

describe.each(PRESET_RELEASES)('%s: the release\'s own presets (config/llmisvcconfig at its tag)', (version, expected) => {
  const { app, runtimes, all } = build({ version, llmInferenceServiceController: true });
  const presets = runtimes.filter(o => o.kind === 'LLMInferenceServiceConfig');
  const spec = (name: string) => find(presets, 'LLMInferenceServiceConfig', name).spec;
  const containers = (pod: any) => [...pod.initContainers ?? [], ...pod.containers];
  const pods = presets.flatMap(p => [p.spec, p.spec.prefill, p.spec.router?.scheduler].flatMap(s => [s?.template, s?.worker]).filter(Boolean));

  test('by default: the eight presets in the control-plane namespace, over the LLM part; valid against the release\'s CRD', () => {
    const core = new Set(build({ version }).all.map(key));
    const inventory = [...LLM_INVENTORY.find(([v]) => v === version)![1], ...PRESETS_V0_18_V0_19.map(n => ['LLMInferenceServiceConfig', n, ''] as Entry)];
    expect(all.filter(o => !core.has(key(o))).map(key).sort()).toEqual(inventory.map(llmKey).sort());
    expect(presets.map(p => p.metadata.name)).toEqual(PRESETS_V0_18_V0_19);
    expectValidObjects(presets, { kserveVersion: schemaVersionOf(version) });
    expect(collectNulls(presets)).toEqual([]);
    expect(synthErrors(app)).toEqual([]);
  });

  test('the images, each where the release runs it', () => {
    const byImage = new Map<string, string[]>();
    for (const c of pods.flatMap(containers)) byImage.set(c.image, [...byImage.get(c.image) ?? [], c.name]);
    expect([...byImage.keys()].sort()).toEqual(Object.values(expected.images).sort());
    expect(byImage.get(expected.images.vllm)).toHaveLength(9); // 6 workload pod specs and 3 data-parallel workers
    expect(byImage.get(expected.images.sidecar)).toEqual(['llm-d-routing-sidecar', 'llm-d-routing-sidecar']);
    expect(byImage.get(expected.images.scheduler)).toEqual(['main']);
    expect(byImage.get(expected.images.tokenizer)).toEqual(['tokenizer']);
  });

  test('vLLM: no routing annotation, a read-only root filesystem, the release\'s probes and drain', () => {
    for (const name of PRESETS_V0_18_V0_19) expect([spec(name).annotations, spec(name).prefill?.annotations]).toEqual([undefined, undefined]);
    const template = spec('kserve-config-llm-template').template;
    const main = template.containers[0];
    expect(main.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(main.livenessProbe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 });
    expect(main.readinessProbe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 });
    expect(spec('kserve-config-llm-worker-data-parallel').template.containers[0].readinessProbe.periodSeconds).toBe(30);
    expect(main.lifecycle).toEqual(expected.drain ? { preStop: { exec: { command: ['/bin/sleep', '15'] } } } : undefined);
    expect(template.terminationGracePeriodSeconds).toBe(expected.drain ? 60 : 30);
    // Only v0.20.0's single-node presets read the tensor parallelism and the KV cache offloading.
    expect(main.command[2]).not.toMatch(/tensor-parallel-size|kvTransferConfig/);
  });

  test('the routing sidecar: the release\'s connector and TLS flags, no InferencePool flag', () => {
    const sidecar = spec('kserve-config-llm-decode-template').template.initContainers[0];
    expect(sidecar.command).toContain(expected.connector);
    expect(sidecar.command.filter((a: string) => a.includes('use-tls'))).toEqual([
      '{{ if .GlobalConfig.EnableTLS }}--decoder-use-tls=true{{- end }}', '{{ if .GlobalConfig.EnableTLS }}--prefiller-use-tls=true{{- end }}',
    ]);
    expect(sidecar.command.filter((a: string) => a.startsWith('--inference-pool') || a.includes('enable-tls'))).toEqual([]);
    expect(sidecar.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('the scheduler: smaller requests, no limits or preStop, 30 s grace; the release\'s annotation', () => {
    const scheduler = spec('kserve-config-llm-scheduler').router.scheduler;
    expect(scheduler.annotations).toEqual(expected.schedulerAnnotations);
    expect(scheduler.template.containers[0]).toMatchObject({ resources: { requests: { cpu: '256m', memory: '500Mi' } } });
    expect(scheduler.template.containers[0].resources.limits).toBeUndefined();
    expect(scheduler.template.containers[0].lifecycle).toBeUndefined();
    expect(scheduler.template.terminationGracePeriodSeconds).toBe(30);
  });

  test('the route: completions, chat completions and responses (no messages, no publisher paths)', () => {
    const rules = spec('kserve-config-llm-router-route').router.route.http.spec.rules;
    expect(rules.map((r: any) => r.name)).toEqual(expected.routeRules);
    const prefixes = rules.flatMap((r: any) => r.matches.map((m: any) => m.path?.value)).filter((v: any) => v?.includes('/v1/'));
    expect(prefixes.filter((v: string) => v.startsWith('/{{'))).toEqual(['completions', 'chat/completions', 'responses'].map(p => `/{{ .ObjectMeta.Namespace }}/{{ .ObjectMeta.Name }}/v1/${p}`));
    expect(JSON.stringify(rules)).not.toMatch(/messages|\/publishers\//);
  });

  test('images.llmPresets takes the release\'s references only', () => {
    const mirror = 'registry.example.com/llm-d/llm-d-cuda:v0.6.0';
    const replaced = build({ version, llmInferenceServiceController: true, images: { llmPresets: { [expected.images.vllm]: mirror } } }).runtimes;
    expect(JSON.stringify(replaced).split(mirror).length - 1).toBe(9);
    const app2 = Testing.app();
    new KServeInstall(app2, 'kserve', { version, llmInferenceServiceController: true, images: { llmPresets: { 'ghcr.io/llm-d/llm-d-cuda:v0.8.0': mirror } } });
    expectError(synthErrors(app2), 'kserve', "images.llmPresets['ghcr.io/llm-d/llm-d-cuda:v0.8.0']: no preset of " + version.name + ' runs that image', expected.images.vllm);
  });
});

// The presets of v0.16.0 and v0.17.1 (<tag>:config/llmisvcconfig/kustomization.yaml lists the same eight files as
// v0.18.1), read by hand from <tag>:config/llmisvcconfig/<file>. The one normalisation: the data-parallel presets' bash
// script is our own (as from v0.18.1), so it is checked by the flags it passes (run by bash below), not by its text; the
// release's RoCE detection (`KSERVE_INFER_ROCE`) is not carried.
interface EarlyPresets {
  readonly apiVersion: string;
  readonly images: { vllm: string; sidecar: string; scheduler: string };
  readonly tlsPath: string;
  /** vLLM's start on a single node: `command` and `args` (config-llm-template.yaml). */
  readonly start: (port: number) => { command: string[]; args?: string[] };
  /** The single-node vLLM's probes (config-llm-template.yaml). */
  readonly probes: (port: number) => Record<string, unknown>;
  /** The sidecar's args in the decode template and the decode data-parallel leader. */
  readonly sidecarArgs: [string[], string[]];
  readonly pool: unknown;
  readonly schedulerArgs: string[];
  readonly healthServices: [string, string];
  readonly schedulerPorts: number[];
  readonly routeRules: unknown[];
  /** Whether the data-parallel script is in `args` under `command: [/bin/bash, -c]` (v0.16.0) or ends `command` with `--`. */
  readonly scriptInArgs: boolean;
}
const http = (port: number, rest: Record<string, number>) => ({ httpGet: { path: '/health', port, scheme: 'HTTP' }, ...rest });
const ROUTE_PARENT = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: '{{ .GlobalConfig.IngressGatewayName }}', namespace: '{{ .GlobalConfig.IngressGatewayNamespace }}' };
const POOL_NAME = '{{ ChildName .ObjectMeta.Name `-inference-pool` }}';
const TIMEOUTS = { backendRequest: '0s', request: '0s' };
const rewrite = (to: string) => [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: to } } }];
const SERVICE_PATH = '/{{ .ObjectMeta.Namespace }}/{{ .ObjectMeta.Name }}';
const EARLY_RELEASES: Array<[KServeVersion, EarlyPresets]> = [
  [KServeVersion.V0_16, {
    apiVersion: 'serving.kserve.io/v1alpha1',
    images: { vllm: 'ghcr.io/llm-d/llm-d-dev:v0.2.2', sidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.2.0', scheduler: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.2.0' },
    tlsPath: '/etc/ssl/certs',
    start: port => ({ command: ['vllm', 'serve', '/mnt/models'], args: ['--served-model-name', '{{ .Spec.Model.Name }}', '--port', String(port), '--disable-log-requests'] }),
    probes: port => ({
      livenessProbe: http(port, { initialDelaySeconds: 120, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 }),
      readinessProbe: http(port, { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 }),
    }),
    sidecarArgs: [['--port=8000', '--vllm-port=8001', '--connector=nixlv2'], ['--port=8000', '--vllm-port=8001', '--connector=nixlv2', '--secure-proxy=true']],
    pool: { spec: { extensionRef: { failureMode: 'FailOpen', kind: 'Service', name: '{{ ChildName .ObjectMeta.Name `-epp-service` }}' }, selector: {}, targetPortNumber: 8000 } },
    schedulerArgs: ['--poolName', POOL_NAME, '--poolNamespace', '{{ .ObjectMeta.Namespace }}', '--zap-encoder', 'json', '--grpcPort', '9002', '--grpcHealthPort', '9003'],
    healthServices: ['envoy.service.ext_proc.v3.ExternalProcessor', 'envoy.service.ext_proc.v3.ExternalProcessor'],
    schedulerPorts: [9002, 9003, 9090],
    routeRules: [{
      backendRefs: [{ group: 'inference.networking.x-k8s.io', kind: 'InferencePool', name: POOL_NAME, port: 8000, weight: 1 }],
      matches: [{ path: { type: 'PathPrefix', value: SERVICE_PATH } }],
      filters: rewrite('/'),
      timeouts: TIMEOUTS,
    }],
    scriptInArgs: true,
  }],
  [KServeVersion.V0_17, {
    apiVersion: 'serving.kserve.io/v1alpha2',
    images: { vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.4.0', sidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.4.0', scheduler: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.4.0' },
    tlsPath: '/var/run/kserve/tls',
    start: port => ({ command: ['vllm', 'serve', '/mnt/models', '--served-model-name', '{{ .Spec.Model.Name }}', '--port', String(port)] }),
    probes: port => ({
      livenessProbe: http(port, { periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 }),
      readinessProbe: http(port, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 }),
      startupProbe: http(port, { failureThreshold: 60, periodSeconds: 10 }),
    }),
    sidecarArgs: [['--port=8000', '--vllm-port=8001', '--connector=nixlv2', '--secure-proxy=false'], ['--port=8000', '--vllm-port=8001', '--connector=nixlv2', '--secure-proxy=false']],
    pool: {
      spec: {
        endpointPickerRef: { failureMode: 'FailOpen', kind: 'Service', name: '{{ ChildName .ObjectMeta.Name `-epp-service` }}', port: { number: 9002 } },
        selector: { matchLabels: { 'app.kubernetes.io/name': '{{ .ObjectMeta.Name }}', 'app.kubernetes.io/part-of': 'llminferenceservice', 'kserve.io/component': 'workload' } },
        targetPorts: [{ number: 8000 }],
      },
    },
    schedulerArgs: ['--pool-name', POOL_NAME, '--pool-namespace', '{{ .ObjectMeta.Namespace }}', '--zap-encoder', 'json', '--grpc-port', '9002', '--grpc-health-port', '9003',
      '--kv-cache-usage-percentage-metric', 'vllm:kv_cache_usage_perc'],
    healthServices: ['liveness', 'readiness'],
    schedulerPorts: [9002, 9003, 9090, 5557],
    routeRules: [
      ...['completions', 'chat/completions'].map(path => ({
        backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: POOL_NAME, port: 8000, weight: 1 }],
        matches: [{ path: { type: 'PathPrefix', value: `${SERVICE_PATH}/v1/${path}` } }],
        filters: rewrite(`/v1/${path}`),
        timeouts: TIMEOUTS,
      })),
      {
        backendRefs: [{ kind: 'Service', name: '{{ ChildName .ObjectMeta.Name `-kserve-workload-svc` }}', port: 8000, weight: 1 }],
        matches: [{ path: { type: 'PathPrefix', value: SERVICE_PATH } }],
        filters: rewrite('/'),
        timeouts: TIMEOUTS,
      },
    ],
    scriptInArgs: false,
  }],
];

describe.each(EARLY_RELEASES)('%s with llmPresets: true: the release\'s own presets (config/llmisvcconfig at its tag)', (version, expected) => {
  const { app, runtimes, all } = build({ version, llmInferenceServiceController: true, llmPresets: true });
  const presets = runtimes.filter(o => o.kind === 'LLMInferenceServiceConfig');
  const spec = (name: string) => find(presets, 'LLMInferenceServiceConfig', name).spec;
  const containers = (pod: any) => [...pod.initContainers ?? [], ...pod.containers];
  const pods = presets.flatMap(p => [p.spec, p.spec.prefill, p.spec.router?.scheduler].flatMap(s => [s?.template, s?.worker]).filter(Boolean));
  const volumes = [
    { name: 'home', emptyDir: {} },
    { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
    { name: 'model-cache', emptyDir: {} },
    { name: 'tls-certs', secret: { secretName: '{{ ChildName .ObjectMeta.Name `-kserve-self-signed-certs` }}' } },
  ];
  const mounts = [
    { name: 'home', mountPath: '/home' }, { name: 'dshm', mountPath: '/dev/shm' }, { name: 'model-cache', mountPath: '/models' },
    { name: 'tls-certs', mountPath: expected.tlsPath, readOnly: true },
  ];
  const env = [{ name: 'HOME', value: '/home' }, { name: 'VLLM_LOGGING_LEVEL', value: 'INFO' }, { name: 'HF_HUB_CACHE', value: '/models' }];
  const vllm = (port: number, terminationMessagePolicy = 'FallbackToLogsOnError') => ({
    name: 'main',
    image: expected.images.vllm,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: port, protocol: 'TCP' }],
    ...expected.start(port),
    env,
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, runAsNonRoot: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy,
    ...expected.probes(port),
    volumeMounts: mounts,
  });

  test('the eight presets, in the control-plane namespace, in the release\'s API version; valid against its CRD; no null', () => {
    const core = new Set(build({ version }).all.map(key));
    expect(all.filter(o => !core.has(key(o)) && o.kind === 'LLMInferenceServiceConfig').map(key)).toEqual(PRESETS_V0_18_V0_19.map(n => `LLMInferenceServiceConfig/kserve/${n}`));
    expect(presets.map(p => [p.apiVersion, p.metadata])).toEqual(PRESETS_V0_18_V0_19.map(name => [expected.apiVersion, { name, namespace: 'kserve' }]));
    expectValidObjects(presets, { kserveVersion: schemaVersionOf(version) });
    expect(collectNulls(presets)).toEqual([]);
    expect(synthErrors(app)).toEqual([]);
  });

  test('the images, each where the release runs it (no tokenizer before v0.18.1)', () => {
    const byImage = new Map<string, string[]>();
    for (const c of pods.flatMap(containers)) byImage.set(c.image, [...byImage.get(c.image) ?? [], c.name]);
    expect([...byImage.keys()].sort()).toEqual(Object.values(expected.images).sort());
    expect(byImage.get(expected.images.vllm)).toHaveLength(9); // 6 workload pod specs and 3 data-parallel workers
    expect(byImage.get(expected.images.sidecar)).toEqual(['llm-d-routing-sidecar', 'llm-d-routing-sidecar']);
    expect(byImage.get(expected.images.scheduler)).toEqual(['main']);
  });

  test('single node: vllm serve without a shell, the release\'s flags, probes and security context; 30 s grace, four volumes', () => {
    expect(spec('kserve-config-llm-template')).toEqual({ template: { containers: [vllm(8000)], terminationGracePeriodSeconds: 30, volumes } });
    expect(spec('kserve-config-llm-prefill-template')).toEqual({ prefill: { template: { containers: [vllm(8000, 'File')], terminationGracePeriodSeconds: 30, volumes } } });
    const decode = spec('kserve-config-llm-decode-template');
    expect(Object.keys(decode)).toEqual(['template']);
    expect(decode.template.containers).toEqual([vllm(8001)]);
    expect([decode.template.terminationGracePeriodSeconds, decode.template.volumes]).toEqual([30, volumes]);
  });

  test('the routing sidecars: args, not command; the decode template\'s writable, without seccomp; the data-parallel leader\'s read-only', () => {
    const sidecar = (args: string[], dataParallel: boolean) => ({
      name: 'llm-d-routing-sidecar',
      imagePullPolicy: 'IfNotPresent',
      image: expected.images.sidecar,
      restartPolicy: 'Always',
      ports: [{ containerPort: 8000, protocol: 'TCP' }],
      ...dataParallel ? {} : { resources: {} },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: dataParallel,
        runAsNonRoot: false,
        capabilities: { drop: ['ALL'] },
        ...dataParallel ? { seccompProfile: { type: 'RuntimeDefault' } } : {},
      },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'FallbackToLogsOnError',
      livenessProbe: { httpGet: { path: '/health', port: 8000, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 },
      readinessProbe: { httpGet: { path: '/health', port: 8000, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 10 },
      args,
      volumeMounts: [{ name: 'tls-certs', mountPath: expected.tlsPath, readOnly: true }],
      env: [{ name: 'INFERENCE_POOL_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
    });
    expect(spec('kserve-config-llm-decode-template').template.initContainers).toEqual([sidecar(expected.sidecarArgs[0], false)]);
    expect(spec('kserve-config-llm-decode-worker-data-parallel').template.initContainers).toEqual([sidecar(expected.sidecarArgs[1], true)]);
  });

  test('data parallelism: bash, RDMA capabilities, the leader\'s probes, workers without probes, 1 GiB of shared memory', () => {
    for (const [name, at, port] of [['kserve-config-llm-worker-data-parallel', (s: any) => s, 8000], ['kserve-config-llm-decode-worker-data-parallel', (s: any) => s, 8001],
      ['kserve-config-llm-prefill-worker-data-parallel', (s: any) => s.prefill, 8000]] as const) {
      const { template, worker } = at(spec(name));
      for (const p of [template, worker]) {
        const main = p.containers[0];
        expect(main.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: false,
          runAsNonRoot: false,
          capabilities: { add: ['IPC_LOCK', 'SYS_RAWIO', 'NET_RAW'], drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(main.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
        expect(expected.scriptInArgs ? [main.command.length, main.args.length] : [main.command.length, main.command[3], main.args]).toEqual(expected.scriptInArgs ? [2, 1] : [4, '--', undefined]);
        expect([main.ports, main.volumeMounts, p.volumes, p.terminationGracePeriodSeconds]).toEqual([[{ containerPort: port, protocol: 'TCP' }], mounts, volumes, 30]);
      }
      const leader = template.containers[0];
      const delays = version === KServeVersion.V0_16;
      expect([leader.livenessProbe, leader.readinessProbe, leader.startupProbe]).toEqual([
        http(port, { ...delays ? { initialDelaySeconds: 300 } : {}, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 }),
        http(port, { ...delays ? { initialDelaySeconds: 200 } : {}, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 60 }),
        delays ? undefined : http(port, { failureThreshold: 60, periodSeconds: 10 }),
      ]);
      expect(Object.keys(worker.containers[0]).filter(k => k.endsWith('Probe'))).toEqual([]);
    }
    // config-llm-decode-worker-data-parallel.yaml: its worker alone randomizes the dummy inputs.
    expect(spec('kserve-config-llm-decode-worker-data-parallel').worker.containers[0].env).toEqual([...env, { name: 'VLLM_RANDOMIZE_DP_DUMMY_INPUTS', value: '1' }]);
    expect(spec('kserve-config-llm-worker-data-parallel').worker.containers[0].env).toEqual(env);
  });

  test('the scheduler: the release\'s InferencePool, the endpoint picker alone, configured by args', () => {
    const service = (s: string) => ({ port: 9003, service: s });
    const grpcTimings = { periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 };
    expect(spec('kserve-config-llm-scheduler')).toEqual({
      router: {
        scheduler: {
          pool: expected.pool,
          template: {
            containers: [{
              name: 'main',
              ports: expected.schedulerPorts.map(containerPort => ({ containerPort, name: { 9002: 'grpc', 9003: 'grpc-health', 9090: 'metrics', 5557: 'zmq' }[containerPort], protocol: 'TCP' })),
              image: expected.images.scheduler,
              imagePullPolicy: 'IfNotPresent',
              livenessProbe: { failureThreshold: 3, grpc: service(expected.healthServices[0]), initialDelaySeconds: 5, ...grpcTimings },
              readinessProbe: { failureThreshold: 3, grpc: service(expected.healthServices[1]), initialDelaySeconds: 30, ...grpcTimings },
              args: expected.schedulerArgs,
              resources: { requests: { cpu: '256m', memory: '500Mi' } },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'FallbackToLogsOnError',
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
              volumeMounts: [{ name: 'tls-certs', mountPath: expected.tlsPath, readOnly: true }],
            }],
            volumes: [volumes[3]],
            dnsPolicy: 'ClusterFirst',
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    });
  });

  test('the route: the release\'s rules', () => {
    expect(spec('kserve-config-llm-router-route')).toEqual({ router: { route: { http: { spec: { parentRefs: [ROUTE_PARENT], rules: expected.routeRules } } } } });
  });

  test('images.llmPresets replaces the release\'s images; another release\'s image is rejected with the release\'s list', () => {
    const mirror = 'registry.example.com/llm-d/vllm:v1';
    const replaced = build({ version, llmInferenceServiceController: true, llmPresets: true, images: { llmPresets: { [expected.images.vllm]: mirror, [expected.images.scheduler]: 'registry.example.com/llm-d/epp:v1' } } }).runtimes;
    const text = JSON.stringify(replaced);
    expect([text.split(mirror).length - 1, text.split('registry.example.com/llm-d/epp:v1').length - 1, text.includes(expected.images.vllm)]).toEqual([9, 1, false]);
    const app2 = Testing.app();
    new KServeInstall(app2, 'kserve', { version, llmInferenceServiceController: true, llmPresets: true, images: { llmPresets: { 'ghcr.io/llm-d/llm-d-cuda:v0.6.0': mirror } } });
    expectError(synthErrors(app2), 'kserve', "images.llmPresets['ghcr.io/llm-d/llm-d-cuda:v0.6.0']: no preset of " + version.name + ' runs that image',
      `the presets run ${expected.images.vllm}, ${expected.images.sidecar}, ${expected.images.scheduler}`);
    // Unset llmPresets: the one error asks for the choice (not also "the install writes no presets").
    const app3 = Testing.app();
    new KServeInstall(app3, 'kserve', { version, llmInferenceServiceController: true, images: { llmPresets: { [expected.images.vllm]: mirror } } });
    const found = synthErrors(app3);
    expect(found).toHaveLength(1);
    expectError(found, 'kserve', 'llmPresets: KServe', 'Set llmPresets: true');
    const app4 = Testing.app();
    new KServeInstall(app4, 'kserve', { version, llmInferenceServiceController: true, llmPresets: false, images: { llmPresets: { [expected.images.vllm]: mirror } } });
    expectError(synthErrors(app4), 'kserve', 'images.llmPresets: the install writes no kserve-config-llm-* presets');
  });
});

describe('what the LLM parts refuse per release', () => {
  const errors = (props: KServeInstallProps) => {
    const app = Testing.app();
    new KServeInstall(app, 'kserve', props);
    return synthErrors(app);
  };

  test('v0.16.0 and v0.17.1: unset llmPresets is an error naming what is unsafe and both choices; true and false are accepted', () => {
    for (const version of [KServeVersion.V0_16, KServeVersion.V0_17]) {
      const found = errors({ version, llmInferenceServiceController: true });
      expect(found).toHaveLength(1);
      expectError(found, 'kserve', `llmPresets: KServe ${version.name}'s kserve-config-llm-* presets are less safe than this library's defaults`,
        // <tag>:config/llmisvcconfig/config-llm-*.yaml: `runAsNonRoot: false` on every vLLM and routing sidecar container.
        'Containers with runAsNonRoot: false (they may run as root, the image\'s default user): llm-d-routing-sidecar in decode-template, '
        + 'decode-worker-data-parallel; main in decode-template, decode-worker-data-parallel, prefill-template, prefill-worker-data-parallel, '
        + 'template, worker-data-parallel.',
        // config-llm-*worker-data-parallel.yaml: the leader's and the worker's script end with --trust-remote-code.
        'Containers that start vLLM with --trust-remote-code (it executes Python code from the model repository): main in '
        + 'decode-worker-data-parallel, prefill-worker-data-parallel, worker-data-parallel.',
        // config-llm-decode-template.yaml: the sidecar's securityContext has no seccompProfile (the pod none either).
        'Containers without a seccomp profile (Unconfined unless the kubelet defaults one): llm-d-routing-sidecar in decode-template.',
        // config-llm-*.yaml: vLLM's TLS flags are commented out at both tags (passed from v0.18.1 when KServe enables TLS).
        'Containers that serve vLLM over plain HTTP (no TLS flag, so the routing sidecar and the scheduler reach it unencrypted): main in '
        + 'decode-template, decode-worker-data-parallel, prefill-template, prefill-worker-data-parallel, template, worker-data-parallel.',
        'Set llmPresets: true to install them as the release ships them, or llmPresets: false to install none');
      expect(errors({ version, llmInferenceServiceController: true, llmPresets: true })).toEqual([]);
      expect(errors({ version, llmInferenceServiceController: true, llmPresets: false })).toEqual([]);
    }
    for (const version of [KServeVersion.V0_18, KServeVersion.V0_19]) expect(errors({ version, llmInferenceServiceController: true })).toEqual([]);
  });

  test('v0.16.0 and v0.17.1: unset or false writes no preset; true writes the eight', () => {
    for (const version of [KServeVersion.V0_16, KServeVersion.V0_17]) {
      const count = (llmPresets?: boolean) => new KServeInstall(Testing.app(), 'kserve', { version, llmInferenceServiceController: true, llmPresets }).llmPresetConfigs.length;
      expect([count(), count(false), count(true)]).toEqual([0, 0, 8]);
    }
  });

  test.each([KServeVersion.V0_13, KServeVersion.V0_14, KServeVersion.V0_15])('%s: the release has no LLMInferenceService controller', version => {
    expectError(errors({ version, llmInferenceServiceController: true, llmPresets: false }), 'kserve',
      'llmInferenceServiceController: the LLMInferenceService controller needs KServe v0.16 or later', `the target is ${version.name}`);
  });

  test('the constructs: v0.15.2 is rejected with the reason, v0.16.0 (v1alpha1, llm-v016.test.ts) to v0.20.0 are accepted', () => {
    const rejected = newChart();
    new LLMInferenceService(rejected.chart, 'qwen', { version: KServeVersion.V0_15, model: { uri: StorageUri.parse('hf://Qwen/Qwen2.5-7B-Instruct') } });
    new LLMInferenceServiceConfig(rejected.chart, 'preset', { version: KServeVersion.V0_15 });
    const found = synthErrors(rejected.app);
    expectError(found, 'test/qwen', "LLMInferenceService 'test/qwen' needs KServe v0.16 or later", 'the target is v0.15.2');
    expectError(found, 'test/preset', "LLMInferenceServiceConfig 'test/preset' needs KServe v0.16 or later", 'the target is v0.15.2');
    const { app, chart } = newChart();
    for (const version of [KServeVersion.V0_16, KServeVersion.V0_17, KServeVersion.V0_18, KServeVersion.V0_19, KServeVersion.V0_20]) {
      new LLMInferenceService(chart, `qwen-${version.minor}`, { version, model: { uri: StorageUri.parse('hf://Qwen/Qwen2.5-7B-Instruct') } });
    }
    expect(synthErrors(app)).toEqual([]);
  });
});
