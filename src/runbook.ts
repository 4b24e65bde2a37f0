import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CanaryRollout, TAG_ROUTING_ANNOTATION } from './canary-rollout';
import { ComponentType } from './component';
import { InferenceGraph } from './inference-graph';
import { InferenceService } from './inference-service';
import { LLMInferenceService } from './llm/llm-inference-service';
import { LLMPodMonitor } from './monitoring/llm-pod-monitor';
import { appConstructs, inPass, perPass } from './private/app-pass';
import { nonManifestFolder } from './private/helm';
import { llmRunbook } from './private/llm-runbook';
import { modelCacheRunbook } from './private/model-cache';
import { servedModelName } from './private/served-model';
import { guardMethods } from './private/shape';
import { selectorString } from './private/util';
import { ProtocolVersion } from './protocol-version';

/**
 * Markdown runbooks generated from the constructs themselves, so names, namespaces, labels, ports and
 * paths can never drift from the manifests: status, URL, a prediction with curl for the service's
 * protocol, logs, pods, events and port-forwarding, under a Mermaid diagram of the request path.
 *
 * @example
 * new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 * });
 * app.synth();
 * Runbook.writeAll(app); // ml-sklearn-iris.runbook.md next to the YAML in app.outdir
 * @category Monitoring
 */
