import * as fs from 'fs';
import { Include } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KServeVersion } from '../kserve-version';
import { release } from './release';
import { emit } from '../private/emit';
import { guardMethods } from '../private/shape';

interface CrdName {
  readonly plural: string;
  readonly kind: string;
  /** The served versions, the storage version last. */
  readonly versions: readonly string[];
  readonly clusterScoped: boolean;
  readonly shortNames?: string[];
  readonly status: boolean;
  /** @default 'serving.kserve.io' */
  readonly group?: string;
}

/** The name of a CRD (`<plural>.<group>`). */
const crdName = (crd: CrdName) => `${crd.plural}.${crd.group ?? 'serving.kserve.io'}`;

// The CRDs of KServe's core controller (config/crd/full at v0.13.1 and v0.20.0), as facts: names, scope,
// served version, short names and the status subresource. Which of them a release has is its `crds` (release.ts).
const KSERVE_CRDS: CrdName[] = [
  { plural: 'clusterservingruntimes', kind: 'ClusterServingRuntime', versions: ['v1alpha1'], clusterScoped: true, status: false },
  { plural: 'clusterstoragecontainers', kind: 'ClusterStorageContainer', versions: ['v1alpha1'], clusterScoped: true, status: false },
  { plural: 'inferencegraphs', kind: 'InferenceGraph', versions: ['v1alpha1'], clusterScoped: false, shortNames: ['ig'], status: true },
  { plural: 'inferenceservices', kind: 'InferenceService', versions: ['v1beta1'], clusterScoped: false, shortNames: ['isvc'], status: true },
  { plural: 'servingruntimes', kind: 'ServingRuntime', versions: ['v1alpha1'], clusterScoped: false, status: false },
  { plural: 'trainedmodels', kind: 'TrainedModel', versions: ['v1alpha1'], clusterScoped: false, shortNames: ['tm'], status: true },
];

// The LLMInferenceService controller's CRDs, as the config/llmisvc kustomization at v0.20.0 installs them: the two
// LLM CRDs (config/crd/full/llmisvc: v1alpha1 served, v1alpha2 stored, converted by the llmisvc webhook) and the
// InferencePool and llm-d CRDs KServe bundles (config/llmisvc/gateway-inference-extension.yaml).
const LLM_CRDS: CrdName[] = [
  { plural: 'llminferenceserviceconfigs', kind: 'LLMInferenceServiceConfig', versions: ['v1alpha1', 'v1alpha2'], clusterScoped: false, status: true },
  { plural: 'llminferenceservices', kind: 'LLMInferenceService', versions: ['v1alpha1', 'v1alpha2'], clusterScoped: false, shortNames: ['llmisvc'], status: true },
  { plural: 'inferencepools', group: 'inference.networking.k8s.io', kind: 'InferencePool', versions: ['v1'], clusterScoped: false, shortNames: ['infpool'], status: true },
  { plural: 'inferencepools', group: 'inference.networking.x-k8s.io', kind: 'InferencePool', versions: ['v1alpha2'], clusterScoped: false, shortNames: ['xinfpool'], status: true },
  { plural: 'inferencemodelrewrites', group: 'llm-d.ai', kind: 'InferenceModelRewrite', versions: ['v1alpha2'], clusterScoped: false, status: true },
  { plural: 'inferenceobjectives', group: 'llm-d.ai', kind: 'InferenceObjective', versions: ['v1alpha2'], clusterScoped: false, status: true },
];
// v0.17.1–v0.19.0 (parsed from config/crd/full/llmisvc and config/llmisvc/gateway-inference-extension.yaml at each tag):
// LLMInferenceServiceConfig has no status subresource yet, and the bundled CRDs are the Gateway API Inference Extension's
// (bundle v1.3.0 at v0.17.1, v1.3.1 at v0.18.1 and v0.19.0): InferencePool in both groups, and InferenceObjective,
// InferenceModelRewrite and InferencePoolImport in inference.networking.x-k8s.io (llm-d.ai's came at v0.20.0).
const LLM_CRDS_V0_17: CrdName[] = [
  { plural: 'llminferenceserviceconfigs', kind: 'LLMInferenceServiceConfig', versions: ['v1alpha1', 'v1alpha2'], clusterScoped: false, status: false },
  ...LLM_CRDS.filter(c => c.plural === 'llminferenceservices' || c.plural === 'inferencepools'),
  { plural: 'inferenceobjectives', group: 'inference.networking.x-k8s.io', kind: 'InferenceObjective', versions: ['v1alpha2'], clusterScoped: false, status: true },
  { plural: 'inferencemodelrewrites', group: 'inference.networking.x-k8s.io', kind: 'InferenceModelRewrite', versions: ['v1alpha2'], clusterScoped: false, status: true },
  { plural: 'inferencepoolimports', group: 'inference.networking.x-k8s.io', kind: 'InferencePoolImport', versions: ['v1alpha1'], clusterScoped: false, shortNames: ['infpimp'], status: true },
];
// v0.16.0 (parsed from v0.16.0:config/crd/full/llmisvc and v0.16.0:config/llmisvc/gateway-inference-extension.yaml):
// both LLM CRDs serve and store v1alpha1 alone (no conversion), LLMInferenceServiceConfig without status; the bundled
// CRDs are Gateway API Inference Extension v0.3.0's InferenceModel and InferencePool, v1alpha2, without short names.
const LLM_CRDS_V0_16: CrdName[] = [
  { plural: 'llminferenceserviceconfigs', kind: 'LLMInferenceServiceConfig', versions: ['v1alpha1'], clusterScoped: false, status: false },
  { plural: 'llminferenceservices', kind: 'LLMInferenceService', versions: ['v1alpha1'], clusterScoped: false, shortNames: ['llmisvc'], status: true },
  { plural: 'inferencemodels', group: 'inference.networking.x-k8s.io', kind: 'InferenceModel', versions: ['v1alpha2'], clusterScoped: false, status: true },
  { plural: 'inferencepools', group: 'inference.networking.x-k8s.io', kind: 'InferencePool', versions: ['v1alpha2'], clusterScoped: false, status: true },
];
// Per release, keyed by its name (the core install data is in src/install/release.ts; this part keeps its own table).
const LLM_CRDS_BY_RELEASE: ReadonlyMap<string, CrdName[]> = new Map([
  ['v0.16.0', LLM_CRDS_V0_16], ['v0.17.1', LLM_CRDS_V0_17], ['v0.18.1', LLM_CRDS_V0_17], ['v0.19.0', LLM_CRDS_V0_17], ['v0.20.0', LLM_CRDS],
]);
/** The LLM CRDs of `version`'s LLM controller part (none where the library does not install it). */
const llmCrds = (version: KServeVersion): CrdName[] => LLM_CRDS_BY_RELEASE.get(version.name) ?? [];

