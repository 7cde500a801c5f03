/** Requests and answers of desktop sync (API.md, "Desktop sync") and of its portal and support views. */
import { z } from "zod";
import { DOCUMENT_NAME, MAX_DOCUMENTS } from "../core/sync-rules";

export const documentName = z.string().regex(DOCUMENT_NAME, "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64");

/** A revision in a query string: digits only (no sign, no blank meaning 0). */
const revisionParam = z
  .string()
  .regex(/^\d{1,15}$/, "a revision number")
  .transform(Number);

const revision = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

export const PutDocumentRequest = z.object({
  data: z
    .unknown()
    .refine((v) => v !== undefined, "required: any JSON value")
    .meta({ description: "Any JSON value, at most 64 KiB as compact UTF-8 JSON." }),
  base_rev: revision.meta({ description: "The revision this write replaces; 0 when there is no document (never was, or deleted)." }),
});

export const DeleteDocumentQuery = z.object({ base_rev: revisionParam.meta({ description: "The document's current revision." }) });
export const PortalDeleteQuery = z.object({ base_rev: revisionParam.optional() });

export const ListDocumentsQuery = z.object({
  include_deleted: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "`true` lists tombstones too (`deleted: true`, size 0): what was deleted while a machine was away." }),
});

const at = z.iso.datetime();
const writer = z.string().meta({ description: "Activation id of the machine that made the change (`portal` for a delete in the portal)." });

export const DocumentSummary = z.object({ name: z.string(), rev: z.int(), size: z.int(), updated_at: at, updated_by: writer, deleted: z.boolean() });
export const DocumentList = z.object({ documents: z.array(DocumentSummary).max(MAX_DOCUMENTS + 1000) });
export const SyncDocument = z.object({ name: z.string(), rev: z.int(), updated_at: at, updated_by: writer, data: z.unknown() });
export const DocumentWritten = z.object({ name: z.string(), rev: z.int(), updated_at: at });
export const DocumentDeleted = z.object({ name: z.string(), rev: z.int().meta({ description: "The tombstone's revision." }), deleted: z.literal(true) });

export const PortalDocuments = z.object({
  documents: z.array(
    z.object({
      name: z.string(),
      rev: z.int(),
      size: z.int(),
      updated_at: at,
      updated_by: writer,
      machine_name: z.string().nullable().meta({ description: "The writer's machine name, if it gave one." }),
    }),
  ),
});

/** What support sees of an account's documents: names and sizes, never contents. */
export const SupportDocuments = z.array(z.object({ name: z.string(), size: z.int() }));
