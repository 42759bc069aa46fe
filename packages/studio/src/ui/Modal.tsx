import { type ReactNode, useEffect, useId, useRef } from 'react';

interface ModalProps {
  open: boolean;
  title: string;
  /** Called when the dialog closes by Escape, the close button or the caller's own buttons. */
  onClose(): void;
  children: ReactNode;
  /** Buttons at the bottom, right-aligned. */
  footer?: ReactNode;
  size?: 'small' | 'medium' | 'large';
}

/**
 * A modal `<dialog>`: showModal() makes the rest of the page inert (focus stays inside), Escape closes
 * it, and focus goes back to what had it before (usually the button that opened it). The children are
 * mounted only while open, so a form inside starts fresh each time. The first focus goes to the
 * element marked `data-autofocus`, else the first control of the body (not the close button).
 */
export function Modal({ open, title, onClose, children, footer, size = 'medium' }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
      initialFocus(element)?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const closed = () => {
      const previous = opener.current;
      opener.current = null;
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
      onCloseRef.current();
    };
    element.addEventListener('close', closed);
    return () => element.removeEventListener('close', closed);
  }, []);

  return (
    <dialog ref={dialog} className={`modal modal-${size}`} aria-labelledby={titleId}>
      {open ? (
        <div className="modal-frame">
          <header className="modal-header">
            <h2 id={titleId}>{title}</h2>
            <button
              type="button"
              className="icon-button"
              aria-label="Close"
              onClick={() => dialog.current?.close()}
            >
              ×
            </button>
          </header>
          <div className="modal-body">{children}</div>
          {footer ? <footer className="modal-footer">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}

/**
 * React's autoFocus runs while the dialog is still closed (its children mount before showModal), so
 * the dialog picks the first focus itself.
 */
function initialFocus(dialog: HTMLDialogElement): HTMLElement | null {
  return (
    dialog.querySelector<HTMLElement>('[data-autofocus]') ??
    dialog.querySelector<HTMLElement>(
      '.modal-body :is(input, select, textarea, button, [tabindex="0"]):not([disabled]), .modal-footer button:not([disabled])',
    )
  );
}
