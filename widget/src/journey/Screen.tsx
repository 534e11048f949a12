import type { ComponentChildren } from 'preact';
import { useTitleFocus } from './use-title-focus.ts';

export interface ScreenProps {
  title: string;
  testId: string;
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

/** One step of the journey: a titled region whose title takes focus when the step begins. */
export function Screen({ title, testId, focus = true, children, dock, ...props }: ScreenProps) {
  const heading = useTitleFocus(focus);
  const id = `${testId}-title`;
  return (
    <section
      class={props.class ? `ctc-screen ${props.class}` : 'ctc-screen'}
      aria-labelledby={id}
      data-testid={testId}
      data-phase={props.phase}
    >
      <div class="ctc-body">
        <h1 id={id} tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {children}
      </div>
      {dock && <div class="ctc-actions ctc-dock">{dock}</div>}
    </section>
  );
}
