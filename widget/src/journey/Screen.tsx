import type { ComponentChildren } from 'preact';
import { useTitleFocus } from './use-title-focus.ts';

/**
 * The header's colour, as on the seeds: the site's own colour to welcome and to part, one
 * for the checks before the call (captcha, connection, sound), one for the call itself.
 * Each is a CSS custom property with its text colour (widget.css).
 */
export type StepTone = 'brand' | 'check' | 'call';

export interface ScreenProps {
  title: string;
  testId: string;
  /**
   * The header's icon beside the title, a 24 x 24 SVG path (step-icons.ts); decorative: the
   * title says it all.
   */
  icon?: string;
  tone?: StepTone;
  /** Move focus to the title when shown, so keyboard and screen reader users land on it. */
  focus?: boolean;
  /** More classes for the step's own layout. */
  class?: string;
  /** The step's phase, for its styles and for tests (`data-phase`). */
  phase?: string;
  children: ComponentChildren;
  /**
   * The step's main actions. Docked under the content, which scrolls above them when the
   * frame is short (a phone, 400 % zoom), so they are always in view and never cover it.
   */
  dock?: ComponentChildren;
}

/**
 * One step of the journey: a titled region under a coloured header whose title takes focus
 * when the step begins.
 */
export function Screen({
  title,
  testId,
  icon,
  tone = 'brand',
  focus = true,
  children,
  dock,
  ...props
}: ScreenProps) {
  const heading = useTitleFocus(focus);
  const id = `${testId}-title`;
  return (
    <section
      class={props.class ? `ctc-screen ${props.class}` : 'ctc-screen'}
      aria-labelledby={id}
      data-testid={testId}
      data-phase={props.phase}
    >
      <div class={`ctc-step-header ctc-tone-${tone}`} data-testid="step-header">
        {icon && (
          <svg class="ctc-step-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={icon} fill-rule="evenodd" />
          </svg>
        )}
        <h1 id={id} tabIndex={-1} ref={heading}>
          {title}
        </h1>
      </div>
      {/* The body scrolls; its content keeps its own height, which the frame is sized to. */}
      <div class="ctc-body">
        <div class="ctc-content">{children}</div>
      </div>
      {dock && <div class="ctc-actions ctc-dock">{dock}</div>}
    </section>
  );
}
