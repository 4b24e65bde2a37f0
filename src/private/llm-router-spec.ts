/*
 * The typed parts of an LLMInferenceService's router (serving.kserve.io/v1alpha2 RouterSpec at v0.20.0): the HTTPRoute
 * spec KServe creates, the InferencePool spec KServe creates, and the endpoint picker's inline configuration; rendered
 * to the JSON the target's CRD takes (v0.16.0's v1alpha1 embeds the older InferencePool spec) and checked as the CRDs
 * and the programs reading them do.
 */
import { ParentReferenceJson, portErrors, RouteRuleJson } from './gateway-api';
import { renderRouteRules, routeHostnameErrors, routeParentErrors, routeRulesErrors } from './http-route-spec';
import { lacks } from './llm-releases';
import { shown } from './shown';
import { describeValue, DNS1123_SUBDOMAIN_NAME, validateLabels } from './validation';
import { HttpRouteParent } from '../gateway/http-route-rule';
import { KServeVersion } from '../kserve-version';
import { EndpointPickerConfig, LLMHttpRouteSpec, LLMInferencePoolSpec } from '../llm/llm-router';

/** The JSON of `router.route.http.spec` (a Gateway API HTTPRouteSpec, the fields this library writes). */
export interface LLMRouteSpecJson {
  readonly parentRefs?: ParentReferenceJson[];
  readonly hostnames?: string[];
  readonly rules: RouteRuleJson[];
}

/**
 * A parent as the service's route writes it: the Gateway's namespace whenever it is known, as `gateway.refs` are
 * written, since KServe compares the two literally (parentRefsMatchGatewayRefs, llm_inference_service_validation.go).
 */
export function llmParentRef(parent: HttpRouteParent): ParentReferenceJson {
  return { name: parent?.gateway?.name, namespace: parent?.gateway?.namespace, sectionName: parent?.sectionName, port: parent?.port };
}

/** The group of InferencePool v1, which this library's typed props follow. */
const V1_POOL_GROUP = 'inference.networking.k8s.io';

/** The InferencePool of Gateway API Inference Extension v0.3.0, KServe v0.16.0's (fact llmInferencePool). */
const V1ALPHA2_POOL = 'inference.networking.x-k8s.io/v1alpha2';

/** The group of the InferencePool kind the release's LLM controller writes (fact llmInferencePool). */
export function inferencePoolGroup(version: KServeVersion): string {
  return version._facts.llmInferencePool?.split('/')[0] ?? V1_POOL_GROUP;
}

/**
 * `router.route.http.spec`; the service's namespace is the route's. A backend `HttpBackend.inferencePool(...)` (the
 * only one written with kind InferencePool) names the InferencePool of the release (fact llmInferencePool): on v0.16.0
 * KServe creates its pools, and recognizes its own pool in a route (isDefaultBackendRef, config_merge.go), in group
 * inference.networking.x-k8s.io only.
 */
export function renderLlmRouteSpec(spec: LLMHttpRouteSpec, namespace: string, version: KServeVersion): LLMRouteSpecJson {
  const group = inferencePoolGroup(version);
  const rules = renderRouteRules(spec.rules ?? [], namespace).map(rule => ({
    ...rule,
    backendRefs: rule.backendRefs?.map(b => (b.kind === 'InferencePool' && b.group === V1_POOL_GROUP ? { ...b, group } : b)),
  }));
  return { parentRefs: spec.parents?.map(llmParentRef), hostnames: spec.hostnames, rules };
}

/** Problems with `router.route.http.spec`, checked as the HttpRoute construct checks its spec (private/http-route-spec.ts). */
export function llmRouteSpecErrors(spec: LLMHttpRouteSpec, namespace: string, field: string): string[] {
  return [
    ...(spec.parents !== undefined ? routeParentErrors(spec.parents, namespace, spec.hostnames, `${field}.parentRefs`) : []),
    ...routeHostnameErrors(spec.hostnames, `${field}.hostnames`),
    ...routeRulesErrors(spec.rules ?? [], `${field}.rules`),
  ];
}

/** The JSON of `router.scheduler.pool.spec` (inference.networking.k8s.io/v1 InferencePoolSpec). */
export interface InferencePoolSpecJson {
  readonly selector: { readonly matchLabels: Record<string, string> };
  readonly targetPorts: Array<{ readonly number: number }>;
  readonly endpointPickerRef: {
    readonly group?: string;
    readonly kind?: string;
    readonly name: string;
    readonly port?: { readonly number: number };
    readonly failureMode?: string;
  };
  readonly appProtocol?: string;
}

/**
 * The JSON of `router.scheduler.pool.spec` on a release whose InferencePool is inference.networking.x-k8s.io/v1alpha2
 * (Gateway API Inference Extension v0.3.0's InferencePoolSpec, which v0.16.0's v1alpha1 CRD embeds).
 */
export interface InferencePoolV1Alpha2SpecJson {
  readonly selector: Record<string, string>;
  readonly targetPortNumber: number;
  readonly extensionRef: {
    readonly group?: string;
    readonly kind?: string;
    readonly name: string;
    readonly portNumber?: number;
    readonly failureMode?: string;
  };
}

