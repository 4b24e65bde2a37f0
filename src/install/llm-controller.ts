import { ApiObject, Chart, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { ResolvedImages } from './install-images';
import { AnyLlmPresetRelease, LLM_PRESET_RELEASES } from './llm-preset-releases';
import { LLM_LEADER_ELECTION_RULES, LLM_MANAGER_RULES } from './rbac-rules';
import { WebhookCertificates } from './webhook-certificates';
import type { KServeVersion } from '../kserve-version';
import { emit } from '../private/emit';
import { hasLlmKinds } from '../private/llm-object';
import { renderResources } from '../private/resources';

/** What the optional controllers of an install need from it. @internal */
export interface ControllerContext {
  /** The control-plane chart. */
  readonly scope: Chart;
  readonly namespace: string;
  readonly images: ResolvedImages;
  readonly certificates: WebhookCertificates;
  /**
   * The cert-manager Certificate of a webhook Service (`<service>.<namespace>.svc`), issued into `secretName`, when
   * cert-manager issues the install's certificates; nothing otherwise.
   */
  readonly certificate: (id: string, name: string, service: string, secretName: string) => ApiObject | undefined;
}

/** The objects of an optional controller, in emission order, and its escape hatches. @internal */
export interface ControllerObjects {
  readonly objects: ApiObject[];
  readonly deployment: ApiObject;
  readonly serviceAccount: ApiObject;
  readonly webhooks: ApiObject[];
}

// Names of config/llmisvc at v0.16.0–v0.20.0 (manager.yaml, service.yaml, ../webhook/llmisvc/service.yaml,
// ../certmanager/llmisvc/certificate.yaml, ../rbac/llmisvc/*.yaml).
/** The LLMInferenceService controller Deployment and ServiceAccount. @internal */
export const LLM_CONTROLLER = 'llmisvc-controller-manager';
/** The Service of its webhooks, which also serves the CRD conversion (from v0.17.1). @internal */
export const LLM_WEBHOOK_SERVICE = 'llmisvc-webhook-server-service';
/** Its cert-manager Certificate. @internal */
export const LLM_CERTIFICATE = 'llmisvc-serving-cert';
/** The Secret its webhook server reads its certificate from. @internal */
export const LLM_WEBHOOK_SECRET = 'llmisvc-webhook-server-cert';

const ALL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const READ = ['get', 'list', 'watch'];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): k8s.PolicyRule => ({ apiGroups, resources, verbs });

/** What the LLMInferenceService controller part of the install is at each release the library installs it for. @internal */
export interface LlmInstall {
  /** The ClusterRole of config/rbac/llmisvc/role.yaml (and the roleRef of clusterrolebinding.yaml). */
  readonly managerRole: string;
  /** Its rules. */
  readonly managerRules: readonly k8s.PolicyRule[];
  /**
   * The versions the validating webhooks cover (config/webhook/llmisvc/manifests.yaml), one webhook per version: v1alpha1
   * only at v0.16.0, v1alpha2 and v1alpha1 from v0.17.1.
   */
  readonly webhookVersions: readonly string[];
  /**
   * The webhooks are named `<kind>.kserve-webhook-server.<version>.<role>` and match `Exact`ly (from v0.17.1, which serves
   * two versions); `<kind>.kserve-webhook-server.<role>` without a matchPolicy before.
   */
  readonly versionedWebhookNames: boolean;
  /** The name of the webhook Service's port (config/webhook/llmisvc/service.yaml); none at v0.16.0. */
  readonly webhookPortName: string | undefined;
  /**
   * The controller serves the LLMInferenceService defaulting webhook (pkg/webhook/admission/llminferenceservice,
   * config/webhook/llmisvc/manifests.yaml `MutatingWebhookConfiguration`, from v0.19.0).
   */
  readonly defaulter: boolean;
  /**
   * The release's `kserve-config-llm-*` presets, as the builders of llm-presets.ts take them; undefined where the library
   * does not write them.
   */
  readonly presets: AnyLlmPresetRelease | undefined;
}

