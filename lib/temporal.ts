// One way to reach Temporal: the API's client, the worker's native connection and the launcher's
// checks all connect with temporalConnectionOptions, so TLS and the API key apply to each alike.
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { Config } from './config';

/** Accepted as is by Connection.connect (@temporalio/client) and NativeConnection.connect (@temporalio/worker). */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

export function temporalConnectionOptions(config: Pick<Config['temporal'], 'address' | 'tls' | 'apiKey'>): TemporalConnectionOptions {
  const { tls, apiKey } = config;
  return {
    address: config.address,
    ...(tls
      ? {
          tls: {
            ...(tls.serverName !== undefined ? { serverNameOverride: tls.serverName } : {}),
            ...(tls.serverCaCert !== undefined ? { serverRootCACertificate: tls.serverCaCert } : {}),
            ...(tls.clientCert !== undefined ? { clientCertPair: { crt: tls.clientCert.cert, key: tls.clientCert.key } } : {}),
          },
        }
      : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
  };
}

export async function connectTemporalClient(config: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return new Client({ connection, namespace: config.namespace });
}
