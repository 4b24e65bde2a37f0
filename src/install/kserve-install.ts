import { ApiObject, App, Chart, Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { writeApplyScript } from './apply-script';
import { CrdParts, CrdSource, installCrdNames } from './crd-source';
import { InferenceServiceConfigOptions, renderInferenceServiceConfig, validateInferenceServiceConfig } from './inference-service-config';
import { imagesErrors, KServeInstallImages, ResolvedImages, resolveImages } from './install-images';
import { buildLlmController, ControllerContext, ControllerObjects, LLM_CERTIFICATE, LLM_CONTROLLER, LLM_WEBHOOK_SERVICE, llmInstall } from './llm-controller';
import { presetImages } from './llm-preset-releases';
import { addLlmPresets, presetSafetyFindings } from './llm-presets';
import { buildLocalModelController, LOCAL_MODEL_CERTIFICATE, LOCAL_MODEL_CONTROLLER, localModelCacheWebhook, localModelInstall, LocalModelObjects } from './local-model-controller';
import { LEADER_ELECTION_RULES, managerRules, PROXY_RULES } from './rbac-rules';
import { release, ReleaseInstall } from './release';
import { WebhookCertificates } from './webhook-certificates';
import { KServeDefaults } from '../kserve-defaults';
import { isClusterScopedKind } from '../private/cluster-scoped';
import { clusterScoped, emit } from '../private/emit';
import { alwaysEscapeWithin, CrdsFolderChart, helmLayout } from '../private/helm';
import { certificate, issuer, storageContainer } from '../private/l1-runtime.generated';
import { modelcarErrors } from '../private/modelcars';
import { overwriteErrors } from '../private/overwritten-input';
import { AppRegistry } from '../private/registry';
import { firstRelease, minorName } from '../private/releases';
import { renderResources, validateResources } from '../private/resources';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, imageErrors, isImageRepository, namespaceErrors } from '../private/validation';
import { ClusterServingRuntime, ClusterServingRuntimeProps } from '../runtimes/cluster-serving-runtime';
import { ServingRuntimeOptions } from '../runtimes/runtime-definition';
import { RuntimeIndex } from '../runtimes/runtime-selection';
import { ServingRuntimeBase } from '../runtimes/serving-runtime-base';
import { standardRuntimes, withReleaseVolumes } from '../runtimes/standard-runtimes';

/**
 * Props of a KServe installation.
 * @category Install
 */
export interface KServeInstallProps {
  /**
   * The KServe release to install.
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;

  /**
   * The control-plane namespace. Webhook Service, certificate DNS names and CA injection follow it.
   * @default 'kserve'
   */
  readonly namespace?: string;

  /**
   * How CRDs are installed.
   * @default CrdSource.minimal()
   */
  readonly crds?: CrdSource;

  /**
   * How the webhook server gets its certificate.
   * @default WebhookCertificates.certManager()
   */
  readonly webhookCertificates?: WebhookCertificates;

  /**
   * The controller image repository, without a tag or digest (`registry.example.com/mirror/kserve-controller`);
   * the tag is always the release (`<repository>:v0.20.0`).
   * @default 'kserve/kserve-controller'
   * @deprecated use `images.controller`, a full pinned reference; giving both is a synth error.
   */
  readonly controllerImage?: string;

  /**
   * Replacement images (controller, kube-rbac-proxy, storage initializer, agent, router and the standard
   * runtimes), each a full reference pinned with a tag or digest.
   * @default - the release's images
   */
  readonly images?: KServeInstallImages;

  /**
   * Resources of the controller manager.
   * @default - requests 100m / 200Mi, limits 100m / 300Mi (the release's)
   */
  readonly controllerResources?: ContainerResources;

  /**
   * Settings of the `inferenceservice-config` ConfigMap.
   * @default - the release defaults
   */
  readonly config?: InferenceServiceConfigOptions;

  /**
   * Install the release's standard ClusterServingRuntimes.
   * @default true
   */
  readonly standardRuntimes?: boolean;

  /**
   * Names of standard runtimes to leave out (e.g. `kserve-tritonserver`).
   * @default - none
   */
  readonly excludeRuntimes?: string[];

  /**
   * Escape Go-template text (KServe's own `{{.Name}}` placeholders in runtime arguments, the ingress `domainTemplate`,
   * the LLM presets' templates, and any `{{` in the values you give) in every object of the install, so that Helm
   * renders it literally. An app written as a Helm chart (`cdk8s synth --format helm`, or the context
   * `cdk8s-kserve:helm` set to `true`) escapes every object of the library already: this prop is only needed when the
   * plain output becomes a Helm chart by other means. `false` in an app written as a Helm chart is a synth error.
   * @default - true when the app is written as a Helm chart, otherwise false
   */
  readonly helmCompatible?: boolean;

  /**
   * Add Argo CD `sync-wave` annotations (CRDs -2, control plane -1, runtimes 0) so one Application
   * applies everything in order.
   * @default false
   */
  readonly argoCdSyncWaves?: boolean;

  // ---- LLM serving and the local model cache (issue #17, install slice).

  /**
   * Install the LLMInferenceService controller, as the release's `config/llmisvc` does: the `llmisvc-controller-manager`
   * Deployment, its ServiceAccount and RBAC, metrics and webhook Services, a cert-manager Certificate (per
   * `webhookCertificates`), the validating and mutating webhooks of LLMInferenceService and LLMInferenceServiceConfig,
   * and the CRDs: LLMInferenceService and LLMInferenceServiceConfig (v1alpha1 and v1alpha2, converted by the
   * controller's webhook; v1alpha1 alone on v0.16) and the InferencePool and llm-d CRDs KServe bundles. KServe v0.16 or
   * later, as each release ships it (v1alpha1 webhooks only and Gateway API Inference Extension v0.3.0's InferencePool
   * and InferenceModel on v0.16, no defaulting webhook before v0.19, Gateway API Inference Extension CRDs instead of
   * llm-d's before v0.20, the release's RBAC), with the release's presets (see `llmPresets`).
   * @default false
   */
  readonly llmInferenceServiceController?: boolean;

