/**
 * Lambda rules: functions run in a VPC, on a supported runtime, with their environment encrypted by a
 * customer-managed key, X-Ray tracing, a concurrency limit, a dead-letter target and a log group of their own
 * with a retention; permissions granted to AWS services are scoped to the source.
 */
import { SUPPORTED_RUNTIMES } from '../../compositions/secure-function/runtimes';
import { get, verdict, type ComposedResource, type ResourceSet, type Rule, type RuleResult } from '../rule';
import { firstFailure, keyVerdict, resolveReference } from './logs';

const FUNCTION = 'lambda.aws.m.upbound.io/Function';
const PERMISSION = 'lambda.aws.m.upbound.io/Permission';
const LOG_GROUP = 'cloudwatchlogs.aws.m.upbound.io/Group';

const EXTERNAL_NAME = 'crossplane.io/external-name';

/** Whether any of the fields holds a value (a non-empty list, string or object). */
function anySet(r: ComposedResource, paths: readonly string[]): boolean {
  return paths.some((p) => {
    const v = get(r.object, p);
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v !== '' : typeof v === 'object' && v !== null;
  });
}

const hasVariables = (f: ComposedResource) => {
  const vars = get(f.object, 'spec.forProvider.environment.variables');
  return typeof vars === 'object' && vars !== null && Object.keys(vars).length > 0;
};

/** The log group a function writes to: the one its loggingConfig names, else Lambda's default `/aws/lambda/<name>`. */
function logGroupResults(set: ResourceSet, f: ComposedResource): RuleResult[] {
  const to = resolveReference(set, f, LOG_GROUP, 'spec.forProvider.loggingConfig.logGroup');
  let groups: ComposedResource[];
  if (to) {
    if (!to.found.length) {
      // Only a selector of the same composition must find it here; a name may be another composition's group.
      return to.withinComposition
        ? [{ resource: f.ref, passed: false, field: to.field, value: to.value, message: 'the selector matches no log group of this composition: compose the function\'s log group (encrypted, with a retention) and select it' }]
        : [];
    }
    groups = to.found;
  } else {
    const name = f.object.metadata?.annotations?.[EXTERNAL_NAME] ?? f.object.metadata?.name;
    const namespace = f.object.metadata?.namespace;
    groups = set.ofKind(LOG_GROUP).filter((g) => g.object.metadata?.namespace === namespace && g.object.metadata?.annotations?.[EXTERNAL_NAME] === `/aws/lambda/${name}`);
    groups = groups.filter((g, i) => groups.findIndex((o) => o.ref === g.ref) === i);
  }
  return groups.map((g) => verdict(g, 'spec.forProvider.retentionInDays', (v) => typeof v === 'number' && v > 0,
    `set retentionInDays on the log group of ${f.ref}: left to Lambda, it would keep the function's logs forever`));
}

