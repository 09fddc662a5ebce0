// The API key part of the store seam: keys are stored hashed, looked up by hash on every request.
// Implemented by sqlite/api-key-store.ts and postgres/api-key-store.ts.

export interface ApiKeyRow {
  id: string;
  tenant: string;
  name: string | null;
  admin: boolean;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  /** Present on worker keys only: they may claim and report for these types, nothing else. */
  worker?: WorkerKeyScope;
}

export interface WorkerKeyScope {
  types: string[];
  /** Serves every tenant's tasks; otherwise only the key's own tenant's. */
  allTenants: boolean;
}

export interface ApiKeyCreateParams {
  key: ApiKeyRow;
  hash: string;
}

export interface ApiKeyByHashParams {
  hash: string;
}

export interface ApiKeyListParams {
  tenant: string | null;
}

export interface ApiKeyRevokeParams {
  id: string;
  now: number;
}

export interface ApiKeyStore {
  apiKeyCreate(params: ApiKeyCreateParams): Promise<void>;
  apiKeyByHash(params: ApiKeyByHashParams): Promise<ApiKeyRow | null>;
  apiKeyList(params: ApiKeyListParams): Promise<ApiKeyRow[]>;
  /** True when the key existed and was not yet revoked. */
  apiKeyRevoke(params: ApiKeyRevokeParams): Promise<boolean>;
  apiKeyCount(): Promise<number>;
}
