/** What an IVR flow reads from the rest of Kontakt, injected by the composition root. */
export interface IvrServices {
  /** The Ukrainian announcement of active and upcoming (24 h) outages; '' when there are none. */
  outageAnnouncement(): Promise<string>;
  /** The status of the caller's latest open appeals, in Ukrainian; null when there are none or the caller is unknown. */
  appealStatus(callerE164: string | null): Promise<string | null>;
  /** Offers the caller notices for the address of their latest appeal: '' when none is known. */
  subscriptionOffer?(callerE164: string | null): Promise<string>;
  /** Subscribes the caller (consent given in call `callId`) to notices for that address or the whole city; says so, or '' when it could not. */
  subscribe?(callerE164: string | null, scope: 'address' | 'city', callId: string): Promise<string>;
  /** Renders text to a media URI the PBX can play (`sound:http://...`); falls back to a generic prompt, never throws. */
  mediaFor(text: string): Promise<string>;
}