export const LAMBDA_RULES: readonly Rule[] = [
  {
    id: 'SB-LAMBDA-1',
    title: 'Lambda functions have X-Ray active tracing',
    severity: 'low',
    rationale: 'Active tracing records every invocation and the calls it makes to AWS services and HTTP endpoints: what a function did, and what it called, can be reconstructed after the fact.',
    reads: [FUNCTION],
    mappings: { nist80053: ['AU-12', 'SI-4'], soc2: ['CC7.2'], checkov: ['CKV_AWS_50'], awsConfig: 'LAMBDA_FUNCTION_XRAY_ENABLED' },
    check: (set) => set.ofKind(FUNCTION).map((f) => verdict(f, 'spec.forProvider.tracingConfig.mode', (v) => v === 'Active', 'set tracingConfig.mode: Active')),
  },
  {
    id: 'SB-LAMBDA-2',
    title: 'Lambda functions run in a VPC, with subnets and security groups',
    severity: 'medium',
    rationale: 'In a VPC a function reaches databases and AWS APIs through private subnets, VPC endpoints and its own security group, and its traffic is in the VPC flow logs; outside, it has unrestricted internet egress that no network control or log sees.',
    reads: [FUNCTION],
    mappings: { nist80053: ['AC-4', 'SC-7'], pciDss: ['1.3.2'], soc2: ['CC6.6'], checkov: ['CKV_AWS_117'], awsConfig: 'LAMBDA_INSIDE_VPC' },
    check: (set) => set.ofKind(FUNCTION).map((f) => {
      const base = 'spec.forProvider.vpcConfig';
      return firstFailure([
        () => anySet(f, [`${base}.subnetIds`, `${base}.subnetIdRefs`, `${base}.subnetIdSelector`])
          ? { resource: f.ref, passed: true, field: `${base}.subnetIds` }
          : { resource: f.ref, passed: false, field: `${base}.subnetIds`, message: "set vpcConfig.subnetIdSelector to the Network's private subnets" },
        () => anySet(f, [`${base}.securityGroupIds`, `${base}.securityGroupIdRefs`, `${base}.securityGroupIdSelector`])
          ? { resource: f.ref, passed: true, field: `${base}.securityGroupIds` }
          : { resource: f.ref, passed: false, field: `${base}.securityGroupIds`, message: 'set vpcConfig.securityGroupIdSelector to a security group of the function (HTTPS egress only, no ingress)' },
      ]);
    }),
  },
  {
    id: 'SB-LAMBDA-3',
    title: 'Lambda environment variables are encrypted with a customer-managed KMS key',
    severity: 'medium',
    rationale: 'Environment variables are readable by anyone allowed lambda:GetFunctionConfiguration when encrypted with the AWS-managed key; with a customer-managed key reading them also needs kms:Decrypt under your key policy.',
    reads: [FUNCTION],
    mappings: { nist80053: ['SC-12', 'SC-28'], pciDss: ['3.5.1'], soc2: ['CC6.1'], checkov: ['CKV_AWS_173'] },
    check: (set) => set.ofKind(FUNCTION).filter(hasVariables).map((f) => keyVerdict(f, 'spec.forProvider.kmsKeyArn',
      "set kmsKeyArn to the EncryptionKey's key ARN (the key must list lambda in its services)")),
  },
  {
    id: 'SB-LAMBDA-4',
    title: 'Lambda functions have reserved concurrency',
    severity: 'low',
    rationale: 'Reserved concurrency caps how many copies of a function run at once: a flood of events (or a loop) cannot exhaust the account\'s concurrency, starve other functions or overwhelm the databases the function connects to.',
    reads: [FUNCTION],
    mappings: { nist80053: ['SC-5', 'SC-6'], soc2: ['A1.1'], checkov: ['CKV_AWS_115'], awsConfig: 'LAMBDA_CONCURRENCY_CHECK' },
    check: (set) => set.ofKind(FUNCTION).map((f) => verdict(f, 'spec.forProvider.reservedConcurrentExecutions', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
      'set reservedConcurrentExecutions (SecureFunction spec.reservedConcurrency; -1 or unset leaves the function unbounded)')),
  },
  {
    id: 'SB-LAMBDA-5',
    title: 'Lambda functions have a dead-letter target',
    severity: 'medium',
    rationale: 'An asynchronous event that fails every retry is dropped unless it goes to a dead-letter queue or topic: without one, failed work (an upload not processed, a rotation not done) disappears without a trace.',
    reads: [FUNCTION],
    mappings: { nist80053: ['CP-10'], soc2: ['A1.2'], checkov: ['CKV_AWS_116'], awsConfig: 'LAMBDA_DLQ_CHECK' },
    check: (set) => set.ofKind(FUNCTION).map((f) => {
      const base = 'spec.forProvider.deadLetterConfig.targetArn';
      return anySet(f, [base, `${base}Ref`, `${base}Selector`])
        ? { resource: f.ref, passed: true, field: base, value: get(f.object, base) }
        : { resource: f.ref, passed: false, field: base, value: get(f.object, base), message: 'set deadLetterConfig.targetArn to an encrypted SNS topic or SQS queue (SecureFunction composes one)' };
    }),
  },
  {
    id: 'SB-LAMBDA-6',
    title: 'Lambda functions use a supported runtime',
    severity: 'high',
    rationale: 'A deprecated runtime no longer gets security patches for its language runtime and OS, and soon cannot be updated. The supported runtimes are the reviewed table of SecureFunction (compositions/secure-function/runtimes.ts); container images carry their own runtime and are not judged here.',
    reads: [FUNCTION],
    mappings: { nist80053: ['SA-22', 'SI-2'], pciDss: ['6.3.3'], soc2: ['CC7.1'], checkov: ['CKV_AWS_363'], awsConfig: 'LAMBDA_FUNCTION_SETTINGS_CHECK' },
    check: (set) => set.ofKind(FUNCTION).filter((f) => get(f.object, 'spec.forProvider.packageType') !== 'Image').map((f) => verdict(f, 'spec.forProvider.runtime',
      (v) => typeof v === 'string' && (SUPPORTED_RUNTIMES as readonly string[]).includes(v), `set runtime to a supported runtime: ${SUPPORTED_RUNTIMES.join(', ')}`)),
  },
  {
    id: 'SB-LAMBDA-7',
    title: 'Lambda functions log to a log group of their own that has a retention',
    severity: 'medium',
    rationale: 'Left to itself, Lambda creates the function\'s log group on first invocation, unencrypted and keeping logs forever. Composed beforehand, the log group is encrypted (SB-LOGS-1) and expires (SB-LOGS-2).',
    reads: [FUNCTION, LOG_GROUP],
    mappings: { nist80053: ['AU-4', 'AU-11'], pciDss: ['10.5.1'], soc2: ['CC7.2'] },
    check: (set) => set.ofKind(FUNCTION).flatMap((f) => logGroupResults(set, f)),
  },
  {
    id: 'SB-LAMBDA-8',
    title: 'Lambda permissions are never public, and those for AWS services name the source ARN and account',
    severity: 'high',
    rationale: 'A permission for principal "*" lets anyone invoke the function. One for a service principal without a source ARN and account lets that service invoke it on behalf of any resource of any account (the confused-deputy problem): an S3 bucket of someone else could trigger it.',
    reads: [PERMISSION],
    mappings: { nist80053: ['AC-3', 'AC-6'], soc2: ['CC6.1', 'CC6.3'], checkov: ['CKV_AWS_301', 'CKV_AWS_364'], awsConfig: 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED' },
    check: (set) => set.ofKind(PERMISSION).map((p) => {
      const principal = get(p.object, 'spec.forProvider.principal');
      const service = typeof principal === 'string' && principal.endsWith('.amazonaws.com');
      return firstFailure([
        () => verdict(p, 'spec.forProvider.principal', (v) => v !== '*' || Boolean(get(p.object, 'spec.forProvider.principalOrgId')),
          'name the principal that invokes the function (a service, an account or a role), never "*"'),
        () => verdict(p, 'spec.forProvider.sourceArn', (v) => !service || (typeof v === 'string' && v !== ''),
          `set sourceArn to the ${String(principal)} resource that invokes the function (bucket, API method, secret…)`),
        () => verdict(p, 'spec.forProvider.sourceAccount', (v) => !service || (typeof v === 'string' && /^\d{12}$/.test(v)),
          'set sourceAccount to the account that owns the source resource'),
      ]);
    }),
  },
];
