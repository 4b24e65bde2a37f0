import { Duration, Testing } from 'cdk8s';
import {
  Capability, ConfigMap, ConnectionScheme, ContainerSecurityContextProps, Env, Handler, ImagePullPolicy, Probe, Protocol, Secret, SeccompProfileType,
} from 'cdk8s-plus-28';
import { DeploymentMode, InferenceService, InferenceServiceProps, KServeVersion, Model, ProtocolVersion, StorageUri } from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

type TestChart = ReturnType<typeof newChart>['chart'];

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };
const STANDARD = DeploymentMode.STANDARD;

function build(props: (chart: TestChart) => InferenceServiceProps) {
  const { app, chart } = newChart();
  new InferenceService(chart, 'iris', props(chart));
  return { app, chart };
}

/** The synthesized InferenceService spec (after checking synth reports no error). */
function specOf(props: (chart: TestChart) => InferenceServiceProps): any {
  const { app, chart } = build(props);
  expect(synthErrors(app)).toEqual([]);
  return Testing.synth(chart).find(o => o.kind === 'InferenceService').spec;
}

/** The synth errors of an InferenceService built from these props. */
function errorsOf(props: (chart: TestChart) => InferenceServiceProps): string[] {
  return synthErrors(build(props).app);
}

/** Every main-container field, for Standard mode (Knative refuses lifecycle). */
function allFields(c: TestChart, id = '') {
  return {
    command: ['python', '-m', 'server'],
    workingDir: '/app',
    ports: [{ number: 8080, name: 'http1', protocol: Protocol.TCP }, { number: 9000, name: 'h2c' }],
    envFrom: [Env.fromSecret(Secret.fromSecretName(c, `s${id}`, 'app-secrets')), Env.fromConfigMap(ConfigMap.fromConfigMapName(c, `cm${id}`, 'app-config'), 'APP_')],
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    readinessProbe: Probe.fromHttpGet('/v2/health/ready', { periodSeconds: Duration.seconds(5), failureThreshold: 6 }),
    livenessProbe: Probe.fromTcpSocket({ port: 9000, initialDelaySeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2) }),
    startupProbe: Probe.fromCommand(['cat', '/tmp/ready'], { failureThreshold: 30, periodSeconds: Duration.seconds(10) }),
    lifecycle: { preStop: Handler.fromCommand(['sleep', '5']), postStart: Handler.fromHttpGet('/warmup') },
    securityContext: { ensureNonRoot: true, user: 1000, readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } },
  };
}

