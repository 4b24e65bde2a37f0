import { IConstruct } from 'constructs';

/*
 * App-wide lookups (every Gateway of the app, every object it writes, every install...) computed once per pass
 * instead of once per construct that asks: with N services each scanning the tree, a synth or `Runbook.writeAll`
 * would cost N². A pass is a stretch in which the tree does not change: the walk in which synth-errors.ts runs every
 * validation of the app (before cdk8s's own walk, whose calls then get the checks' first answers), or one
 * `Runbook.writeAll`. Outside a pass, a lookup is computed afresh on every call, so a tree changed between two synths
 * is never answered from a stale value.
 */

interface Pass {
  readonly values: Map<string, unknown>;
}

const PASSES = new WeakMap<IConstruct, Pass>();

/** Starts a new pass over the tree of `root`: values computed in the previous one are dropped. */
export function beginPass(root: IConstruct): void {
  PASSES.set(root.node.root, { values: new Map() });
}

/** Ends the pass over the tree of `root` (for passes that are not validation walks, such as `Runbook.writeAll`). */
export function endPass(root: IConstruct): void {
  PASSES.delete(root.node.root);
}

/** The value of `key` for the app of `scope`: computed by `compute` once per pass, or on every call outside one. */
export function perPass<T>(scope: IConstruct, key: string, compute: () => T): T {
  const pass = PASSES.get(scope.node.root);
  if (!pass) return compute();
  if (!pass.values.has(key)) pass.values.set(key, compute());
  return pass.values.get(key) as T;
}