// v0.16.0:config/rbac/llmisvc/role.yaml (parsed; controller-gen output of the markers in
// v0.16.0:pkg/controller/v1alpha1/llmisvc): configmaps read by name only, no leases, the Inference Extension v0.3.0 kinds
// in inference.networking.x-k8s.io only.
const LLM_RULES_V0_16: k8s.PolicyRule[] = [
  { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
  rule([''], ['configmaps'], ['get']),
  rule([''], ['events'], ['create', 'patch', 'update']),
  rule([''], ['pods'], READ),
  rule([''], ['secrets', 'serviceaccounts', 'services'], ALL),
  rule(['apps'], ['deployments'], ALL),
  rule(['authentication.k8s.io'], ['subjectaccessreviews', 'tokenreviews'], ['create']),
  rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'httproutes'], ALL),
  rule(['inference.networking.x-k8s.io'], ['inferencemodels', 'inferencepools'], ALL),
  rule(['leaderworkerset.x-k8s.io'], ['leaderworkersets'], ALL),
  rule(['networking.k8s.io'], ['ingresses'], ALL),
  rule(['rbac.authorization.k8s.io'], ['clusterrolebindings', 'rolebindings', 'roles'], ALL),
  rule(['serving.kserve.io'], ['llminferenceserviceconfigs', 'llminferenceservices'], ALL),
  rule(['serving.kserve.io'], ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']),
  rule(['serving.kserve.io'], ['llminferenceservices/status'], ['get', 'patch', 'update']),
];
// config/rbac/llmisvc/role.yaml at v0.17.1 (parsed): the rules v0.20.0 has, less the CRD, HPA, KEDA, WVA, llm-d.ai,
// resource.k8s.io, local model cache and config-status rules; the InferencePool rule covers both groups at once.
const LLM_RULES_V0_17: k8s.PolicyRule[] = [
  { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
  rule([''], ['configmaps', 'pods'], READ),
  rule([''], ['events'], ['create', 'patch', 'update']),
  rule([''], ['secrets', 'serviceaccounts', 'services'], ALL),
  rule(['apps'], ['deployments'], ALL),
  rule(['authentication.k8s.io'], ['subjectaccessreviews', 'tokenreviews'], ['create']),
  rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  rule(['coordination.k8s.io'], ['leases'], ALL),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'httproutes'], ALL),
  rule(['inference.networking.k8s.io', 'inference.networking.x-k8s.io'], ['inferencemodels', 'inferenceobjectives', 'inferencepools'], ALL),
  rule(['leaderworkerset.x-k8s.io'], ['leaderworkersets'], ALL),
  rule(['networking.k8s.io'], ['ingresses'], ALL),
  rule(['rbac.authorization.k8s.io'], ['clusterrolebindings', 'rolebindings', 'roles'], ALL),
  rule(['serving.kserve.io'], ['llminferenceserviceconfigs', 'llminferenceservices'], ALL),
  rule(['serving.kserve.io'], ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']),
  rule(['serving.kserve.io'], ['llminferenceservices/status'], ['get', 'patch', 'update']),
];
const LLM_CRD_NAMES = ['llminferenceserviceconfigs.serving.kserve.io', 'llminferenceservices.serving.kserve.io'];
// v0.18.1 (parsed): + the two LLM CRDs by name, HPAs, the InferencePool groups split (x-k8s.io with rewrites and
// pool imports), KEDA ScaledObjects and WVA VariantAutoscalings.
const LLM_RULES_V0_18: k8s.PolicyRule[] = [
  { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
  rule([''], ['configmaps', 'pods'], READ),
  rule([''], ['events'], ['create', 'patch', 'update']),
  rule([''], ['secrets', 'serviceaccounts', 'services'], ALL),
  { ...rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], READ), resourceNames: LLM_CRD_NAMES },
  { ...rule(['apiextensions.k8s.io'], ['customresourcedefinitions/status'], ['patch', 'update']), resourceNames: LLM_CRD_NAMES },
  rule(['apps'], ['deployments'], ALL),
  rule(['authentication.k8s.io'], ['subjectaccessreviews', 'tokenreviews'], ['create']),
  rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  rule(['autoscaling'], ['horizontalpodautoscalers'], ALL),
  rule(['coordination.k8s.io'], ['leases'], ALL),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'httproutes'], ALL),
  rule(['inference.networking.k8s.io'], ['inferencemodels', 'inferenceobjectives', 'inferencepools'], ALL),
  rule(['inference.networking.x-k8s.io'], ['inferencemodelrewrites', 'inferencemodels', 'inferenceobjectives', 'inferencepoolimports', 'inferencepools'], ALL),
  rule(['keda.sh'], ['scaledobjects'], ALL),
  rule(['leaderworkerset.x-k8s.io'], ['leaderworkersets'], ALL),
  rule(['llmd.ai'], ['variantautoscalings'], ALL),
  rule(['networking.k8s.io'], ['ingresses'], ALL),
  rule(['rbac.authorization.k8s.io'], ['clusterrolebindings', 'rolebindings', 'roles'], ALL),
  rule(['serving.kserve.io'], ['llminferenceserviceconfigs', 'llminferenceservices'], ALL),
  rule(['serving.kserve.io'], ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']),
  rule(['serving.kserve.io'], ['llminferenceservices/status'], ['get', 'patch', 'update']),
];
// v0.19.0 (parsed): + read on the local model caches (the defaulter labels services that use one).
const LLM_RULES_V0_19: k8s.PolicyRule[] = [...LLM_RULES_V0_18, rule(['serving.kserve.io'], ['localmodelcaches', 'localmodelnamespacecaches'], READ)];

