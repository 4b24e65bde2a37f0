import { ApiObject, Duration } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DEPLOYMENT_MODE_ANNOTATION, DeploymentMode } from './deployment-mode';
import { InferenceService } from './inference-service';
import { KServeDefaults } from './kserve-defaults';
import { KServeVersion } from './kserve-version';
import { emit } from './private/emit';
import { inferenceGraph } from './private/l1-runtime.generated';
import { needsRelease } from './private/releases';
import { renderResources, validateResources } from './private/resources';
import {
  addValidationOnce, derivedNameErrors, describeValue, DNS1123_SUBDOMAIN_NAME, durationAmount, HTTP_URL, ISVC_NAME, namespaceErrors, namespaceOf,
  replicaBoundsErrors, validateAnnotations, validateLabels, wholeSecondsErrors,
} from './private/validation';
import { renderTolerations, Toleration, tolerationErrors } from './toleration';
import type * as l1 from '../imports/kserve-inferencegraph-serving.kserve.io';
import { checkProps, guardMethods, registerStandIn } from './private/shape';
import { shown } from './private/shown';

/**
 * How a graph node routes a request.
 * @category Graphs
 */
export enum RouterType {
  /**
   * Call the steps one after another. Each step receives the original request unless its `data` is
   * `StepData.RESPONSE` (then the previous step's response); the node returns the last step's response.
   */
  SEQUENCE = 'Sequence',
  /** Send each request to one step, chosen by weight. */
  SPLITTER = 'Splitter',
  /** Call every step with the request and merge the responses. */
  ENSEMBLE = 'Ensemble',
  /** Call the first step whose condition matches the request. */
  SWITCH = 'Switch',
}

/**
 * What a Sequence step receives.
 * @category Graphs
 */
export enum StepData {
  /** The original request. */
  REQUEST = '$request',
  /** The previous step's response. */
  RESPONSE = '$response',
}

/**
 * Whether a failing step fails the whole request.
 * @category Graphs
 */
export enum StepDependency {
  /** A failure of this step fails the request. */
  HARD = 'Hard',
  /** The request continues without this step's result. */
  SOFT = 'Soft',
}

/**
 * Where a step sends the request: an InferenceService, another node of the graph, or a URL.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 * });
 * new InferenceGraph(chart, 'iris-pipeline', {
 *   root: GraphNode.sequence('root', [
 *     { name: 'features', target: GraphTarget.url('http://iris-features.feature-store.svc.cluster.local/v1/transform') },
 *     { name: 'predict', target: GraphTarget.service(iris), data: StepData.RESPONSE },
 *   ]),
 * });
 * @category Graphs
 */
export class GraphTarget {
  /**
   * An InferenceService in the graph's namespace (referenced by object, resolved by KServe by name).
   *
   * @example
   * const xgboost = new InferenceService(chart, 'xgboost-iris', {
   *   predictor: { model: Model.xgboost(StorageUri.gcs('kfserving-examples', 'models/xgboost/iris')) },
   * });
   * new InferenceGraph(chart, 'iris-graph', {
   *   root: GraphNode.sequence('root', [{ name: 'predict', target: GraphTarget.service(xgboost) }]),
   * });
   */
  public static service(service: InferenceService): GraphTarget {
    return new GraphTarget({ service });
  }

  /**
   * An InferenceService of the graph's namespace that this app does not write, by its name (`serviceName`): KServe
   * looks it up in the graph's namespace and calls its predictor (pkg/controller/v1alpha1/inferencegraph/controller.go,
   * both tags). For a service of the app, pass the construct with `GraphTarget.service`.
   *
   * @example
   * // `fraud-xgb` is deployed by another team's pipeline into this namespace.
   * new InferenceGraph(chart, 'fraud-check', {
   *   root: GraphNode.sequence('root', [{ name: 'score', target: GraphTarget.serviceName('fraud-xgb') }]),
   * });
   */
  public static serviceName(name: string): GraphTarget {
    return new GraphTarget({ serviceName: name });
  }

