/**
 * The resource policy of a SecureApi and the execute-api ARNs it (and the Lambda permissions) name.
 *
 * - IAM routes: principals of this account and of the allowed accounts, through their own IAM policies (the
 *   account root as principal delegates to IAM). Without this statement callers of other accounts could never be
 *   allowed; callers of this account would still need their IAM policy.
 * - ApiKey routes: anyone who holds an API key of the usage plan (API Gateway checks the key before the policy's
 *   Allow takes effect). Such callers are not IAM principals, so the principal must be "*".
 * - With allowedSourceIpRanges: an explicit Deny for every other source address, whatever the route.
 * Each Allow names the exact routes (method and path of the one stage); nothing else of the API is allowed, and
 * API Gateway serves HTTPS only, so there is no plaintext to deny.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';
import type { HttpMethod, SecureApiParameters, SecureApiRoute } from './parameters';

export const INVOKE = 'execute-api:Invoke';

/** `arn:aws:execute-api:<region>:<account>:<apiId>`: the prefix of every method ARN of the API. */
export function executeApiArn(p: Pick<SecureApiParameters, 'region' | 'accountId'>, restApiId: string): string {
  return `arn:aws:execute-api:${p.region}:${p.accountId}:${restApiId}`;
}

/**
 * ARN of a route of a stage, as IAM and Lambda match it: `<api>/<stage>/<METHOD>/<path>`. Path parameters become
 * `*` because requests are matched with their actual path (`/orders/42`); ANY becomes `*` (every method).
 */
export function routeArn(apiArn: string, stageName: string, method: HttpMethod, path: string): string {
  const resourcePath = path.split('/').filter(Boolean).map((s) => (s.startsWith('{') ? '*' : s)).join('/');
  return `${apiArn}/${stageName}/${method === 'ANY' ? '*' : method}/${resourcePath}`;
}

export function apiResourcePolicy(
  p: Pick<SecureApiParameters, 'region' | 'accountId' | 'allowedAccountIds' | 'allowedSourceIpRanges' | 'stageName'>,
  restApiId: string,
  routes: readonly Pick<SecureApiRoute, 'path' | 'method' | 'authorization'>[],
): { Version: string; Statement: PolicyStatement[] } {
  const apiArn = executeApiArn(p, restApiId);
  const arnsOf = (authorization: SecureApiRoute['authorization']) =>
    [...new Set(routes.filter((r) => r.authorization === authorization).map((r) => routeArn(apiArn, p.stageName, r.method, r.path)))].sort();
  const iamRoutes = arnsOf('IAM');
  const keyRoutes = arnsOf('ApiKey');
  const statements: PolicyStatement[] = [];
  if (iamRoutes.length) {
    statements.push({
      Sid: 'AllowIamPrincipalsOfAllowedAccounts',
      Effect: 'Allow',
      Principal: { AWS: [p.accountId, ...p.allowedAccountIds].map((a) => `arn:aws:iam::${a}:root`) },
      Action: INVOKE,
      Resource: iamRoutes,
    });
  }
  if (keyRoutes.length) {
    statements.push({ Sid: 'AllowApiKeyHoldersOnApiKeyRoutes', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: keyRoutes });
  }
  if (p.allowedSourceIpRanges?.length) {
    statements.push({
      Sid: 'DenyOutsideAllowedSourceIpRanges',
      Effect: 'Deny',
      Principal: '*',
      Action: INVOKE,
      Resource: `${apiArn}/*`,
      Condition: { NotIpAddress: { 'aws:SourceIp': [...p.allowedSourceIpRanges] } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
