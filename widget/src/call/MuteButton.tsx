export interface MuteButtonProps {
  muted: boolean;
  label: string;
  onToggle(): void;
}

/**
 * A toggle with one name ("Mute microphone") and its state in `aria-pressed`, which screen
 * readers say ("pressed"); seen as a filled button with the microphone struck through, so the
 * state shows by shape as well as by colour.
 */
export function MuteButton({ muted, label, onToggle }: MuteButtonProps) {
  return (
    <button
      type="button"
      class="ctc-toggle"
      aria-pressed={muted}
      data-testid="call-mute"
      onClick={onToggle}
    >
      <svg
        aria-hidden="true"
        width="20"
        height="20"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
      >
        <rect x="9" y="3" width="6" height="11" rx="3" />
        <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
        {muted && <path d="M4 3l16 18" data-testid="call-mute-struck" />}
      </svg>
      {label}
    </button>
  );
}