  /**
   * Another node of the same graph.
   *
   * @example
   * const model = (path: string) => Model.sklearn(StorageUri.gcs('kfserving-examples', path));
   * const v1 = new InferenceService(chart, 'iris-v1', { predictor: { model: model('models/sklearn/1.0/model') } });
   * const v2 = new InferenceService(chart, 'iris-v2', { predictor: { model: model('models/sklearn/1.0/model-2') } });
   * const split = GraphNode.splitter('split', [
   *   { name: 'stable', target: GraphTarget.service(v1), weight: 90 },
   *   { name: 'candidate', target: GraphTarget.service(v2), weight: 10 },
   * ]);
   * new InferenceGraph(chart, 'iris-graph', {
   *   root: GraphNode.sequence('root', [{ name: 'predict', target: GraphTarget.node(split) }]),
   * });
   */
  public static node(node: GraphNode): GraphTarget {
    return new GraphTarget({ node });
  }

  /**
   * Any HTTP(S) endpoint, e.g. a service outside the cluster or namespace.
   *
   * @example
   * const fraud = new InferenceService(chart, 'fraud-xgb', {
   *   predictor: { model: Model.xgboost(StorageUri.s3('fraud-models', 'xgboost/v4')) },
   * });
   * new InferenceGraph(chart, 'fraud-check', {
   *   root: GraphNode.ensemble('root', [
   *     { name: 'model', target: GraphTarget.service(fraud) },
   *     { name: 'rules', target: GraphTarget.url('https://rules.payments.example.com/v1/score') },
   *   ]),
   * });
   */
  public static url(url: string): GraphTarget {
    return new GraphTarget({ url });
  }

  private constructor(
    /** @internal */
    public readonly _target: {
      readonly service?: InferenceService;
      readonly serviceName?: string;
      readonly node?: GraphNode;
      readonly url?: string;
    },
  ) {}
}

/**
 * One step of a graph node.
 * @category Graphs
 */
export interface GraphStep {
  /** Where the step sends the request. */
  readonly target: GraphTarget;

  /**
   * The step's name (unique within its node).
   * @default - unnamed
   */
  readonly name?: string;

  /**
   * Splitter only: the share of requests, in percent; the weights of a Splitter's steps sum to 100.
   * @default - none (required for Splitter steps)
   */
  readonly weight?: number;

  /**
   * Switch or Sequence only: a GJSON path that must exist for the step to run. A Switch tests it on the
   * request and sends the request to the first step that matches. A Sequence tests it on the previous
   * step's response: when it does not match, the sequence stops and returns that response (with status
   * 500 on KServe v0.13, 200 on v0.20), so the first step of a Sequence cannot have one
   * (`cmd/router/main.go` `routeStep`).
   * @default - always (required on Switch steps)
   */
  readonly condition?: string;

  /**
   * Sequence only: what the step receives. KServe's router sends the original request unless this is
   * `StepData.RESPONSE` on a step after the first (`cmd/router/main.go` `routeStep`, both tags).
   * @default - the original request (as `StepData.REQUEST`)
   */
  readonly data?: StepData;

  /**
   * Whether the step's failure fails the request.
   * @default StepDependency.SOFT
   */
  readonly dependency?: StepDependency;
}

/**
 * A node of an InferenceGraph: a router type and its steps.
 *
 * @example
 * const model = (path: string) => Model.sklearn(StorageUri.gcs('kfserving-examples', path));
 * const v1 = new InferenceService(chart, 'iris-v1', { predictor: { model: model('models/sklearn/1.0/model') } });
 * const v2 = new InferenceService(chart, 'iris-v2', { predictor: { model: model('models/sklearn/1.0/model-2') } });
 * const features = new InferenceService(chart, 'iris-features', {
 *   predictor: { container: { image: 'ghcr.io/acme/iris-features:1.4.0' } },
 * });
 * const split = GraphNode.splitter('split', [
 *   { name: 'stable', target: GraphTarget.service(v1), weight: 80 },
 *   { name: 'candidate', target: GraphTarget.service(v2), weight: 20 },
 * ]);
 * const root = GraphNode.sequence('root', [
 *   { name: 'features', target: GraphTarget.service(features) },
 *   { name: 'predict', target: GraphTarget.node(split), data: StepData.RESPONSE },
 * ]);
 * new InferenceGraph(chart, 'iris-pipeline', { root });
 * @category Graphs
 */
