import { expect } from 'vitest';
import type { Person, TestApp } from './test-app.ts';

/** Asks a question on `board` over HTTP, expecting it to be created; returns the topic id. */
export async function askOn(t: TestApp, person: Person, board: string, title: string, body = 'How does this work?') {
  const response = await t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: person.cookie, body: { title, body } });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
}

/** Answers a topic over HTTP, expecting the reply to be created; returns the post id. */
export async function replyTo(t: TestApp, person: Person, topicId: number, body = 'Here is how.') {
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body } });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
}
