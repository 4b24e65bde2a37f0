import { IConstruct } from 'constructs';

/**
 * Values recorded per app (keyed by the root of the construct tree), for the few app-wide lookups a construct
 * needs at synth, such as every runtime or every install of the app. Insertion order is kept.
 */
export class AppRegistry<T> {
  private readonly byRoot = new WeakMap<IConstruct, T[]>();

  /** Records `value` in the app of `scope`. */
  public add(scope: IConstruct, value: T): void {
    const values = this.byRoot.get(scope.node.root);
    if (values) values.push(value);
    else this.byRoot.set(scope.node.root, [value]);
  }

  /** Everything recorded in the app of `scope`, in the order it was added. */
  public all(scope: IConstruct): readonly T[] {
    return this.byRoot.get(scope.node.root) ?? [];
  }
}
