/**
 * Accessible names the console's antd widgets do not give on their own, filled in for the whole
 * page (portals included) as it changes, so every page, present or to come, inherits them:
 * - a select or input with no label is named by its placeholder (filter bars have no labels);
 * - a progress bar is named by the text beside it (e.g. "35 / 200");
 * - a dialog (drawer, modal) with no title is named by its first heading or name;
 * - the hidden row antd tables use to measure columns is made inert (not focusable).
 * Pages can still give better names: an element that has one is left alone.
 */
import { useEffect } from 'react';

function named(el: Element): boolean {
  if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return true;
  const id = el.getAttribute('id');
  if (id && el.ownerDocument.querySelector(`label[for="${CSS.escape(id)}"]`)) return true;
  return el.closest('label') !== null;
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export function nameUnnamed(root: ParentNode): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('.ant-select input, input[placeholder], textarea[placeholder]')) {
    if (input.type === 'hidden' || named(input)) continue;
    const select = input.closest('.ant-select');
    const label = input.placeholder || text(select?.querySelector('.ant-select-placeholder, .ant-select-selection-placeholder'))
      || select?.getAttribute('data-placeholder') || '';
    if (label) input.setAttribute('aria-label', label);
    // Keep the placeholder's name once a value hides the placeholder.
    if (label && select) select.setAttribute('data-placeholder', label);
  }
  for (const bar of root.querySelectorAll('[role="progressbar"]')) {
    if (named(bar)) continue;
    const label = text(bar.parentElement) || (bar.getAttribute('aria-valuenow') ? `${bar.getAttribute('aria-valuenow')}%` : '');
    if (label) bar.setAttribute('aria-label', label);
  }
  for (const dialog of root.querySelectorAll('[role="dialog"], [role="alertdialog"]')) {
    if (named(dialog)) continue;
    const label = text(dialog.querySelector('h1, h2, h3, h4, h5, [data-testid$="-name"], .ant-drawer-title, .ant-modal-title'));
    if (label) dialog.setAttribute('aria-label', label);
  }
  for (const row of root.querySelectorAll('.ant-table-measure-row')) {
    if (!row.hasAttribute('inert')) row.setAttribute('inert', '');
  }
}

/** Runs nameUnnamed over the document now and after each change (once per frame at most). */
export function useAccessibleNames(): void {
  useEffect(() => {
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        nameUnnamed(document.body);
      });
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    schedule();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
}
