/*
 * The parts of an HTTPRoute spec both the HttpRoute construct and an LLMInferenceService's route spec write
 * (gateway.networking.k8s.io/v1, v1.5.1): rules, parents and hostnames, rendered and checked as the v1.5.1 CRD
 * (its schema and x-kubernetes-validations, from httproute_types.go and shared_types.go) and its documented rules say.
 */
import { Duration } from 'cdk8s';
import { gatewayDuration, gatewayDurationErrors, hostnameErrors, portErrors, RouteMatchJson, RouteRuleJson, sectionNameErrors } from './gateway-api';
import { shown } from './shown';
import { DNS1123_SUBDOMAIN_NAME, namespaceErrors } from './validation';
import { Gateway } from '../gateway/gateway';
import { HttpRouteMatch, HttpRouteParent, HttpRouteRule } from '../gateway/http-route-rule';

/** The rules as a route in `namespace` writes them (`spec.rules`). */
export function renderRouteRules(rules: HttpRouteRule[], namespace: string): RouteRuleJson[] {
  return rules.map((rule): RouteRuleJson => ({
    name: rule.name,
    matches: rule.matches?.map((m): RouteMatchJson => ({
      path: m.path?._render(),
      headers: m.headers?.map(h => h._render()),
      queryParams: m.queryParams?.map(q => q._render()),
      method: m.method,
    })),
    filters: rule.filters?.map(f => f._render()),
    backendRefs: rule.backends.map(b => b._render(namespace)),
    timeouts: rule.requestTimeout !== undefined || rule.backendRequestTimeout !== undefined
      ? { request: gatewayDuration(rule.requestTimeout), backendRequest: gatewayDuration(rule.backendRequestTimeout) } : undefined,
  }));
}

/** Problems with `spec.hostnames`: the CRD takes at most 16, each a Hostname (shared_types.go). */
export function routeHostnameErrors(hostnames: string[] | undefined, field: string): string[] {
  const list = hostnames ?? [];
  const errors: string[] = [];
  if (list.length > 16) errors.push(`${field}: at most 16 (got ${list.length})`);
  list.forEach((h, i) => errors.push(...hostnameErrors(h, `${field}[${i}]`)));
  return errors;
}

/** Problems with `spec.rules`, each naming `field`: the CRD's 1 to 16 rules, at most 128 matches, unique rule names. */
export function routeRulesErrors(rules: HttpRouteRule[], field: string): string[] {
  const errors: string[] = [];
  // The CRD: 1 to 16 rules, at most 128 matches across them (x-kubernetes-validations on spec.rules).
  if (rules.length === 0 || rules.length > 16) errors.push(`${field}: an HTTPRoute has 1 to 16 rules (got ${rules.length})`);
  const matches = rules.reduce((n, r) => n + (r.matches ?? []).length, 0);
  if (matches > 128) errors.push(`${field}: at most 128 matches across all rules (got ${matches})`);
  const names = new Map<string, number>();
  rules.forEach((rule, i) => {
    errors.push(...ruleErrors(rule, `${field}[${i}]`));
    // Rule names "MUST be unique within a Route if it is set" (httproute_types.go HTTPRouteRule.Name).
    if (rule.name === undefined) return;
    if (names.has(rule.name)) errors.push(`${field}[${i}]: rule name '${rule.name}' is already used by ${field}[${names.get(rule.name)}]`);
    else names.set(rule.name, i);
  });
  return errors;
}

/**
 * Problems with `spec.parentRefs` of a route in `routeNamespace`; a parent that is a `Gateway` of this app is checked
 * against its listeners.
 */
export function routeParentErrors(parents: HttpRouteParent[], routeNamespace: string, hostnames: string[] | undefined, base: string): string[] {
  const errors: string[] = [];
  // Our own safety rule: a route without parents attaches to no Gateway and serves nothing. The CRD: at most 32.
  if (parents.length === 0) errors.push(`${base}: give at least one parent Gateway ('parents'); a route without one serves no request`);
  if (parents.length > 32) errors.push(`${base}: at most 32 (got ${parents.length})`);
  const seen = new Map<string, Array<{ readonly index: number; readonly sectionName?: string }>>();
  parents.forEach((parent, i) => {
    const field = `${base}[${i}]`;
    const gateway = parent.gateway;
    if (!DNS1123_SUBDOMAIN_NAME.test(gateway.name)) {
      errors.push(`${field}.name ${shown(gateway.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`);
    }
    if (gateway.namespace !== undefined) errors.push(...namespaceErrors(gateway.namespace, `${field}.namespace`));
    if (parent.sectionName !== undefined) errors.push(...sectionNameErrors(parent.sectionName, `${field}.sectionName`));
    if (parent.port !== undefined) errors.push(...portErrors(parent.port, `${field}.port`));
    if (gateway instanceof Gateway) {
      errors.push(...gateway._attachmentErrors(field, routeNamespace, parent.sectionName, parent.port, hostnames));
    }
    // The CRD (x-kubernetes-validations on spec.parentRefs): references to one parent either all set sectionName
    // or none does, and their sectionNames are unique.
    const key = `${gateway.namespace ?? routeNamespace}/${gateway.name}`;
    const same = seen.get(key) ?? [];
    for (const other of same) {
      if ((other.sectionName === undefined) !== (parent.sectionName === undefined)) {
        errors.push(`${field}: Gateway '${key}' is also referenced by ${base}[${other.index}]; when a route references one Gateway more `
          + "than once, every reference must name its listener ('sectionName')");
      } else if (other.sectionName === parent.sectionName) {
        errors.push(`${field}: ${base}[${other.index}] already references Gateway '${key}'`
          + `${parent.sectionName !== undefined ? ` listener '${parent.sectionName}'` : ''}; each reference must be distinct`);
      }
    }
    seen.set(key, [...same, { index: i, sectionName: parent.sectionName }]);
  });
  return errors;
}

