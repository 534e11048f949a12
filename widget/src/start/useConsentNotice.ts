import { useState } from 'preact/hooks';
import type {
  ConsentAcceptance,
  PublicConsentNotice,
} from '../../../protocol/api/consent-notice.ts';

export interface ConsentNoticeState {
  /** The notice in the visitor's language, when the site has one. */
  shown?: { text: string; sha256: string };
  /** Nothing to accept, or this very text accepted: the visitor may call. */
  accepted: boolean;
  setAccepted(accepted: boolean): void;
  /** What the call request says was accepted (the API records it with the call). */
  acceptance?: ConsentAcceptance;
  /** The notice was replaced by a newer one (`renew`) that is not accepted yet: say why. */
  renewed: boolean;
  /**
   * The site's notice as it is now, after the API refused a call for the one accepted: it
   * must be accepted afresh, even if only its version changed.
   */
  renew(notice: PublicConsentNotice | undefined): void;
}

/**
 * The site's notice the visitor must accept before calling. An acceptance holds for the text
 * accepted: another language's text (the visitor switched) must be accepted again.
 */
export function useConsentNotice(
  initial: PublicConsentNotice | undefined,
  language: string,
): ConsentNoticeState {
  const [acceptedSha256, setAcceptedSha256] = useState<string | undefined>(undefined);
  const [renewal, setRenewal] = useState<{ notice?: PublicConsentNotice } | undefined>(undefined);
  const notice = renewal ? renewal.notice : initial;
  const shown =
    notice && Object.hasOwn(notice.texts, language) ? notice.texts[language] : undefined;
  const accepted = !shown || acceptedSha256 === shown.sha256;
  return {
    ...(shown ? { shown } : {}),
    accepted,
    setAccepted: (yes) => setAcceptedSha256(yes ? shown?.sha256 : undefined),
    ...(notice && shown && accepted
      ? { acceptance: { version: notice.version, language, textSha256: shown.sha256 } }
      : {}),
    renewed: !!renewal && !accepted,
    renew: (fresh) => {
      setAcceptedSha256(undefined);
      setRenewal(fresh ? { notice: fresh } : {});
    },
  };
}
