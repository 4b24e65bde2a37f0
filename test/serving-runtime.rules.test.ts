/**
 * Issue #8, one rule broken at a time, for src/runtimes: the rules of ServingRuntime / ClusterServingRuntime
 * (RuntimeDefinition and ServingRuntimeBase), each runtime added through the install or created on its own.
 *
 * One random valid stack (test/util/runtime-cases.ts) is broken by exactly one rule per breaker.
 */
import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { ProtocolVersion } from '../src';
import { expectBrokenRule } from './util/broken-rule';
import {
  Breaker, Case, Kind, RUNS, breakerBase, build, formatOf, isV13, kindName, mapOptions, nameOf, runtimeAt, sklearnInstalled, useCrdFile,
  withContainer, withFormat, withRuntime,
} from './util/runtime-cases';

useCrdFile();

function runtimeBreakers(kind: Kind): Record<string, Breaker> {
  const at = runtimeAt(kind);
  const image = (c: Case) => c.runtimes[kind].options.container.image;
  return {
    [`${kind}: container.image not an image reference`]: {
      breakIt: c => withContainer(c, kind, { image: 'Team/Server:1.0' }),
      at,
      field: () => "container.image 'Team/Server:1.0' is not a valid image reference",
    },
    [`${kind}: container.image without tag or digest`]: {
      breakIt: c => withContainer(c, kind, { image: image(c).replace(/[:@].*$/, '') }),
      at,
      field: c => `container.image '${image(c)}' has no tag or digest`,
    },
    [`${kind}: container.image on 'latest'`]: {
      breakIt: c => withContainer(c, kind, { image: `${image(c).replace(/[:@].*$/, '')}:latest` }),
      at,
      field: c => `container.image '${image(c)}' uses the 'latest' tag`,
    },
    [`${kind}: no supported model format`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, supportedModelFormats: [] })), at, field: () => 'supportedModelFormats must list at least one format',
    },
    [`${kind}: format name not a word`]: {
      breakIt: c => withFormat(c, kind, { name: 'team llm' }), at, field: () => "supportedModelFormats[0].name 'team llm' is not a format name",
    },
    [`${kind}: priority below 1`]: {
      breakIt: c => withFormat(c, kind, { priority: -(formatOf(c.runtimes[kind]).priority ?? 0) }),
      at,
      field: c => `supportedModelFormats[0].priority (${formatOf(c.runtimes[kind]).priority}) must be a whole number >= 1`,
    },
    [`${kind}: priority not a whole number`]: {
      breakIt: c => withFormat(c, kind, { priority: 1.5 }), at, field: () => 'supportedModelFormats[0].priority (1.5) must be a whole number >= 1',
    },
    [`${kind}: an auto-selected format after the first gives another priority`]: {
      breakIt: c => withRuntime(c, kind, o => ({
        ...o,
        supportedModelFormats: [
          { name: 'dual', version: '1', autoSelect: true, priority: 2 }, { name: 'dual', version: '2', autoSelect: true },
          { name: 'dual', version: '3', autoSelect: true, priority: 1 },
        ],
      })),
      at,
      field: () => 'supportedModelFormats[2]: Different priorities assigned for the model format dual: priority 1, but supportedModelFormats[0]',
    },
    [`${kind}: PYTHONPATH in the container env on v0.20`]: {
      when: c => !isV13(c),
      breakIt: c => withContainer(c, kind, { env: { ...c.runtimes[kind].options.container.env, PYTHONPATH: '/opt/lib' } }),
      at,
      field: () => 'container.env: setting PYTHONPATH is not allowed by KServe v0.20.0',
    },
    [`${kind}: container.runAsUser negative`]: {
      breakIt: c => withContainer(c, kind, { runAsUser: -(c.runtimes[kind].options.container.runAsUser ?? 1) }),
      at,
      field: c => `container.runAsUser (${c.runtimes[kind].options.container.runAsUser}) must be a non-root user id`,
    },
    [`${kind}: container.runAsUser root`]: {
      breakIt: c => withContainer(c, kind, { runAsUser: 0 }), at, field: () => 'container.runAsUser (0) must be a non-root user id',
    },
    [`${kind}: metricsPath without a leading '/'`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, metricsPath: (o.metricsPath ?? '/metrics').slice(1) })),
      at,
      field: c => `metricsPath '${c.runtimes[kind].options.metricsPath}' must be a URL path starting with '/'`,
    },
    [`${kind}: annotation key invalid`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, annotations: { 'serving.kserve.io/server-type': 'custom', 'team owner': 'ml' } })),
      at,
      field: () => "annotations key 'team owner' is invalid",
    },
    [`${kind}: one format auto-selected with two priorities`]: {
      breakIt: c => withRuntime(c, kind, o => ({
        ...o,
        supportedModelFormats: [{ name: 'dual', version: '1', autoSelect: true, priority: 1 }, { name: 'dual', version: '2', autoSelect: true, priority: 2 }],
      })),
      at,
      field: () => 'Different priorities assigned for the model format dual',
    },
    [`${kind}: no protocol version`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, protocolVersions: [] })), at, field: () => 'protocolVersions must not be empty',
    },
    [`${kind}: container.env name invalid`]: {
      breakIt: c => withContainer(c, kind, { env: { ...c.runtimes[kind].options.container.env, '1WORKERS': '2' } }),
      at,
      field: () => "container.env name '1WORKERS' is invalid",
    },
    [`${kind}: container.resources memory request above limit`]: {
      breakIt: c => withContainer(c, kind, { resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }),
      at,
      field: () => 'container.resources.memory.request (2Gi) must be less than or equal to container.resources.memory.limit (1Gi)',
    },
    [`${kind}: metricsPort out of range`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, metricsPort: 65536 + (o.metricsPort ?? 0) })),
      at,
      field: c => `metricsPort (${c.runtimes[kind].options.metricsPort}) must be a port number`,
    },
    [`${kind}: name not a DNS-1123 subdomain`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, name: 'Team_Runtime' })), at, field: () => "name 'Team_Runtime' must be a DNS-1123 subdomain",
    },
    [`${kind}: name taken by another runtime of the kind`]: {
      breakIt: c => ({ ...c, peers: { ...c.peers, [kind]: mapOptions(c.peers[kind], o => ({ ...o, name: nameOf(c.runtimes[kind]) })) } }),
      at,
      // The peer shares the runtime's chart, so the duplicate check of the chart's file reports it.
      field: c => {
        const namespace = kind === 'namespaced' ? `${(c.runtimes[kind].options as { namespace?: string }).namespace ?? 'ml'}/` : '';
        return `${kindName(kind)} '${namespace}${nameOf(c.runtimes[kind])}' is also written by`;
      },
    },
    [`${kind}: same auto-select priority as another runtime of the kind`]: {
      breakIt: c => withFormat(c, kind, { priority: 3 }, true),
      at,
      field: c => `Same priority assigned for the model format ${formatOf(c.runtimes[kind]).name} (priority 3) as ${kindName(kind)} '${nameOf(c.peers[kind])}'`,
    },
  };
}

