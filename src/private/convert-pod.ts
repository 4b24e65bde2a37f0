/**
 * The converter's pod part (issue #21): a predictor's extended resources (GPUs...), tolerations, image pull secrets,
 * env (plain values and `valueFrom`), probes and volumes as the L2's typed props, and the ServiceAccount a storage
 * Secret's ModelStorageSecret writes. Each value is built live with the library's (or cdk8s-plus') factory and rendered;
 * it is kept only when it writes the input back exactly (after the normalisations the README lists) and the library
 * finds nothing wrong with it. Otherwise the field stays for the JSON patches, noted.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Code, ConvertScope, call, deferred, json, obj, raw, str } from './convert-code';
import { equal } from './convert-diff';
import {
  FieldTracker, Twin, fieldOf, pointerSegment, twin, twinCall, twinList, twinMember, twinObject, twinSeconds, twinString,
} from './convert-fields';
import { toCode, tolerationsValue } from './convert-values';
import { isObject } from './convert-yaml';
import { CustomContainer } from '../custom-container';
import { DeploymentMode } from '../deployment-mode';
import { ExtendedResource, extendedResourceQuantities } from '../extended-resource';
import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { ModelStorageSecret } from '../model-storage-secret';
import { SecretSource } from '../secret-source';
import { StorageUri } from '../storage-uri';

/** Where the pod part's code creates constructs (a Secret or ConfigMap by name). */
export interface PodRefs {
  /** The chart variable. */
  readonly chart: string;
  /** A construct id unique in the chart, from `base`. */
  readonly id: (base: string) => string;
}

/** The quantities `resources` writes itself (convert-isvc.ts resourcesCode); every other name is an extended resource. */
const CORE_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
/** ExtendedResource's named factories, by the resource they write (src/extended-resource.ts). */
const GPU_FACTORIES: Record<string, string> = { 'nvidia.com/gpu': 'nvidiaGpu', 'amd.com/gpu': 'amdGpu', 'gpu.intel.com/i915': 'intelGpu' };

/**
 * `ExtendedResource` factories for the container's extended resources: each a whole number with a limit and, if given,
 * the same request (the L2 writes both; Kubernetes defaults a missing request to the limit). Another shape stays.
 */
export function extendedResourcesCode(resources: unknown, pointer: string, t: FieldTracker, scope: ConvertScope): Code | undefined {
  if (!isObject(resources)) return undefined;
  const limits = isObject(resources.limits) ? resources.limits : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  const names = [...new Set([...Object.keys(limits), ...Object.keys(requests)])].filter(n => !CORE_RESOURCES.includes(n));
  const found: Twin[] = [];
  for (const name of names) {
    const field = `${fieldOf(pointer)}.limits['${name}']`;
    const limit = limits[name];
    const request = requests[name];
    const text = typeof limit === 'number' ? String(limit) : limit;
    if (typeof text !== 'string' || !/^[1-9]\d*$/.test(text) || (request !== undefined && String(request) !== text)) {
      scope.note(`the extended resource '${name}' is converted when its limit is a whole number and its request, if any, is the same; kept as written`, field);
      continue;
    }
    const count = twin(Number(text), () => json(Number(text)));
    const factory = GPU_FACTORIES[name];
    const resource = twinCall(ExtendedResource, s => s.use('kserve', 'ExtendedResource'), factory ?? 'named', factory ? [count] : [twinString(name), count]);
    const live = resource.value as ExtendedResource;
    const problems = live._validate(field);
    if (problems.length > 0 || extendedResourceQuantities([live])[name] !== text) {
      scope.note(`the library rejects the extended resource '${name}' (${problems[0] ?? 'written differently'}); kept as written`, field);
      continue;
    }
    if (typeof limit === 'number') scope.note(`the count ${limit} (a YAML number) is written as the quantity string '${text}'`, field);
    if (request === undefined) {
      scope.note(`the request of '${name}' is written equal to its limit (${text}), as Kubernetes defaults a missing request to the limit`, field);
      t.write(`${pointer}/requests/${pointerSegment(name)}`);
    } else {
      t.map(`${pointer}/requests/${pointerSegment(name)}`);
    }
    t.map(`${pointer}/limits/${pointerSegment(name)}`);
    found.push(resource);
  }
  return found.length > 0 ? twinList(found).code(scope) : undefined;
}

