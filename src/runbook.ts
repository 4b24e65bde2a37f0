import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CanaryRollout } from './canary-rollout';
import { ComponentType } from './component';
import { InferenceGraph } from './inference-graph';
import { InferenceService } from './inference-service';
import { ProtocolVersion } from './protocol-version';

/**
 * Markdown runbooks generated from the constructs themselves, so names, namespaces, labels, ports and
 * paths can never drift from the manifests: status, URL, a prediction with curl for the service's
 * protocol, logs, pods, events and port-forwarding, under a Mermaid diagram of the request path.
 */
export class Runbook {
  /**
   * The runbook of one InferenceService, as Markdown. Throws when the service has no namespace (neither its props
   * nor its chart set one): it would land in whatever namespace `kubectl apply` targets, which the commands cannot name.
   */
  public static forService(service: InferenceService): string {
    const ns = knownNamespace(service);
    const name = service.name;
    const predictorSelector = selector(service, ComponentType.PREDICTOR);
    const entry = service.components.includes(ComponentType.TRANSFORMER) ? ComponentType.TRANSFORMER : ComponentType.PREDICTOR;
    const protocol = service.protocolVersion;
    const predictPath = service.predictPath;
    const body = protocol === ProtocolVersion.V2
      ? '{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [[5.1, 3.5, 1.4, 0.2]]}]}'
      : '{"instances": [[5.1, 3.5, 1.4, 0.2]]}';
    const portForward = service.deploymentMode.isKnative
      ? [
        `POD=$(kubectl get pods -n ${ns} -l ${selector(service, entry)} -o jsonpath='{.items[0].metadata.name}')`,
        `kubectl port-forward -n ${ns} "pod/$POD" 8080:8080`,
      ]
      : [`kubectl port-forward -n ${ns} svc/${service.componentName(entry)} 8080:80`];
    const lines = [
      `# Runbook: ${ns}/${name}`,
      '',
      `KServe ${service.version.name}, ${service.deploymentMode.annotationValue(service.version)} mode, protocol ${protocol.value}.`,
      '',
      '```mermaid',
      ...diagram(service),
      '```',
      '',
      '## Status',
      '',
      '```sh',
      `kubectl get inferenceservice ${name} -n ${ns}`,
      `kubectl describe inferenceservice ${name} -n ${ns}`,
      '```',
      '',
      '## URL',
      '',
      '```sh',
      `kubectl get inferenceservice ${name} -n ${ns} -o jsonpath='{.status.url}'`,
      '```',
      '',
      `In the cluster: ${service.clusterLocalUrl}`,
      '',
      '## Send a prediction',
      '',
      '```sh',
      `SERVICE_HOST=$(kubectl get inferenceservice ${name} -n ${ns} -o jsonpath='{.status.url}' | cut -d / -f 3)`,
      predictPath
        ? `curl -sS -H "Host: $SERVICE_HOST" -H 'Content-Type: application/json' "http://$INGRESS_HOST:$INGRESS_PORT${predictPath}" -d '${body}'`
        : 'grpcurl -plaintext -authority "$SERVICE_HOST" "$INGRESS_HOST:$INGRESS_PORT" inference.GRPCInferenceService/ModelInfer',
      '```',
      '',
      '## Logs, pods and events',
      '',
      '```sh',
      ...service.components.map(c => `kubectl logs -n ${ns} -l ${selector(service, c)} -c kserve-container --tail=200`),
      ...(service.deploymentMode.isKnative ? [`kubectl logs -n ${ns} -l ${predictorSelector} -c queue-proxy --tail=200`] : []),
      `kubectl get pods -n ${ns} -l serving.kserve.io/inferenceservice=${name}`,
      `kubectl get events -n ${ns} --sort-by=.lastTimestamp`,
      '```',
      '',
      '## Port-forward',
      '',
      '```sh',
      ...portForward,
      ...(predictPath ? [`curl -sS -H 'Content-Type: application/json' "http://localhost:8080${predictPath}" -d '${body}'`] : []),
      '```',
      '',
    ];
    return lines.join('\n');
  }

  /**
   * Writes `<namespace>-<name>.runbook.md` for every InferenceService in the app into `outdir`
   * (the app's output directory by default), next to the YAML. Call it after `app.synth()`.
   *
   * File names never collide: the same service in several charts (e.g. one chart per rollout phase)
   * gets the chart's id in front (`<chart>-<namespace>-<name>`), and services whose dash-joined names
   * coincide (`a-b/c` and `a/b-c`) are written with dots instead (`a-b.c`, `a.b-c`; namespaces and
   * names never contain a dot). When no name tells two services apart (charts with the same id in
   * different scopes), it throws naming both, before writing anything; so it does for a service without a
   * namespace (see `forService`).
   * @returns the files written
   */
  public static writeAll(app: App, outdir: string = app.outdir): string[] {
    const services = app.node.findAll().filter((c: IConstruct): c is InferenceService => c instanceof InferenceService);
    services.forEach(knownNamespace);
    const files = runbookFileNames(services);
    fs.mkdirSync(outdir, { recursive: true });
    return services.map((service, i) => {
      const file = path.join(outdir, files[i]);
      fs.writeFileSync(file, Runbook.forService(service));
      return file;
    });
  }

