import { type ReactNode, useEffect } from 'react';

interface PageHeaderProps {
  title: string;
  /** One or two sentences under the title: what this page is for. */
  description?: ReactNode;
  /** Buttons on the right (below the title on a phone). */
  actions?: ReactNode;
  /** A small line above the title, e.g. a link back. */
  eyebrow?: ReactNode;
}

/** The page's h1, its purpose and its main actions; also names the browser tab. */
export function PageHeader({ title, description, actions, eyebrow }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} · Flowgate Studio`;
  }, [title]);
  return (
    <header className="page-header">
      <div className="page-header-text">
        {eyebrow ? <div className="page-eyebrow">{eyebrow}</div> : null}
        <h1>{title}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}
