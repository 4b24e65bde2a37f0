import { Testing } from 'cdk8s';
import { DnsPolicy, FsGroupChangePolicy, PercentOrAbsolute } from 'cdk8s-plus-28';
import {
  CanaryPhase, CanaryRollout, ComponentOptions, DeploymentMode, DeploymentStrategy, ExtendedResource, InferenceService, InferenceServiceProps,
  KServeVersion, Model, PreemptionPolicy, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { buildService as build, serviceSpec as spec } from './util/service';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };

const POD_FIELDS: ComponentOptions = {
  schedulerName: 'volcano',
  hostIPC: false,
  dnsPolicy: DnsPolicy.NONE,
  dnsConfig: { nameservers: ['10.0.0.10', 'fd00::10'], searches: ['ml.svc.cluster.local', 'example.com.'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
  topologySpreadConstraints: [{
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    minDomains: 2,
    labelSelector: { matchLabels: { app: 'iris' } },
  }],
  enableServiceLinks: false,
  automountServiceAccountToken: true,
  hostAliases: [{ ip: '10.1.2.3', hostnames: ['models.internal'] }],
  shareProcessNamespace: true,
  preemptionPolicy: PreemptionPolicy.NEVER,
  podSecurityContext: { user: 1000, group: 2000, fsGroup: 3000, fsGroupChangePolicy: FsGroupChangePolicy.ON_ROOT_MISMATCH, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
};

const RENDERED = {
  schedulerName: 'volcano',
  hostIPC: false,
  dnsPolicy: 'None',
  dnsConfig: { nameservers: ['10.0.0.10', 'fd00::10'], searches: ['ml.svc.cluster.local', 'example.com.'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
  topologySpreadConstraints: [{
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    minDomains: 2,
    labelSelector: { matchLabels: { app: 'iris' } },
  }],
  enableServiceLinks: false,
  automountServiceAccountToken: true,
  hostAliases: [{ ip: '10.1.2.3', hostnames: ['models.internal'] }],
  shareProcessNamespace: true,
  preemptionPolicy: 'Never',
  // Exactly what was given: no runAsNonRoot or other cdk8s-plus defaults.
  securityContext: { runAsUser: 1000, runAsGroup: 2000, fsGroup: 3000, fsGroupChangePolicy: 'OnRootMismatch', sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
};


describe('pod fields', () => {
  test('every field reaches every component exactly as given (Standard mode)', () => {
    const { app, chart } = build({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: { model: MODEL, ...POD_FIELDS },
      transformer: { container: SERVER, ...POD_FIELDS },
      explainer: { container: SERVER, ...POD_FIELDS },
    });
    expect(synthErrors(app)).toEqual([]);
    const s = spec(chart);
    for (const component of ['predictor', 'transformer', 'explainer']) {
      expect(s[component]).toEqual(expect.objectContaining(RENDERED));
    }
  });

  test('an unset field is not written', () => {
    const { app, chart } = build({ predictor: { model: MODEL } });
    expect(synthErrors(app)).toEqual([]);
    const predictor = spec(chart).predictor;
    for (const key of [...Object.keys(RENDERED), 'deploymentStrategy', 'workerSpec']) expect(predictor).not.toHaveProperty(key);
  });

  test('a security context with only ensureNonRoot renders only runAsNonRoot', () => {
    const { app, chart } = build({ predictor: { model: MODEL, podSecurityContext: { ensureNonRoot: true } } });
    expect(synthErrors(app)).toEqual([]);
    expect(spec(chart).predictor.securityContext).toEqual({ runAsNonRoot: true });
  });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'validates against the KServe %s schema', (schema, version) => {
      const { app, chart } = build({
        version,
        deploymentMode: DeploymentMode.STANDARD,
        predictor: { model: MODEL, ...POD_FIELDS },
        transformer: { container: SERVER, ...POD_FIELDS },
      });
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });

  test('Knative mode refuses preemptionPolicy and automountServiceAccountToken: true (Knative PodSpecMask)', () => {
    const { app } = build({ predictor: { model: MODEL, ...POD_FIELDS } });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', "spec.predictor.preemptionPolicy: Knative Serving does not allow it in 'Knative' mode");
    expectError(errors, 'test/iris', "spec.predictor.automountServiceAccountToken: Knative Serving accepts only false in 'Knative' mode");
    expect(errors).toHaveLength(2);
    const ok = build({ predictor: { model: MODEL, ...POD_FIELDS, preemptionPolicy: undefined, automountServiceAccountToken: false } });
    expect(synthErrors(ok.app)).toEqual([]);
  });

  test('hostIPC true in Knative mode: refused on v0.13 (its Knative clears it), left to the feature flag on v0.20', () => {
    const v013 = build({ version: KServeVersion.V0_13, predictor: { model: MODEL, hostIPC: true } });
    expectError(v013.app, 'test/iris', 'spec.predictor.hostIPC true in Knative mode needs KServe v0.17 or later (target is v0.13.1): the Knative Serving that KServe v0.13.1 installs never allows it');
    expect(synthErrors(build({ predictor: { model: MODEL, hostIPC: true } }).app)).toEqual([]);
    expect(synthErrors(build({ version: KServeVersion.V0_13, predictor: { model: MODEL, hostIPC: false } }).app)).toEqual([]);
    const standard = build({ version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, hostIPC: true } });
    expect(synthErrors(standard.app)).toEqual([]);
  });

  test('Kubernetes rules on names, DNS, spreading, host aliases, preemption and the security context', () => {
    const { app } = build({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        model: MODEL,
        schedulerName: 'Gang Scheduler',
        dnsPolicy: 'Cluster' as DnsPolicy,
        dnsConfig: {
          nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', 'dns.local'],
          searches: ['Bad_Domain', ...Array.from({ length: 32 }, (_, i) => `s${i}.example.com`)],
          options: [{ name: '', value: '2' }],
        },
        topologySpreadConstraints: [
          { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Sometimes', nodeTaintsPolicy: 'Maybe' },
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 },
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
          { maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0 },
        ],
        hostAliases: [{ ip: '300.1.1.1', hostnames: ['Bad_Host'] }],
        preemptionPolicy: 'Sometimes' as PreemptionPolicy,
        podSecurityContext: {
          user: -1,
          group: 1.5,
          sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.core.somaxconn', value: '2' }, { name: 'Bad Name', value: '1' }],
        },
      },
    });
    const errors = synthErrors(app);
    const at = (...fragments: string[]) => expectError(errors, 'test/iris', ...fragments);
    at("spec.predictor.schedulerName 'Gang Scheduler' must be a DNS-1123 subdomain");
    at("predictor.dnsPolicy: must be one of 'ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None' (got string 'Cluster')");
    at('spec.predictor.dnsConfig.nameservers has 4 entries; Kubernetes allows at most 3');
    at("spec.predictor.dnsConfig.nameservers[3] 'dns.local' must be an IPv4 or IPv6 address");
    at('spec.predictor.dnsConfig.searches has 33 entries; Kubernetes allows at most 32');
    at("spec.predictor.dnsConfig.searches[0] 'Bad_Domain' must be a DNS subdomain");
    at('spec.predictor.dnsConfig.options[0] needs a name');
    at('spec.predictor.topologySpreadConstraints[0].maxSkew (0) must be a whole number greater than zero');
    at("spec.predictor.topologySpreadConstraints[0].whenUnsatisfiable 'Sometimes' must be one of DoNotSchedule, ScheduleAnyway");
    at("spec.predictor.topologySpreadConstraints[0].nodeTaintsPolicy 'Maybe' must be one of Honor, Ignore");
    at('spec.predictor.topologySpreadConstraints[1].minDomains only applies with whenUnsatisfiable DoNotSchedule');
    at("spec.predictor.topologySpreadConstraints[2]: topologyKey 'zone' with whenUnsatisfiable 'ScheduleAnyway' is given twice");
    at('spec.predictor.topologySpreadConstraints[3].topologyKey is required');
    at('spec.predictor.topologySpreadConstraints[3].minDomains (0) must be a whole number greater than zero');
    at("spec.predictor.hostAliases[0].ip '300.1.1.1' must be an IPv4 or IPv6 address");
    at("spec.predictor.hostAliases[0].hostnames[0] 'Bad_Host' must be a DNS-1123 subdomain");
    at("predictor.preemptionPolicy: must be one of 'PreemptLowerPriority', 'Never' (got string 'Sometimes')");
    at('spec.predictor.podSecurityContext.user (-1) must be a whole number between 0 and 2147483647');
    at('spec.predictor.podSecurityContext.group (1.5) must be a whole number between 0 and 2147483647');
    at("spec.predictor.podSecurityContext.sysctls[1]: 'net.core.somaxconn' is given twice");
    at("spec.predictor.podSecurityContext.sysctls[2] name 'Bad Name' is not a sysctl name");
    expect(errors).toHaveLength(21);
  });

  test('dnsPolicy None needs nameservers', () => {
    const { app } = build({ predictor: { model: MODEL, dnsPolicy: DnsPolicy.NONE, dnsConfig: { searches: ['example.com'] } } });
    expectError(app, 'test/iris', 'spec.predictor.dnsPolicy None needs at least one nameserver in spec.predictor.dnsConfig.nameservers');
  });

  test('search domains are at most 2048 characters in all', () => {
    const long = Array.from({ length: 9 }, (_, i) => `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.d${i}.example.com`);
    const { app } = build({ predictor: { model: MODEL, dnsConfig: { searches: [...long, ...long] } } });
    expectError(app, 'test/iris', 'spec.predictor.dnsConfig.searches are', 'characters in all; Kubernetes allows at most 2048');
  });

  test('plain JavaScript values are synth errors, not crashes', () => {
    const { app } = build({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        model: MODEL,
        hostIPC: 'yes' as any,
        shareProcessNamespace: 1 as any,
        dnsConfig: { nameservers: '10.0.0.10' as any, options: 'ndots:2' as any },
        topologySpreadConstraints: { maxSkew: 1 } as any,
        hostAliases: { ip: '10.0.0.1' } as any,
        podSecurityContext: { sysctls: 'net.core.somaxconn=1' as any, fsGroupChangePolicy: 'Never' as any },
      },
      transformer: { container: SERVER, dnsConfig: 'x' as any, podSecurityContext: 7 as any },
      explainer: {
        container: SERVER,
        enableServiceLinks: 'no' as any,
        automountServiceAccountToken: 0 as any,
        schedulerName: 42 as any,
        dnsConfig: { searches: 'svc.local' as any, options: [{ value: '2' } as any] },
      },
    });
    const errors = synthErrors(app);
    const at = (...fragments: string[]) => expectError(errors, 'test/iris', ...fragments);
    // The runtime type check (private/shape.ts) names the props as given, inside cdk8s-plus's types too.
    at("predictor.hostIPC: must be true or false (got string 'yes')");
    at('predictor.shareProcessNamespace: must be true or false (got number 1)');
    at("predictor.dnsConfig.nameservers: must be an array of strings (got string '10.0.0.10')");
    at("predictor.dnsConfig.options: must be an array of cdk8s-plus DnsOption ({ name, ... }) (got string 'ndots:2')");
    at('predictor.topologySpreadConstraints: must be an array of cdk8s-plus k8s.TopologySpreadConstraint ({ maxSkew, topologyKey, whenUnsatisfiable, ... }) (got a plain object { maxSkew })');
    at('predictor.hostAliases: must be an array of cdk8s-plus k8s.HostAlias ({ hostnames?, ip? }) (got a plain object { ip })');
    at("predictor.podSecurityContext.sysctls: must be an array of cdk8s-plus Sysctl ({ name, value }) (got string 'net.core.somaxconn=1')");
    at("predictor.podSecurityContext.fsGroupChangePolicy: must be one of 'OnRootMismatch', 'Always' (got string 'Never')");
    at('explainer.dnsConfig.options[0].name is required (a string)');
    at("transformer.dnsConfig: must be a DnsConfig ({ nameservers?, searches?, options? }) (got string 'x')");
    at('transformer.podSecurityContext: must be a cdk8s-plus PodSecurityContextProps ({ fsGroup?, fsGroupChangePolicy?, user?, group?, ... }) (got number 7)');
    at("explainer.enableServiceLinks: must be true or false (got string 'no')");
    at('explainer.automountServiceAccountToken: must be true or false (got number 0)');
    at('explainer.schedulerName: must be a string (got number 42)');
    at("explainer.dnsConfig.searches: must be an array of strings (got string 'svc.local')");
    expect(errors).toHaveLength(15);
  });

  test('a list item of the wrong type: the other checks would see the list without it, so only the type problems are reported', () => {
    const { app } = build({
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        model: MODEL,
        hostAliases: ['10.0.0.1 models'] as any,
        topologySpreadConstraints: [null as any],
        dnsConfig: { nameservers: [10] as any },
        schedulerName: 'Not A Name',
      },
    });
    expect(synthErrors(app)).toEqual([
      '[test/iris] predictor.dnsConfig.nameservers[0]: must be a string (got number 10)',
      '[test/iris] predictor.topologySpreadConstraints[0]: must be a cdk8s-plus k8s.TopologySpreadConstraint ({ maxSkew, topologyKey, whenUnsatisfiable, ... }) (got null)',
      "[test/iris] predictor.hostAliases[0]: must be a cdk8s-plus k8s.HostAlias ({ hostnames?, ip? }) (got string '10.0.0.1 models')",
    ]);
  });
});

describe('canary rollouts keep the component fields', () => {
  const CANDIDATE = Model.sklearn(StorageUri.parse('gs://models/iris-v2'));
  const fields: ComponentOptions = {
    ...POD_FIELDS,
    extendedResources: [ExtendedResource.nvidiaGpu(1)],
    priorityClassName: 'serving-high',
    deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(1), maxUnavailable: PercentOrAbsolute.absolute(0) }),
  };
  const standard: InferenceServiceProps = { deploymentMode: DeploymentMode.STANDARD, predictor: { model: MODEL, minReplicas: 2, ...fields } };

  function rollout(props: InferenceServiceProps, phase: CanaryPhase, candidate?: Model) {
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', props);
    new CanaryRollout(chart, 'rollout', { service, phase, candidate });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
    return objects[0].spec;
  }

  const without = build(standard);
  const stable = spec(without.chart).predictor;

  test('Standard canary: the stable predictor keeps every field, and the candidate inherits them from it (buildCanaryPredictor)', () => {
    const s = rollout(standard, CanaryPhase.canary(10), CANDIDATE);
    expect(stable).toEqual(expect.objectContaining({ ...RENDERED, priorityClassName: 'serving-high' }));
    expect(stable.model.resources).toEqual({ requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } });
    expect(s.predictor).toEqual(stable);
    // KServe deep-copies the stable predictor and merges the entry over it: the entry carries only what differs.
    expect(s.canary[0].predictor).toEqual({ name: 'canary', model: { name: 'kserve-container', modelFormat: { name: 'sklearn' }, storageUri: 'gs://models/iris-v2' } });
  });

  test('Standard promote: the renamed predictor keeps every field, GPUs included', () => {
    const s = rollout(standard, CanaryPhase.promote(), CANDIDATE);
    expect(s.predictor).toEqual({ ...stable, name: 'canary', model: { ...stable.model, storageUri: 'gs://models/iris-v2' } });
  });

  test('Knative canary: the spec is the candidate and keeps every field', () => {
    const knative: InferenceServiceProps = {
      predictor: {
        model: MODEL,
        ...fields,
        deploymentStrategy: undefined,
        preemptionPolicy: undefined,
        automountServiceAccountToken: false,
      },
    };
    const base = spec(build(knative).chart).predictor;
    expect(base.priorityClassName).toBe('serving-high');
    expect(rollout(knative, CanaryPhase.canary(10)).predictor).toEqual({ ...base, canaryTrafficPercent: 10 });
  });
});
