const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export interface KeypadProps {
  onDigit(digit: string): void;
  label: string;
}

/** The twelve DTMF keys, for queues that ask the visitor to press a number. */
export function Keypad({ onDigit, label }: KeypadProps) {
  return (
    <div class="ctc-keypad" role="group" aria-label={label} data-testid="call-keypad">
      {keys.map((key) => (
        <button
          type="button"
          key={key}
          data-testid={`call-key-${key}`}
          onClick={() => onDigit(key)}
        >
          {key}
        </button>
      ))}
    </div>
  );
}
