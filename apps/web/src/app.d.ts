import type { Me } from '@townhall/contracts';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /** The signed-in person, or null for guests; loaded once per request in hooks.server.ts. */
      user: Me | null;
      /** Text the form action of this request was sent, for an error page that replaces its page. */
      submittedText?: string;
    }
    interface Error {
      message: string;
      /** Text that was sent but not saved, because its page could not be shown again: shown to copy. */
      submittedText?: string;
    }
  }
}

export {};
