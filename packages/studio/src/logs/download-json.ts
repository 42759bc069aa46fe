/** Saves a value as a pretty JSON file through the browser's download (no server round trip). */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by now; give the browser a moment before freeing the blob.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
