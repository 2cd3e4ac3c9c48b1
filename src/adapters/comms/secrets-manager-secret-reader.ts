import type { SecretReader } from '../../runtime/comms/ports';

/**
 * The one Secrets Manager call this adapter makes, typed structurally: `new SecretsManager({})` from
 * `@aws-sdk/client-secrets-manager` (the aggregated client) fits as is, and so does
 * `{ getSecretValue: (input) => client.send(new GetSecretValueCommand(input)) }`.
 */
export interface SecretsManagerGetClient {
  getSecretValue(input: { SecretId: string; VersionStage?: string }): Promise<{ SecretString?: string; SecretBinary?: Uint8Array }>;
}

export interface SecretsManagerSecretReaderProps {
  readonly client: SecretsManagerGetClient;
  /** @default 'AWSCURRENT' */
  readonly versionStage?: string;
}

/** Thrown when a secret cannot be read. Names the secret and the AWS error, never a value. */
export class SecretReadError extends Error {
  constructor(secretId: string, reason: string) {
    super(`could not read secret ${secretId}: ${reason}`);
    this.name = 'SecretReadError';
  }
}

/**
 * The SecretReader on Secrets Manager (GetSecretValue of the current version). Wrap it in CachingSecretReader.
 * IAM: `secretsmanager:GetSecretValue` on the secret, and `kms:Decrypt` on its key when it is a customer managed key.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
export class SecretsManagerSecretReader implements SecretReader {
  constructor(private readonly props: SecretsManagerSecretReaderProps) {}

  public async readSecret(secretId: string): Promise<string> {
    let res: { SecretString?: string; SecretBinary?: Uint8Array };
    try {
      res = await this.props.client.getSecretValue({ SecretId: secretId, VersionStage: this.props.versionStage ?? 'AWSCURRENT' });
    } catch (e) {
      throw new SecretReadError(secretId, (e as Error)?.name ?? 'Error');
    }
    if (typeof res.SecretString === 'string') return res.SecretString;
    if (res.SecretBinary) return Buffer.from(res.SecretBinary).toString('utf8');
    throw new SecretReadError(secretId, 'it has no value');
  }
}
