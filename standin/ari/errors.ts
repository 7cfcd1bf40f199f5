/** An ARI error answer: status code and Asterisk's message, sent as {"message": ...}. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const channelNotFound = (): AriError => new AriError(404, 'Channel not found');
export const notInStasis = (): AriError => new AriError(409, 'Channel not in Stasis application');
