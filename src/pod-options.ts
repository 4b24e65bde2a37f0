import { DnsPolicy, k8s, PodSecurityContextProps } from 'cdk8s-plus-28';
import { DeploymentStrategy } from './deployment-strategy';
import { DnsConfig } from './dns-config';
import { PreemptionPolicy } from './preemption-policy';

/**
 * Pod-level fields of a component (KServe inlines the PodSpec in every component, component.go): how its pods are
 * scheduled, resolve names, share namespaces and run, and how its Deployment replaces them.
 */
export interface PodOptions {
  /**
   * How the component's Deployment replaces its pods (`deploymentStrategy`), Standard mode only: KServe's Deployment
   * reconciler copies it (Knative rolls revisions out itself and the webhook rejects it there). A multi-node
   * predictor's worker Deployment keeps the type but KServe fixes its rolling update to maxUnavailable 0% /
   * maxSurge 100%; a Standard-mode canary's Deployment gets Kubernetes' default rolling update
   * (`deployment_reconciler.go`, `reconcileCanaryDeployments` at v0.20.0).
   * @default - KServe's: the `deploy.defaultRolloutStrategy` of inferenceservice-config, else a 25% / 25% rolling update
   */
  readonly deploymentStrategy?: DeploymentStrategy;

  /**
   * The scheduler that places the pods (`schedulerName`, a DNS-1123 subdomain), e.g. a gang scheduler for
   * multi-node models. Knative mode needs Knative's `kubernetes.podspec-schedulername` feature flag.
   * @default - the default scheduler
   */
  readonly schedulerName?: string;

  /**
   * Share the host's IPC namespace (`hostIPC`). Set only what the runtime needs: KServe's v0.20 huggingface runtime
   * sets it to false itself. Knative mode needs the `kubernetes.podspec-hostipc` feature flag.
   * @default - not set (Kubernetes: false)
   */
  readonly hostIPC?: boolean;

  /**
   * The pods' DNS policy (`dnsPolicy`, cdk8s-plus `DnsPolicy`); `DnsPolicy.NONE` needs `dnsConfig` nameservers.
   * Knative mode needs the `kubernetes.podspec-dnspolicy` feature flag.
   * @default - Kubernetes' default (ClusterFirst)
   */
  readonly dnsPolicy?: DnsPolicy;

  /**
   * Extra nameservers, search domains and resolver options (`dnsConfig`). Knative mode needs the
   * `kubernetes.podspec-dnsconfig` feature flag.
   * @default - only what the DNS policy generates
   */
  readonly dnsConfig?: DnsConfig;

  /**
   * How the pods spread over zones or nodes (`topologySpreadConstraints`), in Kubernetes' own shape (the raw L1
   * type, like `affinity`). Knative mode needs the `kubernetes.podspec-topologyspreadconstraints` feature flag.
   * @default - none
   */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];

  /**
   * Whether the namespace's Services are injected as environment variables (`enableServiceLinks`).
   * @default - not set (Kubernetes: true; Knative defaults it to false)
   */
  readonly enableServiceLinks?: boolean;

  /**
   * Whether the ServiceAccount token is mounted (`automountServiceAccountToken`). Knative mode accepts only false.
   * @default - the ServiceAccount's setting
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Extra `/etc/hosts` entries (`hostAliases`, Kubernetes' own `HostAlias` shape). Knative mode needs the
   * `kubernetes.podspec-hostaliases` feature flag.
   * @default - none
   */
  readonly hostAliases?: k8s.HostAlias[];

  /**
   * Whether the containers of a pod share one process namespace (`shareProcessNamespace`). Knative mode needs
   * the `kubernetes.podspec-shareprocessnamespace` feature flag.
   * @default - not set (Kubernetes: false)
   */
  readonly shareProcessNamespace?: boolean;

  /**
   * Whether the pods preempt lower-priority pods (`preemptionPolicy`); Standard mode only (Knative Serving refuses
   * the field).
   * @default - the PriorityClass's policy (Kubernetes: PreemptLowerPriority)
   */
  readonly preemptionPolicy?: PreemptionPolicy;

  /**
   * The pod-level security context (`securityContext`), rendered exactly as given (cdk8s-plus
   * `PodSecurityContextProps`: `user` is runAsUser, `group` runAsGroup, `ensureNonRoot` runAsNonRoot; none of
   * cdk8s-plus' defaults are added). Knative mode needs the `kubernetes.podspec-securitycontext` feature flag.
   * @default - none
   */
  readonly podSecurityContext?: PodSecurityContextProps;
}
