/*
 * How a failed synth reaches the user (issue #18): the `[path] field: ...` lines, and no stack frames the user
 * cannot act on.
 *
 * cdk8s collects every construct's validation errors in its own `validate` (node_modules/cdk8s/lib/app.js) and
 * throws `Error('Validation failed with the following errors:\n  [path] ...')`, whose stack is cdk8s's frames
 * and the module loader's (about a dozen lines under ts-node, pointing into cdk8s's TypeScript sources), printed
 * by Node after the `throw` line of app.js. A library has no hook into that Error. What it can do is validate
 * first: one validation on the root of the construct tree runs before any other (cdk8s visits the tree in
 * pre-order, root first), collects the errors of the whole tree the way cdk8s does, and throws them itself in
 * the same words, as an Error whose stack is its message and the user's own frames. Output is unchanged: cdk8s
 * writes nothing when a validation throws, exactly as when one returns errors.
 */
import * as path from 'path';
import { fileURLToPath } from 'url';
import { IConstruct } from 'constructs';
import { appConstructs, inPass } from './app-pass';

/** The first line of cdk8s's validation failure (node_modules/cdk8s/lib/app.js, `validate`); kept word for word. */
const HEADER = 'Validation failed with the following errors:';

/** Roots that carry the collecting validation; `true` once the whole tree validated clean. */
const roots = new WeakMap<IConstruct, boolean>();
/** Set while the collector runs the tree's validations (the root's own would otherwise run it again). */
let collecting = false;

/**
 * Makes a failed synth of the app containing `scope` throw the app's validation errors with a stack of only the
 * message and the user's own frames. Called for every self-checking construct (addValidationOnce): the first
 * adds the validation to the root; each one added later asks for the tree to be checked again.
 */
export function reportSynthErrorsPlainly(scope: IConstruct): void {
  const root = scope.node.root;
  if (!roots.has(root)) root.node.addValidation({ validate: () => (collecting ? [] : collect(root)) });
  roots.set(root, false);
}

function collect(root: IConstruct): string[] {
  // cdk8s validates the app again for every chart it writes (App._synthChart): a tree that validated clean
  // is not walked again until a construct of this library is added (a construct of another library added
  // after a clean synth is reported by cdk8s itself, as before).
  if (roots.get(root)) return [];
  const errors: string[] = [];
  collecting = true;
  try {
    // The app-wide lookups of the checks are computed once in this walk (app-pass.ts).
    inPass(root, () => {
      for (const child of appConstructs(root)) {
        errors.push(...child.node.validate().map(error => `[${child.node.path}] ${error}`));
      }
    });
  } finally {
    collecting = false;
  }
  if (errors.length === 0) {
    roots.set(root, true);
    return [];
  }
  const failure = new Error(`${HEADER}\n  ${errors.join('\n  ')}`);
  failure.stack = [`Error: ${failure.message}`, ...userFrames(failure)].join('\n');
  // The comment is Node's own marker (src/node_errors.cc, GetErrorSource): an uncaught error thrown on a line
  // carrying it is printed without that source line and a caret under it, so the message comes first.
  throw failure; // node-do-not-add-exception-line
}

/** This library's own files (src/ in the repository, lib/src/ in the package). */
const OWN_FILES = path.resolve(__dirname, '..') + path.sep;

/**
 * The frames of `error`'s stack in the user's own files (usually the line calling `app.synth()`), each as
 * `    at <file>:<line>:<column>`; frames of this library, of any package under node_modules and of Node itself
 * are dropped: the user cannot act on them, and the construct path in each error line says where to look.
 * Without a function name the frame is not taken for a throw site by source-map-support (ts-node prints the
 * source line of the first `at <name> (<file>...)` frame above the message); it still reads as a frame, so
 * Node's util.inspect does not bracket the message.
 */
function userFrames(error: Error): string[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50; // cdk8s and constructs frames come first; reach the user's
  Error.captureStackTrace(error, userFrames);
  const stack = error.stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.split('\n').flatMap(line => {
    // `    at name (file:line:column)` or `    at file:line:column`
    const match = /^\s+at (?:.+ \((.+:\d+:\d+)\)|(.+:\d+:\d+))$/.exec(line);
    const location = match?.[1] ?? match?.[2];
    return location && isUserFile(location.replace(/:\d+:\d+$/, '')) ? [`    at ${location}`] : [];
  });
}

function isUserFile(at: string): boolean {
  if (at.startsWith('node:') || /[\\/]node_modules[\\/]/.test(at)) return false;
  const file = at.startsWith('file://') ? fileURLToPath(at) : at;
  return path.isAbsolute(file) && !file.startsWith(OWN_FILES);
}
