/**
 * The emulated AWS of the AWS-level end-to-end tests: moto's server on loopback (one endpoint for every service),
 * from the project's pinned virtual environment (scripts/install-moto.sh), supervised like every other process of
 * the live control plane so that none outlives the test run. Also the AWS side of the tests (aws.py, boto3):
 * reading back what the provider created, and drift made in AWS behind Crossplane's back.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/crds';
import { stripVTControlCharacters } from 'node:util';
import { freePort, run, startSupervised, type Supervised } from '../../lib/process';
import { installed } from '../e2e/control-plane';

export interface Moto {
  /** http://127.0.0.1:<port>: the static endpoint every AWS service of the provider config points at. */
  readonly endpoint: string;
  readonly python: string;
  readonly process: Supervised;
  /** Every request moto answered with a status >= 400 so far, as `METHOD path status` (werkzeug's request log). */
  failedRequests(): string[];
  /** Where moto's log ends now: a mark for writesSince. */
  mark(): number;
  /**
   * Every call since the mark that changes something in AWS, in order: `METHOD path` for a REST API (werkzeug's
   * request log; S3, Lambda, API Gateway, ...) and `Action` for a JSON or query API (moto_server.py logs those,
   * since they all arrive as `POST /`). Reads (Describe, Get, List, ...) and STS's AssumeRole are left out.
   */
  writesSince(mark: number): string[];
}

export function motoPython(): string {
  return installed('install-moto.sh').pop()!;
}

