/*
 * The library's own objects render in one pass (issue #19).
 *
 * cdk8s's `ApiObject.toJson()` (node_modules/cdk8s/lib/api-object.js) resolves every value of the object with the
 * app's resolvers (`resolve` in lib/resolve.js: for each value it looks up the App again, allocates a context and a
 * key path, and asks every resolver), then copies the result once more to sort its keys (`sanitizeValue` in
 * lib/_util.js). When the app has only cdk8s's built-in resolvers (and the library's Helm escaping), the same result
 * is reached in one walk that asks the same questions in the same order: `render` below. With any other resolver
 * (a user's, or one cdk8s adds in a later release) the object renders the stock way. test/emitted-object.test.ts
 * compares the two on generated values and pins the cdk8s internals this relies on.
 */
import { ApiObject, ApiObjectProps, App, ImplicitTokenResolver, IResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
// cdk8s's own sanitizer, for the objects its resolve passes through unchanged (pinned by test/emitted-object.test.ts).
import { sanitizeValue } from 'cdk8s/lib/_util';
import { Construct } from 'constructs';
import { recordWrite } from './duplicates';
import { escapeForHelm, escapesInHelm, isHelmEscapeResolver } from './helm';

/** The fields of cdk8s's ApiObject that `toJson()` reads (private in its typings). */
interface Internals {
  readonly props: Record<string, unknown>;
  readonly patches: JsonPatch[];
}

/** The fields of cdk8s's ApiObjectMetadataDefinition that its `toJson()` reads (private in its typings). */
interface MetadataInternals {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: unknown[];
  readonly labels: Record<string, string>;
}

/** How a value is sanitized: keys sorted or not; empty arrays and objects dropped or not (cdk8s's SanitizeOptions). */
interface Options {
  readonly sortKeys: boolean;
  readonly filterEmpty: boolean;
}

/** Thrown by `render` for input it does not reproduce exactly; the object then renders the stock way. */
const STOCK = Symbol('render the stock way');

/**
 * An ApiObject the library writes: the output of `toJson()` is cdk8s's own, computed in one pass. Each one is recorded
 * for the duplicate check, reported on the construct that creates it (`scope`), and escaped when the app is a Helm
 * chart (duplicates.ts `recordWrite`).
 */
export class EmittedObject extends ApiObject {
  public constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
    recordWrite(scope, this);
  }

  public toJson(): any {
    if (!stockResolvers(App.of(this).resolvers)) return super.toJson();
    const { props, patches } = this as unknown as Internals;
    try {
      let escapes: boolean | undefined;
      // The Helm escaping applies to strings holding `{{` of an object that escapes (asked, as cdk8s does, only then).
      const escape = (text: string) => ((escapes ??= escapesInHelm(this)) ? escapeForHelm(text) : text);
      // ApiObjectMetadataDefinition.toJson(): its fields resolved, sorted, empty values dropped (lib/metadata.js).
      const meta = this.metadata as unknown as MetadataInternals;
      // Either dictionary with a `resolve` function is an implicit token to cdk8s.
      if (typeof props.resolve === 'function' || typeof meta._additionalAttributes.resolve === 'function') throw STOCK;
      const metadata = renderObject({
        ...meta._additionalAttributes,
        name: meta.name,
        namespace: meta.namespace,
        annotations: meta.annotations,
        finalizers: meta.finalizers,
        ownerReferences: meta.ownerReferences,
        labels: meta.labels,
      }, { sortKeys: true, filterEmpty: true }, escape);
      const data: Record<string, unknown> = { ...props, metadata };
      // cdk8s then resolves and sanitizes the metadata again with the object; on what it rendered, that changes nothing
      // (plain values, sorted, no nulls) and the Helm escaping leaves it alone (helm.ts).
      const json = renderObject(data, { sortKeys: process.env.CDK8S_DISABLE_SORT ? false : true, filterEmpty: false },
        escape, 'metadata') ?? {};
      const patched = JsonPatch.apply(json, ...patches);
      const result: Record<string, unknown> = {};
      for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
        if (k in patched) result[k] = patched[k];
      }
      return result;
    } catch (e) {
      if (e === STOCK) return super.toJson();
      // cdk8s's own wrapping of a render failure, word for word (node_modules/cdk8s/lib/api-object.js).
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
  }
}

/** Whether `resolvers` are cdk8s's built-in ones, in their order, and at most the library's Helm escaping after them. */
function stockResolvers(resolvers: readonly IResolver[] | undefined): boolean {
  if (!Array.isArray(resolvers) || (resolvers.length !== 3 && resolvers.length !== 4)) return false;
  return resolvers[0].constructor === LazyResolver && resolvers[1].constructor === ImplicitTokenResolver
    && resolvers[2].constructor === NumberStringUnionResolver && (resolvers.length === 3 || isHelmEscapeResolver(resolvers[3]));
}

type Escape = (text: string) => string;

/**
 * `sanitizeValue(resolve(value), options)` with the built-in resolvers: a Lazy is produced, an implicit token
 * (`resolve()`) resolved, a number-or-string wrapper unwrapped, each then rendered again; arrays and plain objects
 * are walked, null values dropped; any other object is sanitized as cdk8s does (which rejects most). `escape` is
 * the Helm escaping of strings holding `{{`.
 */
function render(value: any, options: Options, escape: Escape): unknown {
  if (value == null) return undefined;
  if (value instanceof Lazy) return render(value.produce(), options, escape);
  if (typeof value.resolve === 'function') return render(value.resolve(), options, escape);
  if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
    return render({ value: value.value }, options, escape);
  }
  if (typeof value === 'string') return value.includes('{{') ? escape(value) : value;
  if (Array.isArray(value)) {
    return options.filterEmpty && value.length === 0 ? undefined : value.map(item => render(item, options, escape));
  }
  if (typeof value !== 'object') return value;
  // What cdk8s's resolve passes through unchanged (class instances, objects of another realm) goes to its sanitizer.
  if (value.constructor !== Object) {
    return sanitizeValue(value, { sortKeys: options.sortKeys, filterEmptyArrays: options.filterEmpty, filterEmptyObjects: options.filterEmpty });
  }
  return renderObject(value, options, escape);
}

/**
 * A plain object rendered: its keys (sorted or not), each value rendered, null values dropped (and, filtering, an
 * empty result). The value under the key `rendered` is taken as it is: it was rendered already. A key `__proto__`
 * (which cdk8s's copy turns into a prototype) renders the whole object the stock way.
 */
function renderObject(value: Record<string, any>, options: Options, escape: Escape, rendered?: string): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const key of options.sortKeys ? Object.keys(value).sort() : Object.keys(value)) {
    if (key === '__proto__') throw STOCK;
    const item = key === rendered ? value[key] : render(value[key], options, escape);
    if (item != null) {
      result[key] = item;
      empty = false;
    }
  }
  return options.filterEmpty && empty ? undefined : result;
}