export class Runbook {
  /**
   * The runbook of one InferenceService, as Markdown. Throws when the service has no namespace (neither its props
   * nor its chart set one): it would land in whatever namespace `kubectl apply` targets, which the commands cannot name.
   *
   * @example
   * const iris = new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   * // Ship the runbook with the service, e.g. for an on-call portal that reads ConfigMaps.
   * new kplus.ConfigMap(chart, 'iris-runbook', { data: { 'runbook.md': Runbook.forService(iris) } });
   */
  public static forService(service: InferenceService): string {
    const ns = knownNamespace(service);
    const name = service.name;
    const predictorSelector = selector(service, ComponentType.PREDICTOR);
    const entry = service.components.includes(ComponentType.TRANSFORMER) ? ComponentType.TRANSFORMER : ComponentType.PREDICTOR;
    const protocol = service.protocolVersion;
    const target = modelTarget(service);
    const predictPath = protocol.predictPath(target.ref);
    const request = requestBody(service, protocol);
    const portForward = service.deploymentMode.isKnative
      ? [
        `POD=$(kubectl get pods -n ${ns} -l ${selector(service, entry)} -o jsonpath='{.items[0].metadata.name}')`,
        `kubectl port-forward -n ${ns} "pod/$POD" 8080:8080`,
      ]
      : [`kubectl port-forward -n ${ns} svc/${service.componentName(entry)} 8080:80`];
    const curl = (base: string, host: string | undefined) =>
      `curl -sS${host ? ` -H "Host: ${host}"` : ''} -H 'Content-Type: application/json' "${base}${predictPath}" -d "$REQUEST"`;
    const metadata = (base: string, host: string | undefined) => (protocol === ProtocolVersion.V2
      ? [`curl -sS${host ? ` -H "Host: ${host}"` : ''} "${base}/v2/models/${target.ref}"   # the model's inputs: names, shapes, datatypes`]
      : []);
    const gateway = 'http://$INGRESS_HOST:$INGRESS_PORT';
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
      // The minimal CRDs have no additionalPrinterColumns, so `kubectl get` shows no READY or URL: read the status.
      'Plain `kubectl get inferenceservice` shows READY and URL only with the full CRDs; these read the status with any CRDs.',
      '',
      '```sh',
      `kubectl get inferenceservice ${name} -n ${ns} -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}{"\\t"}{.status.url}{"\\n"}'`,
      `kubectl wait --for=condition=Ready inferenceservice/${name} -n ${ns} --timeout=300s`,
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
      // kserve-install's ingress config: `knative-serving/knative-ingress-gateway` and IngressClass `istio`, both served
      // by Istio's gateway Service; README: Knative with Istio or Kourier.
      'Through the ingress gateway: the install\'s Knative gateway (`knative-serving/knative-ingress-gateway`) and its',
      'Standard-mode IngressClass `istio` are served by the `istio-ingressgateway` Service in `istio-system`. With Kourier',
      'use `INGRESS_NAMESPACE=kourier-system INGRESS_SERVICE=kourier`; with another gateway, its Service.',
      ...target.note,
      '',
      '```sh',
      'INGRESS_NAMESPACE=istio-system',
      'INGRESS_SERVICE=istio-ingressgateway',
      'INGRESS_HOST=$(kubectl get service "$INGRESS_SERVICE" -n "$INGRESS_NAMESPACE" -o jsonpath=\'{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}\')',
      'INGRESS_PORT=80',
      '# No load balancer address (kind, minikube): forward a local port to the gateway instead.',
      'if [ -z "$INGRESS_HOST" ]; then',
      '  kubectl port-forward -n "$INGRESS_NAMESPACE" "svc/$INGRESS_SERVICE" 8081:80 >/dev/null &',
      '  sleep 3',
      '  INGRESS_HOST=localhost',
      '  INGRESS_PORT=8081',
      'fi',
      `SERVICE_HOST=$(kubectl get inferenceservice ${name} -n ${ns} -o jsonpath='{.status.url}' | cut -d / -f 3)`,
      ...target.commands('"Host: $SERVICE_HOST"', gateway),
      ...(predictPath
        ? [...metadata(gateway, '$SERVICE_HOST'), ...request, curl(gateway, '$SERVICE_HOST')]
        : ['grpcurl -plaintext -authority "$SERVICE_HOST" "$INGRESS_HOST:$INGRESS_PORT" inference.GRPCInferenceService/ModelInfer']),
      '```',
      '',
      ...canaryRevisions(service, predictPath ? curl(gateway, '$TAG_HOST') : undefined),
      ...modelCacheRunbook(service),
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
      ...(predictPath ? [`# In another shell, with REQUEST${target.ref === '$MODEL_NAME' ? ' and MODEL_NAME' : ''} set as above:`, curl('http://localhost:8080', undefined)] : []),
      '```',
      '',
    ];
    return lines.join('\n');
  }

  /**
   * The runbook of one LLMInferenceService, as Markdown: status, URL, OpenAI-compatible requests for the served model,
   * the local model cache the model is read from (KServe v0.19+, when the app has one), logs of the vLLM, routing
   * sidecar and scheduler containers, and the metrics of vLLM and the scheduler. Throws when
   * the service has no namespace, as `forService` does.
   *
   * @example
   * const qwen = new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), name: 'Qwen/Qwen2.5-7B-Instruct' },
   *   router: { gateway: {}, route: {}, scheduler: {} },
   * });
   * new LLMPodMonitor(chart, 'qwen-metrics', { target: qwen });
   * // With the monitor in the app, the runbook also shows where vLLM's and the scheduler's metrics are read.
   * new kplus.ConfigMap(chart, 'qwen-runbook', { data: { 'runbook.md': Runbook.forLLMService(qwen) } });
   */
  public static forLLMService(service: LLMInferenceService): string {
    // Our own rule, as for forService: the commands must name the namespace.
    const [error] = service._unknownNamespaceErrors('A runbook');
    if (error) throw new Error(`Runbook.forLLMService(service): ${error}`);
    const monitors = LLMPodMonitor.of(service).map(m => ({ name: m.name, readerServiceAccount: m.readerServiceAccountName }));
    return llmRunbook(service, service.namespace, monitors);
  }

  /**
   * Writes `<namespace>-<name>.runbook.md` for every InferenceService and LLMInferenceService in the app into `outdir`
   * (the app's output directory by default), next to the YAML. Call it after `app.synth()`.
   *
   * File names never collide: the same service in several charts (e.g. one chart per rollout phase)
   * gets the chart's id in front (`<chart>-<namespace>-<name>`), and services whose dash-joined names
   * coincide (`a-b/c` and `a/b-c`) are written with dots instead (`a-b.c`, `a.b-c`; namespaces and
   * names never contain a dot). When no name tells two services apart (charts with the same id in
   * different scopes), it throws naming both, before writing anything; so it does for a service without a
   * namespace (see `forService`).
   *
   * When the app is written as a Helm chart (`cdk8s synth --format helm`, or the context `cdk8s-kserve:helm`), an
   * `outdir` inside the chart's `templates/` (which Helm would render as manifests) is replaced by the same place under
   * `<chart>/runbooks/`, which Helm does not render.
   * @returns the files written
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   * const qwen = new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), name: 'Qwen/Qwen2.5-7B-Instruct' },
   *   router: { gateway: {}, route: {}, scheduler: {} },
   * });
   * app.synth();
   * // ml-sklearn-iris.runbook.md and ml-qwen.runbook.md, in their own folder of the output.
   * const files = Runbook.writeAll(app, `${app.outdir}/runbooks`);
   */
  public static writeAll(app: App, outdir: string = app.outdir): string[] {
    // In a Helm chart, runbooks under templates/ would be rendered as manifests (and fail): they go to <chart>/runbooks/.
    outdir = nonManifestFolder(app, outdir, 'runbooks');
    const services = app.node.findAll().filter((c: IConstruct): c is InferenceService | LLMInferenceService =>
      c instanceof InferenceService || c instanceof LLMInferenceService);
    // Every runbook is rendered before the first file is written, so a service without a namespace writes nothing.
    // One pass: the app-wide lookups of the runbooks (the graphs calling each service) are computed once, not per service.
    const texts = inPass(app, () => services.map(s => (s instanceof InferenceService ? Runbook.forService(s) : Runbook.forLLMService(s))));
    const files = runbookFileNames(services);
    fs.mkdirSync(outdir, { recursive: true });
    return files.map((name, i) => {
      const file = path.join(outdir, name);
      fs.writeFileSync(file, texts[i]);
      return file;
    });
  }

  private constructor() {}
}

