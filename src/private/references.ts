/*
 * Objects a component's pods use by name (ServiceAccount, image pull Secrets, envFrom and env ConfigMaps and Secrets,
 * Secret / ConfigMap / claim volumes, `pvc://` model storage): Kubernetes resolves each name in the pod's own
 * namespace (core validation: the pod spec's references are LocalObjectReferences and `serviceAccountName`, which carry
 * no namespace; KServe mounts a `pvc://` claim into the pod, storage_initializer_injector.go, both tags). An object the
 * app writes into another namespace is therefore never the one the pods get: they fail with "not found" or, worse,
 * pick up a same-named object of their own namespace.
 *
 * An object given as such (a cdk8s-plus ServiceAccount, Secret, ConfigMap) has its namespace read structurally
 * (`metadata.namespace`, `ApiObject.of`, the chart), never by class, so objects of a second copy of cdk8s-plus are
 * checked the same. A reference by name (`Secret.fromSecretName`, a Volume, an env value, a `pvc://` URI) names no
 * namespace: our own safety rule reports it when the app writes an object of that kind and name, but only elsewhere.
 */
import { ApiObject, Chart } from 'cdk8s';
import { ContainerProps } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { appConstructs, perPass } from './app-pass';
import { StorageScheme, StorageUri } from '../storage-uri';

/** What the namespace rule needs from a component's options. */
export interface ReferenceOptions {
  readonly serviceAccount?: unknown;
  readonly imagePullSecrets?: readonly unknown[];
  readonly envFrom?: readonly unknown[];
  readonly env?: Readonly<Record<string, unknown>>;
  readonly volumeMounts?: readonly unknown[];
  readonly volumeDevices?: readonly unknown[];
  readonly extraContainers?: readonly ContainerProps[];
  readonly initContainers?: readonly ContainerProps[];
  readonly model?: { readonly storageUri?: unknown };
  readonly container?: { readonly storageUri?: unknown };
  readonly storageUris?: readonly unknown[];
}

/** The kinds a pod references by name. */
type ReferencedKind = 'ServiceAccount' | 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';

/** One reference of a pod: the field, and either the object given or the kind and name it resolves by. */
type Reference = { readonly field: string } & ({ readonly object: unknown } | { readonly kind: ReferencedKind; readonly name: unknown });

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

/** The namespaces the app writes `kind` `name` to (empty when it writes none); indexed once per pass (app-pass.ts). */
function writtenTo(scope: IConstruct, kind: ReferencedKind, name: string): ReadonlySet<string> {
  const index = perPass(scope, 'written objects', () => {
    const written = new Map<string, Set<string>>();
    for (const c of appConstructs(scope)) {
      if (!(c instanceof ApiObject)) continue;
      const key = `${c.kind}/${c.metadata.name}`;
      const namespaces = written.get(key) ?? new Set<string>();
      namespaces.add(c.metadata.namespace ?? 'default');
      written.set(key, namespaces);
    }
    return written;
  });
  return index.get(`${kind}/${name}`) ?? new Set();
}

/** A private field of a cdk8s-plus object, read without relying on its class. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The ConfigMap or Secret an `Env.fromConfigMap(...)` / `Env.fromSecret(...)` reads (cdk8s-plus keeps the object). */
function envFromReference(envFrom: unknown, at: string): Reference[] {
  const object = field(envFrom, 'configMap') ?? field(envFrom, 'sec');
  if (object === undefined) return [];
  const kind = field(envFrom, 'configMap') !== undefined ? 'ConfigMap' : 'Secret';
  return [writtenNamespace(object) !== undefined ? { field: at, object } : { field: at, kind, name: field(object, 'name') }];
}

/** An object given as such when the app writes it, else the kind and name it resolves by. */
function objectOrName(object: unknown, kind: ReferencedKind, at: string): Reference {
  return writtenNamespace(object) !== undefined ? { field: at, object } : { field: at, kind, name: field(object, 'name') };
}

/** The ConfigMaps and Secrets an env map reads (`EnvValue.fromSecretValue`, `.fromConfigMap`: `valueFrom` by name). */
function envReferences(env: unknown, at: string): Reference[] {
  if (typeof env !== 'object' || env === null) return [];
  return Object.entries(env).flatMap(([name, value]): Reference[] => {
    const from = field(value, 'valueFrom');
    const secret = field(field(from, 'secretKeyRef'), 'name');
    const configMap = field(field(from, 'configMapKeyRef'), 'name');
    return [
      ...(secret !== undefined ? [{ field: `${at}['${name}']`, kind: 'Secret' as const, name: secret }] : []),
      ...(configMap !== undefined ? [{ field: `${at}['${name}']`, kind: 'ConfigMap' as const, name: configMap }] : []),
    ];
  });
}

