import type { ReactNode } from 'react';

interface AlertProps {
  tone?: 'danger' | 'warn' | 'info' | 'ok';
  title?: string;
  children: ReactNode;
}

/** A boxed message. Errors and warnings are announced (role=alert); the others are plain notes. */
export function Alert({ tone = 'danger', title, children }: AlertProps) {
  const urgent = tone === 'danger' || tone === 'warn';
  return (
    <div className={`alert alert-${tone}`} role={urgent ? 'alert' : 'note'}>
      {title ? <p className="alert-title">{title}</p> : null}
      <div>{children}</div>
    </div>
  );
}
