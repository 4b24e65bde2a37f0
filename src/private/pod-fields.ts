/*
 * The pod-level fields a component copies into its pods (KServe's PodSpec, inlined in every component, component.go):
 * rendered exactly as given and checked with Kubernetes core validation (pkg/apis/core/validation, stated in our
 * words) plus what Knative Serving refuses in Knative mode (PodSpecMask, knative.dev/serving pkg/apis/serving/fieldmask.go).
 */
import { isIP } from 'net';
import { Duration } from 'cdk8s';
import { ContainerResources, DnsPolicy, ISecret, k8s, PodSecurityContextProps } from 'cdk8s-plus-28';
import { ContainerClaim, cpuMillis, renderResources, sizeBytes, validateResources } from './resources';
import { describeValue, DNS1123_SUBDOMAIN_NAME, keyErrors, validateLabels, wholeNumberErrors, wholeSecondsErrors } from './validation';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';
import { DeploymentMode } from '../deployment-mode';
import { deploymentStrategyErrors } from '../deployment-strategy';
import { KServeVersion } from '../kserve-version';
import { needsRelease } from './releases';
import { PodOptions, PodResources } from '../pod-options';
import { PodOs } from '../pod-os';
import { ResourceClaim } from '../resource-claim';
import { Toleration, tolerationErrors } from '../toleration';
import { isvc } from './l1-runtime.generated';
import { shown } from './shown';


/** The rendered pod fields, in the predictor's generated types (the three components share their shape). */
export type RenderedPodFields = Pick<l1.InferenceServiceSpecPredictor,
'deploymentStrategy' | 'schedulerName' | 'hostIpc' | 'dnsPolicy' | 'dnsConfig' | 'topologySpreadConstraints' | 'enableServiceLinks'
| 'automountServiceAccountToken' | 'hostAliases' | 'shareProcessNamespace' | 'preemptionPolicy' | 'securityContext' | 'hostUsers' | 'os'
| 'schedulingGates' | 'readinessGates' | 'resourceClaims' | 'resources'>;

/**
 * The pod fields as KServe reads them. The props have their declared types (checked when the service is built,
 * private/shape.ts); inside the cdk8s-plus and Kubernetes shapes, anything else is reported by the rules and left out.
 */
export function renderPodFields(o: PodOptions): RenderedPodFields {
  const sc = o.podSecurityContext;
  return {
    deploymentStrategy: o.deploymentStrategy?._render(),
    schedulerName: o.schedulerName,
    hostIpc: o.hostIPC,
    dnsPolicy: o.dnsPolicy,
    dnsConfig: o.dnsConfig && {
      nameservers: o.dnsConfig.nameservers,
      searches: o.dnsConfig.searches,
      options: o.dnsConfig.options?.map(option => ({ name: option.name, value: option.value })),
    },
    // The raw Kubernetes shapes (like `affinity`): the generated toJson writes them field by field.
    topologySpreadConstraints: o.topologySpreadConstraints,
    enableServiceLinks: o.enableServiceLinks,
    automountServiceAccountToken: o.automountServiceAccountToken,
    // The 1.28 type leaves `ip` optional; the rules require it.
    hostAliases: o.hostAliases?.map(alias => ({ ip: alias.ip as string, hostnames: alias.hostnames })),
    shareProcessNamespace: o.shareProcessNamespace,
    preemptionPolicy: o.preemptionPolicy,
    // Exactly what was given: cdk8s-plus' PodSecurityContext class would add runAsNonRoot and fsGroupChangePolicy defaults.
    securityContext: sc && {
      runAsUser: sc.user,
      runAsGroup: sc.group,
      runAsNonRoot: sc.ensureNonRoot,
      fsGroup: sc.fsGroup,
      fsGroupChangePolicy: sc.fsGroupChangePolicy,
      sysctls: sc.sysctls?.map(s => ({ name: s.name, value: s.value })),
    },
    hostUsers: o.hostUsers,
    os: o.os === undefined ? undefined : { name: o.os },
    schedulingGates: o.schedulingGates?.map(name => ({ name })),
    readinessGates: o.readinessGates?.map(conditionType => ({ conditionType })),
    resourceClaims: o.resourceClaims?.map(c => c._renderPod()),
    resources: o.podResources && renderResources(o.podResources,
      isvc.InferenceServiceSpecPredictorResourcesLimits, isvc.InferenceServiceSpecPredictorResourcesRequests),
  };
}

