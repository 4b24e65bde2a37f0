/**
 * Runs a piece of the converter's own generated code (a `Code` tree: literals, names, calls) against the library, so a
 * converted InferenceService can be built in a scratch app exactly as the generated app builds it (issue #21: monitors
 * are typed only when the L2 monitor of that service writes the input).
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Code } from './convert-code';
import { Autoscaling, KedaMetric } from '../autoscaling';
import { DeploymentMode } from '../deployment-mode';
import { ExtendedResource } from '../extended-resource';
import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { MetricsSource } from '../monitoring/metrics';
import { PodMonitor } from '../monitoring/pod-monitor';
import { ServiceMonitor } from '../monitoring/service-monitor';
import { ProtocolVersion } from '../protocol-version';
import { ClusterServingRuntime } from '../runtimes/cluster-serving-runtime';
import { ServingRuntime } from '../runtimes/serving-runtime';
import { StorageUri } from '../storage-uri';
import { Toleration } from '../toleration';

/** The names the converter's service, runtime and monitor code uses, as it imports them. */
const LIBRARY: Record<string, unknown> = {
  Duration,
  Size,
  kplus,
  Autoscaling,
  ClusterServingRuntime,
  DeploymentMode,
  ExtendedResource,
  InferenceService,
  KedaMetric,
  KServeVersion,
  MetricsSource,
  Model,
  PodMonitor,
  ProtocolVersion,
  ServiceMonitor,
  ServingRuntime,
  StorageUri,
  Toleration,
};

/** The value of a literal the printer writes (`str`, numbers, `true`...); undefined when `text` is a name. */
function literal(text: string): { readonly value: unknown } | undefined {
  if (text.startsWith("'")) return { value: JSON.parse(`"${text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { value: Number(text) };
  const words: Record<string, unknown> = { true: true, false: false, null: null, undefined: undefined };
  return text in words ? { value: words[text] } : undefined;
}

/** The value a dotted name refers to, with the object it was read from (the `this` of a method call). */
function resolve(path: string, env: Record<string, unknown>): { readonly holder: unknown; readonly value: unknown } {
  const [first, ...rest] = path.split('.');
  // Our own rule: only the app's variables given and the library's names are run (a storage Secret's variable is not).
  if (!(first in env) && !(first in LIBRARY)) throw new Error(`the converter cannot run '${path}'`);
  let holder: unknown = undefined;
  let value: unknown = first in env ? env[first] : LIBRARY[first];
  for (const part of rest) {
    holder = value;
    value = (value as Record<string, unknown>)[part];
  }
  return { holder, value };
}

/** Evaluates `code` with the variables of `env` (charts, constructs) and the library's names; throws on anything else. */
export function evaluate(code: Code, env: Record<string, unknown>): unknown {
  switch (code.kind) {
    case 'raw': return (literal(code.text) ?? { value: resolve(code.text, env).value }).value;
    case 'object': return Object.fromEntries(code.entries.map(([k, v]) => [k, evaluate(v, env)]));
    case 'array': return code.items.map(item => evaluate(item, env));
    case 'call': {
      const args = code.args.map(a => evaluate(a, env));
      if (code.callee.startsWith('new ')) {
        const type = resolve(code.callee.slice('new '.length), env).value as new (...a: unknown[]) => unknown;
        return new type(...args);
      }
      const { holder, value } = resolve(code.callee, env);
      return (value as (...a: unknown[]) => unknown).apply(holder, args);
    }
  }
}
