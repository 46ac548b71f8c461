/** SNS rules: topics are encrypted with a customer-managed key and their policies are TLS-only and never public. */
import { get, verdict, type ComposedResource, type Rule } from '../rule';
import { awsNameOf, coversAction, coversResource, conditionValues, isCustomerManagedKeyReference, isEveryone, isPublicGrant, referenced, statementsOf, type PolicyStatement } from './s3';

const SNS = 'sns.aws.m.upbound.io';
const TOPIC = `${SNS}/Topic`;
const TOPIC_POLICY = `${SNS}/TopicPolicy`;
const POLICY_FIELD = 'spec.forProvider.policy';

/**
 * Whether a statement's Resource covers the topic: a pattern matching `arn:<partition>:sns:<region>:<account>:<name>`
 * with the partition and account the pattern itself names (the topic object does not carry its account).
 */
function coversTopic(s: PolicyStatement, topic: ComposedResource): boolean {
  const name = awsNameOf(topic);
  const region = get(topic.object, 'spec.forProvider.region');
  if (!name || typeof region !== 'string') return false;
  const patterns = s.NotResource === undefined ? (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).filter((r): r is string => typeof r === 'string') : [];
  return patterns.some((p) => {
    const [, partition = 'aws', , , account = ''] = p.split(':');
    return coversResource({ Resource: p }, `arn:${partition}:sns:${region}:${account}:${name}`);
  });
}

export const SNS_RULES: readonly Rule[] = [
  {
    id: 'SB-SNS-1',
    title: 'SNS topics are encrypted with a customer-managed KMS key',
    severity: 'medium',
    rationale: 'Security alerts and failed invocations carry event data; a customer-managed key puts reading them behind a key policy the account controls and records each use.',
    reads: [TOPIC],
    mappings: { nist80053: ['SC-12', 'SC-28'], soc2: ['CC6.1'], cdkNag: ['AwsSolutions-SNS2'], checkov: ['CKV_AWS_26'], awsConfig: 'SNS_ENCRYPTED_KMS' },
    check: (set) => set.ofKind(TOPIC).map((t) => verdict(t, 'spec.forProvider.kmsMasterKeyId', isCustomerManagedKeyReference, 'set kmsMasterKeyId to the ARN of a customer-managed key, not alias/aws/sns')),
  },
  {
    id: 'SB-SNS-2',
    title: "A topic's policy denies publishing without TLS",
    severity: 'medium',
    rationale: 'A Deny on aws:SecureTransport = false for sns:Publish (and the other topic actions) refuses plain-HTTP publishers, whatever else allows them.',
    reads: [TOPIC_POLICY, TOPIC],
    mappings: { nist80053: ['SC-8'], soc2: ['CC6.7'], cdkNag: ['AwsSolutions-SNS3'] },
    check: (set) =>
      set.ofKind(TOPIC_POLICY).flatMap((p) =>
        referenced(set, p, 'arn', TOPIC).map((topic) =>
          verdict(
            p,
            POLICY_FIELD,
            (v) =>
              (statementsOf(v) ?? []).some(
                (s) =>
                  s.Effect === 'Deny' &&
                  isEveryone(s.Principal) &&
                  coversAction(s, 'sns:Publish') &&
                  coversTopic(s, topic) &&
                  conditionValues(s, 'aws:SecureTransport', ['Bool', 'BoolIfExists']).some((c) => c === false || c === 'false'),
              ),
            `add a statement denying sns:* (at least sns:Publish) to Principal "*" on the topic ARN (…:${awsNameOf(topic)}) with Condition Bool aws:SecureTransport "false"`,
          ),
        ),
      ),
  },
  {
    id: 'SB-SNS-3',
    title: 'Topic policies never grant to everyone without pinning the caller',
    severity: 'high',
    rationale: 'An Allow to Principal "*" without a fixed account, source or organization condition lets anyone publish to (or subscribe to) the topic.',
    reads: [TOPIC_POLICY],
    mappings: { nist80053: ['AC-3', 'AC-6'], soc2: ['CC6.1'], checkov: ['CKV_AWS_169'] },
    check: (set) =>
      set.ofKind(TOPIC_POLICY).map((p) =>
        verdict(
          p,
          POLICY_FIELD,
          (v) => {
            const statements = statementsOf(v);
            return !!statements && !statements.some(isPublicGrant);
          },
          'name the principals (service with aws:SourceArn/aws:SourceAccount, or role ARNs) instead of Principal "*", or pin it with a fixed aws:SourceAccount / aws:PrincipalOrgID condition',
        ),
      ),
  },
];
