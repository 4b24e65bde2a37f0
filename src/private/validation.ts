/*
 * Shared Kubernetes rules (apimachinery and container-registry grammars, stated in our words), one helper per rule.
 *
 * How this library reports problems:
 * - value objects (StorageUri.parse, KServeVersion.of, RolloutPlan, Toleration...) record problems with their input,
 *   and the construct that uses them reports them (see shape.ts, which also checks every type at the boundary);
 * - constructs collect every problem and return them from one addValidationOnce, so synth lists them all, each
 *   line prefixed by cdk8s with the construct path; a check that throws becomes one of those lines, and so does an
 *   object of the construct that would throw when written (src/private/render-check.ts);
 * - a message names the prop path the user typed, shows the bad value as given (`shown`, src/private/shown.ts) and
 *   says what to do.
 * Each helper takes the field as the user wrote it and returns the messages (empty when the value is fine).
 */
import { Chart, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { causeOf, ownObjects, renderErrors } from './render-check';

/** The constructs that check themselves with addValidationOnce; each renders its own objects. */
const selfChecking = new WeakSet<IConstruct>();
import { hasStandIns } from './shape';
import { shown } from './shown';
import { reportSynthErrorsPlainly } from './synth-errors';

/**
 * Registers a synth-time validation that runs once. cdk8s validates the whole app again for every
 * chart it writes (`App._synthChart`), so an app of N charts would run every check N times; the
 * construct tree is complete by then, so the first answer stands.
 *
 * When the checks pass, the construct's objects are rendered once as cdk8s will write them, and a throw is
 * reported as an error (src/private/render-check.ts): nothing may throw after validation, when cdk8s has
 * written some charts' files already. A check that throws is reported as an error on the construct, so the
 * other constructs' errors are still collected.
 */
export function addValidationOnce(scope: IConstruct, validate: () => string[]): void {
  selfChecking.add(scope);
  reportSynthErrorsPlainly(scope);
  let result: string[] | undefined;
  // Input that needed a stand-in is reported by the shape check; checks of the stand-in would mislead.
  scope.node.addValidation({ validate: () => (result ??= hasStandIns(scope) ? [] : checkOnce(scope, validate)) });
}

function checkOnce(scope: IConstruct, validate: () => string[]): string[] {
  let errors: string[];
  try {
    errors = validate();
  } catch (e) {
    return [crashError(e)];
  }
  return errors.length > 0 ? errors : renderErrors(scope, ownObjects(scope, c => selfChecking.has(c)));
}

/**
 * The error for a check that threw (our own safety rule: report it rather than stop every other construct's
 * checks). A value of an unexpected type, from JavaScript, is the likely cause.
 */
function crashError(e: unknown, field?: string): string {
  return field === undefined
    ? `the checks failed on an unexpected value (${causeOf(e)}), so other errors of this construct may be missing; `
      + 'give each prop a value of its documented type'
    : `${field}: the check failed on this value (${causeOf(e)}); give a value of the documented type`;
}

/**
 * Runs the check of one field and returns its errors; a throw (a value of an unexpected type, from JavaScript)
 * becomes an error naming `field` instead of stopping the construct's other checks.
 */
export function checkField(field: string, check: () => string[]): string[] {
  try {
    return check();
  } catch (e) {
    return [crashError(e, field)];
  }
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
    ? [`metadata.name ${shown(name)} is too long: KServe derives '${longest}' (${longest.length} characters) `
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
      errors.push(`${field}['${key}'] value ${shown(value)} is invalid: label values are at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`);
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
    : [`${field} ${shown(namespace)} must be a DNS-1123 label (lower case alphanumerics and '-', at most ${MAX_DNS_LABEL} characters)`];
}

/** The largest 32-bit integer: the ceiling of every CRD field of `format: int32` (replicas, ports, probe seconds...). */
export const INT32_MAX = 2_147_483_647;

/**
 * The ceiling of the CRD's 64-bit and unsized integer fields (`format: int64`, Go `int`): the largest integer a
 * JavaScript number holds exactly (our own safety rule: past it the number written is not the one typed).
 */
export const MAX_EXACT_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * The longest Go `time.Duration` (2^63 - 1 nanoseconds, about 292 years), in whole seconds. The programs that read
 * a seconds field convert it to one (e.g. `time.Duration(*routerTimeouts.ServerRead) * time.Second`, KServe's
 * cmd/router/main.go at v0.20.0; Prometheus and Knative parse their duration strings into one), so a longer value
 * overflows into a wrong, even negative, timeout.
 */
export const MAX_GO_DURATION_SECONDS = 9_223_372_036;

/**
 * A value as a message shows it: numbers as they are (or `number 30` with `typed`, where something else was
 * expected), anything else with its type (`string '2'`, `object {...}`).
 */
export function describeValue(value: unknown, typed = false): string {
  if (typeof value === 'number') return typed ? `number ${value}` : String(value);
  if (typeof value === 'string') return `string '${value}'`;
  if (value === null) return 'null';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return `${typeof value}${json === undefined ? '' : ` ${json.length > 80 ? `${json.slice(0, 77)}...` : json}`}`;
}

/**
 * The error for a value that should be a number and is something else (a JavaScript caller's `'2'`), or
 * undefined when it is a number (our own shape check: a string would reach the YAML quoted, or fail later).
 */
export function notANumberError(value: unknown, field: string): string | undefined {
  return value === undefined || typeof value === 'number' ? undefined : `${field} must be a number (got ${describeValue(value)})`;
}

/**
 * Problems with a count that must be a whole number between `min` and `max` (replicas, batch sizes...): a number,
 * finite and whole (Kubernetes and the CRD take integers), at most `max` (`INT32_MAX` for `format: int32` fields,
 * the CRD schema; `MAX_EXACT_INTEGER` for int64 ones).
 */
export function wholeNumberErrors(value: number | undefined, field: string, min = 0, max = INT32_MAX): string[] {
  const wrongType = notANumberError(value, field);
  if (wrongType) return [wrongType];
  if (value === undefined) return [];
  if (!(Number.isInteger(value) && value >= min)) {
    return [`${field} (${value}) must be a whole number ${min === 1 ? 'greater than zero' : `>= ${min}`}`];
  }
  return value <= max ? [] : [`${field} (${value}) must be at most ${max}${ceilingReason(max)}`];
}

/** Why a ceiling exists, for the messages. */
function ceilingReason(max: number): string {
  if (max === INT32_MAX) return ' (the field is a 32-bit integer)';
  if (max === MAX_EXACT_INTEGER) return ' (the largest whole number JavaScript holds exactly)';
  if (max === MAX_GO_DURATION_SECONDS) return ' (about 292 years, the longest duration Go programs hold)';
  return '';
}

/**
 * Problems with replica bounds as KServe reads them (`ComponentExtensionSpec`, component.go): whole numbers >= 0
 * and at most int32 (`format: int32` in the v0.20 CRD; a Deployment's replicas are int32, core validation);
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

/** The unit a Duration field is written in. */
export type DurationUnit = 'seconds' | 'milliseconds';

/**
 * A Duration as a whole-unit field renders it (`timeout: 30`), or undefined when it is not a Duration (a JavaScript
 * caller's plain number, reported by `durationErrors`): rendering must not throw on input validation reports.
 */
export function durationAmount(duration: Duration | undefined, unit: DurationUnit = 'seconds'): number | undefined {
  if (!(duration instanceof Duration)) return undefined;
  return unit === 'seconds' ? duration.toSeconds({ integral: false }) : duration.toMilliseconds({ integral: false });
}

/** A Duration as Go duration strings take it (`60s`: Knative annotations, Prometheus, External Secrets), or undefined when it is not one. */
export function secondsString(duration: Duration | undefined): string | undefined {
  const seconds = durationAmount(duration);
  return seconds === undefined ? undefined : `${seconds}s`;
}

/**
 * Problems with a Duration stored as a whole number of `unit` between `min` and `max`: a cdk8s `Duration` (a plain
 * number from JavaScript is an error naming the field, not a TypeError), finite, whole, at least `min` and at most
 * `max` (by default `MAX_GO_DURATION_SECONDS` for seconds, `MAX_EXACT_INTEGER` for milliseconds; `INT32_MAX` for
 * `format: int32` fields, the CRD schema).
 */
export function durationErrors(duration: Duration | undefined, field: string,
  { unit = 'seconds', min = 1, max = unit === 'seconds' ? MAX_GO_DURATION_SECONDS : MAX_EXACT_INTEGER }:
  { unit?: DurationUnit; min?: number; max?: number } = {}): string[] {
  if (duration === undefined) return [];
  // Shape check: our own safety rule (a synth error, not a TypeError).
  if (!(duration instanceof Duration)) {
    return [`${field} must be a Duration (e.g. Duration.seconds(30)), got ${describeValue(duration, true)}`];
  }
  const amount = durationAmount(duration, unit)!;
  const symbol = unit === 'seconds' ? 's' : 'ms';
  if (!(Number.isInteger(amount) && amount >= min)) {
    const range = min === 0 ? ', zero or more' : min === 1 ? ' greater than zero' : `, at least ${min}`;
    return [`${field} (${amount}${symbol}) must be a whole number of ${unit}${range}`];
  }
  return amount <= max ? [] : [`${field} (${amount}${symbol}) must be at most ${max}${symbol}${ceilingReason(max)}`];
}

/** Problems with a Duration stored as whole seconds of at least `min` (and at most `max`, see `durationErrors`). */
export function wholeSecondsErrors(duration: Duration | undefined, field: string, min = 1, max = MAX_GO_DURATION_SECONDS): string[] {
  return durationErrors(duration, field, { unit: 'seconds', min, max });
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

/**
 * Problems with a container image: the grammar, and a pinned version (our rule: no tag means `latest`, not
 * reproducible). A missing or empty image gets an example, never a suggestion built from the value; so does a
 * reference with a path component `undefined` or `null`, which a template built from a missing value (our own rule).
 */
export function imageErrors(image: string, field: string): string[] {
  const example = "a pinned reference such as 'registry.example.com/team/server:1.0.0'";
  if (image === undefined || image === null || image === '') {
    return [`${field} is ${image === '' ? 'empty' : 'missing'}; give ${example}`];
  }
  if (typeof image !== 'string') {
    return [`${field} must be an image reference string, got ${describeValue(image, true)}; give ${example}`];
  }
  const ref = parseImageReference(image);
  if (!ref) {
    return [`${field} '${image}' is not a valid image reference ([registry/]repository:tag or @sha256:digest)`];
  }
  const missing = ref.repository.split('/').find(part => part === 'undefined' || part === 'null');
  if (missing !== undefined) {
    return [`${field} '${image}' names the repository '${missing}', which looks built from a missing value; give ${example}`];
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
