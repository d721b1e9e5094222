import type { ErrorBody } from '@townhall/contracts';

export type FormError = ErrorBody['error'];

/** Whether the API's error names `field` itself or a part of it (`tags.1` is part of `tags`). */
function names(error: FormError, field: string): boolean {
  return error.field === field || (error.field?.startsWith(`${field}.`) ?? false);
}

/**
 * The message for `field`, when the API named that field or a part of it. Given the label people
 * see, the API's name at the start of the message becomes that label: "body must be at most
 * 65,536 characters" under Details reads "Details must be at most 65,536 characters", and
 * "tags.1 must be…" under Tags reads "Tags (item 2) must be…", and "tags: …" reads "Tags: …".
 */
export function fieldMessage(error: FormError | undefined | null, field: string, label?: string): string | undefined {
  if (!error || !names(error, field)) return undefined;
  const apiName = error.field!;
  // "tags.1 must be…" and "tags: "c++" is not a tag…" both start with the API's name.
  if (!label || !(error.message.startsWith(`${apiName} `) || error.message.startsWith(`${apiName}: `))) return error.message;
  const part = apiName.slice(field.length + 1);
  const which = part === '' ? '' : /^\d+$/.test(part) ? ` (item ${Number(part) + 1})` : ` (${part})`;
  return `${label}${which}${error.message.slice(apiName.length)}`;
}

/** The message to show above the form: any error not tied to one of the form's own fields. */
export function formMessage(error: FormError | undefined | null, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  return fields.some((field) => names(error, field)) ? undefined : error.message;
}
