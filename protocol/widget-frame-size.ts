// The bound on the frame height the widget may ask its loader for (embed-messages.ts's
// ctc:size). No zod here: the loader and the widget import it, and their bundles stay small.

/** The tallest frame a widget may ask for, CSS px: more than any step, less than abuse. */
export const widgetMaxHeightPx = 4000;
