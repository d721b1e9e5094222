import { createCipheriv, createDecipheriv } from 'node:crypto';

const cursorPattern = /^[A-Za-z0-9_-]{22}$/;

/**
 * Event ids as clients see them. Ids number every event, also those on channels a reader may not
 * follow (staff-only, members-only), so a customer watching the gaps would learn how much happens
 * there. Clients get each id enciphered under this installation's key instead: one AES block
 * holding the id (8 bytes) and 8 zero bytes. The block cipher makes the cursors of neighbouring ids
 * unrelated, and the zero bytes authenticate it: a made-up or altered cursor deciphers to them by a
 * 1 in 2^64 chance. One block needs no mode or nonce, so the same id always gives the same cursor:
 * a client can tell events apart (all it learns), and an event is serialized once for all readers.
 */
export function createLiveCursors(key: Buffer) {
  if (key.length !== 32) throw new Error('A live cursor key is 32 bytes long');

  const encipher = (block: Buffer) => {
    const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    return Buffer.concat([cipher.update(block), cipher.final()]);
  };
  const decipher = (block: Buffer) => {
    const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    return Buffer.concat([decipher.update(block), decipher.final()]);
  };

  return {
    /** The cursor clients see for event `id`. */
    toCursor(id: number): string {
      const block = Buffer.alloc(16);
      block.writeBigUInt64BE(BigInt(id));
      return encipher(block).toString('base64url');
    },

    /** The event id of a cursor this installation made, or null for anything else. */
    fromCursor(cursor: string): number | null {
      if (!cursorPattern.test(cursor)) return null;
      const enciphered = Buffer.from(cursor, 'base64url');
      // Only the one spelling toCursor makes (base64url leaves a few bits of the last character free).
      if (enciphered.toString('base64url') !== cursor) return null;
      const block = decipher(enciphered);
      if (!block.subarray(8).equals(Buffer.alloc(8))) return null;
      const id = block.readBigUInt64BE();
      return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : null;
    },
  };
}

export type LiveCursors = ReturnType<typeof createLiveCursors>;
