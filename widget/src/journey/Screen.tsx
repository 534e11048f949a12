import type { ComponentChildren } from 'preact';
import { useTitleFocus } from './use-title-focus.ts';

export interface ScreenProps {
  title: string;
  testId: string;
  /** Move focus to the title when shown, so keyboard and screen reader users land on it. */
  focus?: boolean;
  children: ComponentChildren;
}

/** One step of the journey: a titled region whose title takes focus when the step begins. */
export function Screen({ title, testId, focus = true, children }: ScreenProps) {
  const heading = useTitleFocus(focus);
  const id = `${testId}-title`;
  return (
    <section class="ctc-screen" aria-labelledby={id} data-testid={testId}>
      <h1 id={id} tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </section>
  );
}
