/**
 * Serves rendered prompts to Asterisk, which fetches `sound:http://…/prompts/<hash>.wav` into its
 * media cache. A hash names its audio for ever, so responses are cacheable without limit.
 */
import { Router } from 'express';
import { isPromptHash, PromptSource, PROMPT_ROUTE_PREFIX } from './prompt-store';

/** Asterisk's media URI for a prompt path: `sound:http://10.0.0.5:8080/prompts/<hash>.wav`. */
export function soundUri(publicBaseUrl: string, promptPath: string): string {
  return `sound:${publicBaseUrl.replace(/\/+$/, '')}${promptPath}`;
}

/** True when an If-None-Match header names this ETag (or is "*"); weak validators match too. */
function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** GET (and HEAD) /prompts/:hash.wav — mount at the application root. */
export function createPromptRouter(store: PromptSource): Router {
  const router = Router();
  router.get(`${PROMPT_ROUTE_PREFIX}/:file`, async (req, res, next) => {
    try {
      const match = /^([^.]*)\.wav$/.exec(req.params.file);
      const hash = match?.[1];
      if (!hash || !isPromptHash(hash)) {
        res.status(400).type('text/plain').send('malformed prompt id\n');
        return;
      }
      const wav = await store.get(hash);
      if (!wav) {
        res.status(404).type('text/plain').send('unknown prompt\n');
        return;
      }
      const etag = `"${hash}"`;
      res.set({
        ETag: etag,
        'Cache-Control': 'public, max-age=31536000, immutable',
      });
      if (matchesETag(req.get('If-None-Match'), etag)) {
        res.status(304).end();
        return;
      }
      res.set({ 'Content-Type': 'audio/wav', 'Content-Length': String(wav.length) });
      res.status(200).end(wav);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
