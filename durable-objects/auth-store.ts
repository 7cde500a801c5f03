/** SQLite access for sign-in tokens and sessions (object-only state: never mirrored to D1). */
export interface TokenRow {
  hash: string;
  issued_at: number;
  expires_at: number;
  consumed_at: number | null;
  requester: string | null;
  retired_at: number | null;
}

export interface SessionRow {
  hash: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  absolute_expires_at: number;
  revoked_at: number | null;
}

export class AuthStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly beginWrite: () => void,
  ) {}

  token(hash: string): TokenRow | null {
    return (this.sql.exec("SELECT * FROM sign_in_tokens WHERE hash = ?", hash).toArray()[0] as unknown as TokenRow | undefined) ?? null;
  }

  insertToken(hash: string, issuedAt: number, expiresAt: number, requester: string | null): void {
    this.beginWrite();
    this.sql.exec("INSERT INTO sign_in_tokens (hash, issued_at, expires_at, requester) VALUES (?, ?, ?, ?)", hash, issuedAt, expiresAt, requester);
  }

  /** Links issued since `since` (tokens are kept a day past expiry, so a day's are all here). */
  linksIssuedSince(since: number): { issuedAt: number; requester: string | null }[] {
    return this.sql
      .exec<{ issued_at: number; requester: string | null }>("SELECT issued_at, requester FROM sign_in_tokens WHERE issued_at > ?", since)
      .toArray()
      .map((r) => ({ issuedAt: r.issued_at, requester: r.requester }));
  }

  consumeToken(hash: string, at: number): void {
    this.beginWrite();
    this.sql.exec("UPDATE sign_in_tokens SET consumed_at = ? WHERE hash = ?", at, hash);
  }

  /** Retires every other link still outstanding (see redeemSignInToken). */
  retireOtherTokens(hash: string, at: number): void {
    this.beginWrite();
    this.sql.exec("UPDATE sign_in_tokens SET retired_at = ? WHERE hash != ? AND consumed_at IS NULL AND retired_at IS NULL", at, hash);
  }

  session(hash: string): SessionRow | null {
    return (this.sql.exec("SELECT * FROM sessions WHERE hash = ?", hash).toArray()[0] as unknown as SessionRow | undefined) ?? null;
  }

  insertSession(hash: string, now: number, expiresAt: number, absoluteExpiresAt: number): void {
    this.beginWrite();
    this.sql.exec(
      "INSERT INTO sessions (hash, created_at, last_seen_at, expires_at, absolute_expires_at) VALUES (?, ?, ?, ?, ?)",
      hash,
      now,
      now,
      expiresAt,
      absoluteExpiresAt,
    );
  }

  slideSession(hash: string, now: number, expiresAt: number): void {
    this.beginWrite();
    this.sql.exec("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE hash = ?", now, expiresAt, hash);
  }

  revokeSession(hash: string, at: number): void {
    this.beginWrite();
    this.sql.exec("UPDATE sessions SET revoked_at = ? WHERE hash = ?", at, hash);
  }

  prune(before: number): void {
    this.beginWrite();
    this.sql.exec("DELETE FROM sign_in_tokens WHERE expires_at < ?", before);
    this.sql.exec("DELETE FROM sessions WHERE expires_at < ? OR absolute_expires_at < ? OR revoked_at < ?", before, before, before);
  }
}
