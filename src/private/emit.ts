import { ApiObject, Chart, GroupVersionKind, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { EmittedObject } from './emitted-object';

/** A generated L1 class: only its group/version/kind is used, from src/private/l1-runtime.generated.ts. */
export interface L1Kind {
  readonly GVK: GroupVersionKind;
}

/**
 * Creates a Kubernetes object from props typed by a generated L1 (`cdk8s import`), converted to JSON once,
 * here, with the L1's `toJson_*` function (its run-time twin in src/private/l1-runtime.generated.ts, which does
 * not load the L1 module).
 *
 * The generated L1 classes convert their props again in `toJson()`, after cdk8s has applied the JSON patches
 * (cdk8s-team/cdk8s#2172): a patched plain quantity or int-or-string becomes `null` and unknown keys vanish.
 * A plain `ApiObject` holding the converted JSON applies patches last, so what a patch writes reaches the YAML.
 * The generated types stay the compile-time contract of what we emit (field names, enums, wrappers).
 * The object records itself for the duplicate check, reported on `scope` (EmittedObject).
 */
export function emit<P>(scope: Construct, id: string, kind: L1Kind, toJson: (props: P) => unknown, props: P): ApiObject {
  return new EmittedObject(scope, id, { ...(toJson(props) as object), ...kind.GVK });
}

/**
 * Like `emit`, for an object whose `spec` can still change after construction: the spec is rendered and
 * converted at synth, before patches.
 */
export function emitWithLazySpec<P extends { readonly spec?: S }, S>(scope: Construct, id: string, kind: L1Kind,
  toJson: (props: P) => unknown, toJsonSpec: (spec: S) => unknown, props: Omit<P, 'spec'>, spec: () => S): ApiObject {
  return new EmittedObject(scope, id, {
    ...(toJson(props as P) as object),
    ...kind.GVK,
    spec: Lazy.any({ produce: () => toJsonSpec(spec()) }),
  });
}

/**
 * Marks an object cluster-scoped: cdk8s gives every object its chart's namespace, and a cluster-scoped
 * kind (Namespace, ClusterRole, webhook configurations, ClusterServingRuntime...) must not carry one.
 * Returns the object.
 */
export function clusterScoped(object: ApiObject): ApiObject {
  if (Chart.of(object).namespace) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return object;
}
