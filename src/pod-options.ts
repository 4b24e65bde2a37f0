import { CpuResources, DnsPolicy, k8s, MemoryResources, PodSecurityContextProps } from 'cdk8s-plus-28';
import { DeploymentStrategy } from './deployment-strategy';
import { DnsConfig } from './dns-config';
import { PodOs } from './pod-os';
import { PreemptionPolicy } from './preemption-policy';
import { ResourceClaim } from './resource-claim';

/**
 * CPU and memory for a whole pod (Kubernetes' pod-level `resources`): its containers share these requests and
 * limits. Kubernetes accepts only CPU and memory here.
 * @category Serving
 */
export interface PodResources {
  /**
   * The pod's CPU request and limit (cdk8s-plus `Cpu`).
   * @default - none: the sum of the containers'
   */
  readonly cpu?: CpuResources;

  /**
   * The pod's memory request and limit (cdk8s `Size`).
   * @default - none: the sum of the containers'
   */
  readonly memory?: MemoryResources;
}

/**
 * Pod-level fields shared by every pod spec this library writes (KServe's PodSpec, inlined in every InferenceService
 * component, component.go; the `template` / `worker` pod specs of an LLMInferenceService): how the pods are
 * scheduled, resolve names, share namespaces and run.
 * @category Serving
 */
export interface PodSpecOptions {
  /**
   * The scheduler that places the pods (`schedulerName`, a DNS-1123 subdomain), e.g. a gang scheduler for
   * multi-node models. Knative mode needs Knative's `kubernetes.podspec-schedulername` feature flag.
   * @default - the default scheduler
   */
  readonly schedulerName?: string;

  /**
   * Share the host's IPC namespace (`hostIPC`). Set only what the runtime needs: KServe's v0.20 huggingface runtime
   * sets it to false itself. Knative mode needs the `kubernetes.podspec-hostipc` feature flag, which the Knative of
   * KServe v0.13 does not have (`true` is then an error).
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

  /**
   * Run the pods in their own user namespace (`hostUsers: false`), so root in a container is not root on the node.
   * Standard mode only: Knative Serving does not accept the field (PodSpecMask, fieldmask.go). Kubernetes honours it
   * with the UserNamespacesSupport feature (on by default from 1.33; the API server drops the field where it is off);
   * with `false` the pods may not share the host's IPC namespace (`hostIPC`).
   * @default - not set (Kubernetes: true, the host's user namespace)
   */
  readonly hostUsers?: boolean;

  /**
   * The operating system of the pods (`os.name`). Standard mode only (Knative Serving does not accept it).
   * `PodOs.WINDOWS` needs a custom `container` that KServe adds no Linux container to (no storage URI, logger or
   * batcher) and none of the Linux-only fields (`hostIPC`, `hostUsers`, `shareProcessNamespace`, the user, group,
   * fsGroup and sysctls of `podSecurityContext`, the main container's `securityContext` user, group, capabilities,
   * seccomp, privileged, read-only root and privilege escalation); a Windows custom container then gets none of the
   * Linux security defaults.
   * @default - not set: Kubernetes does not restrict the pods' fields by OS
   */
  readonly os?: PodOs;

  /**
   * Scheduling gates (`schedulingGates`, qualified names such as `example.com/quota`): each pod stays unscheduled
   * (`SchedulingGated`) until a controller of yours removes every gate from it, including each new pod of a scale-up
   * or rollout. Give them only for a controller that removes them. Standard mode only (Knative Serving does not
   * accept the field).
   * @default - none
   */
  readonly schedulingGates?: string[];

  /**
   * Extra pod conditions that must be True before a pod counts as ready (`readinessGates`, condition types such as
   * `example.com/warmed-up`), set by a controller of yours. Standard mode only: Knative Serving refuses readiness
   * gates (PodSpecMask, fieldmask.go).
   * @default - none: ready when its containers are
   */
  readonly readinessGates?: string[];

  /**
   * Dynamic Resource Allocation claims (`resourceClaims`): each is held by the pod and given to the main container
   * (`resources.claims`). KServe v0.15+ and Standard mode only: Knative Serving accepts neither field, and the CRDs
   * of KServe v0.13 and v0.14 have only the pre-1.31 alpha shape (`source`). Needs Kubernetes' DynamicResourceAllocation (on by
   * default from 1.34).
   * @default - none
   */
  readonly resourceClaims?: ResourceClaim[];

  /**
   * CPU and memory for the whole pod (the component's pod-level `resources`, PodSpec.Resources), shared by its
   * containers. KServe v0.15+ and Standard mode only (Knative Serving does not accept it; the CRDs of KServe v0.13
   * and v0.14 have no such field). Kubernetes honours it with the PodLevelResources feature (on by default from 1.34; the API
   * server drops the field where it is off) and requires every container's request and limit to fit in the pod's;
   * since KServe gives a main container without its own CPU or memory the cluster's default (inferenceservice-config
   * `resource`, 1 CPU / 2Gi as shipped), set the same resources in `resources` too.
   * @default - none
   */
  readonly podResources?: PodResources;
}

/**
 * Pod-level fields of an InferenceService component (KServe inlines the PodSpec in every component, component.go):
 * the pod spec fields, and how its Deployment replaces the pods.
 * @category Serving
 */
export interface PodOptions extends PodSpecOptions {
  /**
   * How the component's Deployment replaces its pods (`deploymentStrategy`), Standard mode only: KServe's Deployment
   * reconciler copies it (Knative rolls revisions out itself and the webhook rejects it there). A multi-node
   * predictor's worker Deployment keeps the type but KServe fixes its rolling update to maxUnavailable 0% /
   * maxSurge 100%; a Standard-mode canary's Deployment gets Kubernetes' default rolling update
   * (`deployment_reconciler.go`, `reconcileCanaryDeployments` at v0.20.0).
   * @default - KServe's: the `deploy.defaultRolloutStrategy` of inferenceservice-config, else a 25% / 25% rolling update
   */
  readonly deploymentStrategy?: DeploymentStrategy;
}
