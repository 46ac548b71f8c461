/**
 * A real Kubernetes control plane as local processes on loopback, for the end-to-end tests: etcd, kube-apiserver
 * (RBAC, static token authentication, admission with ValidatingAdmissionPolicy, OpenAPI and CEL validation) and
 * kube-controller-manager (garbage collector and namespace controllers). Binaries come from the project's install
 * scripts (pinned, built from the Go module proxy, cached outside the repository). Every process runs under the
 * supervisor of test/render/process.ts, so none outlives the test process, also when it is killed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/crds';
import { freePort, run, startSupervised, type RunResult, type Supervised } from '../../lib/process';
import { Pki } from './pki';

/** Paths printed by an install script (one a line; logs went to stderr). */
export function installed(script: string): string[] {
  const out = execFileSync('bash', [join(PROJECT_ROOT, 'scripts', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 60 * 60_000 });
  return out.trim().split('\n').filter(Boolean);
}

/** Identities of the static token file: who runs what. */
export const USERS = {
  /** The test itself, and the cluster admin. */
  admin: { token: 'admin-token', user: 'admin', groups: ['system:masters'] },
  /** kube-controller-manager acts with its own credentials (no service-account credentials per controller). */
  controllerManager: { token: 'controller-manager-token', user: 'system:kube-controller-manager', groups: ['system:masters'] },
  /** Crossplane core: cluster-wide, as its own ClusterRole grants in a real installation. */
  crossplane: { token: 'crossplane-token', user: 'system:serviceaccount:crossplane-system:crossplane', groups: ['system:masters', 'system:serviceaccounts'] },
  /** provider-aws (the AWS-level tests, test/e2e-aws): as its service account in a real installation. */
  provider: { token: 'provider-token', user: 'system:serviceaccount:crossplane-system:provider-aws', groups: ['system:masters', 'system:serviceaccounts'] },
} as const;

const READY_TIMEOUT_MS = 90_000;

export interface ControlPlane {
  readonly server: string;
  readonly pki: Pki;
  readonly dir: string;
  /** A kubeconfig file for one of USERS. */
  kubeconfig(who: keyof typeof USERS): string;
  /** kubectl as admin (or impersonating with `--as`), returning its result; never rejects on a non-zero exit. */
  kubectl(args: readonly string[], opts?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  readonly processes: Record<string, Supervised>;
  stop(): Promise<void>;
}

export interface ControlPlaneBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubectl: string;
}

export function controlPlaneBinaries(): ControlPlaneBinaries {
  const [kubeApiserver, kubeControllerManager, kubectl] = installed('install-kube.sh');
  const [etcd] = installed('install-etcd.sh');
  return { etcd, kubeApiserver, kubeControllerManager, kubectl };
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startControlPlane(dir: string, bin: ControlPlaneBinaries): Promise<ControlPlane> {
  mkdirSync(dir, { recursive: true });
  const pki = new Pki(join(dir, 'pki'));
  pki.ca('ca');
  const serving = pki.leaf('apiserver', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const sa = pki.serviceAccountKey('service-accounts');
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, Object.values(USERS).map((u) => `${u.token},${u.user},${u.user},"${u.groups.join(',')}"`).join('\n') + '\n');

  const processes: Record<string, Supervised> = {};
  const stop = async () => {
    // Reverse start order: clients first, etcd last.
    for (const name of Object.keys(processes).reverse()) await processes[name].stop();
  };
  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    processes.etcd = startSupervised(bin.etcd, [
      '--data-dir', join(dir, 'etcd'), '--name', 'e2e',
      '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `e2e=http://127.0.0.1:${etcdPeer}`, '--unsafe-no-fsync', '--log-level', 'warn',
    ], dir);
    await waitUntil('etcd /health', READY_TIMEOUT_MS, async () => {
      if (processes.etcd.child.exitCode !== null) throw new Error(`etcd exited:\n${processes.etcd.output()}`);
      return fetch(`http://127.0.0.1:${etcdClient}/health`).then((r) => r.ok, () => false);
    });

    processes.apiserver = startSupervised(bin.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--tls-cert-file=${serving.cert}`, `--tls-private-key-file=${serving.key}`, `--client-ca-file=${join(pki.dir, 'ca.crt')}`,
      `--token-auth-file=${tokens}`, '--authorization-mode=RBAC', '--anonymous-auth=false',
      `--service-account-key-file=${sa.pub}`, `--service-account-signing-key-file=${sa.key}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-cluster-ip-range=10.96.0.0/24',
      // It advertises 127.0.0.1, which the endpoint reconciler would complain about every 10 s; no Service uses it.
      '--endpoint-reconciler-type=none',
      `--cert-dir=${join(dir, 'apiserver-certs')}`, '--v=1',
    ], dir);
    const server = `https://127.0.0.1:${apiPort}`;

    const kubeconfigs: Partial<Record<keyof typeof USERS, string>> = {};
    const kubeconfig = (who: keyof typeof USERS) => {
      if (!kubeconfigs[who]) {
        const file = join(dir, `${who}.kubeconfig`);
        writeFileSync(file, JSON.stringify({
          apiVersion: 'v1', kind: 'Config', 'current-context': 'e2e',
          clusters: [{ name: 'e2e', cluster: { server, 'certificate-authority': join(pki.dir, 'ca.crt') } }],
          users: [{ name: who, user: { token: USERS[who].token } }],
          contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: who } }],
        }));
        kubeconfigs[who] = file;
      }
      return kubeconfigs[who]!;
    };
    const kubectl = (args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}) =>
      run(bin.kubectl, ['--kubeconfig', kubeconfig('admin'), ...args], { timeoutMs: opts.timeoutMs ?? 60_000, input: opts.input });

    await waitUntil('kube-apiserver /readyz', READY_TIMEOUT_MS, async () => {
      if (processes.apiserver.child.exitCode !== null) throw new Error(`kube-apiserver exited:\n${processes.apiserver.output().slice(-4000)}`);
      return (await kubectl(['get', '--raw', '/readyz'], { timeoutMs: 5000 })).stdout.trim() === 'ok';
    });

    processes.controllerManager = startSupervised(bin.kubeControllerManager, [
      `--kubeconfig=${kubeconfig('controllerManager')}`, '--controllers=garbage-collector-controller,namespace-controller',
      '--leader-elect=false', '--use-service-account-credentials=false', '--bind-address=127.0.0.1', '--secure-port=0', '--v=1',
    ], dir);

    return { server, pki, dir, kubeconfig, kubectl, processes, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