/** The LLM CRDs KServe converts between v1alpha1 and v1alpha2 (config/crd/full/llmisvc/*_conversion_webhook_patch.yaml). */
const CONVERTED = new Set(['llminferenceservices', 'llminferenceserviceconfigs']);
/** Whether the CRD converts through the llmisvc webhook: from v0.17.1, which serves both versions (v0.16.0's have one). */
const converts = (crd: CrdName) => CONVERTED.has(crd.plural) && crd.versions.length > 1;

// The local model cache CRDs (all v1alpha1; scope and status the same at every release that has them,
// /work/shared/schemas/kserve/<tag>/serving.kserve.io_localmodel*.yaml). A release's core `crds` may hold some of them
// (v0.14.1–v0.16.0 ship three in config/crd/full; the library's v0.20 entry lists localmodelcaches); the local model
// part adds the rest of the release's (localModelCrds).
const LOCAL_MODEL_CRDS: CrdName[] = [
  { plural: 'localmodelcaches', kind: 'LocalModelCache', versions: ['v1alpha1'], clusterScoped: true, status: true },
  { plural: 'localmodelnamespacecaches', kind: 'LocalModelNamespaceCache', versions: ['v1alpha1'], clusterScoped: false, status: true },
  { plural: 'localmodelnodegroups', kind: 'LocalModelNodeGroup', versions: ['v1alpha1'], clusterScoped: true, status: false },
  { plural: 'localmodelnodes', kind: 'LocalModelNode', versions: ['v1alpha1'], clusterScoped: true, status: true },
];


/**
 * The optional parts of the install whose CRDs are added to the release's.
 * @internal
 * @category Install
 */
export interface CrdParts {
  /** The LLMInferenceService controller: where its CRD conversion webhook is served, and how its CA is trusted. */
  readonly llm?: {
    readonly namespace: string;
    readonly service: string;
    /** `<namespace>/<certificate>` for cert-manager's CA injector. */
    readonly injectCaFrom?: string;
    readonly caBundle?: string;
  };
  /** The local model controller and node agent. */
  readonly localModels?: boolean;
}