// Per release, keyed by its name (the core install data is in src/install/release.ts; this part keeps its own table).
// The releases whose LLM controller part the library installs: v0.16.0 (the first with the LLM CRDs, v1alpha1 only) to
// v0.20.0. Manager, metrics Service, Certificate and leader-election RBAC are the same at all five (`git diff --stat
// v0.16.0 v0.20.0 -- config/llmisvc/manager.yaml config/llmisvc/service.yaml config/certmanager/llmisvc
// config/rbac/llmisvc/leader_election_role.yaml` is empty); v0.17.1 renames the ClusterRole, names the webhook port and
// adds the v1alpha2 webhooks (`git diff v0.16.0 v0.17.1 -- config/rbac/llmisvc config/webhook/llmisvc`).
const FROM_V0_17 = { managerRole: 'kserve-llmisvc-manager-role', webhookVersions: ['v1alpha2', 'v1alpha1'], versionedWebhookNames: true, webhookPortName: 'https' };
const LLM_INSTALLS: ReadonlyMap<string, LlmInstall> = new Map<string, LlmInstall>([
  ['v0.16.0', {
    managerRole: 'llmisvc-manager-role',
    managerRules: LLM_RULES_V0_16,
    webhookVersions: ['v1alpha1'],
    versionedWebhookNames: false,
    webhookPortName: undefined,
    defaulter: false,
    presets: LLM_PRESET_RELEASES.get('v0.16.0'),
  }],
  ['v0.17.1', { ...FROM_V0_17, managerRules: LLM_RULES_V0_17, defaulter: false, presets: LLM_PRESET_RELEASES.get('v0.17.1') }],
  ['v0.18.1', { ...FROM_V0_17, managerRules: LLM_RULES_V0_18, defaulter: false, presets: LLM_PRESET_RELEASES.get('v0.18.1') }],
  ['v0.19.0', { ...FROM_V0_17, managerRules: LLM_RULES_V0_19, defaulter: true, presets: LLM_PRESET_RELEASES.get('v0.19.0') }],
  ['v0.20.0', { ...FROM_V0_17, managerRules: LLM_MANAGER_RULES, defaulter: true, presets: LLM_PRESET_RELEASES.get('v0.20.0') }],
]);

/** The LLM controller part of `version`'s install; undefined where the library does not install it. @internal */
export function llmInstall(version: KServeVersion): LlmInstall | undefined {
  // Fact llmApiVersion: the releases with the LLM CRDs (the table holds one entry per release the library installs).
  return hasLlmKinds(version) ? LLM_INSTALLS.get(version.name) : undefined;
}

// The manager's resources in the release (config/llmisvc/manager.yaml at v0.20.0).
const LLM_RESOURCES = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(100) },
  memory: { request: Size.mebibytes(300), limit: Size.mebibytes(300) },
};

