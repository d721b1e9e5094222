import { describe, expect, it } from 'vitest';
import { completeMention, findMentionQuery } from './mention-completion.ts';

/** The text with `|` marking the caret. */
function at(textWithCaret: string) {
  const caret = textWithCaret.indexOf('|');
  return { text: textWithCaret.slice(0, caret) + textWithCaret.slice(caret + 1), caret };
}

describe('findMentionQuery', () => {
  it.each([
    ['at the start of the text', '@an|', { query: 'an', start: 0, end: 3 }],
    ['after a space', 'Thanks @om|', { query: 'om', start: 7, end: 10 }],
    ['on a new line', 'Hi\n@pri|', { query: 'pri', start: 3, end: 7 }],
    ['after punctuation that cannot be in a handle', '(@ana|', { query: 'ana', start: 1, end: 5 }],
    ['after Chinese text', '请@ana|', { query: 'ana', start: 1, end: 5 }],
    ['with dots, hyphens and underscores', 'cc @ana.lima_2-x|', { query: 'ana.lima_2-x', start: 3, end: 16 }],
    ['with a trailing dot still being typed', '@ana.|', { query: 'ana.', start: 0, end: 5 }],
    ['upper case as typed', '@Ana|', { query: 'Ana', start: 0, end: 4 }],
    ['a name in another script', '请 @李|', { query: '李', start: 2, end: 4 }],
    ['the caret in the middle of the word', '@ana|lima', { query: 'ana', start: 0, end: 4 }],
    ['after a closed code span', '`x` @bo|', { query: 'bo', start: 4, end: 7 }],
    ['after a closed code block', '```\ncode\n```\n@bo|', { query: 'bo', start: 13, end: 16 }],
  ])('finds a mention %s', (_name, input, expected) => {
    expect(findMentionQuery(at(input))).toEqual(expected);
  });

  it.each([
    ['a lone @', '@|'],
    ['an e-mail address', 'mail ana@ac|'],
    ['a URL path', 'https://x.test/@an|'],
    ['a double @', '@@an|'],
    ['after a word character', 'x_@an|'],
    ['a space after the prefix', '@ana |'],
    ['a prefix starting with punctuation', '@.an|'],
    ['inside inline code', 'use `@an|'],
    ['inside a fenced code block', '```\n@an|'],
    ['a prefix longer than a handle can be', `@${'a'.repeat(31)}|`],
    ['the caret before the @', '|@ana'],
  ])('finds nothing for %s', (_name, input) => {
    expect(findMentionQuery(at(input))).toBeNull();
  });
});

describe('completeMention', () => {
  it.each([
    ['at the end of the text', 'Thanks @om|', 'omar.ops', 'Thanks @omar.ops |'],
    ['keeping the text after the caret, and its space', 'Hi @pr| and welcome', 'priya.pm', 'Hi @priya.pm |and welcome'],
    ['keeping a word typed right after the caret', 'Thanks @om|for the help', 'omar.ops', 'Thanks @omar.ops |for the help'],
    ['keeping the rest of a word the caret is in', '@an|a lima', 'ana.lima', '@ana.lima |a lima'],
    ['before a line break', '@bo|\nnext line', 'bob.novak', '@bob.novak |\nnext line'],
    ['before punctuation', '(@bo|)', 'bob.novak', '(@bob.novak |)'],
    ['from a name in another script', '请 @李|看一下', 'li.lei', '请 @li.lei |看一下'],
  ])('writes the handle %s', (_name, input, handle, expected) => {
    const before = at(input);
    const mention = findMentionQuery(before)!;
    const result = completeMention({ text: before.text, mention, handle });
    expect(result.text.slice(0, result.caret) + '|' + result.text.slice(result.caret)).toBe(expected);
  });
});