/**
 * `Toleration.equal` / `Toleration.exists` for every entry of `tolerations` (convert-values.ts tolerationsValue, as the
 * graph converter writes them), or undefined (the list stays as written, noted) when one entry is not what a factory
 * writes back or the library rejects it. An entry without `operator` is written with `Equal`, Kubernetes' default (noted).
 */
export function tolerationsCode(tolerations: unknown, pointer: string, t: FieldTracker, scope: ConvertScope): Code | undefined {
  if (!Array.isArray(tolerations) || tolerations.length === 0) return undefined;
  const field = fieldOf(pointer);
  const defaulted = tolerations.map((e, i) => (isObject(e) && e.operator === undefined ? i : -1)).filter(i => i >= 0);
  const expected = tolerations.map((e, i) => (defaulted.includes(i) ? { ...e, operator: 'Equal' } : e));
  const later = deferred(scope);
  const values = tolerationsValue(expected, later.scope);
  const exact = values !== undefined && values.every((v, i) => equal(v._render(), expected[i]) && v._validate(`${field}[${i}]`).length === 0);
  if (!values || !exact) {
    scope.note('a toleration is not one Toleration.equal or Toleration.exists writes back (or the library rejects it): the list is kept as written', field);
    return undefined;
  }
  later.commit();
  if (defaulted.length > 0) {
    scope.note(`${defaulted.map(i => `${field}[${i}]`).join(', ')}: written with operator 'Equal', Kubernetes' default`, field);
  }
  t.map(pointer);
  return toCode(values);
}

/** `kplus.Secret.fromSecretName` for each of `imagePullSecrets` when every entry is `{ name }`; else it stays. */
export function imagePullSecretsCode(secrets: unknown, pointer: string, t: FieldTracker, scope: ConvertScope, refs: PodRefs): Code | undefined {
  if (!Array.isArray(secrets) || secrets.length === 0) return undefined;
  if (!secrets.every(s => isObject(s) && typeof s.name === 'string' && s.name !== '' && Object.keys(s).length === 1)) {
    scope.note('image pull secrets are converted when each is { name } (a Secret by name); kept as written', fieldOf(pointer));
    return undefined;
  }
  t.map(pointer);
  return twinList(secrets.map(s => secretByName((s as { name: string }).name, refs))).code(scope);
}

/** A cdk8s-plus Secret of the cluster, by name: a construct of the app's chart (live, in a chart of its own). */
function secretByName(name: string, refs: PodRefs): Twin {
  const live = kplus.Secret.fromSecretName(new Chart(new App(), 'probe'), 'secret', name);
  return twin(live, scope => call(`${scope.kplus('Secret')}.fromSecretName`, raw(refs.chart), str(refs.id(`${name}-secret`)), str(name)));
}

/** A cdk8s-plus ConfigMap of the cluster, by name. */
function configMapByName(name: string, refs: PodRefs): Twin {
  const live = kplus.ConfigMap.fromConfigMapName(new Chart(new App(), 'probe'), 'config-map', name);
  return twin(live, scope => call(`${scope.kplus('ConfigMap')}.fromConfigMapName`, raw(refs.chart), str(refs.id(`${name}-config-map`)), str(name)));
}

/**
 * `env` as cdk8s-plus `EnvValue`s when every entry is one they write back: a plain `value` (`fromValue`), a
 * `secretKeyRef` (`fromSecretValue` of a Secret by name), a `configMapKeyRef` (`fromConfigMap`), a `fieldRef`
 * (`fromFieldRef`) or a `resourceFieldRef` of the container itself without divisor (`fromResource`), names unique.
 * Otherwise the list stays as written, noted.
 */
