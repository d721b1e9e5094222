import { normalizeTags } from '@townhall/domain';
import { AppError } from '../../errors.ts';

/** Tags as typed, in their stored form, or a 400 naming the field. */
export function tagsOrThrow(input: string[]): string[] {
  const result = normalizeTags(input);
  if (!result.ok) throw new AppError('VALIDATION_FAILED', `tags: ${result.reason}`, 'tags');
  return result.tags;
}