  /**
   * Install the release's `kserve-config-llm-*` LLMInferenceServiceConfig presets (`config/llmisvcconfig`) in the
   * runtimes chart, in the control-plane namespace, where LLMInferenceServices find them. Needs
   * `llmInferenceServiceController`; each release's own (eight presets; v0.20.0 adds the scheduler latency predictor and
   * tracing presets; v1alpha1 on v0.16.0). KServe v0.16.0's and v0.17.1's presets are less safe than the newer ones
   * (vLLM and the routing sidecar with `runAsNonRoot: false`, the data-parallel vLLM with `--trust-remote-code`, the
   * decode sidecar without a seccomp profile, vLLM over plain HTTP), so on those releases you choose: `true` installs
   * them as the release ships them, `false` none; leaving it unset is a synth error.
   * @default - true when `llmInferenceServiceController` is on, from KServe v0.18.1; on v0.16.0 and v0.17.1 no default
   * (a synth error asks for true or false)
   */
  readonly llmPresets?: boolean;

  /**
   * Install the local model cache, as the release's `config/localmodels` does: the
   * `kserve-localmodel-controller-manager` Deployment and its LocalModelCache validating webhook, the
   * `kserve-localmodelnode-agent` DaemonSet (on nodes labelled `kserve/localmodel: worker`, models in the host's
   * `/models`), their ServiceAccounts and RBAC, a Certificate, and the local model CRDs the core does not hold
   * (LocalModelNamespaceCache from v0.18, LocalModelNodeGroup, LocalModelNode). KServe v0.14 or later, as each release
   * ships it: up to v0.16 the core manager serves the LocalModelCache validator (the core install has it, with the
   * LocalModelCache CRD, whether this is on or not), and the controller has no webhook Service, Certificate or probes.
   * @default false
   */
  readonly localModelController?: boolean;
}

const CONTROLLER = 'kserve-controller-manager';
const WEBHOOK_SERVICE = 'kserve-webhook-server-service';
const WEBHOOK_SECRET = 'kserve-webhook-server-cert';
const CERTIFICATE = 'serving-cert';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
// In a Helm chart the runtimes stage is a post-install/post-upgrade hook: with `helm install --wait` Helm creates it once
// the release's Deployments (the controllers serving the webhooks) are Available (helm.sh, "Chart Hooks"). The delete
// policy is Helm's default, written out: the hook objects are replaced on each upgrade.
const HELM_HOOK = 'helm.sh/hook';
const RUNTIMES_HOOK: Record<string, string> = {
  [HELM_HOOK]: 'post-install,post-upgrade',
  'helm.sh/hook-weight': '0',
  'helm.sh/hook-delete-policy': 'before-hook-creation',
};
const PROXY_RESOURCES: ContainerResources = {
  cpu: { request: Cpu.millis(10), limit: Cpu.millis(100) },
  memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
};
// The storage initializer's resources (config/storagecontainers/default.yaml, same at both tags).
const STORAGE_INITIALIZER_RESOURCES: ContainerResources = {
  cpu: { request: Cpu.millis(100), limit: Cpu.units(1) },
  memory: { request: Size.mebibytes(100), limit: Size.gibibytes(1) },
};

// The installs of each app, in construction order.
const INSTALLS = new AppRegistry<KServeInstall>();

/**
 * KServe itself, as three charts applied in order: `crds`, `controlPlane` (namespace, controller,
 * RBAC, webhooks with cert-manager, `inferenceservice-config`) and `runtimes` (ClusterServingRuntimes
 * and the default ClusterStorageContainer). Synthesized with `FILE_PER_CHART`, they become numbered
 * files; make your model charts depend on `runtimes` (`chart.addDependency(install.runtimes)`) so the
 * webhooks exist before InferenceServices are applied, and apply them with the `apply.sh` that
 * `KServeInstall.writeApplyScript(app)` writes (a single `kubectl apply` of the folder fails on a fresh cluster).
 *
 * Covers the core controller of each release's install (`config/default` at v0.13.1, the kserve
 * component of `config/overlays/all` at v0.20.0) and, as options, the llmisvc and localmodel
 * components (`llmInferenceServiceController`, `llmPresets`, `localModelController`).
 *
 * Escape hatches: `controllerDeployment`, `controllerServiceAccount`, `inferenceServiceConfigMap`,
 * `webhookConfigurations`, `storageContainer`, each runtime's `apiObject` and, with the options, `llmControllerDeployment`,
 * `llmPresetConfigs`, `localModelControllerDeployment` and `localModelNodeAgent`; JSON patches apply last and reach the
 * YAML unchanged.
 *
 * @example
 * const kserve = new KServeInstall(app, 'kserve', {
 *   config: { ingress: { domain: 'models.example.com', urlScheme: 'https' } },
 *   excludeRuntimes: ['kserve-tritonserver'],
 * });
 * // The models are applied after the runtimes, once the webhooks exist.
 * chart.addDependency(kserve.runtimes);
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 * });
 * @category Install
 */
