import { expect, test } from 'vitest';
import { open, runTag, useTownhall } from './people.ts';

// Mention autocomplete in a real browser: typing `@` and the start of a name in the reply box
// offers people (staff marked), the keyboard picks one, and the reply keeps the rest of the text.

const alice = 'alice@acme.test';

const { signedIn } = useTownhall();

test('typing @ and a few letters offers people; the keyboard picks one and the reply is posted with it', async () => {
  const customer = await signedIn(alice);
  await open(customer, '/b/qa');
  await customer.getByRole('link', { name: 'SSO login loops back to the sign-in page' }).click();
  await customer.waitForURL(/\/t\/\d+$/);
  await open(customer, new URL(customer.url()).pathname);

  const box = customer.getByLabel('Answer', { exact: true });
  expect(await box.getAttribute('aria-expanded')).toBe('false');
  expect(await box.getAttribute('aria-autocomplete')).toBe('list');
  // Text on both sides of where the mention goes: the caret sits between them.
  const before = 'Thanks ';
  const after = `for the fix ${runTag}`;
  await box.fill(before + after);
  await box.evaluate((element: HTMLTextAreaElement, caret) => element.setSelectionRange(caret, caret), before.length);
  await box.pressSequentially('@om', { delay: 30 });

  const list = customer.getByRole('listbox', { name: 'People to mention' });
  await list.waitFor();
  expect(await box.getAttribute('aria-expanded')).toBe('true');
  expect(await box.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
  const omar = list.getByRole('option', { name: /Omar Ops/ });
  expect(await omar.textContent()).toContain('@omar.ops');
  expect(await omar.textContent()).toContain('Staff');
  expect(await box.getAttribute('aria-activedescendant')).toBe(await list.getByRole('option').first().getAttribute('id'));

  // Down and back up again, then pick with Enter: no newline, the prefix becomes the handle.
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  expect(await omar.getAttribute('aria-selected')).toBe('true');
  await box.press('Enter');
  await list.waitFor({ state: 'hidden' });
  expect(await box.getAttribute('aria-expanded')).toBe('false');
  expect(await box.inputValue()).toBe(`Thanks @omar.ops ${after}`);
  const caret = await box.evaluate((element: HTMLTextAreaElement) => element.selectionStart);
  expect(caret).toBe('Thanks @omar.ops '.length);

  // With no list open, Enter is a newline again; Escape closes a list without picking.
  await box.press('End');
  await box.press('Enter');
  await box.pressSequentially('@pri', { delay: 30 });
  await list.waitFor();
  await box.press('Escape');
  await list.waitFor({ state: 'hidden' });
  await box.press('Backspace');
  await box.press('Backspace');
  await box.press('Backspace');
  await box.press('Backspace');
  expect(await box.inputValue()).toBe(`Thanks @omar.ops ${after}\n`);

  await customer.getByRole('button', { name: 'Post your answer' }).click();
  await customer.waitForURL(/\/t\/\d+\?near=\d+#post-\d+$/);
  const reply = customer.getByTestId('post').filter({ hasText: after });
  await reply.waitFor();
  expect(await reply.textContent()).toContain(`Thanks @omar.ops ${after}`);
});
