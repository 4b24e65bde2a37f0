import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CanaryRollout, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, Model, ModelStorageSecret, ProtocolVersion, Runbook,
  SecretSource, StorageUri,
} from '../src';

const URI = StorageUri.s3('models', 'iris/v2');

function stack(mode: DeploymentMode = DeploymentMode.KNATIVE, protocol?: ProtocolVersion): { app: App; chart: Chart; isvc: InferenceService } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  const creds = ModelStorageSecret.s3(chart, 'minio', { source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/minio' }) });
  const isvc = new InferenceService(chart, 'sklearn-iris', {
    deploymentMode: mode,
    predictor: { model: Model.sklearn(URI, { protocolVersion: protocol }), storageCredentials: creds },
    transformer: { container: { image: 'ghcr.io/acme/t:1.0.0' } },
  });
  return { app, chart, isvc };
}

/** The shell code blocks of a Markdown document. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map(m => m[1]);
}

describe('Runbook', () => {
  test('every command block is well-formed shell (bash -n)', () => {
    for (const mode of [DeploymentMode.KNATIVE, DeploymentMode.STANDARD]) {
      const { isvc } = stack(mode);
      const blocks = shellBlocks(Runbook.forService(isvc));
      expect(blocks.length).toBeGreaterThanOrEqual(5);
      for (const block of blocks) {
        const check = spawnSync('bash', ['-n'], { input: block, encoding: 'utf-8' });
        expect(check.stderr).toBe('');
        expect(check.status).toBe(0);
      }
    }
  });

  test('names, namespace, labels and ports match the synthesized objects', () => {
    const { app, chart, isvc } = stack(DeploymentMode.STANDARD);
    app.synthYaml();
    const objects = Testing.synth(chart);
    const svc = objects.find(o => o.kind === 'InferenceService');
    const markdown = Runbook.forService(isvc);
    expect(markdown).toContain(`kubectl get inferenceservice ${svc.metadata.name} -n ${svc.metadata.namespace}`);
    expect(markdown).toContain('-l serving.kserve.io/inferenceservice=sklearn-iris,component=predictor -c kserve-container');
    expect(markdown).toContain('-l serving.kserve.io/inferenceservice=sklearn-iris,component=transformer -c kserve-container');
    // Standard mode: the transformer's Service on port 80 (requests enter there).
    expect(markdown).toContain('kubectl port-forward -n ml svc/sklearn-iris-transformer 8080:80');
    expect(markdown).toContain('/v1/models/sklearn-iris:predict');
    expect(markdown).toContain('REQUEST=\'{"instances": [[<the feature values of one row>]]}\'');
    expect(markdown).toContain(`credentials: ${objects.find(o => o.kind === 'ServiceAccount').metadata.name}`);
  });

  test('v2 services get the infer path and a v2 body; Knative port-forwards to a pod', () => {
    const { isvc } = stack(DeploymentMode.KNATIVE, ProtocolVersion.V2);
    const markdown = Runbook.forService(isvc);
    expect(markdown).toContain('/v2/models/sklearn-iris/infer');
    expect(markdown).toContain('"inputs": [{"name": "<input name>"');
    expect(markdown).toContain('kubectl port-forward -n ml "pod/$POD" 8080:8080');
    expect(markdown).toContain('-c queue-proxy');
  });

  test('the diagram shows ingress, transformer, the canary split, storage and credentials', () => {
    const { chart, isvc } = stack();
    new CanaryRollout(chart, 'rollout', { service: isvc, trafficPercent: 10 });
    const markdown = Runbook.forService(isvc);
    const mermaid = markdown.match(/```mermaid\n([\s\S]*?)```/)![1];
    expect(mermaid).toContain('flowchart LR');
    expect(mermaid).toContain('ingress --> transformer["sklearn-iris-transformer"]');
    expect(mermaid).toContain('transformer -->|10%| candidate["sklearn-iris-predictor: sklearn (latest revision)"]');
    expect(mermaid).toContain('transformer -->|90%| stable["sklearn-iris-predictor (previous revision)"]');
    expect(mermaid).toContain('candidate -. reads .-> storage[("s3://models/iris/v2")]');
    expect(mermaid).toContain('credentials[["credentials: minio"]] -.-> storage');
  });

  test('the diagram shows the graph nodes that call the service, with Splitter weights', () => {
    const { chart, isvc } = stack();
    new InferenceGraph(chart, 'router', {
      root: GraphNode.splitter('root', [{ target: GraphTarget.service(isvc), weight: 70 }, { target: GraphTarget.url('http://other.ml.svc/x'), weight: 30 }]),
    });
    const mermaid = Runbook.forService(isvc).match(/```mermaid\n([\s\S]*?)```/)![1];
    expect(mermaid).toContain('graph0["graph router: root (Splitter)"] -->|70%| ingress');
  });

  test('writeAll writes one runbook per InferenceService next to the YAML', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new InferenceService(chart, 'a', { predictor: { model: Model.sklearn(URI) } });
    new InferenceService(chart, 'b', { namespace: 'other', predictor: { model: Model.xgboost(URI) } });
    app.synth();
    const files = Runbook.writeAll(app).map(f => path.basename(f)).sort();
    expect(files).toEqual(['ml-a.runbook.md', 'other-b.runbook.md']);
    expect(fs.readFileSync(path.join(outdir, 'other-b.runbook.md'), 'utf-8')).toContain('kubectl get inferenceservice b -n other');
    expect(fs.readdirSync(outdir).sort()).toEqual(['ml-a.runbook.md', 'other-b.runbook.md', 'test.k8s.yaml']);
  });

  describe('writeAll file names never collide', () => {
    /** Synthesizes nothing (writeAll only reads the tree) and returns the base names written, sorted. */
    function written(build: (app: App) => void): { files: string[]; outdir: string } {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-'));
      const app = new App({ outdir });
      build(app);
      return { files: Runbook.writeAll(app).map(f => path.basename(f)).sort(), outdir };
    }
    const svc = (scope: Chart, name: string, namespace?: string) =>
      new InferenceService(scope, name, { namespace, predictor: { model: Model.sklearn(URI) } });

    test("services 'a-b/c' and 'a/b-c' get dotted names instead of one shared 'a-b-c'", () => {
      const { files, outdir } = written(app => {
        const chart = new Chart(app, 'test');
        svc(chart, 'c', 'a-b');
        svc(chart, 'b-c', 'a');
        svc(chart, 'd', 'a');
      });
      expect(files).toEqual(['a-b.c.runbook.md', 'a-d.runbook.md', 'a.b-c.runbook.md']);
      expect(fs.readFileSync(path.join(outdir, 'a-b.c.runbook.md'), 'utf-8')).toContain('kubectl get inferenceservice c -n a-b');
      expect(fs.readFileSync(path.join(outdir, 'a.b-c.runbook.md'), 'utf-8')).toContain('kubectl get inferenceservice b-c -n a');
    });

    test('a chart-prefixed name that equals another service\'s name is told apart', () => {
      // ml/a in charts 'x' and 'y' becomes x-ml-a and y-ml-a; x-ml/a would also be x-ml-a.
      const { files } = written(app => {
        svc(new Chart(app, 'x'), 'a', 'ml');
        svc(new Chart(app, 'y'), 'a', 'ml');
        svc(new Chart(app, 'z'), 'a', 'x-ml');
      });
      expect(files).toEqual(['x-ml.a.runbook.md', 'x.ml.a.runbook.md', 'y-ml-a.runbook.md']);
    });

    test('the same service in charts with the same id throws, naming both, and writes nothing', () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-'));
      const app = new App({ outdir });
      for (const stage of ['blue', 'green']) {
        const scope = new Construct(app, stage);
        svc(new Chart(scope, 'serving'), 'iris', 'ml');
      }
      expect(() => Runbook.writeAll(app)).toThrow("Runbook.writeAll(app): services 'blue/serving/iris' (ml/iris) and "
        + "'green/serving/iris' (ml/iris) would both be written to 'serving-ml-iris.runbook.md'; give their charts different ids");
      expect(fs.readdirSync(outdir)).toEqual([]);
    });
  });
});