/**
 * The LLMInferenceService controller as the release's `config/llmisvc` builds it (without its CRDs, which the CRD
 * chart holds): ServiceAccount, RBAC, metrics and webhook Services, Deployment, Certificate and the validating (and,
 * from v0.19.0, mutating) webhook configurations for LLMInferenceService and LLMInferenceServiceConfig, v1alpha1 (and,
 * from v0.17.1, v1alpha2).
 * @internal
 */
export function buildLlmController(ctx: ControllerContext, release: LlmInstall): ControllerObjects {
  const { scope, namespace } = ctx;
  const objects: ApiObject[] = [];
  const add = <T extends ApiObject | undefined>(o: T): T => {
    if (o) objects.push(o);
    return o;
  };
  // config/llmisvc/manager.yaml: the pod's labels; the selector is the last two.
  const selector = { 'control-plane': LLM_CONTROLLER, 'controller-tools.k8s.io': '1.0' };
  const labels = { 'app.kubernetes.io/name': LLM_CONTROLLER, 'app.kubernetes.io/component': 'controller', ...selector };
  const subjects = [{ kind: 'ServiceAccount', name: LLM_CONTROLLER, namespace }];

  const serviceAccount = add(emit(scope, 'llmisvc-service-account', k8s.KubeServiceAccount, k8s.toJson_KubeServiceAccountProps, {
    // config/rbac/llmisvc/service_account.yaml
    metadata: { name: LLM_CONTROLLER, labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': LLM_CONTROLLER, 'app.kubernetes.io/name': LLM_CONTROLLER } },
  }));
  add(emit(scope, 'llmisvc-leader-election-role', k8s.KubeRole, k8s.toJson_KubeRoleProps, {
    metadata: { name: 'llmisvc-leader-election-role' }, rules: LLM_LEADER_ELECTION_RULES,
  }));
  add(emit(scope, 'llmisvc-manager-role', k8s.KubeClusterRole, k8s.toJson_KubeClusterRoleProps, {
    metadata: { name: release.managerRole }, rules: [...release.managerRules],
  }));
  add(emit(scope, 'llmisvc-leader-election-rolebinding', k8s.KubeRoleBinding, k8s.toJson_KubeRoleBindingProps, {
    metadata: { name: 'llmisvc-leader-election-rolebinding' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'llmisvc-leader-election-role' },
    subjects,
  }));
  add(emit(scope, 'llmisvc-manager-rolebinding', k8s.KubeClusterRoleBinding, k8s.toJson_KubeClusterRoleBindingProps, {
    metadata: { name: 'llmisvc-manager-rolebinding' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: release.managerRole },
    subjects,
  }));
  add(emit(scope, 'llmisvc-controller-service', k8s.KubeService, k8s.toJson_KubeServiceProps, {
    // config/llmisvc/service.yaml: the metrics port.
    metadata: { name: 'llmisvc-controller-manager-service', labels: { 'app.kubernetes.io/component': 'controller', ...selector } },
    spec: { selector, ports: [{ name: 'https', port: 8443, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' }] },
  }));
  add(emit(scope, 'llmisvc-webhook-service', k8s.KubeService, k8s.toJson_KubeServiceProps, {
    // config/webhook/llmisvc/service.yaml
    metadata: { name: LLM_WEBHOOK_SERVICE },
    spec: { selector: { 'control-plane': LLM_CONTROLLER }, ports: [{ name: release.webhookPortName, port: 443, targetPort: k8s.IntOrString.fromString('webhook-server') }] },
  }));

  const hardened: k8s.SecurityContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const deployment = add(emit(scope, 'llmisvc-controller', k8s.KubeDeployment, k8s.toJson_KubeDeploymentProps, {
    metadata: { name: LLM_CONTROLLER, labels },
    spec: {
      selector: { matchLabels: selector },
      template: {
        metadata: { labels, annotations: { 'kubectl.kubernetes.io/default-container': 'manager' } },
        spec: {
          serviceAccountName: LLM_CONTROLLER,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 30,
          containers: [{
            name: 'manager',
            image: ctx.images.llmController,
            // The release says Always, for its `:latest` development tag; the install pins the release tag.
            imagePullPolicy: 'IfNotPresent',
            command: ['/manager'],
            args: ['--metrics-addr=127.0.0.1:8443', '--leader-elect'],
            env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
            securityContext: hardened,
            livenessProbe: {
              httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(8081) },
              initialDelaySeconds: 30,
              periodSeconds: 10,
              timeoutSeconds: 5,
              failureThreshold: 5,
            },
            readinessProbe: {
              httpGet: { path: '/readyz', port: k8s.IntOrString.fromNumber(8081) },
              initialDelaySeconds: 30,
              periodSeconds: 5,
              timeoutSeconds: 5,
              failureThreshold: 5,
            },
            resources: renderResources(LLM_RESOURCES, k8s.Quantity, k8s.Quantity),
            ports: [
              { name: 'webhook-server', containerPort: 9443, protocol: 'TCP' },
              { name: 'metrics', containerPort: 8443, protocol: 'TCP' },
            ],
            volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
          }],
          volumes: [{ name: 'cert', secret: { secretName: LLM_WEBHOOK_SECRET, defaultMode: 420 } }],
        },
      },
    },
  }));
  add(ctx.certificate('llmisvc-serving-cert', LLM_CERTIFICATE, LLM_WEBHOOK_SERVICE, LLM_WEBHOOK_SECRET));

  // config/webhook/llmisvc/manifests.yaml with the cainjection patches of config/llmisvc.
  const annotations = ctx.certificates.usesCertManager ? { 'cert-manager.io/inject-ca-from': `${namespace}/${LLM_CERTIFICATE}` } : undefined;
  const hook = (kind: 'llminferenceservice' | 'llminferenceserviceconfig', version: string, role: 'defaulter' | 'validator', operations: string[]) => ({
    name: release.versionedWebhookNames ? `${kind}.kserve-webhook-server.${version}.${role}` : `${kind}.kserve-webhook-server.${role}`,
    admissionReviewVersions: ['v1', 'v1beta1'],
    clientConfig: {
      service: { name: LLM_WEBHOOK_SERVICE, namespace, path: `/${role === 'defaulter' ? 'mutate' : 'validate'}-serving-kserve-io-${version}-${kind}` },
      caBundle: ctx.certificates.caBundle,
    },
    failurePolicy: 'Fail',
    matchPolicy: release.versionedWebhookNames ? 'Exact' : undefined,
    sideEffects: 'None',
    rules: [{ apiGroups: ['serving.kserve.io'], apiVersions: [version], operations, resources: [`${kind}s`] }],
  });
  const createUpdate = ['CREATE', 'UPDATE'];
  const webhooks = [
    ...release.defaulter ? [emit(scope, 'llmisvc-mutating-webhook', k8s.KubeMutatingWebhookConfiguration, k8s.toJson_KubeMutatingWebhookConfigurationProps, {
      metadata: { name: 'llminferenceservice.serving.kserve.io', annotations },
      webhooks: ['v1alpha1', 'v1alpha2'].map(v => hook('llminferenceservice', v, 'defaulter', createUpdate)),
    })] : [],
    emit(scope, 'llmisvc-validator', k8s.KubeValidatingWebhookConfiguration, k8s.toJson_KubeValidatingWebhookConfigurationProps, {
      metadata: { name: 'llminferenceservice.serving.kserve.io', annotations },
      webhooks: release.webhookVersions.map(v => hook('llminferenceservice', v, 'validator', createUpdate)),
    }),
    // Configs are validated on DELETE too: the webhook warns about (or refuses) deleting a well-known kserve-config-llm-*
    // preset of the control-plane namespace (pkg/apis/serving/v1alpha2/llm_inference_service_config_validation.go ValidateDelete).
    emit(scope, 'llmisvcconfig-validator', k8s.KubeValidatingWebhookConfiguration, k8s.toJson_KubeValidatingWebhookConfigurationProps, {
      metadata: { name: 'llminferenceserviceconfig.serving.kserve.io', annotations },
      webhooks: release.webhookVersions.map(v => hook('llminferenceserviceconfig', v, 'validator', [...createUpdate, 'DELETE'])),
    }),
  ];
  objects.push(...webhooks);
  return { objects, deployment, serviceAccount, webhooks };
}
