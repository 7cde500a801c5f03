/**
 * The one logger of the Workers and the objects: one JSON line per event,
 * `{"level","event","request_id",…fields}`, written with the console method of its level
 * (Workers Logs keeps the level and indexes the JSON fields).
 *
 * Every line is redacted before it is written (redact.ts): logs are read by more people,
 * and kept longer, than the secrets in them may be. Errors are written with their
 * `cause` chain, so wrap with `new Error(message, { cause })` rather than dropping it.
 */
import { redact } from "./redact";

export type LogLevel = "debug" | "info" | "warn" | "error";

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` too (a request id, an object's name). */
  with(fields: LogFields): Logger;
}

export type LogSink = (level: LogLevel, line: string) => void;

// The console method of each level, looked up at call time so tests can spy on it.
const consoleSink: LogSink = (level, line) => {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else if (level === "info") console.log(line);
  else console.debug(line);
};

/**
 * One log line: level and event first, then the request id (null when there is none).
 * Errors keep their stacks on error lines only, the ones someone investigates: warn lines
 * are expected and recovered from (D1 down would write a stack per retry).
 */
export function formatLine(level: LogLevel, event: string, fields: LogFields): string {
  const data: LogFields = { level, event, request_id: null };
  for (const [name, value] of Object.entries(fields)) {
    if (name === "level" || name === "event") continue; // never overwritten by a field
    data[name] = value;
  }
  return JSON.stringify(redact(data, { stacks: level === "error" }));
}

export function createLogger(bound: LogFields = {}, sink: LogSink = consoleSink): Logger {
  const write =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) => {
      try {
        sink(level, formatLine(level, event, { ...bound, ...fields }));
      } catch {
        // Logging must never fail the work it describes (a cyclic field, a broken sink).
      }
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    with: (fields) => createLogger({ ...bound, ...fields }, sink),
  };
}

export const log: Logger = createLogger();
