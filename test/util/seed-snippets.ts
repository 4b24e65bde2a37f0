/**
 * The seed's KServe snippets (../shared/seed/kserve-model-serving.md), written out as fixtures for the converter's
 * tests (test/convert-roundtrip.test.ts) and the packed CLI's (test/consumer-app.test.ts).
 */

/** The seed's model.yaml (../shared/seed/kserve-model-serving.md, "Archivo model.yaml"), as written there. */
export const SEED_MODEL_YAML = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
  namespace: ml
spec:
  predictor:
    sklearn:
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
      resources:
        requests:
          cpu: 100m
          memory: 256Mi
        limits:
          cpu: 500m
          memory: 512Mi
`;

/** The seed's S3 Secret ("Credenciales para Storage"), as written there (placeholder values). */
export const SEED_S3_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: s3-credentials
  namespace: ml
type: Opaque
stringData:
  AWS_ACCESS_KEY_ID: YOUR_KEY
  AWS_SECRET_ACCESS_KEY: YOUR_SECRET
`;

/**
 * The seed's snippet that references that Secret (`predictor.sklearn.s3.secretName`, a non-field), which has no metadata
 * in the seed: here it is a service named sklearn-s3 in namespace ml.
 */
export const SEED_S3_SERVICE = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-s3
  namespace: ml
spec:
  predictor:
    sklearn:
      storageUri: s3://bucket/models/
      s3:
        secretName: s3-credentials
`;

/** The seed's canary snippet ("Canary Deployments"), as written there: no namespace, a `predictor.canary` non-field. */
export const SEED_CANARY = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
spec:
  predictor:
    canaryTrafficPercent: 10
    sklearn:
      storageUri: s3://bucket/models/v2/
    canary:
      sklearn:
        storageUri: s3://bucket/models/v1/
`;

/** The seed's ServiceMonitor ("ServiceMonitor"), as written there. */
export const SEED_SERVICE_MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: sklearn-iris
  namespace: ml
spec:
  selector:
    matchLabels:
      serving.kserve.io/inferenceservice: sklearn-iris
  endpoints:
    - port: http
      interval: 30s
`;
