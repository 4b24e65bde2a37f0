/** The run's temporary files live in one folder that the global teardown removes (test/util/scratch.ts). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { cacheRoot, prune, RUN_PREFIX } from './util/scratch';

test('os.tmpdir() is the run\'s own folder, and the caches kept between runs are outside it', () => {
  const run = os.tmpdir();
  expect(path.basename(run).startsWith(RUN_PREFIX)).toBe(true);
  expect(cacheRoot().startsWith(run + path.sep)).toBe(false);
  // cdk8s's Testing.app() makes an output folder per app: it lands in the run's folder.
  const app = Testing.app();
  expect(app.outdir.startsWith(run + path.sep)).toBe(true);
});

test('prune removes the entries older than the limit, and only those it is asked for', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prune-'));
  const old = new Date(Date.now() - 10 * 24 * 60 * 60 * 1000);
  for (const name of ['old-a', 'old-b', 'fresh']) fs.mkdirSync(path.join(dir, name));
  fs.utimesSync(path.join(dir, 'old-a'), old, old);
  fs.utimesSync(path.join(dir, 'old-b'), old, old);
  prune(dir, 7 * 24 * 60 * 60 * 1000, name => name !== 'old-b');
  expect(fs.readdirSync(dir).sort()).toEqual(['fresh', 'old-b']);
});
