import { describe, expect, it } from 'vitest';
import { postIdFromFragment, postPath, releaseNoteCommentPath, topicPostPath } from './post-links.ts';

describe('topicPostPath', () => {
  it('opens the page that holds the post and scrolls to it', () => {
    expect(topicPostPath(5, 30)).toBe('/t/5?near=30#post-30');
  });
});

describe('postIdFromFragment', () => {
  it.each([
    ['#post-30', 30],
    ['#post-1', 1],
    ['#post-0', null],
    ['#post-', null],
    ['#post-12abc', null],
    ['#answers-heading', null],
    ['', null],
    ['#post-99999999999999999', null],
  ])('reads %j as %j', (hash, id) => {
    expect(postIdFromFragment(hash)).toBe(id);
  });
});

describe('releaseNoteCommentPath', () => {
  it('opens the page of comments that holds the comment, scrolled to it', () => {
    expect(releaseNoteCommentPath(7, 41)).toBe('/release-notes/7?near=41#post-41');
  });
});

describe('postPath', () => {
  it.each([
    ['release_notes', '/release-notes/7?near=41#post-41'],
    ['qa', '/t/7?near=41#post-41'],
    ['beta', '/t/7?near=41#post-41'],
  ])('links a post on a %s board to %j', (boardKind, path) => {
    expect(postPath({ boardKind, topicId: 7, postId: 41 })).toBe(path);
  });
});
