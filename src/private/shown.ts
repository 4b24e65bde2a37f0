import { Construct } from 'constructs';

/** The longest JSON an error message quotes before it is cut. */
const MAX_SHOWN = 80;

/**
 * A value as the user gave it, for an error message: a string in single quotes, a number or boolean as written
 * (`NaN` only when that is what was given), `undefined` and `null` bare, an array or plain object as JSON (never
 * `[object Object]`), a construct by its class and path, another class instance by what its `toString` says (quoted,
 * as a string would be) or else by its class. A string field given the right type reads exactly as `'${value}'` did.
 * Where a value of another type than the field's is the problem, `describeValue` (validation.ts) names the type too.
 */
export function shown(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `'${value}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return value.name ? `a function (${value.name})` : 'a function';
  }
  if (value === null) return 'null';
  const object = value as object;
  if (Construct.isConstruct(object)) return `the ${object.constructor.name} '${object.node.path}'`;
  const prototype = Object.getPrototypeOf(object);
  if (Array.isArray(object) || prototype === Object.prototype || prototype === null) return json(object);
  let described: string;
  try {
    described = String(object);
  } catch {
    described = '[object Object]';
  }
  return /^\[object \w+\]$/.test(described) ? `a ${prototype?.constructor?.name ?? 'object'}` : `'${described}'`;
}

/** A value as JSON, cut to MAX_SHOWN characters; values JSON cannot write (cycles) as `an object`. */
function json(value: object): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object';
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}
