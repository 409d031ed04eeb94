import type { InputHTMLAttributes } from 'react'

export interface CardFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid' | 'aria-describedby'> {
  id: string
  label: string
  hint?: string
  /** The validation message, shown once the field was left or the form submitted. */
  error?: string | undefined
  inputRef?: (element: HTMLInputElement | null) => void
}

/**
 * A labelled input with its hint and validation message. `aria-describedby` points at both, and
 * the invalid state is exposed as `aria-invalid` (for assistive technology) and `data-invalid`
 * (for styling).
 */
export function CardField({ id, label, hint, error, inputRef, ...input }: CardFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className="ck-field" data-invalid={error ? '' : undefined}>
      <label className="ck-label" htmlFor={id}>
        {label}
      </label>
      <input
        {...input}
        ref={inputRef}
        id={id}
        className="ck-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        data-invalid={error ? '' : undefined}
      />
      {hint ? (
        <span id={hintId} className="ck-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="ck-field-error">
          {error}
        </span>
      ) : null}
    </div>
  )
}