/** The main container's `resources.claims`: one entry per claim of the pod (the main container is the only consumer). */
export function mainContainerClaims(o: PodOptions): ContainerClaim[] | undefined {
  const claims = o.resourceClaims?.map(c => c._renderContainer());
  return claims && claims.length > 0 ? claims : undefined;
}

/** Where the pod fields are checked. */
export interface PodFieldContext {
  readonly mode: DeploymentMode;
  readonly version: KServeVersion;
  /** The component's path, e.g. `spec.predictor`. */
  readonly field: string;
  /** The main container's own resources (pod-level resources must hold them). */
  readonly mainResources?: ContainerResources;
  /** The props that make KServe add Linux containers to the pod (a model's runtime, the storage initializer, the agent). */
  readonly linuxContainers?: string[];
}

// Kubernetes core validation limits (ExpandedDNSConfig, GA since Kubernetes 1.28; our schemas are 1.28 and 1.33).
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;
const MAX_ID = 2147483647;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** Problems with the pod fields, each naming its field under `field`. */
export function podFieldErrors(o: PodOptions, { mode, version, field, mainResources, linuxContainers = [] }: PodFieldContext): string[] {
  const errors: string[] = [];
  const knative = `in '${mode.annotationValue(version)}' mode`;

  errors.push(...deploymentStrategyErrors(o.deploymentStrategy, `${field}.deploymentStrategy`));
  // Only the Deployment reconciler reads it (reconcilers/deployment/deployment_reconciler.go); under Knative's
  // autoscaler the webhook rejects it (validateScalingKPACompExtension, inference_service_validation.go, both
  // tags), and under Knative's HPA class it passes but no reconciler uses it.
  if (o.deploymentStrategy !== undefined && mode.isKnative) {
    errors.push(`${field}.deploymentStrategy is only honoured in Standard mode (KServe: "customizing deploymentStrategy is only supported `
      + `for raw deployment mode"); ${knative} Knative rolls revisions out itself. Remove it or use DeploymentMode.STANDARD`);
  }

  // A scheduler is named like an object: a DNS-1123 subdomain (validatePodSpec).
  if (o.schedulerName !== undefined && !DNS1123_SUBDOMAIN_NAME.test(o.schedulerName)) {
    errors.push(`${field}.schedulerName '${o.schedulerName}' must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
  }
  // The Knative that v0.13 pins clears hostIPC in its PodSpecMask, so its webhook refuses true whatever the flags.
  if (o.hostIPC === true && mode.isKnative && !version._facts.knativeHostIPC) {
    errors.push(`${field}.hostIPC true in Knative mode ${needsRelease(v => v._facts.knativeHostIPC, version)}: the Knative Serving that `
      + `KServe ${version.name} installs never allows it ${knative}; use DeploymentMode.STANDARD`);
  }
  // Knative copies automountServiceAccountToken only when it is false (PodSpecMask); true is refused.
  if (o.automountServiceAccountToken === true && mode.isKnative) {
    errors.push(`${field}.automountServiceAccountToken: Knative Serving accepts only false ${knative}; `
      + 'leave it out (the ServiceAccount decides) or use DeploymentMode.STANDARD');
  }
  errors.push(...dnsErrors(o, field));
  errors.push(...topologySpreadErrors(o.topologySpreadConstraints, `${field}.topologySpreadConstraints`));
  errors.push(...hostAliasErrors(o.hostAliases, `${field}.hostAliases`));

  if (o.preemptionPolicy !== undefined && mode.isKnative) {
    // PodSpecMask has no preemptionPolicy, so Knative refuses it whatever its feature flags.
    errors.push(`${field}.preemptionPolicy: Knative Serving does not allow it ${knative}; use DeploymentMode.STANDARD or leave it to the PriorityClass`);
  }
  errors.push(...securityContextErrors(o.podSecurityContext, `${field}.podSecurityContext`));
  errors.push(...standardOnlyErrors(o, { mode, version, field }));
  // validateHostUsers (core validation): a pod in its own user namespace cannot share the host's namespaces.
  if (o.hostUsers === false && o.hostIPC === true) {
    errors.push(`${field}.hostUsers false (a user namespace of the pod's own) cannot be combined with hostIPC true`);
  }
  errors.push(...osErrors(o, linuxContainers, field));
  errors.push(...gateErrors(o.schedulingGates, `${field}.schedulingGates`));
  errors.push(...gateErrors(o.readinessGates, `${field}.readinessGates`));
  errors.push(...resourceClaimErrors(o.resourceClaims, version, `${field}.resourceClaims`));
  errors.push(...podResourceErrors(o.podResources, mainResources, version, field));
  return errors;
}

/**
 * PodSpecMask (knative.dev/serving pkg/apis/serving/fieldmask.go, v0.39.3 and v0.48.1) copies none of these, so
 * Knative's webhook refuses them whatever its feature flags (readinessGates it clears by name).
 */
const STANDARD_ONLY = ['hostUsers', 'os', 'schedulingGates', 'readinessGates', 'resourceClaims', 'podResources'] as const;

function standardOnlyErrors(o: PodOptions, { mode, version, field }: PodFieldContext): string[] {
  if (!mode.isKnative) return [];
  return STANDARD_ONLY.filter(prop => o[prop] !== undefined).map(prop =>
    `${field}.${prop}: Knative Serving does not accept it in '${mode.annotationValue(version)}' mode; use DeploymentMode.STANDARD or leave it out`);
}

/** Pod fields Kubernetes forbids with `os: windows` (validateWindows, core validation), with what the prop holds. */
const LINUX_ONLY_POD_FIELDS: ReadonlyArray<[string, (o: PodOptions) => unknown]> = [
  ['hostIPC', o => o.hostIPC],
  ['hostUsers', o => o.hostUsers],
  ['shareProcessNamespace', o => o.shareProcessNamespace],
  ['podSecurityContext.user', o => o.podSecurityContext?.user],
  ['podSecurityContext.group', o => o.podSecurityContext?.group],
  ['podSecurityContext.fsGroup', o => o.podSecurityContext?.fsGroup],
  ['podSecurityContext.fsGroupChangePolicy', o => o.podSecurityContext?.fsGroupChangePolicy],
  ['podSecurityContext.sysctls', o => o.podSecurityContext?.sysctls],
];

function osErrors(o: PodOptions, linuxContainers: string[], field: string): string[] {
  if (o.os !== PodOs.WINDOWS) return [];
  const errors = LINUX_ONLY_POD_FIELDS.filter(([, get]) => get(o) !== undefined)
    .map(([prop]) => `${field}.${prop} must be unset with os PodOs.WINDOWS (Kubernetes allows it only for Linux pods)`);
  // Our safety rule: KServe's runtimes, storage initializer and agent are Linux images, and a Windows pod cannot run them.
  for (const prop of linuxContainers) {
    errors.push(`${field}.os PodOs.WINDOWS cannot be combined with ${field}.${prop}: KServe then adds its Linux containers to the pod`);
  }
  return errors;
}

/** Scheduling gates and readiness gates: qualified names, each once (validateSchedulingGates, validateReadinessGates). */
function gateErrors(gates: string[] | undefined, field: string): string[] {
  const seen = new Set<string>();
  return (gates ?? []).flatMap((gate, i) => {
    const errors = keyErrors(gate, `${field}[${i}]`);
    if (seen.has(gate)) errors.push(`${field}[${i}] ${shown(gate)} is given twice`);
    seen.add(gate);
    return errors;
  });
}

function resourceClaimErrors(claims: ResourceClaim[] | undefined, version: KServeVersion, field: string): string[] {
  if (claims === undefined) return [];
  // Fact podResourceClaims: the CRD schema of the target release. The rest: core validation (claim names unique in the pod).
  if (!version._facts.podResourceClaims) {
    return [`${field} ${needsRelease(v => v._facts.podResourceClaims, version)}: the CRD of ${version.name} has only the alpha `
      + 'resource-claim shape that Kubernetes 1.31 removed'];
  }
  const names = new Set<string>();
  return claims.flatMap((claim, i) => {
    const errors = claim._validate(`${field}[${i}]`);
    // Claim names are unique in the pod (the list is keyed by name).
    if (names.has(claim.name)) errors.push(`${field}[${i}]: claim name ${shown(claim.name)} is given twice`);
    names.add(claim.name);
    return errors;
  });
}

function podResourceErrors(pod: PodResources | undefined, main: ContainerResources | undefined, version: KServeVersion, field: string): string[] {
  if (pod === undefined) return [];
  const at = `${field}.podResources`;
  // Fact podResources: the CRD schema of the target release. Kubernetes accepts only cpu and memory at pod level
  // (validatePodResources): the PodResources type has only these.
  if (!version._facts.podResources) return [`${at} ${needsRelease(v => v._facts.podResources, version)}: its CRD has no pod-level resources`];
  const errors = validateResources(pod, at);
  for (const resource of ['cpu', 'memory'] as const) {
    if (pod[resource] === undefined) continue;
    // Our safety rule: without the main container's own amount KServe fills in the cluster's default
    // (setResourceRequirementDefaults, inference_service_defaults.go at v0.20.0), unknown here, which may not fit.
    if (main?.[resource] === undefined) {
      errors.push(`${at}.${resource} needs ${field}.resources.${resource} too: KServe gives a main container without its own ${resource} `
        + "the cluster's default (1 CPU / 2Gi as shipped), which the pod's amount must hold");
    }
  }
  errors.push(...fitErrors(pod, main, field));
  return errors;
}

/** validatePodResourceConsistency (core validation): a container's request and limit fit in the pod's. */
function fitErrors(pod: PodResources, main: ContainerResources | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const bound of ['request', 'limit'] as const) {
    const checks: Array<['cpu' | 'memory', number | undefined, number | undefined]> = [
      ['cpu', cpuMillis(pod.cpu?.[bound]), cpuMillis(main?.cpu?.[bound])],
      ['memory', sizeBytes(pod.memory?.[bound]), sizeBytes(main?.memory?.[bound])],
    ];
    for (const [resource, p, m] of checks) {
      if (p !== undefined && m !== undefined && m > p) {
        errors.push(`${field}.resources.${resource}.${bound} must fit in ${field}.podResources.${resource}.${bound}`);
      }
    }
  }
  return errors;
}

function dnsErrors(o: PodOptions, field: string): string[] {
  const errors: string[] = [];
  // Core validation (validateDNSPolicy, validatePodDNSConfig): list limits, addresses and option names.
  const config = o.dnsConfig;
  // validatePodDNSConfig: policy None takes its resolvers from dnsConfig only.
  if (o.dnsPolicy === DnsPolicy.NONE && !(config?.nameservers && config.nameservers.length > 0)) {
    errors.push(`${field}.dnsPolicy None needs at least one nameserver in ${field}.dnsConfig.nameservers`);
  }
  if (config === undefined) return errors;
  const dns = `${field}.dnsConfig`;
  const nameservers = config.nameservers ?? [];
  if (nameservers.length > MAX_NAMESERVERS) {
    errors.push(`${dns}.nameservers has ${nameservers.length} entries; Kubernetes allows at most ${MAX_NAMESERVERS}`);
  }
  nameservers.forEach((ns, i) => {
    if (isIP(ns) === 0) errors.push(`${dns}.nameservers[${i}] '${ns}' must be an IPv4 or IPv6 address`);
  });
  const searches = config.searches ?? [];
  if (searches.length > MAX_SEARCHES) {
    errors.push(`${dns}.searches has ${searches.length} entries; Kubernetes allows at most ${MAX_SEARCHES}`);
  }
  searches.forEach((search, i) => {
    // A trailing dot (fully qualified) is allowed.
    if (!DNS1123_SUBDOMAIN_NAME.test(search.replace(/\.$/, ''))) {
      errors.push(`${dns}.searches[${i}] '${search}' must be a DNS subdomain such as 'svc.cluster.local'`);
    }
  });
  const chars = searches.join(' ').length;
  if (chars > MAX_SEARCH_CHARS) {
    errors.push(`${dns}.searches are ${chars} characters in all; Kubernetes allows at most ${MAX_SEARCH_CHARS}`);
  }
  // Core validation: every resolver option has a name.
  (config.options ?? []).forEach((option, i) => {
    if (option.name.length === 0) {
      errors.push(`${dns}.options[${i}] needs a name, e.g. { name: 'ndots', value: '2' } (got ${JSON.stringify(option)})`);
    }
  });
  return errors;
}

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const INCLUSION_POLICIES = ['Honor', 'Ignore'];

/** validateTopologySpreadConstraints, in our words. */
function topologySpreadErrors(constraints: k8s.TopologySpreadConstraint[] | undefined, field: string): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  (constraints ?? []).forEach((c, i) => {
    const at = `${field}[${i}]`;
    // maxSkew and minDomains are int32 (CRD schema).
    errors.push(...wholeNumberErrors(c.maxSkew, `${at}.maxSkew`, 1));
    if (c.topologyKey === '') {
      errors.push(`${at}.topologyKey is required: a node label key such as 'topology.kubernetes.io/zone'`);
    } else {
      errors.push(...keyErrors(c.topologyKey, `${at}.topologyKey`));
    }
    if (!WHEN_UNSATISFIABLE.includes(c.whenUnsatisfiable)) {
      errors.push(`${at}.whenUnsatisfiable ${shown(c.whenUnsatisfiable)} must be one of ${WHEN_UNSATISFIABLE.join(', ')}`);
    }
    if (c.minDomains !== undefined) {
      const minDomains = wholeNumberErrors(c.minDomains, `${at}.minDomains`, 1);
      if (minDomains.length > 0) {
        errors.push(...minDomains);
      } else if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errors.push(`${at}.minDomains only applies with whenUnsatisfiable DoNotSchedule`);
      }
    }
    for (const prop of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      if (c[prop] !== undefined && !INCLUSION_POLICIES.includes(c[prop]!)) {
        errors.push(`${at}.${prop} ${shown(c[prop])} must be one of ${INCLUSION_POLICIES.join(', ')}`);
      }
    }
    // One constraint per topologyKey and whenUnsatisfiable pair.
    const key = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(key)) errors.push(`${at}: topologyKey ${shown(c.topologyKey)} with whenUnsatisfiable ${shown(c.whenUnsatisfiable)} is given twice`);
    seen.add(key);
  });
  return errors;
}