export class KServeInstall extends Construct {
  /**
   * Writes `apply.sh` into `outdir` (the app's output directory by default), next to the YAML: a POSIX shell
   * script that applies the app's files in stages with the `kubectl wait` each stage needs — CRDs, then
   * `Established`; the control plane, then the webhook Certificates `Ready` and the controller Deployments
   * `Available`; the runtimes and then the app's other charts, retried while the KServe webhook cannot be
   * called yet. One `kubectl apply` of the whole folder fails on a fresh cluster. Call it after `app.synth()`;
   * the app must hold exactly one KServeInstall and write one file (or folder) per chart.
   *
   * An app written as a Helm chart gets no script: the chart carries the order itself (CRDs in `crds/`, the runtimes as
   * a post-install hook), and `helm install --wait` applies it.
   * @returns the file written; undefined when the app is written as a Helm chart
   *
   * @example
   * const kserve = new KServeInstall(app, 'kserve');
   * chart.addDependency(kserve.runtimes);
   * const iris = new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   * app.synth();
   * const script = KServeInstall.writeApplyScript(app); // app.outdir/apply.sh: run it with `sh`
   */
  public static writeApplyScript(app: App, outdir: string = app.outdir): string | undefined {
    if (helmLayout(app)) return undefined;
    const installs = INSTALLS.all(app);
    // Our own rule: the script is the staged apply of one install.
    if (installs.length !== 1) {
      throw new Error(`KServeInstall.writeApplyScript(app): the app holds ${installs.length} KServeInstalls (${installs.map(i => `'${i.node.path}'`).join(', ')}); `
        + 'it writes the apply steps of an app with exactly one');
    }
    const install = installs[0];
    return writeApplyScript(app, outdir, {
      versionName: install.version.name,
      crds: install.crds,
      controlPlane: install.controlPlane,
      runtimes: install.runtimes,
      namespace: install.namespace,
      controllerDeployments: [CONTROLLER, ...install.installsLlm ? [LLM_CONTROLLER] : [],
        ...install.installsLocalModels ? [LOCAL_MODEL_CONTROLLER] : []],
      certificates: install.certificates.usesCertManager
        ? [CERTIFICATE, ...install.installsLlm ? [LLM_CERTIFICATE] : [],
          // The local model controller has its own Certificate from v0.17.1 (before, the core manager serves its webhook).
          ...install.installsLocalModels && localModelInstall(install.version)?.webhook === 'controller' ? [LOCAL_MODEL_CERTIFICATE] : []]
        : [],
      crdNames: installCrdNames(install.version, install.crdParts()),
    });
  }

  /**
   * Problems of a service with the app's installs: one of its version must exist and offer it a runtime (our own
   * safety rule: another release's controller would reconcile it, with that release's rules).
   */
  private static serviceErrors(isvc: InferenceService, installs: readonly KServeInstall[]): string[] {
    const answering = installs.find(i => i.version === isvc.version);
    if (!answering) {
      return [`version: the service targets KServe ${isvc.version.name} but the app installs only `
        + installs.map(i => `${i.version.name} (KServeInstall '${i.node.path}')`).join(', ')];
    }
    return [...answering.runtimeErrors(isvc, installs), ...answering.modelcarErrors(isvc)];
  }

  /** The CRDs chart (apply first, with `kubectl apply --server-side` for full CRDs). */
  public readonly crds: Chart;
  /** The control-plane chart. */
  public readonly controlPlane: Chart;
  /** The serving runtimes chart. */
  public readonly runtimes: Chart;
  /** The release installed. */
  public readonly version: KServeVersion;
  /** The control-plane namespace. */
  public readonly namespace: string;
  /** The webhook Service's DNS name, which the certificate must cover. */
  public readonly webhookServiceHost: string;
  /**
   * Escape hatch to the controller Deployment (for example to add tolerations or a node selector). Patches reach the
   * YAML as written; the install's own checks still run on its props.
   */
  public readonly controllerDeployment: ApiObject;
  /** Escape hatch to the controller's ServiceAccount (for example to add a cloud identity annotation). */
  public readonly controllerServiceAccount: ApiObject;
  /** Escape hatch to the `inferenceservice-config` ConfigMap, for settings `config` does not model. */
  public readonly inferenceServiceConfigMap: ApiObject;
  /** Escape hatch to the webhook configurations: the mutating one first, then the validators. */
  public readonly webhookConfigurations: ApiObject[];
  /** Escape hatch to the default ClusterStorageContainer (the storage initializer's image and resources). */
  public readonly storageContainer: ApiObject;
  /**
   * Escape hatches to the `kserve-config-llm-*` LLMInferenceServiceConfig presets, in the runtimes chart.
   * @default - empty unless the presets are installed (`llmPresets`)
   */
  public readonly llmPresetConfigs: ApiObject[];
  /**
   * Escape hatch to the LLMInferenceService controller Deployment.
   * @default - undefined unless `llmInferenceServiceController` is on
   */
  public readonly llmControllerDeployment?: ApiObject;
  /**
   * Escape hatch to the local model controller Deployment.
   * @default - undefined unless `localModelController` is on
   */
  public readonly localModelControllerDeployment?: ApiObject;
  /**
   * Escape hatch to the local model node agent DaemonSet (for example to change its node selector).
   * @default - undefined unless `localModelController` is on
   */
  public readonly localModelNodeAgent?: ApiObject;

  private readonly props: KServeInstallProps;
  /** The release's install data (images, probes, RBAC, config and runtime differences). */
  private readonly release: ReleaseInstall;
  private readonly certificates: WebhookCertificates;
  private readonly images: ResolvedImages;
  private readonly installedRuntimes: ClusterServingRuntime[] = [];
  /** The names of the standard runtimes the install created. */
  private readonly installedStandardNames = new Set<string>();
  private readonly setupErrors: string[] = [];
  /** The LLMInferenceService controller is installed. */
  private readonly installsLlm: boolean;
  /** The local model controller and agent are installed. */
  private readonly installsLocalModels: boolean;
  private runtimeIndex?: RuntimeIndex;

