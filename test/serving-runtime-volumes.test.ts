import { App, Chart, Size, Testing } from 'cdk8s';
import { ConfigMap, EmptyDirMedium, Volume } from 'cdk8s-plus-28';
import { ClusterServingRuntime, KServeInstall, KServeVersion, ServingRuntime, ServingRuntimeOptions } from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const VERSIONS: Array<[KServeVersion, KServeSchemaVersion]> = [[KServeVersion.V0_13, 'v0.13.1'], [KServeVersion.V0_20, 'v0.20.0']];

function newApp(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'runtimes', { namespace: 'ml' }) };
}

type Extra = Partial<ServingRuntimeOptions> & { readonly version?: KServeVersion };
const options = (container: Partial<ServingRuntimeOptions['container']> = {}, extra: Extra = {}): ServingRuntimeOptions & Extra => ({
  supportedModelFormats: [{ name: 'custom', version: '1', autoSelect: true, priority: 1 }],
  container: { image: 'registry.example.com/ml/custom-server:1.2.3', ...container },
  ...extra,
});

describe('the standard Hugging Face runtime', () => {
  const hf = (version: KServeVersion) => {
    const app = Testing.app();
    const kserve = new KServeInstall(app, 'kserve', { version });
    expect(synthErrors(app)).toEqual([]);
    const runtimes = Testing.synth(kserve.runtimes);
    return { runtimes, hf: runtimes.find(o => o.metadata.name === 'kserve-huggingfaceserver') };
  };

  test('v0.20 mounts a memory emptyDir at /dev/shm and writes hostIPC: false (config/runtimes/kserve-huggingfaceserver.yaml)', () => {
    const { runtimes, hf: runtime } = hf(KServeVersion.V0_20);
    expect(runtime.spec.volumes).toEqual([{ name: 'devshm', emptyDir: { medium: 'Memory' } }]);
    expect(runtime.spec.hostIPC).toBe(false);
    expect(runtime.spec.containers[0].volumeMounts).toEqual([{ name: 'devshm', mountPath: '/dev/shm' }]);
    // Only the Hugging Face runtime mounts anything.
    expect(runtimes.filter(o => o.spec.volumes !== undefined).map(o => o.metadata.name)).toEqual(['kserve-huggingfaceserver']);
    expectValidObjects(runtimes, { kserveVersion: 'v0.20.0' });
  });

  test('v0.13 has neither (v0.13.1 mounts nothing and has no hostIPC field)', () => {
    const { runtimes, hf: runtime } = hf(KServeVersion.V0_13);
    expect(runtime.spec.volumes).toBeUndefined();
    expect(runtime.spec.hostIPC).toBeUndefined();
    expect(runtime.spec.containers[0].volumeMounts).toBeUndefined();
    expectValidObjects(runtimes, { kserveVersion: 'v0.13.1' });
  });
});

