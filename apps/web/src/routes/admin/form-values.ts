import type { LifecycleStage, MemberRole, OrganizationTier } from '@townhall/domain';
import { readText } from '$lib/server/forms';

// Unknown values pass through as they are so the API names the field in its answer.

export function readTier(form: FormData): OrganizationTier {
  return readText(form, 'tier') as OrganizationTier;
}

export function readStage(form: FormData): LifecycleStage {
  return readText(form, 'lifecycleStage') as LifecycleStage;
}

export function readRole(form: FormData): MemberRole {
  return readText(form, 'role') as MemberRole;
}

/** A positive id from a form field, or null when left empty ("none"). */
export function readOptionalId(form: FormData, name: string): number | null {
  const text = readText(form, name).trim();
  if (text === '') return null;
  // A non-number goes to the API as it is, which answers naming the field.
  return (/^\d+$/.test(text) ? Number(text) : text) as number;
}
