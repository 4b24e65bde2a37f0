/**
 * The remaining pod and main-container fields of KServe's component: hostUsers, os, schedulingGates,
 * readinessGates, resourceClaims (with the main container's resources.claims), pod-level resources, and the main
 * container's terminationMessagePath / terminationMessagePolicy, volumeDevices and resizePolicy.
 */
import { Size, Testing } from 'cdk8s';
import { Cpu, PersistentVolumeClaim, Volume } from 'cdk8s-plus-28';
import {
  ComponentOptions, DeploymentMode, InferenceServiceProps, KServeVersion, Model, PodOs, ResizeRestartPolicy, ResourceClaim,
  StorageUri, TerminationMessagePolicy,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';
import { buildService as build } from './util/service';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };
type Chart = ReturnType<typeof newChart>['chart'];


function predictor(chart: Chart) {
  return Testing.synth(chart).find(o => o.kind === 'InferenceService').spec.predictor;
}

function errorsOf(options: Partial<ComponentOptions>, extra: Partial<InferenceServiceProps> = {}) {
  const { app } = build(() => ({ deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, ...options } as any, ...extra }));
  return synthErrors(app);
}

const raw = (chart: Chart) => Volume.fromPersistentVolumeClaim(chart, 'raw',
  PersistentVolumeClaim.fromClaimName(chart, 'claim', 'scratch-block'), { name: 'scratch' });

describe('set through the typed API', () => {
  test('every field reaches the YAML exactly and is valid against the v0.20.0 schemas (Standard mode)', () => {
    const { app, chart } = build(c => ({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        model: MODEL,
        hostUsers: false,
        os: PodOs.LINUX,
        schedulingGates: ['example.com/quota'],
        readinessGates: ['example.com/warmed-up'],
        resourceClaims: [ResourceClaim.fromTemplateName('gpu', 'single-a100', { request: 'gpu' }), ResourceClaim.fromClaimName('shared', 'team-fpga')],
        resources: { cpu: { request: Cpu.units(1), limit: Cpu.units(2) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(4) } },
        podResources: { cpu: { request: Cpu.units(2), limit: Cpu.units(4) }, memory: { request: Size.gibibytes(4), limit: Size.gibibytes(8) } },
        terminationMessagePath: '/tmp/termination-log',
        terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR,
        volumeDevices: [{ volume: raw(c), path: '/dev/xvda' }],
        resizePolicy: { cpu: ResizeRestartPolicy.NOT_REQUIRED, memory: ResizeRestartPolicy.RESTART_CONTAINER },
      },
    }));
    expect(synthErrors(app)).toEqual([]);
    const p = predictor(chart);
    expect(p).toMatchObject({
      hostUsers: false,
      os: { name: 'linux' },
      schedulingGates: [{ name: 'example.com/quota' }],
      readinessGates: [{ conditionType: 'example.com/warmed-up' }],
      resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'single-a100' }, { name: 'shared', resourceClaimName: 'team-fpga' }],
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
      volumes: [{ name: 'scratch', persistentVolumeClaim: { claimName: 'scratch-block', readOnly: false } }],
    });
    expect(p.model.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '2', memory: '4Gi' },
      claims: [{ name: 'gpu', request: 'gpu' }, { name: 'shared' }],
    });
    expect(p.model).toMatchObject({
      terminationMessagePath: '/tmp/termination-log',
      terminationMessagePolicy: 'FallbackToLogsOnError',
      volumeDevices: [{ name: 'scratch', devicePath: '/dev/xvda' }],
      resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'memory', restartPolicy: 'RestartContainer' }],
    });
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('the fields of both CRDs are valid against the v0.13.1 schemas, on a custom container too', () => {
    const { app, chart } = build(c => ({
      version: KServeVersion.V0_13,
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        container: SERVER,
        hostUsers: false,
        os: PodOs.LINUX,
        schedulingGates: ['example.com/quota'],
        readinessGates: ['example.com/warmed-up'],
        terminationMessagePolicy: TerminationMessagePolicy.FILE,
        volumeDevices: [{ volume: raw(c), path: '/dev/xvda' }],
        resizePolicy: { memory: ResizeRestartPolicy.RESTART_CONTAINER },
      },
    }));
    expect(synthErrors(app)).toEqual([]);
    const container = predictor(chart).containers[0];
    expect(container).toMatchObject({
      terminationMessagePolicy: 'File',
      volumeDevices: [{ name: 'scratch', devicePath: '/dev/xvda' }],
      resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }],
    });
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.13.1' });
  });

  test('the termination message fields are accepted in Knative mode (ContainerMask keeps them)', () => {
    const { app, chart } = build(() => ({
      predictor: { model: MODEL, terminationMessagePath: '/var/log/done', terminationMessagePolicy: TerminationMessagePolicy.FILE },
    }));
    expect(synthErrors(app)).toEqual([]);
    expect(predictor(chart).model).toMatchObject({ terminationMessagePath: '/var/log/done', terminationMessagePolicy: 'File' });
  });

  test('a Windows custom container renders without the Linux security defaults and is valid', () => {
    const { app, chart } = build(() => ({ deploymentMode: DeploymentMode.STANDARD, predictor: { container: SERVER, os: PodOs.WINDOWS } }));
    expect(synthErrors(app)).toEqual([]);
    const p = predictor(chart);
    expect(p.os).toEqual({ name: 'windows' });
    expect(p.containers[0].securityContext).toBeUndefined();
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });
});

