import type { Readable } from 'node:stream';

/** What storing a stream measured: its size, and its sha256 as hex. */
export interface StoredObject {
  size: number;
  sha256: string;
}

/** A byte range, both ends included (HTTP's Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/** The stream was larger than its limit; nothing of it was kept. */
export class ObjectTooLarge extends Error {}

/**
 * Where file bytes live. Callers stream in and out and never see paths, so an S3-compatible
 * store (put with a streaming upload, get with a Range header, delete) can replace the
 * local disk without touching them.
 */
export abstract class FileStorage {
  /**
   * Stores a stream under a key, measuring size and sha256 while it passes. Beyond
   * maxBytes, or when the source fails (an interrupted upload), nothing stays behind and
   * the promise rejects (ObjectTooLarge for the limit).
   */
  abstract write(key: string, source: Readable, maxBytes: number): Promise<StoredObject>;
  abstract read(key: string, range?: ByteRange): Readable;
  abstract remove(key: string): Promise<void>;
}