export class GraphNode {
  /**
   * Steps called one after another.
   *
   * @example
   * const features = new InferenceService(chart, 'iris-features', {
   *   predictor: { container: { image: 'ghcr.io/acme/iris-features:1.4.0' } },
   * });
   * const iris = new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   * new InferenceGraph(chart, 'iris-pipeline', {
   *   root: GraphNode.sequence('root', [
   *     { name: 'features', target: GraphTarget.service(features) },
   *     // The second step gets the features the first one returned, not the original request.
   *     { name: 'predict', target: GraphTarget.service(iris), data: StepData.RESPONSE, dependency: StepDependency.HARD },
   *   ]),
   * });
   */
  public static sequence(name: string, steps: GraphStep[]): GraphNode {
    return new GraphNode(name, RouterType.SEQUENCE, steps);
  }

  /**
   * One step per request, chosen by weight (weights sum to 100).
   *
   * @example
   * const model = (path: string) => Model.sklearn(StorageUri.gcs('kfserving-examples', path));
   * const v1 = new InferenceService(chart, 'iris-v1', { predictor: { model: model('models/sklearn/1.0/model') } });
   * const v2 = new InferenceService(chart, 'iris-v2', { predictor: { model: model('models/sklearn/1.0/model-2') } });
   * new InferenceGraph(chart, 'iris-ab-test', {
   *   root: GraphNode.splitter('root', [
   *     { name: 'stable', target: GraphTarget.service(v1), weight: 80 },
   *     { name: 'candidate', target: GraphTarget.service(v2), weight: 20 },
   *   ]),
   * });
   */
  public static splitter(name: string, steps: GraphStep[]): GraphNode {
    return new GraphNode(name, RouterType.SPLITTER, steps);
  }

  /**
   * Every step called, responses merged.
   *
   * @example
   * const sklearn = new InferenceService(chart, 'iris-sklearn', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   * const xgboost = new InferenceService(chart, 'iris-xgboost', {
   *   predictor: { model: Model.xgboost(StorageUri.gcs('kfserving-examples', 'models/xgboost/iris')) },
   * });
   * new InferenceGraph(chart, 'iris-ensemble', {
   *   root: GraphNode.ensemble('root', [
   *     { name: 'sklearn', target: GraphTarget.service(sklearn) },
   *     { name: 'xgboost', target: GraphTarget.service(xgboost) },
   *   ]),
   * });
   */
  public static ensemble(name: string, steps: GraphStep[]): GraphNode {
    return new GraphNode(name, RouterType.ENSEMBLE, steps);
  }

  /**
   * KServe's `Switch` router: the first step whose condition matches (named `choice`: `switch` is a reserved word in jsii targets).
   *
   * @example
   * const vision = new InferenceService(chart, 'image-classifier', {
   *   predictor: { model: Model.pytorch(StorageUri.gcs('kfserving-examples', 'models/torchserve/image_classifier/v1')) },
   * });
   * const sentiment = new InferenceService(chart, 'sentiment', {
   *   predictor: { model: Model.huggingface(StorageUri.huggingFace('distilbert/distilbert-base-uncased-finetuned-sst-2-english')) },
   * });
   * new InferenceGraph(chart, 'classify', {
   *   root: GraphNode.choice('root', [
   *     // Each condition is a GJSON path that must exist in the request.
   *     { name: 'image', target: GraphTarget.service(vision), condition: 'instances.0.data' },
   *     { name: 'text', target: GraphTarget.service(sentiment), condition: 'instances.0.text' },
   *   ]),
   * });
   */
  public static choice(name: string, steps: GraphStep[]): GraphNode {
    return new GraphNode(name, RouterType.SWITCH, steps);
  }

  private constructor(
    /** The node name; the entry node is named `root`. */
    public readonly name: string,
    /** How the node routes. */
    public readonly routerType: RouterType,
    /** The steps. */
    public readonly steps: GraphStep[],
  ) {}
}

/**
 * Timeouts of the graph router (`routerTimeouts`, whole seconds).
 * @category Graphs
 */
export interface RouterTimeouts {
  /**
   * Reading a request from the client.
   * @default - the router's default
   */
  readonly serverRead?: Duration;
  /**
   * Writing the response to the client.
   * @default - the router's default
   */
  readonly serverWrite?: Duration;
  /**
   * Keeping an idle client connection.
   * @default - the router's default
   */
  readonly serverIdle?: Duration;
  /**
   * A call to a step's service.
   * @default - the router's default
   */
  readonly serviceClient?: Duration;
}

