import type { ReactNode } from 'react';

export function Hint({ id, className, children }: { id: string; className?: string; children: ReactNode }) {
  return <div className={className ? `nhsuk-hint ${className}` : 'nhsuk-hint'} id={id}>{children}</div>;
}
