import { Duration, Size, Testing } from 'cdk8s';
import {
  Capability, ConfigMap, ContainerProps, ContainerRestartPolicy, Cpu, Env, EnvValue, Handler, ImagePullPolicy, MountPropagation, Probe, Protocol,
  SeccompProfileType, Volume,
} from 'cdk8s-plus-28';
import {
  DeploymentMode, KServeVersion, Model, StorageUri, TRANSFORMER_CONTAINER_NAME,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { buildService as build, serviceSpec as specOf } from './util/service';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };
const SIDE = 'registry.example.com/ml/sidecar:2.0.0';
type Chart = ReturnType<typeof newChart>['chart'];


/** A sidecar using every ContainerProps field, and the YAML it must give (nothing added). */
function fullSidecar(c: Chart): ContainerProps {
  return {
    name: 'log-shipper',
    image: SIDE,
    command: ['/bin/ship'],
    args: ['--to', 'loki'],
    workingDir: '/work',
    ports: [{ number: 9100, name: 'metrics', protocol: Protocol.TCP }],
    envVariables: { LEVEL: EnvValue.fromValue('info') },
    envFrom: [Env.fromConfigMap(ConfigMap.fromConfigMapName(c, 'env', 'shipper-env'), 'SHIP_')],
    volumeMounts: [{ volume: Volume.fromEmptyDir(c, 'logs', 'logs'), path: '/var/log/server', readOnly: true }],
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    readiness: Probe.fromHttpGet('/ready', { port: 9100, periodSeconds: Duration.seconds(5) }),
    liveness: Probe.fromCommand(['/bin/check']),
    startup: Probe.fromTcpSocket({ port: 9100 }),
    lifecycle: { preStop: Handler.fromCommand(['/bin/flush']) },
    resources: { cpu: { request: Cpu.millis(50), limit: Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
    securityContext: {
      ensureNonRoot: true,
      user: 1000,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [Capability.ALL] },
      seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT },
    },
  };
}

