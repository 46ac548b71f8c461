/** dist/ is what Argo CD syncs: it must be exactly what synth produces from the code, every time. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS, type EnvironmentConfig } from '../config/environments';
import { synth } from '../main';
import { filesBelow, PROJECT_ROOT, readYamlDocs, synthInto } from './helpers';

const MANAGED = ['platform', 'environments', 'scenarios', 'preview', 'packages', 'examples', 'argocd'];
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function synthFresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-synth-'));
  temp.push(dir);
  synthInto(dir);
  return dir;
}
const managedFiles = (root: string) => filesBelow(root).filter((f) => MANAGED.includes(f.split('/')[0]));

describe('synth output', () => {
  const a = synthFresh();

  it('is deterministic: two runs are byte-identical', () => {
    const b = synthFresh();
    expect(managedFiles(b)).toEqual(managedFiles(a));
    for (const f of managedFiles(a)) expect([f, readFileSync(join(b, f), 'utf8')]).toEqual([f, readFileSync(join(a, f), 'utf8')]);
  });

  it('matches the committed dist/ (run `npm run synth` and commit dist/ when this fails)', () => {
    const committed = join(PROJECT_ROOT, 'dist');
    expect(managedFiles(committed)).toEqual(managedFiles(a));
    const stale = managedFiles(a).filter((f) => readFileSync(join(committed, f), 'utf8') !== readFileSync(join(a, f), 'utf8'));
    expect(stale).toEqual([]);
  });

  it('a new environment is one entry: synth writes its namespace, its account\'s provider config, its SecureEnvironment, and its preview', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-synth-env-'));
    temp.push(dir);
    const qa: EnvironmentConfig = { ...ENVIRONMENTS[0], name: 'qa', accountId: '444444444444', teams: undefined, network: { ...ENVIRONMENTS[0].network, cidr: '10.40.0.0/16' } };
    synth(dir, [...ENVIRONMENTS, qa]);
    const docs = readYamlDocs(join(dir, 'environments', 'qa.k8s.yaml'));
    expect(docs.map((d) => `${d.kind}/${d.metadata?.name}`)).toEqual(['Namespace/qa', 'ClusterProviderConfig/qa-account', 'SecureEnvironment/qa']);
    const [, providerConfig, environment] = docs;
    // The provider acts in the environment's own account, never in whichever account its base credentials belong to.
    expect(providerConfig.spec.assumeRoleChain).toEqual([{ roleARN: 'arn:aws:iam::444444444444:role/secure-baseline-crossplane-provider' }]);
    expect(environment.spec).toMatchObject({ environment: 'qa', accountId: '444444444444', providerConfigRef: { kind: 'ClusterProviderConfig', name: 'qa-account' } });
    expect(managedFiles(dir).filter((f) => f.startsWith('preview/qa/')).length).toBeGreaterThan(3);
  });

  it('writes the three default environments (and dev\'s team payments) and a preview for each', () => {
    expect(managedFiles(a).filter((f) => f.startsWith('environments/'))).toEqual(['environments/dev-payments.k8s.yaml', 'environments/dev.k8s.yaml', 'environments/prod.k8s.yaml', 'environments/staging.k8s.yaml']);
    for (const env of ['dev', 'staging', 'prod']) expect(managedFiles(a).some((f) => f.startsWith(`preview/${env}/`))).toBe(true);
  });
});
