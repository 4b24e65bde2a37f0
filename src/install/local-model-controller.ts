import { ApiObject, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { ControllerContext, ControllerObjects } from './llm-controller';
import { LOCAL_MODEL_AGENT_RULES, LOCAL_MODEL_MANAGER_RULES } from './rbac-rules';
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

// config/localmodels/kustomization.yaml labels every object it builds with these.
const PART = { 'app.kubernetes.io/component': 'localmodel', 'app.kubernetes.io/name': 'kserve' };
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
 * The local model controller and node agent as `config/localmodels` (which includes `config/localmodelnodes`) at
 * v0.20.0 builds them, without the CRDs (the CRD chart holds them): ServiceAccounts, ClusterRoles and bindings, the
 * webhook Service, the controller Deployment, the agent DaemonSet, the Certificate and the LocalModelCache validator.
 * @internal
 */
export function buildLocalModelController(ctx: ControllerContext): LocalModelObjects {
  const { scope, namespace } = ctx;
  const objects: ApiObject[] = [];
  const add = <T extends ApiObject | undefined>(o: T): T => {
    if (o) objects.push(o);
    return o;
  };
  const account = (id: string, name: string) => add(emit(scope, id, k8s.KubeServiceAccount, k8s.toJson_KubeServiceAccountProps, {
    // config/rbac/localmodel/service_account.yaml, config/rbac/localmodelnode/service_account.yaml
    metadata: { name, labels: { ...PART, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': name } },
  }));
  const serviceAccount = account('localmodel-service-account', LOCAL_MODEL_CONTROLLER);
  const agentServiceAccount = account('localmodelnode-service-account', LOCAL_MODEL_AGENT);
  const role = (id: string, name: string, rules: k8s.PolicyRule[]) => add(emit(scope, id, k8s.KubeClusterRole, k8s.toJson_KubeClusterRoleProps, {
    metadata: { name, labels: PART }, rules,
  }));
  role('localmodel-manager-role', 'kserve-localmodel-manager-role', LOCAL_MODEL_MANAGER_RULES);
  role('localmodelnode-agent-role', 'kserve-localmodelnode-agent-role', LOCAL_MODEL_AGENT_RULES);
  const binding = (id: string, name: string, roleName: string, subject: string) => add(emit(scope, id, k8s.KubeClusterRoleBinding,
    k8s.toJson_KubeClusterRoleBindingProps, {
      metadata: { name, labels: PART },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: subject, namespace }],
    }));
  binding('localmodel-manager-rolebinding', 'kserve-localmodel-manager-rolebinding', 'kserve-localmodel-manager-role', LOCAL_MODEL_CONTROLLER);
  binding('localmodelnode-agent-rolebinding', 'kserve-localmodelnode-agent-rolebinding', 'kserve-localmodelnode-agent-role', LOCAL_MODEL_AGENT);
  add(emit(scope, 'localmodel-webhook-service', k8s.KubeService, k8s.toJson_KubeServiceProps, {
    metadata: { name: WEBHOOK_SERVICE, labels: PART },
    spec: { selector: { 'control-plane': LOCAL_MODEL_CONTROLLER }, ports: [{ port: 443, targetPort: k8s.IntOrString.fromString('webhook-server') }] },
  }));

  const workload = (name: string) => {
    const selector = { 'control-plane': name, 'controller-tools.k8s.io': '1.0' };
    return {
      metadata: { name, labels: { ...PART, ...selector } },
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
            livenessProbe: probe('/healthz', {}),
            readinessProbe: probe('/readyz', { periodSeconds: 5 }),
            resources: renderResources(RESOURCES, k8s.Quantity, k8s.Quantity),
            ports: [{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }],
            volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
          }],
          volumes: [{ name: 'cert', secret: { secretName: WEBHOOK_SECRET, defaultMode: 420 } }],
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
  add(ctx.certificate('localmodel-serving-cert', LOCAL_MODEL_CERTIFICATE, WEBHOOK_SERVICE, WEBHOOK_SECRET));

  // config/webhook/localmodel/manifests.yaml with config/localmodels/webhook_cainjection_patch.yaml.
  const webhooks = [emit(scope, 'localmodelcache-validator', k8s.KubeValidatingWebhookConfiguration, k8s.toJson_KubeValidatingWebhookConfigurationProps, {
    metadata: {
      name: 'localmodelcache.serving.kserve.io',
      labels: PART,
      annotations: ctx.certificates.usesCertManager ? { 'cert-manager.io/inject-ca-from': `${namespace}/${LOCAL_MODEL_CERTIFICATE}` } : undefined,
    },
    webhooks: [{
      name: 'localmodelcache.kserve-webhook-server.validator',
      admissionReviewVersions: ['v1beta1'],
      clientConfig: {
        service: { name: WEBHOOK_SERVICE, namespace, path: '/validate-serving-kserve-io-v1alpha1-localmodelcache' },
        caBundle: ctx.certificates.caBundle,
      },
      failurePolicy: 'Fail',
      sideEffects: 'None',
      rules: [{ apiGroups: ['serving.kserve.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['localmodelcaches'] }],
    }],
  })];
  objects.push(...webhooks);
  return { objects, deployment, serviceAccount, webhooks, agent, agentServiceAccount };
}
