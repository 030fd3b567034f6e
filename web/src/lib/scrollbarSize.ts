/**
 * Stands in for @rc-component/util's getScrollBarSize (web/vite.config.ts points its imports here).
 * The original measures on every call: it reads the element's computed style, inserts a <style>,
 * appends a scrolling box, reads its offsetWidth and removes both, i.e. a forced style recalc and
 * layout of the whole page, and a second one after. antd's Table calls it in a layout effect of
 * every table it mounts (for fixed headers, which no console table has), so a page with three
 * tables laid itself out three extra times before its first paint (issue #12 item 10).
 * Here the width is measured once per kind of box (its class names and scrollbar styles) and
 * remembered; a <style> is inserted only when the box styles `::-webkit-scrollbar`. The page body
 * (a modal locking the page's scroll) is measured every time, as before.
 */
export interface ScrollBarSize { width: number; height: number }

let plain: ScrollBarSize | undefined;
const byKind = new Map<string, ScrollBarSize>();

function measure(ele?: Element): ScrollBarSize {
  const box = document.createElement('div');
  const id = `rc-scrollbar-measure-${Math.random().toString(36).substring(7)}`;
  box.id = id;
  Object.assign(box.style, { position: 'absolute', left: '0', top: '0', width: '100px', height: '100px', overflow: 'scroll' });
  let style: HTMLStyleElement | undefined;
  if (ele) {
    const own = getComputedStyle(ele);
    box.style.scrollbarColor = own.scrollbarColor;
    box.style.scrollbarWidth = own.scrollbarWidth;
    const webkit = getComputedStyle(ele, '::-webkit-scrollbar');
    const width = parseInt(webkit.width, 10);
    const height = parseInt(webkit.height, 10);
    if (width || height) {
      style = document.createElement('style');
      style.textContent = `#${id}::-webkit-scrollbar {${width ? `width: ${webkit.width};` : ''}${height ? `height: ${webkit.height};` : ''}}`;
      document.head.appendChild(style);
    }
  }
  document.body.appendChild(box);
  const size = { width: box.offsetWidth - box.clientWidth, height: box.offsetHeight - box.clientHeight };
  box.remove();
  style?.remove();
  return size;
}

/** The browser's plain scrollbar width (`fresh`: measured again). */
export default function getScrollBarSize(fresh?: boolean): number {
  if (typeof document === 'undefined') return 0;
  if (fresh || plain === undefined) plain = measure();
  return plain.width;
}

/** The scrollbar size of boxes like `target`: measured for the first of its kind, then remembered. */
export function getTargetScrollBarSize(target: unknown): ScrollBarSize {
  if (typeof document === 'undefined' || !(target instanceof Element)) return { width: 0, height: 0 };
  if (target === document.body || target === document.documentElement) return measure(target);
  const kind = target.className;
  let size = byKind.get(kind);
  if (!size) byKind.set(kind, (size = measure(target)));
  return size;
}
