import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';

type ToastTone = 'ok' | 'danger' | 'info';

interface ToastMessage {
  id: number;
  text: string;
  tone: ToastTone;
}

interface ToastApi {
  /** Shows a short message for a few seconds; it is read out by screen readers. */
  show(text: string, tone?: ToastTone): void;
}

const ToastContext = createContext<ToastApi | null>(null);
const VISIBLE_MS = 4500;

/** Holds the page's status messages in one aria-live region (bottom right; full width on a phone). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => {
    setMessages((current) => current.filter((message) => message.id !== id));
  }, []);
  const show = useCallback(
    (text: string, tone: ToastTone = 'ok') => {
      const id = nextId.current++;
      setMessages((current) => [...current.slice(-2), { id, text, tone }]);
      window.setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {messages.map((message) => (
          <div key={message.id} className={`toast toast-${message.tone}`}>
            <span>{message.text}</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss message"
              onClick={() => dismiss(message.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const toast = useContext(ToastContext);
  if (!toast) throw new Error('useToast() is used outside <ToastProvider>.');
  return toast;
}
