import type { Me } from '@townhall/contracts';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /** The signed-in person, or null for guests; loaded once per request in hooks.server.ts. */
      user: Me | null;
    }
  }
}

export {};
