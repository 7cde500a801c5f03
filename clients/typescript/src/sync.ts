/**
 * Desktop sync (API.md, "Desktop sync"): small JSON documents shared by the account's
 * machines, authenticated with this machine's license token, with revision checks.
 * Failures throw a SyncError carrying the API's code (documents are data, not license
 * outcomes). Never put the customer's AI provider key into a synced document.
 */
import type { ClientContext } from "./context.js";
import { answerCode, answerMessage, type ApiAnswer } from "./http/transport.js";
import { ClientCode } from "./outcomes.js";

export const DOCUMENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface DocumentSummary {
  name: string;
  rev: number;
  size: number;
  updatedAt: string;
  /** Activation id of the machine that wrote it. */
  updatedBy: string;
}

export interface SyncDocument<T = unknown> {
  name: string;
  rev: number;
  updatedAt: string;
  updatedBy: string;
  data: T;
}

export interface WriteResult {
  name: string;
  rev: number;
  updatedAt: string;
}

export class SyncError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "SyncError";
  }

  /** For REVISION_CONFLICT: the document's revision now (undefined for any other code). */
  get currentRev(): number | undefined {
    const rev = this.details?.current_rev;
    return this.code === "REVISION_CONFLICT" && typeof rev === "number" ? rev : undefined;
  }
}

function toError(answer: ApiAnswer): SyncError {
  return new SyncError(
    answerCode(answer),
    answerMessage(answer),
    answer.kind === "http" ? answer.status : undefined,
    answer.kind === "http" ? answer.error?.details : undefined,
  );
}

function documentPath(name: string): string {
  if (!DOCUMENT_NAME.test(name)) throw new SyncError("INVALID_REQUEST", `document name ${JSON.stringify(name)} must match ${DOCUMENT_NAME}`);
  return `/v1/sync/documents/${encodeURIComponent(name)}`;
}

export class SyncApi {
  /** `refresh` renews the token (an online validate) when the API says 401. */
  constructor(
    private readonly ctx: ClientContext,
    private readonly refresh: () => Promise<boolean>,
  ) {}

  async token(): Promise<string> {
    const loaded = await this.ctx.store.load();
    if (loaded.kind !== "ok" || loaded.state.token === null) throw new SyncError(ClientCode.NO_STATE, "no license token is stored; activate or sign in first");
    return loaded.state.token;
  }

  private async call(method: string, path: string, json?: unknown): Promise<ApiAnswer> {
    const send = async () => (await this.ctx.transport.request(method, path, { bearer: await this.token(), ...(json !== undefined ? { json } : {}) })).answer;
    let answer = await send();
    // Tokens live 14 days and are renewed by validate; one refresh, then the answer stands.
    if (answer.kind === "http" && answer.status === 401 && (await this.refresh())) answer = await send();
    return answer;
  }

  /** Remembers the revision this machine last saw of a document (the base of its next write). */
  private async remember(name: string, rev: number | null): Promise<void> {
    const loaded = await this.ctx.store.load();
    if (loaded.kind !== "ok") return;
    const revs = { ...loaded.state.syncRevs };
    if (rev === null) delete revs[name];
    else revs[name] = rev;
    await this.ctx.store.save({ ...loaded.state, syncRevs: revs });
  }

  /** The revision of `name` this machine last read or wrote (0 when none, or deleted since). */
  async lastSeenRevision(name: string): Promise<number> {
    const loaded = await this.ctx.store.load();
    return loaded.kind === "ok" ? (loaded.state.syncRevs[name] ?? 0) : 0;
  }

  async list(): Promise<DocumentSummary[]> {
    const answer = await this.call("GET", "/v1/sync/documents");
    if (answer.kind !== "http" || answer.status !== 200) throw toError(answer);
    const docs = (answer.body as { documents?: unknown } | undefined)?.documents;
    if (!Array.isArray(docs)) throw new SyncError("UNEXPECTED_RESPONSE", "the list answer carried no documents");
    return docs.map((d: Record<string, unknown>) => ({
      name: String(d.name),
      rev: Number(d.rev),
      size: Number(d.size),
      updatedAt: String(d.updated_at),
      updatedBy: String(d.updated_by),
    }));
  }

  /**
   * The document, or null when it does not exist (never did, or was deleted: then the
   * remembered revision is forgotten, so this machine's next write creates it again on 0).
   */
  async get<T = unknown>(name: string): Promise<SyncDocument<T> | null> {
    const answer = await this.call("GET", documentPath(name));
    if (answer.kind === "http" && answer.status === 404 && answer.error?.code === "NOT_FOUND") {
      await this.remember(name, null);
      return null;
    }
    if (answer.kind !== "http" || answer.status !== 200) throw toError(answer);
    const d = answer.body as Record<string, unknown>;
    const doc = { name: String(d.name), rev: Number(d.rev), updatedAt: String(d.updated_at), updatedBy: String(d.updated_by), data: d.data as T };
    await this.remember(name, doc.rev);
    return doc;
  }

  /** Writes on top of `baseRev` (0 creates); REVISION_CONFLICT when someone wrote since. */
  async put(name: string, data: unknown, baseRev: number): Promise<WriteResult> {
    const answer = await this.call("PUT", documentPath(name), { data, base_rev: baseRev });
    if (answer.kind !== "http" || answer.status !== 200) throw toError(answer);
    const b = answer.body as Record<string, unknown>;
    const result = { name: String(b.name), rev: Number(b.rev), updatedAt: String(b.updated_at) };
    await this.remember(name, result.rev);
    return result;
  }

  async delete(name: string, baseRev: number): Promise<void> {
    const answer = await this.call("DELETE", `${documentPath(name)}?base_rev=${encodeURIComponent(String(baseRev))}`);
    if (answer.kind !== "http" || answer.status !== 200) throw toError(answer);
    await this.remember(name, null);
  }

  /**
   * Read, merge, write; on REVISION_CONFLICT read the newer document and merge again.
   * `merge` gets the current document (null when there is none) and returns the data to
   * write; it may run more than once, so it must not have side effects.
   */
  async update<T = unknown>(
    name: string,
    merge: (current: SyncDocument<T> | null) => T | Promise<T>,
    options: { maxAttempts?: number } = {},
  ): Promise<WriteResult & { conflicts: number }> {
    const maxAttempts = options.maxAttempts ?? 5;
    // A deleted document reads as missing but keeps its revision (a tombstone): the
    // conflict's current_rev is then the base to write on.
    let tombstoneRev = 0;
    for (let attempt = 1; ; attempt++) {
      const current = await this.get<T>(name);
      try {
        const written = await this.put(name, await merge(current), current?.rev ?? tombstoneRev);
        return { ...written, conflicts: attempt - 1 };
      } catch (err) {
        if (!(err instanceof SyncError) || err.code !== "REVISION_CONFLICT" || attempt >= maxAttempts) throw err;
        tombstoneRev = err.currentRev ?? 0;
      }
    }
  }
}