export async function startMoto(python: string, dir: string): Promise<Moto> {
  const port = await freePort();
  // -H/-p bind it to loopback only.
  // moto with the AWS behaviours it lacks or gets wrong (moto_server.py: test doubles, each checked by its self-test first).
  const server = join(PROJECT_ROOT, 'test/e2e-aws/moto_server.py');
  const selfTest = await run(python, [server, '--self-test'], { timeoutMs: 120_000 });
  if (selfTest.code !== 0 || selfTest.stdout.trim() !== 'ok') throw new Error(`moto_server.py --self-test: exit ${selfTest.code}\n${selfTest.stdout}\n${selfTest.stderr}`);
  // AWS managed policies (arn:aws:iam::aws:policy/...) exist in every account in AWS; moto loads them only when asked.
  const p = startSupervised('env', ['MOTO_IAM_LOAD_MANAGED_POLICIES=true', python, server, '-H', '127.0.0.1', '-p', String(port)], dir);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`moto exited:\n${p.output()}`);
    if (await fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`moto did not answer within 60 s:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    endpoint, python, process: p,
    // werkzeug colours the request line of an error (ANSI escapes around it).
    failedRequests: () => [...stripVTControlCharacters(p.output()).matchAll(/"([A-Z]+ \S+) HTTP\/1\.1" ([45]\d\d)/g)].map((m) => `${m[1]} ${m[2]}`),
    mark: () => p.output().length,
    writesSince: (mark) => writesIn(stripVTControlCharacters(p.output().slice(mark))),
  };
}

/** Calls that change nothing in AWS though their names do not say so. */
const NOT_WRITES = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity']);
const READ = /^(Describe|Get|List|Head|Lookup|Query|Scan|BatchGet)/;

/** The writes in a piece of moto's log (see Moto.writesSince). Exported for its test. */
export function writesIn(log: string): string[] {
  const writes: string[] = [];
  // `call <Action> [KeyId]` from moto_server.py, or werkzeug's `"METHOD path HTTP/1.1" status`. The two writers
  // share stderr, so a line can hold the end of one and the start of the other: match anywhere, in order.
  // An action name starts with a capital: Python's "Traceback (most recent call last):" in moto's log is no call
  // (run 8 counted "last" as a write).
  for (const m of log.matchAll(/call ([A-Z][A-Za-z0-9]*)|"(PUT|POST|DELETE|PATCH) (\S+) HTTP\/1\.1" (\d\d\d)/g)) {
    if (m[1]) {
      if (!READ.test(m[1]) && !NOT_WRITES.has(m[1])) writes.push(m[1]);
      continue;
    }
    const [method, path] = [m[2], m[3]];
    // `POST /` is a JSON or query API call: logged by moto_server.py as `call`. CloudWatch's newer protocol names
    // the operation in the path.
    if (method === 'POST' && path === '/') continue;
    const operation = path.match(/^\/service\/[^/]+\/operation\/([A-Za-z0-9]+)$/)?.[1];
    if (operation) {
      if (!READ.test(operation)) writes.push(operation);
      continue;
    }
    writes.push(`${method} ${path}`);
  }
  return writes;
}

/** What aws.py reads back from one account and region (see inventory() there). */
export interface Inventory {
  buckets: Record<string, { encryption: Array<{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }> | null; publicAccessBlock: Record<string, boolean> | null; versioning?: string; policy: { Statement: Array<Record<string, unknown>> } | null; logging?: { TargetBucket: string }; ownership: Array<{ ObjectOwnership: string }> | null; lifecycleRules: number | null }>;
  keys: Record<string, { state: string; rotation: boolean; rotationPeriodInDays?: number; policy: { Statement: Array<Record<string, unknown>> } }>;
  aliases: Record<string, string | undefined>;
  logGroups: Record<string, { kmsKeyId?: string; retentionInDays?: number }>;
  topics: Record<string, { kmsMasterKeyId?: string; policy: { Statement?: Array<Record<string, unknown>> } }>;
  tables: Record<string, { sse?: { Status: string; SSEType: string; KMSMasterKeyArn?: string }; pitr?: string; deletionProtection?: boolean }>;
  secrets: Record<string, { kmsKeyId?: string; rotationEnabled?: boolean }>;
  parameters: Record<string, { type: string; keyId?: string }>;
  dbClusters: Record<string, { storageEncrypted: boolean; kmsKeyId?: string; iamAuth: boolean; deletionProtection: boolean; engine: string }>;
  functions: Record<string, { subnetIds?: string[]; securityGroupIds?: string[]; tracing?: string; kmsKeyArn?: string; hasEnvironment: boolean; logFormat?: string; logGroup?: string; deadLetterTarget?: string }>;
  policies: Record<string, { Statement: Array<Record<string, unknown>> }>;
  roles: Record<string, { maxSessionDuration?: number; boundary?: string }>;
  vpcs: Record<string, { cidr: string }>;
  flowLogs: Array<{ resourceId: string; trafficType: string; destinationType: string }>;
  trails: Record<string, { multiRegion: boolean; logFileValidation: boolean; kmsKeyId?: string }>;
}

async function aws(moto: Moto, account: string, region: string, args: readonly string[]): Promise<unknown> {
  const r = await run(moto.python, [join(PROJECT_ROOT, 'test/e2e-aws/aws.py'), moto.endpoint, account, region, ...args], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`aws.py ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

export const inventory = (moto: Moto, account: string, region: string) => aws(moto, account, region, ['inventory']) as Promise<Inventory>;

export type Drift = 'key-rotation-off' | 'bucket-encryption-deleted' | 'public-access-block-deleted' | 'retention-shortened' | 'bucket-policy-widened';
/** Makes the change and reads that one setting back at once: `landed` is whether AWS now shows it. */
export const driftInAws = (moto: Moto, account: string, region: string, what: Drift, id: string) => aws(moto, account, region, ['drift', what, id]) as Promise<{ done: Drift; id: string; landed: boolean }>;

/** Publishes a function's code package (a build pipeline's job, not the platform's) where a SecureFunction reads it. */
export const putArtifact = (moto: Moto, account: string, region: string, bucket: string, key: string) => aws(moto, account, region, ['put-artifact', bucket, key]);
/** Deletes every object version of a bucket (what a person does before deleting a bucket); answers how many. */
export const emptyBucket = (moto: Moto, account: string, region: string, bucket: string) => aws(moto, account, region, ['empty-bucket', bucket]) as Promise<{ bucket: string; deleted: number }>;
