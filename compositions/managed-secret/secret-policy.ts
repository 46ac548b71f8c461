/**
 * The resource policy of a ManagedSecret. The named roles may read the value; an explicit Deny keeps every other
 * principal from reading it, whatever their IAM policies say (the account root is exempt as break-glass; so are
 * the provider's role and the rotation function, which must write it); writing the value is denied to all but
 * the root, the provider and the rotation function; and every request without TLS is denied.
 * Only value actions are denied: the provider must still describe and manage the secret.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';
import type { ManagedSecretParameters } from './parameters';

const READ = ['secretsmanager:GetSecretValue'];
const WRITE = ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'];

/** lambda:SourceFunctionArn is the unqualified function ARN (no version or alias). */
export const unqualifiedFunctionArn = (arn: string) => arn.split(':').slice(0, 7).join(':');

export function secretPolicy(p: Pick<ManagedSecretParameters, 'accountId' | 'allowedRoleArns' | 'providerRoleArn' | 'rotationLambdaArn'>): { Version: string; Statement: PolicyStatement[] } {
  const root = `arn:aws:iam::${p.accountId}:root`;
  const operators = [root, ...(p.providerRoleArn ? [p.providerRoleArn] : [])];
  // Requests made with the rotation function's credentials carry lambda:SourceFunctionArn; other requests do not,
  // and a negated operator on a missing key matches, so the deny still applies to them.
  const exceptRotation: Record<string, string> = p.rotationLambdaArn ? { 'lambda:SourceFunctionArn': unqualifiedFunctionArn(p.rotationLambdaArn) } : {};
  // Keys of one operator are ANDed: deny when the principal is none of these AND it is not the rotation function.
  const unless = (principals: string[]) => ({ StringNotEquals: { 'aws:PrincipalArn': [...new Set(principals)], ...exceptRotation } });
  // In a secret's resource policy, Resource "*" means "this secret".
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowNamedRolesToReadTheSecret', Effect: 'Allow', Principal: { AWS: [...p.allowedRoleArns] }, Action: [...READ, 'secretsmanager:DescribeSecret'], Resource: '*' },
      {
        Sid: 'DenyReadingTheValueToEveryoneElse', Effect: 'Deny', Principal: '*', Action: READ, Resource: '*',
        Condition: unless([...p.allowedRoleArns, ...operators]),
      },
      {
        Sid: 'DenyWritingTheValueToEveryoneElse', Effect: 'Deny', Principal: '*', Action: WRITE, Resource: '*',
        Condition: unless(operators),
      },
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  };
}