/** The parts of a rendered Volume (`Volume._toKube()`) that name an object. */
interface VolumeSource {
  readonly secret?: { readonly secretName?: string };
  readonly configMap?: { readonly name?: string };
  readonly persistentVolumeClaim?: { readonly claimName?: string };
}

/** The Secret, ConfigMap or claim a cdk8s-plus Volume (of a mount or device) names. */
function volumeReferences(mounts: unknown, at: string): Reference[] {
  return (Array.isArray(mounts) ? mounts : []).flatMap((m, i): Reference[] => {
    const volume = field(m, 'volume');
    const toKube = field(volume, '_toKube');
    if (typeof toKube !== 'function') return [];
    const source = toKube.call(volume) as VolumeSource;
    const where = `${at}[${i}]`;
    if (source.secret?.secretName !== undefined) return [{ field: where, kind: 'Secret', name: source.secret.secretName }];
    if (source.configMap?.name !== undefined) return [{ field: where, kind: 'ConfigMap', name: source.configMap.name }];
    const claim = source.persistentVolumeClaim?.claimName;
    return claim !== undefined ? [{ field: where, kind: 'PersistentVolumeClaim', name: claim }] : [];
  });
}

/** The claim of a `pvc://` model source. */
function claimReference(uri: unknown, at: string): Reference[] {
  return uri instanceof StorageUri && uri.scheme === StorageScheme.PVC ? [{ field: at, kind: 'PersistentVolumeClaim', name: uri.claimName }] : [];
}

/** Every reference of a component's pods, each with the field (under `prefix`) that makes it. */
function references(o: ReferenceOptions, prefix: string): Reference[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const refs: Reference[] = [];
  if (o.serviceAccount !== undefined) refs.push(objectOrName(o.serviceAccount, 'ServiceAccount', `${prefix}.serviceAccount`));
  list(o.imagePullSecrets).forEach((s, i) => refs.push(objectOrName(s, 'Secret', `${prefix}.imagePullSecrets[${i}]`)));
  list(o.envFrom).forEach((e, i) => refs.push(...envFromReference(e, `${prefix}.envFrom[${i}]`)));
  refs.push(...envReferences(o.env, `${prefix}.env`));
  refs.push(...volumeReferences(o.volumeMounts, `${prefix}.volumeMounts`), ...volumeReferences(o.volumeDevices, `${prefix}.volumeDevices`));
  for (const [name, containers] of [['extraContainers', o.extraContainers], ['initContainers', o.initContainers]] as const) {
    list(containers).forEach((c, i) => {
      const at = `${prefix}.${name}[${i}]`;
      list(field(c, 'envFrom')).forEach((e, j) => refs.push(...envFromReference(e, `${at}.envFrom[${j}]`)));
      refs.push(...envReferences(field(c, 'envVariables'), `${at}.envVariables`), ...volumeReferences(field(c, 'volumeMounts'), `${at}.volumeMounts`));
    });
  }
  refs.push(...claimReference(o.model?.storageUri, `${prefix}.model.storageUri`), ...claimReference(o.container?.storageUri, `${prefix}.container.storageUri`));
  list(o.storageUris).forEach((m, i) => refs.push(...claimReference(field(m, 'uri'), `${prefix}.storageUris[${i}]`)));
  return refs;
}

/**
 * One error per object a component's pods use that the app writes into another namespace than `namespace` (see the
 * file comment for the rules); each names its field under `prefix` (`spec.<component>`).
 */
export function referenceNamespaceErrors(scope: IConstruct, o: ReferenceOptions, namespace: string, prefix: string): string[] {
  return references(o, prefix).flatMap(ref => {
    if ('object' in ref) {
      const other = writtenNamespace(ref.object);
      const { kind, name } = ref.object as { kind?: unknown; name?: unknown };
      return other === undefined || other === namespace ? []
        : [`${ref.field}: ${typeof kind === 'string' ? kind : 'object'} '${String(name)}' is written to namespace '${other}', but the pods run in `
          + `'${namespace}' and Kubernetes looks the name up there; create it in '${namespace}'`];
    }
    if (typeof ref.name !== 'string') return [];
    const namespaces = writtenTo(scope, ref.kind, ref.name);
    return namespaces.size === 0 || namespaces.has(namespace) ? []
      : [`${ref.field}: ${ref.kind} '${ref.name}' is written by this app only to namespace ${[...namespaces].map(n => `'${n}'`).join(', ')}, `
        + `but the pods run in '${namespace}' and Kubernetes looks the name up there; create it in '${namespace}'`];
  });
}
