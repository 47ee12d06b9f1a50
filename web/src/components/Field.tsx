// A labelled form field with its hint and its error, wired for assistive technology: the input
// names its hint and error with aria-describedby, and is aria-invalid while the error shows.
import { useId, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export function Field({
  label,
  hint,
  error,
  result,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** Why the value was refused, in the partner's words. */
  error?: ReactNode;
  /** A verification that passed, shown at the field. */
  result?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const resultId = `${id}-result`;
  const describedBy = [hint ? hintId : null, error ? errorId : null, result && !error ? resultId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error && (
        <div id={errorId} className="error" role="alert">
          {error}
        </div>
      )}
      {result && !error && (
        <p id={resultId} className="success" role="status">
          {result}
        </p>
      )}
    </div>
  );
}
