import { ApiObject, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { ControllerContext, ControllerObjects } from './llm-controller';
import { LOCAL_MODEL_AGENT_RULES, LOCAL_MODEL_MANAGER_RULES } from './rbac-rules';
import type { KServeVersion } from '../kserve-version';
import { emit } from '../private/emit';
import { renderResources } from '../private/resources';

// Names of config/localmodels and config/localmodelnodes at v0.20.0 (manager.yaml, ../webhook/localmodel/service.yaml,
// ../certmanager/localmodel/certificate.yaml, ../rbac/localmodel*/).
/** The local model controller Deployment and ServiceAccount. @internal */
export const LOCAL_MODEL_CONTROLLER = 'kserve-localmodel-controller-manager';
/** The node agent DaemonSet and ServiceAccount. @internal */
export const LOCAL_MODEL_AGENT = 'kserve-localmodelnode-agent';
/** Its cert-manager Certificate. @internal */
export const LOCAL_MODEL_CERTIFICATE = 'localmodel-serving-cert';
const WEBHOOK_SERVICE = 'localmodel-webhook-server-service';
const WEBHOOK_SECRET = 'localmodel-webhook-server-cert';

// config/localmodels/kustomization.yaml labels every object it builds with these (from v0.17.1; LocalModelInstall.partLabels).
const PART = { 'app.kubernetes.io/component': 'localmodel', 'app.kubernetes.io/name': 'kserve' };

const ALL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const READ = ['get', 'list', 'watch'];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): k8s.PolicyRule => ({ apiGroups, resources, verbs });

/** What the local model part of the install is at each release that has it. @internal */
export interface LocalModelInstall {
  /**
   * Who serves the LocalModelCache validating webhook: the core manager, whose webhook manifests carry it
   * (config/webhook/manifests.yaml, cmd/manager/main.go `For(&v1alpha1.LocalModelCache{})`), or the local model
   * controller itself (config/webhook/localmodel, its own Service and Certificate, cmd/localmodel/main.go).
   */
  readonly webhook: 'core' | 'controller';
  /**
   * The controller registers health checks (cmd/localmodel/main.go `AddHealthzCheck`/`AddReadyzCheck`) and the release
   * probes them on :8081 (config/localmodels/manager.yaml); before, nothing answers on /healthz or /readyz.
   */
  readonly probes: boolean;
  /** config/localmodels/kustomization.yaml labels its objects with `app.kubernetes.io/name: kserve`, `component: localmodel`. */
  readonly partLabels: boolean;
  /** `kserve-localmodel-manager-role` (config/rbac/localmodel/role.yaml). */
  readonly managerRules: readonly k8s.PolicyRule[];
  /** `kserve-localmodelnode-agent-role` (config/rbac/localmodelnode/role.yaml). */
  readonly agentRules: readonly k8s.PolicyRule[];
}

