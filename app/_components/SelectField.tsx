import { inputClass } from './AuthCard';

/** One choice of a {@link SelectField}: the value the form sends and the words shown. */
export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled `<select>` of `options` in the forms' style; `className` styles the label. */
export function SelectField({
  label,
  name,
  options,
  defaultValue,
  ariaLabel,
  className = 'text-xs font-medium text-slate-700',
}: {
  label: string;
  name: string;
  options: readonly SelectOption[];
  defaultValue?: string;
  ariaLabel?: string;
  className?: string;
}) {
  return (
    <label className={className}>
      {label}
      <select name={name} defaultValue={defaultValue} className={inputClass} aria-label={ariaLabel}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
