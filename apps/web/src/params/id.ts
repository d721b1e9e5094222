import type { ParamMatcher } from '@sveltejs/kit';

/** Database ids: positive safe integers. Anything else is a 404 without asking the API. */
export const match: ParamMatcher = (param) => /^[1-9]\d*$/.test(param) && Number.isSafeInteger(Number(param));
