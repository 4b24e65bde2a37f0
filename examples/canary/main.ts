// The seed's canary intent (10% of traffic to a new model version), written with KServe's real
// mechanism. Each phase is its own chart (its own file in dist/canary/), the way a pipeline would
// commit one phase after another: canary 10% -> promote, or -> rollback.
//
// Knative mode: the InferenceService spec describes the candidate (model v2); canaryTrafficPercent
// sends the share to it and the rest to the last rolled-out revision (v1).
import { App, Chart } from 'cdk8s';
import {
  CanaryPhase, CanaryRollout, DeploymentMode, InferenceService, Model, RolloutPlan, StorageUri,
  Runbook,
} from 'cdk8s-kserve';

const app = new App();
const v1 = Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'));
const v2 = Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model-2'));

// A pipeline advances this plan one stage per commit; `plan.fromEnvironment('CANARY_STAGE')`
// picks the stage at synth instead.
const plan = new RolloutPlan([10, 50, 100]);

const phases: Record<string, CanaryPhase> = {
  'knative-canary-10': plan.stage(1),
  'knative-promote': CanaryPhase.promote(),
  'knative-rollback': CanaryPhase.rollback(),
};
for (const [name, phase] of Object.entries(phases)) {
  const chart = new Chart(app, name, { namespace: 'ml' });
  const iris = new InferenceService(chart, 'sklearn-iris', { predictor: { model: v2 } });
  new CanaryRollout(chart, 'rollout', { service: iris, phase, previousModel: v1, tagRouting: true });
}

// Standard mode on KServe v0.20: the service keeps v1 as the stable predictor and runs v2 beside it
// as `sklearn-iris-v2-predictor` with 10% of the replicas.
const standard = new Chart(app, 'standard-canary-10', { namespace: 'ml' });
const stable = new InferenceService(standard, 'sklearn-iris', {
  deploymentMode: DeploymentMode.STANDARD,
  predictor: { model: v1, minReplicas: 2 },
});
new CanaryRollout(standard, 'rollout', { service: stable, trafficPercent: 10, candidate: v2, candidateName: 'v2' });

app.synth();
// A Markdown runbook per InferenceService, next to the YAML.
Runbook.writeAll(app);
