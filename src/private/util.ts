/** Small map helpers (like cdk8s-plus's utils.ts). */

/** The entries whose value is defined. */
export function definedOnly(map: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** The map, or undefined when it is empty (so no empty object reaches the YAML). */
export function nonEmpty<T>(map: Record<string, T>): Record<string, T> | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

/** The map with `fn` applied to each value. */
export function mapValues<T, U>(map: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, fn(v)]));
}

/** A label map as a `kubectl -l` selector: `a=b,c=d`. */
export function selectorString(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

/** `T` without its `readonly` modifiers: for a render that fills its result in place. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
