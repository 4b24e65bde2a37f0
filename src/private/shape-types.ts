/**
 * The runtime form of a TypeScript type (written by scripts/gen-shapes.ts, read by shape.ts):
 * - `'string' | 'number' | 'boolean' | 'function' | 'object' | 'any'`: that `typeof` (`object`: any non-null object);
 * - `{ lit }`: one of these literal values (string enums, literal unions);
 * - `{ arr }` / `{ rec }`: an array / a string-keyed map of that type;
 * - `{ ref }`: a public interface of this library, or a plain-data one of another package (`cdk8s-plus ContainerResources`,
 *   `cdk8s-plus k8s.Affinity`), by name (see SHAPES);
 * - `{ cls }`: an instance of the class of that name (or a subclass), matched by name along the prototype chain, so
 *   that objects from another copy of a package (two cdk8s-plus majors) are still recognized;
 * - `{ obj }`: an object implementing an interface (with methods) of another package (`cdk8s-plus ISecret`), whatever
 *   class made it;
 * - `{ any }`: one of several types.
 */
export type Desc = string | { lit: Array<string | number | boolean> } | { arr: Desc } | { rec: Desc } | { ref: string }
| { cls: string } | { obj: string } | { any: Desc[] };

/** A method or constructor parameter. */
export interface ParamShape {
  readonly name: string;
  readonly type: Desc;
  readonly optional: boolean;
  readonly rest?: boolean;
}
