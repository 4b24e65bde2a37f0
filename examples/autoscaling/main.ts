// The seed's Knative autoscaling intent (minScale 1, maxScale 10, target 10) through KServe's real
// fields: KServe writes the Knative min/max-scale and target annotations from these, and would
// overwrite hand-written ones. Beside it, the same model on Standard mode scaled by an HPA on CPU.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Autoscaling, DeploymentMode, InferenceService, Model, StorageUri } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'autoscaling', { namespace: 'ml' });
const model = Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model'));
const resources = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
  memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
};

new InferenceService(chart, 'sklearn-iris', {
  predictor: {
    model,
    resources,
    autoscaling: Autoscaling.concurrency({ target: 10, minReplicas: 1, maxReplicas: 10 }),
  },
});

new InferenceService(chart, 'sklearn-iris-hpa', {
  deploymentMode: DeploymentMode.STANDARD,
  predictor: {
    model,
    resources,
    autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 1, maxReplicas: 10 }),
  },
});

app.synth();
