/**
 * Generates src/private/l1-runtime.generated.ts: what the library needs at run time from the generated L1 modules in
 * imports/ (their `toJson_*` converters, GVKs, enums and wrapper factories), without loading those modules (issue #19:
 * the InferenceService L1 alone is 3 MB of JavaScript, most of it converters that repeat the same pod types for every
 * component).
 *
 * The L1 sources stay the compile-time contract (`import type`); this script reads their converters (cdk8s import's
 * json2jsii output: one `toJson_*` function per type, each field in one of a few fixed forms), merges the types whose
 * converters are the same, and writes them as one table that `convert` in src/private/l1-convert.ts interprets with
 * the same operations in the same order, so it returns exactly what the L1 function returns. A form it does not know
 * stops the script. test/l1-runtime.test.ts regenerates the file and compares, and checks every converter against
 * the L1's own on generated inputs.
 *
 * Usage: `npx tsx scripts/gen-l1-runtime.ts` (writes the file), `--check` (fails when it is stale).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
export const OUT = path.join(ROOT, 'src', 'private', 'l1-runtime.generated.ts');

/** What src/ uses at run time from each L1 module, under the name src/ imports it by. */
interface Uses {
  readonly file: string;
  /** Classes whose `GVK` is used (as the `kind` of `emit`). */
  readonly kinds?: readonly string[];
  /** `toJson_*` functions. */
  readonly converters?: readonly string[];
  readonly enums?: readonly string[];
  /** Wrapper classes (int-or-string, quantities) built with `fromString` / `fromNumber`. */
  readonly wrappers?: readonly string[];
}

export const USES: Readonly<Record<string, Uses>> = {
  isvc: {
    file: 'kserve-inferenceservice-serving.kserve.io',
    kinds: ['InferenceService'],
    converters: ['toJson_InferenceServiceProps', 'toJson_InferenceServiceSpec', 'toJson_InferenceServiceSpecPredictor'],
    enums: [
      'InferenceServiceSpecPredictorAutoScalingMetricsExternalMetricBackend',
      'InferenceServiceSpecPredictorAutoScalingMetricsExternalTargetType',
      'InferenceServiceSpecPredictorAutoScalingMetricsResourceName',
      'InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetType',
      'InferenceServiceSpecPredictorAutoScalingMetricsType',
      'InferenceServiceSpecPredictorLoggerMode',
      'InferenceServiceSpecPredictorScaleMetric',
    ],
    wrappers: [
      'InferenceServiceSpecPredictorAutoScalingMetricsExternalTargetValue',
      'InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetAverageValue',
      'InferenceServiceSpecPredictorVolumesEmptyDirSizeLimit',
      'InferenceServiceSpecPredictorDeploymentStrategyRollingUpdateMaxSurge',
      'InferenceServiceSpecPredictorDeploymentStrategyRollingUpdateMaxUnavailable',
      'InferenceServiceSpecPredictorModelResourcesLimits',
      'InferenceServiceSpecPredictorModelResourcesRequests',
      'InferenceServiceSpecPredictorContainersResourcesLimits',
      'InferenceServiceSpecPredictorContainersResourcesRequests',
      'InferenceServiceSpecPredictorWorkerSpecContainersResourcesLimits',
      'InferenceServiceSpecPredictorWorkerSpecContainersResourcesRequests',
      'InferenceServiceSpecPredictorResourcesLimits',
      'InferenceServiceSpecPredictorResourcesRequests',
    ],
  },
  servingRuntime: {
    file: 'kserve-servingruntime-serving.kserve.io',
    kinds: ['ServingRuntime'],
    converters: ['toJson_ServingRuntimeProps'],
    wrappers: ['ServingRuntimeSpecContainersResourcesLimits', 'ServingRuntimeSpecContainersResourcesRequests'],
  },
  clusterServingRuntime: {
    file: 'kserve-clusterservingruntime-serving.kserve.io',
    kinds: ['ClusterServingRuntime'],
    converters: ['toJson_ClusterServingRuntimeProps'],
    wrappers: ['ClusterServingRuntimeSpecContainersResourcesLimits', 'ClusterServingRuntimeSpecContainersResourcesRequests'],
  },
  inferenceGraph: {
    file: 'kserve-inferencegraph-serving.kserve.io',
    kinds: ['InferenceGraph'],
    converters: ['toJson_InferenceGraphProps'],
    wrappers: ['InferenceGraphSpecResourcesLimits', 'InferenceGraphSpecResourcesRequests'],
  },
  storageContainer: {
    file: 'kserve-clusterstoragecontainer-serving.kserve.io',
    kinds: ['ClusterStorageContainer'],
    converters: ['toJson_ClusterStorageContainerProps'],
    wrappers: ['ClusterStorageContainerSpecContainerResourcesLimits', 'ClusterStorageContainerSpecContainerResourcesRequests'],
  },
  podMonitor: {
    file: 'prometheus-podmonitor-monitoring.coreos.com',
    kinds: ['PodMonitor'],
    converters: ['toJson_PodMonitorProps'],
    enums: ['PodMonitorSpecPodMetricsEndpointsRelabelingsAction', 'PodMonitorSpecPodMetricsEndpointsScheme'],
  },
  serviceMonitor: { file: 'prometheus-servicemonitor-monitoring.coreos.com', kinds: ['ServiceMonitor'], converters: ['toJson_ServiceMonitorProps'] },
  prometheusRule: {
    file: 'prometheus-prometheusrule-monitoring.coreos.com',
    kinds: ['PrometheusRule'],
    converters: ['toJson_PrometheusRuleProps'],
    wrappers: ['PrometheusRuleSpecGroupsRulesExpr'],
  },
  externalSecret: {
    file: 'external-secrets-external-secrets.io',
    kinds: ['ExternalSecret'],
    converters: ['toJson_ExternalSecretProps'],
    enums: [
      'ExternalSecretSpecSecretStoreRefKind',
      'ExternalSecretSpecTargetCreationPolicy',
      'ExternalSecretSpecTargetTemplateEngineVersion',
      'ExternalSecretSpecTargetTemplateMergePolicy',
    ],
  },
  certificate: { file: 'cert-manager-certificate-cert-manager.io', kinds: ['Certificate'], converters: ['toJson_CertificateProps'] },
  issuer: { file: 'cert-manager-issuer-cert-manager.io', kinds: ['Issuer'], converters: ['toJson_IssuerProps'] },
};

