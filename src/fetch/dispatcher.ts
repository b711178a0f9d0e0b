// The default undici dispatcher: keep-alive connection pools per origin, HTTP_PROXY / HTTPS_PROXY / NO_PROXY
// honoured, certificates verified unless told otherwise.
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface DispatcherOptions {
  /** Verify server certificates (false only for the --insecure second try). */
  verify: boolean;
  timeoutMs: number;
  ca?: string | string[] | undefined;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const tls = {
    rejectUnauthorized: options.verify,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  };
  return new EnvHttpProxyAgent({
    // Direct connections use `connect`; tunnels through an HTTPS_PROXY use `requestTls` for the target.
    connect: { ...tls, timeout: options.timeoutMs },
    requestTls: tls,
    // http:// through a proxy as a classic forward request (absolute-form), not a CONNECT tunnel: many
    // proxies (squid's default) allow CONNECT only to port 443.
    proxyTunnel: false,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  });
}