/** The local model CRDs the local model part adds to the release's core ones. */
function localModelCrds(version: KServeVersion): CrdName[] {
  const core = release(version).crds;
  // Facts localModelCache (the three cluster-scoped CRDs: config/crd/full at v0.14.1–v0.16.0, config/crd/full/localmodel
  // from v0.17.1) and localModelNamespaceCache (localmodelnamespacecaches, from v0.18.0).
  const has = (c: CrdName) => (c.plural === 'localmodelnamespacecaches' ? version._facts.localModelNamespaceCache : version._facts.localModelCache);
  return LOCAL_MODEL_CRDS.filter(c => has(c) && !core.includes(c.plural));
}

function installedCrds(version: KServeVersion, parts: CrdParts): CrdName[] {
  const served = release(version).crds;
  return [
    ...[...KSERVE_CRDS, ...LOCAL_MODEL_CRDS].filter(c => served.includes(c.plural)).sort((a, b) => (a.plural < b.plural ? -1 : 1)),
    ...(parts.llm ? llmCrds(version) : []),
    ...(parts.localModels ? localModelCrds(version) : []),
  ];
}

/**
 * Our own safety rules for a CRD file and the install's optional controllers: the file must hold the CRDs they add
 * (their custom resources fail with "no matches for kind" otherwise), and the LLM CRDs' conversion webhook must call the
 * install's llmisvc webhook Service (KServe's release file names namespace `kserve`; the apiserver would convert
 * v1alpha1 requests through a Service that does not exist).
 */
function optionalCrdErrors(file: string, crds: any[], parts: CrdParts, version: KServeVersion): string[] {
  const errors: string[] = [];
  const byName = new Map(crds.map(crd => [crd.metadata?.name, crd]));
  const need = (option: string, list: CrdName[]) => {
    const missing = list.map(crdName).filter(name => !byName.has(name));
    if (missing.length > 0) {
      errors.push(`crds: CrdSource.fromFile('${file}') lacks ${missing.join(', ')}, which ${option} needs; add them to the file `
        + '(the release\'s CRDs), or use CrdSource.minimal()');
    }
  };
  if (parts.llm) need('llmInferenceServiceController', llmCrds(version));
  if (parts.localModels) need('localModelController', localModelCrds(version));
  for (const crd of llmCrds(version).filter(c => parts.llm && converts(c))) {
    const service = byName.get(crdName(crd))?.spec?.conversion?.webhook?.clientConfig?.service;
    if (byName.has(crdName(crd)) && (service?.name !== parts.llm!.service || service?.namespace !== parts.llm!.namespace)) {
      errors.push(`crds: CrdSource.fromFile('${file}'): ${crdName(crd)} converts through `
        + `${service ? `Service '${service.namespace}/${service.name}'` : 'no conversion webhook'}; the install serves it at `
        + `'${parts.llm!.namespace}/${parts.llm!.service}' (spec.conversion.webhook.clientConfig.service)`);
    }
  }
  return errors;
}

/**
 * The names of the CRDs an install with `parts` needs (`<plural>.<group>`).
 * @internal
 *
 * @example
 * // The CRDs to wait for before applying an install with the local model controller.
 * const crdNames = installCrdNames(KServeVersion.V0_20, { localModels: true });
 * const waitCommand = `kubectl wait --for=condition=Established ${crdNames.map(name => `crd/${name}`).join(' ')}`;
 * @category Install
 */
export function installCrdNames(version: KServeVersion, parts: CrdParts): string[] {
  const core = release(version).crds.map(plural => `${plural}.serving.kserve.io`);
  return [...core, ...installedCrds(version, parts).map(crdName).filter(name => !core.includes(name))];
}

enum CrdMode {
  NONE = 'none',
  FILE = 'file',
  MINIMAL = 'minimal',
}

/**
 * How the KServe CRDs are installed.
 *
 * The full InferenceService CRD is 1-2 MB: `kubectl apply` (client-side) fails on it with
 * "metadata.annotations: Too long". Apply the CRD output with `kubectl apply --server-side`, or let
 * Argo CD / Flux apply it server-side.
 *
 * @example
 * // Small structural CRDs, applied with a plain client-side `kubectl apply`.
 * new KServeInstall(app, 'kserve', { crds: CrdSource.minimal() });
 * @category Install
 */
export class CrdSource {
  /**
   * The CRDs are installed separately (e.g. by the platform team's own pipeline); nothing is emitted.
   *
   * @example
   * // The platform team's pipeline applies KServe's CRDs; the app installs the rest.
   * new KServeInstall(app, 'kserve', { crds: CrdSource.none() });
   */
  public static none(): CrdSource {
    return new CrdSource(CrdMode.NONE);
  }

