import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonPatch, Testing } from 'cdk8s';
import { CrdSource, KServeInstall, KServeInstallProps, KServeVersion, WebhookCertificates } from '../src';
import { collectNulls, expectError, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

// ---------------------------------------------------------------------------
// Upstream facts: what KServe v0.20.0's kustomizations build for the LLMInferenceService and local model parts
// (`kubectl kustomize config/llmisvc`, `config/localmodels` (which includes `config/localmodelnodes`) and
// `config/llmisvcconfig`), listed by hand from kserve@v0.20.0 with the file each object comes from.
// ---------------------------------------------------------------------------

/** [kind, name, file at kserve@v0.20.0]; namespaced objects live in the control-plane namespace. */
type Entry = [kind: string, name: string, source: string];

const LLM_INVENTORY: Entry[] = [
  ['CustomResourceDefinition', 'llminferenceservices.serving.kserve.io', 'config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml'],
  ['CustomResourceDefinition', 'llminferenceserviceconfigs.serving.kserve.io', 'config/crd/full/llmisvc/serving.kserve.io_llminferenceserviceconfigs.yaml'],
  ['CustomResourceDefinition', 'inferencepools.inference.networking.k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferencepools.inference.networking.x-k8s.io', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferencemodelrewrites.llm-d.ai', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['CustomResourceDefinition', 'inferenceobjectives.llm-d.ai', 'config/llmisvc/gateway-inference-extension.yaml'],
  ['ServiceAccount', 'llmisvc-controller-manager', 'config/rbac/llmisvc/service_account.yaml'],
  ['Role', 'llmisvc-leader-election-role', 'config/rbac/llmisvc/leader_election_role.yaml'],
  ['RoleBinding', 'llmisvc-leader-election-rolebinding', 'config/rbac/llmisvc/leader_election_role_binding.yaml'],
  ['ClusterRole', 'kserve-llmisvc-manager-role', 'config/rbac/llmisvc/role.yaml'],
  ['ClusterRoleBinding', 'llmisvc-manager-rolebinding', 'config/rbac/llmisvc/clusterrolebinding.yaml'],
  ['Service', 'llmisvc-controller-manager-service', 'config/llmisvc/service.yaml'],
  ['Service', 'llmisvc-webhook-server-service', 'config/webhook/llmisvc/service.yaml'],
  ['Deployment', 'llmisvc-controller-manager', 'config/llmisvc/manager.yaml'],
  ['Certificate', 'llmisvc-serving-cert', 'config/certmanager/llmisvc/certificate.yaml'],
  ['MutatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'],
  ['ValidatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'],
  ['ValidatingWebhookConfiguration', 'llminferenceserviceconfig.serving.kserve.io', 'config/webhook/llmisvc/manifests.yaml'],
];

const PRESET_NAMES = ['decode-template', 'decode-worker-data-parallel', 'prefill-template', 'prefill-worker-data-parallel', 'router-route',
  'scheduler', 'scheduler-latency-predictor', 'template', 'tracing', 'worker-data-parallel'].map(n => `kserve-config-llm-${n}`);
/** config/llmisvcconfig/kustomization.yaml: one LLMInferenceServiceConfig per file, `config-llm-<x>.yaml` named `kserve-config-llm-<x>`. */
const PRESET_INVENTORY: Entry[] = PRESET_NAMES.map(n => ['LLMInferenceServiceConfig', n, `config/llmisvcconfig/${n.replace('kserve-', '')}.yaml`]);

const LOCAL_MODEL_INVENTORY: Entry[] = [
  // LocalModelCache's CRD is a core v0.20 CRD of the install already (release.ts); these are the other three.
  ['CustomResourceDefinition', 'localmodelnamespacecaches.serving.kserve.io', 'config/crd/full/localmodel/serving.kserve.io_localmodelnamespacecaches.yaml'],
  ['CustomResourceDefinition', 'localmodelnodegroups.serving.kserve.io', 'config/crd/full/localmodel/serving.kserve.io_localmodelnodegroups.yaml'],
  ['CustomResourceDefinition', 'localmodelnodes.serving.kserve.io', 'config/crd/full/localmodel/serving.kserve.io_localmodelnodes.yaml'],
  ['ServiceAccount', 'kserve-localmodel-controller-manager', 'config/rbac/localmodel/service_account.yaml'],
  ['ClusterRole', 'kserve-localmodel-manager-role', 'config/rbac/localmodel/role.yaml'],
  ['ClusterRoleBinding', 'kserve-localmodel-manager-rolebinding', 'config/rbac/localmodel/role_binding.yaml'],
  ['Service', 'localmodel-webhook-server-service', 'config/webhook/localmodel/service.yaml'],
  ['Deployment', 'kserve-localmodel-controller-manager', 'config/localmodels/manager.yaml'],
  ['Certificate', 'localmodel-serving-cert', 'config/certmanager/localmodel/certificate.yaml'],
  ['ValidatingWebhookConfiguration', 'localmodelcache.serving.kserve.io', 'config/webhook/localmodel/manifests.yaml'],
  ['ServiceAccount', 'kserve-localmodelnode-agent', 'config/rbac/localmodelnode/service_account.yaml'],
  ['ClusterRole', 'kserve-localmodelnode-agent-role', 'config/rbac/localmodelnode/role.yaml'],
  ['ClusterRoleBinding', 'kserve-localmodelnode-agent-rolebinding', 'config/rbac/localmodelnode/role_binding.yaml'],
  ['DaemonSet', 'kserve-localmodelnode-agent', 'config/localmodelnodes/manager.yaml'],
];

const F = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const READ = ['get', 'list', 'watch'];
const STATUS = ['get', 'patch', 'update'];
const LLM_CRDS = ['llminferenceserviceconfigs.serving.kserve.io', 'llminferenceservices.serving.kserve.io'];

/** The rules of each role, as role.yaml at v0.20.0 lists them: [apiGroups, resources, verbs, resourceNames?]. */
const ROLES: Record<string, Array<[string[], string[], string[], string[]?]>> = {
  // config/rbac/llmisvc/role.yaml (the /metrics non-resource rule is checked separately).
  'kserve-llmisvc-manager-role': [
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
    [['llm-d.ai'], ['inferencemodelrewrites', 'inferenceobjectives'], READ],
    [['llmd.ai'], ['variantautoscalings'], F],
    [['networking.k8s.io'], ['ingresses'], F],
    [['rbac.authorization.k8s.io'], ['clusterrolebindings', 'rolebindings', 'roles'], F],
    [['resource.k8s.io'], ['resourceclaims', 'resourceclaimtemplates'], F],
    [['serving.kserve.io'], ['llminferenceserviceconfigs', 'llminferenceservices'], F],
    [['serving.kserve.io'], ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']],
    [['serving.kserve.io'], ['llminferenceserviceconfigs/status', 'llminferenceservices/status'], STATUS],
    [['serving.kserve.io'], ['localmodelcaches', 'localmodelnamespacecaches'], READ],
  ],
  // config/rbac/llmisvc/leader_election_role.yaml
  'llmisvc-leader-election-role': [[['coordination.k8s.io'], ['leases'], ['create', 'get', 'list', 'update']]],
  // config/rbac/localmodel/role.yaml
  'kserve-localmodel-manager-role': [
    [[''], ['configmaps'], ['get']],
    [[''], ['nodes'], READ],
    [[''], ['nodes/status'], ['get', 'watch']],
    [[''], ['persistentvolumeclaims', 'persistentvolumes'], F],
    [['serving.kserve.io'], ['inferenceservices', 'llminferenceservices', 'localmodelnodegroups'], READ],
    [['serving.kserve.io'], ['localmodelcaches', 'localmodelnamespacecaches', 'localmodelnodes'], F],
    [['serving.kserve.io'], ['localmodelcaches/status', 'localmodelnamespacecaches/status'], STATUS],
    [['serving.kserve.io'], ['localmodelnodes/status'], ['get', 'watch']],
  ],
  // config/rbac/localmodelnode/role.yaml
  'kserve-localmodelnode-agent-role': [
    [[''], ['configmaps'], ['get']],
    [[''], ['nodes', 'secrets', 'serviceaccounts'], READ],
    [[''], ['nodes/status'], ['get', 'watch']],
    [['batch'], ['jobs'], F],
    [['batch'], ['jobs/status'], ['get']],
    [['serving.kserve.io'], ['clusterstoragecontainers', 'localmodelnodegroups'], READ],
    [['serving.kserve.io'], ['localmodelnodes'], F],
    [['serving.kserve.io'], ['localmodelnodes/status'], STATUS],
  ],
};

// ---------------------------------------------------------------------------

const ALL_ON: KServeInstallProps = { llmInferenceServiceController: true, localModelController: true };

function build(props: KServeInstallProps = ALL_ON) {
  const app = Testing.app();
  const kserve = new KServeInstall(app, 'kserve', props);
  const crds = Testing.synth(kserve.crds);
  const controlPlane = Testing.synth(kserve.controlPlane);
  const runtimes = Testing.synth(kserve.runtimes);
  return { app, kserve, crds, controlPlane, runtimes, all: [...crds, ...controlPlane, ...runtimes] };
}
const key = (o: any) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`;
const entryKey = (namespace: string) => ([kind, name]: Entry) => {
  const clusterScoped = ['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
  return `${kind}/${clusterScoped.includes(kind) ? '-' : namespace}/${name}`;
};
function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata.name === name);
  expect(found.map(key)).toHaveLength(1);
  return found[0];
}
/** The objects of the core install in `namespace`, which the options add to. */
const core = (namespace = 'kserve') => new Set(build({ namespace }).all.map(key));
const added = (objects: any[], namespace?: string) => {
  const coreKeys = core(namespace);
  return objects.filter(o => !coreKeys.has(key(o))).map(key).sort();
};

describe('inventory: the objects of the release\'s kustomizations at v0.20.0, and nothing else', () => {
  test.each([
    ['llmInferenceServiceController', { llmInferenceServiceController: true }, [...LLM_INVENTORY, ...PRESET_INVENTORY]],
    ['llmInferenceServiceController without presets', { llmInferenceServiceController: true, llmPresets: false }, LLM_INVENTORY],
    ['localModelController', { localModelController: true }, LOCAL_MODEL_INVENTORY],
    ['both, in another namespace', { ...ALL_ON, namespace: 'kserve-system' }, [...LLM_INVENTORY, ...PRESET_INVENTORY, ...LOCAL_MODEL_INVENTORY]],
  ] as Array<[string, KServeInstallProps, Entry[]]>)('%s', (_, props, inventory) => {
    const { all } = build(props);
    expect(added(all, props.namespace)).toEqual(inventory.map(entryKey(props.namespace ?? 'kserve')).sort());
  });

  test('off by default: the core install is unchanged (its own tests pin every object)', () => {
    expect(added(build({}).all)).toEqual([]);
    const optional = [...LLM_INVENTORY, ...PRESET_INVENTORY, ...LOCAL_MODEL_INVENTORY].map(entryKey('kserve'));
    expect(optional.filter(k => core().has(k))).toEqual([]);
  });
});

describe.each([
  ['cert-manager (self-signed)', {}],
  ['a ClusterIssuer', { webhookCertificates: WebhookCertificates.certManagerIssuer('corp-ca', true) }],
  ['a CA bundle', { webhookCertificates: WebhookCertificates.fromCaBundle(Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64')) }],
  ['Helm-compatible, with Argo CD waves', { helmCompatible: true, argoCdSyncWaves: true }],
] as Array<[string, KServeInstallProps]>)('with %s', (_, extra) => {
  test('every object validates against the Kubernetes 1.28, cert-manager and KServe v0.20.0 schemas and holds no null', () => {
    const { crds, controlPlane, runtimes, all, app } = build({ ...ALL_ON, ...extra });
    for (const objects of [crds, controlPlane, runtimes]) expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
    expect(collectNulls(all)).toEqual([]);
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('the LLMInferenceService controller', () => {
  const { crds, controlPlane } = build({ ...ALL_ON, namespace: 'kserve-system' });

  test('Deployment: image, args, ports, probes, hardened security, the webhook certificate', () => {
    const deployment = find(controlPlane, 'Deployment', 'llmisvc-controller-manager');
    expect(deployment.metadata.namespace).toBe('kserve-system');
    const selector = { 'control-plane': 'llmisvc-controller-manager', 'controller-tools.k8s.io': '1.0' };
    expect(deployment.spec.selector.matchLabels).toEqual(selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: 'llmisvc-controller-manager',
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      terminationGracePeriodSeconds: 30,
      volumes: [{ name: 'cert', secret: { secretName: 'llmisvc-webhook-server-cert', defaultMode: 420 } }],
    });
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0]).toEqual({
      name: 'manager',
      image: 'kserve/llmisvc-controller:v0.20.0',
      imagePullPolicy: 'IfNotPresent',
      command: ['/manager'],
      args: ['--metrics-addr=127.0.0.1:8443', '--leader-elect'],
      env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      livenessProbe: { httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 },
      readinessProbe: { httpGet: { path: '/readyz', port: 8081 }, initialDelaySeconds: 30, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 5 },
      resources: { limits: { cpu: '100m', memory: '300Mi' }, requests: { cpu: '100m', memory: '300Mi' } },
      ports: [{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }, { name: 'metrics', containerPort: 8443, protocol: 'TCP' }],
      volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
    });
  });

  test('Services select the controller pods; the Certificate covers the webhook Service', () => {
    expect(find(controlPlane, 'Service', 'llmisvc-webhook-server-service').spec).toEqual({
      selector: { 'control-plane': 'llmisvc-controller-manager' },
      ports: [{ name: 'https', port: 443, targetPort: 'webhook-server' }],
    });
    expect(find(controlPlane, 'Service', 'llmisvc-controller-manager-service').spec.ports).toEqual([{ name: 'https', port: 8443, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(find(controlPlane, 'Certificate', 'llmisvc-serving-cert').spec).toEqual({
      commonName: 'llmisvc-webhook-server-service.kserve-system.svc',
      dnsNames: ['llmisvc-webhook-server-service.kserve-system.svc'],
      issuerRef: { kind: 'Issuer', name: 'selfsigned-issuer' },
      secretName: 'llmisvc-webhook-server-cert',
    });
  });

  test('webhooks: v1alpha1 and v1alpha2, defaulter and validators, configs also on DELETE, CA from the llmisvc certificate', () => {
    const expected = (kind: string, versions: string[], role: string, operations: string[]) => versions.map(v => ({
      name: `${kind}.kserve-webhook-server.${v}.${role}`,
      admissionReviewVersions: ['v1', 'v1beta1'],
      clientConfig: { service: { name: 'llmisvc-webhook-server-service', namespace: 'kserve-system', path: `/${role === 'defaulter' ? 'mutate' : 'validate'}-serving-kserve-io-${v}-${kind}` } },
      failurePolicy: 'Fail',
      matchPolicy: 'Exact',
      sideEffects: 'None',
      rules: [{ apiGroups: ['serving.kserve.io'], apiVersions: [v], operations, resources: [`${kind}s`] }],
    }));
    const mutating = find(controlPlane, 'MutatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io');
    const validating = find(controlPlane, 'ValidatingWebhookConfiguration', 'llminferenceservice.serving.kserve.io');
    const configs = find(controlPlane, 'ValidatingWebhookConfiguration', 'llminferenceserviceconfig.serving.kserve.io');
    expect(mutating.webhooks).toEqual(expected('llminferenceservice', ['v1alpha1', 'v1alpha2'], 'defaulter', ['CREATE', 'UPDATE']));
    expect(validating.webhooks).toEqual(expected('llminferenceservice', ['v1alpha2', 'v1alpha1'], 'validator', ['CREATE', 'UPDATE']));
    expect(configs.webhooks).toEqual(expected('llminferenceserviceconfig', ['v1alpha2', 'v1alpha1'], 'validator', ['CREATE', 'UPDATE', 'DELETE']));
    for (const w of [mutating, validating, configs]) {
      expect(w.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kserve-system/llmisvc-serving-cert' });
      expect(w.metadata.namespace).toBeUndefined();
    }
  });

  test('CRDs: v1alpha1 served, v1alpha2 stored, converted by the llmisvc webhook (config/crd/full/llmisvc/*_conversion_webhook_patch.yaml)', () => {
    for (const [name, kind, shortNames] of [
      ['llminferenceservices.serving.kserve.io', 'LLMInferenceService', ['llmisvc']],
      ['llminferenceserviceconfigs.serving.kserve.io', 'LLMInferenceServiceConfig', undefined],
    ] as const) {
      const crd = find(crds, 'CustomResourceDefinition', name);
      expect(crd.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kserve-system/llmisvc-serving-cert' });
      expect(crd.spec.names).toEqual({ kind, plural: name.split('.')[0], singular: kind.toLowerCase(), listKind: `${kind}List`, shortNames });
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources])).toEqual([
        ['v1alpha1', true, false, { status: {} }], ['v1alpha2', true, true, { status: {} }],
      ]);
      expect(crd.spec.conversion).toEqual({
        strategy: 'Webhook',
        webhook: {
          clientConfig: { service: { name: 'llmisvc-webhook-server-service', namespace: 'kserve-system', path: '/convert', port: 443 } },
          conversionReviewVersions: ['v1', 'v1beta1'],
        },
      });
    }
  });

  test('the bundled InferencePool and llm-d CRDs: groups, kinds, versions, short names (config/llmisvc/gateway-inference-extension.yaml)', () => {
    const summary = (name: string) => {
      const crd = find(crds, 'CustomResourceDefinition', name);
      expect(crd.spec.conversion).toBeUndefined();
      return [crd.spec.group, crd.spec.names.kind, crd.spec.names.shortNames, crd.spec.scope, crd.spec.versions.map((v: any) => v.name),
        crd.spec.versions[0].subresources];
    };
    expect(summary('inferencepools.inference.networking.k8s.io')).toEqual(['inference.networking.k8s.io', 'InferencePool', ['infpool'], 'Namespaced', ['v1'], { status: {} }]);
    expect(summary('inferencepools.inference.networking.x-k8s.io')).toEqual(['inference.networking.x-k8s.io', 'InferencePool', ['xinfpool'], 'Namespaced', ['v1alpha2'], { status: {} }]);
    expect(summary('inferencemodelrewrites.llm-d.ai')).toEqual(['llm-d.ai', 'InferenceModelRewrite', undefined, 'Namespaced', ['v1alpha2'], { status: {} }]);
    expect(summary('inferenceobjectives.llm-d.ai')).toEqual(['llm-d.ai', 'InferenceObjective', undefined, 'Namespaced', ['v1alpha2'], { status: {} }]);
  });

  test('without cert-manager the CA bundle goes on the webhooks and the CRD conversion webhook, and no Certificate is written', () => {
    const caBundle = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
    const built = build({ ...ALL_ON, webhookCertificates: WebhookCertificates.fromCaBundle(caBundle) });
    expect(built.controlPlane.filter(o => o.kind === 'Certificate' || o.kind === 'Issuer')).toEqual([]);
    const hooks = built.controlPlane.filter(o => o.kind.endsWith('WebhookConfiguration')).flatMap(o => o.webhooks);
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) expect(hook.clientConfig.caBundle).toBe(caBundle);
    const crd = find(built.crds, 'CustomResourceDefinition', 'llminferenceservices.serving.kserve.io');
    expect(crd.metadata.annotations).toBeUndefined();
    expect(crd.spec.conversion.webhook.clientConfig.caBundle).toBe(caBundle);
  });
});

describe('the local model controller and node agent', () => {
  const { controlPlane } = build({ localModelController: true });

  test('controller Deployment and its LocalModelCache validator (CREATE, UPDATE, DELETE)', () => {
    const container = find(controlPlane, 'Deployment', 'kserve-localmodel-controller-manager').spec.template.spec.containers[0];
    expect(container).toMatchObject({
      image: 'kserve/kserve-localmodel-controller:v0.20.0',
      command: ['/manager'],
      ports: [{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }],
      volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
      securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false },
    });
    const webhook = find(controlPlane, 'ValidatingWebhookConfiguration', 'localmodelcache.serving.kserve.io');
    expect(webhook.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kserve/localmodel-serving-cert' });
    expect(webhook.webhooks).toEqual([{
      name: 'localmodelcache.kserve-webhook-server.validator',
      admissionReviewVersions: ['v1beta1'],
      clientConfig: { service: { name: 'localmodel-webhook-server-service', namespace: 'kserve', path: '/validate-serving-kserve-io-v1alpha1-localmodelcache' } },
      failurePolicy: 'Fail',
      sideEffects: 'None',
      rules: [{ apiGroups: ['serving.kserve.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['localmodelcaches'] }],
    }]);
    expect(find(controlPlane, 'Certificate', 'localmodel-serving-cert').spec.secretName).toBe('localmodel-webhook-server-cert');
  });

  test('agent DaemonSet: labelled nodes, the host\'s /models at /mnt/models, its node name', () => {
    const pod = find(controlPlane, 'DaemonSet', 'kserve-localmodelnode-agent').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kserve/localmodel': 'worker' });
    expect(pod.serviceAccountName).toBe('kserve-localmodelnode-agent');
    expect(pod.volumes).toEqual([{ name: 'models', hostPath: { path: '/models', type: 'DirectoryOrCreate' } }]);
    expect(pod.containers[0]).toMatchObject({
      image: 'kserve/kserve-localmodelnode-agent:v0.20.0',
      volumeMounts: [{ name: 'models', mountPath: '/mnt/models', readOnly: false }],
      env: [
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ],
    });
  });

  test('inferenceservice-config turns localModel on only with the controller', () => {
    const localModel = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'inferenceservice-config').data.localModel);
    expect(localModel(controlPlane).enabled).toBe(true);
    expect(localModel(build({}).controlPlane).enabled).toBe(false);
  });
});

describe('RBAC: exactly the release\'s roles, bound to the right ServiceAccounts', () => {
  const { controlPlane } = build({ ...ALL_ON, namespace: 'kserve-system' });
  const normalized = (rules: any[]) => rules.filter(r => r.resources).map(r => [r.apiGroups, r.resources, r.verbs, r.resourceNames]);

  test.each(Object.keys(ROLES))('%s', name => {
    const role = controlPlane.find(o => (o.kind === 'ClusterRole' || o.kind === 'Role') && o.metadata.name === name);
    expect(normalized(role.rules)).toEqual(ROLES[name].map(([g, r, v, n]) => [g, r, v, n]));
    const nonResource = role.rules.filter((r: any) => !r.resources);
    expect(nonResource).toEqual(name === 'kserve-llmisvc-manager-role' ? [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }] : []);
  });

  test('no wildcard anywhere', () => {
    const rules = controlPlane.filter(o => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap(o => o.rules);
    const values = rules.flatMap((r: any) => [...r.apiGroups ?? [], ...r.resources ?? [], ...r.verbs, ...r.resourceNames ?? [],
      ...r.nonResourceURLs ?? []]);
    expect(values.filter(v => v.includes('*'))).toEqual([]);
  });

  test.each([
    ['ClusterRoleBinding', 'llmisvc-manager-rolebinding', 'ClusterRole', 'kserve-llmisvc-manager-role', 'llmisvc-controller-manager'],
    ['RoleBinding', 'llmisvc-leader-election-rolebinding', 'Role', 'llmisvc-leader-election-role', 'llmisvc-controller-manager'],
    ['ClusterRoleBinding', 'kserve-localmodel-manager-rolebinding', 'ClusterRole', 'kserve-localmodel-manager-role', 'kserve-localmodel-controller-manager'],
    ['ClusterRoleBinding', 'kserve-localmodelnode-agent-rolebinding', 'ClusterRole', 'kserve-localmodelnode-agent-role', 'kserve-localmodelnode-agent'],
  ])('%s %s', (kind, name, roleKind, role, account) => {
    expect(find(controlPlane, kind, name)).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: 'kserve-system' }],
    });
  });
});

describe('the kserve-config-llm-* presets', () => {
  const { runtimes } = build({ llmInferenceServiceController: true, namespace: 'kserve-system' });
  const presets = runtimes.filter(o => o.kind === 'LLMInferenceServiceConfig');
  const byName = new Map(presets.map(p => [p.metadata.name, p.spec]));

  test('in the control-plane namespace, v1alpha2, valid against the v0.20.0 LLMInferenceServiceConfig CRD', () => {
    expect(presets.map(p => [p.apiVersion, p.metadata.namespace, p.metadata.name])).toEqual(PRESET_NAMES.map(n => ['serving.kserve.io/v1alpha2', 'kserve-system', n]));
    expectValidObjects(presets, { kserveVersion: 'v0.20.0' });
  });

  test('images are the release\'s, pinned', () => {
    const images = new Set(JSON.stringify(presets).match(/ghcr\.io\/[^"]+/g));
    expect([...images].sort()).toEqual([
      'ghcr.io/llm-d/llm-d-cuda:v0.8.0', 'ghcr.io/llm-d/llm-d-latency-predictor-prediction-server:v0.8.0',
      'ghcr.io/llm-d/llm-d-latency-predictor-training-server:v0.8.0', 'ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.9.0',
      'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0', 'ghcr.io/llm-d/llm-d-uds-tokenizer:vllm-v0.19.1',
    ]);
  });

  test('the single-node template: vLLM on 8000, probes on /health, the release\'s volumes and security context', () => {
    const template: any = byName.get('kserve-config-llm-template');
    expect(template.annotations).toEqual({ 'serving.kserve.io/model-based-routing-enabled': 'true' });
    const [main] = template.template.containers;
    expect(main).toMatchObject({
      name: 'main',
      image: 'ghcr.io/llm-d/llm-d-cuda:v0.8.0',
      ports: [{ containerPort: 8000, protocol: 'TCP' }],
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      readinessProbe: { httpGet: { path: '/health', port: 8000, scheme: '{{ if .GlobalConfig.EnableTLS }}HTTPS{{else}}HTTP{{- end }}' } },
    });
    expect(main.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(main.command[3]).toBe('--');
    expect(template.template.volumes.map((v: any) => v.name).sort()).toEqual(['dshm', 'home', 'model-cache', 'tls-certs', 'tmp-dir']);
    expect(template.template.volumes.find((v: any) => v.name === 'dshm').emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1Gi' });
  });

  test('decode runs vLLM on 8001 behind the routing sidecar on 8000; prefill runs its own pool', () => {
    const decode: any = byName.get('kserve-config-llm-decode-template');
    expect(decode.template.initContainers.map((c: any) => [c.name, c.restartPolicy, c.ports])).toEqual([['llm-d-routing-sidecar', 'Always', [{ containerPort: 8000, protocol: 'TCP' }]]]);
    expect(decode.template.initContainers[0].command).toContain('--vllm-port=8001');
    expect(decode.template.containers[0].ports).toEqual([{ containerPort: 8001, protocol: 'TCP' }]);
    const prefill: any = byName.get('kserve-config-llm-prefill-template');
    expect(Object.keys(prefill)).toEqual(['prefill']);
    expect(prefill.prefill.template.containers[0].terminationMessagePolicy).toBe('File');
  });

  test('the scheduler: its InferencePool, the endpoint picker on 9002 and the tokenizer', () => {
    const scheduler: any = (byName.get('kserve-config-llm-scheduler') as any).router.scheduler;
    expect(scheduler.pool.spec.endpointPickerRef).toEqual({ failureMode: 'FailOpen', kind: 'Service', name: '{{ ChildName .ObjectMeta.Name `-epp-service` }}', port: { number: 9002 } });
    expect(scheduler.pool.spec.targetPorts).toEqual([{ number: 8000 }]);
    expect(scheduler.template.containers.map((c: any) => c.name)).toEqual(['main', 'tokenizer']);
    expect(scheduler.template.containers[0].command.slice(0, 3)).toEqual(['/app/epp', '--pool-name', '{{ ChildName .ObjectMeta.Name `-inference-pool` }}']);
  });

  test('the route: 12 rules, endpoints to the InferencePool, catch-alls to the workload Service, no timeouts', () => {
    const rules = (byName.get('kserve-config-llm-router-route') as any).router.route.http.spec.rules;
    expect(rules.map((r: any) => r.name)).toEqual([
      'v1-completions-path', 'v1-chat-completions-path', 'v1-responses-path', 'v1-messages-path', 'v1-model-routing',
      'v1-completions-publisher-path', 'v1-chat-completions-publisher-path', 'v1-responses-publisher-path', 'v1-messages-publisher-path',
      'v1-publisher-path-catch-all', 'v1-catch-all-path', 'v1-catch-all-model-routing',
    ]);
    expect(rules.map((r: any) => r.backendRefs[0].kind)).toEqual([...Array(9).fill('InferencePool'), 'Service', 'Service', 'Service']);
    for (const rule of rules) expect(rule.timeouts).toEqual({ backendRequest: '0s', request: '0s' });
    expect(rules[4].matches).toHaveLength(8);
  });

  test('helmCompatible escapes KServe\'s template expressions in the presets', () => {
    const escaped = build({ llmInferenceServiceController: true, helmCompatible: true }).runtimes.filter(o => o.kind === 'LLMInferenceServiceConfig');
    const scheduler = escaped.find(p => p.metadata.name === 'kserve-config-llm-scheduler');
    expect(scheduler.spec.router.scheduler.template.containers[0].command[2]).toBe('{{`{{`}} ChildName .ObjectMeta.Name `-inference-pool` }}');
    expectValidObjects(escaped, { kserveVersion: 'v0.20.0' });
  });
});

describe('the vLLM launcher of the presets, run by bash with a stand-in vllm', () => {
  const presetsOf = (version: KServeVersion) => new Map(build({ version, llmInferenceServiceController: true }).runtimes
    .filter(o => o.kind === 'LLMInferenceServiceConfig').map(p => [p.metadata.name, p.spec]));
  const presets = new Map([KServeVersion.V0_18, KServeVersion.V0_19, KServeVersion.V0_20].map(v => [v, presetsOf(v)]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vllm-launcher-'));
  fs.writeFileSync(path.join(dir, 'vllm'), '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "$FAKE_VERSION"; exit 0; fi\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', { mode: 0o755 });
  // What KServe's template functions print for a service with tensor 4, data 8, data-local 2, KV offloading and no TLS
  // (config_merge.go); kvTransferConfig escapes its quotes for the double-quoted assignment it lands in.
  const render = (script: string) => script
    .replace(/\{\{ if and (\.Spec(?:\.Prefill)?\.Parallelism) \1\.(\w+) \}\}(.*?)(?:\{\{ else \}\}(.*?))?\{\{ end \}\}/g, (_, __, field, then) => {
      const values: Record<string, string> = { Tensor: '4', Data: '8', DataLocal: '2', Expert: 'true' };
      return values[field] ? then.replace(/\{\{ [^}]+ \}\}/, values[field]) : '5555';
    })
    .replace(/\{\{ if \.Spec\.Prefill \}\}((?:(?!\{\{ (?:else|end) \}\}).)*)(?:\{\{ else \}\}.*?)?\{\{ end \}\}/g, '$1')
    .replace(/\{\{ shutdownTimeout [^}]+ \}\}/g, '40')
    .replace(/\{\{ kvTransferConfig \.Spec(?:\.Prefill)?\.KVCacheOffloading \}\}/, "--kv-transfer-config '{\\\"kv_connector\\\":\\\"OffloadingConnector\\\"}'")
    .replace(/\{\{ if \.GlobalConfig\.EnableTLS \}\}.*?\{\{ end \}\}/g, '')
    .replace(/\{\{ \.Spec\.Model\.Name \}\}/g, 'llama').replace(/\{\{ \.ObjectMeta\.Namespace \}\}/g, 'ml');
  const run = (preset: string, pod: (spec: any) => any, version: string, release = KServeVersion.V0_20) => {
    const script = render(pod(presets.get(release)!.get(preset)).containers[0].command[2]);
    expect(script).not.toContain('{{');
    return execFileSync('bash', ['--norc', '-c', script, '--', '--max-model-len', '4096'], {
      env: { PATH: `${dir}:/usr/bin:/bin`, FAKE_VERSION: version, LWS_LEADER_ADDRESS: 'localhost', LWS_WORKER_INDEX: '1', VLLM_ADDITIONAL_ARGS: '--enable-lora' },
    }).toString().trim().split('\n');
  };

  test('an old vLLM gets the flags it knows; the service\'s args come last', () => {
    expect(run('kserve-config-llm-template', s => s.template, '0.15.1')).toEqual([
      'serve', '/mnt/models', '--served-model-name', 'llama', 'publishers/ml/models/llama', '--port', '8000',
      '--disable-uvicorn-access-log', '--tensor-parallel-size', '4', '--enable-lora', '--max-model-len', '4096',
    ]);
  });

  test('vLLM 0.22+ also drains on shutdown and offloads the KV cache, the JSON in one argument', () => {
    expect(run('kserve-config-llm-decode-template', s => s.template, '0.22.1')).toEqual([
      'serve', '/mnt/models', '--served-model-name', 'llama', 'publishers/ml/models/llama', '--port', '8001',
      '--disable-access-log-for-endpoints', '/health,/metrics,/ping', '--shutdown-timeout', '40',
      '--kv-transfer-config', '{"kv_connector":"OffloadingConnector"}', '--tensor-parallel-size', '4', '--enable-lora', '--max-model-len', '4096',
    ]);
  });

  test('prefill pods offload as the service\'s prefill asks, not as its decode (config-llm-prefill-*.yaml at v0.20.0)', () => {
    for (const [preset, pod] of [['kserve-config-llm-prefill-template', (s: any) => s.prefill.template], ['kserve-config-llm-prefill-worker-data-parallel', (s: any) => s.prefill.worker]] as const) {
      const script: string = pod(presets.get(KServeVersion.V0_20)!.get(preset)).containers[0].command[2];
      expect(script).toContain('KV_TRANSFER="{{ if .Spec.Prefill }}{{ kvTransferConfig .Spec.Prefill.KVCacheOffloading }}{{ end }}"');
      expect(script).not.toContain('.Spec.KVCacheOffloading');
    }
  });

  // config-llm-template.yaml at each tag: v0.19.0 picks access logs and --shutdown-timeout by vLLM version and serves the
  // publisher name; v0.18.1 always passes --disable-uvicorn-access-log; neither passes --tensor-parallel-size on a single
  // node nor offloads the KV cache.
  test.each([
    [KServeVersion.V0_19, ['--served-model-name', 'llama', 'publishers/ml/models/llama', '--port', '8000', '--disable-access-log-for-endpoints', '/health,/metrics,/ping', '--shutdown-timeout', '40']],
    [KServeVersion.V0_18, ['--served-model-name', 'llama', '--port', '8000', '--disable-uvicorn-access-log']],
  ])('%s: the release\'s flags for vLLM 0.22', (release, flags) => {
    expect(run('kserve-config-llm-template', s => s.template, '0.22.1', release)).toEqual(['serve', '/mnt/models', ...flags, '--enable-lora', '--max-model-len', '4096']);
    const worker = run('kserve-config-llm-worker-data-parallel', s => s.worker, '0.22.1', release);
    expect(worker.slice(worker.indexOf('--tensor-parallel-size'), worker.indexOf('--tensor-parallel-size') + 2)).toEqual(['--tensor-parallel-size', '4']);
    expect(worker).not.toContain('--kv-transfer-config');
  });

  // <tag>:config/llmisvcconfig/config-llm-worker-data-parallel.yaml at v0.16.0 and v0.17.1: the release's flags, in its
  // order, with --trust-remote-code (llmPresets: true installs them as shipped); the service's args only from v0.17.1
  // (`$@`, the script in `command` followed by `--`); the leader's address as Kubernetes expands `$(LWS_LEADER_ADDRESS)`.
  // The release's own script, rendered the same way, passes `--tensor-parallel-size` with a leading space when expert
  // parallelism is off (its `{{- ... -}}` trimming eats the space before a backslash-escaped one); ours passes the flag.
  test.each([
    [KServeVersion.V0_16, ['--disable-log-requests'], []],
    [KServeVersion.V0_17, [], ['--max-model-len', '4096']],
  ])('%s: the data-parallel leader and worker get the release\'s flags and --trust-remote-code', (version, logFlags, serviceArgs) => {
    const specs = new Map(build({ version, llmInferenceServiceController: true, llmPresets: true }).runtimes
      .filter(o => o.kind === 'LLMInferenceServiceConfig').map(p => [p.metadata.name, p.spec]));
    const values: Record<string, string> = { Tensor: '4', Data: '8', DataLocal: '2' };
    const renderEarly = (script: string) => script
      .replace(/\{\{ if \.Spec(?:\.Prefill)?\.Parallelism\.(\w+) \}\}(.*?)(?:\{\{ else \}\}(.*?))?\{\{ end \}\}/g,
        (_, field, then, otherwise) => (values[field] ? then.replace(/\{\{ [^}]+ \}\}/, values[field]) : otherwise ?? ''))
      .replace(/\{\{ or \.Spec(?:\.Prefill)?\.Parallelism\.(\w+) 1 \}\}/g, (_, field) => values[field] ?? '1')
      .replace(/\{\{ \.Spec\.Model\.Name \}\}/g, 'llama')
      .replace(/\$\(LWS_LEADER_ADDRESS\)/g, 'leader.example');
    const runEarly = (container: any) => {
      const script = renderEarly(container.args ? container.args[0] : container.command[2]);
      expect(script).not.toMatch(/\{\{|\$\([A-Z]/);
      return execFileSync('bash', ['--norc', '-c', script, '--', '--max-model-len', '4096'], {
        env: { PATH: `${dir}:/usr/bin:/bin`, FAKE_VERSION: '0.11.0', LWS_WORKER_INDEX: '1', VLLM_ADDITIONAL_ARGS: '--enable-lora' },
      }).toString().trim().split('\n');
    };
    const parallel = (rank: string) => ['--tensor-parallel-size', '4', '--data-parallel-size', '8', '--data-parallel-size-local', '2',
      '--data-parallel-address', 'leader.example', '--data-parallel-rpc-port', '5555', '--data-parallel-start-rank', rank];
    for (const [name, at, port] of [['kserve-config-llm-worker-data-parallel', (x: any) => x, '8000'], ['kserve-config-llm-decode-worker-data-parallel', (x: any) => x, '8001'],
      ['kserve-config-llm-prefill-worker-data-parallel', (x: any) => x.prefill, '8000']] as const) {
      const pods = at(specs.get(name));
      const head = ['serve', '/mnt/models', '--served-model-name', 'llama', '--port', port];
      expect(runEarly(pods.template.containers[0])).toEqual([...head, '--api-server-count', '8', ...logFlags, ...parallel('0'), '--enable-lora', ...serviceArgs, '--trust-remote-code']);
      expect(runEarly(pods.worker.containers[0])).toEqual([...head, ...logFlags, ...parallel('2'), '--enable-lora', ...serviceArgs, '--trust-remote-code', '--headless']);
    }
  });

  test('a data-parallel worker joins its leader headless, at its rank', () => {
    const args = run('kserve-config-llm-prefill-worker-data-parallel', s => s.prefill.worker, '0.18.0');
    expect(args.slice(args.indexOf('--tensor-parallel-size'))).toEqual([
      '--tensor-parallel-size', '4', '--enable-expert-parallel', '--data-parallel-size', '8', '--data-parallel-size-local', '2',
      '--data-parallel-address', '127.0.0.1', '--data-parallel-rpc-port', '5555', '--data-parallel-start-rank', '2', '--headless',
      '--enable-lora', '--max-model-len', '4096',
    ]);
    const leader = run('kserve-config-llm-worker-data-parallel', s => s.template, '0.18.0');
    expect(leader).toContain('--api-server-count');
    expect(leader[leader.indexOf('--data-parallel-start-rank') + 1]).toBe('0');
  });
});

describe('rules', () => {
  const errors = (props: KServeInstallProps) => {
    const app = Testing.app();
    new KServeInstall(app, 'kserve', props);
    return synthErrors(app);
  };

  test('both options are rejected on v0.13, naming the target version', () => {
    const found = errors({ version: KServeVersion.V0_13, ...ALL_ON });
    expectError(found, 'kserve', 'llmInferenceServiceController: the LLMInferenceService controller needs KServe v0.16 or later', 'the target is v0.13.1');
    expectError(found, 'kserve', 'localModelController: KServe v0.13.1 has no local model cache controller', 'it first ships in KServe v0.14');
  });

  test('presets need the controller', () => {
    expectError(errors({ llmPresets: true }), 'kserve', 'llmPresets:', 'set llmInferenceServiceController: true');
    expect(errors({ llmInferenceServiceController: true, llmPresets: false })).toEqual([]);
  });

  test('an image for a controller the install does not create is rejected; a mirror image is used', () => {
    const found = errors({ images: { llmController: 'registry.example.com/kserve/llmisvc-controller:v0.20.0', localModelNodeAgent: 'registry.example.com/a:v1' } });
    expectError(found, 'kserve', 'images.llmController: the install does not create that workload (llmInferenceServiceController is not on)');
    expectError(found, 'kserve', 'images.localModelNodeAgent: the install does not create that workload (localModelController is not on)');
    const { controlPlane } = build({ ...ALL_ON, images: { llmController: 'registry.example.com/kserve/llmisvc-controller@sha256:' + 'a'.repeat(64) } });
    expect(find(controlPlane, 'Deployment', 'llmisvc-controller-manager').spec.template.spec.containers[0].image).toMatch(/^registry\.example\.com\/kserve\/llmisvc-controller@sha256:/);
  });

  test('images.llmPresets replaces a preset image everywhere it runs; unknown, unpinned or unused entries are rejected', () => {
    const mirror = 'registry.example.com/llm-d/llm-d-cuda:v0.8.0';
    const { runtimes } = build({ llmInferenceServiceController: true, images: { llmPresets: { 'ghcr.io/llm-d/llm-d-cuda:v0.8.0': mirror } } });
    const text = JSON.stringify(runtimes.filter(o => o.kind === 'LLMInferenceServiceConfig'));
    expect(text).not.toContain('ghcr.io/llm-d/llm-d-cuda');
    expect(text.split(mirror).length - 1).toBe(9); // the main container of 6 pod specs and the 3 data-parallel workers
    const found = errors({ llmInferenceServiceController: true, images: { llmPresets: { 'ghcr.io/llm-d/llm-d-cuda:v0.7.0': mirror, 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0': 'mirror/epp' } } });
    expectError(found, 'kserve', "images.llmPresets['ghcr.io/llm-d/llm-d-cuda:v0.7.0']: no preset of v0.20.0 runs that image", 'ghcr.io/llm-d/llm-d-cuda:v0.8.0, ');
    expectError(found, 'kserve', "images.llmPresets['ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0']");
    expectError(errors({ llmInferenceServiceController: true, llmPresets: false, images: { llmPresets: { 'ghcr.io/llm-d/llm-d-cuda:v0.8.0': mirror } } }),
      'kserve', 'images.llmPresets: the install writes no kserve-config-llm-* presets');
  });

  test('images of the new workloads must be pinned', () => {
    expectError(errors({ ...ALL_ON, images: { localModelController: 'kserve/kserve-localmodel-controller' } }), 'kserve', 'images.localModelController');
  });

  test.each([
    ['llmInferenceServiceController', 'yes'],
    ['localModelController', 1],
    ['llmPresets', 'no'],
  ])('a JavaScript caller passing %s = %p gets a synth error, not a TypeError', (field, value) => {
    expectError(errors({ [field]: value } as any), 'kserve', `${field}: must be`);
  });
});

describe('CrdSource.fromFile with the optional controllers', () => {
  // A stand-in for the release's CRD file: the CRDs this library writes for an install in namespace 'kserve'.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kserve-llm-crds-'));
  const file = (name: string, props: KServeInstallProps) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, build(props).crds.map(o => JSON.stringify(o)).join('\n---\n'));
    return target;
  };
  const llmOnly = file('llm.yaml', { llmInferenceServiceController: true });
  const errors = (props: KServeInstallProps) => {
    const app = Testing.app();
    new KServeInstall(app, 'kserve', props);
    return synthErrors(app);
  };

  test('a file with the CRDs, converting through the install\'s Service, is accepted and emitted as it is', () => {
    expect(errors({ llmInferenceServiceController: true, crds: CrdSource.fromFile(llmOnly) })).toEqual([]);
  });

  test('missing CRDs are named with the option that needs them', () => {
    expectError(errors({ ...ALL_ON, crds: CrdSource.fromFile(llmOnly) }), 'kserve',
      `crds: CrdSource.fromFile('${llmOnly}') lacks localmodelnamespacecaches.serving.kserve.io, localmodelnodegroups.serving.kserve.io, `
      + 'localmodelnodes.serving.kserve.io, which localModelController needs');
  });

  test('a conversion webhook in another namespace than the install\'s is rejected', () => {
    const found = errors({ llmInferenceServiceController: true, namespace: 'kserve-system', crds: CrdSource.fromFile(llmOnly) });
    expectError(found, 'kserve', 'llminferenceservices.serving.kserve.io converts through Service \'kserve/llmisvc-webhook-server-service\'; '
      + "the install serves it at 'kserve-system/llmisvc-webhook-server-service'");
    expectError(found, 'kserve', 'llminferenceserviceconfigs.serving.kserve.io converts through');
  });

  test('v0.16.0: its LLM CRDs have no conversion webhook, so any install namespace takes them; a missing CRD is named', () => {
    // v0.16.0:config/crd/full/llmisvc: v1alpha1 only, no *_conversion_webhook_patch.yaml.
    const v016 = { version: KServeVersion.V0_16, llmInferenceServiceController: true, llmPresets: false };
    const v016File = file('llm-v016.yaml', v016);
    expect(errors({ ...v016, namespace: 'kserve-system', crds: CrdSource.fromFile(v016File) })).toEqual([]);
    const coreOnly = file('core-v016.yaml', { version: KServeVersion.V0_16 });
    expectError(errors({ ...v016, crds: CrdSource.fromFile(coreOnly) }), 'kserve', `crds: CrdSource.fromFile('${coreOnly}') lacks `
      + 'llminferenceserviceconfigs.serving.kserve.io, llminferenceservices.serving.kserve.io, inferencemodels.inference.networking.x-k8s.io, '
      + 'inferencepools.inference.networking.x-k8s.io, which llmInferenceServiceController needs');
  });
});

test('Argo CD waves: CRDs -2, controllers -1, presets 0', () => {
  const { crds, controlPlane, runtimes } = build({ ...ALL_ON, argoCdSyncWaves: true });
  const wave = (o: any) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
  expect(wave(find(crds, 'CustomResourceDefinition', 'llminferenceservices.serving.kserve.io'))).toBe('-2');
  expect(wave(find(controlPlane, 'DaemonSet', 'kserve-localmodelnode-agent'))).toBe('-1');
  expect(wave(find(controlPlane, 'ValidatingWebhookConfiguration', 'llminferenceserviceconfig.serving.kserve.io'))).toBe('-1');
  expect(runtimes.filter(o => o.kind === 'LLMInferenceServiceConfig').map(wave)).toEqual(PRESET_NAMES.map(() => '0'));
});

test('escape hatches reach the YAML', () => {
  const app = Testing.app();
  const kserve = new KServeInstall(app, 'kserve', ALL_ON);
  kserve.localModelNodeAgent!.addJsonPatch(JsonPatch.replace('/spec/template/spec/nodeSelector', { 'example.com/gpu': 'true' }));
  kserve.llmControllerDeployment!.metadata.addLabel('team', 'ml');
  kserve.llmPresetConfigs[0].metadata.addAnnotation('note', 'patched');
  expect(kserve.localModelControllerDeployment).toBeDefined();
  const controlPlane = Testing.synth(kserve.controlPlane);
  expect(find(controlPlane, 'DaemonSet', 'kserve-localmodelnode-agent').spec.template.spec.nodeSelector).toEqual({ 'example.com/gpu': 'true' });
  expect(find(controlPlane, 'Deployment', 'llmisvc-controller-manager').metadata.labels.team).toBe('ml');
  expect(Testing.synth(kserve.runtimes).find(o => o.kind === 'LLMInferenceServiceConfig').metadata.annotations).toEqual({ note: 'patched' });
  const off = new KServeInstall(Testing.app(), 'off');
  expect([off.llmControllerDeployment, off.localModelControllerDeployment, off.localModelNodeAgent, off.llmPresetConfigs])
    .toEqual([undefined, undefined, undefined, []]);
});