export function envCode(env: unknown, pointer: string, t: FieldTracker, scope: ConvertScope, refs: PodRefs): Code | undefined {
  if (!Array.isArray(env) || env.length === 0) return undefined;
  const field = fieldOf(pointer);
  const names = env.map(e => (isObject(e) ? e.name : undefined));
  if (!names.every(n => typeof n === 'string') || new Set(names).size !== env.length) {
    scope.note('env entries without a name or with a name given twice are kept as written (the env prop is keyed by name)', field);
    return undefined;
  }
  const found: Array<[string, Twin]> = [];
  for (const [i, entry] of (env as Array<Record<string, unknown>>).entries()) {
    const { name, ...rest } = entry;
    const converted = envValue(rest, refs);
    const live = converted?.value as kplus.EnvValue | undefined;
    if (!converted || !equal({ value: live!.value, valueFrom: live!.valueFrom }, rest)) {
      scope.note(`${field}[${i}] ('${String(name)}') is not a value cdk8s-plus EnvValue writes back (fromValue, fromSecretValue, fromConfigMap, `
        + 'fromFieldRef, fromResource): the list is kept as written', field);
      return undefined;
    }
    found.push([name as string, converted]);
  }
  t.map(pointer);
  return obj(found.map(([name, value]) => [name, value.code(scope)]));
}

/** The EnvValue factory for an env entry without its name (the LLM part, convert-llm.ts, uses it too). */
export function envValue(entry: Record<string, unknown>, refs: PodRefs): Twin | undefined {
  const name = (s: ConvertScope) => s.kplus('EnvValue');
  if (typeof entry.value === 'string') return twinCall(kplus.EnvValue, name, 'fromValue', [twinString(entry.value)]);
  const from = isObject(entry.valueFrom) ? entry.valueFrom : {};
  const optional = (ref: Record<string, unknown>) => (typeof ref.optional === 'boolean'
    ? twinObject([['optional', twin(ref.optional, () => json(ref.optional))]]) : undefined);
  const secret = isObject(from.secretKeyRef) ? from.secretKeyRef : undefined;
  if (secret && typeof secret.name === 'string' && typeof secret.key === 'string') {
    const value = twinObject([['secret', secretByName(secret.name, refs)], ['key', twinString(secret.key)]]);
    return twinCall(kplus.EnvValue, name, 'fromSecretValue', [value, optional(secret)]);
  }
  const config = isObject(from.configMapKeyRef) ? from.configMapKeyRef : undefined;
  if (config && typeof config.name === 'string' && typeof config.key === 'string') {
    return twinCall(kplus.EnvValue, name, 'fromConfigMap', [configMapByName(config.name, refs), twinString(config.key), optional(config)]);
  }
  const resource = isObject(from.resourceFieldRef) ? from.resourceFieldRef : undefined;
  const resourcePath = resource && Object.entries(kplus.ResourceFieldPaths).find(([, v]) => v === resource.resource)?.[0];
  // Without a divisor: cdk8s-plus keeps one as a quantity object that only the rendered service would show as text.
  if (resource && resourcePath && Object.keys(resource).length === 1) {
    return twinCall(kplus.EnvValue, name, 'fromResource', [twinMember(kplus.ResourceFieldPaths, s => s.kplus('ResourceFieldPaths'), resourcePath)]);
  }
  const ref = isObject(from.fieldRef) ? from.fieldRef : undefined;
  if (ref && typeof ref.fieldPath === 'string' && (ref.apiVersion === undefined || typeof ref.apiVersion === 'string')) {
    const labelled = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(ref.fieldPath);
    const path = labelled ? (labelled[1] === 'labels' ? 'POD_LABEL' : 'POD_ANNOTATION')
      : Object.entries(kplus.EnvFieldPaths).find(([, v]) => v === ref.fieldPath)?.[0];
    if (path === undefined) return undefined;
    const options = twinObject([
      ['apiVersion', typeof ref.apiVersion === 'string' ? twinString(ref.apiVersion) : undefined],
      ['key', labelled ? twinString(labelled[2]) : undefined],
    ]);
    const hasOptions = ref.apiVersion !== undefined || labelled !== null;
    return twinCall(kplus.EnvValue, name, 'fromFieldRef',
      [twinMember(kplus.EnvFieldPaths, s => s.kplus('EnvFieldPaths'), path), hasOptions ? options : undefined]);
  }
  return undefined;
}

