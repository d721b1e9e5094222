import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getStaffWebhook, removeStaffWebhook, setStaffWebhook, testStaffWebhook } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';

const formats = ['generic', 'slack', 'wecom', 'feishu', 'dingtalk'] as const;

export const load: PageServerLoad = async (event) => {
  // The form shows the refused settings (its action's values) to someone signed out meanwhile.
  if (isRefusedAfterSignOut(event)) return { webhook: null };
  const result = await getStaffWebhook(event);
  if (!result.ok) throwLoadError(event, result);
  return { webhook: result.data.webhook };
};

export const actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const values = { format: readText(form, 'format'), url: readText(form, 'url').trim(), secret: readText(form, 'secret').trim() };
    const format = formats.find((f) => f === values.format);
    if (!format) return fail(400, { values, error: { code: 'VALIDATION_FAILED', message: 'Choose a format', field: 'format' } });
    // An empty secret field keeps the stored secret out of the page: send none only if none was set.
    const result = await setStaffWebhook(event, { format, url: values.url, ...(values.secret ? { secret: values.secret } : {}) });
    if (!result.ok) return fail(result.status, { values, error: submitError(result) });
    return { saved: true };
  },
  test: async (event) => {
    const result = await testStaffWebhook(event);
    if (!result.ok) return fail(result.status, { error: submitError(result, { oneClick: true }) });
    return { tested: result.data };
  },
  remove: async (event) => {
    const result = await removeStaffWebhook(event);
    if (!result.ok) return fail(result.status, { error: submitError(result, { oneClick: true }) });
    return { removed: true };
  },
} satisfies Actions;
