/**
 * How many live sockets each holder has open on this instance: a signed-in person by their id, a
 * guest by client address. Each socket costs memory, so one account or one address must not be
 * able to open them without end.
 */
export type SocketHolder = { userId: number | null; address: string };
export type SocketLimits = { perPerson: number; perGuestAddress: number };

const holderKey = ({ userId, address }: SocketHolder) => (userId === null ? `guest:${address}` : `user:${userId}`);

export function createSocketQuota(limits: SocketLimits) {
  const open = new Map<string, number>();
  const count = (holder: SocketHolder) => open.get(holderKey(holder)) ?? 0;

  return {
    /**
     * Takes a slot for a new socket of `holder`, or answers null when it holds its limit already.
     * The release it returns frees the slot once, however often it is called: a socket may be let
     * go both where its session ends and by its close event.
     */
    take(holder: SocketHolder): (() => void) | null {
      const key = holderKey(holder);
      const held = open.get(key) ?? 0;
      if (held >= (holder.userId === null ? limits.perGuestAddress : limits.perPerson)) return null;
      open.set(key, held + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) open.set(key, left);
        else open.delete(key);
      };
    },
    count,
    /** How many holders have a socket open (so the map does not keep every address ever seen). */
    holders: () => open.size,
  };
}

export type SocketQuota = ReturnType<typeof createSocketQuota>;
