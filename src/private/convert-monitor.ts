/**
 * The converter's monitor part (issue #21): a prometheus-operator ServiceMonitor or PodMonitor of a converted
 * InferenceService becomes the library's `ServiceMonitor` / `PodMonitor` only when that construct, built in a scratch
 * app beside the service, writes exactly the input; otherwise the monitor stays as written (an ApiObject) and the note
 * says which fields differ from what the closest L2 monitor writes.
 */
import { Chart } from 'cdk8s';
import { Code, ConvertScope, call, raw, str } from './convert-code';
import { Scratch, jsonDiff, withoutNulls } from './convert-diff';
import { fieldOf } from './convert-isvc';
import { coded, secondsValue, toCode } from './convert-values';
import { isObject } from './convert-yaml';
import { InferenceService } from '../inference-service';
import { MetricsSource } from '../monitoring/metrics';
import { PodMonitor } from '../monitoring/pod-monitor';
import { ServiceMonitor } from '../monitoring/service-monitor';

/** The label KServe puts on every pod of a service (constants.InferenceServicePodLabelKey, pkg/constants at both tags). */
const SERVICE_LABEL = 'serving.kserve.io/inferenceservice';
const SOURCES: Array<[MetricsSource, string]> = [
  [MetricsSource.QUEUE_PROXY, 'QUEUE_PROXY'], [MetricsSource.MODEL, 'MODEL'], [MetricsSource.AGGREGATED, 'AGGREGATED'],
];

/** A converted service as a monitor needs it: its variable, and a way to rebuild it (with the app's runtimes) in a scratch app. */
export interface MonitoredService {
  readonly variable: string;
  /**
   * Rebuilds the service from its generated code, with the app's runtimes and its monitors converted so far; throws when
   * that code uses a construct only the app has.
   */
  rebuild(scratch: Scratch): InferenceService;
}

/** Options of the converter for one monitor or PrometheusRule. */
export interface MonitorOptions {
  readonly chart: string;
  readonly id: (base: string) => string;
  /** The converted service of this name in the object's namespace, rebuilt with its converted monitors. */
  readonly service: (name: string) => MonitoredService | undefined;
}

/** A converted monitor or PrometheusRule: its construct (no variable: nothing refers to it) and the service variable it uses. */
export interface ConvertedMonitor {
  readonly construct: Code;
  readonly service: string;
}

/**
 * The L2 construct that writes the monitor `input` exactly, or the reason it stays an ApiObject: it does not select one
 * converted InferenceService, or no source's L2 monitor writes it (the fields that differ from the closest are named).
 */
export function convertMonitor(input: Record<string, unknown>, options: MonitorOptions, scope: ConvertScope): ConvertedMonitor | string {
  const kind = String(input.kind);
  if (input.apiVersion !== 'monitoring.coreos.com/v1') return `apiVersion '${String(input.apiVersion)}' is not monitoring.coreos.com/v1`;
  const target = withoutNulls(input);
  const metadata = target.metadata as Record<string, unknown>;
  const spec = isObject(target.spec) ? target.spec : {};
  const selector = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  const serviceName = selector[SERVICE_LABEL];
  if (typeof serviceName !== 'string') return `its selector has no '${SERVICE_LABEL}' label naming an InferenceService`;
  const service = options.service(serviceName);
  if (!service) return `it selects InferenceService '${serviceName}', which is not converted from this input`;
  const endpoints = spec[kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints'];
  const endpoint = Array.isArray(endpoints) && endpoints.length === 1 && isObject(endpoints[0]) ? endpoints[0] : {};
  const duration = (value: unknown) => (typeof value === 'string' && /^\d+s$/.test(value) ? secondsValue(Number(value.slice(0, -1)), scope) : undefined);
  const labels = isObject(metadata.labels) && Object.values(metadata.labels).every(v => typeof v === 'string') ? metadata.labels : undefined;

  const Monitor = kind === 'ServiceMonitor' ? ServiceMonitor : PodMonitor;
  let closest: { readonly fields: string[] } | undefined;
  const errors: string[] = [];
  for (const [source, member] of SOURCES) {
    // Each candidate in its own app: the library reports two monitors of one name in an app.
    const scratch = new Scratch();
    let rebuilt: InferenceService;
    try {
      rebuilt = service.rebuild(scratch);
    } catch (e) {
      return `the InferenceService '${serviceName}' cannot be rebuilt to compare: ${e instanceof Error ? e.message : String(e)}`;
    }
    const name = String(metadata.name);
    const props = {
      target: coded(rebuilt, raw(service.variable)),
      source: coded({ source }, raw(`${scope.use('kserve', 'MetricsSource')}.${member}`)),
      name: name === `${serviceName}-predictor-${source}` ? undefined : name,
      interval: duration(endpoint.interval),
      scrapeTimeout: duration(endpoint.scrapeTimeout),
      labels,
    };
    const built = scratch.build(metadata.namespace as string | undefined, (chart: Chart) => new Monitor(chart, `convert-candidate-${name}`, { ...props, source } as never));
    if ('errors' in built) {
      errors.push(...built.errors);
      continue;
    }
    const patches = jsonDiff(built.object, target);
    if (patches.length === 0) {
      const construct = call(`new ${scope.use('kserve', kind)}`, raw(options.chart), str(options.id(name)), toCode(props));
      return { construct, service: serviceName };
    }
    const fields = [...new Set(patches.map(p => fieldOf(p.path)))];
    if (!closest || fields.length < closest.fields.length) closest = { fields };
  }
  if (!closest) return `the L2 ${kind} cannot scrape InferenceService '${serviceName}': ${[...new Set(errors)].join('; ')}`;
  return `it is not what the L2 ${kind} writes for InferenceService '${serviceName}' with any metrics source: ${closest.fields.join(', ')} `
    + 'differ from the closest';
}
