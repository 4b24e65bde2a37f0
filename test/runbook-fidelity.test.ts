/**
 * The runbook tells what KServe and the model servers really do (issue #15, audit rows 7 and 12): the served model
 * name per runtime, the protocol KServe settles on, ingress variables that are set before use, payloads that are
 * marked placeholders, tagged canary revisions and status commands that work with the minimal CRDs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import {
  CanaryPhase, CanaryRollout, DeploymentMode, InferenceService, KServeVersion, Model, ProtocolVersion, Runbook, ServingRuntime, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';

const URI = StorageUri.s3('models', 'store/v1');
const IRIS_BODY = '5.1, 3.5, 1.4, 0.2';

function service(model: Model, extra: { mode?: DeploymentMode; version?: KServeVersion } = {}) {
  const { app, chart } = newChart();
  const isvc = new InferenceService(chart, 'svc', { deploymentMode: extra.mode, version: extra.version, predictor: { model } });
  return { app, chart, isvc };
}

/** The shell block of a runbook section. */
function block(markdown: string, section: string): string {
  const start = markdown.indexOf(`## ${section}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  return markdown.slice(start).match(/```sh\n([\s\S]*?)```/)![1];
}

describe('served model name (audit row 7)', () => {
  test.each([
    ['pytorch (TorchServe)', Model.pytorch(URI), 'kserve-torchserve', 'curl -sS -H "Host: $SERVICE_HOST" "http://$INGRESS_HOST:$INGRESS_PORT/v1/models"', '/v1/models/$MODEL_NAME:predict'],
    ['onnx (Triton)', Model.onnx(URI), 'kserve-tritonserver', 'curl -sS -X POST -H "Host: $SERVICE_HOST" "http://$INGRESS_HOST:$INGRESS_PORT/v2/repository/index"', '/v2/models/$MODEL_NAME/infer'],
    ['triton', Model.triton(URI), 'kserve-tritonserver', '/v2/repository/index', '/v2/models/$MODEL_NAME/infer'],
    ['tensorrt', Model.fromFormat('tensorrt', URI, { protocolVersion: ProtocolVersion.V2 }), 'kserve-tritonserver', '/v2/repository/index', '/v2/models/$MODEL_NAME/infer'],
    ['tensorflow over v2 (Triton)', Model.tensorflow(URI, { protocolVersion: ProtocolVersion.V2 }), 'kserve-tritonserver', '/v2/repository/index', '/v2/models/$MODEL_NAME/infer'],
  ])('%s: no predict URL under the service name; the runbook lists the served models', (_, model, runtime, listing, predict) => {
    const { isvc } = service(model);
    expect(isvc.predictPath).toBeUndefined();
    const markdown = Runbook.forService(isvc);
    expect(markdown).not.toContain('/models/svc');
    expect(markdown).toContain(`The runtime \`${runtime}\` names the model from its files`);
    const send = block(markdown, 'Send a prediction');
    expect(send).toContain(listing);
    expect(send).toContain("MODEL_NAME='<REPLACE: the served model name>'");
    expect(send).toContain(predict);
  });

  test('servedModelName gives the path, in the getter and the runbook', () => {
    const { isvc } = service(Model.onnx(URI, { servedModelName: 'densenet_onnx' }));
    expect(isvc.predictPath).toBe('/v2/models/densenet_onnx/infer');
    const markdown = Runbook.forService(isvc);
    expect(markdown).toContain('"http://$INGRESS_HOST:$INGRESS_PORT/v2/models/densenet_onnx/infer"');
    expect(markdown).toContain('"http://$INGRESS_HOST:$INGRESS_PORT/v2/models/densenet_onnx"');
    expect(markdown).not.toContain('MODEL_NAME');
    expect(markdown).not.toContain('/v2/repository/index');
  });

  test('servedModelName is not written to the manifest', () => {
    const { app, chart } = service(Model.pytorch(URI, { servedModelName: 'mnist' }));
    expect(synthErrors(app)).toEqual([]);
    expect(JSON.stringify(Testing.synth(chart))).not.toContain('mnist');
  });

  test.each([
    ['sklearn', Model.sklearn(URI), '/v1/models/svc:predict'],
    ['tensorflow (TF Serving)', Model.tensorflow(URI), '/v1/models/svc:predict'],
    ['huggingface', Model.huggingface(URI), '/v1/models/svc:predict'],
    ['mlflow (MLServer)', Model.mlflow(URI), '/v2/models/svc/infer'],
    ['xgboost on MLServer', Model.xgboost(URI, { runtime: 'kserve-mlserver' }), '/v2/models/svc/infer'],
  ])('%s: runtimes given the InferenceService name serve under it', (_, model, predict) => {
    expect(service(model).isvc.predictPath).toBe(predict);
  });

  test('a custom container or an unknown custom runtime decides its own name: a placeholder, no guessed path', () => {
    const { chart } = newChart();
    const custom = new InferenceService(chart, 'custom', { predictor: { container: { image: 'ghcr.io/acme/server:1.0.0' } } });
    expect(custom.predictPath).toBeUndefined();
    const markdown = Runbook.forService(custom);
    expect(markdown).toContain('The custom container decides the name it serves the model under: set `MODEL_NAME`');
    expect(markdown).toContain("REQUEST='<the request body your container expects>'");
    expect(markdown).not.toContain('/models/custom');
    const other = new InferenceService(chart, 'other', { predictor: { model: Model.fromFormat('custom', URI, { runtime: 'acme-runtime' }) } });
    expect(other.predictPath).toBeUndefined();
    expect(Runbook.forService(other)).toContain('The runtime `acme-runtime` names the model from its files');
  });

  test.each<[string, string]>([
    ['', 'empty'],
    ['has space', 'a space'],
    ['../etc', 'a path'],
  ])('servedModelName %p (%s) is a synth error naming the field', (bad) => {
    const { app } = service(Model.pytorch(URI, { servedModelName: bad }));
    expectError(app, 'test/svc', 'spec.predictor.model: servedModelName', 'non-empty word');
  });

  test('servedModelName 42 (a number from JavaScript) is a synth error naming the field', () => {
    const { app } = service(Model.pytorch(URI, { servedModelName: 42 as any }));
    expectError(app, 'test/svc', 'predictor.model: Model.pytorch(options).servedModelName: must be a string (got number 42)');
  });
});

