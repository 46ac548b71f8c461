/**
 * The resource policy of a ManagedSecret. The named roles may read the value; an explicit Deny keeps every other
 * principal from reading it, whatever their IAM policies say (the account root is exempt as break-glass; so are
 * the provider's role and the rotation function's role, which must write it); writing the value is denied to all
 * but the root, the provider and the rotation function's role; and every request without TLS is denied.
 * Only value actions are denied: the provider must still describe and manage the secret.
 *
 * Exemptions are by aws:PrincipalArn, the ARN of the calling role (for an assumed-role session: the role's ARN,
 * path included). The rotation function cannot be exempted by its function ARN: lambda:SourceFunctionArn is
 * evaluated in identity-based policies and SCPs only, never in resource-based policies (AWS Lambda Developer
 * Guide, "Using source function ARN to control function access behavior"); in this policy it would be absent, a
 * negated operator on an absent key matches, and rotation's PutSecretValue would be denied.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';
import type { ManagedSecretParameters } from './parameters';

const READ = ['secretsmanager:GetSecretValue'];
const WRITE = ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'];

/** A Lambda function ARN without its version or alias: `arn:<partition>:lambda:<region>:<account>:function:<name>`. */
export const unqualifiedFunctionArn = (arn: string) => arn.split(':').slice(0, 7).join(':');

/**
 * The role the rotation function runs as: spec.rotationRoleArn, else the SecureFunction convention (its execution
 * role has the function's name, path `/`, in the function's account and partition). None without rotation function.
 */
export function rotationRoleArnOf(p: Pick<ManagedSecretParameters, 'rotationLambdaArn' | 'rotationRoleArn'>): string | undefined {
  if (p.rotationRoleArn) return p.rotationRoleArn;
  if (!p.rotationLambdaArn) return undefined;
  const [, partition, , , account, , functionName] = p.rotationLambdaArn.split(':');
  return `arn:${partition}:iam::${account}:role/${functionName}`;
}

export function secretPolicy(p: Pick<ManagedSecretParameters, 'accountId' | 'allowedRoleArns' | 'providerRoleArn' | 'rotationLambdaArn' | 'rotationRoleArn'>): { Version: string; Statement: PolicyStatement[] } {
  const root = `arn:aws:iam::${p.accountId}:root`;
  const rotationRole = rotationRoleArnOf(p);
  const operators = [root, ...(p.providerRoleArn ? [p.providerRoleArn] : []), ...(rotationRole ? [rotationRole] : [])];
  const unless = (principals: string[]) => ({ StringNotEquals: { 'aws:PrincipalArn': [...new Set(principals)] } });
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
