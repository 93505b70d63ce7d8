// What the pipeline pool and its threads say to each other, and how an error crosses between
// them: rebuilt as the same class with the same code, so the worker quarantines or retries a
// message exactly as it would had the error been thrown on the main thread.
import { PermanentError, RetryableError, type ErrorCode } from '../errors.ts';
import { UnparseableMessageError, type ParseOptions, type UnparseableReason } from '../inbound/parse.ts';
import type { PrepareSettings, PreparedMail } from '../inbound/pipeline.ts';
import type { IntakeAssessment } from '../inbound/decide.ts';
import type { ParsedMessage } from '../inbound/types.ts';
import type { TicketType } from '../tickets/types.ts';

/** Given to each thread once, when it starts. */
export interface ThreadSetup {
  /** The organisations' addresses the request assessment names; null: no intake assessment. */
  intake: { MACCH_ADDRESS: string | null; NMIS_ADDRESS: string | null } | null;
}

export interface PrepareRequest {
  id: number;
  raw: Uint8Array;
  settings: PrepareSettings;
  parseOptions: ParseOptions;
  /** What is left of the message's processing budget. */
  budgetMs: number;
  /** The web pages stored the message: read as the page reads it (preparePipeline). */
  writtenByWebPage?: boolean;
}

/** A deferred new-request assessment (PipelineStages.assessRequest). */
export interface AssessRequest {
  id: number;
  assess: { msg: ParsedMessage; replyText: string; chosenType?: TicketType | null };
}

export type ThreadRequest = PrepareRequest | AssessRequest;

/** An error as plain data. */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  causeCode?: string;
  reason?: string;
}

export type ThreadAnswer = { ready: true } | { id: number; prepared: PreparedMail } | { id: number; assessment: IntakeAssessment } | { id: number; error: ThreadError };

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function describeThreadError(err: unknown): ThreadError {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown; reason?: unknown; cause?: { code?: unknown } };
  return {
    name: stringOf(e.name) ?? 'Error',
    message: stringOf(e.message) ?? String(err),
    stack: stringOf(e.stack),
    code: stringOf(e.code),
    causeCode: stringOf(e.cause?.code),
    reason: stringOf(e.reason),
  };
}

export function rebuildThreadError(e: ThreadError): Error {
  const cause = e.causeCode ? { cause: { code: e.causeCode } } : undefined;
  const err = e.name === 'UnparseableMessageError' ? new UnparseableMessageError(e.reason as UnparseableReason, e.message, cause)
    : e.name === 'PermanentError' ? new PermanentError(e.code as ErrorCode, e.message, cause)
    : e.name === 'RetryableError' ? new RetryableError(e.code as ErrorCode, e.message, cause)
    : Object.assign(new Error(e.message, cause), { name: e.name }, e.code ? { code: e.code } : {});
  if (e.stack) err.stack = e.stack;
  return err;
}

/** An attachment whose bytes crossed a thread (as Uint8Array), with them as a Buffer again. */
export function asBuffers<A extends { content?: unknown }>(attachment: A): A {
  const bytes = attachment.content as Uint8Array | undefined;
  return bytes && !Buffer.isBuffer(bytes) ? { ...attachment, content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) } : attachment;
}

/** Attachment bytes arrive as Uint8Array; the stages read them as Buffers. */
export function withBuffers(prepared: PreparedMail): PreparedMail {
  prepared.parsed.attachments = prepared.parsed.attachments.map(asBuffers);
  return prepared;
}