/**
 * Props of an InferenceGraph.
 * @category Graphs
 */
export interface InferenceGraphProps {
  /** The entry node; KServe requires it to be named `root`. Nodes it references are included. */
  readonly root: GraphNode;

  /**
   * How KServe runs the router: a Knative Service (`KNATIVE`) or a Deployment, Service and HPA (`STANDARD`), written as
   * the `serving.kserve.io/deploymentMode` annotation, which the graph controller reads (GetDeploymentMode in
   * pkg/controller/v1alpha1/inferencegraph/controller.go, both tags).
   * @default - not written: the cluster's default mode (the install's `deploy.defaultDeploymentMode`) decides
   */
  readonly deploymentMode?: DeploymentMode;

  /**
   * Labels of the graph object.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations of the graph object (not the deployment mode: `deploymentMode` writes it).
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * The graph name. KServe names the router's Knative Service or Deployment and Service after it and
   * derives hosts (`<name>-<namespace>.<domain>`) and Knative revisions (`<name>-00001`) from it, which
   * must each fit in a 63-character DNS label.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The namespace; referenced InferenceServices must be in it.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The KServe release.
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;

  /**
   * Router pod resources.
   * @default - none
   */
  readonly resources?: ContainerResources;

  /**
   * Request timeout of the router (whole seconds).
   * @default - KServe's default
   */
  readonly timeout?: Duration;

  /**
   * The fewest router replicas.
   * @default 1
   */
  readonly minReplicas?: number;

  /**
   * The most router replicas; 0 means no bound (as in KServe).
   * @default - no bound
   */
  readonly maxReplicas?: number;

  /**
   * Node and pod (anti-)affinity of the router pods.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * Taints the router pods tolerate (KServe v0.15+).
   * @default - none
   */
  readonly tolerations?: Toleration[];

  /**
   * The router's HTTP timeouts (KServe v0.16+).
   * @default - the router's defaults
   */
  readonly routerTimeouts?: RouterTimeouts;

  /**
   * Node labels the router pods must run on (KServe v0.15+).
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * The router's ServiceAccount (KServe v0.15+).
   * @default - the namespace's default ServiceAccount
   */
  readonly serviceAccountName?: string;
}

/**
 * A KServe InferenceGraph (`serving.kserve.io/v1alpha1`): a router that chains, splits, ensembles or
 * switches requests between InferenceServices (referenced as objects) and URLs. Checks mirror KServe's
 * webhook (`pkg/apis/serving/v1alpha1/inference_graph_validation.go`): name format, a `root` node, unique
 * step names, exactly one target per step, Splitter weights present and summing to 100; plus what fails
 * later: derived names over 63 characters, services in another namespace, cycles, a condition on the first
 * step of a Sequence, router pod fields (tolerations, nodeSelector, serviceAccountName), fields the target
 * version lacks.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(graph)`); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * const model = (path: string) => Model.sklearn(StorageUri.gcs('kfserving-examples', path));
 * const v1 = new InferenceService(chart, 'iris-v1', { predictor: { model: model('models/sklearn/1.0/model') } });
 * const v2 = new InferenceService(chart, 'iris-v2', { predictor: { model: model('models/sklearn/1.0/model-2') } });
 * new InferenceGraph(chart, 'iris-graph', {
 *   root: GraphNode.splitter('root', [
 *     { name: 'stable', target: GraphTarget.service(v1), weight: 80 },
 *     { name: 'candidate', target: GraphTarget.service(v2), weight: 20 },
 *   ]),
 *   timeout: Duration.seconds(30),
 *   minReplicas: 1,
 *   maxReplicas: 3,
 *   resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128) } },
 * });
 * @category Graphs
 */
export class InferenceGraph extends Construct {
  /** The graph name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The KServe release targeted. */
  public readonly version: KServeVersion;
  /** The generated L1 object. */
  public readonly apiObject: ApiObject;
  /** Every node of the graph, root first. */
  public readonly nodes: GraphNode[];
  /**
   * The deployment mode written on the graph.
   * @default - none: the cluster's default mode decides
   */
  public readonly deploymentMode?: DeploymentMode;

  private readonly props: InferenceGraphProps;

