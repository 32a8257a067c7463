// After a form is refused, the focus goes to its first invalid field, so that a keyboard or screen
// reader user lands on the first message instead of searching the page for it (WCAG 3.3.1).
import { tick } from 'svelte';

const CONTROL = 'input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/**
 * The control to focus in `form`: the first one marked `aria-invalid`, or, when the first mark is
 * on a group (a list of radio buttons, a fieldset), that group's checked or first control; else
 * the form's message (`role="alert"`); null when nothing is marked.
 */
export function firstInvalid(form: ParentNode): HTMLElement | null {
  for (const marked of form.querySelectorAll<HTMLElement>('[aria-invalid="true"], fieldset.invalid')) {
    if (marked.matches(CONTROL)) return marked;
    const group = marked.closest('fieldset') ?? marked;
    const control =
      marked.querySelector<HTMLElement>('input:checked:not(:disabled)') ??
      marked.querySelector<HTMLElement>(CONTROL) ??
      group.querySelector<HTMLElement>(CONTROL);
    if (control) return control;
  }
  return form.querySelector<HTMLElement>('[role="alert"]');
}

/**
 * Once the page shows the refusal's messages, focuses the first invalid field of `form` (see
 * `firstInvalid`). Call it with the form of the submit event, taken before any `await`.
 */
export async function focusFirstInvalid(form: HTMLFormElement | null | undefined): Promise<void> {
  await tick();
  if (!form?.isConnected) return;
  const target = firstInvalid(form);
  if (!target) return;
  // A message is not focusable by itself: it becomes so for the script only.
  if (target.matches('[role="alert"]') && !target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
}
