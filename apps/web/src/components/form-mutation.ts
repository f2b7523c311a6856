import type { FormEvent } from 'react';

/** What a form needs of its TanStack mutation (one whose variables are the form's own state). */
interface FormMutation {
  isPending: boolean;
  mutate: (variables: void) => void;
  reset: () => void;
}

/**
 * The two handlers every form backed by one mutation repeats: `submit` sends once (never
 * again while the answer is pending), and `changed(set)` wraps a field's setter so that an
 * edit clears the last outcome (a "saved" or an error no longer true of what is typed).
 */
export function formHandlers(mutation: FormMutation) {
  return {
    submit: (event: FormEvent) => {
      event.preventDefault();
      if (!mutation.isPending) mutation.mutate();
    },
    changed:
      <T,>(set: (value: T) => void) =>
      (value: T) => {
        mutation.reset();
        set(value);
      },
  };
}
