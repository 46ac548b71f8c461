/**
 * Regenerates imports/ (cdk8s constructs) from the pinned CRDs: `npm run import`.
 *
 * Only the kinds the platform APIs use are imported (all provider CRDs as TypeScript are ~15 MB and slow every
 * compile). `cdk8s import` writes one file per API group, so the CRDs of one group are concatenated into a single
 * input; every module gets a class prefix (s3's `Object` kind would otherwise shadow the JS global).
 * It also writes imports/provider-kinds.ts: the kinds, among all pinned provider CRDs, that take tags or name a KMS
 * key (lib/provider-kinds.ts), which the compliance rules read. `--out DIR` writes elsewhere (the freshness test compares a fresh import with the committed one).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allPinnedCrds, PROJECT_ROOT, readPinnedCrdFile } from '../lib/crds';
import { providerKindsModule, providerKindsOf } from '../lib/provider-kinds';

interface ImportModule {
  /** Module (file) name under imports/. */
  readonly module: string;
  readonly classPrefix: string;
  /** CRD files relative to the CRD directory, all of one API group. */
  readonly files: readonly string[];
}

const upbound = (group: string, plurals: string[]) => plurals.map((p) => `provider-upjet-aws/${group}.aws.m.upbound.io_${p}.yaml`);
const crossplane = (group: string, plurals: string[]) => plurals.map((p) => `crossplane/${group}.crossplane.io_${p}.yaml`);

export const IMPORT_MODULES: readonly ImportModule[] = [
  { module: 'aws-kms', classPrefix: 'Kms', files: upbound('kms', ['keys', 'aliases']) },
  {
    module: 'aws-s3',
    classPrefix: 'S3',
    files: upbound('s3', [
      'buckets', 'bucketserversideencryptionconfigurations', 'bucketversionings', 'bucketpublicaccessblocks',
      'bucketownershipcontrols', 'bucketpolicies', 'bucketloggings', 'bucketlifecycleconfigurations',
      'bucketobjectlockconfigurations', 'bucketnotifications',
    ]),
  },
  {
    module: 'aws-ec2',
    classPrefix: 'Ec2',
    files: upbound('ec2', [
      'vpcs', 'subnets', 'routetables', 'routetableassociations', 'routes', 'internetgateways', 'natgateways', 'eips',
      'securitygroups', 'securitygroupingressrules', 'securitygroupegressrules', 'defaultsecuritygroups', 'flowlogs',
      'vpcendpoints', 'vpcendpointroutetableassociations', 'vpcendpointsubnetassociations', 'vpcendpointsecuritygroupassociations',
    ]),
  },
  { module: 'aws-rds', classPrefix: 'Rds', files: upbound('rds', ['clusters', 'clusterinstances', 'clusterparametergroups', 'parametergroups', 'subnetgroups']) },
  { module: 'aws-iam', classPrefix: 'Iam', files: upbound('iam', ['roles', 'rolepolicyattachments', 'policies', 'rolepolicies']) },
  { module: 'aws-dynamodb', classPrefix: 'Dynamodb', files: upbound('dynamodb', ['tables', 'contributorinsights']) },
  { module: 'aws-secretsmanager', classPrefix: 'Secretsmanager', files: upbound('secretsmanager', ['secrets', 'secretrotations', 'secretpolicies', 'secretversions']) },
  { module: 'aws-ssm', classPrefix: 'Ssm', files: upbound('ssm', ['parameters']) },
  { module: 'aws-cloudwatchlogs', classPrefix: 'Logs', files: upbound('cloudwatchlogs', ['groups', 'metricfilters']) },
  { module: 'aws-lambda', classPrefix: 'Lambda', files: upbound('lambda', ['functions', 'permissions', 'functioneventinvokeconfigs']) },
  {
    module: 'aws-apigateway',
    classPrefix: 'Apigw',
    files: upbound('apigateway', [
      'restapis', 'restapipolicies', 'resources', 'methods', 'integrations', 'deployments', 'stages', 'methodsettings',
      'usageplans', 'apikeys', 'usageplankeys', 'requestvalidators', 'accounts',
    ]),
  },
  { module: 'aws-cloudtrail', classPrefix: 'Cloudtrail', files: upbound('cloudtrail', ['trails']) },
  { module: 'aws-configservice', classPrefix: 'Config', files: upbound('configservice', ['configurationrecorders', 'deliverychannels', 'awsconfigurationrecorderstatuses', 'configrules']) },
  { module: 'aws-cloudwatch', classPrefix: 'Cloudwatch', files: upbound('cloudwatch', ['metricalarms']) },
  { module: 'aws-cloudwatchevents', classPrefix: 'Events', files: upbound('cloudwatchevents', ['rules', 'targets']) },
  { module: 'aws-sns', classPrefix: 'Sns', files: upbound('sns', ['topics', 'topicpolicies', 'topicsubscriptions']) },
  {
    module: 'aws',
    classPrefix: 'Aws',
    files: ['provider-upjet-aws/aws.m.upbound.io_providerconfigs.yaml', 'provider-upjet-aws/aws.m.upbound.io_clusterproviderconfigs.yaml'],
  },
  {
    module: 'crossplane-apiextensions',
    classPrefix: 'Xp',
    files: crossplane('apiextensions', ['compositeresourcedefinitions', 'compositions', 'managedresourceactivationpolicies']),
  },
  { module: 'crossplane-pkg', classPrefix: 'Pkg', files: crossplane('pkg', ['functions', 'providers', 'deploymentruntimeconfigs']) },
  { module: 'crossplane-protection', classPrefix: 'Protection', files: crossplane('protection', ['usages']) },
];

function importAll(outDir: string): void {
  const work = mkdtempSync(join(tmpdir(), 'sb-import-'));
  try {
    // cdk8s import resolves the output relative to its working directory and may read cdk8s.yaml there:
    // run it in an empty directory so the project's config is never touched.
    const gen = join(work, 'out');
    for (const m of IMPORT_MODULES) {
      const input = join(work, `${m.module}.yaml`);
      writeFileSync(input, m.files.map((f) => readPinnedCrdFile(f)).join('\n---\n'));
      execFileSync(
        resolve(PROJECT_ROOT, 'node_modules/.bin/cdk8s'),
        ['import', `${m.module}:=${input}`, '--output', gen, '--language', 'typescript', '--class-prefix', m.classPrefix, '--no-save', '--no-check-upgrade'],
        { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] },
      );
    }
    // What the compliance rules need to know of every provider kind, not only the imported ones.
    writeFileSync(join(gen, 'provider-kinds.ts'), providerKindsModule(providerKindsOf(allPinnedCrds())));
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    for (const f of readdirSync(gen)) renameSync(join(gen, f), join(outDir, f));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/import.ts')) {
  const i = process.argv.indexOf('--out');
  const out = resolve(i > 0 ? process.argv[i + 1] : join(PROJECT_ROOT, 'imports'));
  importAll(out);
  console.log(`imports written to ${out}: ${readdirSync(out).join(', ')}`);
}
