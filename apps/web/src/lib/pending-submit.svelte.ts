import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` with a pending flag, so a submit button can be disabled while the request runs.
 * Fields named in `clearOnFailure` are emptied after a failed submit, as a full page reload would.
 */
export class PendingSubmit {
  pending = $state(false);
  readonly #clearOnFailure: readonly string[];

  constructor(clearOnFailure: readonly string[] = []) {
    this.#clearOnFailure = clearOnFailure;
  }

  enhance: SubmitFunction = () => {
    this.pending = true;
    return async ({ result, update, formElement }) => {
      try {
        // Fields hold defaultValue, so a redirect back to the same page would keep the text that
        // was just posted; reset the form first, as a full page load would.
        if (result.type === 'redirect') formElement.reset();
        await update();
        if (result.type === 'failure') this.#clearFields(formElement);
      } finally {
        this.pending = false;
      }
    };
  };

  #clearFields(form: HTMLFormElement): void {
    for (const name of this.#clearOnFailure) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = '';
    }
  }
}