const namespacedOnlyBreakers: Record<string, Breaker> = {
  'namespaced: namespace not a DNS-1123 label': {
    breakIt: c => withRuntime(c, 'namespaced', o => ({ ...o, namespace: 'Team_A' })),
    at: runtimeAt('namespaced'),
    field: () => "namespace 'Team_A' must be a DNS-1123 label",
  },
};

const clusterOnlyBreakers: Record<string, Breaker> = {
  'cluster: same auto-select priority as a standard runtime': {
    when: sklearnInstalled,
    breakIt: c => withRuntime(c, 'cluster', o => ({
      ...o, protocolVersions: [ProtocolVersion.V1], supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true, priority: 1 }],
    })),
    at: runtimeAt('cluster'),
    field: () => "Same priority assigned for the model format sklearn (priority 1) as ClusterServingRuntime 'kserve-sklearnserver'",
  },
};


// Each breaker gets its own seed, so that together they see many different bases. The seeds continue after the
// 45 of test/kserve-install.rules.test.ts, as when both were one table.
const FIRST_SEED = RUNS.seed + 45;
const breakers: Array<[string, Breaker, number]> = Object.entries({
  ...runtimeBreakers('cluster'),
  ...runtimeBreakers('namespaced'),
  ...namespacedOnlyBreakers,
  ...clusterOnlyBreakers,
}).map(([rule, b], i) => [rule, b, FIRST_SEED + i]);

test.each(breakers)('random stacks with one broken rule (%s) fail with the path and field, and write no file', (_rule, b, seed) => {
  fc.assert(fc.property(b.when ? breakerBase.filter(b.when) : breakerBase, (valid) => {
    const c = b.breakIt(valid);
    expectBrokenRule(build(c), { at: b.at(c), field: b.field(c) });
  }), { ...RUNS, seed });
});
