/*
 * Shared Kubernetes rules (apimachinery and container-registry grammars, stated in our words), one helper per rule.
 *
 * How this library reports problems:
 * - value objects (StorageUri.parse, KServeVersion.of, RolloutPlan, Toleration...) throw at once on malformed input;
 * - constructs collect every problem and return them from one addValidationOnce, so synth lists them all, each
 *   line prefixed by cdk8s with the construct path;
 * - a message names the prop path the user typed, shows the bad value and says what to do.
 * Each helper takes the field as the user wrote it and returns the messages (empty when the value is fine).
 */
import { Chart, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { hasStandIns } from './shape';

/**
 * Registers a synth-time validation that runs once. cdk8s validates the whole app again for every
 * chart it writes (`App._synthChart`), so an app of N charts would run every check N times; the
 * construct tree is complete by then, so the first answer stands.
 */
export function addValidationOnce(scope: IConstruct, validate: () => string[]): void {
  let result: string[] | undefined;
  // Input that needed a stand-in is reported by the shape check; checks of the stand-in would mislead.
  scope.node.addValidation({ validate: () => (result ??= hasStandIns(scope) ? [] : validate()) });
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
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Checks a label or annotation key: `[prefix/]name`, name ≤ 63, prefix a DNS subdomain ≤ 253 (Kubernetes
 * apimachinery validation, IsQualifiedName).
 */
export function keyErrors(key: string, field: string): string[] {
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

/** Problems with a label map: invalid keys, values over 63 characters or with bad characters (apimachinery IsValidLabelValue). */
export function validateLabels(labels: Record<string, string> | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    errors.push(...keyErrors(key, field));
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      errors.push(`${field}['${key}'] value '${value}' is invalid: label values are at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`);
    }
  }
  return errors;
}

/** Problems with an annotation map: invalid keys (apimachinery ValidateAnnotations). */
export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): string[] {
  return Object.keys(annotations ?? {}).flatMap(key => keyErrors(key, field));
}

/** Problems with an environment variable name. */
export function validateEnvName(name: string, field: string): string[] {
  return ENV_NAME.test(name) ? [] : [`${field} name '${name}' is invalid: use letters, digits, '_', '-' or '.', not starting with a digit`];
}

/** Problems with a namespace: a DNS-1123 label of at most 63 characters. */
export function namespaceErrors(namespace: string, field: string): string[] {
  return typeof namespace === 'string' && DNS1123_LABEL.test(namespace) && namespace.length <= MAX_DNS_LABEL ? []
    : [`${field} '${namespace}' must be a DNS-1123 label (lower case alphanumerics and '-', at most ${MAX_DNS_LABEL} characters)`];
}

/** Problems with a count that must be a whole number of at least `min` (replicas, batch sizes...). */
export function wholeNumberErrors(value: number | undefined, field: string, min = 0): string[] {
  return value === undefined || (Number.isInteger(value) && value >= min) ? []
    : [`${field} (${value}) must be a whole number ${min === 1 ? 'greater than zero' : `>= ${min}`}`];
}

/**
 * Problems with replica bounds as KServe reads them (`ComponentExtensionSpec`, component.go): whole numbers >= 0;
 * `maxReplicas` 0 means unset, and an unset `minReplicas` counts as 1 against a set maximum.
 * `prefix` is the path both fields hang under, e.g. `spec.predictor`.
 */
export function replicaBoundsErrors(minReplicas: number | undefined, maxReplicas: number | undefined, prefix: string): string[] {
  const errors = [...wholeNumberErrors(minReplicas, `${prefix}.minReplicas`), ...wholeNumberErrors(maxReplicas, `${prefix}.maxReplicas`)];
  if (errors.length === 0 && maxReplicas !== undefined && maxReplicas > 0 && (minReplicas ?? 1) > maxReplicas) {
    errors.push(`${prefix}.minReplicas (${minReplicas ?? '1 (default)'}) must be less than or equal to ${prefix}.maxReplicas (${maxReplicas})`);
  }
  return errors;
}

