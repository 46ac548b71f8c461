/**
 * Per-run TLS material for the local control plane, made with openssl: one CA signs the API server's serving
 * certificate, the function's serving certificate and Crossplane's client certificate (what the function requires
 * under mutual TLS). Nothing outlives the run's temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class Pki {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** A self-signed CA: <name>.crt, <name>.key. */
  ca(name: string): string {
    this.openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
    return join(this.dir, `${name}.crt`);
  }

  /** A certificate signed by `signer`: <name>.crt, <name>.key, with the given X.509 v3 extensions. */
  leaf(name: string, signer: string, ext: string, subject = `/CN=${name}`): { cert: string; key: string } {
    writeFileSync(join(this.dir, `${name}.ext`), ext);
    this.openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    this.openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${signer}.crt`, '-CAkey', `${signer}.key`, '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
    return { cert: join(this.dir, `${name}.crt`), key: join(this.dir, `${name}.key`) };
  }

  /** An RSA key pair for signing service-account tokens: <name>.key, <name>.pub. */
  serviceAccountKey(name: string): { key: string; pub: string } {
    this.openssl('genrsa', '-out', `${name}.key`, '2048');
    this.openssl('rsa', '-in', `${name}.key`, '-pubout', '-out', `${name}.pub`);
    return { key: join(this.dir, `${name}.key`), pub: join(this.dir, `${name}.pub`) };
  }

  /**
   * A directory laid out like a Kubernetes TLS secret mounted into a pod (tls.crt, tls.key, and the CA as ca.crt):
   * what Crossplane, controller-runtime's webhook server and the function read their certificates from.
   */
  tlsSecretDir(dir: string, pair: { cert: string; key: string }, ca = 'ca'): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tls.crt'), readFileSync(pair.cert));
    writeFileSync(join(dir, 'tls.key'), readFileSync(pair.key));
    writeFileSync(join(dir, 'ca.crt'), this.read(`${ca}.crt`));
    return dir;
  }

  read(file: string): Buffer {
    return readFileSync(join(this.dir, file));
  }
}