/** What allFields renders (the model gets no security defaults). */
const ALL_FIELDS_YAML = {
  command: ['python', '-m', 'server'],
  workingDir: '/app',
  ports: [{ containerPort: 8080, name: 'http1', protocol: 'TCP' }, { containerPort: 9000, name: 'h2c' }],
  envFrom: [{ secretRef: { name: 'app-secrets' } }, { configMapRef: { name: 'app-config' }, prefix: 'APP_' }],
  imagePullPolicy: 'IfNotPresent',
  // cdk8s-plus writes failureThreshold (3 unless given, Kubernetes' own default) and the HTTP scheme (also the default).
  readinessProbe: { httpGet: { path: '/v2/health/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 6 },
  livenessProbe: { tcpSocket: { port: 9000 }, initialDelaySeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
  startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30, periodSeconds: 10 },
  lifecycle: { preStop: { exec: { command: ['sleep', '5'] } }, postStart: { httpGet: { path: '/warmup', port: 8080, scheme: 'HTTP' } } },
  securityContext: { runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
};

const CUSTOM_DEFAULTS = { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } };

describe('main container fields through the typed API', () => {
  test('land on a model container exactly as given', () => {
    const spec = specOf(c => ({ deploymentMode: STANDARD, predictor: { model: MODEL, ...allFields(c) } }));
    const { modelFormat, storageUri, protocolVersion, ...container } = spec.predictor.model;
    expect(container).toEqual(ALL_FIELDS_YAML);
  });

  test('land on a custom predictor container, with the secure defaults added to securityContext', () => {
    const spec = specOf(c => ({ deploymentMode: STANDARD, predictor: { container: SERVER, ...allFields(c) } }));
    const { name, image, ...container } = spec.predictor.containers[0];
    expect(container).toEqual({ ...ALL_FIELDS_YAML, securityContext: { ...ALL_FIELDS_YAML.securityContext, ...CUSTOM_DEFAULTS } });
  });

  test('land on a transformer', () => {
    const spec = specOf(c => ({
      deploymentMode: STANDARD,
      predictor: { model: MODEL },
      transformer: { container: SERVER, ...allFields(c) },
    }));
    const { name, image, ...container } = spec.transformer.containers[0];
    expect(container).toEqual({ ...ALL_FIELDS_YAML, securityContext: { ...ALL_FIELDS_YAML.securityContext, ...CUSTOM_DEFAULTS } });
    expect(spec.predictor.model.securityContext).toBeUndefined();
  });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'validate against the KServe %s schema on every component', (schema, version) => {
      const { app, chart } = build(c => ({
        version,
        deploymentMode: STANDARD,
        predictor: { model: MODEL, ...allFields(c, 'p') },
        transformer: { container: SERVER, ...allFields(c, 't') },
        explainer: { container: SERVER, ...allFields(c, 'e') },
      }));
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'Triton over gRPC in Knative mode (grpc-v2 and an h2c port) validates against the KServe %s schema', (schema, version) => {
      const { app, chart } = build(() => ({
        version,
        predictor: {
          model: Model.triton(StorageUri.parse('gs://models/triton'), { protocolVersion: ProtocolVersion.GRPC_V2 }),
          ports: [{ number: 9000, name: 'h2c', protocol: Protocol.TCP }],
          readinessProbe: Probe.fromTcpSocket({ periodSeconds: Duration.seconds(5) }),
        },
      }));
      expect(synthErrors(app)).toEqual([]);
      const model = Testing.synth(chart).find(o => o.kind === 'InferenceService').spec.predictor.model;
      expect(model.protocolVersion).toBe('grpc-v2');
      expect(model.ports).toEqual([{ containerPort: 9000, name: 'h2c', protocol: 'TCP' }]);
      // A probe without its own port targets the declared one.
      expect(model.readinessProbe).toEqual({ tcpSocket: { port: 9000 }, periodSeconds: 5, failureThreshold: 3 });
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });

  test('a Knative startupProbe validates on v0.20', () => {
    const { app, chart } = build(() => ({
      predictor: { container: SERVER, startupProbe: Probe.fromHttpGet('/ready', { failureThreshold: 60, periodSeconds: Duration.seconds(2) }) },
    }));
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('a custom container gets the secure defaults even without a securityContext; a model gets none', () => {
    const spec = specOf(() => ({ predictor: { model: MODEL }, transformer: { container: SERVER } }));
    expect(spec.transformer.containers[0].securityContext).toEqual(CUSTOM_DEFAULTS);
    expect(spec.predictor.model.securityContext).toBeUndefined();
  });

  test('each secure default can be overridden', () => {
    const spec = specOf(() => ({
      predictor: {
        container: SERVER,
        securityContext: { allowPrivilegeEscalation: true, seccompProfile: { type: SeccompProfileType.UNCONFINED } },
      },
    }));
    expect(spec.predictor.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: true, seccompProfile: { type: 'Unconfined' } });
  });

  test('only the securityContext fields given are written, not cdk8s-plus ContainerSecurityContext defaults', () => {
    const spec = specOf(() => ({ predictor: { model: MODEL, securityContext: { readOnlyRootFilesystem: false } } }));
    expect(spec.predictor.model.securityContext).toEqual({ readOnlyRootFilesystem: false });
  });

  test('a probe without its own port targets the serving port: container.port, else 8080', () => {
    const probe = Probe.fromHttpGet('/healthz', { periodSeconds: Duration.seconds(10) });
    const spec = specOf(() => ({
      predictor: { container: { ...SERVER, port: 9001 }, readinessProbe: probe },
      transformer: { container: SERVER, readinessProbe: probe },
    }));
    expect(spec.predictor.containers[0].readinessProbe.httpGet.port).toBe(9001);
    expect(spec.transformer.containers[0].readinessProbe.httpGet.port).toBe(8080);
  });

  test('https probes keep their scheme; a model container command replaces the runtime\'s', () => {
    const spec = specOf(() => ({
      predictor: {
        model: MODEL,
        command: ['/bin/serve'],
        livenessProbe: Probe.fromHttpGet('/live', { port: 8443, scheme: ConnectionScheme.HTTPS }),
      },
    }));
    expect(spec.predictor.model.command).toEqual(['/bin/serve']);
    expect(spec.predictor.model.livenessProbe.httpGet).toEqual({ path: '/live', port: 8443, scheme: 'HTTPS' });
  });
});

describe('main container rules', () => {
  const probe = (options = {}) => Probe.fromHttpGet('/ready', { periodSeconds: Duration.seconds(5), ...options });

  test('ports and container.port, command and container.command are alternatives', () => {
    const errors = errorsOf(() => ({
      predictor: { container: { ...SERVER, port: 8080, command: ['serve'] }, ports: [{ number: 8080 }], command: ['serve'] },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.ports and spec.predictor.container.port are both set');
    expectError(errors, 'test/iris', 'spec.predictor.command and spec.predictor.container.command are both set');
    expect(errors).toHaveLength(2);
  });

  test('command, workingDir and imagePullPolicy must be what they say', () => {
    const errors = errorsOf(() => ({
      predictor: { model: MODEL, command: [], workingDir: '', imagePullPolicy: 'Sometimes' as any },
      transformer: { container: SERVER, command: 'serve' as any, workingDir: 7 as any },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.command must be a non-empty list of strings (got [])');
    expectError(errors, 'test/iris', 'spec.predictor.workingDir must be a non-empty path (got "")');
    // From JavaScript: the runtime type check (private/shape.ts) names the props as given.
    expectError(errors, 'test/iris', "predictor.imagePullPolicy: must be one of 'Always', 'IfNotPresent', 'Never' (got string 'Sometimes')");
    expectError(errors, 'test/iris', "transformer.command: must be an array of strings (got string 'serve')");
    expectError(errors, 'test/iris', 'transformer.workingDir: must be a string (got number 7)');
    expect(errors).toHaveLength(5);
  });

  test('envFrom takes EnvFrom sources with valid names and prefixes', () => {
    const errors = errorsOf(c => ({
      predictor: {
        model: MODEL,
        envFrom: [
          Env.fromSecret(Secret.fromSecretName(c, 's', 'Bad_Name')),
          Env.fromConfigMap(ConfigMap.fromConfigMapName(c, 'cm', 'config'), '1X'),
        ],
      },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.envFrom[0] must reference a ConfigMap or Secret with a DNS-1123 subdomain name (got "Bad_Name")');
    expectError(errors, 'test/iris', "spec.predictor.envFrom[1].prefix name '1X' is invalid");
    expect(errors).toHaveLength(2);
    // From JavaScript: the runtime type check (private/shape.ts) names the props as given.
    const js = errorsOf(() => ({
      predictor: { model: MODEL, envFrom: [{ secretRef: { name: 'creds' } } as any] },
      transformer: { container: SERVER, envFrom: 'creds' as any },
    }));
    const made = 'Env.fromConfigMap(...), Env.fromSecret(...) or new EnvFrom(...)';
    expectError(js, 'test/iris', `predictor.envFrom[0]: must be an EnvFrom (${made}) (got a plain object { secretRef })`);
    expectError(js, 'test/iris', `transformer.envFrom: must be an array of EnvFrom (${made}) (got string 'creds')`);
    expect(js).toHaveLength(2);
  });

  test('ports follow Kubernetes: numbers, IANA names, protocols, no duplicates', () => {
    const errors = errorsOf(() => ({
      deploymentMode: STANDARD,
      predictor: {
        model: MODEL,
        ports: [
          { number: 0, name: 'HTTP' },
          { number: 8080, name: 'a-very-long-port-name' },
          { number: 8081, name: 'metrics' },
          { number: 8081, name: 'metrics' },
          { number: 8082, name: 'admin', hostPort: 70000, protocol: 'HTTP' as any },
        ],
      },
      explainer: { container: SERVER, ports: [] },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.ports[0].number (0) must be a port number between 1 and 65535');
    expectError(errors, 'test/iris', 'spec.predictor.ports[0].name "HTTP" must be an IANA service name');
    expectError(errors, 'test/iris', 'spec.predictor.ports[1].name "a-very-long-port-name" must be an IANA service name');
    // The runtime type check (private/shape.ts) checks cdk8s-plus's ContainerPort field by field.
    expectError(errors, 'test/iris', "predictor.ports[4].protocol: must be one of 'TCP', 'UDP', 'SCTP' (got string 'HTTP')");
    expectError(errors, 'test/iris', "spec.predictor.ports[3].name 'metrics' is declared twice");
    expectError(errors, 'test/iris', 'spec.predictor.ports[3]: port 8081/TCP is declared twice');
    expectError(errors, 'test/iris', 'spec.predictor.ports[4].hostPort (70000) must be a port number between 1 and 65535');
    expectError(errors, 'test/iris', 'spec.explainer.ports must be a non-empty list of ContainerPort');
    expect(errors).toHaveLength(8);
    // From JavaScript: the runtime type check (private/shape.ts) names the props as given.
    expectError(errorsOf(() => ({ predictor: { container: SERVER, ports: [null as any] } })), 'test/iris',
      'predictor.ports[0]: must be a cdk8s-plus ContainerPort ({ number, ... }) (got null)');
  });

  test('Knative accepts one TCP port named http1 or h2c, not reserved, without host binding', () => {
    const errors = errorsOf(() => ({
      predictor: { container: SERVER, ports: [{ number: 8012, name: 'grpc', protocol: Protocol.UDP, hostPort: 8000 }, { number: 9000 }] },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.ports[0].number (8012) is reserved by Knative');
    expectError(errors, 'test/iris', "spec.predictor.ports[0].name 'grpc' is not accepted by Knative; use 'http1' (HTTP/1) or 'h2c'");
    expectError(errors, 'test/iris', "spec.predictor.ports[0].protocol 'UDP': Knative serves TCP only");
    expectError(errors, 'test/iris', 'spec.predictor.ports[0]: Knative does not accept hostPort or hostIp');
    expectError(errors, 'test/iris', 'spec.predictor.ports declares 2 ports but Knative accepts exactly one');
    expect(errors).toHaveLength(5);
  });

  test('a gRPC component in Knative mode declares its port as h2c', () => {
    const errors = errorsOf(() => ({
      predictor: { model: Model.triton(StorageUri.parse('gs://models/t'), { protocolVersion: ProtocolVersion.GRPC_V2 }), ports: [{ number: 9000, name: 'http1' }] },
    }));
    expectError(errors, 'test/iris', "spec.predictor.ports[0] must be named 'h2c': the component serves grpc-v2");
    expect(errors).toHaveLength(1);
  });

  test('in Standard mode several ports are each named and only the first may be 80', () => {
    const errors = errorsOf(() => ({
      deploymentMode: STANDARD,
      predictor: { container: SERVER, ports: [{ number: 8080, name: 'http1' }, { number: 80 }] },
    }));
    expectError(errors, 'test/iris', "spec.predictor.ports[1] needs a name: KServe's Service exposes every port");
    expectError(errors, 'test/iris', 'spec.predictor.ports[1].number 80 collides with the Service port 80');
    expect(errors).toHaveLength(2);
  });

  test('probes follow Kubernetes: whole seconds, thresholds of at least 1, successThreshold 1 for liveness and startup', () => {
    const errors = errorsOf(() => ({
      deploymentMode: STANDARD,
      predictor: {
        container: SERVER,
        readinessProbe: Probe.fromHttpGet('/ready', { periodSeconds: Duration.millis(1500) }),
        livenessProbe: Probe.fromHttpGet('/live', { successThreshold: 2, failureThreshold: 0, periodSeconds: Duration.seconds(0) }),
        startupProbe: Probe.fromCommand(['true'], { successThreshold: 3, timeoutSeconds: Duration.seconds(0), failureThreshold: 1.5 }),
      },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.readinessProbe.periodSeconds (1.5s) must be a whole number of seconds, zero or more');
    expectError(errors, 'test/iris', 'spec.predictor.livenessProbe.failureThreshold (0) must be a whole number greater than zero');
    expectError(errors, 'test/iris', 'spec.predictor.livenessProbe.successThreshold (2) must be 1 for a liveness probe');
    expectError(errors, 'test/iris', 'spec.predictor.livenessProbe.periodSeconds must be at least 1 second');
    expectError(errors, 'test/iris', 'spec.predictor.startupProbe.successThreshold (3) must be 1 for a startup probe');
    expectError(errors, 'test/iris', 'spec.predictor.startupProbe.timeoutSeconds must be at least 1 second');
    expectError(errors, 'test/iris', 'spec.predictor.startupProbe.failureThreshold (1.5) must be a whole number greater than zero');
    expect(errors).toHaveLength(7);
  });

  test('a probe targets a declared port; a model probe needs a port of its own or declared ports', () => {
    const errors = errorsOf(() => ({
      predictor: { model: MODEL, readinessProbe: probe(), livenessProbe: Probe.fromHttpGet('/live', { port: 8080 }) },
      transformer: { container: { ...SERVER, port: 8081 }, readinessProbe: probe({ port: 8080 }) },
      explainer: { container: SERVER, ports: [{ number: 9000, name: 'h2c' }], livenessProbe: Probe.fromTcpSocket({ port: 8080 }) },
    }));
    expectError(errors, 'test/iris', "spec.predictor.readinessProbe needs its own port (e.g. { port: 8080 }) or a declared ports entry: a model's port");
    expectError(errors, 'test/iris', 'spec.transformer.readinessProbe targets port 8080, which the container does not declare (8081)');
    expectError(errors, 'test/iris', 'spec.explainer.livenessProbe targets port 8080, which the container does not declare (9000)');
    expect(errors).toHaveLength(3);
  });

  test('a model probe port is checked against its one Knative port, not in Standard mode where the runtime adds its own', () => {
    const props = (deploymentMode: DeploymentMode) => () => ({
      deploymentMode,
      predictor: { model: MODEL, ports: [{ number: 9000, name: 'h2c' }], livenessProbe: Probe.fromHttpGet('/live', { port: 8080 }) },
    });
    expectError(errorsOf(props(DeploymentMode.KNATIVE)), 'test/iris', 'spec.predictor.livenessProbe targets port 8080, which the container does not declare (9000)');
    expect(errorsOf(props(STANDARD))).toEqual([]);
  });

  test('Knative needs a readiness period, and takes startupProbe only from KServe v0.20', () => {
    const errors = errorsOf(() => ({
      version: KServeVersion.V0_13,
      predictor: { container: SERVER, readinessProbe: Probe.fromHttpGet('/ready'), startupProbe: probe() },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.readinessProbe.periodSeconds must be given in Knative mode');
    expectError(errors, 'test/iris', 'spec.predictor.startupProbe in Knative mode needs KServe v0.15 or later (target is v0.13.1)');
    expect(errors).toHaveLength(2);
    const standard = errorsOf(() => ({
      version: KServeVersion.V0_13, deploymentMode: STANDARD, predictor: { container: SERVER, startupProbe: probe() },
    }));
    expect(standard).toEqual([]);
  });

  test('a plain object where a Probe is expected (JavaScript callers) is a synth error, not a crash', () => {
    const errors = errorsOf(() => ({ predictor: { model: MODEL, readinessProbe: { httpGet: { path: '/' } } as any, livenessProbe: 'tcp' as any } }));
    const made = 'Probe.fromHttpGet(...), Probe.fromCommand(...) or Probe.fromTcpSocket(...)';
    expectError(errors, 'test/iris', `predictor.readinessProbe: must be a Probe (${made}) (got a plain object { httpGet })`);
    expectError(errors, 'test/iris', `predictor.livenessProbe: must be a Probe (${made}) (got string 'tcp')`);
    expect(errors).toHaveLength(2);
  });

  test('lifecycle: Standard mode only, Handler values, no tcpSocket, declared ports', () => {
    const errors = errorsOf(() => ({
      deploymentMode: STANDARD,
      predictor: {
        container: SERVER,
        lifecycle: { postStart: { exec: { command: ['true'] } } as any, preStop: Handler.fromTcpSocket() },
      },
      transformer: { container: SERVER, lifecycle: { preStop: Handler.fromHttpGet('/drain', { port: 9999 }) } },
      explainer: { container: SERVER, lifecycle: 'sleep' as any },
    }));
    expectError(errors, 'test/iris', 'predictor.lifecycle.postStart: must be a Handler (Handler.fromHttpGet(...), Handler.fromCommand(...) or Handler.fromTcpSocket(...)) (got a plain object { exec })');
    expectError(errors, 'test/iris', 'spec.predictor.lifecycle.preStop: Kubernetes does not run tcpSocket lifecycle handlers');
    expectError(errors, 'test/iris', 'spec.transformer.lifecycle.preStop targets port 9999, which the container does not declare (8080)');
    expectError(errors, 'test/iris', "explainer.lifecycle: must be a cdk8s-plus ContainerLifecycle ({ postStart?, preStop? }) (got string 'sleep')");
    expect(errors).toHaveLength(4);
    const knative = errorsOf(() => ({ predictor: { model: MODEL, lifecycle: { preStop: Handler.fromCommand(['sleep', '5']) } } }));
    expectError(knative, 'test/iris', 'spec.predictor.lifecycle is not accepted by Knative on the serving container');
    expect(knative).toHaveLength(1);
  });

  test('securityContext values are checked, also from JavaScript', () => {
    const errors = errorsOf(() => ({
      deploymentMode: STANDARD,
      predictor: {
        model: MODEL,
        securityContext: { user: -1, group: 1.5, seccompProfile: { type: SeccompProfileType.LOCALHOST } },
      },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.securityContext.user (-1) must be a whole number between 0 and 2147483647');
    expectError(errors, 'test/iris', 'spec.predictor.securityContext.group (1.5) must be a whole number between 0 and 2147483647');
    expectError(errors, 'test/iris', 'spec.predictor.securityContext.seccompProfile.localhostProfile must be given with type Localhost, and only then');
    expect(errors).toHaveLength(3);
    // From JavaScript: the runtime type check (private/shape.ts) checks cdk8s-plus's ContainerSecurityContextProps field by field.
    const js = errorsOf(() => ({
      deploymentMode: STANDARD,
      predictor: { model: MODEL, securityContext: { ensureNonRoot: 'yes' as any, capabilities: { add: ['CAP_NET_ADMIN' as any] } } },
      transformer: { container: SERVER, securityContext: { seccompProfile: { type: 'Strict' as any } } },
      explainer: { container: SERVER, securityContext: 'restricted' as any },
    }));
    expectError(js, 'test/iris', "predictor.securityContext.ensureNonRoot: must be true or false (got string 'yes')");
    expectError(js, 'test/iris', "predictor.securityContext.capabilities.add[0]: must be one of 'ALL', 'AUDIT_CONTROL',", "(got string 'CAP_NET_ADMIN'); did you mean 'NET_ADMIN'?");
    expectError(js, 'test/iris', "transformer.securityContext.seccompProfile.type: must be one of 'Localhost', 'RuntimeDefault', 'Unconfined' (got string 'Strict')");
    expectError(js, 'test/iris', 'explainer.securityContext: must be a cdk8s-plus ContainerSecurityContextProps', "(got string 'restricted')");
    expect(js).toHaveLength(4);
  });

  test('securityContext contradictions: privileged or SYS_ADMIN without escalation, non-root as root', () => {
    const errors = errorsOf(() => ({
      deploymentMode: STANDARD,
      predictor: { container: SERVER, securityContext: { privileged: true } },
      transformer: { container: SERVER, securityContext: { capabilities: { add: [Capability.SYS_ADMIN] }, allowPrivilegeEscalation: false } },
      explainer: { container: SERVER, securityContext: { ensureNonRoot: true, user: 0 } },
    }));
    expectError(errors, 'test/iris', 'spec.predictor.securityContext: privileged needs allowPrivilegeEscalation: true (custom containers default it to false); set it explicitly');
    expectError(errors, 'test/iris', 'spec.transformer.securityContext: adding SYS_ADMIN needs allowPrivilegeEscalation: true');
    expectError(errors, 'test/iris', 'spec.explainer.securityContext: ensureNonRoot contradicts user 0 (root)');
    expect(errors).toHaveLength(3);
    const privileged: ContainerSecurityContextProps = { privileged: true, allowPrivilegeEscalation: true };
    expect(errorsOf(() => ({ deploymentMode: STANDARD, predictor: { container: SERVER, securityContext: privileged } }))).toEqual([]);
  });

  test('Knative refuses privileged: true, and privileged: false before KServe v0.20', () => {
    const v13 = errorsOf(() => ({
      version: KServeVersion.V0_13,
      predictor: { model: MODEL, securityContext: { privileged: false } },
      transformer: { container: SERVER, securityContext: { privileged: true, allowPrivilegeEscalation: true } },
    }));
    expectError(v13, 'test/iris', 'spec.predictor.securityContext.privileged false in Knative mode needs KServe v0.17 or later (target is v0.13.1)');
    expectError(v13, 'test/iris', 'spec.transformer.securityContext.privileged true is not accepted by Knative on the serving container');
    expect(v13).toHaveLength(2);
    expect(errorsOf(() => ({ predictor: { model: MODEL, securityContext: { privileged: false } } }))).toEqual([]);
  });
});
