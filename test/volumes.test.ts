import { Size, Testing } from 'cdk8s';
import { ConfigMap, EmptyDirMedium, MountPropagation, PersistentVolumeClaim, Secret, Volume } from 'cdk8s-plus-28';
import { DeploymentMode, KServeVersion, Model, StorageUri } from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { buildService as build, serviceSpec as specOf } from './util/service';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0', port: 8080 };
type Chart = ReturnType<typeof newChart>['chart'];


/** A PVC, a ConfigMap, a Secret and a sized memory emptyDir, mounted with every mount option. */
function volumes(c: Chart) {
  const pvc = Volume.fromPersistentVolumeClaim(c, 'cache', PersistentVolumeClaim.fromClaimName(c, 'claim', 'model-cache'), { name: 'cache', readOnly: true });
  const config = Volume.fromConfigMap(c, 'cfg', ConfigMap.fromConfigMapName(c, 'cm', 'server-config'), { name: 'config', items: { 'a.yaml': { path: 'server.yaml', mode: 0o444 } }, defaultMode: 0o400 });
  const secret = Volume.fromSecret(c, 'tls', Secret.fromSecretName(c, 's', 'server-tls'), { name: 'tls', optional: true });
  const scratch = Volume.fromEmptyDir(c, 'scratch', 'scratch', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) });
  return {
    mounts: [
      { volume: pvc, path: '/cache', readOnly: true, subPath: 'iris' },
      { volume: config, path: '/etc/server', readOnly: true },
      { volume: secret, path: '/etc/tls', readOnly: true, subPathExpr: '$(POD_NAME)' },
      { volume: scratch, path: '/scratch', propagation: MountPropagation.HOST_TO_CONTAINER },
    ],
    volumes: [
      { name: 'cache', persistentVolumeClaim: { claimName: 'model-cache', readOnly: true } },
      { name: 'config', configMap: { name: 'server-config', defaultMode: 0o400, items: [{ key: 'a.yaml', path: 'server.yaml', mode: 0o444 }] } },
      { name: 'tls', secret: { secretName: 'server-tls', optional: true } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '1024Mi' } },
    ],
  };
}

const MOUNTS_YAML = [
  { name: 'cache', mountPath: '/cache', readOnly: true, subPath: 'iris' },
  { name: 'config', mountPath: '/etc/server', readOnly: true },
  { name: 'tls', mountPath: '/etc/tls', readOnly: true, subPathExpr: '$(POD_NAME)' },
  { name: 'scratch', mountPath: '/scratch', mountPropagation: 'HostToContainer' },
];

describe('volumeMounts', () => {
  test('on a predictor model: the model container mounts them and the pod lists each volume once', () => {
    const { app, chart } = build(c => {
      const v = volumes(c);
      return { predictor: { model: MODEL, volumeMounts: v.mounts } };
    });
    expect(synthErrors(app)).toEqual([]);
    const spec = specOf(chart);
    expect(spec.predictor.model.volumeMounts).toEqual(MOUNTS_YAML);
    expect(spec.predictor.volumes).toEqual(volumes(newChart().chart).volumes);
    expect(spec.predictor.containers).toBeUndefined();
  });

  test('on a custom predictor container and on a transformer: containers[0] mounts them', () => {
    const { app, chart } = build(c => {
      const v = volumes(c);
      return {
        predictor: { container: SERVER, volumeMounts: v.mounts },
        transformer: { container: SERVER, volumeMounts: [v.mounts[1]] },
      };
    });
    expect(synthErrors(app)).toEqual([]);
    const spec = specOf(chart);
    expect(spec.predictor.containers).toHaveLength(1);
    expect(spec.predictor.containers[0].name).toBe('kserve-container');
    expect(spec.predictor.containers[0].volumeMounts).toEqual(MOUNTS_YAML);
    expect(spec.predictor.volumes).toEqual(volumes(newChart().chart).volumes);
    expect(spec.transformer.containers[0].volumeMounts).toEqual([MOUNTS_YAML[1]]);
    expect(spec.transformer.volumes).toEqual([volumes(newChart().chart).volumes[1]]);
  });

  test('the same Volume mounted twice renders one volume', () => {
    const { app, chart } = build(c => {
      const data = Volume.fromEmptyDir(c, 'data', 'data');
      return { predictor: { container: SERVER, volumeMounts: [{ volume: data, path: '/a' }, { volume: data, path: '/b', subPath: 'b' }] } };
    });
    expect(synthErrors(app)).toEqual([]);
    const spec = specOf(chart);
    expect(spec.predictor.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(spec.predictor.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/a' }, { name: 'data', mountPath: '/b', subPath: 'b' }]);
  });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'validates against the KServe %s schema (model, custom container, transformer)', (schema, version) => {
      const { app, chart } = build(c => {
        const v = volumes(c);
        return {
          version,
          deploymentMode: DeploymentMode.STANDARD,
          predictor: { model: MODEL, volumeMounts: v.mounts, sharedMemory: Size.gibibytes(2) },
          transformer: { container: SERVER, volumeMounts: v.mounts, sharedMemory: Size.mebibytes(512) },
        };
      });
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });
});

describe('sharedMemory', () => {
  test('adds a memory-backed devshm emptyDir with the size limit, mounted at /dev/shm on the main container', () => {
    const { app, chart } = build(c => ({
      predictor: { model: MODEL, sharedMemory: Size.gibibytes(16), volumeMounts: [{ volume: Volume.fromEmptyDir(c, 'tmp', 'tmp'), path: '/tmp' }] },
      transformer: { container: SERVER, sharedMemory: Size.mebibytes(1536) },
    }));
    expect(synthErrors(app)).toEqual([]);
    const spec = specOf(chart);
    expect(spec.predictor.model.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'devshm', mountPath: '/dev/shm' }]);
    expect(spec.predictor.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'devshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } }]);
    expect(spec.transformer.containers[0].volumeMounts).toEqual([{ name: 'devshm', mountPath: '/dev/shm' }]);
    expect(spec.transformer.volumes).toEqual([{ name: 'devshm', emptyDir: { medium: 'Memory', sizeLimit: '1536Mi' } }]);
  });

  test('clashes with a mount at /dev/shm or a volume named devshm, and must be a positive Size', () => {
    const { app } = build(c => ({
      predictor: {
        model: MODEL,
        sharedMemory: Size.gibibytes(1),
        volumeMounts: [{ volume: Volume.fromEmptyDir(c, 'shm', 'shm'), path: '/dev/shm/' }, { volume: Volume.fromEmptyDir(c, 'd', 'devshm'), path: '/d' }],
      },
      transformer: { container: SERVER, sharedMemory: Size.kibibytes(0) },
      explainer: { container: SERVER, sharedMemory: 1024 as any },
    }));
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "spec.predictor.volumeMounts[0].path '/dev/shm/' is where sharedMemory mounts its volume");
    expectError(errors, 'test/iris', "spec.predictor.volumeMounts[1].volume: volume name 'devshm' is the one sharedMemory uses");
    expectError(errors, 'test/iris', 'spec.transformer.sharedMemory must be greater than zero');
    expectError(errors, 'test/iris', 'explainer.sharedMemory: must be a Size (Size.kibibytes(...), Size.mebibytes(...), Size.gibibytes(...), ...) (got number 1024)');
    expect(errors).toHaveLength(4);
  });
});