// config/rbac/localmodel/role.yaml: v0.14.1 has no localmodelnamespacecaches and no llminferenceservices; v0.15.2 to
// v0.19.0 drop `delete` on PVCs and PVs (v0.20.0 adds it back); v0.18.1 adds the namespace caches, v0.19.0
// llminferenceservices.
const managerRules = (pvVerbs: string[], read: string[], caches: string[]): k8s.PolicyRule[] => [
  rule([''], ['configmaps'], ['get']),
  rule([''], ['nodes'], READ),
  rule([''], ['nodes/status'], ['get', 'watch']),
  rule([''], ['persistentvolumeclaims', 'persistentvolumes'], pvVerbs),
  rule(['serving.kserve.io'], read, READ),
  rule(['serving.kserve.io'], [...caches, 'localmodelnodes'], ALL),
  rule(['serving.kserve.io'], caches.map(c => `${c}/status`), ['get', 'patch', 'update']),
  rule(['serving.kserve.io'], ['localmodelnodes/status'], ['get', 'watch']),
];
const NO_PV_DELETE = ALL.filter(v => v !== 'delete');
const CLUSTER_CACHES = ['localmodelcaches'];
const BOTH_CACHES = ['localmodelcaches', 'localmodelnamespacecaches'];
// config/rbac/localmodelnode/role.yaml: v0.14.1 reads localmodelnodegroups without watch, in a rule of its own; v0.15.2
// merges it with clusterstoragecontainers; v0.18.1 also reads Secrets and ServiceAccounts (the download credentials).
const agentRules = (nodeReads: string[], kserveReads: k8s.PolicyRule[]): k8s.PolicyRule[] => [
  rule([''], ['configmaps'], ['get']),
  rule([''], nodeReads, READ),
  rule([''], ['nodes/status'], ['get', 'watch']),
  rule(['batch'], ['jobs'], ALL),
  rule(['batch'], ['jobs/status'], ['get']),
  ...kserveReads,
  rule(['serving.kserve.io'], ['localmodelnodes'], ALL),
  rule(['serving.kserve.io'], ['localmodelnodes/status'], ['get', 'patch', 'update']),
];
const AGENT_READS_MERGED = [rule(['serving.kserve.io'], ['clusterstoragecontainers', 'localmodelnodegroups'], READ)];
const AGENT_V0_15 = agentRules(['nodes'], AGENT_READS_MERGED);
const AGENT_V0_18 = agentRules(['nodes', 'secrets', 'serviceaccounts'], AGENT_READS_MERGED);
const MANAGER_V0_15 = managerRules(NO_PV_DELETE, ['inferenceservices', 'localmodelnodegroups'], CLUSTER_CACHES);
// The webhook, probes and labels: `git diff v0.16.0 v0.17.1 -- config/localmodels config/webhook/localmodel
// config/certmanager/localmodel cmd/localmodel/main.go` (all new at v0.17.1).
const BEFORE_V0_17 = { webhook: 'core', probes: false, partLabels: false } as const;
const FROM_V0_17 = { webhook: 'controller', probes: true, partLabels: true } as const;

// Per release, keyed by its name (the core install data is in src/install/release.ts; this part keeps its own table).
const LOCAL_MODEL_INSTALLS: ReadonlyMap<string, LocalModelInstall> = new Map([
  ['v0.14.1', {
    ...BEFORE_V0_17,
    managerRules: managerRules(ALL, ['inferenceservices', 'localmodelnodegroups'], CLUSTER_CACHES),
    agentRules: agentRules(['nodes'], [
      rule(['serving.kserve.io'], ['clusterstoragecontainers'], READ),
      rule(['serving.kserve.io'], ['localmodelnodegroups'], ['get', 'list']),
    ]),
  }],
  ['v0.15.2', { ...BEFORE_V0_17, managerRules: MANAGER_V0_15, agentRules: AGENT_V0_15 }],
  ['v0.16.0', { ...BEFORE_V0_17, managerRules: MANAGER_V0_15, agentRules: AGENT_V0_15 }],
  ['v0.17.1', { ...FROM_V0_17, managerRules: MANAGER_V0_15, agentRules: AGENT_V0_15 }],
  ['v0.18.1', { ...FROM_V0_17, managerRules: managerRules(NO_PV_DELETE, ['inferenceservices', 'localmodelnodegroups'], BOTH_CACHES), agentRules: AGENT_V0_18 }],
  ['v0.19.0', {
    ...FROM_V0_17,
    managerRules: managerRules(NO_PV_DELETE, ['inferenceservices', 'llminferenceservices', 'localmodelnodegroups'], BOTH_CACHES),
    agentRules: AGENT_V0_18,
  }],
  ['v0.20.0', { ...FROM_V0_17, managerRules: LOCAL_MODEL_MANAGER_RULES, agentRules: LOCAL_MODEL_AGENT_RULES }],
]);

/** The local model part of `version`'s install; undefined for a release without it. @internal */
export function localModelInstall(version: KServeVersion): LocalModelInstall | undefined {
  return version._facts.localModelCache ? LOCAL_MODEL_INSTALLS.get(version.name) : undefined;
}
// The resources of the controller and the agent (config/localmodels/manager.yaml, config/localmodelnodes/manager.yaml).
const RESOURCES = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(100) },
  memory: { request: Size.mebibytes(200), limit: Size.mebibytes(300) },
};
// Both containers' securityContext in the release (no runAsUser: the images define their user).
const HARDENED: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};
const POD_NAMESPACE: k8s.EnvVar = { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };

/** The local model controller and its node agent, as a pair of escape hatches plus every object. @internal */
export interface LocalModelObjects extends ControllerObjects {
  readonly agent: ApiObject;
  readonly agentServiceAccount: ApiObject;
}

