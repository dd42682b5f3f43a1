/** Copies `text` and says so on the button; a browser that refuses (no permission, no HTTPS) gets told how instead. */
export async function copyWithFeedback(text: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed: select the text and copy it';
  }
}
