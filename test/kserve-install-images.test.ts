import { Testing } from 'cdk8s';
import { KServeInstall, KServeInstallImages, KServeInstallProps, KServeVersion } from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const MIRROR = 'registry.example.com/mirror';
const DIGEST = `sha256:${'a'.repeat(64)}`;

const VERSIONS: Array<[KServeVersion, KServeSchemaVersion]> = [[KServeVersion.V0_13, 'v0.13.1'], [KServeVersion.V0_20, 'v0.20.0']];

function synth(props: KServeInstallProps) {
  const app = Testing.app();
  const kserve = new KServeInstall(app, 'kserve', props);
  expect(synthErrors(app)).toEqual([]);
  return { kserve, controlPlane: Testing.synth(kserve.controlPlane), runtimes: Testing.synth(kserve.runtimes) };
}

function errorsOf(props: KServeInstallProps): string[] {
  const app = Testing.app();
  new KServeInstall(app, 'kserve', props);
  return synthErrors(app);
}

/** Every `image` field in a value, depth first. */
const imagesIn = (value: unknown): string[] => (typeof value !== 'object' || value === null ? []
  : Object.entries(value).flatMap(([k, v]) => (k === 'image' && typeof v === 'string' ? [v] : imagesIn(v))));
const find = (objects: any[], kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name);
const config = (objects: any[]): Record<string, any> => Object.fromEntries(
  Object.entries(find(objects, 'ConfigMap', 'inferenceservice-config').data as Record<string, string>).map(([k, v]) => [k, JSON.parse(v)]));

