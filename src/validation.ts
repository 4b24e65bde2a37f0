/** Shared name and metadata checks (Kubernetes apimachinery rules, stated in our words). */
import { IConstruct } from 'constructs';

/**
 * Registers a synth-time validation that runs once. cdk8s validates the whole app again for every
 * chart it writes (`App._synthChart`), so an app of N charts would run every check N times; the
 * construct tree is complete by then, so the first answer stands.
 */
export function addValidationOnce(scope: IConstruct, validate: () => string[]): void {
  let result: string[] | undefined;
  scope.node.addValidation({ validate: () => (result ??= validate()) });
}

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
