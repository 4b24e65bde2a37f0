/*
 * Gateway API (gateway.networking.k8s.io/v1, release v1.5.1, standard channel): the JSON shapes the Gateway and
 * HttpRoute constructs write, and the grammars both share. The CRDs are not imported as L1 classes (see the common
 * design notes: plain ApiObjects typed by these interfaces). Field names and limits are those of the v1.5.1 CRDs
 * (config/crd/standard/gateway.networking.k8s.io_{gateways,httproutes}.yaml), whose source is the Go types in
 * apis/v1/{gateway,httproute,shared}_types.go of kubernetes-sigs/gateway-api at v1.5.1.
 */
import { Duration } from 'cdk8s';
import { shown } from './shown';
import { describeValue, DNS1123_SUBDOMAIN_NAME, HOSTNAME } from './validation';

/** The API group and version of both kinds. */
export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';

/** The Gateway API group (ParentReference.group's default, shared_types.go). */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** `metadata` as both constructs write it. */
export interface ObjectMetaJson {
  readonly name: string;
  readonly namespace?: string;
}

/** A `SecretObjectReference` (shared_types.go): a listener's certificate. */
export interface SecretReferenceJson {
  readonly name: string;
  readonly namespace?: string;
}

/** `allowedRoutes.namespaces` of a listener (gateway_types.go `RouteNamespaces`). */
export interface RouteNamespacesJson {
  readonly from: string;
  readonly selector?: { readonly matchLabels: Record<string, string> };
}

/** `spec.listeners[]` (gateway_types.go `Listener`). */
export interface ListenerJson {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  readonly tls?: {
    readonly mode?: string;
    readonly certificateRefs?: SecretReferenceJson[];
    readonly options?: Record<string, string>;
  };
  readonly allowedRoutes?: {
    readonly namespaces?: RouteNamespacesJson;
    readonly kinds?: Array<{ readonly group?: string; readonly kind: string }>;
  };
}

