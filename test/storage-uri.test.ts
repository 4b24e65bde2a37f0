import { InferenceService, KServeVersion, Model, StorageScheme, StorageUri } from '../src';
import { newChart, synthErrors } from './util/harness';

/** The forms every rejection lists, in the order the message gives them. */
const ALLOWED_FORMS = [
  's3://<bucket>/<path>',
  'gs://<bucket>/<path>',
  'https://<account>.blob.core.windows.net/<container>/<path>',
  'https://<account>.file.core.windows.net/<share>/<path>',
  'http(s)://<host>/<path>',
  'pvc://<claim>/<path>',
  'hf://<owner>/<repo>[:<revision>] (KServe v0.14+)',
  'oci://<registry>/<repository>:<tag> or @sha256:<digest>',
  'oci+native://<registry>/<repository>:<tag> or @sha256:<digest> (KServe v0.20+)',
  'file:///<path>',
  'hdfs://<path>',
  'webhdfs://<path>',
];

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** Every exposed part of a URI, so that a single `toEqual` checks that no part is missing or extra. */
function parts(uri: StorageUri) {
  return {
    uri: uri.uri,
    string: uri.toString(),
    scheme: uri.scheme,
    bucket: uri.bucket,
    account: uri.account,
    host: uri.host,
    claimName: uri.claimName,
    repository: uri.repository,
    revision: uri.revision,
    path: uri.path,
    fileExtension: uri.fileExtension,
    minimumVersion: uri.minimumVersion.name,
  };
}

/** The message `fn` throws; fails the test when it does not throw. */
/** The synth errors of a service using the URI: a malformed one is reported there, on the service's path. */
function rejection(uri: StorageUri): string {
  const { app, chart } = newChart();
  new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(uri) } });
  const errors = synthErrors(app);
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) expect(error).toMatch(/^\[test\/iris\] predictor\.model: Model\.sklearn\(storage\): /);
  return errors.join('\n');
}

/** Asserts the rejection names the URI, the reason / bad part, and lists every allowed form. */
function expectRejected(fn: () => StorageUri, uri: string, ...fragments: string[]) {
  const message = rejection(fn());
  // Control characters are shown escaped, so that each error stays on one line.
  expect(message).toContain(`Invalid storage URI '${uri.replace(/\n/g, '\\n')}': `);
  for (const fragment of fragments) {
    expect(message).toContain(fragment);
  }
  expect(message).toContain(`Allowed forms: ${ALLOWED_FORMS.join(', ')}`);
}

