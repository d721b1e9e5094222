import type { ErrorBody } from '@townhall/contracts';

export type FormError = ErrorBody['error'];

/** The message for `field`, when the API named that field. */
export function fieldMessage(error: FormError | undefined | null, field: string): string | undefined {
  return error?.field === field ? error.message : undefined;
}

/** The message to show above the form: any error not tied to one of the form's own fields. */
export function formMessage(error: FormError | undefined | null, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  return error.field && fields.includes(error.field) ? undefined : error.message;
}
