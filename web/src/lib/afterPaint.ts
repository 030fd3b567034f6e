/**
 * Work that can wait until the page's key figures are on screen (issue #12 item 10): a section
 * below them (a second chart, the actions card) renders in the task after the first paint instead
 * of in the same long task, so the figures the operator opened the page for show sooner.
 */
import { useEffect, useState } from 'react';

/** Runs `fn` once the next frame is painted (or after 300 ms, e.g. in a hidden tab); returns a cancel. */
export function afterNextPaint(fn: () => void): () => void {
  let done = false;
  const run = () => { if (!done) { done = true; fn(); } };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => { timer = setTimeout(run, 0); });
  const fallback = setTimeout(run, 300);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    clearTimeout(fallback);
  };
}

/** False in the first render of the component, true once the page has been painted after it. */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => afterNextPaint(() => setPainted(true)), []);
  return painted;
}
