/**
 * Kinds whose objects have no namespace: the cluster-scoped resources of the Kubernetes API (what
 * `kubectl api-resources --namespaced=false` lists for the built-in groups) and of the operators the library
 * writes for (the `scope: Cluster` CRDs of KServe, cert-manager, the External Secrets Operator and the Gateway
 * API). Keyed by API group (`core` for the legacy group, as `ApiObject.apiGroup` spells it) and kind.
 */
const CLUSTER_SCOPED: Record<string, readonly string[]> = {
  'core': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'node.k8s.io': ['RuntimeClass'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'serving.kserve.io': ['ClusterServingRuntime', 'ClusterStorageContainer', 'LocalModelCache', 'LocalModelNode', 'LocalModelNodeGroup'],
  'cert-manager.io': ['ClusterIssuer'],
  'external-secrets.io': ['ClusterSecretStore', 'ClusterExternalSecret'],
  'gateway.networking.k8s.io': ['GatewayClass'],
};

/** Whether objects of `kind` in API group `group` are cluster-scoped (see above). */
export function isClusterScopedKind(group: string, kind: string): boolean {
  return CLUSTER_SCOPED[group]?.includes(kind) ?? false;
}