describe('volume and mount rules', () => {
  test('paths are absolute without ":" and unique per container; subPaths relative without ".."', () => {
    const { app } = build(c => {
      const a = Volume.fromEmptyDir(c, 'a', 'a');
      return {
        deploymentMode: DeploymentMode.STANDARD,
        predictor: {
          container: SERVER,
          volumeMounts: [
            { volume: a, path: 'relative' },
            { volume: a, path: '/c:d' },
            { volume: a, path: '/x' },
            { volume: a, path: '/x/' },
            { volume: a, path: '/y', subPath: '/abs' },
            { volume: a, path: '/z', subPathExpr: 'a/../..' },
            { volume: a, path: '/w', subPath: 'p', subPathExpr: 'q' },
          ],
        },
      };
    });
    const errors = synthErrors(app);
    const at = 'spec.predictor.volumeMounts';
    expectError(errors, 'test/iris', `${at}[0].path 'relative' must be an absolute path without ':'`);
    expectError(errors, 'test/iris', `${at}[1].path '/c:d' must be an absolute path without ':'`);
    expectError(errors, 'test/iris', `${at}[3].path '/x/' is already mounted at ${at}[2]`);
    expectError(errors, 'test/iris', `${at}[4].subPath '/abs' must be a relative path inside the volume, without '..'`);
    expectError(errors, 'test/iris', `${at}[5].subPathExpr 'a/../..' must be a relative path`);
    expectError(errors, 'test/iris', `${at}[6]: subPath and subPathExpr are mutually exclusive`);
    expect(errors).toHaveLength(6);
  });

  test('volume names are unique DNS-1123 labels that KServe does not use itself', () => {
    const { app } = build(c => ({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        container: SERVER,
        volumeMounts: [
          { volume: Volume.fromConfigMap(c, 'cm', ConfigMap.fromConfigMapName(c, 'm', 'server.config')), path: '/a', readOnly: true },
          { volume: Volume.fromEmptyDir(c, 'one', 'data'), path: '/b' },
          { volume: Volume.fromEmptyDir(c, 'two', 'data'), path: '/c' },
          ...['kserve-provision-location', 'kserve-pvc-source', 'cabundle-cert', 'model-dir', 'user-gcp-sa', 'kserve-provision-location-1']
            .map((name, i) => ({ volume: Volume.fromEmptyDir(c, name, name), path: `/k${i}` })),
        ],
      },
    }));
    const errors = synthErrors(app);
    const at = 'spec.predictor.volumeMounts';
    expectError(errors, 'test/iris', `${at}[0].volume: volume name 'configmap-server.config' must be a DNS-1123 label`);
    expectError(errors, 'test/iris', `${at}[2].volume: another volume is already named 'data'`);
    for (const [i, name] of ['kserve-provision-location', 'kserve-pvc-source', 'cabundle-cert', 'model-dir', 'user-gcp-sa', 'kserve-provision-location-1'].entries()) {
      expectError(errors, 'test/iris', `${at}[${i + 3}].volume: volume name '${name}' is one KServe adds to the pod itself`);
    }
    expect(errors).toHaveLength(8);
  });

  test("KServe's model paths are rejected where KServe mounts the model, and allowed where it does not", () => {
    const paths = ['/mnt/models', '/mnt/models/cache', '/mnt/pvc', '/mnt'];
    const mounts = (c: Chart, id: string) => paths.map((path, i) => ({ volume: Volume.fromEmptyDir(c, `${id}${i}`, `v${i}`), path }));
    const { app } = build(c => ({
      predictor: { model: MODEL, volumeMounts: mounts(c, 'p') },
      transformer: { container: { ...SERVER, storageUri: StorageUri.parse('s3://bucket/vocab') }, volumeMounts: mounts(c, 't') },
      explainer: { container: SERVER, volumeMounts: mounts(c, 'e') },
    }));
    const errors = synthErrors(app);
    for (const component of ['predictor', 'transformer']) {
      paths.forEach((path, i) => expectError(errors, 'test/iris', `spec.${component}.volumeMounts[${i}].path '${path}' clashes with where KServe mounts the model`));
    }
    expect(errors).toHaveLength(8);
  });

  test('Knative: reserved paths, and read-only mounts for volumes other than emptyDir and claims', () => {
    const { app } = build(c => {
      const claim = PersistentVolumeClaim.fromClaimName(c, 'claim', 'data');
      return {
        deploymentMode: DeploymentMode.KNATIVE,
        predictor: {
          container: SERVER,
          volumeMounts: [
            { volume: Volume.fromEmptyDir(c, 'dev', 'dev'), path: '/dev' },
            { volume: Volume.fromConfigMap(c, 'cm', ConfigMap.fromConfigMapName(c, 'm', 'cfg')), path: '/etc/cfg' },
            { volume: Volume.fromPersistentVolumeClaim(c, 'ro', claim, { name: 'ro', readOnly: true }), path: '/ro' },
            { volume: Volume.fromPersistentVolumeClaim(c, 'rw', claim, { name: 'rw' }), path: '/rw' },
            { volume: Volume.fromSecret(c, 's', Secret.fromSecretName(c, 'sec', 'tls')), path: '/tls', readOnly: true },
          ],
        },
      };
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "spec.predictor.volumeMounts[0].path '/dev' is reserved by Knative");
    expectError(errors, 'test/iris', "spec.predictor.volumeMounts[1]: Knative only mounts volume 'configmap-cfg' read-only; set readOnly: true");
    expectError(errors, 'test/iris', "spec.predictor.volumeMounts[2]: the claim of volume 'ro' is read-only; set readOnly: true on the mount");
    expect(errors).toHaveLength(3);
  });

  test('plain JavaScript objects are synth errors, not crashes', () => {
    const { app } = build(c => {
      const a = Volume.fromEmptyDir(c, 'a', 'a');
      return {
        predictor: { container: SERVER, volumeMounts: [{ volume: { name: 'data', emptyDir: {} }, path: '/data' } as any] },
        transformer: { container: SERVER, volumeMounts: 'data:/data' as any },
        explainer: {
          container: SERVER,
          volumeMounts: [{ volume: a, path: '/v', propagation: 'Sideways' as any }, { volume: a, path: '/u', readOnly: 'yes' as any }],
        },
      };
    });
    const errors = synthErrors(app);
    // The runtime type check (private/shape.ts) checks cdk8s-plus's VolumeMount field by field.
    expectError(errors, 'test/iris', 'predictor.volumeMounts[0].volume: must be a Volume (Volume.fromAwsElasticBlockStore(...), Volume.fromAzureDisk(...), '
      + 'Volume.fromGcePersistentDisk(...), ...) (got a plain object { name, emptyDir })');
    expectError(errors, 'test/iris', "transformer.volumeMounts: must be an array of cdk8s-plus VolumeMount ({ volume, path, ... }) (got string 'data:/data')");
    expectError(errors, 'test/iris', "explainer.volumeMounts[0].propagation: must be one of 'None', 'HostToContainer', 'Bidirectional' (got string 'Sideways')");
    expectError(errors, 'test/iris', "explainer.volumeMounts[1].readOnly: must be true or false (got string 'yes')");
    expect(errors).toHaveLength(4);
    // A list item of the wrong type: the other checks would see the list without it, so only the type problem is reported.
    const withNull = build(() => ({ predictor: { container: SERVER, volumeMounts: [null as any] } }));
    expect(synthErrors(withNull.app)).toEqual(['[test/iris] predictor.volumeMounts[0]: must be a cdk8s-plus VolumeMount ({ volume, path, ... }) (got null)']);
  });
});
