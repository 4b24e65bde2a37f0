/**
 * Issue #15 (fidelity audit row 16): the Knative autoscaling annotations stay rejected (a typed prop sets each), and the
 * message says what KServe really does with each one:
 * - metric / target are written by KServe only when scaleMetric / scaleTarget are set
 *   (v0.13.1 ksvc_reconciler.go, v0.20.0 pkg/controller/v1alpha1/utils/utils.go);
 * - min-scale / max-scale are dropped (ServiceAnnotationDisallowedList), min-scale always rewritten, max-scale only
 *   with maxReplicas;
 * - the camelCase aliases lose to the dashed key KServe writes (Knative's KeyPriority).
 */
import { InferenceService, Model, StorageUri } from '../src';
import { expectError, newChart, synthErrors } from './util/harness';

const model = Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'));

function errorsFor(key: string): string[] {
  const { app, chart } = newChart();
  new InferenceService(chart, 'iris', { annotations: { [key]: '5' }, predictor: { model } });
  return synthErrors(app);
}

test.each([
  ['autoscaling.knative.dev/metric', 'KServe replaces it whenever scaleMetric is set', "use the 'autoscaling' prop"],
  ['autoscaling.knative.dev/target', 'KServe replaces it whenever scaleTarget is set', "use the 'autoscaling' prop"],
  ['autoscaling.knative.dev/min-scale', 'KServe drops it and always writes it from minReplicas (default 1)', "set 'minReplicas'"],
  ['autoscaling.knative.dev/max-scale', 'KServe drops it and writes it from maxReplicas when that is set', "set 'maxReplicas'"],
  ['autoscaling.knative.dev/minScale', 'Knative ignores it: KServe always writes min-scale', "set 'minReplicas'"],
  ['autoscaling.knative.dev/maxScale', 'Knative ignores it once KServe writes max-scale from maxReplicas', "set 'maxReplicas'"],
])('%s is rejected with what KServe does with it', (key, what, fix) => {
  const errors = errorsFor(key);
  expectError(errors, 'test/iris', `metadata.annotations['${key}'] is managed by the library or KServe`, what, fix);
  // The old wording claimed an unconditional overwrite, true only for min-scale.
  expect(errors.join('\n')).not.toContain('overwrites');
});
