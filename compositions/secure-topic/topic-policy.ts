/**
 * The resource policy of a SecureTopic: the named roles and services may publish (services only on behalf of the
 * topic's account); publishing by any other principal outside the account is denied whatever it is granted
 * elsewhere (a data perimeter); and every request without TLS is denied. Principals of the account still need IAM
 * permissions of their own: the policy grants nothing to the account as a whole.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';
import type { SecureTopicParameters } from './parameters';

export function topicPolicy(topicArn: string, p: Pick<SecureTopicParameters, 'accountId' | 'publisherRoleArns' | 'publisherServices'>): { Version: string; Statement: PolicyStatement[] } {
  const statements: PolicyStatement[] = [];
  if (p.publisherRoleArns.length) {
    statements.push({ Sid: 'AllowTheNamedRolesToPublish', Effect: 'Allow', Principal: { AWS: [...p.publisherRoleArns] }, Action: 'sns:Publish', Resource: topicArn });
  }
  if (p.publisherServices.length) {
    statements.push({
      Sid: 'AllowTheNamedServicesToPublishForThisAccount', Effect: 'Allow', Principal: { Service: [...p.publisherServices] }, Action: 'sns:Publish', Resource: topicArn,
      Condition: { StringEquals: { 'aws:SourceAccount': p.accountId } },
    });
  }
  statements.push(
    {
      // Keys of one operator block are ANDed: denied unless of this account, an AWS service, or a named role.
      Sid: 'DenyPublishingFromOutsideTheAccount', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topicArn,
      Condition: {
        StringNotEquals: { 'aws:PrincipalAccount': p.accountId },
        Bool: { 'aws:PrincipalIsAWSService': 'false' },
        ...(p.publisherRoleArns.length ? { ArnNotEquals: { 'aws:PrincipalArn': [...p.publisherRoleArns] } } : {}),
      },
    },
    // Every SNS action, not only Publish: a subscription or a policy change over plain HTTP is as exposed.
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: topicArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  );
  return { Version: '2012-10-17', Statement: statements };
}
