import type { FallbackPhone } from '../../../protocol/api/public-site-config.ts';
import { regionName } from '../journey/display-names.ts';
import { phoneAsShown } from './phone-as-shown.ts';

export interface FallbackNumbersProps {
  phones: FallbackPhone[];
  /** The visitor's country: its number comes first, in its national form. */
  country: string;
  language: string;
  lead: string;
  internationalNumbers: string;
}

/** "or call us from (713) 929-3714", with every country's number one click away. */
export function FallbackNumbers(props: FallbackNumbersProps) {
  const { phones, country } = props;
  const first = phones.find((phone) => phone.country === country) ?? phones[0];
  if (!first) return null;
  return (
    <div class="ctc-fallback" data-testid="fallback-numbers">
      <p>
        {props.lead}{' '}
        <a href={`tel:${first.e164}`} data-testid="fallback-number">
          {phoneAsShown(first, country)}
        </a>
      </p>
      <details>
        <summary>{props.internationalNumbers}</summary>
        <ul>
          {phones.map((phone) => (
            <li key={phone.country}>
              {regionName(phone.country, props.language)}:{' '}
              <a href={`tel:${phone.e164}`}>{phone.international}</a>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