describe('protocol KServe settles on (audit row 12)', () => {
  test.each([
    ['kserve-mlserver', Model.sklearn(URI, { runtime: 'kserve-mlserver' }), ProtocolVersion.V2],
    ['kserve-tritonserver', Model.tensorflow(URI, { runtime: 'kserve-tritonserver' }), ProtocolVersion.V2],
    ['kserve-torchserve', Model.pytorch(URI, { runtime: 'kserve-torchserve' }), ProtocolVersion.V1],
    ['kserve-huggingfaceserver (lowest of v2, v1)', Model.huggingface(URI, { runtime: 'kserve-huggingfaceserver' }), ProtocolVersion.V1],
    ['auto-selected', Model.sklearn(URI), ProtocolVersion.V1],
  ])('a model naming %s without a protocol', (_, model, protocol) => {
    for (const version of [KServeVersion.V0_13, KServeVersion.V0_20]) {
      expect(service(model, { version }).isvc.protocolVersion).toBe(protocol);
    }
  });

  test('a named runtime of the app that speaks only v2 gives v2', () => {
    const { chart } = newChart();
    new ServingRuntime(chart, 'acme', {
      supportedModelFormats: [{ name: 'custom', version: '1' }],
      protocolVersions: [ProtocolVersion.V2],
      container: { image: 'registry.example.com/ml/acme:1.0.0', args: ['--model_name={{.Name}}'] },
    });
    const isvc = new InferenceService(chart, 'svc', { predictor: { model: Model.fromFormat('custom', URI, { runtime: 'acme' }) } });
    expect(isvc.protocolVersion).toBe(ProtocolVersion.V2);
    expect(isvc.predictPath).toBe('/v2/models/svc/infer');
  });

  test('the runbook of a model naming kserve-mlserver shows v2, its path and a v2 body', () => {
    const markdown = Runbook.forService(service(Model.sklearn(URI, { runtime: 'kserve-mlserver' })).isvc);
    expect(markdown).toContain('mode, protocol v2.');
    expect(markdown).toContain('/v2/models/svc/infer');
    expect(markdown).toContain('{"inputs": [{"name": "<input name>"');
    expect(markdown).not.toContain(':predict');
  });
});

