/**
 * What the converter's parts share (issue #21): the tracker of the input fields they express, JSON pointers and the
 * field names notes show, and values built twice, once as code for the app and once as the live L2 object the converter
 * renders to check that the code writes the input back exactly.
 */
import { Duration, Size } from 'cdk8s';
import { Code, ConvertScope, arr, call, obj, raw, str } from './convert-code';

/** Which input fields the props express, by JSON pointer. */
export interface FieldTracker {
  /** The field at `pointer` is expressed by the props and written back at the same place. */
  map(pointer: string): void;
  /** The library writes `pointer` (and so its parents). */
  write(pointer: string): void;
}

/** A JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A field of a JSON pointer as the notes name it: `spec.predictor.model.storageUri`, with keys that hold dots or slashes
 * in brackets (`metadata.annotations['serving.kserve.io/deploymentMode']`), list items by index (`spec.containers[0]`).
 */
export function fieldOf(pointer: string): string {
  return pointer.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key, i) => (/^\d+$/.test(key) && i > 0 ? `[${key}]` : /^[\w-]+$/.test(key) ? `${i === 0 ? '' : '.'}${key}` : `['${key}']`)).join('');
}

/**
 * A value built twice: `value`, the live object (a factory called now, to render and check it), and `code`, the same
 * call as TypeScript, built only when the value is kept (building it records the imports the app needs).
 */
export interface Twin {
  readonly value: unknown;
  readonly code: (scope: ConvertScope) => Code;
}

/** The same JSON value as live value and as code. */
export function twin(value: unknown, code: (scope: ConvertScope) => Code): Twin {
  return { value, code };
}

/** A number. */
export function twinNumber(n: number): Twin {
  return twin(n, () => raw(String(n)));
}

/** A string. */
export function twinString(s: string): Twin {
  return twin(s, () => str(s));
}

/** An object of the entries that have a value. */
export function twinObject(entries: Array<[string, Twin | undefined]>): Twin {
  const kept = entries.filter((e): e is [string, Twin] => e[1] !== undefined);
  return twin(Object.fromEntries(kept.map(([k, v]) => [k, v.value])), scope => obj(kept.map(([k, v]) => [k, v.code(scope)])));
}

/** An array. */
export function twinList(items: Twin[]): Twin {
  return twin(items.map(i => i.value), scope => arr(items.map(i => i.code(scope))));
}

/** A cdk8s `Duration` of whole seconds. */
export function twinSeconds(seconds: number): Twin {
  return twin(Duration.seconds(seconds), scope => call(`${scope.use('cdk8s', 'Duration')}.seconds`, raw(String(seconds))));
}

/** A cdk8s `Size`. */
export function twinSize(amount: number, unit: 'mebibytes' | 'gibibytes' | 'tebibytes'): Twin {
  return twin(Size[unit](amount), scope => call(`${scope.use('cdk8s', 'Size')}.${unit}`, raw(String(amount))));
}

/**
 * `<owner>.<method>(...args)`: called now on `target` (the class, or an enum object for a member) and written with the
 * owner's name, `name(scope)`, which records its import. Trailing missing arguments are left out.
 */
export function twinCall(target: object, name: (scope: ConvertScope) => string, method: string, args: Array<Twin | undefined>): Twin {
  const make = (target as Record<string, (...a: unknown[]) => unknown>)[method];
  return twin(make.apply(target, args.map(a => a?.value)), scope => call(`${name(scope)}.${method}`, ...args.map(a => a?.code(scope))));
}

/** `<owner>.<member>`, a static member such as an enum value. */
export function twinMember(target: object, name: (scope: ConvertScope) => string, member: string): Twin {
  return twin((target as Record<string, unknown>)[member], scope => raw(`${name(scope)}.${member}`));
}
