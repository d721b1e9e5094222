import { describe, expect, it } from 'vitest';
import { fieldMessage, formMessage } from './forms.ts';

const error = (field: string | undefined, message: string) => ({ code: 'VALIDATION_FAILED', field, message });

describe('fieldMessage', () => {
  it('names the field by its label, not by the API’s name', () => {
    expect(fieldMessage(error('body', 'body must be at most 65,536 characters'), 'body', 'Details')).toBe('Details must be at most 65,536 characters');
    expect(fieldMessage(error('displayName', 'displayName is required'), 'displayName', 'Display name')).toBe('Display name is required');
    expect(fieldMessage(error('tags', 'tags: "c++" is not a tag'), 'tags', 'Tags')).toBe('Tags: "c++" is not a tag');
    expect(fieldMessage(error('timeZone', 'timeZone: "Asia/Beijing" is not a known IANA time zone'), 'timeZone', 'Time zone')).toBe('Time zone: "Asia/Beijing" is not a known IANA time zone');
  });

  it('says which item of a list field is wrong', () => {
    expect(fieldMessage(error('tags.1', 'tags.1 must be at most 30 characters'), 'tags', 'Tags')).toBe('Tags (item 2) must be at most 30 characters');
    expect(fieldMessage(error('answers.role', 'answers.role is required'), 'answers.role', 'Your role')).toBe('Your role is required');
  });

  it('keeps a message that does not start with the field’s name, and one without a label', () => {
    expect(fieldMessage(error('email', 'This e-mail address is taken'), 'email', 'E-mail')).toBe('This e-mail address is taken');
    expect(fieldMessage(error('body', 'body is required'), 'body')).toBe('body is required');
  });

  it('shows nothing under a field the error does not name', () => {
    expect(fieldMessage(error('title', 'title is required'), 'body', 'Details')).toBeUndefined();
    expect(fieldMessage(error('tagsExtra', 'tagsExtra is required'), 'tags', 'Tags')).toBeUndefined();
    expect(fieldMessage(undefined, 'body', 'Details')).toBeUndefined();
  });
});

describe('formMessage', () => {
  it('leaves an error on one of the form’s fields, or a part of one, to that field', () => {
    expect(formMessage(error('tags.1', 'tags.1 must be at most 30 characters'), ['title', 'tags'])).toBeUndefined();
    expect(formMessage(error('title', 'title is required'), ['title'])).toBeUndefined();
  });

  it('shows any other error above the form', () => {
    expect(formMessage(error(undefined, 'You are signed out'), ['title'])).toBe('You are signed out');
    expect(formMessage(error('seat', 'No seats left'), ['title'])).toBe('No seats left');
  });
});
