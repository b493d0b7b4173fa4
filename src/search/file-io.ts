/**
 * The one write the journal and snapshot writers make, apart so that tests
 * can replace it (`vi.mock`) to inject short writes and a full disk.
 *
 * @module
 */

import type { FileHandle } from 'node:fs/promises';

/** @internal */
export const fileIo: { readonly write: (handle: FileHandle, data: Uint8Array) => Promise<number> } = Object.freeze({
  /** Writes `data` at the handle's position; resolves to the number of bytes written, which may be fewer (as `write(2)`). */
  async write(handle: FileHandle, data: Uint8Array): Promise<number> {
    return (await handle.write(data, 0, data.length)).bytesWritten;
  },
});
