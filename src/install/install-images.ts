import { KServeVersion } from '../kserve-version';
import { release } from './release';
import { imageErrors } from '../private/validation';

/**
 * The images a `KServeInstall` writes, each a full reference pinned with a tag or digest
 * (`registry.example.com/mirror/kserve-controller:v0.20.0`). Use it to pull everything from a mirror,
 * or to replace an image that is no longer served. Anything left out keeps the release's image.
 * @category Install
 */
export interface KServeInstallImages {
  /**
   * The controller manager (`manager` container of the `kserve-controller-manager` Deployment).
   * @default 'kserve/kserve-controller:<release>'
   */
  readonly controller?: string;

  /**
   * The kube-rbac-proxy sidecar of the controller, which guards its metrics port.
   * @default 'quay.io/brancz/kube-rbac-proxy:v0.18.0' (every release; see the README for v0.13)
   */
  readonly rbacProxy?: string;

  /**
   * The storage initializer: the default ClusterStorageContainer, `storageInitializer.image` of the
   * `inferenceservice-config` ConfigMap and, from v0.14, `localModel.defaultJobImage`.
   * @default 'kserve/storage-initializer:<release>'
   */
  readonly storageInitializer?: string;

  /**
   * The agent KServe injects into model pods for the payload logger and the batcher: `agent.image`,
   * `logger.image` and `batcher.image` of the ConfigMap, which the release all sets to this one image.
   * @default 'kserve/agent:<release>'
   */
  readonly agent?: string;

  /**
   * The InferenceGraph router (`router.image` of the ConfigMap).
   * @default 'kserve/router:<release>'
   */
  readonly router?: string;

  /**
   * The LLMInferenceService controller (`manager` container of the `llmisvc-controller-manager` Deployment); only with
   * `llmInferenceServiceController`, otherwise a synth error (it would be unused).
   * @default 'kserve/llmisvc-controller:<release>'
   */
  readonly llmController?: string;

  /**
   * The local model controller (`manager` container of the `kserve-localmodel-controller-manager` Deployment); only
   * with `localModelController`, otherwise a synth error.
   * @default 'kserve/kserve-localmodel-controller:<release>'
   */
  readonly localModelController?: string;

  /**
   * The local model node agent (`manager` container of the `kserve-localmodelnode-agent` DaemonSet); only with
   * `localModelController`, otherwise a synth error.
   * @default 'kserve/kserve-localmodelnode-agent:<release>'
   */
  readonly localModelNodeAgent?: string;

  /**
   * Replacements for the images of the `kserve-config-llm-*` presets, keyed by the target release's image reference
   * (`ghcr.io/llm-d/llm-d-cuda:v0.8.0`, `ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0`, ... at v0.20.0;
   * `ghcr.io/llm-d/llm-d-cuda:v0.6.0`, `ghcr.io/llm-d/llm-d-inference-scheduler:v0.7.1`, ... at v0.18.1 and v0.19.0);
   * every container of every preset that runs that image gets the replacement. Only with the presets (`llmPresets`),
   * and only that release's preset images: anything else is a synth error.
   * @default - the release's images
   */
  readonly llmPresets?: Record<string, string>;

  /**
   * Images of the standard ClusterServingRuntimes, by runtime name (`kserve-sklearnserver`,
   * `kserve-tritonserver`, ...). A name that is not a standard runtime of the release, or one the install
   * leaves out (`excludeRuntimes`, `standardRuntimes: false`), is a synth error.
   * @default - the release's image of each runtime
   */
  readonly runtimes?: Record<string, string>;
}

/** The images the install writes, after defaults. @internal */
export interface ResolvedImages {
  readonly controller: string;
  readonly rbacProxy: string;
  readonly storageInitializer: string;
  readonly agent: string;
  readonly router: string;
  readonly llmController: string;
  readonly localModelController: string;
  readonly localModelNodeAgent: string;
  readonly llmPresets: Readonly<Record<string, string>>;
  readonly runtimes: Readonly<Record<string, string>>;
}

/** The fields of `KServeInstallImages` that hold one image. */
const SINGLE_IMAGES = ['controller', 'rbacProxy', 'storageInitializer', 'agent', 'router', 'llmController', 'localModelController',
  'localModelNodeAgent'] as const;

/**
 * The install's images: the given ones over the release's. `controllerRepository` is the older
 * `controllerImage` prop, a repository the release tag is appended to.
 * @internal
 */
export function resolveImages(version: KServeVersion, images: KServeInstallImages | undefined,
  controllerRepository: string | undefined): ResolvedImages {
  const given = images ?? {};
  const tag = version.name;
  return {
    controller: given.controller ?? `${controllerRepository ?? 'kserve/kserve-controller'}:${tag}`,
    rbacProxy: given.rbacProxy ?? release(version).rbacProxyImage,
    storageInitializer: given.storageInitializer ?? `kserve/storage-initializer:${tag}`,
    agent: given.agent ?? `kserve/agent:${tag}`,
    router: given.router ?? `kserve/router:${tag}`,
    // The release's image names (config/llmisvc/llmisvc_manager_image_patch.yaml, config/localmodels/
    // localmodel_manager_image_patch.yaml, config/localmodelnodes/localmodelnode_agent_image_patch.yaml at v0.20.0),
    // tagged with the release as hack/release/generate-install.sh does.
    llmController: given.llmController ?? `kserve/llmisvc-controller:${tag}`,
    localModelController: given.localModelController ?? `kserve/kserve-localmodel-controller:${tag}`,
    localModelNodeAgent: given.localModelNodeAgent ?? `kserve/kserve-localmodelnode-agent:${tag}`,
    llmPresets: given.llmPresets ?? {},
    runtimes: given.runtimes ?? {},
  };
}

/**
 * Problems with the `images` prop. Each image must be a pinned reference (the shared `imageErrors` rule).
 * A runtime image for a runtime the install does not create would be silently unused, so it is an error
 * (our own rule); so is setting both `images.controller` and `controllerImage`, which would leave one unused.
 * @internal
 */
export function imagesErrors(version: KServeVersion, images: KServeInstallImages | undefined, controllerRepository: string | undefined,
  installed: ReadonlySet<string>): string[] {
  if (images === undefined) return [];
  const errors: string[] = [];
  for (const field of SINGLE_IMAGES) {
    const image = images[field];
    if (image !== undefined) errors.push(...imageErrors(image, `images.${field}`));
  }
  if (images.controller !== undefined && controllerRepository !== undefined) {
    errors.push('images.controller and controllerImage are both set; give the controller image once, in images.controller '
      + '(controllerImage is the older repository-only form)');
  }
  const standard = new Set(release(version).runtimes.names);
  for (const [name, image] of Object.entries(images.runtimes ?? {})) {
    const field = `images.runtimes['${name}']`;
    if (!standard.has(name)) {
      errors.push(`${field}: '${name}' is not a standard runtime of ${version.name} (${[...standard].join(', ')}); `
        + 'set the image of a runtime you add in addRuntime itself');
    } else if (!installed.has(name)) {
      errors.push(`${field}: the install does not create '${name}' (excludeRuntimes or standardRuntimes: false), so the image would be unused`);
    }
    errors.push(...imageErrors(image, field));
  }
  return errors;
}
