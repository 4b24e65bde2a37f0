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

/** Runs `run` as one pass over the tree of `root`: its lookups are computed once, and dropped when it ends. */
export function inPass<T>(root: IConstruct, run: () => T): T {
  PASSES.set(root.node.root, { values: new Map() });
  try {
    return run();
  } finally {
    PASSES.delete(root.node.root);
  }
}

/** The value of `key` for the app of `scope`: computed by `compute` once per pass, or on every call outside one. */
export function perPass<T>(scope: IConstruct, key: string, compute: () => T): T {
  const pass = PASSES.get(scope.node.root);
  if (!pass) return compute();
  if (!pass.values.has(key)) pass.values.set(key, compute());
  return pass.values.get(key) as T;
}

/** Every construct of the app of `scope` (its root's `findAll()`), walked once per pass; the caller must not change it. */
export function appConstructs(scope: IConstruct): readonly IConstruct[] {
  return perPass(scope, 'constructs', () => scope.node.root.node.findAll());
}
