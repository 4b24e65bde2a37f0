// The seed's sklearn-iris stack: one InferenceService in namespace `ml` serving the iris model
// from the public KServe examples bucket.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { InferenceService, Model, Runbook, StorageUri } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'sklearn-iris', { namespace: 'ml' });

new InferenceService(chart, 'sklearn-iris', {
  predictor: {
    model: Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model')),
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
    },
  },
});

app.synth();
// A Markdown runbook per InferenceService, next to the YAML.
Runbook.writeAll(app);