  constructor(scope: Construct, id: string, props: InferenceGraphProps) {
    super(scope, id);
    props = checkProps(this, 'InferenceGraph', props);
    this.props = props;
    this.name = props.name ?? id;
    this.namespace = namespaceOf(this, props.namespace);
    this.version = props.version ?? KServeDefaults._of(this).version;
    this.nodes = reachableNodes(props.root);
    this.deploymentMode = props.deploymentMode;
    this.apiObject = emit(this, 'Resource', inferenceGraph.InferenceGraph, inferenceGraph.toJson_InferenceGraphProps, {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: props.deploymentMode
          ? { ...props.annotations, [DEPLOYMENT_MODE_ANNOTATION]: props.deploymentMode.annotationValue(this.version) }
          : props.annotations,
      },
      spec: {
        nodes: Object.fromEntries(this.nodes.map(node => [node.name, {
          routerType: node.routerType as unknown as l1.InferenceGraphSpecNodesRouterType,
          steps: node.steps.map(step => ({
            name: step.name,
            serviceName: step.target._target.service?.name ?? step.target._target.serviceName,
            nodeName: step.target._target.node?.name,
            serviceUrl: step.target._target.url,
            weight: step.weight,
            condition: step.condition,
            data: step.data,
            dependency: step.dependency as unknown as l1.InferenceGraphSpecNodesStepsDependency | undefined,
          })),
        }])),
        resources: renderResources(props.resources,
          inferenceGraph.InferenceGraphSpecResourcesLimits, inferenceGraph.InferenceGraphSpecResourcesRequests),
        timeout: durationAmount(props.timeout),
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        affinity: props.affinity,
        tolerations: renderTolerations(props.tolerations),
        routerTimeouts: props.routerTimeouts && {
          serverRead: durationAmount(props.routerTimeouts.serverRead),
          serverWrite: durationAmount(props.routerTimeouts.serverWrite),
          serverIdle: durationAmount(props.routerTimeouts.serverIdle),
          serviceClient: durationAmount(props.routerTimeouts.serviceClient),
        },
        nodeSelector: props.nodeSelector,
        serviceAccountName: props.serviceAccountName,
      },
    });
    addValidationOnce(this, () => this.validate());
  }

  /** The in-cluster URL of the graph's router. */
  public get clusterLocalUrl(): string {
    return `http://${this.name}.${this.namespace}.svc.cluster.local`;
  }

  private validate(): string[] {
    const errors: string[] = [];
    const p = this.props;
    // validateInferenceGraphName (GraphNameFmt, the same format as IsvcNameFmt; inference_graph_validation.go, both tags).
    if (!ISVC_NAME.test(this.name)) {
      errors.push(`metadata.name ${shown(this.name)} must match ${ISVC_NAME.source} (lower case alphanumerics and '-', starting with a letter)`);
    }
    errors.push(...namespaceErrors(this.namespace, 'metadata.namespace'));
    // The webhook has no length limit, but the derived names must fit a DNS label: Standard names the Deployment and
    // Service `<name>` and builds the host `<name>-<namespace>.<domain>` (raw_ig.go, ingress/domain.go
    // GenerateDomainName fails over 63); Knative creates the revision `<name>-00001` (knative_reconciler.go). Over 63
    // characters reconcile fails late. Without a deploymentMode the cluster default decides, so both modes' must fit.
    const mode = p.deploymentMode;
    errors.push(...derivedNameErrors(this.name, [`${this.name}-${this.namespace}`, ...(mode?.isKnative !== false ? [`${this.name}-00001`] : [])],
      'the name or the namespace'));
    errors.push(...validateLabels(p.labels, 'metadata.labels'));
    errors.push(...validateAnnotations(p.annotations, 'metadata.annotations'));
    // Our own rule (never overwrite input): the mode has its typed prop, which writes the release's spelling.
    if (p.annotations && Object.prototype.hasOwnProperty.call(p.annotations, DEPLOYMENT_MODE_ANNOTATION)) {
      errors.push(`metadata.annotations['${DEPLOYMENT_MODE_ANNOTATION}']: use the 'deploymentMode' prop (it writes the spelling of KServe `
        + `${this.version.name})`);
    }
    // validateInferenceGraphRouterRoot (inference_graph_validation.go, both tags).
    if (p.root.name !== 'root') {
      errors.push(`the root node is named ${shown(p.root.name)}; KServe needs the entry node to be named 'root'`);
    }
    // Our own safety rules: spec.nodes is a map by name (a second node would replace the first), and a cycle would
    // make the router call itself until the request times out.
    const names = new Map<string, GraphNode>();
    for (const node of this.nodes) {
      if (names.has(node.name) && names.get(node.name) !== node) errors.push(`two different nodes are named ${shown(node.name)}`);
      names.set(node.name, node);
      errors.push(...this.validateNode(node));
    }
    for (const cycle of cycles(p.root)) {
      errors.push(`the graph has a cycle through node targets: ${[...cycle, cycle[0]].map(n => shown(n.name)).join(' -> ')}; `
        + 'a request would go round it until it times out');
    }
    // Fact inferenceGraphFields: the CRD schema of the target release.
    for (const field of ['nodeSelector', 'serviceAccountName', 'tolerations', 'routerTimeouts'] as const) {
      if (p[field] !== undefined && !this.version._facts.inferenceGraphFields.includes(field)) {
        errors.push(`spec.${field} ${needsRelease(v => v._facts.inferenceGraphFields.includes(field), this.version)}`);
      }
    }
    // The router pod's placement fields, checked as for an InferenceService component (raw_ig.go copies them to the pod spec).
    errors.push(...tolerationErrors(p.tolerations, 'spec.tolerations'));
    errors.push(...validateLabels(p.nodeSelector, 'spec.nodeSelector'));
    if (p.serviceAccountName !== undefined && !DNS1123_SUBDOMAIN_NAME.test(p.serviceAccountName)) {
      errors.push(`spec.serviceAccountName ${shown(p.serviceAccountName)} must be a DNS-1123 subdomain `
        + "(lower case alphanumerics, '-' and '.', at most 253 characters)");
    }
    for (const [key, value] of Object.entries(p.routerTimeouts ?? {})) {
      errors.push(...wholeSecondsErrors(value as Duration | undefined, `spec.routerTimeouts.${key}`));
    }
    errors.push(...wholeSecondsErrors(p.timeout, 'spec.timeout'));
    errors.push(...replicaBoundsErrors(p.minReplicas, p.maxReplicas, 'spec'));
    errors.push(...validateResources(p.resources, 'spec.resources'));
    return errors;
  }

  private validateNode(node: GraphNode): string[] {
    const errors: string[] = [];
    const field = node.name === '' ? "spec.nodes['']" : `spec.nodes.${node.name}`;
    // Our own safety rule: a node without steps answers no request.
    if (node.steps.length === 0) errors.push(`${field}: a node needs at least one step`);
    const stepNames = new Set<string>();
    let weights = 0;
    let weightsValid = true;
    node.steps.forEach((step, i) => {
      const at = `${field}.steps[${i}]${step.name ? ` ('${step.name}')` : ''}`;
      // Unnamed steps (no name or '') are not compared (validateInferenceGraphStepNameUniqueness).
      if (step.name !== undefined && step.name !== '') {
        if (stepNames.has(step.name)) errors.push(`${at}: node ${shown(node.name)} has more than one step named ${shown(step.name)}`);
        stepNames.add(step.name);
      }
      const { service, url, node: next } = step.target._target;
      // An empty nodeName counts as no target: the webhook rejects the step (validateInferenceGraphSingleStepTargets).
      if (next !== undefined && next.name === '') {
        errors.push(`${at}: the target node has an empty name, which KServe's webhook reads as a step without a target; give the node a name`);
      }
      if (service && service.namespace !== this.namespace) {
        errors.push(`${at}: InferenceService '${service.name}' is in namespace '${service.namespace}'; the graph resolves service names in `
          + `'${this.namespace}'. Use GraphTarget.url('${service.clusterLocalUrl}') for another namespace`);
      }
      // Our own safety rule: one cluster runs one KServe release, whose controller reconciles the graph and resolves its
      // services (pkg/controller/v1alpha1/inferencegraph/controller.go, both tags), so a graph and a service written for
      // different releases cannot both fit it. Their deployment modes may differ: the router calls each service's
      // status.address URL, which KServe sets in every mode (GetPredictorEndpoint, inferenceservice/utils/utils.go).
      if (service && service.version !== this.version) {
        errors.push(`${at}: InferenceService '${service.node.path}' targets KServe ${service.version?.name} but the graph targets `
          + `${this.version.name}; one cluster runs one KServe release, so give both the same 'version'`);
      }
      if (url !== undefined && !HTTP_URL.test(url)) errors.push(`${at}: serviceUrl ${shown(url)} must be an http(s) URL`);
      // An InferenceService name (IsvcNameFmt, inference_service_validation.go, both tags): another name is no service.
      const named = step.target._target.serviceName;
      if (named !== undefined && !ISVC_NAME.test(named)) {
        errors.push(`${at}: serviceName ${shown(named)} must be an InferenceService name (${ISVC_NAME.source})`);
      }
      // WeightNotProvidedError and InvalidWeightError (validateInferenceGraphSplitterWeight, both tags); a weight,
      // condition or data where the router never reads it (cmd/router/main.go) is our own rule against dead config.
      if (node.routerType === RouterType.SPLITTER) {
        if (step.weight === undefined) {
          errors.push(`${at}: Splitter steps need a 'weight'`);
        } else if (!(Number.isInteger(step.weight) && step.weight >= 0 && step.weight <= 100)) {
          errors.push(`${at}: weight (${describeValue(step.weight)}) must be a whole percentage between 0 and 100`);
          weightsValid = false;
        } else {
          weights += step.weight;
        }
      } else if (step.weight !== undefined) {
        errors.push(`${at}: 'weight' only applies to Splitter nodes (this node is a ${node.routerType})`);
      }
      if (step.condition !== undefined && node.routerType !== RouterType.SWITCH && node.routerType !== RouterType.SEQUENCE) {
        errors.push(`${at}: 'condition' applies to Switch and Sequence nodes (this node is a ${node.routerType})`);
      }
      // The router tests a Sequence condition on the previous step's response; before the first step there is none,
      // so every request fails with 'invalid response' (cmd/router/main.go routeStep, both tags).
      if (node.routerType === RouterType.SEQUENCE && i === 0 && step.condition) {
        errors.push(`${at}: a 'condition' on the first step of a Sequence fails every request: the router tests it on the previous `
          + "step's response, and there is none yet");
      }
      // Our own safety rule: pickupRouteByCondition (cmd/router/main.go) never picks a step without a condition.
      if (node.routerType === RouterType.SWITCH && step.condition === undefined) {
        errors.push(`${at}: every step of a Switch needs a 'condition'`);
      }
      if (step.data !== undefined && node.routerType !== RouterType.SEQUENCE) {
        errors.push(`${at}: 'data' applies to Sequence nodes (this node is a ${node.routerType})`);
      }
    });
    if (node.routerType === RouterType.SPLITTER && weightsValid && node.steps.every(s => s.weight !== undefined) && weights !== 100) {
      errors.push(`${field}: the weights of a Splitter's steps must sum to 100 (got ${weights})`);
    }
    return errors;
  }
}

