/** Shared name and metadata checks (Kubernetes apimachinery rules, stated in our words). */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Toleration } from '../component';

/**
 * Registers a synth-time validation that runs once. cdk8s validates the whole app again for every
 * chart it writes (`App._synthChart`), so an app of N charts would run every check N times; the
 * construct tree is complete by then, so the first answer stands.
 */
export function addValidationOnce(scope: IConstruct, validate: () => string[]): void {
  let result: string[] | undefined;
  scope.node.addValidation({ validate: () => (result ??= validate()) });
}

const claims = new WeakMap<IConstruct, Map<string, IConstruct[]>>();

/**
 * Records that `scope` writes the object `kind` `namespace/name`, and returns a function listing, at synth, the
 * other constructs of the same chart that write it too (applying the chart's file would keep only the last one).
 * Charts are separate files, often alternatives (stages, clusters, versions), so the same name in two charts is fine.
 * One registry per chart keeps the check linear in the number of objects.
 */
export function claimObjectName(scope: IConstruct, kind: string, namespace: string, name: string): () => IConstruct[] {
  const chart = Chart.of(scope);
  let byKey = claims.get(chart);
  if (!byKey) {
    byKey = new Map();
    claims.set(chart, byKey);
  }
  const key = `${kind}/${namespace}/${name}`;
  const owners = byKey.get(key) ?? [];
  owners.push(scope);
  byKey.set(key, owners);
  return () => owners.filter(owner => owner !== scope);
}

/** The longest DNS label (RFC 1123): Service names, namespaces, each part of a host name. */
export const MAX_DNS_LABEL = 63;

/**
 * The longest of the names KServe derives from `name` (`derived`), when it exceeds a DNS label: an error naming
 * `metadata.name` and what to shorten (`shorten`, e.g. "the name or the namespace"); else nothing.
 */
export function derivedNameErrors(name: string, derived: string[], shorten: string): string[] {
  const longest = derived.reduce((a, b) => (b.length > a.length ? b : a));
  return longest.length > MAX_DNS_LABEL
    ? [`metadata.name '${name}' is too long: KServe derives '${longest}' (${longest.length} characters) `
      + `and DNS labels allow at most ${MAX_DNS_LABEL}; shorten ${shorten}`]
    : [];
}

/** An http(s) URL with a host and no whitespace (logger sinks, graph steps, KEDA servers). */
export const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/i;

/** A cloud region name such as `us-east-1` (S3 and its compatibles). */
export const REGION_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The InferenceService name format KServe's webhook enforces (`IsvcNameFmt`, both tags). */
export const ISVC_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label (namespaces, Service names). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain (names of most Kubernetes objects). */
export const DNS1123_SUBDOMAIN_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Checks a label or annotation key: `[prefix/]name`, name ≤ 63, prefix a DNS subdomain ≤ 253. */
function keyErrors(key: string, field: string): string[] {
  const parts = key.split('/');
  const name = parts.pop()!;
  const prefix = parts.join('/');
  const errors: string[] = [];
  if (parts.length > 1 || (parts.length === 1 && !DNS1123_SUBDOMAIN_NAME.test(prefix))) {
    errors.push(`${field} key '${key}' has an invalid prefix: it must be a DNS subdomain followed by '/'`);
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    errors.push(`${field} key '${key}' is invalid: the name part must be 1-63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`);
  }
  return errors;
}

/** Problems with a label map: invalid keys, values over 63 characters or with bad characters. */
export function validateLabels(labels: Record<string, string> | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    errors.push(...keyErrors(key, field));
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      errors.push(`${field}['${key}'] value '${value}' is invalid: label values are at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`);
    }
  }
  return errors;
}

/** Problems with an annotation map: invalid keys or non-string values. */
export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(annotations ?? {})) {
    errors.push(...keyErrors(key, field));
    if (typeof value !== 'string') {
      errors.push(`${field}['${key}'] must be a string (got ${typeof value})`);
    }
  }
  return errors;
}

/** Problems with an environment variable name. */
export function validateEnvName(name: string, field: string): string[] {
  return ENV_NAME.test(name) ? [] : [`${field} name '${name}' is invalid: use letters, digits, '_', '-' or '.', not starting with a digit`];
}

/**
 * Problems with a list of tolerations (Kubernetes' core validation `validateTolerations`, stated in our
 * words): `value` only with `Equal`, a key unless `Exists`, keys and values as for labels,
 * `tolerationSeconds` only for NoExecute and in whole seconds. `field` is the list's path, e.g. `spec.predictor.tolerations`.
 */
export function validateTolerations(tolerations: Toleration[] | undefined, field: string): string[] {
  const errors: string[] = [];
  (tolerations ?? []).forEach((t, i) => {
    if (t.exists && t.value !== undefined) {
      errors.push(`${field}[${i}]: 'value' must not be set when 'exists' is true`);
    }
    if (!t.exists && !t.key) {
      errors.push(`${field}[${i}]: 'key' is required unless 'exists' is true`);
    }
    if (t.key) errors.push(...keyErrors(t.key, `${field}[${i}].key:`));
    if (t.value !== undefined && (t.value.length > 63 || !LABEL_VALUE.test(t.value))) {
      errors.push(`${field}[${i}].value '${t.value}' is invalid: taint values are at most 63 alphanumerics, '-', '_' or '.', `
        + 'starting and ending alphanumeric');
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errors.push(`${field}[${i}]: 'tolerationSeconds' only applies to the NoExecute effect`);
    }
    const seconds = t.tolerationSeconds?.toSeconds({ integral: false });
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 0)) {
      errors.push(`${field}[${i}].tolerationSeconds (${seconds}s) must be a whole number of seconds, zero or more`);
    }
  });
  return errors;
}
