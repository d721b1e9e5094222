import { fail, redirect } from '@sveltejs/kit';
import { postPath } from '@townhall/domain';
import type { Actions, PageServerLoad } from './$types';
import { editPost, getPostRevisions } from '$lib/server/api';
import { keepSubmittedText, readTags, readText, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';

// The current text is the latest revision: the API keeps every version of a post's Markdown.
export const load: PageServerLoad = async (event) => {
  // The form shows the refused edit (its action's values) to someone signed out meanwhile.
  if (isRefusedAfterSignOut(event)) return { post: null };
  const result = await getPostRevisions(event, Number(event.params.id));
  if (!result.ok) throwLoadError(event, result);
  const latest = result.data.revisions.at(-1);
  return {
    post: {
      id: result.data.postId,
      topicId: result.data.topicId,
      topicTitle: result.data.topicTitle,
      // Back to where it is read: a release note's comment on the note, a reply in its topic.
      path: postPath({ boardKind: result.data.boardKind, topicId: result.data.topicId, postId: result.data.postId }),
      isOpeningPost: result.data.postNumber === 1,
      body: latest?.bodyMarkdown ?? '',
      title: latest?.title ?? result.data.topicTitle,
      tags: result.data.topicTags.join(', '),
      revision: latest?.revision ?? 1,
    },
  };
};

export const actions = {
  default: async (event) => {
    const postId = Number(event.params.id);
    const form = await event.request.formData();
    const body = readText(form, 'body');
    keepSubmittedText(event, body);
    const title = form.has('title') ? readText(form, 'title') : undefined;
    // Only the opening post's form has tags; sent as typed so a refused edit shows them again.
    const tags = form.has('tags') ? readText(form, 'tags') : undefined;
    const baseRevision = Number(readText(form, 'baseRevision')) || undefined;
    const result = await editPost(event, postId, {
      body,
      ...(title === undefined ? {} : { title }),
      ...(tags === undefined ? {} : { tags: readTags(form) }),
      ...(baseRevision ? { baseRevision } : {}),
    });
    if (!result.ok && result.error.code === 'EDIT_CONFLICT') {
      // Changed since this form was opened: keep what was typed, and show the current text beside
      // it. Saving again, now from the current revision, is a deliberate choice.
      const revisions = await getPostRevisions(event, postId);
      const latest = revisions.ok ? revisions.data.revisions.at(-1) : undefined;
      const current = latest ? { body: latest.bodyMarkdown, title: latest.title, tags: latest.tags, revision: latest.revision, editor: latest.editor.displayName } : null;
      return fail(result.status, { body, title, tags, error: submitError(result), baseRevision: latest?.revision, current });
    }
    if (!result.ok) {
      const gone = 'This post was deleted, or closed to you, while you were editing, so your changes were not saved. Your text stays here.';
      return fail(result.status, { body, title, tags, error: submitError(result, { gone }) });
    }
    redirect(303, postPath({ boardKind: result.data.boardKind, topicId: result.data.topicId, postId }));
  },
} satisfies Actions;