  constructor(scope: Construct, id: string, props: KServeInstallProps = {}) {
    super(scope, id);
    props = checkProps(this, 'KServeInstall', props);
    this.props = props;
    this.version = props.version ?? KServeDefaults._of(this).version;
    this.release = release(this.version);
    this.certificates = props.webhookCertificates ?? WebhookCertificates.certManager();
    this.images = resolveImages(this.version, props.images, props.controllerImage);
    this.namespace = props.namespace ?? 'kserve';
    this.webhookServiceHost = `${WEBHOOK_SERVICE}.${this.namespace}.svc`;

    // The optional controllers exist on releases that have their CRDs; on others the props are a synth error (validate).
    this.installsLlm = props.llmInferenceServiceController === true && llmInstall(this.version) !== undefined;
    this.installsLocalModels = props.localModelController === true && localModelInstall(this.version) !== undefined;

    // Helm output: every object of the install is escaped (the app's mode, or helmCompatible); the CRDs go to crds/.
    if (props.helmCompatible === true) alwaysEscapeWithin(this);
    this.crds = new CrdsFolderChart(this, 'crds', { disableResourceNameHashes: true });
    this.setupErrors.push(...(props.crds ?? CrdSource.minimal())._bind(this.crds, this.version, this.crdParts()));
    for (const crd of this.crds.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      this.syncWave(crd, '-2', `crds: ${crd.kind} '${crd.name}' metadata.annotations`);
    }

    this.controlPlane = new Chart(this, 'control-plane', { namespace: this.namespace, disableResourceNameHashes: true });
    this.controlPlane.addDependency(this.crds);
    const controlPlane = this.buildControlPlane();
    this.controllerDeployment = controlPlane.deployment;
    this.controllerServiceAccount = controlPlane.serviceAccount;
    this.inferenceServiceConfigMap = controlPlane.configMap;
    this.webhookConfigurations = controlPlane.webhooks;
    this.llmControllerDeployment = controlPlane.llm?.deployment;
    this.localModelControllerDeployment = controlPlane.localModels?.deployment;
    this.localModelNodeAgent = controlPlane.localModels?.agent;

    this.runtimes = new Chart(this, 'runtimes', { disableResourceNameHashes: true });
    this.runtimes.addDependency(this.controlPlane);
    this.storageContainer = this.buildStorageContainer();
    const presets = this.installsLlm ? llmInstall(this.version)!.presets : undefined;
    // A release whose presets are less safe than our defaults writes them only when asked (llmPresets: true).
    this.llmPresetConfigs = presets && (props.llmPresets ?? presetSafetyFindings(presets).length === 0)
      ? addLlmPresets(this.runtimes, this.namespace, presets, this.images.llmPresets)
      : [];
    for (const preset of this.llmPresetConfigs) {
      this.syncWave(preset, '0');
      this.helmHook(preset);
    }
    if (props.standardRuntimes ?? true) {
      const excluded = new Set(props.excludeRuntimes ?? []);
      for (const runtime of standardRuntimes(this.version).filter(r => !excluded.has(r.name!))) {
        const image = this.images.runtimes[runtime.name!];
        const options = typeof image === 'string' ? { ...runtime, container: { ...runtime.container, image } } : runtime;
        this.addRuntime(runtime.name!, withReleaseVolumes(this.runtimes, this.version, options));
        this.installedStandardNames.add(runtime.name!);
      }
    }
    addValidationOnce(this, () => this.validate());
    // One check per app, registered by its first install and reported on each service: the install of the
    // service's version answers it.
    if (INSTALLS.all(this).length === 0) InferenceService._addAppCheck(this, isvc => KServeInstall.serviceErrors(isvc, INSTALLS.all(isvc)));
    INSTALLS.add(this, this);
  }

  /** The ClusterServingRuntimes the install creates. */
  public get clusterServingRuntimes(): ClusterServingRuntime[] {
    return [...this.installedRuntimes];
  }

  /** Adds a ClusterServingRuntime to the runtimes chart; it is checked against the install's KServe version. */
  public addRuntime(id: string, options: ServingRuntimeOptions): ClusterServingRuntime {
    const props: ClusterServingRuntimeProps = { ...options, version: this.version };
    const runtime = new ClusterServingRuntime(this.runtimes, id, props);
    this.installedRuntimes.push(runtime);
    this.syncWave(runtime.apiObject, '0', `addRuntime('${id}'): annotations`);
    this.helmHook(runtime.apiObject, `addRuntime('${id}'): annotations`);
    return runtime;
  }

  /**
   * Makes `object` (of the runtimes stage) a Helm post-install hook when the app is written as a Helm chart. A hook
   * annotation already on the object would be replaced: our own rule makes a different one an error.
   */
  private helmHook(object: ApiObject, field?: string): void {
    if (!helmLayout(this)) return;
    const annotations = object.metadata.toJson().annotations ?? {};
    for (const [key, value] of Object.entries(RUNTIMES_HOOK)) {
      if (annotations[key] !== undefined) {
        this.setupErrors.push(...overwriteErrors(key, value, 'the Helm chart output', [{ field: field ?? `${object.kind} '${object.name}' annotations`, value: annotations[key] }],
          'Helm creates the runtimes after the control plane serves its webhooks'));
      }
      object.metadata.addAnnotation(key, value);
    }
  }

