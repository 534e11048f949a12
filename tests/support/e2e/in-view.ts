import type { Frame, Page } from 'playwright-core';

/** Sub-pixel layout: a box may overhang its container by rounding. */
const roundingPx = 1;

export interface InViewReport {
  /** The widget's frame lies inside the page's viewport. */
  frameInViewport: boolean;
  /** The control lies inside the frame's visible area, without scrolling. */
  inFrame: boolean;
  /** Nothing covers the control's centre: a press there reaches it. */
  onTop: boolean;
  /** The widget scrolls only vertically (WCAG 1.4.10 Reflow). */
  noSidewaysScroll: boolean;
}

/**
 * Where the control `testId` of the widget in the loader's frame is, as the visitor sees the
 * page now (nothing is scrolled to find it): all true when it is in view and reachable.
 */
export async function inViewReport(
  page: Page,
  widget: Frame,
  testId: string,
): Promise<InViewReport> {
  const viewport = page.viewportSize()!;
  const frame = (await page.getByTestId('ctc-frame').boundingBox())!;
  const control = (await widget.getByTestId(testId).boundingBox())!;
  const within = (
    inner: { x: number; y: number; width: number; height: number },
    outer: { x: number; y: number; width: number; height: number },
  ) =>
    inner.x >= outer.x - roundingPx &&
    inner.y >= outer.y - roundingPx &&
    inner.x + inner.width <= outer.x + outer.width + roundingPx &&
    inner.y + inner.height <= outer.y + outer.height + roundingPx;
  const inside = await widget.getByTestId(testId).evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const root = document.documentElement;
    return {
      onTop: !!top && element.contains(top),
      noSidewaysScroll: root.scrollWidth <= root.clientWidth,
    };
  });
  return {
    frameInViewport: within(frame, { x: 0, y: 0, ...viewport }),
    inFrame: within(control, frame),
    ...inside,
  };
}

export const allInView: InViewReport = {
  frameInViewport: true,
  inFrame: true,
  onTop: true,
  noSidewaysScroll: true,
};
