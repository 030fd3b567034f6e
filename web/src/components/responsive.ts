/**
 * Phone layout helpers shared by every page: whether the screen is phone-sized (the layout then
 * shows a bottom navigation and tables as cards), and the labels of table cells, copied from each
 * table's column titles into `data-label` so that a row shown as a card says what each value is.
 * Done once in the layout for every table, so pages need nothing of their own.
 */
import { useEffect, useState } from 'react';

export const PHONE_QUERY = '(max-width: 767px)';

export function usePhone(): boolean {
  const [phone, setPhone] = useState(() => typeof matchMedia === 'function' && matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    const query = matchMedia(PHONE_QUERY);
    const update = () => setPhone(query.matches);
    query.addEventListener('change', update);
    update();
    return () => query.removeEventListener('change', update);
  }, []);
  return phone;
}

function labelTables(root: HTMLElement): void {
  for (const table of root.querySelectorAll('table')) {
    const heads = [...table.querySelectorAll(':scope > thead > tr:last-child > th')].map((th) => (th.textContent ?? '').trim());
    if (heads.length === 0) continue;
    for (const row of table.querySelectorAll(':scope > tbody > tr')) {
      [...row.children].forEach((cell, i) => {
        const label = heads[i] ?? '';
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
      });
    }
  }
}

/**
 * Keeps `data-label` on the cells of every table under the element while `active`, and of the
 * tables in drawers, which antd renders outside the layout (in document.body): the body then
 * carries `qy-phone-body`, under which styles.css shows a drawer's tables as cards too.
 */
export function useTableCellLabels(ref: React.RefObject<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    if (!active || !ref.current) return;
    document.body.classList.add('qy-phone-body');
    return () => document.body.classList.remove('qy-phone-body');
  }, [ref, active]);
  useEffect(() => {
    const root = ref.current;
    if (!active || !root) return;
    const drawers = () => document.querySelectorAll<HTMLElement>('.ant-drawer');
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        labelTables(root);
        for (const drawer of drawers()) labelTables(drawer);
      });
    };
    // The whole body, not only the root: drawers are portals beside it.
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    schedule();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [ref, active]);
}