function ruleErrors(rule: HttpRouteRule, field: string): string[] {
  const errors: string[] = [];
  if (rule.name !== undefined) errors.push(...sectionNameErrors(rule.name, `${field}.name`));
  const matches = rule.matches ?? [];
  // The CRD: at most 64 matches per rule.
  if (matches.length > 64) errors.push(`${field}.matches: at most 64 (got ${matches.length})`);
  matches.forEach((m, j) => errors.push(...matchErrors(m, `${field}.matches[${j}]`)));
  // Our own safety rule: this library writes no filters, and a rule without backends answers every request it matches
  // with an error (httproute_types.go HTTPRouteRule.BackendRefs). The CRD: at most 16 backends.
  if (rule.backends.length === 0) errors.push(`${field}.backends: give at least one backend; a rule without one answers every request with an error`);
  if (rule.backends.length > 16) errors.push(`${field}.backends: at most 16 (got ${rule.backends.length})`);
  rule.backends.forEach((b, j) => errors.push(...b._validate(`${field}.backends[${j}]`)));
  // Our own safety rule: weight 0 sends a backend nothing (BackendRef.Weight), so all-zero weights leave the rule none.
  if (rule.backends.length > 0 && rule.backends.every(b => b._target.weight === 0)) {
    errors.push(`${field}.backends: every backend has weight 0, so matching requests have nowhere to go; give one a weight above 0`);
  }
  errors.push(...filterErrors(rule, field));
  errors.push(...gatewayDurationErrors(rule.requestTimeout, `${field}.timeouts.request`));
  errors.push(...gatewayDurationErrors(rule.backendRequestTimeout, `${field}.timeouts.backendRequest`));
  // The CRD (x-kubernetes-validations on timeouts): "backendRequest timeout cannot be longer than request timeout",
  // unless the request timeout is 0s (off).
  const request = rule.requestTimeout instanceof Duration ? rule.requestTimeout.toMilliseconds({ integral: false }) : undefined;
  const backend = rule.backendRequestTimeout instanceof Duration ? rule.backendRequestTimeout.toMilliseconds({ integral: false }) : undefined;
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request) {
    errors.push(`${field}.timeouts.backendRequest (${gatewayDuration(rule.backendRequestTimeout)}) cannot be longer than the request timeout `
      + `(${gatewayDuration(rule.requestTimeout)})`);
  }
  return errors;
}

function filterErrors(rule: HttpRouteRule, field: string): string[] {
  const filters = rule.filters ?? [];
  const errors: string[] = [];
  // The CRD (x-kubernetes-validations on filters and on the rule): at most 16, each kind once; a URLRewrite that
  // replaces the matched prefix needs exactly one match, with a PathPrefix path.
  if (filters.length > 16) errors.push(`${field}.filters: at most 16 (got ${filters.length})`);
  const seen = new Map<string, number>();
  filters.forEach((f, i) => {
    errors.push(...f._validate(`${field}.filters[${i}]`));
    if (seen.has(f.type)) errors.push(`${field}.filters[${i}]: a rule takes one ${f.type} filter, and ${field}.filters[${seen.get(f.type)}] is one already`);
    else seen.set(f.type, i);
  });
  const matches = rule.matches ?? [];
  if (filters.some(f => f._replacesPrefix) && !(matches.length === 1 && matches[0].path?._isPrefix)) {
    errors.push(`${field}.filters: a URL rewrite of the matched prefix needs exactly one match with an HttpPathMatch.prefix(...) path `
      + `(the rule has ${matches.length} match${matches.length === 1 ? ' without a prefix path' : 'es'})`);
  }
  return errors;
}

function matchErrors(m: HttpRouteMatch, field: string): string[] {
  const errors: string[] = [];
  if (m.path !== undefined) errors.push(...m.path._validate(`${field}.path.value`));
  for (const [key, list] of [['headers', m.headers], ['queryParams', m.queryParams]] as const) {
    const items = list ?? [];
    // The CRD: at most 16 of each, a list map keyed by name. Header names are case-insensitive (RFC 9110), and
    // HTTPHeaderMatch's documentation ignores all but the first of equivalent names: our own rule reports them.
    if (items.length > 16) errors.push(`${field}.${key}: at most 16 (got ${items.length})`);
    const names = new Map<string, number>();
    items.forEach((item, k) => {
      errors.push(...item._validate(`${field}.${key}[${k}]`));
      const name = key === 'headers' ? item.name.toLowerCase() : item.name;
      if (names.has(name)) errors.push(`${field}.${key}[${k}]: ${shown(item.name)} is already matched by ${field}.${key}[${names.get(name)}]`);
      else names.set(name, k);
    });
  }
  return errors;
}
