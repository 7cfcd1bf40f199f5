/** An ARI error answer: status code and Asterisk's message, sent as {"message": ...}, with Asterisk's reason phrase where it is not the usual one. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export const channelNotFound = (): AriError => new AriError(404, 'Channel not found');
export const notInStasis = (): AriError => new AriError(409, 'Channel not in Stasis application');