const FULL_SIDECAR_YAML = {
  name: 'log-shipper',
  image: SIDE,
  command: ['/bin/ship'],
  args: ['--to', 'loki'],
  workingDir: '/work',
  ports: [{ containerPort: 9100, name: 'metrics', protocol: 'TCP' }],
  env: [{ name: 'LEVEL', value: 'info' }],
  envFrom: [{ configMapRef: { name: 'shipper-env' }, prefix: 'SHIP_' }],
  volumeMounts: [{ name: 'logs', mountPath: '/var/log/server', readOnly: true }],
  imagePullPolicy: 'IfNotPresent',
  readinessProbe: { httpGet: { path: '/ready', port: 9100, scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 3 },
  livenessProbe: { exec: { command: ['/bin/check'] }, failureThreshold: 3 },
  startupProbe: { tcpSocket: { port: 9100 }, failureThreshold: 3 },
  lifecycle: { preStop: { exec: { command: ['/bin/flush'] } } },
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

describe('extraContainers and initContainers', () => {
  test('a sidecar next to a predictor model renders exactly what was given (v0.20)', () => {
    const { app, chart } = build(c => ({ deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, extraContainers: [fullSidecar(c)] } }));
    expect(synthErrors(app)).toEqual([]);
    const spec = specOf(chart);
    expect(spec.predictor.containers).toEqual([FULL_SIDECAR_YAML]);
    expect(spec.predictor.volumes).toEqual([{ name: 'logs', emptyDir: {} }]);
  });

  test('a minimal sidecar gets none of cdk8s-plus Container defaults', () => {
    const { app, chart } = build(() => ({ deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, extraContainers: [{ name: 'proxy', image: SIDE }] } }));
    expect(synthErrors(app)).toEqual([]);
    expect(specOf(chart).predictor.containers).toEqual([{ name: 'proxy', image: SIDE }]);
  });

  test('on a custom predictor and a transformer the sidecars follow the kserve-container; init containers render alike', () => {
    const { app, chart } = build(c => {
      const shared = Volume.fromEmptyDir(c, 'shared', 'shared');
      return {
        deploymentMode: DeploymentMode.STANDARD,
        predictor: {
          container: SERVER,
          volumeMounts: [{ volume: shared, path: '/shared' }],
          extraContainers: [{ name: 'helper', image: SIDE, volumeMounts: [{ volume: shared, path: '/in' }] }],
          initContainers: [
            { name: 'warmup', image: SIDE, args: ['--prefetch'], volumeMounts: [{ volume: shared, path: '/out' }] },
            { name: 'token-refresher', image: SIDE, restartPolicy: ContainerRestartPolicy.ALWAYS, startup: Probe.fromCommand(['true']) },
          ],
        },
        transformer: { container: SERVER, extraContainers: [{ name: 'cache', image: SIDE, portNumber: 6379 }] },
      };
    });
    expect(synthErrors(app)).toEqual([]);
    const spec = specOf(chart);
    expect(spec.predictor.containers.map((x: any) => x.name)).toEqual(['kserve-container', 'helper']);
    expect(spec.predictor.containers[0].volumeMounts).toEqual([{ name: 'shared', mountPath: '/shared' }]);
    expect(spec.predictor.containers[1]).toEqual({ name: 'helper', image: SIDE, volumeMounts: [{ name: 'shared', mountPath: '/in' }] });
    expect(spec.predictor.initContainers).toEqual([
      { name: 'warmup', image: SIDE, args: ['--prefetch'], volumeMounts: [{ name: 'shared', mountPath: '/out' }] },
      { name: 'token-refresher', image: SIDE, restartPolicy: 'Always', startupProbe: { exec: { command: ['true'] }, failureThreshold: 3 } },
    ]);
    expect(spec.predictor.volumes).toEqual([{ name: 'shared', emptyDir: {} }]);
    expect(spec.transformer.containers.map((x: any) => x.name)).toEqual(['kserve-container', 'cache']);
    expect(spec.transformer.containers[1].ports).toEqual([{ containerPort: 6379 }]);
  });

  test('a collocated transformer: a transformer-container next to the custom predictor, holding the one Knative port', () => {
    const { app, chart } = build(() => ({
      deploymentMode: DeploymentMode.KNATIVE,
      predictor: {
        container: { ...SERVER, storageUri: StorageUri.parse('s3://models/iris') },
        args: ['--http_port=8085'],
        extraContainers: [{ name: TRANSFORMER_CONTAINER_NAME, image: SIDE, ports: [{ number: 8080, name: 'http1' }], args: ['--predictor_host=localhost:8085'] }],
      },
    }));
    expect(synthErrors(app)).toEqual([]);
    const spec = specOf(chart);
    expect(spec.predictor.containers[1]).toEqual({
      name: 'transformer-container', image: SIDE, ports: [{ containerPort: 8080, name: 'http1' }], args: ['--predictor_host=localhost:8085'],
    });
    expect(spec.predictor.containers[0].ports).toBeUndefined();
  });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'validates against the KServe %s schema', (schema, version) => {
      const { app, chart } = build(c => ({
        version,
        deploymentMode: DeploymentMode.STANDARD,
        predictor: {
          container: SERVER,
          extraContainers: [fullSidecar(c)],
          initContainers: [{ name: 'warmup', image: SIDE }, { name: 'native', image: SIDE, restartPolicy: ContainerRestartPolicy.ALWAYS }],
        },
        transformer: { container: SERVER, extraContainers: [{ name: 'cache', image: SIDE }], initContainers: [{ name: 'warmup', image: SIDE }] },
      }));
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });

  test('KServe v0.13 rejects containers next to a predictor model; v0.20 accepts them', () => {
    const props = (version: KServeVersion) => () => ({
      version, deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, extraContainers: [{ name: 'proxy', image: SIDE }] },
    });
    expectError(build(props(KServeVersion.V0_13)).app, 'test/iris', 'spec.predictor.extraContainers next to a predictor model needs KServe v0.15 or later (target is v0.13.1)');
    expect(synthErrors(build(props(KServeVersion.V0_20)).app)).toEqual([]);
  });
});

