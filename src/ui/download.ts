/** Save a file from the page (run files, action logs, CSV, cleaned scripts), and print the report. */
export function downloadText(name: string, text: string, type: string): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadJson(name: string, data: unknown): void {
  downloadText(name, JSON.stringify(data, null, 1) + '\n', 'application/json');
}

/** Print the report: every criterion's details open while printing, as they were afterwards. */
export function printReport(): void {
  const closed = [...document.querySelectorAll<HTMLDetailsElement>('details:not([open])')];
  for (const d of closed) d.open = true;
  const restore = () => {
    for (const d of closed) d.open = false;
    window.removeEventListener('afterprint', restore);
  };
  window.addEventListener('afterprint', restore);
  window.print();
}
