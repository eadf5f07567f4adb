// The translator preview's one script: a button copies the text of the element its
// `data-copy` names (the English file to start a translation from) and says so.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (!source) return;
  let copied = false;
  try {
    await navigator.clipboard.writeText(source.textContent);
    copied = true;
  } catch {
    // Without the clipboard API (an older browser, no permission): select the text instead.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    copied = document.execCommand('copy');
  }
  if (status) status.textContent = copied ? button.dataset.done : button.dataset.failed;
});
// The status index refreshes itself while the translations are being checked.
const refresh = document.querySelector('[data-refresh]');
if (refresh) setTimeout(() => location.reload(), Number(refresh.dataset.refresh) || 2000);
