import { KServeVersion, StorageScheme } from '../src';
import { release } from '../src/install/release';
import { standardRuntimes } from '../src/runtimes/standard-runtimes';

// A release is one KServeVersion entry (its facts) plus one install-table entry: both must be complete.
describe.each(KServeVersion.all().map(version => ({ version, tag: version.name })))('release $tag', ({ version }) => {
  test('has install data', () => {
    expect(() => release(version)).not.toThrow();
  });

  test('names only storage schemes the library parses', () => {
    const known = Object.values(StorageScheme) as string[];
    expect(version._facts.storageSchemes.filter(s => !known.includes(s))).toEqual([]);
  });

  test('lists only standard runtimes the library defines', () => {
    const names = standardRuntimes(version).map(r => r?.name);
    expect(names).toEqual([...release(version).runtimes.names]);
  });
});

test('every storage scheme is downloadable by some release', () => {
  for (const scheme of Object.values(StorageScheme)) {
    expect(KServeVersion.all().some(v => v._facts.storageSchemes.includes(scheme))).toBe(true);
  }
});