/** A service a runbook is written for. */
type RunbookSubject = InferenceService | LLMInferenceService;

/**
 * One runbook file name per service, in order, with no two alike. Starts from `<namespace>-<name>` and, while
 * names collide, adds the chart id for a service repeated across charts and switches to `.` separators for
 * distinct services whose names only coincide once joined with `-` (DNS labels contain no dot, so `ns.name` is
 * unambiguous). Each step only adds to a service's name, so this ends; what still collides is an error.
 */
function runbookFileNames(services: RunbookSubject[]): string[] {
  const identity = (s: RunbookSubject) => `${s.namespace}/${s.name}`;
  const withChart = new Set<RunbookSubject>();
  const dotted = new Set<RunbookSubject>();
  const stem = (s: RunbookSubject) => {
    const sep = dotted.has(s) ? '.' : '-';
    return `${withChart.has(s) ? `${Chart.of(s).node.id}${sep}` : ''}${s.namespace}${sep}${s.name}`;
  };
  for (;;) {
    const byStem = new Map<string, RunbookSubject[]>();
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
        // Our own rule: one runbook file per service, never overwritten by another.
        if (group.length > 1) {
          throw new Error(`Runbook.writeAll(app): services ${group.map(s => `'${s.node.path}' (${identity(s)})`).join(' and ')} `
            + `would both be written to '${stem(group[0])}.runbook.md'; give their charts different ids`);
        }
      }
      return services.map(s => `${stem(s)}.runbook.md`);
    }
  }
}

/** The service's namespace; throws when the service has none, as every command would then name the wrong one (our own rule). */
function knownNamespace(service: InferenceService): string {
  const [error] = service._unknownNamespaceErrors('A runbook');
  if (error) throw new Error(`Runbook.forService(service): ${error}`);
  return service.namespace;
}

/**
 * How the runbook names the model in request paths: the served name when known; else `$MODEL_NAME`, with a note
 * saying who decides the name, the request that lists the served models (when the server has one) and the
 * placeholder the user replaces. Never a guessed name: a wrong one gives a plausible URL that answers 404.
 */
function modelTarget(service: InferenceService): { ref: string; note: string[]; commands: (host: string, base: string) => string[] } {
  const model = service.model;
  const served = model ? servedModelName(service, service.name, service.namespace, service.version, model) : undefined;
  if (served?.name !== undefined) return { ref: served.name, note: [], commands: () => [] };
  const listing = served?.listing;
  const who = !model
    ? 'The custom container decides the name it serves the model under'
    : `The runtime${served?.runtime ? ` \`${served.runtime}\`` : ''} names the model from its files (not after the InferenceService)`;
  return {
    ref: '$MODEL_NAME',
    note: [
      '',
      `${who}: ${listing ? 'list the served models, then set' : 'set'} \`MODEL_NAME\` to the one to call${model ? ' (or give the model `servedModelName` to have it written here)' : ''}.`,
    ],
    commands: (host, base) => [
      ...(listing ? [`curl -sS${listing.method === 'POST' ? ' -X POST' : ''} -H ${host} "${base}${listing.path}"`] : []),
      "MODEL_NAME='<REPLACE: the served model name>'",
    ],
  };
}

