import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react';

/**
 * Form fields on the Utrecht (NL Design System) CSS components: a label tied to its
 * control, an optional description and error, both read with the control (aria-describedby).
 */
interface FieldProps {
  label: ReactNode;
  description?: ReactNode;
  error?: string | null;
}

function useFieldIds(error?: string | null, description?: ReactNode) {
  const id = useId();
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { id, descriptionId, errorId, describedBy: [descriptionId, errorId].filter(Boolean).join(' ') || undefined };
}

function FieldFrame({ ids, label, description, error, children }: FieldProps & { ids: ReturnType<typeof useFieldIds>; children: ReactNode }) {
  return (
    <div className={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={ids.id}>
          {label}
        </label>
      </div>
      {description && (
        <div className="utrecht-form-field__description utrecht-form-field-description" id={ids.descriptionId}>
          {description}
        </div>
      )}
      {error && (
        <div className="utrecht-form-field__description utrecht-form-field-description utrecht-form-field-description--invalid" id={ids.errorId}>
          {error}
        </div>
      )}
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}

export function TextField({ label, description, error, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(error, description);
  return (
    <FieldFrame ids={ids} label={label} description={description} error={error}>
      <input
        id={ids.id}
        className={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
    </FieldFrame>
  );
}

export function TextAreaField({ label, description, error, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(error, description);
  return (
    <FieldFrame ids={ids} label={label} description={description} error={error}>
      <textarea
        id={ids.id}
        className={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...textarea}
      />
    </FieldFrame>
  );
}

export function SelectField({ label, description, error, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = useFieldIds(error, description);
  return (
    <FieldFrame ids={ids} label={label} description={description} error={error}>
      <select id={ids.id} className="utrecht-select utrecht-select--html-select" aria-describedby={ids.describedBy} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

/** One checkbox with its label after it. */
export function CheckboxField({ label, ...input }: { label: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  return (
    <div className="utrecht-form-field utrecht-form-field--checkbox">
      <div className="utrecht-form-field__input">
        <input id={id} type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" {...input} />
      </div>
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
          {label}
        </label>
      </div>
    </div>
  );
}

/** A group of related controls with a legend (checkbox groups of search facets, say). */
export function Fieldset({ legend, children }: { legend: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset">
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {children}
    </fieldset>
  );
}