/**
 * The forms a field takes in a json2jsii converter, by code (src/private/l1-convert.ts interprets them):
 * the value as is; a nested converter; an array mapped through one or copied; a wrapper's `value`; a map whose
 * entries are kept, unwrapped, mapped, copied or converted.
 */
const FORMS: ReadonlyArray<readonly [code: number, pattern: RegExp]> = [
  [0, /^obj\.(\w+),$/],
  [1, /^toJson_(\w+)\(obj\.(\w+)\),$/],
  [2, /^obj\.(\w+)\?\.map\(y => toJson_(\w+)\(y\)\),$/],
  [3, /^obj\.(\w+)\?\.map\(y => y\),$/],
  [4, /^obj\.(\w+)\?\.value,$/],
  [5, /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\1\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)\),$/],
  [6, /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\1\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\]\?\.value \}\), \{\}\)\),$/],
  [7, /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\1\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\]\?\.map\(y => toJson_(\w+)\(y\)\) \}\), \{\}\)\),$/],
  [8, /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\1\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\]\?\.map\(y => y\) \}\), \{\}\)\),$/],
  [9, /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\1\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: toJson_(\w+)\(i\[1\]\) \}\), \{\}\)\),$/],
];

interface RawField { readonly json: string; readonly prop: string; readonly code: number; readonly ref?: string }

/** Every converter of one L1 source, by function name (without `toJson_`). */
function parseConverters(source: string, file: string): Map<string, RawField[]> {
  const converters = new Map<string, RawField[]>();
  const fn = /^export function toJson_(\w+)\(obj: \w+ \| undefined\): Record<string, any> \| undefined \{\n {2}if \(obj === undefined\) \{ return undefined; \}\n {2}const result = \{\n([\s\S]*?)\n? {2}\};\n {2}\/\/ filter undefined values\n {2}return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);\n\}$/gm;
  for (const match of source.matchAll(fn)) {
    const fields: RawField[] = [];
    for (const line of match[2].split('\n').filter(l => l.trim() !== '')) {
      const entry = /^ {4}'([^']+)': (.*)$/.exec(line);
      if (!entry) throw new Error(`${file}: toJson_${match[1]}: unexpected line ${JSON.stringify(line)}`);
      const form = FORMS.map(([code, pattern]) => [code, pattern.exec(entry[2])] as const).find(([, m]) => m);
      if (!form) throw new Error(`${file}: toJson_${match[1]}: unknown field form ${JSON.stringify(entry[2])}`);
      const [code, m] = form;
      // Forms 1 name the converter before the property; the others after.
      const [prop, ref] = code === 1 ? [m![2], m![1]] : [m![1], m![2]];
      fields.push({ json: entry[1], prop, code, ...(ref ? { ref } : {}) });
    }
    converters.set(match[1], fields);
  }
  const declared = source.match(/^export function toJson_/gm)?.length ?? 0;
  if (declared !== converters.size) throw new Error(`${file}: ${declared} converters, ${converters.size} in the known form`);
  return converters;
}

/** A field of the table: [json key, form, referenced type, property when it differs from the json key]. */
type Field = readonly [string, number, number?, string?];

/** A converter of an L1 source and the table entry it became. */
export interface Reached { readonly file: string; readonly name: string; readonly type: number }

/** The generated module's text. */
export function generate(): string {
  return build().text;
}

