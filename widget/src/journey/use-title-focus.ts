import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * The ref for a step's title, which takes the focus as the step appears, so keyboard and
 * screen reader users land on it. A layout effect: focus moves in the same commit that shows
 * the step, never a frame later (a key pressed in between went to the page's body).
 */
export function useTitleFocus(enabled = true) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (enabled) heading.current?.focus();
  }, []);
  return heading;
}
