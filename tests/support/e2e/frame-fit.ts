import type { Frame, Page } from 'playwright-core';

/** The loader's bounds on the frame's height (embed/src/frame-part.ts), CSS px. */
const floorPx = 330;
const belowViewportPx = 88;
/** Sub-pixel layout and the frame's rounding. */
const roundingPx = 2;

export interface FrameFitReport {
  /** No part of the step is scrolled out of view, unless the viewport allows no taller frame. */
  nothingHidden: boolean;
  /** No empty band under the step, unless the frame is at its floor. */
  noEmptySpace: boolean;
}

/**
 * How the widget's frame fits its step, as the visitor sees it: all true when the panel is as
 * tall as its content (within the viewport), rather than a fixed height.
 */
export async function frameFitReport(page: Page, widget: Frame): Promise<FrameFitReport> {
  const viewport = page.viewportSize()!;
  const frame = (await page.getByTestId('ctc-frame').boundingBox())!;
  const inside = await widget.evaluate(() => {
    const root = document.getElementById('click-to-call')!;
    const hidden = [...root.querySelectorAll('.ctc-body')].some(
      (body) => body.scrollHeight > body.clientHeight + 1,
    );
    const bottom = Math.max(...[...root.children].map((c) => c.getBoundingClientRect().bottom));
    const padding = parseFloat(getComputedStyle(root).paddingBottom);
    return { hidden, emptyPx: innerHeight - padding - bottom };
  });
  const atCap = frame.height >= viewport.height - belowViewportPx - roundingPx;
  const atFloor = frame.height <= floorPx + roundingPx;
  return {
    nothingHidden: !inside.hidden || atCap,
    noEmptySpace: inside.emptyPx <= roundingPx || atFloor,
  };
}

export const fitsContent: FrameFitReport = { nothingHidden: true, noEmptySpace: true };