  /**
   * Gives `object` the Argo CD sync wave `wave` when `argoCdSyncWaves` is on. A wave already on the object (a runtime's
   * `annotations`, a CRD file's) would be replaced: our own rule makes a different one an error.
   */
  private syncWave(object: ApiObject, wave: string, field?: string): void {
    if (this.props.argoCdSyncWaves) {
      const given = object.metadata.toJson().annotations?.[SYNC_WAVE];
      if (given !== undefined) {
        this.setupErrors.push(...overwriteErrors(SYNC_WAVE, wave, 'argoCdSyncWaves', [{ field: field ?? `${object.kind} '${object.name}' annotations`, value: given }],
          'the install orders what Argo CD applies by wave'));
      }
      object.metadata.addAnnotation(SYNC_WAVE, wave);
    }
  }

  /** The CRDs the optional controllers add, and where the LLM CRDs' conversion webhook is served. */
  private crdParts(): CrdParts {
    const certs = this.certificates;
    return {
      llm: this.installsLlm ? {
        namespace: this.namespace,
        service: LLM_WEBHOOK_SERVICE,
        injectCaFrom: certs.usesCertManager ? `${this.namespace}/${LLM_CERTIFICATE}` : undefined,
        caBundle: certs.caBundle,
      } : undefined,
      localModels: this.installsLocalModels,
    };
  }

  private buildControlPlane(): {
    deployment: ApiObject;
    serviceAccount: ApiObject;
    configMap: ApiObject;
    webhooks: ApiObject[];
    llm?: ControllerObjects;
    localModels?: LocalModelObjects;
  } {
    const scope = this.controlPlane;
    const ns = this.namespace;
    const labels = { 'control-plane': CONTROLLER, 'controller-tools.k8s.io': '1.0' };
    const objects: ApiObject[] = [];
    const add = <T extends ApiObject>(o: T): T => {
      objects.push(o);
      return o;
    };

    // The pod mutator skips namespaces labelled control-plane, so KServe's own pods are never mutated.
    add(emit(scope, 'namespace', k8s.KubeNamespace, k8s.toJson_KubeNamespaceProps, {
      metadata: { name: ns, labels: { ...labels, ...this.release.namespaceLabels } },
    }));
    const serviceAccount = add(emit(scope, 'service-account', k8s.KubeServiceAccount, k8s.toJson_KubeServiceAccountProps, { metadata: { name: CONTROLLER } }));
    const subject = [{ kind: 'ServiceAccount', name: CONTROLLER, namespace: ns }];
    add(emit(scope, 'manager-role', k8s.KubeClusterRole, k8s.toJson_KubeClusterRoleProps, { metadata: { name: 'kserve-manager-role' }, rules: managerRules(this.version) }));
    add(emit(scope, 'manager-rolebinding', k8s.KubeClusterRoleBinding, k8s.toJson_KubeClusterRoleBindingProps, {
      metadata: { name: 'kserve-manager-rolebinding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kserve-manager-role' },
      subjects: subject,
    }));
    add(emit(scope, 'proxy-role', k8s.KubeClusterRole, k8s.toJson_KubeClusterRoleProps, { metadata: { name: 'kserve-proxy-role' }, rules: PROXY_RULES }));
    add(emit(scope, 'proxy-rolebinding', k8s.KubeClusterRoleBinding, k8s.toJson_KubeClusterRoleBindingProps, {
      metadata: { name: 'kserve-proxy-rolebinding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kserve-proxy-role' },
      subjects: subject,
    }));
    add(emit(scope, 'leader-election-role', k8s.KubeRole, k8s.toJson_KubeRoleProps, { metadata: { name: 'kserve-leader-election-role' }, rules: LEADER_ELECTION_RULES }));
    add(emit(scope, 'leader-election-rolebinding', k8s.KubeRoleBinding, k8s.toJson_KubeRoleBindingProps, {
      metadata: { name: 'kserve-leader-election-rolebinding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kserve-leader-election-role' },
      subjects: subject,
    }));

    const configMap = add(emit(scope, 'inferenceservice-config', k8s.KubeConfigMap, k8s.toJson_KubeConfigMapProps, {
      metadata: { name: 'inferenceservice-config' },
      data: renderInferenceServiceConfig(this.version, this.props.config, this.images, this.installsLocalModels),
    }));

    add(emit(scope, 'metrics-service', k8s.KubeService, k8s.toJson_KubeServiceProps, {
      metadata: {
        name: 'kserve-controller-manager-metrics-service',
        labels,
        annotations: { 'prometheus.io/port': '8443', 'prometheus.io/scheme': 'https', 'prometheus.io/scrape': 'true' },
      },
      spec: { selector: labels, ports: [{ name: 'https', port: 8443, targetPort: k8s.IntOrString.fromString('https') }] },
    }));
    add(emit(scope, 'controller-service', k8s.KubeService, k8s.toJson_KubeServiceProps, {
      metadata: { name: 'kserve-controller-manager-service', labels },
      spec: { selector: labels, ports: [{ port: 8443, targetPort: k8s.IntOrString.fromString('https'), protocol: 'TCP' }] },
    }));
    add(emit(scope, 'webhook-service', k8s.KubeService, k8s.toJson_KubeServiceProps, {
      metadata: { name: WEBHOOK_SERVICE },
      spec: { selector: { 'control-plane': CONTROLLER }, ports: [{ port: 443, targetPort: k8s.IntOrString.fromString('webhook-server') }] },
    }));

    const deployment = add(this.buildDeployment(labels));
    objects.push(...this.buildCertificates());
    const webhooks = this.buildWebhooks();
    objects.push(...webhooks);
    const context: ControllerContext = {
      scope,
      namespace: ns,
      images: this.images,
      certificates: this.certificates,
      certificate: (id, name, service, secretName) => (this.certificates.usesCertManager ? this.certificate(id, name, `${service}.${ns}.svc`, secretName) : undefined),
    };
    // v0.14.1–v0.16.0: the core manager serves the LocalModelCache validator, in the core webhook manifests with the
    // core certificate's CA (config/webhook/manifests.yaml, config/default/localmodelcache_validatingwebhook_cainjection_patch.yaml,
    // cmd/manager/main.go), whether the local model controller is installed or not.
    if (localModelInstall(this.version)?.webhook === 'core') {
      const webhook = localModelCacheWebhook(context, WEBHOOK_SERVICE, CERTIFICATE);
      webhooks.push(webhook);
      objects.push(webhook);
    }
    const llm = this.installsLlm ? buildLlmController(context, llmInstall(this.version)!) : undefined;
    const localModels = this.installsLocalModels ? buildLocalModelController(context, localModelInstall(this.version)!) : undefined;
    objects.push(...llm?.objects ?? [], ...localModels?.objects ?? []);
    for (const o of objects) {
      this.syncWave(o, '-1');
      if (isClusterScopedKind(o.apiGroup, o.kind)) clusterScoped(o);
    }
    return { deployment, serviceAccount, configMap, webhooks, llm, localModels };
  }

