import type { ComponentChildren } from 'preact';

/** Attributes tying a control to its hint and error text (screen readers read both). */
export function describe(id: string, { hint, error }: { hint?: string; error?: string }) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return <p class="field-error" id={`${id}-error`}>{error}</p>;
}

/** A labelled control with an optional hint and an error message under it. */
export function Field({ id, label, hint, error, children }: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      <FieldError id={id} error={error} />
    </div>
  );
}
