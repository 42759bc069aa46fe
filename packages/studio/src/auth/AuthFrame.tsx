import { type ReactNode, useEffect } from 'react';

/** The centred card of the setup and login pages (no navigation around them). */
export function AuthFrame({
  title,
  intro,
  children,
}: {
  title: string;
  intro: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Flowgate Studio`;
  }, [title]);
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          Flowgate Studio
        </div>
        <h1>{title}</h1>
        <p className="muted">{intro}</p>
        {children}
      </div>
    </main>
  );
}
