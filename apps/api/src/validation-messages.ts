/**
 * A schema error as people read it: which field, and what it must be, in plain words rather than
 * the validator's ("must NOT have fewer than 1 characters"). The pages show it beside the field.
 */
export type SchemaIssue = { keyword: string; instancePath: string; params: Record<string, unknown>; message?: string };

/** Names the field a schema error is about: `title`, `limit`, `answers.role`… */
export function issueField(issue: SchemaIssue): string | undefined {
  const { params } = issue;
  const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
  return [path, missing ?? extra].filter(Boolean).join('.') || undefined;
}

const typeNames: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty',
};

const formatNames: Record<string, string> = {
  'date-time': 'date and time',
  date: 'date (YYYY-MM-DD)',
  email: 'e-mail address',
  uri: 'web address',
  uuid: 'identifier',
};

const count = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en') : String(n));
const plural = (n: unknown, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** What the value must be, after the field's name; null when the validator's own words must do. */
function requirement(issue: SchemaIssue): string | null {
  const { params } = issue;
  switch (issue.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed field';
    case 'pattern':
      return params.pattern === '\\S' ? 'must not be blank' : 'is not in the expected form';
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${plural(params.limit, 'character', 'characters')}`;
    case 'maxLength':
      return `must be at most ${plural(params.limit, 'character', 'characters')}`;
    case 'minimum':
      return `must be at least ${count(params.limit)}`;
    case 'maximum':
      return `must be at most ${count(params.limit)}`;
    case 'exclusiveMinimum':
      return `must be more than ${count(params.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${count(params.limit)}`;
    case 'minItems':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${plural(params.limit, 'item', 'items')}`;
    case 'maxItems':
      return `must have at most ${plural(params.limit, 'item', 'items')}`;
    case 'uniqueItems':
      return 'must not list the same item twice';
    case 'type':
      return typeof params.type === 'string' && typeNames[params.type] ? `must be ${typeNames[params.type]}` : null;
    case 'enum':
      return Array.isArray(params.allowedValues) ? `must be one of: ${params.allowedValues.join(', ')}` : null;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'format':
      return typeof params.format === 'string' ? `must be a valid ${formatNames[params.format] ?? params.format}` : null;
    default:
      return null;
  }
}

/** `title must be at most 200 characters`; `context` (body, querystring…) names a nameless value. */
export function describeIssue(issue: SchemaIssue, context: string | undefined): string {
  const where = issueField(issue) ?? context ?? 'request';
  return `${where} ${requirement(issue) ?? issue.message ?? 'is invalid'}`;
}
