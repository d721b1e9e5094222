import { describe, expect, it } from 'vitest';
import { describeIssue, issueField, type SchemaIssue } from './validation-messages.ts';

const issue = (keyword: string, params: Record<string, unknown>, instancePath = '/title', message = 'validator words'): SchemaIssue => ({
  keyword,
  params,
  instancePath,
  message,
});

describe('describeIssue', () => {
  it.each<[string, SchemaIssue, string]>([
    ['a missing field', issue('required', { missingProperty: 'body' }, ''), 'body is required'],
    ['a missing nested field', issue('required', { missingProperty: 'role' }, '/answers'), 'answers.role is required'],
    ['an unknown field', issue('additionalProperties', { additionalProperty: 'admin' }, ''), 'admin is not an allowed field'],
    ['a blank text', issue('pattern', { pattern: '\\S' }), 'title must not be blank'],
    ['another pattern', issue('pattern', { pattern: '^[a-z]+$' }), 'title is not in the expected form'],
    ['an empty text', issue('minLength', { limit: 1 }, '/displayName'), 'displayName must not be empty'],
    ['a short text', issue('minLength', { limit: 12 }, '/password'), 'password must be at least 12 characters'],
    ['a long text', issue('maxLength', { limit: 65536 }, '/body'), 'body must be at most 65,536 characters'],
    ['one character at most', issue('maxLength', { limit: 1 }), 'title must be at most 1 character'],
    ['a small number', issue('minimum', { limit: 1, comparison: '>=' }, '/limit'), 'limit must be at least 1'],
    ['a large number', issue('maximum', { limit: 100, comparison: '<=' }, '/limit'), 'limit must be at most 100'],
    ['an exclusive bound', issue('exclusiveMinimum', { limit: 0 }, '/seats'), 'seats must be more than 0'],
    ['an empty list', issue('minItems', { limit: 1 }, '/ids'), 'ids must not be empty'],
    ['a long list', issue('maxItems', { limit: 5 }, '/tags'), 'tags must have at most 5 items'],
    ['a repeated item', issue('uniqueItems', { i: 1, j: 0 }, '/ids'), 'ids must not list the same item twice'],
    ['a wrong type', issue('type', { type: 'integer' }, '/limit'), 'limit must be a whole number'],
    ['a value not among the choices', issue('enum', { allowedValues: ['open', 'closed'] }, '/status'), 'status must be one of: open, closed'],
    ['a format', issue('format', { format: 'date-time' }, '/at'), 'at must be a valid date and time'],
    ['an unknown format', issue('format', { format: 'ipv4' }, '/ip'), 'ip must be a valid ipv4'],
  ])('%s', (_title, schemaIssue, expected) => {
    expect(describeIssue(schemaIssue, 'body')).toBe(expected);
  });

  it('falls back on the validator’s words for what it has no plain words for', () => {
    expect(describeIssue(issue('anyOf', {}, '/value', 'must match a schema in anyOf'), 'body')).toBe('value must match a schema in anyOf');
  });

  it('names the part of the request when the value has no field name', () => {
    expect(describeIssue(issue('type', { type: 'object' }, ''), 'body')).toBe('body must be an object');
    expect(describeIssue(issue('type', { type: 'object' }, ''), undefined)).toBe('request must be an object');
  });
});

describe('issueField', () => {
  it('joins the path with dots', () => {
    expect(issueField(issue('minLength', { limit: 1 }, '/form/2/label'))).toBe('form.2.label');
  });
});
