/** NHS.UK button. */
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'warning' | 'reverse';

export function Button({ variant = 'primary', small = false, type = 'submit', className, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  small?: boolean;
}) {
  const classes = ['nhsuk-button'];
  if (variant !== 'primary') classes.push(`nhsuk-button--${variant}`);
  if (small) classes.push('nhsuk-button--small');
  if (className) classes.push(className);
  return <button type={type} className={classes.join(' ')} {...rest} />;
}

/** Buttons (and links) side by side. */
export function ButtonGroup({ children }: { children: ReactNode }) {
  return <div className="nhsuk-button-group">{children}</div>;
}
