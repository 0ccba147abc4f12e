// Self-signed certificates made at test time (never committed): for local HTTPS servers.
import { generate } from 'selfsigned';

export interface CertPair {
  /** PEM certificate; also usable as the CA to trust (`--ca`), since it signs itself. */
  cert: string;
  /** PEM private key. */
  key: string;
}

export interface CertOptions {
  /** Names the certificate is valid for (DNS names or IP addresses). */
  hosts?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

const DEFAULT_HOSTS = ['127.0.0.1', 'localhost', '::1'];
const cache = new Map<string, Promise<CertPair>>();

/** A self-signed certificate for 127.0.0.1/localhost (by default), cached per options. */
export function makeSelfSignedCert(options: CertOptions = {}): Promise<CertPair> {
  const hosts = options.hosts ?? DEFAULT_HOSTS;
  const key = JSON.stringify([hosts, options.notBefore?.getTime(), options.notAfter?.getTime()]);
  let pending = cache.get(key);
  if (!pending) {
    const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
    const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 7 * 86_400_000);
    pending = generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: notBefore,
      notAfterDate: notAfter,
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })),
        },
      ],
    }).then((pems) => ({ cert: pems.cert, key: pems.private }));
    cache.set(key, pending);
  }
  return pending;
}
