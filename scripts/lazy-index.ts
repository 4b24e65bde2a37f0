/**
 * Rewrites tsc's compiled entry point (lib/src/index.js) so that each export loads its module on first use, as
 * aws-cdk-lib's build does for its own index: `require('cdk8s-kserve')` then costs only the parts an app reaches
 * (issue #19, cold require). The declarations (index.d.ts) are tsc's, unchanged.
 *
 * The public surface stays exactly tsc's: a fresh `node` process requires the compiled index and every module it
 * requires, and each export is bound to the first of those modules (in the index's order) that exports the
 * identical value under the same name; an export no module accounts for stops the build. The written index names
 * every export in an `exports.X = void 0` assignment, the form Node's CommonJS named-export detection reads, so ES
 * module consumers keep their named imports.
 *
 * Run by the `compile` task after `tsc --build` (`tsx scripts/lazy-index.ts [lib/src/index.js]`) and by the
 * consumer test on its staged build. Idempotent: an index it wrote is recognised and left as it is.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The first line after "use strict" of an index this script wrote. */
const MARK = '// Written by scripts/lazy-index.ts from tsc\'s index.js: each export loads its module on first use.';

/** Run in a fresh node process: which module of the index each export comes from, as `{ name: "./module" }`. */
const BINDINGS = `
const path = require('path');
const index = process.argv[1];
const specs = JSON.parse(process.argv[2]);
const exported = require(index);
const from = {};
for (const spec of specs) {
  const m = require(path.resolve(path.dirname(index), spec));
  for (const name of Object.keys(m)) {
    if (name !== 'default' && !(name in from) && Object.prototype.hasOwnProperty.call(exported, name) && exported[name] === m[name]) from[name] = spec;
  }
}
const missing = Object.keys(exported).filter(n => n !== '__esModule' && !(n in from));
if (missing.length) { console.error('no module of the index exports ' + missing.join(', ')); process.exit(1); }
console.log(JSON.stringify(Object.keys(exported).filter(n => n !== '__esModule').map(n => [n, from[n]])));
`;

/** Rewrites `indexFile` in place; returns false when it already is a lazy index. */
export function lazifyIndex(indexFile: string): boolean {
  const source = fs.readFileSync(indexFile, 'utf8');
  if (source.includes(MARK)) return false;
  const specs = [...new Set([...source.matchAll(/require\("(\.[^"]+)"\)/g)].map(m => m[1]))];
  if (specs.length === 0) throw new Error(`${indexFile}: no require("./...") found; is it tsc's output?`);
  // The repo's node_modules resolve the peers also for a build staged outside the checkout (the consumer test's).
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(__dirname, '..', 'node_modules') };
  delete env.NODE_OPTIONS;
  const bindings: Array<[string, string]> = JSON.parse(execFileSync(process.execPath, ['-e', BINDINGS, path.resolve(indexFile), JSON.stringify(specs)], { encoding: 'utf8', env }));
  const byModule = new Map<string, string[]>();
  for (const [name, spec] of bindings) byModule.set(spec, [...(byModule.get(spec) ?? []), name]);
  const lines = [
    '"use strict";',
    MARK,
    'Object.defineProperty(exports, "__esModule", { value: true });',
    // Node's named-export detection (cjs-module-lexer) reads these assignments; the getters below replace them.
    ...bindings.map(([name]) => `exports.${name} = void 0;`),
    '/** Defines each of `names` as a getter that requires `file` once and then keeps the value. */',
    'function lazy(file, names) {',
    '    for (const name of names) {',
    '        Object.defineProperty(exports, name, {',
    '            enumerable: true,',
    '            configurable: true,',
    '            get() {',
    '                const value = require(file)[name];',
    '                Object.defineProperty(exports, name, { enumerable: true, value });',
    '                return value;',
    '            },',
    '        });',
    '    }',
    '}',
    ...[...byModule].map(([spec, names]) => `lazy(${JSON.stringify(spec)}, ${JSON.stringify(names)});`),
    '',
  ];
  fs.writeFileSync(indexFile, lines.join('\n'));
  return true;
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib', 'src', 'index.js'));
  console.log(lazifyIndex(file) ? `${path.relative(process.cwd(), file)}: each export now loads on first use` : `${path.relative(process.cwd(), file)}: already lazy`);
}