/** The root and every node reachable from it through node targets, in breadth-first order. */
function reachableNodes(root: GraphNode): GraphNode[] {
  const seen: GraphNode[] = [root];
  for (let i = 0; i < seen.length; i++) {
    for (const step of seen[i].steps) {
      const next = step.target._target.node;
      if (next && !seen.includes(next)) seen.push(next);
    }
  }
  return seen;
}

/**
 * The cycles of node targets reachable from the root, each as its nodes in the order a request visits them
 * (starting at the node the walk reached first), found by a depth-first walk: one per step that leads back.
 */
function cycles(root: GraphNode): GraphNode[][] {
  const found: GraphNode[][] = [];
  const path: GraphNode[] = [];
  const done = new Set<GraphNode>();
  const visit = (node: GraphNode) => {
    path.push(node);
    for (const step of node.steps) {
      const next = step.target._target.node;
      if (next === undefined || done.has(next)) continue;
      const start = path.indexOf(next);
      if (start >= 0) found.push(path.slice(start));
      else visit(next);
    }
    path.pop();
    done.add(node);
  };
  visit(root);
  return found;
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(GraphTarget, GraphNode, InferenceGraph);
registerStandIn('GraphNode', () => GraphNode.sequence('stand-in', [{ target: GraphTarget.url('http://stand-in.invalid/predict') }]));
registerStandIn('GraphTarget', () => GraphTarget.url('http://stand-in.invalid/predict'));