  /**
   * The CRDs from a YAML file you provide, such as the release's CRD manifest downloaded into your
   * repository; it is read when the install is constructed and emitted unchanged. A missing file,
   * a directory or a file without objects fails synth with an error naming `crds`.
   * @param path a local file path, relative to the working directory (or an http(s) URL reachable at synth)
   *
   * @example
   * // In your app: the release's CRD file in the repository, e.g. CrdSource.fromFile('crds/kserve-v0.20.0-crds.yaml').
   * // So that this example runs anywhere, a first synth of the library's CRDs stands in for that file.
   * const release = new App({ outdir: `${app.outdir}/release` });
   * new KServeInstall(release, 'kserve', { standardRuntimes: false });
   * release.synth();
   * new KServeInstall(app, 'kserve', { crds: CrdSource.fromFile(`${release.outdir}/0000-kserve-crds-c8554ba6.k8s.yaml`) });
   */
  public static fromFile(path: string): CrdSource {
    return new CrdSource(CrdMode.FILE, path);
  }

  /**
   * CRDs generated by the library in a minimal structural form: names, scope, versions and the status
   * subresource, with schemas that accept any fields (like KServe's `kserve-crd-minimal` chart). Small
   * enough for client-side apply, but the apiserver then validates nothing: keep synth-time validation.
   *
   * @example
   * new KServeInstall(app, 'kserve', {
   *   crds: CrdSource.minimal(),
   *   llmInferenceServiceController: true, // adds the LLMInferenceService, InferencePool and llm-d CRDs
   * });
   */
  public static minimal(): CrdSource {
    return new CrdSource(CrdMode.MINIMAL);
  }

  private constructor(private readonly mode: CrdMode, private readonly path?: string) {}

  /** `none`, `file` or `minimal`. */
  public get kind(): string {
    return this.mode;
  }

  /**
   * Adds the CRD objects to `scope`; returns the problems to report at synth.
   * @internal
   */
  public _bind(scope: Construct, version: KServeVersion, parts: CrdParts = {}): string[] {
    if (this.mode === CrdMode.FILE) {
      const given = this.path!;
      let url = given;
      if (!/^https?:\/\//i.test(given)) {
        // cdk8s's loader reads the path only when lstat says it is a regular file; a missing path ends in "unable to
        // determine protocol from url" without naming the construct, and a directory or symlink yields nothing.
        let stat: fs.Stats;
        try {
          stat = fs.statSync(given);
        } catch {
          return [`crds: CrdSource.fromFile('${given}'): no such file (relative paths resolve against '${process.cwd()}')`];
        }
        if (!stat.isFile()) return [`crds: CrdSource.fromFile('${given}') is not a file; give the path of a YAML manifest`];
        url = fs.realpathSync(given);
      }
      const include = new Include(scope, 'Crds', { url });
      if (include.apiObjects.length === 0) {
        return [`crds: CrdSource.fromFile('${given}') holds no Kubernetes objects; use CrdSource.none() to install no CRDs`];
      }
      return optionalCrdErrors(given, include.apiObjects.filter(o => o.kind === 'CustomResourceDefinition').map(o => o.toJson()), parts, version);
    } else if (this.mode === CrdMode.MINIMAL) {
      for (const crd of installedCrds(version, parts)) {
        const group = crd.group ?? 'serving.kserve.io';
        const conversion = converts(crd) ? parts.llm : undefined;
        emit(scope, crd.group ? `${crd.plural}.${crd.group}` : crd.plural, k8s.KubeCustomResourceDefinition, k8s.toJson_KubeCustomResourceDefinitionProps, {
          metadata: {
            name: crdName(crd),
            annotations: conversion?.injectCaFrom ? { 'cert-manager.io/inject-ca-from': conversion.injectCaFrom } : undefined,
          },
          spec: {
            group,
            names: { kind: crd.kind, plural: crd.plural, singular: crd.kind.toLowerCase(), listKind: `${crd.kind}List`, shortNames: crd.shortNames },
            scope: crd.clusterScoped ? 'Cluster' : 'Namespaced',
            versions: crd.versions.map((name, i) => ({
              name,
              served: true,
              storage: i === crd.versions.length - 1,
              schema: { openApiv3Schema: { type: 'object', xKubernetesPreserveUnknownFields: true } },
              subresources: crd.status ? { status: {} } : undefined,
            })),
            conversion: conversion ? {
              strategy: 'Webhook',
              webhook: {
                clientConfig: { service: { name: conversion.service, namespace: conversion.namespace, path: '/convert', port: 443 }, caBundle: conversion.caBundle },
                conversionReviewVersions: ['v1', 'v1beta1'],
              },
            } : undefined,
          },
        });
      }
    }
    return [];
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(CrdSource);
