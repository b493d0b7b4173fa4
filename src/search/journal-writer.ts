/**
 * The journal's writer: the header is written to a temporary file and linked
 * into place (a journal never exists with half a header), then each line is
 * appended with every byte written and `fsync`ed. A write that fails (a full
 * disk) cuts the journal back to its last complete line and stops the writer.
 *
 * @module
 */

import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalError } from '../errors.js';
import { createWhole, writeAll, writeError } from './journal-io.js';
import type { JournalLock } from './journal-lock.js';
import type { JournalHeader } from './types.js';

/**
 * Appends lines to a journal, one line at a time in call order, each fully
 * written and flushed with `fsync`, through a file opened in append mode. It
 * holds the journal's lock and releases it on {@link JournalWriter.close}.
 */
export class JournalWriter {
  private chain: Promise<void> = Promise.resolve();
  private failure: JournalError | undefined;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly lock: JournalLock,
    /** Bytes of the journal's complete lines. */
    private size: number,
  ) {}

  /** Creates a new journal holding `header` (fails if the file exists); `lock` must be the journal's. */
  static async create(path: string, header: JournalHeader, lock: JournalLock): Promise<JournalWriter> {
    await mkdir(dirname(path), { recursive: true });
    const line = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
    await createWhole(path, line, 'journal');
    return new JournalWriter(path, await open(path, 'a'), lock, line.length);
  }

  /**
   * Opens an existing journal for appending. A half-written last line (the
   * bytes after `validBytes`) is cut off first, and a cut-off final newline
   * restored; the file must still be `totalBytes` long, as it was read.
   * @throws JournalError when the file changed since it was read.
   */
  static async reopen(
    path: string,
    parsed: { readonly validBytes: number; readonly needsNewline: boolean; readonly totalBytes: number },
    lock: JournalLock,
  ): Promise<JournalWriter> {
    const handle = await open(path, 'a');
    try {
      const { size } = await handle.stat();
      if (size !== parsed.totalBytes) {
        throw new JournalError(
          `Journal ${path} changed while being opened (${parsed.totalBytes} bytes read, now ${size}): is another process writing it?`,
          { path: ['journal'] },
        );
      }
      if (parsed.validBytes < size) {
        await handle.truncate(parsed.validBytes);
        await handle.sync();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    const writer = new JournalWriter(path, handle, lock, parsed.validBytes);
    if (parsed.needsNewline) {
      try {
        await writer.write(Buffer.from('\n'));
      } catch (error) {
        await handle.close();
        throw error;
      }
    }
    return writer;
  }

  /**
   * Appends one JSON line and flushes it to disk.
   * @throws JournalError naming the disk when the line cannot be written (the
   *   journal is cut back to its last complete line, and every later append fails).
   */
  append(record: unknown): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    const next = this.chain.then(() => this.write(line));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async write(data: Uint8Array): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    try {
      await writeAll(this.handle, data);
      await this.handle.sync();
      this.size += data.length;
    } catch (cause) {
      let after = `the journal was cut back to its last complete line (${this.size} bytes): free some space and resume it (resume: true / --resume)`;
      try {
        await this.handle.truncate(this.size);
        await this.handle.sync();
      } catch (cutError) {
        after = `cutting the half-written line off failed too (${(cutError as Error).message}); resuming drops it`;
      }
      this.failure = await writeError('journal', this.path, cause, after);
      throw this.failure;
    }
  }

  /** Waits for pending writes, closes the file and releases the journal's lock. */
  async close(): Promise<void> {
    try {
      await this.chain;
      await this.handle.close();
    } finally {
      await this.lock.release();
    }
  }
}