/**
 * The local model controller and node agent as the release's `config/localmodels` and `config/localmodelnodes` build
 * them, without the CRDs (the CRD chart holds them): ServiceAccounts, ClusterRoles and bindings, the controller
 * Deployment and the agent DaemonSet; from v0.17.1 also the webhook Service, the Certificate and the LocalModelCache
 * validator (before, the core manager serves that webhook, which the install writes with `localModelCacheWebhook`).
 * @internal
 */
export function buildLocalModelController(ctx: ControllerContext, release: LocalModelInstall): LocalModelObjects {
  const { scope, namespace } = ctx;
  const part = release.partLabels ? PART : {};
  const partOrNone = release.partLabels ? PART : undefined;
  const objects: ApiObject[] = [];
  const add = <T extends ApiObject | undefined>(o: T): T => {
    if (o) objects.push(o);
    return o;
  };
  const account = (id: string, name: string) => add(emit(scope, id, k8s.KubeServiceAccount, k8s.toJson_KubeServiceAccountProps, {
    // config/rbac/localmodel/service_account.yaml, config/rbac/localmodelnode/service_account.yaml
    metadata: { name, labels: { 'app.kubernetes.io/name': name, ...part, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': name } },
  }));
  const serviceAccount = account('localmodel-service-account', LOCAL_MODEL_CONTROLLER);
  const agentServiceAccount = account('localmodelnode-service-account', LOCAL_MODEL_AGENT);
  const role = (id: string, name: string, rules: k8s.PolicyRule[]) => add(emit(scope, id, k8s.KubeClusterRole, k8s.toJson_KubeClusterRoleProps, {
    metadata: { name, labels: partOrNone }, rules,
  }));
  role('localmodel-manager-role', 'kserve-localmodel-manager-role', [...release.managerRules]);
  role('localmodelnode-agent-role', 'kserve-localmodelnode-agent-role', [...release.agentRules]);
  const binding = (id: string, name: string, roleName: string, subject: string) => add(emit(scope, id, k8s.KubeClusterRoleBinding,
    k8s.toJson_KubeClusterRoleBindingProps, {
      metadata: { name, labels: partOrNone },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: subject, namespace }],
    }));
  binding('localmodel-manager-rolebinding', 'kserve-localmodel-manager-rolebinding', 'kserve-localmodel-manager-role', LOCAL_MODEL_CONTROLLER);
  binding('localmodelnode-agent-rolebinding', 'kserve-localmodelnode-agent-rolebinding', 'kserve-localmodelnode-agent-role', LOCAL_MODEL_AGENT);
  const ownWebhook = release.webhook === 'controller';
  if (ownWebhook) {
    add(emit(scope, 'localmodel-webhook-service', k8s.KubeService, k8s.toJson_KubeServiceProps, {
      metadata: { name: WEBHOOK_SERVICE, labels: PART },
      spec: { selector: { 'control-plane': LOCAL_MODEL_CONTROLLER }, ports: [{ port: 443, targetPort: k8s.IntOrString.fromString('webhook-server') }] },
    }));
  }

  const workload = (name: string) => {
    const selector = { 'control-plane': name, 'controller-tools.k8s.io': '1.0' };
    return {
      metadata: { name, labels: { 'app.kubernetes.io/name': name, ...part, ...selector } },
      selector: { matchLabels: selector },
      podMetadata: { labels: { 'app.kubernetes.io/name': name, ...selector }, annotations: { 'kubectl.kubernetes.io/default-container': 'manager' } },
    };
  };
  const probe = (path: string, extra: Partial<k8s.Probe>): k8s.Probe => ({
    httpGet: { path, port: k8s.IntOrString.fromNumber(8081) }, initialDelaySeconds: 30, timeoutSeconds: 5, failureThreshold: 5, ...extra,
  });
  const controller = workload(LOCAL_MODEL_CONTROLLER);
  const deployment = add(emit(scope, 'localmodel-controller', k8s.KubeDeployment, k8s.toJson_KubeDeploymentProps, {
    metadata: controller.metadata,
    spec: {
      selector: controller.selector,
      template: {
        metadata: controller.podMetadata,
        spec: {
          serviceAccountName: LOCAL_MODEL_CONTROLLER,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 10,
          containers: [{
            name: 'manager',
            image: ctx.images.localModelController,
            // The release says Always, for its `:latest` development tag; the install pins the release tag.
            imagePullPolicy: 'IfNotPresent',
            command: ['/manager'],
            env: [POD_NAMESPACE],
            securityContext: HARDENED,
            livenessProbe: release.probes ? probe('/healthz', {}) : undefined,
            readinessProbe: release.probes ? probe('/readyz', { periodSeconds: 5 }) : undefined,
            resources: renderResources(RESOURCES, k8s.Quantity, k8s.Quantity),
            ports: ownWebhook ? [{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }] : undefined,
            volumeMounts: ownWebhook ? [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }] : undefined,
          }],
          volumes: ownWebhook ? [{ name: 'cert', secret: { secretName: WEBHOOK_SECRET, defaultMode: 420 } }] : undefined,
        },
      },
    },
  }));

  const agentNames = workload(LOCAL_MODEL_AGENT);
  const agent = add(emit(scope, 'localmodelnode-agent', k8s.KubeDaemonSet, k8s.toJson_KubeDaemonSetProps, {
    metadata: agentNames.metadata,
    spec: {
      selector: agentNames.selector,
      template: {
        metadata: agentNames.podMetadata,
        spec: {
          serviceAccountName: LOCAL_MODEL_AGENT,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 10,
          // The agent runs on the nodes labelled for the cache only (config/localmodelnodes/manager.yaml).
          nodeSelector: { 'kserve/localmodel': 'worker' },
          containers: [{
            name: 'manager',
            image: ctx.images.localModelNodeAgent,
            imagePullPolicy: 'IfNotPresent',
            command: ['/manager'],
            env: [POD_NAMESPACE, { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            securityContext: HARDENED,
            resources: renderResources(RESOURCES, k8s.Quantity, k8s.Quantity),
            // The agent reports and cleans up the models the download jobs put on the node.
            volumeMounts: [{ name: 'models', mountPath: '/mnt/models', readOnly: false }],
          }],
          volumes: [{ name: 'models', hostPath: { path: '/models', type: 'DirectoryOrCreate' } }],
        },
      },
    },
  }));
  if (!ownWebhook) return { objects, deployment, serviceAccount, webhooks: [], agent, agentServiceAccount };
  add(ctx.certificate('localmodel-serving-cert', LOCAL_MODEL_CERTIFICATE, WEBHOOK_SERVICE, WEBHOOK_SECRET));
  // config/webhook/localmodel/manifests.yaml with config/localmodels/webhook_cainjection_patch.yaml.
  const webhooks = [localModelCacheWebhook(ctx, WEBHOOK_SERVICE, LOCAL_MODEL_CERTIFICATE, PART)];
  objects.push(...webhooks);
  return { objects, deployment, serviceAccount, webhooks, agent, agentServiceAccount };
}

/**
 * The LocalModelCache validator, served by `service` with the CA of `certificate` (same name, path and rule at every
 * release: config/webhook/manifests.yaml at v0.14.1–v0.16.0, config/webhook/localmodel/manifests.yaml from v0.17.1).
 * @internal
 */
export function localModelCacheWebhook(ctx: ControllerContext, service: string, certificate: string, labels?: Record<string, string>): ApiObject {
  const { scope, namespace } = ctx;
  return emit(scope, 'localmodelcache-validator', k8s.KubeValidatingWebhookConfiguration, k8s.toJson_KubeValidatingWebhookConfigurationProps, {
    metadata: {
      name: 'localmodelcache.serving.kserve.io',
      labels,
      annotations: ctx.certificates.usesCertManager ? { 'cert-manager.io/inject-ca-from': `${namespace}/${certificate}` } : undefined,
    },
    webhooks: [{
      name: 'localmodelcache.kserve-webhook-server.validator',
      admissionReviewVersions: ['v1beta1'],
      clientConfig: {
        service: { name: service, namespace, path: '/validate-serving-kserve-io-v1alpha1-localmodelcache' },
        caBundle: ctx.certificates.caBundle,
      },
      failurePolicy: 'Fail',
      sideEffects: 'None',
      rules: [{ apiGroups: ['serving.kserve.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['localmodelcaches'] }],
    }],
  });
}