  private constructor() {}
}

/**
 * One runbook file name per service, in order, with no two alike. Starts from `<namespace>-<name>` and, while
 * names collide, adds the chart id for a service repeated across charts and switches to `.` separators for
 * distinct services whose names only coincide once joined with `-` (DNS labels contain no dot, so `ns.name` is
 * unambiguous). Each step only adds to a service's name, so this ends; what still collides is an error.
 */
function runbookFileNames(services: InferenceService[]): string[] {
  const identity = (s: InferenceService) => `${s.namespace}/${s.name}`;
  const withChart = new Set<InferenceService>();
  const dotted = new Set<InferenceService>();
  const stem = (s: InferenceService) => {
    const sep = dotted.has(s) ? '.' : '-';
    return `${withChart.has(s) ? `${Chart.of(s).node.id}${sep}` : ''}${s.namespace}${sep}${s.name}`;
  };
  for (;;) {
    const byStem = new Map<string, InferenceService[]>();
    for (const s of services) {
      const group = byStem.get(stem(s));
      if (group) group.push(s); else byStem.set(stem(s), [s]);
    }
    let changed = false;
    for (const group of byStem.values()) {
      if (group.length < 2) continue;
      for (const s of group) {
        const same = group.filter(o => identity(o) === identity(s)).length;
        if (same > 1 && !withChart.has(s)) {
          withChart.add(s);
          changed = true;
        }
        if (same < group.length && !dotted.has(s)) {
          dotted.add(s);
          changed = true;
        }
      }
    }
    if (!changed) {
      for (const group of byStem.values()) {
        if (group.length > 1) {
          throw new Error(`Runbook.writeAll: InferenceServices ${group.map(s => `'${s.node.path}' (${identity(s)})`).join(' and ')} `
            + `would both be written to '${stem(group[0])}.runbook.md'; give their charts different ids`);
        }
      }
      return services.map(s => `${stem(s)}.runbook.md`);
    }
  }
}

/** The service's namespace; throws when the service has none, as every command would then name the wrong one. */
function knownNamespace(service: InferenceService): string {
  const [error] = service._unknownNamespaceErrors('A runbook');
  if (error) throw new Error(`Runbook: ${error}`);
  return service.namespace;
}

function selector(service: InferenceService, component: ComponentType): string {
  return Object.entries(service.selectorLabels(component)).map(([k, v]) => `${k}=${v}`).join(',');
}

/** The request path as a Mermaid flowchart: ingress, transformer, predictor (with the canary split), storage, credentials. */
function diagram(service: InferenceService): string[] {
  const lines = ['flowchart LR', `  client([client]) --> ingress["ingress: ${service.name}-${service.namespace}"]`];
  // InferenceGraphs of the app whose nodes call this service.
  const graphs = service.node.root.node.findAll().filter((c): c is InferenceGraph => c instanceof InferenceGraph);
  graphs.forEach((graph, g) => {
    for (const node of graph.nodes) {
      node.steps.forEach(step => {
        if (step.target._target.service === service) {
          const share = step.weight !== undefined ? `|${step.weight}%|` : '';
          lines.push(`  graph${g}["graph ${graph.name}: ${node.name} (${node.routerType})"] -->${share} ingress`);
        }
      });
    }
  });
  const hasTransformer = service.components.includes(ComponentType.TRANSFORMER);
  if (hasTransformer) {
    lines.push(`  ingress --> transformer["${service.componentName(ComponentType.TRANSFORMER)}"]`);
  }
  const from = hasTransformer ? 'transformer' : 'ingress';
  const model = service.model;
  const predictor = `${service.componentName(ComponentType.PREDICTOR)}${model ? `: ${model.formatName}` : ''}`;
  const canary = CanaryRollout.of(service);
  if (canary && service.deploymentMode.isKnative && !canary.phase.isPromote) {
    const share = canary.phase.trafficPercent;
    lines.push(`  ${from} -->|${share}%| candidate["${predictor} (latest revision)"]`);
    lines.push(`  ${from} -->|${100 - share}%| stable["${service.componentName(ComponentType.PREDICTOR)} (previous revision)"]`);
  } else if (canary && canary.candidate && !canary.phase.isPromote && !canary.phase.isRollback) {
    lines.push(`  ${from} --> predictor["${predictor}"]`);
    lines.push(`  predictor -.-|${canary.phase.trafficPercent}% of replicas| candidate["${service.name}-${canary.candidateName}-predictor"]`);
  } else {
    lines.push(`  ${from} --> predictor["${predictor}"]`);
  }
  if (model) {
    const target = canary && service.deploymentMode.isKnative && !canary.phase.isPromote ? 'candidate' : 'predictor';
    lines.push(`  ${target} -. reads .-> storage[("${model.storage}")]`);
  }
  const credentials = service.storageCredentials?.name;
  if (credentials) {
    lines.push(`  credentials[["credentials: ${credentials}"]] -.-> storage`);
  }
  return lines;
}