  private buildDeployment(labels: Record<string, string>): ApiObject {
    const hardened: k8s.SecurityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    };
    const resources = this.props.controllerResources ?? {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(100) },
      memory: { request: Size.mebibytes(200), limit: Size.mebibytes(300) },
    };
    const probeDelay = this.release.controllerProbeDelaySeconds;
    return emit(this.controlPlane, 'controller', k8s.KubeDeployment, k8s.toJson_KubeDeploymentProps, {
      metadata: { name: CONTROLLER, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { 'kubectl.kubernetes.io/default-container': 'manager' } },
          spec: {
            serviceAccountName: CONTROLLER,
            terminationGracePeriodSeconds: 10,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'manager',
                image: this.images.controller,
                imagePullPolicy: 'IfNotPresent',
                command: ['/manager'],
                args: ['--metrics-addr=127.0.0.1:8080', '--leader-elect'],
                ports: [{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }],
                env: [
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'SECRET_NAME', value: WEBHOOK_SECRET },
                ],
                resources: renderResources(resources, k8s.Quantity, k8s.Quantity),
                livenessProbe: {
                  httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(8081) },
                  initialDelaySeconds: probeDelay,
                  timeoutSeconds: 5,
                  failureThreshold: 5,
                },
                readinessProbe: {
                  httpGet: { path: '/readyz', port: k8s.IntOrString.fromNumber(8081) },
                  initialDelaySeconds: probeDelay,
                  periodSeconds: 5,
                  timeoutSeconds: 5,
                  failureThreshold: this.release.controllerReadinessFailureThreshold,
                },
                securityContext: hardened,
                volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
              },
              {
                name: 'kube-rbac-proxy',
                image: this.images.rbacProxy,
                args: ['--secure-listen-address=0.0.0.0:8443', '--upstream=http://127.0.0.1:8080/', '--logtostderr=true', '--v=10'],
                ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }],
                // Upstream sets no resources on the proxy; bounded ones keep the namespace's quotas honest.
                resources: renderResources(PROXY_RESOURCES, k8s.Quantity, k8s.Quantity),
                securityContext: hardened,
              },
            ],
            volumes: [{ name: 'cert', secret: { secretName: WEBHOOK_SECRET, defaultMode: 420 } }],
          },
        },
      },
    });
  }

  private buildCertificates(): ApiObject[] {
    const certs = this.certificates;
    if (!certs.usesCertManager) {
      return [];
    }
    const objects: ApiObject[] = [];
    if (certs.issuerName === undefined) {
      objects.push(emit(this.controlPlane, 'selfsigned-issuer', issuer.Issuer, issuer.toJson_IssuerProps, { metadata: { name: 'selfsigned-issuer' }, spec: { selfSigned: {} } }));
    }
    objects.push(this.certificate('serving-cert', CERTIFICATE, this.webhookServiceHost, WEBHOOK_SECRET));
    return objects;
  }

  /** A cert-manager Certificate for a webhook Service's DNS name, from the install's issuer. */
  private certificate(id: string, name: string, host: string, secretName: string): ApiObject {
    const certs = this.certificates;
    return emit(this.controlPlane, id, certificate.Certificate, certificate.toJson_CertificateProps, {
      metadata: { name },
      spec: {
        // X.509 limits commonName to 64 characters (cert-manager rejects longer ones); dnsNames alone identify the Service.
        commonName: host.length <= 64 ? host : undefined,
        dnsNames: [host],
        issuerRef: { kind: certs.clusterIssuer ? 'ClusterIssuer' : 'Issuer', name: certs.issuerName ?? 'selfsigned-issuer' },
        secretName,
      },
    });
  }

  private buildWebhooks(): ApiObject[] {
    const certs = this.certificates;
    // cert-manager's CA injector reads <namespace>/<certificate>: it must follow the chosen namespace.
    const annotations = certs.usesCertManager ? { 'cert-manager.io/inject-ca-from': `${this.namespace}/${CERTIFICATE}` } : undefined;
    const client = (path: string) => ({ service: { name: WEBHOOK_SERVICE, namespace: this.namespace, path }, caBundle: certs.caBundle });
    const common = { failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1beta1'] };
    const kserveRule = (version: string, resource: string) => ({
      apiGroups: ['serving.kserve.io'], apiVersions: [version], operations: ['CREATE', 'UPDATE'], resources: [resource],
    });
    const objects: ApiObject[] = [emit(this.controlPlane, 'mutating-webhook', k8s.KubeMutatingWebhookConfiguration, k8s.toJson_KubeMutatingWebhookConfigurationProps, {
      metadata: { name: 'inferenceservice.serving.kserve.io', annotations },
      webhooks: [
        {
          ...common,
          name: 'inferenceservice.kserve-webhook-server.defaulter',
          clientConfig: client('/mutate-serving-kserve-io-v1beta1-inferenceservice'),
          rules: [kserveRule('v1beta1', 'inferenceservices')],
        },
        {
          ...common,
          name: 'inferenceservice.kserve-webhook-server.pod-mutator',
          clientConfig: client('/mutate-pods'),
          rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
          reinvocationPolicy: 'IfNeeded',
          namespaceSelector: { matchExpressions: [{ key: 'control-plane', operator: 'DoesNotExist' }] },
          objectSelector: { matchExpressions: [{ key: 'serving.kserve.io/inferenceservice', operator: 'Exists' }] },
        },
      ],
    })];
    const validators: Array<[string, string, string]> = [
      ['inferenceservice', 'v1beta1', 'inferenceservices'],
      ['trainedmodel', 'v1alpha1', 'trainedmodels'],
      ['inferencegraph', 'v1alpha1', 'inferencegraphs'],
      ['clusterservingruntime', 'v1alpha1', 'clusterservingruntimes'],
      ['servingruntime', 'v1alpha1', 'servingruntimes'],
    ];
    for (const [kind, version, resource] of validators) {
      objects.push(emit(this.controlPlane, `${kind}-validator`, k8s.KubeValidatingWebhookConfiguration, k8s.toJson_KubeValidatingWebhookConfigurationProps, {
        metadata: { name: `${kind}.serving.kserve.io`, annotations },
        webhooks: [{
          ...common,
          name: `${kind}.kserve-webhook-server.validator`,
          clientConfig: client(`/validate-serving-kserve-io-${version}-${kind}`),
          rules: [kserveRule(version, resource)],
        }],
      }));
    }
    return objects;
  }

  private buildStorageContainer(): ApiObject {
    const storage = this.release.storageContainer;
    const container = emit(this.runtimes, 'default-storage-container', storageContainer.ClusterStorageContainer, storageContainer.toJson_ClusterStorageContainerProps, {
      metadata: { name: 'default' },
      spec: {
        container: {
          name: 'storage-initializer',
          image: this.images.storageInitializer,
          imagePullPolicy: storage.imagePullPolicy,
          resources: renderResources(STORAGE_INITIALIZER_RESOURCES,
            storageContainer.ClusterStorageContainerSpecContainerResourcesLimits,
            storageContainer.ClusterStorageContainerSpecContainerResourcesRequests),
        },
        supportedUriFormats: [
          ...storage.uriPrefixes.map(prefix => ({ prefix })),
          { regex: 'https://(.+?).blob.core.windows.net/(.+)' },
          { regex: 'https://(.+?).file.core.windows.net/(.+)' },
          { regex: 'https?://(.+)/(.+)' },
        ],
        ...storage.spec,
      },
    });
    this.syncWave(container, '0');
    this.helmHook(container);
    return container;
  }

  private validate(): string[] {
    const errors = [...this.setupErrors];
    // Our own rule: unescaped, KServe's placeholders make the chart fail in Helm (or render as something else).
    if (this.props.helmCompatible === false && helmLayout(this)) {
      errors.push('helmCompatible: false, but the app is written as a Helm chart, where KServe\'s {{...}} placeholders must be escaped; '
        + 'leave helmCompatible unset (or set the context \'cdk8s-kserve:helm\' to false for plain YAML)');
    }
    errors.push(...namespaceErrors(this.namespace, 'namespace'));
    errors.push(...controllerImageErrors(this.props.controllerImage, this.version));
    errors.push(...this.certificates._validate(this.namespace));
    errors.push(...validateInferenceServiceConfig(this.version, this.props.config));
    errors.push(...validateResources(this.props.controllerResources, 'controllerResources'));
    const standardNames = new Set(standardRuntimes(this.version).map(r => r.name));
    // Our own typo check: a name that is no standard runtime excludes nothing.
    for (const name of this.props.excludeRuntimes ?? []) {
      if (!standardNames.has(name)) errors.push(`excludeRuntimes: ${shown(name)} is not a standard runtime of ${this.version.name}`);
    }
    errors.push(...imagesErrors(this.version, this.props.images, this.props.controllerImage, this.installedStandardNames));
    errors.push(...this.optionalControllerErrors());
    return errors;
  }

  /**
   * The optional controllers on a release without them, presets without their controller, and images of controllers
   * the install does not create (our own rules: each would be silently ignored otherwise).
   */
  private optionalControllerErrors(): string[] {
    const p = this.props;
    const errors: string[] = [];
    // Fact llmApiVersion: the LLMInferenceService controller and its CRDs first ship in v0.16.0
    // (v0.16.0:config/default/kustomization.yaml lists ../llmisvc; llm-controller.ts LLM_INSTALLS).
    if (p.llmInferenceServiceController === true && !this.installsLlm) {
      const first = minorName(firstRelease(v => llmInstall(v) !== undefined));
      errors.push(`llmInferenceServiceController: the LLMInferenceService controller needs KServe ${first} or later (the first release with `
        + `the LLMInferenceService CRDs and controller); the target is ${this.version.name}`);
    }
    // Our own safety rule: v0.16.0:config/llmisvcconfig/config-llm-*.yaml and v0.17.1's run vLLM and the routing sidecar
    // with runAsNonRoot: false, the data-parallel vLLM with --trust-remote-code, the decode template's sidecar without
    // a seccomp profile, and vLLM without TLS (presetSafetyFindings reads them from the specs). Neither hardened
    // silently (the runtime may need root) nor installed silently: the user chooses.
    const presets = this.installsLlm ? llmInstall(this.version)!.presets : undefined;
    const findings = presets ? presetSafetyFindings(presets) : [];
    const refusedByDefault = findings.length > 0 && p.llmPresets === undefined;
    if (refusedByDefault) {
      errors.push(`llmPresets: KServe ${this.version.name}'s kserve-config-llm-* presets are less safe than this library's defaults: `
        + `${findings.join('. ')}. Set llmPresets: true to install them as the release ships them, or llmPresets: false to install `
        + 'none (and give LLMInferenceServices your own LLMInferenceServiceConfigs)');
    }
    // Fact localModelCache: the local model controller first ships in v0.14 (config/default/kustomization.yaml at v0.14.1
    // lists ../localmodels).
    if (p.localModelController === true && !this.installsLocalModels) {
      const first = minorName(firstRelease(v => localModelInstall(v) !== undefined));
      errors.push(`localModelController: KServe ${this.version.name} has no local model cache controller (LocalModelCache, LocalModelNodeGroup, `
        + `LocalModelNode); it first ships in KServe ${first}`);
    }
    if (p.llmPresets === true && !this.installsLlm) {
      errors.push('llmPresets: the kserve-config-llm-* presets are LLMInferenceServiceConfigs, validated by the LLMInferenceService controller\'s '
        + 'webhook; set llmInferenceServiceController: true with them');
    }
    const unused = (field: 'llmController' | 'localModelController' | 'localModelNodeAgent', installed: boolean, option: string) => {
      if (p.images?.[field] !== undefined && !installed) {
        errors.push(`images.${field}: the install does not create that workload (${option} is not on), so the image would be unused`);
      }
    };
    unused('llmController', this.installsLlm, 'llmInferenceServiceController');
    unused('localModelController', this.installsLocalModels, 'localModelController');
    unused('localModelNodeAgent', this.installsLocalModels, 'localModelController');
    const givenPresetImages = Object.entries(p.images?.llmPresets ?? {});
    // (Not repeated while llmPresets itself is undecided: the error above asks for it.)
    if (givenPresetImages.length > 0 && this.llmPresetConfigs.length === 0 && !refusedByDefault) {
      errors.push('images.llmPresets: the install writes no kserve-config-llm-* presets (llmInferenceServiceController and llmPresets), '
        + 'so the images would be unused');
    }
    const known = presets ? presetImages(presets) : [];
    for (const [image, replacement] of givenPresetImages) {
      const field = `images.llmPresets['${image}']`;
      if (!known.includes(image)) errors.push(`${field}: no preset of ${this.version.name} runs that image; the presets run ${known.join(', ')}`);
      errors.push(...imageErrors(replacement, field));
    }
    return errors;
  }

  /** Built once, at synth, when every construct exists. */
  private buildRuntimeIndex(installs: readonly KServeInstall[]): RuntimeIndex {
    const owned = new Set<ServingRuntimeBase>(installs.flatMap(i => i.installedRuntimes));
    const standalone = ServingRuntimeBase._inApp(this).filter(r => !owned.has(r));
    return new RuntimeIndex([...this.installedRuntimes, ...standalone]);
  }

  /** The service's OCI model sources KServe could not serve when the install turns modelcars off (modelcars.ts). */
  private modelcarErrors(isvc: InferenceService): string[] {
    const modelcars = (this.props.config?.enableModelcar ?? this.release.config.enableModelcar) === true;
    return modelcars ? [] : modelcarErrors(isvc._modelSources, this.node.path);
  }

  /**
   * Every InferenceService in the app must find a runtime: KServe otherwise fails at reconcile with
   * "no runtime found to support predictor" (components/predictor.go, both tags). The first install of the service's version answers; its
   * runtimes count, and every ServingRuntime or ClusterServingRuntime of the app that no install owns.
   */
  private runtimeErrors(isvc: InferenceService, installs: readonly KServeInstall[]): string[] {
    const errors: string[] = [];
    const runtimes = (this.runtimeIndex ??= this.buildRuntimeIndex(installs));
    const model = isvc.model;
    if (!model) return errors;
    const format = `'${model.formatName}'${model.formatVersion ? ` version ${model.formatVersion}` : ''} over ${model.effectiveProtocol.value}`;
    // A named runtime is checked by the service itself (namedRuntimeErrors, runtime-selection.ts), with or without an install.
    if (!model.runtime && !runtimes.autoSelectable(model, isvc.namespace).some(r => r.canAutoSelect(model))) {
      errors.push(`spec.predictor.model: no runtime in the app auto-selects format ${format} (ClusterServingRuntimes, `
        + `and ServingRuntimes in namespace '${isvc.namespace}'); KServe would fail with "no runtime found". `
        + 'Install one (KServeInstall.addRuntime or a ServingRuntime), or name the runtime in the model');
    }
    return errors;
  }
}

/**
 * Our own rule: the controller image is a repository the install tags with the release: a tag or digest in it would make
 * `repo:1.0:v0.20.0`, which no registry serves.
 */
function controllerImageErrors(image: string | undefined, version: KServeVersion): string[] {
  if (image === undefined || isImageRepository(image)) return [];
  if (image.includes('@') || image.split('/').pop()!.includes(':')) {
    return [`controllerImage ${shown(image)} must be an image repository without a tag or digest: the install appends the release `
      + `(':${version.name}'), which would make '${image}:${version.name}'`];
  }
  return [`controllerImage ${shown(image)} is not an image repository ([registry[:port]/]path, lower case, such as 'registry.example.com/mirror/kserve-controller')`];
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(KServeInstall);