describe('StorageUri.parse accepts every supported scheme', () => {
  test.each([
    {
      uri: 's3://models/sklearn/iris/model.joblib',
      expected: { scheme: StorageScheme.S3, bucket: 'models', path: 'sklearn/iris/model.joblib', fileExtension: '.joblib' },
    },
    {
      uri: 's3://my.bucket-1/',
      expected: { scheme: StorageScheme.S3, bucket: 'my.bucket-1', path: '', fileExtension: '' },
    },
    {
      uri: 'gs://kfserving-examples/models/sklearn/1.0/model',
      expected: { scheme: StorageScheme.GCS, bucket: 'kfserving-examples', path: 'models/sklearn/1.0/model', fileExtension: '' },
    },
    {
      uri: 'gs://under_score/model.onnx',
      expected: { scheme: StorageScheme.GCS, bucket: 'under_score', path: 'model.onnx', fileExtension: '.onnx' },
    },
    {
      uri: 'https://mystorage01.blob.core.windows.net/models/onnx/model.onnx',
      expected: {
        scheme: StorageScheme.AZURE_BLOB,
        account: 'mystorage01',
        bucket: 'models',
        host: 'mystorage01.blob.core.windows.net',
        path: 'onnx/model.onnx',
        fileExtension: '.onnx',
      },
    },
    {
      uri: 'https://acct.blob.core.windows.net/my-container',
      expected: {
        scheme: StorageScheme.AZURE_BLOB,
        account: 'acct',
        bucket: 'my-container',
        host: 'acct.blob.core.windows.net',
        path: '',
        fileExtension: '',
      },
    },
    {
      uri: 'http://models.internal:8080/iris/model.joblib',
      expected: { scheme: StorageScheme.HTTP, host: 'models.internal:8080', path: 'iris/model.joblib', fileExtension: '.joblib' },
    },
    {
      uri: 'https://example.com/models/model.tar.gz?sig=abc',
      expected: { scheme: StorageScheme.HTTPS, host: 'example.com', path: 'models/model.tar.gz', fileExtension: '.gz' },
    },
    {
      uri: 'pvc://model-store/sklearn/iris',
      expected: { scheme: StorageScheme.PVC, claimName: 'model-store', path: 'sklearn/iris', fileExtension: '' },
    },
    {
      uri: 'pvc://models.v1/.hidden',
      expected: { scheme: StorageScheme.PVC, claimName: 'models.v1', path: '.hidden', fileExtension: '' },
    },
    {
      uri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
      expected: {
        scheme: StorageScheme.HUGGING_FACE,
        repository: 'meta-llama/Llama-3.1-8B-Instruct',
        path: '',
        fileExtension: '',
        minimumVersion: 'v0.14.1',
      },
    },
    {
      uri: 'hf://google-bert/bert-base-uncased:86b5e0934494bd15c9632b12f734a8a67f723594',
      expected: {
        scheme: StorageScheme.HUGGING_FACE,
        repository: 'google-bert/bert-base-uncased',
        revision: '86b5e0934494bd15c9632b12f734a8a67f723594',
        path: '',
        fileExtension: '',
        minimumVersion: 'v0.14.1',
      },
    },
    {
      uri: 'oci://ghcr.io/acme/models/iris:1.2.0',
      expected: { scheme: StorageScheme.OCI, host: 'ghcr.io', repository: 'acme/models/iris', revision: '1.2.0', path: '', fileExtension: '' },
    },
    {
      uri: 'oci://localhost:5000/iris:v1',
      expected: { scheme: StorageScheme.OCI, host: 'localhost:5000', repository: 'iris', revision: 'v1', path: '', fileExtension: '' },
    },
    {
      uri: `oci://registry.example.com/acme/iris@${DIGEST}`,
      expected: { scheme: StorageScheme.OCI, host: 'registry.example.com', repository: 'acme/iris', revision: DIGEST, path: '', fileExtension: '' },
    },
    {
      uri: 'oci+native://ghcr.io/acme/models/iris:1.2.0',
      expected: {
        scheme: StorageScheme.OCI_NATIVE, host: 'ghcr.io', repository: 'acme/models/iris', revision: '1.2.0', path: '', fileExtension: '', minimumVersion: 'v0.20.0',
      },
    },
    {
      uri: 'https://mystorage01.file.core.windows.net/models/onnx/model.onnx',
      expected: {
        scheme: StorageScheme.AZURE_FILE,
        account: 'mystorage01',
        bucket: 'models',
        host: 'mystorage01.file.core.windows.net',
        path: 'onnx/model.onnx',
        fileExtension: '.onnx',
      },
    },
    {
      uri: 'file:///mnt/shared/models/iris/model.joblib',
      expected: { scheme: StorageScheme.FILE, path: 'mnt/shared/models/iris/model.joblib', fileExtension: '.joblib' },
    },
    {
      uri: 'hdfs://user/ml/models/iris',
      expected: { scheme: StorageScheme.HDFS, path: 'user/ml/models/iris', fileExtension: '' },
    },
    {
      uri: 'webhdfs://user/ml/models/model.bst',
      expected: { scheme: StorageScheme.WEBHDFS, path: 'user/ml/models/model.bst', fileExtension: '.bst' },
    },
  ])('$uri', ({ uri, expected }) => {
    const parsed = StorageUri.parse(uri);
    expect(parts(parsed)).toEqual({
      uri,
      string: uri,
      bucket: undefined,
      account: undefined,
      host: undefined,
      claimName: undefined,
      repository: undefined,
      revision: undefined,
      minimumVersion: 'v0.13.1',
      ...expected,
    });
    expect(`${parsed}`).toBe(uri);
  });

  test('hf:// needs KServe v0.14, oci+native:// v0.20, the others v0.13', () => {
    expect(StorageUri.parse('hf://owner/repo').minimumVersion).toBe(KServeVersion.V0_14);
    expect(StorageUri.parse('oci+native://ghcr.io/acme/model:1.0').minimumVersion).toBe(KServeVersion.V0_20);
    for (const uri of ['s3://bucket/x', 'gs://bucket/x', 'https://acct.blob.core.windows.net/container/x', 'https://acct.file.core.windows.net/share/x',
      'http://host/x', 'https://host/x', 'pvc://claim/x', 'oci://ghcr.io/acme/model:1.0', 'file:///x', 'hdfs://x', 'webhdfs://x']) {
      expect(StorageUri.parse(uri).minimumVersion).toBe(KServeVersion.V0_13);
    }
  });

  // SupportedStorageURIPrefixList (pkg/controller/v1beta1/inferenceservice/utils/utils.go) at each tag, plus the two Azure https forms.
  test.each([
    [KServeVersion.V0_13, ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'oci', 'file', 'hdfs', 'webhdfs']],
    [KServeVersion.V0_20, ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'hf', 'oci', 'oci+native', 'file', 'hdfs', 'webhdfs']],
  ])('%s accepts exactly its storage initializer\'s schemes', (version, schemes) => {
    expect([...version._facts.storageSchemes].sort()).toEqual([...schemes].sort());
    expect(Object.values(StorageScheme).filter(s => version._facts.storageSchemes.includes(s)).sort()).toEqual([...schemes].sort());
  });

  test.each([
    ['gs://bucket/models/model.onnx', '.onnx'],
    ['gs://bucket/models/v1.0/model', ''],
    ['s3://bucket/dir/', ''],
    ['s3://bucket/archive.tar.gz', '.gz'],
    ['pvc://claim/model.', '.'],
    ['https://host/m/model.joblib?sig=x.pb', '.joblib'],
  ])('fileExtension of %s is %j', (uri, extension) => {
    expect(StorageUri.parse(uri).fileExtension).toBe(extension);
  });
});