describe('extra container rules', () => {
  test('names: explicit DNS-1123 labels, unique across containers and init containers, not reserved', () => {
    const { app } = build(() => ({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        container: SERVER,
        extraContainers: [
          { image: SIDE },
          { name: 'Side_Car', image: SIDE },
          { name: 'kserve-container', image: SIDE },
          { name: 'queue-proxy', image: SIDE },
          { name: 'modelcar-init-2', image: SIDE },
          { name: 'helper', image: SIDE },
        ],
        initContainers: [{ name: 'helper', image: SIDE }, { name: 'storage-initializer', image: SIDE }, { name: TRANSFORMER_CONTAINER_NAME, image: SIDE }],
      },
      transformer: { container: SERVER, extraContainers: [{ name: TRANSFORMER_CONTAINER_NAME, image: SIDE }] },
    }));
    const errors = synthErrors(app);
    const at = 'spec.predictor.extraContainers';
    expectError(errors, 'test/iris', `${at}[0].name is missing: every extra container needs a name, a DNS-1123 label`);
    expectError(errors, 'test/iris', `${at}[1].name 'Side_Car' must be a DNS-1123 label`);
    expectError(errors, 'test/iris', `${at}[2].name 'kserve-container' is already used by the main container`);
    expectError(errors, 'test/iris', `${at}[3].name 'queue-proxy' is a container name KServe, Knative or Istio adds to the pod`);
    expectError(errors, 'test/iris', `${at}[4].name 'modelcar-init-2' is a container name KServe, Knative or Istio adds to the pod`);
    expectError(errors, 'test/iris', `spec.predictor.initContainers[0].name 'helper' is already used by ${at}[5].name`);
    expectError(errors, 'test/iris', "spec.predictor.initContainers[1].name 'storage-initializer' is a container name KServe");
    expectError(errors, 'test/iris', "spec.predictor.initContainers[2].name 'transformer-container' marks a transformer collocated with the predictor");
    expectError(errors, 'test/iris', "spec.transformer.extraContainers[0].name 'transformer-container' marks a transformer collocated");
    expect(errors).toHaveLength(9);
  });

  test('image, ports, env, restartPolicy, init-container probes and resources', () => {
    const { app } = build(() => ({
      version: KServeVersion.V0_20,
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        container: SERVER,
        extraContainers: [
          { name: 'a', image: 'sidecar' },
          { name: 'b', image: SIDE, port: 80, portNumber: 81 },
          { name: 'c', image: SIDE, ports: [{ number: 70000 }] },
          { name: 'd', image: SIDE, envVariables: { '1BAD': EnvValue.fromValue('x'), 'PYTHONPATH': EnvValue.fromValue('/x') } },
          { name: 'e', image: SIDE, restartPolicy: ContainerRestartPolicy.ALWAYS },
          { name: 'f', image: SIDE, resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } },
        ],
        initContainers: [{ name: 'g', image: SIDE, readiness: Probe.fromCommand(['true']), lifecycle: { preStop: Handler.fromCommand(['x']) } }],
      },
    }));
    const errors = synthErrors(app);
    const at = 'spec.predictor.extraContainers';
    expectError(errors, 'test/iris', `${at}[0].image 'sidecar' has no tag or digest`);
    expectError(errors, 'test/iris', `${at}[1]: port and portNumber are the same setting; give portNumber only`);
    expectError(errors, 'test/iris', `${at}[2]: port 70000 must be a port number between 1 and 65535`);
    expectError(errors, 'test/iris', `${at}[3].envVariables name '1BAD' is invalid`);
    expectError(errors, 'test/iris', `${at}[3].envVariables: setting PYTHONPATH is not allowed by KServe`);
    expectError(errors, 'test/iris', `${at}[4].restartPolicy is only allowed on init containers`);
    expectError(errors, 'test/iris', `${at}[5].resources.memory.request (2Gi) must be less than or equal to`);
    expectError(errors, 'test/iris', 'spec.predictor.initContainers[0].readiness is not allowed on an init container');
    expectError(errors, 'test/iris', 'spec.predictor.initContainers[0].lifecycle is not allowed on an init container');
    expect(errors).toHaveLength(9);
  });

  test('Knative: one port across the containers, none of its reserved ports', () => {
    const { app } = build(() => ({
      deploymentMode: DeploymentMode.KNATIVE,
      predictor: { model: MODEL, extraContainers: [{ name: 'metrics', image: SIDE, portNumber: 9100 }] },
      transformer: { container: SERVER, extraContainers: [{ name: 'proxy', image: SIDE }] },
      explainer: { container: { ...SERVER, port: 8080 }, extraContainers: [{ name: 'proxy', image: SIDE, portNumber: 8012 }] },
    }));
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', 'spec.predictor.extraContainers: on Knative exactly one port may be declared across the pod\'s containers, found 2',
      "the runtime's container declares the serving port");
    expectError(errors, 'test/iris', 'spec.transformer.extraContainers: on Knative exactly one port may be declared across the pod\'s containers, found 0');
    expectError(errors, 'test/iris', 'spec.explainer.extraContainers: on Knative exactly one port may be declared across the pod\'s containers, found 2');
    expectError(errors, 'test/iris', 'spec.explainer.extraContainers[0]: port 8012 is reserved by Knative');
    expect(errors).toHaveLength(4);
  });

  test('the collocated transformer: no STORAGE_URI, and no mounts over the model KServe mounts into it', () => {
    const { app } = build(c => ({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        container: { ...SERVER, storageUri: StorageUri.parse('s3://models/iris') },
        extraContainers: [{
          name: TRANSFORMER_CONTAINER_NAME,
          image: SIDE,
          envVariables: { STORAGE_URI: EnvValue.fromValue('s3://models/other') },
          volumeMounts: [{ volume: Volume.fromEmptyDir(c, 'm', 'm'), path: '/mnt/models' }],
        }],
      },
    }));
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', 'spec.predictor.extraContainers[0].envVariables: the collocated transformer cannot set STORAGE_URI');
    expectError(errors, 'test/iris', "spec.predictor.extraContainers[0].volumeMounts[0].path '/mnt/models' clashes with where KServe mounts the model");
    expect(errors).toHaveLength(2);
  });

  test('mounts of extra containers follow the volume rules; another container may mount /mnt/models', () => {
    const { app } = build(c => {
      const a = Volume.fromEmptyDir(c, 'a', 'a');
      return {
        deploymentMode: DeploymentMode.STANDARD,
        predictor: {
          model: MODEL,
          volumeMounts: [{ volume: a, path: '/a' }],
          extraContainers: [
            { name: 'x', image: SIDE, volumeMounts: [{ volume: a, path: '/mnt/models' }, { volume: a, path: 'rel' }, { volume: Volume.fromEmptyDir(c, 'a2', 'a'), path: '/b' }] },
            { name: 'y', image: SIDE, volumeMounts: [{ volume: a, path: '/p', propagation: MountPropagation.BIDIRECTIONAL }] },
            { name: 'z', image: SIDE, securityContext: { privileged: true }, volumeMounts: [{ volume: a, path: '/p', propagation: MountPropagation.BIDIRECTIONAL }] },
          ],
        },
      };
    });
    const errors = synthErrors(app);
    const at = 'spec.predictor.extraContainers';
    expectError(errors, 'test/iris', `${at}[0].volumeMounts[1].path 'rel' must be an absolute path`);
    expectError(errors, 'test/iris', `${at}[0].volumeMounts[2].volume: another volume is already named 'a'`);
    expectError(errors, 'test/iris', `${at}[1].volumeMounts[0].propagation Bidirectional is only allowed in a privileged container`);
    expect(errors).toHaveLength(3);
  });

  test('plain JavaScript objects are synth errors, not crashes', () => {
    const { app } = build(() => ({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        container: SERVER,
        extraContainers: [
          { name: 'a', image: SIDE, envVariables: { LEVEL: 'info' as any }, readiness: { httpGet: { path: '/' } } as any, envFrom: [{ configMapRef: 'x' }] as any },
          { name: 'b', image: SIDE, lifecycle: { preStop: { exec: ['x'] } as any }, ports: 8080 as any },
        ],
        initContainers: 'warmup' as any,
      },
      transformer: { container: SERVER, extraContainers: { name: 'a', image: SIDE } as any },
    }));
    const errors = synthErrors(app);
    // The runtime type check (private/shape.ts) names the props as given, inside cdk8s-plus's ContainerProps too.
    expectError(errors, 'test/iris', "predictor.initContainers: must be an array of cdk8s-plus ContainerProps ({ image, ... }) (got string 'warmup')");
    expectError(errors, 'test/iris', 'transformer.extraContainers: must be an array of cdk8s-plus ContainerProps ({ image, ... }) (got a plain object { name, image })');
    const at = 'predictor.extraContainers';
    expectError(errors, 'test/iris', `${at}[0].envVariables['LEVEL']: must be an EnvValue (EnvValue.fromConfigMap(...), EnvValue.fromSecretValue(...), EnvValue.fromValue(...), ...) (got string 'info')`);
    expectError(errors, 'test/iris', `${at}[0].readiness: must be a Probe (Probe.fromHttpGet(...), Probe.fromCommand(...) or Probe.fromTcpSocket(...)) (got a plain object { httpGet })`);
    expectError(errors, 'test/iris', `${at}[0].envFrom[0]: must be an EnvFrom (Env.fromConfigMap(...), Env.fromSecret(...) or new EnvFrom(...)) (got a plain object { configMapRef })`);
    expectError(errors, 'test/iris', `${at}[1].lifecycle.preStop: must be a Handler (Handler.fromHttpGet(...), Handler.fromCommand(...) or Handler.fromTcpSocket(...)) (got a plain object { exec })`);
    expectError(errors, 'test/iris', `${at}[1].ports: must be an array of cdk8s-plus ContainerPort ({ number, ... }) (got number 8080)`);
    expect(errors).toHaveLength(7);
    // A list item that is not an object: the other checks would see the list without it, so only this is reported.
    const withNull = build(() => ({ predictor: { container: SERVER, extraContainers: [null as any, { name: 'bad_name', image: SIDE }] } }));
    expect(synthErrors(withNull.app)).toEqual(['[test/iris] predictor.extraContainers[0]: must be a cdk8s-plus ContainerProps ({ image, ... }) (got null)']);
  });
});