/** validateHostAliases: an IP address and DNS-1123 subdomain host names. */
function hostAliasErrors(aliases: k8s.HostAlias[] | undefined, field: string): string[] {
  return (aliases ?? []).flatMap((alias, i) => {
    const at = `${field}[${i}]`;
    const errors: string[] = [];
    if (typeof alias.ip !== 'string' || isIP(alias.ip) === 0) errors.push(`${at}.ip ${shown(alias.ip)} must be an IPv4 or IPv6 address`);
    (alias.hostnames ?? []).forEach((host, j) => {
      if (!DNS1123_SUBDOMAIN_NAME.test(host)) {
        errors.push(`${at}.hostnames[${j}] ${shown(host)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
      }
    });
    return errors;
  });
}

/** Pod security context: ids are 32-bit values >= 0, sysctls named once. */
function securityContextErrors(sc: PodSecurityContextProps | undefined, field: string): string[] {
  if (sc === undefined) return [];
  // Core validation (pod security context and sysctls).
  const errors: string[] = [];
  for (const prop of ['user', 'group', 'fsGroup'] as const) {
    const id = sc[prop];
    if (id !== undefined && !(Number.isInteger(id) && id >= 0 && id <= MAX_ID)) {
      errors.push(`${field}.${prop} (${describeValue(id)}) must be a whole number between 0 and ${MAX_ID}`);
    }
  }
  const names = new Set<string>();
  (sc.sysctls ?? []).forEach(({ name }, i) => {
    if (name.length > 253 || !SYSCTL_NAME.test(name)) {
      errors.push(`${field}.sysctls[${i}] name ${shown(name)} is not a sysctl name such as 'net.core.somaxconn'`);
    } else if (names.has(name)) {
      errors.push(`${field}.sysctls[${i}]: ${shown(name)} is given twice`);
    }
    names.add(name);
  });
  return errors;
}

/** The placement and pull fields a component's (or an LLM pod's) options share. */
export interface PlacementOptions {
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: Toleration[];
  readonly imagePullSecrets?: ISecret[];
  readonly priorityClassName?: string;
  readonly runtimeClassName?: string;
  readonly terminationGracePeriod?: Duration;
}

/** Problems with the placement and pull fields, each naming `<field>.<prop>`. */
export function podPlacementErrors(o: PlacementOptions, field: string): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(o.nodeSelector ?? {})) {
    errors.push(...validateLabels({ [key]: value }, `${field}.nodeSelector`));
  }
  errors.push(...tolerationErrors(o.tolerations, `${field}.tolerations`));
  // Secret names are object names (DNS-1123 subdomains), core validation; an ISecret from JavaScript may lack one.
  (o.imagePullSecrets ?? []).forEach((secret, i) => {
    if (typeof secret.name !== 'string' || !DNS1123_SUBDOMAIN_NAME.test(secret.name)) {
      errors.push(`${field}.imagePullSecrets[${i}] must be a Secret with a DNS-1123 subdomain name (got ${JSON.stringify(secret.name)})`);
    }
  });
  // PriorityClass and RuntimeClass names are object names (DNS-1123 subdomains), core validation.
  for (const prop of ['priorityClassName', 'runtimeClassName'] as const) {
    const value = o[prop];
    if (value !== undefined && !DNS1123_SUBDOMAIN_NAME.test(value)) {
      errors.push(`${field}.${prop} '${value}' must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
    }
  }
  errors.push(...wholeSecondsErrors(o.terminationGracePeriod, `${field}.terminationGracePeriod`, 0));
  return errors;
}
