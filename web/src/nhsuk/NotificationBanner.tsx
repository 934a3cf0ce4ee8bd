/** NHS.UK notification banner; the success kind takes focus so the outcome is announced. */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function NotificationBanner({ success = false, title, heading, children }: {
  success?: boolean;
  title?: string;
  heading: string;
  children?: ReactNode;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (success) ref.current?.focus();
  }, [success, heading]);
  return (
    <div
      ref={ref}
      className={success ? 'nhsuk-notification-banner nhsuk-notification-banner--success' : 'nhsuk-notification-banner'}
      role={success ? 'alert' : 'region'}
      aria-labelledby={titleId}
      tabIndex={success ? -1 : undefined}
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id={titleId}>{title ?? (success ? 'Success' : 'Important')}</h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}
