/** SQLite access for sign-in tokens and sessions (object-only state: never mirrored to D1). */
export interface TokenRow {
  hash: string;
  issued_at: number;
  expires_at: number;
  consumed_at: number | null;
  requester: string | null;
  retired_at: number | null;
  /** Why it was retired unused: null (another link signed in) or "email_changed". */
  retired_reason: string | null;
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

  /** Retires every link still outstanding, saying why (an email change: they went to the old address). */
  retireAllTokens(at: number, reason: string): number {
    this.beginWrite();
    return this.sql.exec(
      "UPDATE sign_in_tokens SET retired_at = ?, retired_reason = ? WHERE consumed_at IS NULL AND retired_at IS NULL AND expires_at > ?",
      at,
      reason,
      at,
    ).rowsWritten;
  }

  /** Ends every session still good; returns their hashes (their live sockets close too). */
  revokeAllSessions(at: number): string[] {
    const live = this.sql
      .exec<{ hash: string }>("SELECT hash FROM sessions WHERE revoked_at IS NULL AND expires_at > ? AND absolute_expires_at > ?", at, at)
      .toArray()
      .map((r) => r.hash);
    if (live.length === 0) return [];
    this.beginWrite();
    this.sql.exec("UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND expires_at > ? AND absolute_expires_at > ?", at, at, at);
    return live;
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
