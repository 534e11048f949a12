/** "0:03": minutes and seconds of a clip, as audio players show them. */
export function formatClock(seconds: number): string {
  const whole = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * "0:01 / 0:03" for a clip `duration` seconds long, `position` seconds in. A recording stopped
 * after 3 s lasts 2.99 s or 3.01 s depending on where the audio blocks fell: the length is
 * rounded, the end shows as that length and no position shows past it: the end reads
 * "0:03 / 0:03".
 */
export function playbackText(position: number, duration: number): string {
  const length = Number.isFinite(duration) ? Math.round(duration) : 0;
  const at = position >= duration ? length : Math.min(position, length);
  return `${formatClock(at)} / ${formatClock(length)}`;
}
