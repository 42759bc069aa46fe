/**
 * Copies text to the clipboard. Answers 'copied', or 'selected' when the browser refused (no clipboard
 * API outside a secure context, or permission denied): the text is then selected in `fallbackTarget`
 * so the person can press Ctrl+C / ⌘C.
 */
export async function copyText(text: string, fallbackTarget: Element | null): Promise<'copied' | 'selected'> {
  try {
    if (!navigator.clipboard) throw new Error('No clipboard API here.');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    if (fallbackTarget) selectAll(fallbackTarget);
    return 'selected';
  }
}

function selectAll(target: Element) {
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
    target.focus();
    target.select();
    return;
  }
  const selection = window.getSelection();
  if (!selection) return;
  const range = document.createRange();
  range.selectNodeContents(target);
  selection.removeAllRanges();
  selection.addRange(range);
}