describe.each(VERSIONS)('KServeInstall images, %s', (version, schema) => {
  const tag = version.name;

  test('every image of the install can be replaced, and each reaches every place the release uses it', () => {
    const images: KServeInstallImages = {
      controller: `${MIRROR}/kserve-controller:${tag}`,
      rbacProxy: `${MIRROR}/kube-rbac-proxy@${DIGEST}`,
      storageInitializer: `${MIRROR}/storage-initializer:${tag}`,
      agent: `${MIRROR}/agent:${tag}`,
      router: `${MIRROR}/router:${tag}`,
      runtimes: { 'kserve-sklearnserver': `${MIRROR}/sklearnserver:${tag}`, 'kserve-tritonserver': `${MIRROR}/tritonserver:23.05-py3` },
    };
    const { controlPlane, runtimes } = synth({ version, images });
    const [manager, proxy] = find(controlPlane, 'Deployment', 'kserve-controller-manager').spec.template.spec.containers;
    expect(manager.image).toBe(images.controller);
    expect(proxy.image).toBe(images.rbacProxy);
    const data = config(controlPlane);
    expect(data.agent.image).toBe(images.agent);
    expect(data.batcher.image).toBe(images.agent);
    expect(data.logger.image).toBe(images.agent);
    expect(data.router.image).toBe(images.router);
    expect(data.storageInitializer.image).toBe(images.storageInitializer);
    if (data.localModel) expect(data.localModel.defaultJobImage).toBe(images.storageInitializer);
    expect(find(runtimes, 'ClusterStorageContainer', 'default').spec.container.image).toBe(images.storageInitializer);
    expect(find(runtimes, 'ClusterServingRuntime', 'kserve-sklearnserver').spec.containers[0].image).toBe(`${MIRROR}/sklearnserver:${tag}`);
    expect(find(runtimes, 'ClusterServingRuntime', 'kserve-tritonserver').spec.containers[0].image).toBe(`${MIRROR}/tritonserver:23.05-py3`);
    // Runtimes not named keep the release's image.
    expect(find(runtimes, 'ClusterServingRuntime', 'kserve-xgbserver').spec.containers[0].image).toBe(`kserve/xgbserver:${tag}`);
    // No release image is left anywhere but in the runtimes not replaced.
    // The ART explainer is a repository KServe tags per service (explainers.art), not an image the install runs.
    const written = new Set(imagesIn([...controlPlane, ...runtimes.filter(r => r.kind !== 'ClusterServingRuntime'), data]));
    const given = [images.controller, images.rbacProxy, images.storageInitializer, images.agent, images.router];
    expect([...written].sort()).toEqual([...given, 'kserve/art-explainer'].sort());
    expectValidObjects([...controlPlane, ...runtimes], { kserveVersion: schema });
  });

  test('without images the release images are written (kube-rbac-proxy from quay.io on both releases)', () => {
    const { controlPlane, runtimes } = synth({ version });
    const [manager, proxy] = find(controlPlane, 'Deployment', 'kserve-controller-manager').spec.template.spec.containers;
    expect(manager.image).toBe(`kserve/kserve-controller:${tag}`);
    // v0.13.1 shipped gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1, which gcr.io no longer serves.
    expect(proxy.image).toBe('quay.io/brancz/kube-rbac-proxy:v0.18.0');
    expect(JSON.stringify(controlPlane)).not.toContain('gcr.io/kubebuilder');
    const data = config(controlPlane);
    expect([data.agent.image, data.batcher.image, data.logger.image, data.router.image, data.storageInitializer.image])
      .toEqual([`kserve/agent:${tag}`, `kserve/agent:${tag}`, `kserve/agent:${tag}`, `kserve/router:${tag}`, `kserve/storage-initializer:${tag}`]);
    expect(find(runtimes, 'ClusterStorageContainer', 'default').spec.container.image).toBe(`kserve/storage-initializer:${tag}`);
  });

  test('the older controllerImage (a repository) keeps working', () => {
    const { controlPlane } = synth({ version, controllerImage: `${MIRROR}/kserve-controller` });
    expect(find(controlPlane, 'Deployment', 'kserve-controller-manager').spec.template.spec.containers[0].image)
      .toBe(`${MIRROR}/kserve-controller:${tag}`);
  });

  test.each<[string, KServeInstallImages, string]>([
    ['an unpinned image', { rbacProxy: `${MIRROR}/kube-rbac-proxy` },
      `images.rbacProxy '${MIRROR}/kube-rbac-proxy' has no tag or digest (that means 'latest'); pin a version`],
    ['a latest tag', { agent: `${MIRROR}/agent:latest` }, `images.agent '${MIRROR}/agent:latest' uses the 'latest' tag`],
    ['an invalid reference', { router: 'Not An Image' }, "images.router 'Not An Image' is not a valid image reference"],
    ['an unpinned runtime image', { runtimes: { 'kserve-sklearnserver': `${MIRROR}/sklearnserver` } },
      `images.runtimes['kserve-sklearnserver'] '${MIRROR}/sklearnserver' has no tag or digest`],
    ['a runtime that is not a standard runtime', { runtimes: { 'kserve-vllmserver': `${MIRROR}/vllm:1.0` } },
      "images.runtimes['kserve-vllmserver']: 'kserve-vllmserver' is not a standard runtime of"],
    // From JavaScript: the runtime type check (private/shape.ts).
    ['an unknown field', { manager: `${MIRROR}/kserve-controller:1.0` } as any,
      'images.manager: unknown property; not a prop of KServeInstallImages'],
  ])('%s is a synth error naming the field', (_, images, message) => {
    expectError(errorsOf({ version, images }), 'kserve', message);
  });

  test('an image for a runtime the install leaves out would be unused: synth error', () => {
    const runtimes = { 'kserve-paddleserver': `${MIRROR}/paddleserver:${tag}` };
    expectError(errorsOf({ version, excludeRuntimes: ['kserve-paddleserver'], images: { runtimes } }), 'kserve',
      "images.runtimes['kserve-paddleserver']: the install does not create 'kserve-paddleserver' (excludeRuntimes or standardRuntimes: false)");
    expectError(errorsOf({ version, standardRuntimes: false, images: { runtimes } }), 'kserve',
      "images.runtimes['kserve-paddleserver']: the install does not create 'kserve-paddleserver'");
  });

  test('images.controller and controllerImage together are a synth error', () => {
    expectError(errorsOf({ version, controllerImage: `${MIRROR}/kserve-controller`, images: { controller: `${MIRROR}/kserve-controller:${tag}` } }),
      'kserve', 'images.controller and controllerImage are both set');
  });

  test('plain JavaScript values of the wrong type are synth errors naming the field, never a TypeError', () => {
    // The runtime type check (private/shape.ts) names the props as given.
    const shape = 'must be a KServeInstallImages ({ controller?, rbacProxy?, storageInitializer?, agent?, ... })';
    expectError(errorsOf({ version, images: 'kserve/kserve-controller:v1' as any }), 'kserve', `images: ${shape} (got string 'kserve/kserve-controller:v1')`);
    expectError(errorsOf({ version, images: [] as any }), 'kserve', `images: ${shape} (got an array of 0)`);
    expectError(errorsOf({ version, images: { controller: 42 } as any }), 'kserve', 'images.controller: must be a string (got number 42)');
    expectError(errorsOf({ version, images: { runtimes: ['kserve-sklearnserver'] } as any }), 'kserve',
      'images.runtimes: must be an object mapping names to strings (got an array of 1)');
    expectError(errorsOf({ version, images: { runtimes: { 'kserve-sklearnserver': { image: 'x:1' } } } as any }), 'kserve',
      "images.runtimes['kserve-sklearnserver']: must be a string (got a plain object { image })");
  });
});

test('a v0.20-only runtime is no standard runtime of v0.13', () => {
  expectError(errorsOf({ version: KServeVersion.V0_13, images: { runtimes: { 'kserve-autogluonserver': `${MIRROR}/autogluonserver:v0.20.0` } } }),
    'kserve', "images.runtimes['kserve-autogluonserver']: 'kserve-autogluonserver' is not a standard runtime of v0.13.1");
});
