/*
 * Objects a component's pods use by name (ServiceAccount, image pull Secrets, envFrom ConfigMaps and Secrets): Kubernetes
 * resolves each name in the pod's own namespace (core validation: the pod spec's references are LocalObjectReferences
 * and `serviceAccountName`, which carry no namespace). An object the app writes into another namespace is therefore
 * never the one the pods get: they fail with "not found" or, worse, pick up a same-named object of their namespace.
 *
 * The namespace is read structurally (`metadata.namespace`, `ApiObject.of`, the chart), never by class, so objects of a
 * second copy of cdk8s-plus are checked the same. A reference by name (`Secret.fromSecretName`,
 * `ServiceAccount.fromServiceAccountName`, `ConfigMap.fromConfigMapName`) names no namespace and is not checked.
 */
import { ApiObject, Chart } from 'cdk8s';
import { ContainerProps } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';

/** What the namespace rule needs from a component's options. */
export interface ReferenceOptions {
  readonly serviceAccount?: unknown;
  readonly imagePullSecrets?: readonly unknown[];
  readonly envFrom?: readonly unknown[];
  readonly extraContainers?: readonly ContainerProps[];
  readonly initContainers?: readonly ContainerProps[];
}

function isConstruct(value: unknown): value is IConstruct {
  return typeof value === 'object' && value !== null && typeof (value as IConstruct).node?.path === 'string';
}

/** The `metadata` of an object the app writes: a cdk8s-plus resource's own, else its ApiObject's (`ApiObject.of`). */
function metadataOf(ref: IConstruct): { readonly namespace?: unknown } | undefined {
  const own = (ref as { metadata?: unknown }).metadata;
  if (typeof own === 'object' && own !== null) return own as { namespace?: unknown };
  try {
    return ApiObject.of(ref).metadata;
  } catch {
    // No ApiObject below it: an imported reference by name.
    return undefined;
  }
}

/**
 * The namespace an object the app writes lands in: its `metadata.namespace`, else its chart's, else `default` (where
 * `kubectl apply` puts it without one). Undefined for a reference by name and for anything that is not a construct.
 */
export function writtenNamespace(ref: unknown): string | undefined {
  if (!isConstruct(ref)) return undefined;
  const metadata = metadataOf(ref);
  if (!metadata) return undefined;
  if (typeof metadata.namespace === 'string') return metadata.namespace;
  try {
    return Chart.of(ref).namespace ?? 'default';
  } catch {
    // Outside any chart: nothing writes it.
    return undefined;
  }
}

/** The ConfigMap or Secret an `Env.fromConfigMap(...)` / `Env.fromSecret(...)` reads (cdk8s-plus keeps the object). */
function envFromSource(envFrom: unknown): unknown {
  if (typeof envFrom !== 'object' || envFrom === null) return undefined;
  const source = envFrom as { configMap?: unknown; sec?: unknown };
  return source.configMap ?? source.sec;
}

/** `kind 'name'` of a cdk8s-plus object, for messages. */
function describe(ref: unknown): string {
  const { kind, name } = ref as { kind?: unknown; name?: unknown };
  return `${typeof kind === 'string' ? kind : 'object'} '${String(name)}'`;
}

/** One error per referenced object written into another namespace than `namespace`; each names its field under `field`. */
export function referenceNamespaceErrors(o: ReferenceOptions, namespace: string, field: string): string[] {
  const refs: Array<[string, unknown]> = [];
  if (o.serviceAccount !== undefined) refs.push([`${field}.serviceAccount`, o.serviceAccount]);
  (Array.isArray(o.imagePullSecrets) ? o.imagePullSecrets : []).forEach((s, i) => refs.push([`${field}.imagePullSecrets[${i}]`, s]));
  (Array.isArray(o.envFrom) ? o.envFrom : []).forEach((e, i) => refs.push([`${field}.envFrom[${i}]`, envFromSource(e)]));
  for (const [list, containers] of [['extraContainers', o.extraContainers], ['initContainers', o.initContainers]] as const) {
    (Array.isArray(containers) ? containers : []).forEach((c, i) => {
      const envFrom = (c as ContainerProps | undefined)?.envFrom;
      (Array.isArray(envFrom) ? envFrom : []).forEach((e, j) => refs.push([`${field}.${list}[${i}].envFrom[${j}]`, envFromSource(e)]));
    });
  }
  // Kubernetes core validation: a pod's references carry no namespace and resolve in the pod's own (see above).
  return refs.flatMap(([at, ref]) => {
    const other = writtenNamespace(ref);
    return other === undefined || other === namespace ? []
      : [`${at}: ${describe(ref)} is written to namespace '${other}', but the pods run in '${namespace}' and Kubernetes looks the name `
        + `up there; create it in '${namespace}'`];
  });
}