/**
 * The ServiceAccount `ModelStorageSecret.s3` writes for the Secret `secretName` (by name, or from `values` with
 * plaintext allowed), as JSON: the converter compares it with an input ServiceAccount of that name.
 */
export function storageServiceAccountJson(namespace: string | undefined, secretName: string, values?: Record<string, string>): unknown {
  const chart = new Chart(new App(), 'probe', namespace !== undefined ? { namespace } : {});
  const source = values ? SecretSource.unsafePlaintext(values) : SecretSource.fromSecretName(secretName);
  ModelStorageSecret.s3(chart, 'probe', values ? { name: secretName, source } : { source });
  return chart.toJson().find(o => o.kind === 'ServiceAccount');
}

/** Kubernetes' probe defaults cdk8s-plus writes explicitly (core/v1 SetDefaults_Probe, SetDefaults_HTTPGetAction). */
const PROBE_DEFAULTS = { failureThreshold: 3 };
const PROBE_NUMBERS = ['failureThreshold', 'successThreshold'];
const PROBE_SECONDS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds'];

/** Where a probe is rendered to check it: the service's mode and release. */
export interface ProbeContext {
  readonly knative: boolean;
  readonly version: KServeVersion;
  /** The main container's ports as typed: a probe without its own port targets the first. */
  readonly ports?: kplus.ContainerPort[];
  /** A custom main container (the probe is checked on it, not on a model). */
  readonly container?: CustomContainer;
}

/**
 * A cdk8s-plus `Probe` (`fromHttpGet`, `fromTcpSocket`, `fromCommand`) for the main container's probe `prop`, when it
 * writes the input back (with Kubernetes' defaults `failureThreshold: 3` and `scheme: HTTP` written, noted) and the
 * library accepts it in a service of the same mode and release; undefined (the probe stays as written) otherwise.
 */
export function probeCode(prop: 'readinessProbe' | 'livenessProbe' | 'startupProbe', probe: unknown, pointer: string, context: ProbeContext,
  t: FieldTracker, scope: ConvertScope): Code | undefined {
  if (!isObject(probe)) return undefined;
  const converted = probeTwin(probe);
  const expected = { ...PROBE_DEFAULTS, ...probe, ...(isObject(probe.httpGet) ? { httpGet: { scheme: 'HTTP', ...probe.httpGet } } : {}) };
  const rendered = converted && renderedProbe(prop, converted.value as kplus.Probe, context);
  if (!converted || !rendered || rendered.errors.length > 0 || !equal(rendered.written, expected)) {
    // The probe is checked on a predictor's model: the error names the input's own field instead.
    const error = rendered?.errors[0]?.replace(new RegExp(`spec\\.predictor(\\.model)?\\.${prop}`, 'g'), fieldOf(pointer));
    const action = isObject(probe.httpGet) ? probe.httpGet : isObject(probe.tcpSocket) ? probe.tcpSocket : undefined;
    const why = error !== undefined ? `the library rejects it: ${error}`
      : rendered && action && action.port === undefined
        ? 'it has no port of its own, and cdk8s-plus writes the port such a probe targets (the serving port, the first of ports) explicitly: '
          + `${JSON.stringify((rendered.written as Record<string, Record<string, unknown>>)[probe.httpGet ? 'httpGet' : 'tcpSocket']?.port)}`
        : 'it is not a probe cdk8s-plus Probe writes back (fromHttpGet, fromTcpSocket, fromCommand, no headers)';
    scope.note(`${why}; kept as written`, fieldOf(pointer));
    return undefined;
  }
  const added = Object.keys(expected).filter(k => !(k in probe)).concat(isObject(probe.httpGet) && probe.httpGet.scheme === undefined ? ['httpGet.scheme'] : []);
  if (added.length > 0) scope.note(`written with Kubernetes' defaults ${added.join(', ')} (failureThreshold 3, scheme HTTP), as cdk8s-plus writes them`, fieldOf(pointer));
  t.map(pointer);
  return converted.code(scope);
}

