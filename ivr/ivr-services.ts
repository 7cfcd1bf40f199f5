/** What an IVR flow reads from the rest of Kontakt, injected by the composition root. */
export interface IvrServices {
  /** The Ukrainian announcement of active and upcoming (24 h) outages; '' when there are none. */
  outageAnnouncement(): Promise<string>;
  /** The status of the caller's latest open appeals, in Ukrainian; null when there are none or the caller is unknown. */
  appealStatus(callerE164: string | null): Promise<string | null>;
  /** Renders text to a media URI the PBX can play (`sound:http://...`); falls back to a generic prompt, never throws. */
  mediaFor(text: string): Promise<string>;
}