describe('StorageUri factories build the same URI as parse', () => {
  test.each([
    ['s3', () => StorageUri.s3('models', 'sklearn/iris'), 's3://models/sklearn/iris'],
    ['s3 (slashes trimmed)', () => StorageUri.s3('models', '/sklearn/iris/'), 's3://models/sklearn/iris'],
    ['gcs', () => StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'), 'gs://kfserving-examples/models/sklearn/1.0/model'],
    ['azureBlob', () => StorageUri.azureBlob('mystorage', 'models', '/onnx/model.onnx'),
      'https://mystorage.blob.core.windows.net/models/onnx/model.onnx'],
    ['url (https)', () => StorageUri.url('https://example.com/models/model.joblib'), 'https://example.com/models/model.joblib'],
    ['url (http)', () => StorageUri.url('http://10.0.0.1:8000/model.bst'), 'http://10.0.0.1:8000/model.bst'],
    ['url (Azure blob)', () => StorageUri.url('https://acct.blob.core.windows.net/c01/p'), 'https://acct.blob.core.windows.net/c01/p'],
    ['pvc', () => StorageUri.pvc('model-store', 'sklearn/iris/'), 'pvc://model-store/sklearn/iris'],
    ['huggingFace', () => StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct'), 'hf://meta-llama/Llama-3.1-8B-Instruct'],
    ['huggingFace (revision)', () => StorageUri.huggingFace('google-bert/bert-base-uncased', 'main'), 'hf://google-bert/bert-base-uncased:main'],
    ['oci (tag)', () => StorageUri.oci('ghcr.io/acme/iris:1.2.0'), 'oci://ghcr.io/acme/iris:1.2.0'],
    ['oci (digest)', () => StorageUri.oci(`quay.io/acme/iris@${DIGEST}`), `oci://quay.io/acme/iris@${DIGEST}`],
    ['ociNative', () => StorageUri.ociNative('ghcr.io/acme/iris:1.2.0'), 'oci+native://ghcr.io/acme/iris:1.2.0'],
    ['azureFile', () => StorageUri.azureFile('mystorage', 'models', '/onnx/'), 'https://mystorage.file.core.windows.net/models/onnx'],
    ['file', () => StorageUri.file('/mnt/shared/iris'), 'file:///mnt/shared/iris'],
    ['hdfs', () => StorageUri.hdfs('/user/ml/iris/'), 'hdfs://user/ml/iris'],
    ['webhdfs', () => StorageUri.webhdfs('user/ml/iris'), 'webhdfs://user/ml/iris'],
  ])('%s', (_name, factory, uri) => {
    const built = factory();
    expect(built.uri).toBe(uri);
    expect(parts(built)).toEqual(parts(StorageUri.parse(uri)));
  });

  test('factories expose the parts they were given', () => {
    expect(StorageUri.s3('models', 'a/b').bucket).toBe('models');
    expect(StorageUri.gcs('models', 'a/b').scheme).toBe(StorageScheme.GCS);
    const blob = StorageUri.azureBlob('acct', 'container', 'a/b');
    expect([blob.scheme, blob.account, blob.bucket, blob.path]).toEqual([StorageScheme.AZURE_BLOB, 'acct', 'container', 'a/b']);
    expect(StorageUri.url('http://host/a').scheme).toBe(StorageScheme.HTTP);
    expect(StorageUri.url('https://host/a').scheme).toBe(StorageScheme.HTTPS);
    expect(StorageUri.pvc('claim', 'a').claimName).toBe('claim');
    const hf = StorageUri.huggingFace('owner/repo', 'v1.0');
    expect([hf.repository, hf.revision]).toEqual(['owner/repo', 'v1.0']);
    expect(StorageUri.huggingFace('owner/repo').revision).toBeUndefined();
    const oci = StorageUri.oci('ghcr.io/acme/iris:2');
    expect([oci.host, oci.repository, oci.revision]).toEqual(['ghcr.io', 'acme/iris', '2']);
  });
});

describe('StorageUri rejects malformed and unsupported URIs', () => {
  test.each([
    ['no scheme', 'models/sklearn/model.joblib', 'it has no scheme'],
    ['no scheme (absolute path)', '/mnt/models/model.joblib', 'it has no scheme'],
    ['unsupported scheme ftp', 'ftp://host/model.joblib', "the scheme 'ftp://' is not supported"],
    // v0.20 maps oci+<mode>:// in its injector but accepts only oci+native:// in SupportedStorageURIPrefixList.
    ['unsupported scheme oci+modelcar', 'oci+modelcar://ghcr.io/acme/iris:1', "the scheme 'oci+modelcar://' is not supported"],
    ['file without path', 'file://', 'a file:// URI must name a path'],
    ['hdfs without path', 'hdfs:///', 'a hdfs:// URI must name a path'],
    ['webhdfs without path', 'webhdfs://', 'a webhdfs:// URI must name a path'],
    ['oci+native without tag', 'oci+native://ghcr.io/acme/iris', 'pin the model image with a tag or digest'],
    ['oci+native without registry', 'oci+native://iris:1.0', 'an OCI URI is oci+native://<registry>/<repository>:<tag>'],
    ['bad Azure Files account', 'https://my-account.file.core.windows.net/share/x', "'my-account' is not a valid Azure storage account"],
    ['bad Azure file share', 'https://acct.file.core.windows.net/My_Share/x', "'My_Share' is not a valid Azure file share name"],
    ['bad S3 bucket (upper case)', 's3://My_Bucket/model', "'My_Bucket' is not a valid bucket name"],
    ['bad GCS bucket (too short)', 'gs://ab/model', "'ab' is not a valid bucket name"],
    ['bad bucket (empty)', 's3:///model', "'' is not a valid bucket name"],
    ['bad Azure account (hyphen)', 'https://my-account.blob.core.windows.net/models/x', "'my-account' is not a valid Azure storage account"],
    ['bad Azure account (too long)', `https://${'a'.repeat(25)}.blob.core.windows.net/models/x`,
      `'${'a'.repeat(25)}' is not a valid Azure storage account`],
    ['bad Azure container (upper case)', 'https://acct.blob.core.windows.net/My_Models/x', "'My_Models' is not a valid Azure container name"],
    ['bad Azure container (double hyphen)', 'https://acct.blob.core.windows.net/my--models/x', "'my--models' is not a valid Azure container name"],
    ['http URL without path', 'http://example.com', 'an HTTP(S) URI must name a file on the server'],
    ['https URL with only a slash', 'https://example.com/', 'an HTTP(S) URI must name a file on the server'],
    ['bad PVC claim (upper case)', 'pvc://My_Claim/model', "'My_Claim' is not a valid PersistentVolumeClaim name"],
    ['bad PVC claim (empty)', 'pvc:///model', "'' is not a valid PersistentVolumeClaim name"],
    ['hf without owner', 'hf://justname', 'hf://<owner>/<repo> with an optional :<revision>'],
    ['hf with three parts', 'hf://a/b/c', 'hf://<owner>/<repo> with an optional :<revision>'],
    ['hf with empty revision', 'hf://a/b:', 'hf://<owner>/<repo> with an optional :<revision>'],
    ['hf with two revisions', 'hf://a/b:c:d', 'hf://<owner>/<repo> with an optional :<revision>'],
    ['oci without registry', 'oci://iris:1.0', 'an OCI URI is oci://<registry>/<repository>:<tag>'],
    ['oci with bad digest', 'oci://ghcr.io/acme/iris@sha256:abc', 'an OCI URI is oci://<registry>/<repository>:<tag>'],
    ['oci without tag', 'oci://ghcr.io/acme/iris', 'pin the model image with a tag or digest'],
    ['oci with :latest', 'oci://ghcr.io/acme/iris:latest', 'the `latest` tag is not reproducible'],
    ['empty string', '', 'it must be a non-empty string'],
    ['only whitespace', '   ', 'without surrounding spaces'],
    ['leading whitespace', ' s3://bucket/model', 'without surrounding spaces'],
    ['trailing newline', 's3://bucket/model\n', 'without surrounding spaces'],
    ['inner whitespace', 's3://bucket/my model', 'it must not contain whitespace'],
  ])('%s: %j', (_name, uri, reason) => {
    expectRejected(() => StorageUri.parse(uri), uri, reason);
  });

  test.each([
    ['https://user:pw@host/x', 'https://***@host/x'],
    ['http://user@host/model', 'http://***@host/model'],
    ['http://user:pw@host/', 'http://***@host/'],
    ['https://user:pw@acct.blob.core.windows.net/c/p', 'https://***@acct.blob.core.windows.net/c/p'],
  ])('credentials in %j are rejected without echoing them', (uri, shown) => {
    expectRejected(() => StorageUri.parse(uri), shown, 'credentials must not be embedded in the URI');
    expect(rejection(StorageUri.parse(uri))).not.toMatch(/user|pw/);
  });

  test('Docker Hub short names resolve to docker.io', () => {
    const oci = StorageUri.parse('oci://library/model:v1');
    expect([oci.host, oci.repository, oci.revision]).toEqual(['docker.io', 'library/model', 'v1']);
  });

  test.each([
    ['s3', () => StorageUri.s3('Bad_Bucket', 'x'), 's3://Bad_Bucket/x', "'Bad_Bucket'"],
    ['gcs', () => StorageUri.gcs('b', 'x'), 'gs://b/x', "'b' is not a valid bucket name"],
    ['azureBlob account', () => StorageUri.azureBlob('My-Account', 'models', 'x'), 'https://My-Account.blob.core.windows.net/models/x',
      "'My-Account' is not a valid Azure storage account"],
    ['azureBlob container', () => StorageUri.azureBlob('acct', 'm', 'x'), 'https://acct.blob.core.windows.net/m/x',
      "'m' is not a valid Azure container"],
    ['url with ftp', () => StorageUri.url('ftp://host/x'), 'ftp://host/x', "'ftp://'"],
    ['url without path', () => StorageUri.url('https://host'), 'https://host', 'must name a file'],
    ['pvc', () => StorageUri.pvc('-claim', 'x'), 'pvc://-claim/x', "'-claim' is not a valid PersistentVolumeClaim name"],
    ['huggingFace', () => StorageUri.huggingFace('justname'), 'hf://justname', 'hf://<owner>/<repo>'],
    ['oci without tag', () => StorageUri.oci('ghcr.io/acme/iris'), 'oci://ghcr.io/acme/iris', 'pin the model image'],
    ['oci with latest', () => StorageUri.oci('ghcr.io/acme/iris:latest'), 'oci://ghcr.io/acme/iris:latest', '`latest`'],
    ['ociNative without tag', () => StorageUri.ociNative('ghcr.io/acme/iris'), 'oci+native://ghcr.io/acme/iris', 'pin the model image'],
    ['azureFile share', () => StorageUri.azureFile('acct', 'S', 'x'), 'https://acct.file.core.windows.net/S/x', "'S' is not a valid Azure file share name"],
    ['hdfs without path', () => StorageUri.hdfs('/'), 'hdfs://', 'must name a path'],
  ])('factory %s validates like parse', (_name, factory, uri, reason) => {
    expectRejected(factory, uri, reason);
  });
});
