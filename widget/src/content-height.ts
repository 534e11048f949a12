import { widgetMaxHeightPx } from '../../protocol/widget-frame-size.ts';

/**
 * The height the widget's content needs, CSS px: what the root's children take, plus what
 * each step's scrolling body hides (it scrolls when the frame is shorter than its step), plus
 * the root's own padding. Rounded up, so the frame never scrolls for a fraction of a pixel.
 */
export function contentHeight(root: HTMLElement): number {
  const style = getComputedStyle(root);
  let height = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  for (const child of root.children) height += (child as HTMLElement).offsetHeight;
  for (const body of root.querySelectorAll('.ctc-body'))
    height += body.scrollHeight - body.clientHeight;
  return Math.min(Math.ceil(height), widgetMaxHeightPx);
}

/**
 * Tells `report` the content's height now and whenever it changes: a step replaced, a part of
 * it shown or hidden (details, an error, the call's warnings). Each step's content is watched
 * rather than its scrolling body, whose own size the frame fixes.
 */
export function followContentHeight(root: HTMLElement, report: (height: number) => void): void {
  let last = -1;
  const measure = () => {
    const height = contentHeight(root);
    if (height !== last) report((last = height));
  };
  const sizes = new ResizeObserver(measure);
  const watch = () => {
    sizes.disconnect();
    for (const part of root.querySelectorAll(':scope > *, .ctc-content')) sizes.observe(part);
    measure();
  };
  new MutationObserver(watch).observe(root, { childList: true, subtree: true });
  watch();
}
