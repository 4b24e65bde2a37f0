// An InferenceGraph that splits traffic 80/20 between two versions of the iris model, after a
// Sequence that first calls a preprocessing service. Steps reference InferenceService objects,
// not typed-in names or URLs.
import { App, Chart, Duration } from 'cdk8s';
import { GraphNode, GraphTarget, InferenceGraph, InferenceService, Model, Runbook, StepData, StorageUri } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'iris-graph', { namespace: 'ml' });
const model = (path: string) => Model.sklearn(StorageUri.gcs('kfserving-examples', path));

const v1 = new InferenceService(chart, 'iris-v1', { predictor: { model: model('models/sklearn/1.0/model') } });
const v2 = new InferenceService(chart, 'iris-v2', { predictor: { model: model('models/sklearn/1.0/model-2') } });
const features = new InferenceService(chart, 'iris-features', {
  predictor: { container: { image: 'ghcr.io/acme/iris-features:1.4.0' } },
});

const split = GraphNode.splitter('split', [
  { name: 'stable', target: GraphTarget.service(v1), weight: 80 },
  { name: 'candidate', target: GraphTarget.service(v2), weight: 20 },
]);

new InferenceGraph(chart, 'iris-pipeline', {
  root: GraphNode.sequence('root', [
    { name: 'features', target: GraphTarget.service(features) },
    // The router sends the original request to every step unless told to pass the previous response on.
    { name: 'predict', target: GraphTarget.node(split), data: StepData.RESPONSE },
  ]),
  timeout: Duration.seconds(30),
  minReplicas: 1,
  maxReplicas: 3,
});

app.synth();
// Runbooks per InferenceService; their diagrams show the graph nodes that call each one.
Runbook.writeAll(app);
