#!/usr/bin/env node
/**
 * `cdk8s-kserve convert <files or dirs> [--out main.ts] [--version v0.x] [--allow-plaintext-secrets]` (issue #21): reads
 * KServe YAML and writes a typed cdk8s app (to stdout, or to `--out`); the notes go to stderr. Exits 1 on input it
 * cannot read or parse, with the reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { convertManifests, ConvertNote, ConvertSource } from './convert-manifests';

const USAGE = 'usage: cdk8s-kserve convert <files or dirs> [--out main.ts] [--version v0.x] [--allow-plaintext-secrets]';

/** The parsed command line. */
interface Command {
  readonly inputs: string[];
  readonly out?: string;
  readonly version?: string;
  readonly allowPlaintextSecrets: boolean;
}

// Our own rules: the command line the usage line describes, and nothing else.
function parseArgs(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command !== 'convert') throw new Error(command === undefined ? USAGE : `unknown command '${command}'\n${USAGE}`);
  const inputs: string[] = [];
  let out: string | undefined;
  let version: string | undefined;
  let allowPlaintextSecrets = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const next = rest[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--out') out = value();
    else if (arg === '--version') version = value();
    else if (arg === '--allow-plaintext-secrets') allowPlaintextSecrets = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option '${arg}'\n${USAGE}`);
    else inputs.push(arg);
  }
  if (inputs.length === 0) throw new Error(`no input files or directories\n${USAGE}`);
  return { inputs, out, version, allowPlaintextSecrets };
}

/** The YAML files of `input`: the file itself, or every `*.yaml` / `*.yml` under a directory, sorted. */
// Our own rule: an input that cannot be read stops the run (exit 1), naming it.
function yamlFiles(input: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch (e) {
    throw new Error(`cannot read '${input}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (!stat.isDirectory()) return [input];
  return fs.readdirSync(input, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(entry => {
      const full = path.join(input, entry.name);
      if (entry.isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

function formatNote(note: ConvertNote): string {
  return `${note.file}: ${note.object}${note.field ? ` ${note.field}` : ''}: ${note.message}`;
}

/** Runs the command; returns the exit code. */
// Our own rules: no YAML at all, or a file that cannot be read, stops the run (exit 1).
export function main(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): number {
  try {
    const command = parseArgs(argv);
    const files = command.inputs.flatMap(yamlFiles);
    if (files.length === 0) throw new Error(`no *.yaml or *.yml files in ${command.inputs.join(', ')}`);
    const sources: ConvertSource[] = files.map(file => {
      try {
        return { file, text: fs.readFileSync(file, 'utf8') };
      } catch (e) {
        throw new Error(`cannot read '${file}': ${(e as Error).message}`);
      }
    });
    const result = convertManifests(sources, { version: command.version, allowPlaintextSecrets: command.allowPlaintextSecrets });
    if (command.out) fs.writeFileSync(command.out, result.code);
    else io.stdout(result.code);
    for (const note of result.notes) io.stderr(`note: ${formatNote(note)}\n`);
    if (command.out) io.stderr(`wrote ${command.out} (${result.notes.length} notes)\n`);
    return 0;
  } catch (e) {
    io.stderr(`cdk8s-kserve: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { stdout: s => process.stdout.write(s), stderr: s => process.stderr.write(s) });
}