describe('the prediction commands run as written (audit row 12)', () => {
  /** Runs a block under `set -u` with stub kubectl/curl on PATH; returns the curl calls. */
  function run(script: string, loadBalancer: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    try {
      const calls = path.join(dir, 'calls');
      fs.writeFileSync(path.join(dir, 'kubectl'), [
        '#!/bin/sh',
        'case "$*" in',
        `  *"get service"*) printf '%s' '${loadBalancer}' ;;`,
        "  *\"get inferenceservice\"*) printf '%s' 'http://svc-ml.example.com' ;;",
        'esac',
      ].join('\n'), { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'curl'), `#!/bin/sh\necho "$*" >> '${calls}'\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'sleep'), '#!/bin/sh\n', { mode: 0o755 });
      const result = spawnSync('bash', ['--norc', '--noprofile', '-c', `set -eu\n${script}`], { encoding: 'utf-8', env: { PATH: `${dir}:/usr/bin:/bin`, BASH_ENV: '' } });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      return fs.readFileSync(calls, 'utf-8').trim().split('\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('INGRESS_HOST and INGRESS_PORT are set from the gateway Service, or a port-forward without a load balancer', () => {
    const send = block(Runbook.forService(service(Model.sklearn(URI)).isvc), 'Send a prediction');
    expect(run(send, '203.0.113.7')).toEqual([
      `-sS -H Host: svc-ml.example.com -H Content-Type: application/json http://203.0.113.7:80/v1/models/svc:predict -d ${
        '{"instances": [[<the feature values of one row>]]}'}`,
    ]);
    expect(run(send, '')[0]).toContain('http://localhost:8081/v1/models/svc:predict');
  });

  test('status works without printer columns: a jsonpath of the Ready condition and kubectl wait', () => {
    const status = block(Runbook.forService(service(Model.sklearn(URI)).isvc), 'Status');
    expect(status).toContain('kubectl get inferenceservice svc -n ml -o jsonpath=\'{.status.conditions[?(@.type=="Ready")].status}{"\\t"}{.status.url}{"\\n"}\'');
    expect(status).toContain('kubectl wait --for=condition=Ready inferenceservice/svc -n ml --timeout=300s');
  });
});

describe('payloads are placeholders per protocol and format, never the iris body (audit row 12)', () => {
  test.each([
    ['sklearn v1', Model.sklearn(URI), '{"instances": [[<the feature values of one row>]]}'],
    ['xgboost v1', Model.xgboost(URI), '{"instances": [[<the feature values of one row>]]}'],
    ['tensorflow v1', Model.tensorflow(URI), '{"instances": [<one input shaped like the SavedModel serving signature>]}'],
    ['pytorch v1', Model.pytorch(URI, { servedModelName: 'mnist' }), '{"instances": [<one input as your TorchServe handler expects it>]}'],
    ['huggingface v1', Model.huggingface(URI), '{"instances": [<the input texts, as JSON strings>]}'],
    ['sklearn v2', Model.sklearn(URI, { protocolVersion: ProtocolVersion.V2 }),
      '{"inputs": [{"name": "<input name>", "shape": [<dimensions>], "datatype": "<FP32, INT64, BYTES...>", "data": [<values>]}]}'],
  ])('%s', (_, model, body) => {
    const markdown = Runbook.forService(service(model).isvc);
    expect(markdown).not.toContain(IRIS_BODY);
    expect(markdown).toContain("# REPLACE the <...> placeholders with your model's input before sending.");
    expect(markdown).toContain(`REQUEST='${body}'`);
    // The placeholder is not JSON, so a request sent unchanged is refused rather than answered.
    expect(() => JSON.parse(body)).toThrow();
  });
});

describe('tagged canary revisions (audit row 12)', () => {
  const traffic = "-o jsonpath='{range .status.components.predictor.traffic[*]}{.tag}";

  test('a Knative canary shows the prev tag URL on every split, latest only with tag routing', () => {
    const plain = service(Model.sklearn(URI));
    new CanaryRollout(plain.chart, 'rollout', { service: plain.isvc, trafficPercent: 20 });
    const markdown = Runbook.forService(plain.isvc);
    const canary = block(markdown, 'Canary revisions');
    expect(canary).toContain(traffic);
    expect(canary).toContain('TAG_HOST=$(kubectl get inferenceservice svc -n ml -o jsonpath=\'{.status.components.predictor.traffic[?(@.tag=="prev")].url}\' | cut -d / -f 3)');
    expect(canary).toContain('curl -sS -H "Host: $TAG_HOST" -H \'Content-Type: application/json\' "http://$INGRESS_HOST:$INGRESS_PORT/v1/models/svc:predict"');
    expect(canary).not.toContain('@.tag=="latest"');

    const tagged = service(Model.sklearn(URI));
    new CanaryRollout(tagged.chart, 'rollout', { service: tagged.isvc, trafficPercent: 20, tagRouting: true });
    expect(block(Runbook.forService(tagged.isvc), 'Canary revisions')).toContain('@.tag=="latest"');
  });

  test('no tagged revisions after promotion or in Standard mode', () => {
    const promoted = service(Model.sklearn(URI));
    new CanaryRollout(promoted.chart, 'rollout', { service: promoted.isvc, phase: CanaryPhase.promote() });
    expect(Runbook.forService(promoted.isvc)).not.toContain('## Canary revisions');
    const standard = service(Model.sklearn(URI), { mode: DeploymentMode.STANDARD });
    new CanaryRollout(standard.chart, 'rollout', { service: standard.isvc, trafficPercent: 20, candidate: Model.sklearn(StorageUri.s3('models', 'store/v2')) });
    expect(Runbook.forService(standard.isvc)).not.toContain('## Canary revisions');
  });
});
