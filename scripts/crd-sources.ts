/**
 * Where each folder of the CRD directory comes from upstream. The lock file (crds.lock.json) is generated
 * from these and the files present; the URL pattern lets a user elsewhere fetch the same pinned files.
 */
export interface CrdSource {
  /** Folder under the CRD directory. */
  readonly folder: string;
  readonly version: string;
  /** Raw URL of a file, given its path relative to the folder. */
  readonly url: (file: string) => string;
}

const ACK_TAGS: Record<string, string> = {
  s3: 'v1.10.0', kms: 'v1.4.1', ec2: 'v1.20.0', rds: 'v1.11.1', iam: 'v1.8.1', lambda: 'v1.14.1',
  cloudwatch: 'v1.8.1', cloudwatchlogs: 'v1.4.1', sns: 'v1.6.0', cloudtrail: 'v1.3.2', secretsmanager: 'v1.4.1',
  dynamodb: 'v1.9.2', ssm: 'v1.3.0', eventbridge: 'v1.5.1', apigateway: 'v1.8.1', common: 'v1.10.0',
};

export const CRD_SOURCES: readonly CrdSource[] = [
  {
    folder: 'provider-upjet-aws',
    version: 'v2.6.0',
    url: (f) => `https://raw.githubusercontent.com/crossplane-contrib/provider-upjet-aws/v2.6.0/package/crds/${f}`,
  },
  {
    folder: 'crossplane',
    version: 'v2.2.0',
    url: (f) => `https://raw.githubusercontent.com/crossplane/crossplane/v2.2.0/cluster/crds/${f}`,
  },
  {
    folder: 'argocd',
    version: 'v3.5.1',
    url: (f) => `https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/crds/${f}`,
  },
  {
    folder: 'ack',
    version: 'per service (see ack/README.md in the CRD directory)',
    url: (f) => {
      const [service, file] = f.split('/');
      const tag = ACK_TAGS[service];
      if (!tag) throw new Error(`no ACK tag pinned for ${service}`);
      // common/ CRDs are the ACK runtime's, identical in every controller; pinned from s3-controller.
      return service === 'common'
        ? `https://raw.githubusercontent.com/aws-controllers-k8s/s3-controller/${tag}/config/crd/common/bases/${file}`
        : `https://raw.githubusercontent.com/aws-controllers-k8s/${service}-controller/${tag}/config/crd/bases/${file}`;
    },
  },
];
