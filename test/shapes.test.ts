/**
 * The runtime shapes (src/private/shapes.generated.ts) are the public types, read from the sources: this fails when a
 * type changed and `npx tsx scripts/gen-shapes.ts` was not run, so JavaScript callers would be checked against stale types.
 */
import * as fs from 'fs';
import { generateShapes, SHAPES_FILE } from '../scripts/gen-shapes';
import { CONSTRUCTORS, METHODS, SHAPES } from '../src/private/shapes.generated';

test('shapes.generated.ts is what scripts/gen-shapes.ts writes from the current sources', () => {
  expect(fs.readFileSync(SHAPES_FILE, 'utf8')).toBe(generateShapes());
});

test('the shapes cover the public surface: every construct props interface, factory and constructor', () => {
  expect(Object.keys(SHAPES)).toEqual(expect.arrayContaining(['InferenceServiceProps', 'PredictorOptions', 'ComponentOptions',
    'KServeInstallProps', 'MonitorProps', 'InferenceGraphProps', 'CanaryRolloutProps', 'S3CredentialsProps', 'KedaScalingOptions']));
  expect(METHODS.StorageUri['static s3'].map(p => [p.name, p.type, p.optional])).toEqual([['bucket', 'string', false], ['path', 'string', false]]);
  expect(SHAPES.PredictorOptions.minReplicas).toEqual(['number', 1]);
  expect(SHAPES.ComponentOptions.imagePullPolicy).toEqual([{ lit: ['Always', 'IfNotPresent', 'Never'] }, 1]);
  expect(Object.keys(CONSTRUCTORS)).toEqual(expect.arrayContaining(['InferenceService', 'ServiceMonitor', 'PodMonitor', 'KServeInstall']));
  // Internal members stay out: they are not a boundary a caller crosses.
  expect(Object.keys(METHODS)).not.toContain('RuntimeDefinition');
  expect(Object.keys(METHODS.InferenceService)).not.toContain('_useOverlay');
});