/** `spec` of a Gateway (gateway_types.go `GatewaySpec`, the fields this library writes). */
export interface GatewaySpecJson {
  readonly gatewayClassName: string;
  readonly listeners: ListenerJson[];
  readonly addresses?: Array<{ readonly type?: string; readonly value?: string }>;
  readonly infrastructure?: {
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
}

/** `spec.parentRefs[]` (shared_types.go `ParentReference`; group and kind left to their defaults, Gateway). */
export interface ParentReferenceJson {
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** `spec.rules[].backendRefs[]` (httproute_types.go `HTTPBackendRef`, without filters). */
export interface BackendReferenceJson {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly port?: number;
  readonly weight?: number;
}

/** A header or query parameter match (`HTTPHeaderMatch`, `HTTPQueryParamMatch`). */
export interface NameValueMatchJson {
  readonly type: string;
  readonly name: string;
  readonly value: string;
}

/** `spec.rules[].matches[]` (httproute_types.go `HTTPRouteMatch`). */
export interface RouteMatchJson {
  readonly path?: { readonly type: string; readonly value: string };
  readonly headers?: NameValueMatchJson[];
  readonly queryParams?: NameValueMatchJson[];
  readonly method?: string;
}

/** A header modifier (`HTTPHeaderFilter`, httproute_types.go). */
export interface HeaderModifierJson {
  readonly set?: Array<{ readonly name: string; readonly value: string }>;
  readonly add?: Array<{ readonly name: string; readonly value: string }>;
  readonly remove?: string[];
}

/** `spec.rules[].filters[]` (httproute_types.go `HTTPRouteFilter`, the kinds this library writes). */
export interface RouteFilterJson {
  readonly type: string;
  readonly requestHeaderModifier?: HeaderModifierJson;
  readonly responseHeaderModifier?: HeaderModifierJson;
  readonly urlRewrite?: {
    readonly hostname?: string;
    readonly path?: { readonly type: string; readonly replacePrefixMatch?: string; readonly replaceFullPath?: string };
  };
}

/** `spec.rules[]` (httproute_types.go `HTTPRouteRule`, the fields this library writes). */
export interface RouteRuleJson {
  readonly name?: string;
  readonly matches?: RouteMatchJson[];
  readonly filters?: RouteFilterJson[];
  readonly backendRefs?: BackendReferenceJson[];
  readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
}

/** `spec` of an HTTPRoute (httproute_types.go `HTTPRouteSpec`, the fields this library writes). */
export interface HttpRouteSpecJson {
  readonly parentRefs: ParentReferenceJson[];
  readonly hostnames?: string[];
  readonly rules: RouteRuleJson[];
}

/**
 * `Hostname` (shared_types.go): a lower-case DNS name (`PreciseHostname`, the grammar of HOSTNAME), optionally behind
 * one leading `*.` wildcard label.
 */
const GATEWAY_HOSTNAME = new RegExp(`^(\\*\\.)?${HOSTNAME.source.slice(1)}`);

/** `HeaderName` (shared_types.go): an HTTP token. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** The longest `Hostname`, `SectionName` and `ObjectName` (shared_types.go, MaxLength=253). */
export const MAX_GATEWAY_NAME = 253;

const DOTTED_QUAD = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Problems with a `Hostname` (shared_types.go): at most 253 characters, the pattern above, and not an IP address
 * (the type's documentation excludes IPs, which the pattern alone would let through).
 */
export function hostnameErrors(hostname: string, field: string): string[] {
  if (typeof hostname !== 'string' || hostname.length === 0 || hostname.length > MAX_GATEWAY_NAME || !GATEWAY_HOSTNAME.test(hostname)) {
    return [`${field} ${shown(hostname)} must be a lower-case DNS name of at most ${MAX_GATEWAY_NAME} characters, `
      + "optionally starting with the wildcard label '*.' (e.g. 'llm.example.com', '*.example.com')"];
  }
  return DOTTED_QUAD.test(hostname) ? [`${field} '${hostname}' is an IP address; Gateway API hostnames are DNS names only`] : [];
}

/**
 * Problems with a `SectionName` (shared_types.go): listener names, rule names, parentRef section names; its pattern and
 * length are a DNS-1123 subdomain's.
 */
export function sectionNameErrors(name: string, field: string): string[] {
  return typeof name === 'string' && DNS1123_SUBDOMAIN_NAME.test(name) ? []
    : [`${field} ${shown(name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most ${MAX_GATEWAY_NAME} characters)`];
}

/** Problems with a `HeaderName` (shared_types.go: 1 to 256 characters of an HTTP token), the name of a header or query parameter. */
export function headerNameErrors(name: string, field: string): string[] {
  return name.length <= 256 && HEADER_NAME.test(name) ? []
    : [`${field} ${shown(name)} must be an HTTP token of 1 to 256 characters (letters, digits and !#$%&'*+-.^_\`|~)`];
}

/** Problems with a `PreciseHostname` (shared_types.go): a lower-case DNS name without wildcard, at most 253 characters. */
export function preciseHostnameErrors(hostname: string, field: string): string[] {
  return hostname.length <= MAX_GATEWAY_NAME && HOSTNAME.test(hostname) ? []
    : [`${field} ${shown(hostname)} must be a lower-case DNS name without wildcard, at most ${MAX_GATEWAY_NAME} characters`];
}

/** Problems with a port: a whole number from 1 to 65535 (`PortNumber`, shared_types.go). */
export function portErrors(port: number, field: string): string[] {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? []
    : [`${field} (${describeValue(port)}) must be a whole number from 1 to 65535`];
}

/**
 * Whether two `Hostname`s can match a common request host, as Gateway API intersects a listener's hostname with a
 * route's (httproute_types.go, `HTTPRouteSpec.Hostnames`): equal names, a wildcard and a name under it (`*.example.com`
 * and `llm.example.com`, not `example.com`), or two wildcards of which one covers the other.
 */
export function hostnamesIntersect(a: string, b: string): boolean {
  if (a === b) return true;
  const wildA = a.startsWith('*.');
  const wildB = b.startsWith('*.');
  if (wildA && b.endsWith(a.slice(1))) return true;
  return wildB && a.endsWith(b.slice(1));
}

/** The most hours a Gateway API `Duration` holds: each of its up to four parts has at most five digits (GEP-2257). */
const MAX_DURATION_HOURS = 99_999;

/** The parts of a Duration in whole milliseconds (cdk8s Durations are never negative), or undefined when it is not a whole number of them. */
function durationParts(duration: Duration): Array<[number, string]> | undefined {
  const ms = duration.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms)) return undefined;
  return [[Math.floor(ms / 3_600_000), 'h'], [Math.floor(ms / 60_000) % 60, 'm'], [Math.floor(ms / 1000) % 60, 's'], [ms % 1000, 'ms']];
}

/**
 * A Duration as Gateway API writes it (`Duration`, shared_types.go: GEP-2257, pattern `^([0-9]{1,5}(h|m|s|ms)){1,4}$`),
 * e.g. `1h30m`, `250ms`, `0s`; undefined when it is not a Duration, or not a whole number of milliseconds (reported by
 * `gatewayDurationErrors`).
 */
export function gatewayDuration(duration: Duration | undefined): string | undefined {
  if (!(duration instanceof Duration)) return undefined;
  const parts = durationParts(duration);
  if (!parts) return undefined;
  const text = parts.filter(([amount]) => amount > 0).map(([amount, unit]) => `${amount}${unit}`).join('');
  return text === '' ? '0s' : text;
}

/** Problems with a Duration written as a Gateway API `Duration` (see `gatewayDuration`). */
export function gatewayDurationErrors(duration: Duration | undefined, field: string): string[] {
  if (duration === undefined) return [];
  // Shape check: our own safety rule (a synth error, not a TypeError). The CRD pattern then takes whole milliseconds
  // (its smallest unit) and at most five digits per unit.
  if (!(duration instanceof Duration)) {
    return [`${field} must be a Duration (e.g. Duration.seconds(30)), got ${describeValue(duration, true)}`];
  }
  const parts = durationParts(duration);
  if (!parts) {
    return [`${field} (${duration.toMilliseconds({ integral: false })}ms) must be a whole number of milliseconds`];
  }
  return parts[0][0] <= MAX_DURATION_HOURS ? []
    : [`${field} (${parts[0][0]}h) must be at most ${MAX_DURATION_HOURS}h: Gateway API durations have at most five digits per unit (GEP-2257)`];
}
