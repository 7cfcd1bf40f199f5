import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Kontakt-Signature';
export const DELIVERY_HEADER = 'X-Kontakt-Delivery';

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the organization's webhook secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers (and tests): compares in constant time. */
export function verifySignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function generateWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}