/** Whether the release's InferencePool is v1alpha2 (fact llmInferencePool). */
function v1alpha2Pool(version: KServeVersion): boolean {
  return version._facts.llmInferencePool === V1ALPHA2_POOL;
}

/**
 * The pool spec in the form of the release's InferencePool (fact llmInferencePool): v1's `endpointPickerRef`,
 * `targetPorts[]` and `selector.matchLabels`, or v1alpha2's `extensionRef` (with `portNumber`), one `targetPortNumber`
 * and a label map `selector`; the same props either way (several target ports are an error on v1alpha2, poolSpecErrors).
 */
export function renderPoolSpec(spec: LLMInferencePoolSpec, version: KServeVersion): InferencePoolSpecJson | InferencePoolV1Alpha2SpecJson {
  const picker = spec.endpointPicker;
  if (v1alpha2Pool(version)) {
    return {
      selector: spec.selector,
      targetPortNumber: (spec.targetPorts ?? [])[0],
      extensionRef: { group: picker?.group, kind: picker?.kind, name: picker?.name, portNumber: picker?.port, failureMode: picker?.failureMode },
    };
  }
  return {
    selector: { matchLabels: spec.selector },
    targetPorts: (spec.targetPorts ?? []).map(number => ({ number })),
    endpointPickerRef: {
      group: picker?.group,
      kind: picker?.kind,
      name: picker?.name,
      port: picker?.port !== undefined ? { number: picker.port } : undefined,
      failureMode: picker?.failureMode,
    },
    appProtocol: spec.appProtocol,
  };
}

/** The CRD's patterns of `endpointPickerRef.kind` and `.group` (inference.networking.k8s.io_inferencepools.yaml, v1). */
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Problems with `router.scheduler.pool.spec`: the InferencePool v1 CRD's schema and rules (kserve-bundled v0.20.0), or on
 * v0.16.0 the v1alpha2 InferencePoolSpec its v1alpha1 CRD embeds (config/crd/full/llmisvc at v0.16.0: one
 * targetPortNumber, no bounds on the selector, an optional portNumber that implementations default to 9002).
 */
export function poolSpecErrors(spec: LLMInferencePoolSpec, field: string, version: KServeVersion): string[] {
  const errors: string[] = [];
  const v1alpha2 = v1alpha2Pool(version);
  // selector.matchLabels: 1 to 64 labels, label values (the v1 CRD's minProperties, maxProperties and value pattern).
  const labels = Object.keys(spec.selector ?? {}).length;
  if (!v1alpha2 && (labels < 1 || labels > 64)) errors.push(`${field}.selector: give 1 to 64 labels of the model server pods (got ${labels})`);
  errors.push(...validateLabels(spec.selector, `${field}.selector`));
  // targetPorts: 1 to 8 port numbers, unique ("port number must be unique", the v1 CRD's x-kubernetes-validations);
  // v1alpha2 has the one required targetPortNumber.
  const ports = spec.targetPorts ?? [];
  if (v1alpha2 && ports.length !== 1) {
    errors.push(ports.length === 0 ? `${field}.targetPorts: give the port the model servers listen on (got none)`
      : lacks(`${field}.targetPorts with ${ports.length} ports`, f => f.llmInferencePool !== undefined && f.llmInferencePool !== V1ALPHA2_POOL, version,
        `KServe ${version.name}'s InferencePool (${version._facts.llmInferencePool}) takes one port (targetPortNumber); give one`));
  } else if (ports.length < 1 || ports.length > 8) {
    errors.push(`${field}.targetPorts: give 1 to 8 ports (got ${ports.length})`);
  }
  ports.forEach((port, i) => {
    errors.push(...portErrors(port, `${field}.targetPorts[${i}]`));
    if (ports.indexOf(port) !== i) errors.push(`${field}.targetPorts[${i}] (${port}): port number must be unique`);
  });
  const picker = spec.endpointPicker;
  const at = `${field}.endpointPicker`;
  if (picker === undefined) return [...errors, `${at} is required: the endpoint picker's Service (name and port)`];
  // name: 1 to 253 characters (the CRD); Kubernetes core validation makes object names DNS-1123 subdomains.
  if (typeof picker.name !== 'string' || !DNS1123_SUBDOMAIN_NAME.test(picker.name)) {
    errors.push(`${at}.name ${shown(picker.name)} must be an object name (a DNS-1123 subdomain)`);
  }
  if (picker.kind !== undefined && !(typeof picker.kind === 'string' && picker.kind.length <= 63 && KIND.test(picker.kind))) {
    errors.push(`${at}.kind ${shown(picker.kind)} must be a Kind (a letter, then letters, digits or '-', at most 63)`);
  }
  if (picker.group !== undefined && !(typeof picker.group === 'string' && picker.group.length <= 253 && GROUP.test(picker.group))) {
    errors.push(`${at}.group ${shown(picker.group)} must be '' (core) or an API group (a DNS subdomain)`);
  }
  // "port is required when kind is 'Service' or unspecified" (the v1 CRD's x-kubernetes-validations on endpointPickerRef;
  // v1alpha2's portNumber is optional).
  if (!v1alpha2 && picker.port === undefined && (picker.kind ?? 'Service') === 'Service') {
    errors.push(`${at}.port is required when the endpoint picker is a Service: the port of its gRPC ext-proc service (KServe's presets: 9002)`);
  }
  if (picker.port !== undefined) errors.push(...portErrors(picker.port, `${at}.port`));
  return errors;
}