/** Problems with a Duration stored as whole seconds of at least `min`. */
export function wholeSecondsErrors(duration: Duration | undefined, field: string, min = 1): string[] {
  const seconds = duration?.toSeconds({ integral: false });
  return seconds === undefined || (Number.isInteger(seconds) && seconds >= min) ? []
    : [`${field} (${seconds}s) must be a whole number of seconds${min === 0 ? ', zero or more' : min === 1 ? ' greater than zero' : `, at least ${min}`}`];
}

// Image references as container registries accept them (the distribution/reference grammar, regexp.go):
// [domain[:port]/]path-component(/path-component)*[:tag][@digest]; path components join with '.', '_', '__' or dashes.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REPOSITORY = new RegExp(`^${REPOSITORY}$`);
const IMAGE_REFERENCE = new RegExp(`^(${REPOSITORY})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** An image reference split into its parts. */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** The parts of an image reference, or undefined when registries would not accept it. */
export function parseImageReference(image: string): ImageReference | undefined {
  const match = typeof image === 'string' && image.length <= 255 ? IMAGE_REFERENCE.exec(image) : null;
  return match ? { repository: match[1], tag: match[2], digest: match[3] } : undefined;
}

/** Whether `image` is a repository without tag or digest (`registry.example.com/mirror/kserve-controller`). */
export function isImageRepository(image: string): boolean {
  return typeof image === 'string' && IMAGE_REPOSITORY.test(image);
}

/** Problems with a container image: the grammar, and a pinned version (our rule: no tag means `latest`, not reproducible). */
export function imageErrors(image: string, field: string): string[] {
  const ref = parseImageReference(image);
  if (!ref) {
    return [`${field} '${image}' is not a valid image reference ([registry/]repository:tag or @sha256:digest)`];
  }
  if (!ref.tag && !ref.digest) {
    return [`${field} '${image}' has no tag or digest (that means 'latest'); pin a version such as '${image}:1.0.0'`];
  }
  if (ref.tag === 'latest' && !ref.digest) {
    return [`${field} '${image}' uses the 'latest' tag; pin a version tag or a digest`];
  }
  return [];
}

/** The namespace an object lands in: the one given, else its chart's, else `default` (what `kubectl apply` uses). */
export function namespaceOf(scope: IConstruct, given: string | undefined): string {
  return given ?? Chart.of(scope).namespace ?? 'default';
}

// Host, bucket and URL grammars of the storage credentials.
const HOSTNAME_GRAMMAR = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*';

/** A bare lower-case hostname: no scheme, port or path. */
export const HOSTNAME = new RegExp(`^${HOSTNAME_GRAMMAR}$`);

/** `host[:port]`, optionally after `http://` or `https://` (any case, as KServe matches the prefix); no path. */
export const HOST_PORT_ENDPOINT = new RegExp(`^(?:(?<scheme>https?)://)?${HOSTNAME_GRAMMAR}(?::(?<port>\\d{1,5}))?$`, 'i');

/** A leading `http://` or `https://`, any case. */
export const HTTP_SCHEME_PREFIX = /^https?:\/\//i;

/** An http(s) URL of a host and optional port, with at most a trailing `/` (S3 `endpoint_url`). */
export const HTTP_HOST_URL = /^https?:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?\/?$/;

/** An S3 bucket name. */
export const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** An IAM role ARN in any AWS partition. */
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

/**
 * A Google service account email: user-managed (<name>@<project>.iam…), Compute Engine default
 * (<number>-compute@developer…) and App Engine (<project>@appspot…).
 */
export const GCP_SERVICE_ACCOUNT_EMAIL = /^[a-z0-9][-a-z0-9]*[a-z0-9]@[-a-z0-9.]+\.gserviceaccount\.com$/;

const DATA_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** Problems with a Secret or ConfigMap data key (Kubernetes' IsConfigMapKey). */
export function dataKeyErrors(key: string, field: string): string[] {
  return DATA_KEY.test(key) && key !== '.' && !key.startsWith('..') ? []
    : [`${field} '${key}' must be a Secret data key (letters, digits, '-', '_', '.'; at most 253; not '.' or starting with '..')`];
}