/**
 * The request body for the service's protocol and format, as `REQUEST=...` lines. The values are always the user's
 * (what a model expects depends on how it was trained), so they are clearly marked placeholders inside the envelope
 * the protocol and runtime expect; the placeholder is not valid JSON, so it fails loudly if sent unchanged.
 */
function requestBody(service: InferenceService, protocol: ProtocolVersion): string[] {
  const replace = '# REPLACE the <...> placeholders with your model\'s input before sending.';
  if (!service.model) return [replace, "REQUEST='<the request body your container expects>'"];
  if (protocol === ProtocolVersion.V2) {
    // Open Inference Protocol request: each input tensor has name, shape, datatype and data.
    return [replace, 'REQUEST=\'{"inputs": [{"name": "<input name>", "shape": [<dimensions>], "datatype": "<FP32, INT64, BYTES...>", "data": [<values>]}]}\''];
  }
  const instance: Record<string, string> = {
    tensorflow: '<one input shaped like the SavedModel serving signature>',
    pytorch: '<one input as your TorchServe handler expects it>',
    huggingface: '<the input texts, as JSON strings>',
  };
  return [replace, `REQUEST='{"instances": [${instance[service.model.formatName] ?? '[<the feature values of one row>]'}]}'`];
}

/**
 * Knative canary: the tagged revisions and their URLs. KServe tags the previous revision `prev` on every split and
 * the latest `latest` only with `serving.kserve.io/enable-tag-routing: "true"` (ksvc_reconciler.go, v0.13.1 :119-150,
 * v0.20.0 :136-162); the targets, with their URLs, are in `status.components.<component>.traffic`.
 */
function canaryRevisions(service: InferenceService, curl: string | undefined): string[] {
  const canary = CanaryRollout.of(service);
  if (!canary || !service.deploymentMode.isKnative || canary.phase.isPromote) return [];
  const { name, namespace: ns } = service;
  const component = canary.component;
  const tags = service.apiObject.metadata.toJson().annotations?.[TAG_ROUTING_ANNOTATION] === 'true' ? ['prev', 'latest'] : ['prev'];
  const hostOf = (tag: string) =>
    `TAG_HOST=$(kubectl get inferenceservice ${name} -n ${ns} -o jsonpath='{.status.components.${component}.traffic[?(@.tag=="${tag}")].url}' | cut -d / -f 3)`;
  return [
    '## Canary revisions',
    '',
    `The ${component}'s latest revision gets ${canary.phase.trafficPercent}%, the previously rolled-out one (tag \`prev\`) the rest. `
      + (tags.includes('latest') ? 'Tag routing is on, so the latest revision is tagged `latest`. ' : 'Without tag routing the latest revision has no tag. ')
      + 'Each tagged revision has its own URL (the `prev` tag exists once a revision has been rolled out before); the requests use the '
      + 'variables set above.',
    '',
    '```sh',
    `kubectl get inferenceservice ${name} -n ${ns} -o jsonpath='{range .status.components.${component}.traffic[*]}{.tag}{"\\t"}{.percent}{"\\t"}{.revisionName}{"\\t"}{.url}{"\\n"}{end}'`,
    ...tags.flatMap(tag => [hostOf(tag), ...(curl ? [curl] : [])]),
    '```',
    '',
  ];
}

function selector(service: InferenceService, component: ComponentType): string {
  return selectorString(service.selectorLabels(component));
}

/** The request path as a Mermaid flowchart: ingress, transformer, predictor (with the canary split), storage, credentials. */
function diagram(service: InferenceService): string[] {
  const lines = ['flowchart LR', `  client([client]) --> ingress["ingress: ${service.name}-${service.namespace}"]`];
  // InferenceGraphs of the app whose nodes call this service.
  const graphs = perPass(service, 'InferenceGraph', () => appConstructs(service).filter((c): c is InferenceGraph => c instanceof InferenceGraph));
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

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(Runbook);
