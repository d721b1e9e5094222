import type { ReleaseNotePublishMode } from '@townhall/contracts';

/** What the release-note form holds, as typed; `publish` is '' for "leave as it is" (edit only). */
export type ReleaseNoteFormValues = {
  title: string;
  version: string;
  releasedOn: string;
  introduction: string;
  scenarios: string;
  precautions: string;
  publish: ReleaseNotePublishMode | '';
  /** On the workspace's clock, as a datetime-local field holds it (2026-12-01T09:00). */
  publishAt: string;
  /** The demands the note ships (ids as typed in the form). */
  demandIds: number[];
  /** Whether the form offered the demands, so that no id means "none" (see formOfferedDemands). */
  demandsOffered: boolean;
};

const publishModes = ['draft', 'now', 'at'] as const;

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function readReleaseNoteForm(form: FormData): ReleaseNoteFormValues {
  const publish = text(form, 'publish');
  return {
    title: text(form, 'title').trim(),
    version: text(form, 'version').trim(),
    releasedOn: text(form, 'releasedOn').trim(),
    introduction: text(form, 'introduction'),
    scenarios: text(form, 'scenarios'),
    precautions: text(form, 'precautions'),
    publish: (publishModes as readonly string[]).includes(publish) ? (publish as ReleaseNotePublishMode) : '',
    publishAt: text(form, 'publishAt').trim(),
    demandIds: form
      .getAll('demandIds')
      .map((value) => Number(value))
      .filter((id) => Number.isInteger(id) && id > 0),
    demandsOffered: formOfferedDemands(form),
  };
}

/** Whether the form offered the demand choices (staff who may read demands), so an empty choice means "none". */
export function formOfferedDemands(form: FormData): boolean {
  return form.get('demandsOffered') === '1';
}
