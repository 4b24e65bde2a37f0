/*
 * Nothing is written unless the whole app validates, and nothing throws after validation (issue #16).
 *
 * cdk8s validates the app, then renders and writes one chart at a time (`App.synth`): an object that throws while
 * a later chart renders (a Lazy, a JSON patch with a path that does not exist, a value a render helper did not expect)
 * would leave the earlier charts' files behind. So every construct of the library renders its own objects once while
 * it validates (`addValidationOnce`) and reports a throw as one of its errors, and a check that crashes is reported
 * the same way instead of stopping the collection of every other construct's errors.
 */
import { ApiObject, ApiObjectMetadataDefinition, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The objects `scope` writes: the ApiObjects below it, except those below another construct that checks its own
 * (`owns(child)`), which renders them itself.
 */
export function ownObjects(scope: IConstruct, checksItself: (construct: IConstruct) => boolean): ApiObject[] {
  const objects: ApiObject[] = [];
  const visit = (construct: IConstruct) => {
    for (const child of construct.node.children) {
      if (checksItself(child)) continue;
      if (child instanceof ApiObject) objects.push(child);
      visit(child);
    }
  };
  visit(scope);
  return objects;
}

/**
 * Renders each object as cdk8s will write it (`toJson()`: Lazy values resolved, JSON patches applied) and returns
 * an error for each one that throws, naming the object and, for a JSON patch, the patch. Our own safety rule: a
 * throw at write time would leave a partial output behind. What renders is kept for the write (`reuse`).
 */
export function renderErrors(scope: IConstruct, objects: ApiObject[]): string[] {
  const errors: string[] = [];
  for (const object of objects) {
    try {
      reuse(object, object.toJson());
    } catch (e) {
      errors.push(`${describeObject(scope, object)} cannot be written: ${patchProblem(object) ?? causeOf(e)}`);
    }
  }
  return errors;
}

/** Renders waiting for their write; dropped after the synchronous synth that made them. */
let waiting = new WeakMap<ApiObject, { readonly json: unknown }>();
let dropScheduled = false;
const reusing = new WeakSet<ApiObject>();

/**
 * The public ways to change what an object renders to after construction: its JSON patches and its metadata. Each
 * drops the render kept for its object; wrapped once, on the prototypes (a kept render is looked up by the object, or
 * by its metadata, which then points at it).
 */
const OBJECT_CHANGES = ['addJsonPatch'] as const;
const METADATA_CHANGES = ['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'] as const;
const ownerOf = new WeakMap<ApiObjectMetadataDefinition, ApiObject>();
let changesWrapped = false;

function wrapChanges(): void {
  changesWrapped = true;
  const wrap = (prototype: object, method: string, objectOf: (target: object) => ApiObject | undefined) => {
    const target = prototype as Record<string, (...args: unknown[]) => unknown>;
    const change = target[method];
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value: function (this: object, ...args: unknown[]) {
        const object = objectOf(this);
        if (object) waiting.delete(object);
        return change.apply(this, args);
      },
    });
  };
  OBJECT_CHANGES.forEach(method => wrap(ApiObject.prototype, method, target => target as ApiObject));
  METADATA_CHANGES.forEach(method =>
    wrap(ApiObjectMetadataDefinition.prototype, method, target => ownerOf.get(target as ApiObjectMetadataDefinition)));
}

/**
 * Keeps `json` for the next `toJson()` of `object`, so the check costs no second render. The next call returns it
 * once (the caller owns the result); a JSON patch or metadata change in between drops it, and so does the end of the
 * synchronous synth that rendered it: the object then renders afresh. The spec and props are read at the first synth,
 * as the checks read them (addValidationOnce).
 */
function reuse(object: ApiObject, json: unknown): void {
  if (!reusing.has(object)) {
    if (!changesWrapped) wrapChanges();
    reusing.add(object);
    ownerOf.set(object.metadata, object);
    const render = object.toJson.bind(object);
    object.toJson = () => {
      const kept = waiting.get(object);
      waiting.delete(object);
      return kept ? kept.json : render();
    };
  }
  waiting.set(object, { json });
  if (!dropScheduled) {
    dropScheduled = true;
    queueMicrotask(() => {
      waiting = new WeakMap();
      dropScheduled = false;
    });
  }
}

/**
 * Forgets the render kept for `object`, for a change the kept render cannot see (a rollout attached to a service
 * after a synth).
 */
export function forgetRender(object: ApiObject): void {
  waiting.delete(object);
}

/** The JSON patches of an object (cdk8s keeps them private). */
function patchesOf(object: ApiObject): JsonPatch[] {
  return (object as unknown as { readonly patches: JsonPatch[] }).patches;
}

/** How a message names an object: the property of `scope` that holds it (`apiObject`), else its construct path. */
function describeObject(scope: IConstruct, object: ApiObject): string {
  const property = Object.keys(scope).find(key => !key.startsWith('_') && (scope as unknown as Record<string, unknown>)[key] === object);
  return `${property ?? `'${object.node.path}'`} (${object.kind} '${object.name}')`;
}

/**
 * When the object renders without its JSON patches but not with them: which patch fails and why. Undefined when
 * the object fails without patches too (the cause is elsewhere) or the patches do not fail on their own.
 */
function patchProblem(object: ApiObject): string | undefined {
  const patches = patchesOf(object);
  if (patches.length === 0) return undefined;
  const saved = patches.splice(0);
  let document: unknown;
  try {
    document = object.toJson();
  } catch {
    return undefined;
  } finally {
    patches.push(...saved);
  }
  for (const [i, patch] of saved.entries()) {
    try {
      document = JsonPatch.apply(document, patch);
    } catch (e) {
      const op = patch._toJson();
      const parent = op.path.slice(0, op.path.lastIndexOf('/'));
      const found = valueAt(document, op.path);
      const why = op.op === 'test'
        ? `the value at '${op.path}' is ${found ? JSON.stringify(found.value) : 'missing'}, not ${JSON.stringify(op.value)}`
        : op.path.startsWith('/') && parent !== '' && !valueAt(document, parent)
          ? `'${parent}' does not exist in the object (add it first, or fix the path)`
          : causeOf(e);
      return `JSON patch ${i + 1} of ${saved.length} (${op.op} '${op.path}') cannot be applied: ${why}`;
    }
  }
  return undefined;
}

/** The value a JSON pointer (RFC 6901) names in `document`, or undefined when it names none. */
function valueAt(document: unknown, pointer: string): { readonly value: unknown } | undefined {
  let value: unknown = document;
  for (const token of pointer.split('/').slice(1).map(t => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (typeof value !== 'object' || value === null || !(token in value)) return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return { value };
}

/** The first line of what a throw says, without cdk8s' "Failed serializing construct ..." wrapper. */
export function causeOf(e: unknown): string {
  const text = e instanceof Error ? (e.name === 'Error' ? e.message : `${e.name}: ${e.message}`) : String(e);
  return text.replace(/^Failed serializing construct at path '[^']*' with name '[^']*': (Error: )?/, '').split('\n')[0];
}