/** A cdk8s-plus Probe factory call for a probe (the LLM part, convert-llm.ts, uses it too); undefined for another shape. */
export function probeTwin(probe: Record<string, unknown>): Twin | undefined {
  const actions = ['httpGet', 'tcpSocket', 'exec'].filter(k => probe[k] !== undefined);
  const known = [...actions, ...PROBE_NUMBERS, ...PROBE_SECONDS];
  if (actions.length !== 1 || Object.keys(probe).some(k => !known.includes(k))) return undefined;
  if (![...PROBE_NUMBERS, ...PROBE_SECONDS].every(k => probe[k] === undefined || Number.isInteger(probe[k]))) return undefined;
  const timing: Array<[string, Twin | undefined]> = [
    ...PROBE_NUMBERS.map((k): [string, Twin | undefined] => [k, probe[k] !== undefined ? twin(probe[k], () => json(probe[k])) : undefined]),
    ...PROBE_SECONDS.map((k): [string, Twin | undefined] => [k, probe[k] !== undefined ? twinSeconds(probe[k] as number) : undefined]),
  ];
  const name = (s: ConvertScope) => s.kplus('Probe');
  const action = probe[actions[0]];
  if (!isObject(action)) return undefined;
  // Without a port of its own, an httpGet or tcpSocket probe targets the serving port (checked by rendering it).
  const port = Number.isInteger(action.port) ? twin(action.port, () => json(action.port)) : undefined;
  if (action.port !== undefined && !port) return undefined;
  if (actions[0] === 'httpGet' && typeof action.path === 'string') {
    if (Object.keys(action).some(k => !['path', 'port', 'scheme', 'host'].includes(k))) return undefined;
    if (action.scheme !== undefined && action.scheme !== 'HTTP' && action.scheme !== 'HTTPS') return undefined;
    if (action.host !== undefined && typeof action.host !== 'string') return undefined;
    const scheme = typeof action.scheme === 'string' ? twinMember(kplus.ConnectionScheme, s => s.kplus('ConnectionScheme'), action.scheme) : undefined;
    const host = typeof action.host === 'string' ? twinString(action.host) : undefined;
    return twinCall(kplus.Probe, name, 'fromHttpGet', [twinString(action.path), twinObject([['port', port], ['scheme', scheme], ['host', host], ...timing])]);
  }
  if (actions[0] === 'tcpSocket' && Object.keys(action).every(k => ['port', 'host'].includes(k))) {
    const host = typeof action.host === 'string' ? twinString(action.host) : undefined;
    return twinCall(kplus.Probe, name, 'fromTcpSocket', [twinObject([['port', port], ['host', host], ...timing])]);
  }
  const command = action.command;
  if (actions[0] === 'exec' && Array.isArray(command) && command.every(c => typeof c === 'string') && Object.keys(action).length === 1) {
    const options = timing.some(([, v]) => v !== undefined) ? twinObject(timing) : undefined;
    return twinCall(kplus.Probe, name, 'fromCommand', [twin(command, () => json(command)), options]);
  }
  return undefined;
}

