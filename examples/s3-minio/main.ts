// The seed's "S3 credentials in a Secret" intent, done the way KServe reads credentials: a Secret with
// KServe's key names and S3 annotations (filled from the team's secret store by an ExternalSecret),
// listed by a ServiceAccount the predictor runs as. No credential value appears in the YAML.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { InferenceService, Model, ModelStorageSecret, Runbook, SecretSource, StorageUri } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'iris-minio', { namespace: 'ml' });

const minio = ModelStorageSecret.s3(chart, 'minio-models', {
  source: SecretSource.externalSecret({
    store: 'vault-ml',
    remoteKey: 'ml/minio',
    properties: { AWS_ACCESS_KEY_ID: 'access_key', AWS_SECRET_ACCESS_KEY: 'secret_key' },
  }),
  endpoint: 'minio.ml.svc:9000',
  useHttps: false,
  region: 'us-east-1',
});

new InferenceService(chart, 'sklearn-iris', {
  predictor: {
    model: Model.sklearn(StorageUri.s3('models', 'sklearn/iris/v2')),
    storageCredentials: minio,
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
    },
  },
});

app.synth();
// A Markdown runbook per InferenceService, next to the YAML.
Runbook.writeAll(app);
