/**
 * The converter's alerts part (issue #21): a prometheus-operator PrometheusRule shaped as `InferenceServiceAlerts` writes
 * it for a converted InferenceService becomes that construct, when the construct, built in a scratch app beside the
 * service and its converted monitors, writes exactly the input; otherwise it stays as written (an ApiObject) and the
 * note says which fields differ.
 */
import { Duration } from 'cdk8s';
import { ConvertScope, call, raw, str } from './convert-code';
import { Scratch, jsonDiff, withoutNulls } from './convert-diff';
import { fieldOf } from './convert-isvc';
import { ConvertedMonitor, MonitorOptions } from './convert-monitor';
import { coded, secondsValue, toCode } from './convert-values';
import { isObject } from './convert-yaml';
import { InferenceServiceAlertsProps, InferenceServiceAlerts } from '../monitoring/inference-service-alerts';

/** The defaults of InferenceServiceAlerts (inference-service-alerts.ts), left out of the props when the input has them. */
const DEFAULT_PENDING: Record<string, number> = { latency: 300, errorRatio: 300, noTraffic: 900 };
const NUMBER = '(\\d+(?:\\.\\d+)?(?:e-?\\d+)?)';

/** `Duration.millis(n)` / `Duration.seconds(n)` for a threshold in seconds, when it is whole milliseconds. */
function threshold(seconds: number, scope: ConvertScope): Duration | undefined {
  const millis = Math.round(seconds * 1000);
  if (Math.abs(millis - seconds * 1000) > 1e-9) return undefined;
  if (millis % 1000 === 0) return secondsValue(millis / 1000, scope);
  return coded(Duration.millis(millis), call(`${scope.use('cdk8s', 'Duration')}.millis`, raw(String(millis))));
}

/** The alert props a rule of the shape InferenceServiceAlerts writes stands for; undefined for another rule. */
function alertOf(rule: Record<string, unknown>, scope: ConvertScope): [string, Record<string, unknown>] | undefined {
  const name = typeof rule.alert === 'string' ? rule.alert : '';
  const expr = typeof rule.expr === 'string' ? rule.expr : '';
  const pending = typeof rule.for === 'string' && /^\d+s$/.test(rule.for) ? Number(rule.for.slice(0, -1)) : undefined;
  let key: string;
  const props: Record<string, unknown> = {};
  const latency = new RegExp(`^histogram_quantile\\(${NUMBER}, .*\\) > ${NUMBER}$`).exec(expr);
  const ratio = new RegExp(`^sum\\(rate\\(.*\\)\\) / sum\\(rate\\(.*\\)\\) > ${NUMBER}$`).exec(expr);
  if (name.endsWith('HighLatency') && latency) {
    key = 'latency';
    const limit = threshold(Number(latency[2]), scope);
    if (!limit) return undefined;
    props.threshold = limit;
    if (Number(latency[1]) !== 0.99) props.percentile = Number(latency[1]);
  } else if (name.endsWith('HighErrorRatio') && ratio) {
    key = 'errorRatio';
    props.threshold = Number(ratio[1]);
  } else if (name.endsWith('NoTraffic')) {
    key = 'noTraffic';
  } else {
    return undefined;
  }
  if (pending !== undefined && pending !== DEFAULT_PENDING[key]) props.pendingFor = secondsValue(pending, scope);
  return [key, props];
}

/**
 * The InferenceServiceAlerts that write the PrometheusRule `input` exactly, or the reason it stays an ApiObject: its
 * group does not name a converted service (`kserve.<namespace>.<name>`), a rule is not one InferenceServiceAlerts
 * writes, or the construct writes something else (the fields that differ are named) or rejects the props.
 */
export function convertAlerts(input: Record<string, unknown>, options: MonitorOptions, scope: ConvertScope): ConvertedMonitor | string {
  if (input.apiVersion !== 'monitoring.coreos.com/v1') return `apiVersion '${String(input.apiVersion)}' is not monitoring.coreos.com/v1`;
  const target = withoutNulls(input);
  const metadata = target.metadata as Record<string, unknown>;
  const groups = isObject(target.spec) && Array.isArray(target.spec.groups) ? target.spec.groups : [];
  const group = groups.length === 1 && isObject(groups[0]) ? groups[0] : {};
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const prefix = `kserve.${namespace}.`;
  if (typeof group.name !== 'string' || !group.name.startsWith(prefix)) {
    return 'it is not one group named \'kserve.<namespace>.<service>\', as InferenceServiceAlerts writes';
  }
  const serviceName = group.name.slice(prefix.length);
  const service = options.service(serviceName);
  if (!service) return `its group names InferenceService '${serviceName}', which is not converted from this input`;
  const rules = Array.isArray(group.rules) ? group.rules : [];
  const props: Record<string, unknown> = {};
  for (const rule of rules) {
    const alert = isObject(rule) ? alertOf(rule, scope) : undefined;
    if (!alert) return `the rule ${JSON.stringify(isObject(rule) ? rule.alert : rule)} is not one InferenceServiceAlerts writes`;
    props[alert[0]] = alert[1];
  }
  const first = isObject(rules[0]) && isObject(rules[0].labels) ? rules[0].labels : {};
  if (typeof first.severity === 'string' && first.severity !== 'warning') props.severity = first.severity;
  const name = String(metadata.name);
  if (name !== `${serviceName}-alerts`) props.name = name;
  if (isObject(metadata.labels) && Object.values(metadata.labels).every(v => typeof v === 'string')) props.labels = metadata.labels;

  const scratch = new Scratch();
  let rebuilt;
  try {
    rebuilt = service.rebuild(scratch);
  } catch (e) {
    return `the InferenceService '${serviceName}' cannot be rebuilt to compare: ${e instanceof Error ? e.message : String(e)}`;
  }
  const all = { target: coded(rebuilt, raw(service.variable)), ...props };
  const built = scratch.build(namespace || undefined, chart => new InferenceServiceAlerts(chart, 'convert-alerts-candidate',
    all as unknown as InferenceServiceAlertsProps));
  if ('errors' in built) return `the L2 InferenceServiceAlerts rejects it: ${built.errors.join('; ')}`;
  const patches = jsonDiff(built.object, target);
  if (patches.length > 0) {
    return `it is not what the L2 InferenceServiceAlerts writes for InferenceService '${serviceName}': `
      + `${[...new Set(patches.map(p => fieldOf(p.path)))].join(', ')} differ`;
  }
  const construct = call(`new ${scope.use('kserve', 'InferenceServiceAlerts')}`, raw(options.chart), str(options.id(name)), toCode(all));
  return { construct, service: serviceName };
}