describe('rules', () => {
  const at = 'test/iris';

  test('Knative refuses every field but the termination message, naming each', () => {
    const { app } = build(c => ({
      predictor: {
        model: MODEL,
        hostUsers: false,
        os: PodOs.LINUX,
        schedulingGates: ['example.com/quota'],
        readinessGates: ['example.com/ready'],
        resourceClaims: [ResourceClaim.fromTemplateName('gpu', 'single-a100')],
        resources: { cpu: { request: Cpu.units(1) } },
        podResources: { cpu: { request: Cpu.units(2) } },
        volumeDevices: [{ volume: raw(c), path: '/dev/xvda' }],
        resizePolicy: { cpu: ResizeRestartPolicy.NOT_REQUIRED },
      },
    }));
    const errors = synthErrors(app);
    for (const prop of ['hostUsers', 'os', 'schedulingGates', 'readinessGates', 'resourceClaims', 'podResources']) {
      expectError(errors, at, `spec.predictor.${prop}: Knative Serving does not accept it`);
    }
    for (const prop of ['volumeDevices', 'resizePolicy']) expectError(errors, at, `spec.predictor.${prop} is not accepted by Knative`);
    expect(errors).toHaveLength(8);
  });

  test('KServe v0.13 rejects pod-level resources and resource claims', () => {
    const errors = errorsOf({
      resourceClaims: [ResourceClaim.fromTemplateName('gpu', 'single-a100')],
      resources: { cpu: { request: Cpu.units(1) } },
      podResources: { cpu: { request: Cpu.units(2) } },
    }, { version: KServeVersion.V0_13 });
    expectError(errors, at, 'spec.predictor.resourceClaims needs KServe v0.15 or later (target is v0.13.1)', 'Kubernetes 1.31 removed');
    expectError(errors, at, 'spec.predictor.podResources needs KServe v0.15 or later (target is v0.13.1)', 'no pod-level resources');
    expect(errors).toHaveLength(2);
  });

  test('hostUsers false cannot share the host IPC namespace; hostUsers must be a boolean', () => {
    expectError(errorsOf({ hostUsers: false, hostIPC: true }), at, 'spec.predictor.hostUsers false', 'hostIPC true');
    expectError(errorsOf({ hostUsers: 'no' as any }), at, "predictor.hostUsers: must be true or false (got string 'no')");
  });

  test('os is a PodOs; Windows refuses KServe Linux containers and Linux-only fields', () => {
    expectError(errorsOf({ os: 'macos' as any }), at, "predictor.os: must be one of 'linux', 'windows' (got string 'macos')");
    expectError(errorsOf({ os: PodOs.WINDOWS }), at, 'PodOs.WINDOWS cannot be combined with spec.predictor.model');
    const errors = errorsOf({
      model: undefined,
      container: { ...SERVER, storageUri: StorageUri.parse('gs://models/x') },
      os: PodOs.WINDOWS,
      logger: {},
      hostIPC: false,
      podSecurityContext: { user: 1000, sysctls: [] },
      securityContext: { readOnlyRootFilesystem: true, ensureNonRoot: true },
    } as any);
    for (const prop of ['container.storageUri', 'logger']) expectError(errors, at, `cannot be combined with spec.predictor.${prop}`);
    for (const prop of ['hostIPC', 'podSecurityContext.user', 'podSecurityContext.sysctls', 'securityContext.readOnlyRootFilesystem']) {
      expectError(errors, at, `spec.predictor.${prop} must be unset with os PodOs.WINDOWS`);
    }
    expect(errors).toHaveLength(6);
  });

  test('scheduling and readiness gates are qualified names, each once, in a list', () => {
    expectError(errorsOf({ schedulingGates: ['example.com/quota', 'example.com/quota'] }), at, "spec.predictor.schedulingGates[1] 'example.com/quota' is given twice");
    expectError(errorsOf({ readinessGates: ['bad gate!'] }), at, 'spec.predictor.readinessGates[0]', "'bad gate!' is invalid");
    expectError(errorsOf({ schedulingGates: 'example.com/quota' as any }), at, "predictor.schedulingGates: must be an array of strings (got string 'example.com/quota')");
    expectError(errorsOf({ readinessGates: [{ conditionType: 'x' }] as any }), at, 'predictor.readinessGates[0]: must be a string (got a plain object { conditionType })');
  });

  test('resource claims: ResourceClaim values with valid, unique names', () => {
    const errors = errorsOf({
      resourceClaims: [
        ResourceClaim.fromTemplateName('GPU', 'single_a100', { request: 'Big' }),
        ResourceClaim.fromClaimName('fpga', 'team-fpga'),
        ResourceClaim.fromClaimName('fpga', 'other-fpga'),
      ],
    });
    expectError(errors, at, "spec.predictor.resourceClaims[0].name 'GPU' must be a DNS-1123 label");
    expectError(errors, at, "spec.predictor.resourceClaims[0].resourceClaimTemplateName 'single_a100' must be a DNS-1123 subdomain");
    expectError(errors, at, "spec.predictor.resourceClaims[0].request 'Big' must be a DNS-1123 label");
    expectError(errors, at, "spec.predictor.resourceClaims[2]: claim name 'fpga' is given twice");
    expect(errors).toHaveLength(4);
    expectError(errorsOf({ resourceClaims: [{ name: 'gpu', resourceClaimName: 'x' } as any] }), at,
      'predictor.resourceClaims[0]: must be a ResourceClaim (ResourceClaim.fromClaimName(...) or ResourceClaim.fromTemplateName(...)) (got a plain object { name, resourceClaimName })');
    expectError(errorsOf({ resourceClaims: 'gpu' as any }), at, "predictor.resourceClaims: must be an array of ResourceClaim (ResourceClaim.fromClaimName(...) or ResourceClaim.fromTemplateName(...)) (got string 'gpu')");
  });

  test('pod resources: cpu and memory only, bounds ordered, holding the main container\'s, which must be given', () => {
    expectError(errorsOf({ podResources: { ephemeralStorage: { request: Size.gibibytes(1) } } as any }), at,
      'predictor.podResources.ephemeralStorage: unknown property; known: cpu, memory');
    expectError(errorsOf({ podResources: 'big' as any }), at, "predictor.podResources: must be a PodResources ({ cpu?, memory? }) (got string 'big')");
    expectError(errorsOf({ podResources: { cpu: { request: Cpu.units(1) } } }), at,
      'spec.predictor.podResources.cpu needs spec.predictor.resources.cpu too');
    const errors = errorsOf({
      resources: { cpu: { request: Cpu.millis(1500) }, memory: { limit: Size.gibibytes(8) } },
      podResources: { cpu: { request: Cpu.units(1), limit: Cpu.millis(500) }, memory: { limit: Size.gibibytes(4) } },
    });
    expectError(errors, at, 'spec.predictor.podResources.cpu.request (1) must be less than or equal to spec.predictor.podResources.cpu.limit (500m)');
    expectError(errors, at, 'spec.predictor.resources.cpu.request must fit in spec.predictor.podResources.cpu.request');
    expectError(errors, at, 'spec.predictor.resources.memory.limit must fit in spec.predictor.podResources.memory.limit');
    expect(errors).toHaveLength(3);
  });

  test('termination message: an absolute file path and a TerminationMessagePolicy', () => {
    const errors = errorsOf({ terminationMessagePath: 'log/done', terminationMessagePolicy: 'Always' as any });
    expectError(errors, at, 'spec.predictor.terminationMessagePath "log/done" must be an absolute file path');
    expectError(errors, at, "predictor.terminationMessagePolicy: must be one of 'File', 'FallbackToLogsOnError' (got string 'Always')");
    expectError(errorsOf({ terminationMessagePath: 42 as any }), at, 'predictor.terminationMessagePath: must be a string (got number 42)');
  });

  test('volume devices: claims only, each once, at unique absolute paths, not also mounted', () => {
    const { app } = build(c => {
      const claim = raw(c);
      const cache = Volume.fromEmptyDir(c, 'cache', 'cache');
      return {
        deploymentMode: DeploymentMode.STANDARD,
        predictor: {
          model: MODEL,
          volumeMounts: [{ volume: claim, path: '/data' }],
          volumeDevices: [
            { volume: claim, path: '/dev/xvda' },
            { volume: cache, path: '/data' },
            { volume: cache, path: 'dev/xvdb' },
            { volume: Volume.fromPersistentVolumeClaim(c, 'm', PersistentVolumeClaim.fromClaimName(c, 'mc', 'm'), { name: 'model-block' }), path: '/mnt/models' },
          ],
        },
      };
    });
    const errors = synthErrors(app);
    expectError(errors, at, "spec.predictor.volumeDevices[0].volume 'scratch' is also mounted as a filesystem");
    expectError(errors, at, "spec.predictor.volumeDevices[1].volume 'cache' must be a persistent volume claim");
    expectError(errors, at, "spec.predictor.volumeDevices[1].path '/data' is also a mount path");
    expectError(errors, at, "spec.predictor.volumeDevices[2].volume 'cache' is already a device of this container");
    expectError(errors, at, 'spec.predictor.volumeDevices[2].path "dev/xvdb" must be an absolute path');
    expectError(errors, at, "spec.predictor.volumeDevices[3].path '/mnt/models' clashes with where KServe mounts the model");
    expect(errors).toHaveLength(7);
    // A plain object from JavaScript: the runtime type check names what it lacks and what it should not have.
    const plain = errorsOf({ volumeDevices: [{ name: 'scratch', devicePath: '/dev/xvdc' } as any] });
    expectError(plain, at, 'predictor.volumeDevices[0].name: unknown property; known: volume, path');
    expectError(plain, at, "predictor.volumeDevices[0].devicePath: unknown property; did you mean 'path'?");
    expectError(plain, at, 'predictor.volumeDevices[0].volume is required (a Volume (');
    expectError(plain, at, 'predictor.volumeDevices[0].path is required (a string)');
    expect(plain).toHaveLength(4);
    expectError(errorsOf({ volumeDevices: { path: '/dev/x' } as any }), at,
      'predictor.volumeDevices: must be an array of VolumeDevice ({ volume, path }) (got a plain object { path })');
  });

  test('resize policy: cpu and memory, each a ResizeRestartPolicy', () => {
    const errors = errorsOf({ resizePolicy: { cpu: 'Sometimes', gpu: ResizeRestartPolicy.NOT_REQUIRED } as any });
    expectError(errors, at, "predictor.resizePolicy.gpu: unknown property; did you mean 'cpu'?");
    expectError(errors, at, "predictor.resizePolicy.cpu: must be one of 'NotRequired', 'RestartContainer' (got string 'Sometimes')");
    expectError(errorsOf({ resizePolicy: 'cpu' as any }), at, "predictor.resizePolicy: must be a ResizePolicy ({ cpu?, memory? }) (got string 'cpu')");
  });
});