/** The probe as a service of the context writes it, or the library's errors about it there. */
function renderedProbe(prop: 'readinessProbe' | 'livenessProbe' | 'startupProbe', probe: kplus.Probe, context: ProbeContext)
  : { written?: unknown; errors: string[] } {
  const chart = new Chart(new App(), 'probe', { namespace: 'probe' });
  const service = new InferenceService(chart, 'probe', {
    version: context.version,
    deploymentMode: context.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
    predictor: {
      ...(context.container ? { container: context.container } : { model: Model.sklearn(StorageUri.parse('gs://probe/model')) }),
      [prop]: probe,
      ...(context.ports ? { ports: context.ports } : {}),
    },
  });
  const errors = service.node.validate();
  // Synthesizing a service the library rejects throws: the errors are the answer then.
  if (errors.length > 0) return { errors };
  const predictor = chart.toJson().find(o => o.kind === 'InferenceService')?.spec.predictor;
  return { written: (context.container ? predictor.containers[0] : predictor.model)[prop], errors };
}

/** The volume sources converted, with the cdk8s-plus factory of each and the source's own keys it takes. */
const VOLUME_KEYS: Record<string, string[]> = {
  configMap: ['name', 'defaultMode', 'optional'],
  secret: ['secretName', 'defaultMode', 'optional'],
  emptyDir: ['medium'],
  persistentVolumeClaim: ['claimName', 'readOnly'],
};
const MOUNT_KEYS = ['name', 'mountPath', 'readOnly', 'subPath'];

/**
 * `volumeMounts` of cdk8s-plus `Volume`s for the main container's mounts and the pod's `volumes`, when each volume
 * (a ConfigMap, Secret, emptyDir or claim, by name) is mounted exactly once by the main container, and the service
 * the library renders with them writes both lists back in the same order and passes its checks. Otherwise both stay
 * as written (noted).
 */
export function volumeMountsCode(volumes: unknown, mounts: unknown, context: ProbeContext, refs: PodRefs, t: FieldTracker,
  scope: ConvertScope): Code | undefined {
  if (!Array.isArray(mounts) || mounts.length === 0 || !Array.isArray(volumes)) return undefined;
  const field = 'spec.predictor.model.volumeMounts';
  const keep = (why: string) => {
    scope.note(`${why}; spec.predictor.volumes and ${field} are kept as written`, field);
    return undefined;
  };
  const named = new Map(volumes.filter(isObject).map(v => [v.name, v]));
  const used = mounts.map(m => (isObject(m) ? m.name : undefined));
  if (named.size !== volumes.length || used.length !== new Set(used).size || used.length !== named.size || !used.every(n => named.has(n))) {
    return keep('the converter converts volumes each mounted once by the model container, every mount of one of them');
  }
  const scratch = new Chart(new App(), 'probe');
  const twins: Twin[] = [];
  for (const mount of mounts as Array<Record<string, unknown>>) {
    const volume = volumeTwin(named.get(mount.name)!, scratch, refs);
    const options = Object.keys(mount).every(k => MOUNT_KEYS.includes(k)) && typeof mount.mountPath === 'string'
      && ['readOnly', 'subPath'].every(k => mount[k] === undefined || typeof mount[k] === (k === 'readOnly' ? 'boolean' : 'string'));
    if (!volume || !options) return keep(`the mount of '${String(mount.name)}' or its volume is not one cdk8s-plus writes (a configMap, secret, emptyDir or persistentVolumeClaim)`);
    twins.push(twinObject([
      ['volume', volume],
      ['path', twinString(mount.mountPath as string)],
      ['readOnly', typeof mount.readOnly === 'boolean' ? twin(mount.readOnly, () => json(mount.readOnly)) : undefined],
      ['subPath', typeof mount.subPath === 'string' ? twinString(mount.subPath) : undefined],
    ]));
  }
  const chart = new Chart(new App(), 'probe', { namespace: 'probe' });
  const service = new InferenceService(chart, 'probe', {
    version: context.version,
    deploymentMode: context.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
    predictor: { model: Model.sklearn(StorageUri.parse('gs://probe/model')), volumeMounts: twins.map(m => m.value as kplus.VolumeMount) },
  });
  const errors = service.node.validate();
  if (errors.length > 0) return keep(`the library rejects them: ${errors[0]}`);
  const predictor = chart.toJson().find(o => o.kind === 'InferenceService')?.spec.predictor;
  // cdk8s-plus writes a claim's readOnly: false, Kubernetes' default, when it is not given.
  const defaulted = volumes.filter(v => isObject(v.persistentVolumeClaim) && v.persistentVolumeClaim.readOnly === undefined).map(v => v.name);
  const expected = volumes.map(v => (defaulted.includes(v.name)
    ? { ...v, persistentVolumeClaim: { ...v.persistentVolumeClaim, readOnly: false } } : v));
  if (!equal(predictor.volumes, expected) || !equal(predictor.model.volumeMounts, mounts)) {
    return keep('cdk8s-plus does not write them back exactly');
  }
  if (defaulted.length > 0) {
    scope.note(`the claim volumes ${defaulted.map(n => `'${n}'`).join(', ')} are written with readOnly: false, Kubernetes' default`, 'spec.predictor.volumes');
  }
  t.map('/spec/predictor/volumes');
  t.map('/spec/predictor/model/volumeMounts');
  return twinList(twins).code(scope);
}