describe.each(VERSIONS)('runtime volumeMounts, %s', (version, schema) => {
  test('mounted volumes are written once each to spec.volumes, mounts as given, on both runtime kinds', () => {
    const { app, chart } = newApp();
    const shm = Volume.fromEmptyDir(chart, 'shm', 'shm', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) });
    const config = Volume.fromConfigMap(chart, 'config', ConfigMap.fromConfigMapName(chart, 'cm', 'server-config'));
    const volumeMounts = [
      { volume: shm, path: '/dev/shm' },
      { volume: config, path: '/etc/server', readOnly: true },
      { volume: config, path: '/etc/server-extra/settings.json', subPath: 'settings.json', readOnly: true },
    ];
    new ServingRuntime(chart, 'namespaced', options({ volumeMounts }, { version }));
    new ClusterServingRuntime(chart, 'cluster', options({ volumeMounts }, { version, name: 'cluster-custom' }));
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    for (const runtime of objects) {
      expect(runtime.spec.volumes).toEqual([
        // cdk8s-plus writes an emptyDir sizeLimit in MiB.
        { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '1024Mi' } },
        { name: config.name, configMap: { name: 'server-config' } },
      ]);
      expect(runtime.spec.containers[0].volumeMounts).toEqual([
        { name: 'shm', mountPath: '/dev/shm' },
        { name: config.name, mountPath: '/etc/server', readOnly: true },
        { name: config.name, mountPath: '/etc/server-extra/settings.json', subPath: 'settings.json', readOnly: true },
      ]);
      expect(runtime.spec.hostIPC).toBeUndefined();
    }
    expectValidObjects(objects, { kserveVersion: schema });
  });

  test.each<[string, (chart: Chart) => unknown, string]>([
    ['a mount path used twice', c => {
      const v = Volume.fromEmptyDir(c, 'a', 'a');
      return [{ volume: v, path: '/data' }, { volume: Volume.fromEmptyDir(c, 'b', 'b'), path: '/data' }];
    }, "container.volumeMounts[1].path '/data' is already mounted at container.volumeMounts[0]; mount paths must be unique"],
    ['two volumes with one name', c => [{ volume: Volume.fromEmptyDir(c, 'a', 'data'), path: '/a' }, { volume: Volume.fromEmptyDir(c, 'b', 'data'), path: '/b' }],
      "container.volumeMounts[1].volume: another volume is already named 'data'"],
    ['a volume name that is no DNS-1123 label', c => [{ volume: Volume.fromEmptyDir(c, 'a', 'Scratch_Space'), path: '/a' }],
      "container.volumeMounts[0].volume: volume name 'Scratch_Space' must be a DNS-1123 label"],
    ['a relative path', c => [{ volume: Volume.fromEmptyDir(c, 'a', 'a'), path: 'data' }], "container.volumeMounts[0].path 'data' must be an absolute path"],
    ['the model directory', c => [{ volume: Volume.fromEmptyDir(c, 'a', 'a'), path: '/mnt/models' }],
      "container.volumeMounts[0].path '/mnt/models' clashes with where KServe mounts the model"],
    ['a subPath leaving the volume', c => [{ volume: Volume.fromEmptyDir(c, 'a', 'a'), path: '/a', subPath: '../etc' }],
      "container.volumeMounts[0].subPath '../etc' must be a relative path inside the volume, without '..'"],
    // From JavaScript: the runtime type check (private/shape.ts), field by field inside cdk8s-plus's VolumeMount.
    ['a plain object instead of a Volume', () => [{ volume: { name: 'a', emptyDir: {} }, path: '/a' }],
      'container.volumeMounts[0].volume: must be a Volume (Volume.fromAwsElasticBlockStore(...), Volume.fromAzureDisk(...), '
      + 'Volume.fromGcePersistentDisk(...), ...) (got a plain object { name, emptyDir })'],
    ['a string instead of a list', () => '/dev/shm', "container.volumeMounts: must be an array of cdk8s-plus VolumeMount ({ volume, path, ... }) (got string '/dev/shm')"],
  ])('%s is a synth error naming the field', (_, mounts, message) => {
    const { app, chart } = newApp();
    new ServingRuntime(chart, 'custom', options({ volumeMounts: mounts(chart) as any }, { version }));
    expectError(app, 'runtimes/custom', message);
  });

  test('hostIPC: a boolean only', () => {
    const { app, chart } = newApp();
    new ServingRuntime(chart, 'custom', options({}, { version, hostIPC: 'no' as any }));
    expectError(app, 'runtimes/custom', "hostIPC: must be true or false (got string 'no')");
  });
});

test('hostIPC is written on v0.20', () => {
  const { app, chart } = newApp();
  new ClusterServingRuntime(chart, 'custom', options({}, { version: KServeVersion.V0_20, hostIPC: true }));
  expect(synthErrors(app)).toEqual([]);
  const [runtime] = Testing.synth(chart);
  expect(runtime.spec.hostIPC).toBe(true);
  expectValidObjects([runtime], { kserveVersion: 'v0.20.0' });
});

test('hostIPC on v0.13 is a synth error: its ServingRuntime has no hostIPC field', () => {
  const { app, chart } = newApp();
  new ServingRuntime(chart, 'custom', options({}, { version: KServeVersion.V0_13, hostIPC: false }));
  expectError(app, 'runtimes/custom', 'hostIPC needs KServe v0.14 or later (target is v0.13.1): its ServingRuntime has no hostIPC field');
});