/** The group and kind KServe v0.20.0's scheduler presets write (pkg/controller/v1alpha2/llmisvc/scheduler.go). */
const EPP_CONFIG_API_VERSION = 'inference.networking.x-k8s.io/v1alpha1';

/** The JSON of `router.scheduler.config.inline` (an EndpointPickerConfig). */
export interface EndpointPickerConfigJson {
  readonly apiVersion: string;
  readonly kind: string;
  readonly featureGates?: string[];
  readonly plugins: Array<{ readonly type: string; readonly name?: string; readonly parameters?: Record<string, unknown> }>;
  readonly schedulingProfiles: Array<{ readonly name: string; readonly plugins: Array<{ readonly pluginRef: string; readonly weight?: number }> }>;
}

export function renderEndpointPickerConfig(config: EndpointPickerConfig): EndpointPickerConfigJson {
  return {
    apiVersion: EPP_CONFIG_API_VERSION,
    kind: 'EndpointPickerConfig',
    featureGates: config.featureGates,
    plugins: (config.plugins ?? []).map(p => ({ type: p?.type, name: p?.name, parameters: p?.parameters })),
    schedulingProfiles: (config.schedulingProfiles ?? []).map(profile => ({
      name: profile?.name,
      plugins: (profile?.plugins ?? []).map(p => ({ pluginRef: p?.pluginRef, weight: p?.weight })),
    })),
  };
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * Problems with an inline EndpointPickerConfig, as the scheduler's loader rejects them at start-up (llm-d
 * llm-d-inference-scheduler pkg/epp/config/loader/configloader.go and validation.go; the types in
 * apix/config/v1alpha1/endpointpickerconfig_types.go): every plugin has a type, plugin names (the type when unnamed)
 * are unique, profiles have unique names, and each profile plugin names a plugin of the config.
 */
export function endpointPickerConfigErrors(config: EndpointPickerConfig, field: string): string[] {
  const errors: string[] = [];
  const names = new Map<string, number>();
  (config.plugins ?? []).forEach((plugin, i) => {
    const at = `${field}.plugins[${i}]`;
    if (!nonEmpty(plugin?.type)) {
      errors.push(`${at}.type ${shown(plugin?.type)}: the plugin is missing a type (e.g. 'queue-scorer', 'max-score-picker')`);
      return;
    }
    if (plugin.name !== undefined && !nonEmpty(plugin.name)) errors.push(`${at}.name: a plugin name must not be empty (leave it out to use the type)`);
    const name = plugin.name ?? plugin.type;
    if (names.has(name)) errors.push(`${at}: duplicate plugin name '${name}' (also ${field}.plugins[${names.get(name)}]); give one a distinct name`);
    else names.set(name, i);
  });
  const profiles = new Map<string, number>();
  (config.schedulingProfiles ?? []).forEach((profile, i) => {
    const at = `${field}.schedulingProfiles[${i}]`;
    if (!nonEmpty(profile?.name)) {
      errors.push(`${at}.name: the profile is missing a name`);
    } else if (profiles.has(profile.name)) {
      errors.push(`${at}: duplicate profile name '${profile.name}' (also ${field}.schedulingProfiles[${profiles.get(profile.name)}])`);
    } else {
      profiles.set(profile.name, i);
    }
    (profile?.plugins ?? []).forEach((ref, j) => {
      const refAt = `${at}.plugins[${j}]`;
      if (!nonEmpty(ref?.pluginRef)) {
        errors.push(`${refAt}.pluginRef: the profile plugin is missing a pluginRef`);
      } else if (!names.has(ref.pluginRef)) {
        errors.push(`${refAt}.pluginRef '${ref.pluginRef}' references an undefined plugin; defined: ${[...names.keys()].map(n => `'${n}'`).join(', ') || 'none'}`);
      }
      // Our own rule: the weight multiplies a scorer's score (Weight *float64); a negative, infinite or NaN weight
      // inverts or breaks the ranking.
      if (ref?.weight !== undefined && !(typeof ref.weight === 'number' && Number.isFinite(ref.weight) && ref.weight >= 0)) {
        errors.push(`${refAt}.weight (${describeValue(ref.weight)}) must be a finite number >= 0`);
      }
    });
  });
  (config.featureGates ?? []).forEach((gate, i) => {
    if (!nonEmpty(gate)) errors.push(`${field}.featureGates[${i}] ${shown(gate)} must be a feature gate name`);
  });
  return errors;
}
