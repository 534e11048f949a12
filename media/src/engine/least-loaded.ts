/**
 * The live slot carrying the least load (`undefined` slots are workers being replaced). Ties
 * go to the lowest index: a quiet gateway keeps using its first worker rather than waking all.
 */
export function leastLoaded<Slot>(
  slots: readonly (Slot | undefined)[],
  load: (slot: Slot) => number,
): Slot | undefined {
  let best: Slot | undefined;
  for (const slot of slots) {
    if (slot !== undefined && (best === undefined || load(slot) < load(best))) best = slot;
  }
  return best;
}