/** The cdk8s-plus Volume of a pod volume (its ConfigMap, Secret or claim by name); undefined for another source or key. */
function volumeTwin(volume: Record<string, unknown>, scratch: Chart, refs: PodRefs): Twin | undefined {
  const sources = Object.keys(volume).filter(k => k !== 'name');
  const kind = sources[0];
  const source = volume[kind];
  if (sources.length !== 1 || !VOLUME_KEYS[kind] || typeof volume.name !== 'string' || !isObject(source)) return undefined;
  if (!Object.keys(source).every(k => VOLUME_KEYS[kind].includes(k))) return undefined;
  const name = volume.name;
  const id = `${name}-volume`;
  const plain = (key: string, type: string) => (typeof source[key] === type ? twin(source[key], () => json(source[key])) : undefined);
  const factory = (method: string, args: Twin[]) => twinCall(kplus.Volume, s => s.kplus('Volume'), method, args);
  // The scope and id arguments: the scratch chart live, the app's chart and a fresh id in the code.
  const where = [twin(scratch, () => raw(refs.chart)), twin(id, () => str(refs.id(id)))];
  if (kind === 'configMap' && typeof source.name === 'string') {
    const options = twinObject([['name', twinString(name)], ['defaultMode', plain('defaultMode', 'number')], ['optional', plain('optional', 'boolean')]]);
    return factory('fromConfigMap', [...where, configMapByName(source.name, refs), options]);
  }
  if (kind === 'secret' && typeof source.secretName === 'string') {
    const options = twinObject([['name', twinString(name)], ['defaultMode', plain('defaultMode', 'number')], ['optional', plain('optional', 'boolean')]]);
    return factory('fromSecret', [...where, secretByName(source.secretName, refs), options]);
  }
  if (kind === 'emptyDir' && (source.medium === undefined || source.medium === 'Memory')) {
    const medium = source.medium === 'Memory' ? twinMember(kplus.EmptyDirMedium, s => s.kplus('EmptyDirMedium'), 'MEMORY') : undefined;
    return factory('fromEmptyDir', [...where, twinString(name), ...(medium ? [twinObject([['medium', medium]])] : [])]);
  }
  if (kind === 'persistentVolumeClaim' && typeof source.claimName === 'string') {
    const claim = kplus.PersistentVolumeClaim.fromClaimName(new Chart(new App(), 'probe'), 'claim', source.claimName);
    const claimTwin = twin(claim, s => call(`${s.kplus('PersistentVolumeClaim')}.fromClaimName`, raw(refs.chart),
      str(refs.id(`${source.claimName as string}-claim`)), str(source.claimName as string)));
    return factory('fromPersistentVolumeClaim', [...where, claimTwin, twinObject([['name', twinString(name)], ['readOnly', plain('readOnly', 'boolean')]])]);
  }
  return undefined;
}