/** The generated module's text, and every L1 converter its table holds, with its entry. */
export function build(): { readonly text: string; readonly reached: readonly Reached[] } {
  const table: Field[][] = [];
  const reached: Reached[] = [];
  const ids = new Map<string, number>(); // canonical type -> index (types with equal converters share one)
  const lines: string[] = [];
  const typeImports: string[] = [];

  for (const [alias, uses] of Object.entries(USES)) {
    const source = fs.readFileSync(path.join(ROOT, 'imports', `${uses.file}.ts`), 'utf8');
    const converters = parseConverters(source, uses.file);
    const memo = new Map<string, number>();
    const idOf = (name: string): number => {
      const known = memo.get(name);
      if (known !== undefined) return known;
      const raw = converters.get(name);
      if (!raw) throw new Error(`${uses.file}: no toJson_${name}`);
      // l1-convert.ts reads a plain object's own keys only: a field named like an Object.prototype member would differ.
      const inherited = raw.find(f => f.prop in Object.prototype);
      if (inherited) throw new Error(`${uses.file}: toJson_${name} reads '${inherited.prop}', which every object inherits`);
      const fields: Field[] = raw.map(f => {
        const ref = f.ref === undefined ? undefined : idOf(f.ref);
        const prop = f.prop === f.json ? undefined : f.prop;
        return prop !== undefined ? [f.json, f.code, ref ?? -1, prop] : ref !== undefined ? [f.json, f.code, ref] : [f.json, f.code];
      });
      const key = JSON.stringify(fields);
      let id = ids.get(key);
      if (id === undefined) {
        id = table.length;
        table.push(fields);
        ids.set(key, id);
      }
      memo.set(name, id);
      reached.push({ file: uses.file, name: `toJson_${name}`, type: id });
      return id;
    };

    const ns = `${alias}L1`;
    typeImports.push(`import type * as ${ns} from '../../imports/${uses.file}';`);
    const members: string[] = [];
    const types: string[] = [];
    for (const kind of uses.kinds ?? []) {
      const gvk = new RegExp(`^export class ${kind} extends ApiObject \\{[\\s\\S]*?public static readonly GVK: GroupVersionKind = \\{\\n\\s+apiVersion: '([^']+)',\\n\\s+kind: '([^']+)',\\n\\s+\\}`, 'm').exec(source);
      if (!gvk) throw new Error(`${uses.file}: no GVK for ${kind}`);
      members.push(`  ${kind}: { GVK: { apiVersion: '${gvk[1]}', kind: '${gvk[2]}' } },`);
      types.push(`  readonly ${kind}: { readonly GVK: GroupVersionKind };`);
    }
    for (const converter of uses.converters ?? []) {
      members.push(`  ${converter}: at(${idOf(converter.replace(/^toJson_/, ''))}),`);
      types.push(`  readonly ${converter}: typeof ${ns}.${converter};`);
    }
    for (const name of uses.enums ?? []) {
      const body = new RegExp(`^export enum ${name} \\{\\n([\\s\\S]*?)\\n\\}`, 'm').exec(source);
      if (!body) throw new Error(`${uses.file}: no enum ${name}`);
      const values = [...body[1].matchAll(/^\s+(\w+) = ("[^"]*"),$/gm)].map(m => `${m[1]}: ${m[2].replace(/^"|"$/g, "'")}`);
      if (values.length === 0 || values.length !== body[1].split('\n').filter(l => l.includes(' = ')).length) {
        throw new Error(`${uses.file}: enum ${name} is not of the known form`);
      }
      members.push(`  ${name}: { ${values.join(', ')} },`);
      types.push(`  readonly ${name}: typeof ${ns}.${name};`);
    }
    for (const name of uses.wrappers ?? []) {
      if (!new RegExp(`^export class ${name} \\{\\n\\s+public static fromNumber\\(value: number\\)[\\s\\S]*?private constructor\\(public readonly value: number \\| string\\)`, 'm').test(source)) {
        throw new Error(`${uses.file}: ${name} is not a wrapper of the known form`);
      }
      members.push(`  ${name}: wrapper(),`);
      types.push(`  readonly ${name}: Pick<typeof ${ns}.${name}, 'fromNumber' | 'fromString'>;`);
    }
    lines.push(`/** What src/ uses of imports/${uses.file}.ts. */`);
    lines.push(`export const ${alias}: {\n${types.join('\n')}\n} = {\n${members.join('\n')}\n} as never;`);
    lines.push('');
  }

  const text = [
    '// Generated by scripts/gen-l1-runtime.ts from imports/*.ts: do not edit (npx tsx scripts/gen-l1-runtime.ts).',
    '/* eslint-disable */',
    "import type { GroupVersionKind } from 'cdk8s';",
    ...typeImports,
    "import { converters, Field, wrapper } from './l1-convert';",
    '',
    '/** Every converter the uses below reach, types with equal converters merged (src/private/l1-convert.ts reads it). */',
    // JSON text parsed at load: V8 parses it faster than the same array literal (cold require, issue #19).
    `export const TYPES: ReadonlyArray<Field[]> = JSON.parse(${JSON.stringify(JSON.stringify(table))});`,
    'const at = converters(TYPES);',
    '',
    ...lines,
  ].join('\n');
  return { text, reached };
}

if (require.main === module) {
  const text = generate();
  if (process.argv.includes('--check')) {
    if (!fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== text) {
      console.error(`${path.relative(ROOT, OUT)} is stale: run npx tsx scripts/gen-l1-runtime.ts`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(ROOT, OUT)} (${text.length} bytes)`);
  }
}
