import { z } from 'zod';
import { Appeal } from '../../models';
import { NotFoundError } from '../../core/errors';
import { assertCanSee, appealNotFound } from '../../appeals/access';
import { auditApplicantRead, auditRead } from '../../appeals/audit';
import { listPhotos, photoOf } from '../../public-site/photos';
import { WebAppeals } from '../../public-site/web-appeals';
import { route } from '../route-table';

// Those who handle appeals; an executor only its own (assertCanSee answers 404 for others').
const STAFF = ['dispatcher', 'head', 'executor'] as const;
const params = z.object({ id: z.coerce.number().int().positive() });

async function visibleAppeal(actor: Parameters<typeof assertCanSee>[0], id: number): Promise<Appeal> {
  const appeal = await Appeal.findByPk(id);
  if (!appeal) throw appealNotFound();
  assertCanSee(actor, appeal);
  return appeal;
}

/** Residents' photos (and the e-mail left with a web appeal) for the staff who handle the appeal; every read audited. */
export function appealPhotoRoutes() {
  return [
    route({
      method: 'get', path: '/api/appeals/:id/photos', tag: 'appeals', roles: STAFF,
      summary: 'The photos residents sent with an appeal (without their bytes), and the e-mail of a web appeal',
      params,
      handler: async ({ params, actor }) => {
        const appeal = await visibleAppeal(actor, params.id);
        const email = await WebAppeals.email(appeal.id);
        if (email && appeal.applicantId) await auditApplicantRead(actor, [appeal.applicantId], `web appeal e-mail ${appeal.number}`);
        const items = await listPhotos(appeal.id);
        return { items: items.map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), url: `/api/appeals/${appeal.id}/photos/${p.id}` })), email };
      },
    }),
    route({
      method: 'get', path: '/api/appeals/:id/photos/:photoId', tag: 'appeals', roles: STAFF,
      summary: 'One photo (image/jpeg, resized, without metadata); the read is audited',
      params: params.extend({ photoId: z.coerce.number().int().positive() }),
      handler: async ({ params, actor, res }) => {
        const appeal = await visibleAppeal(actor, params.id);
        const photo = await photoOf(appeal.id, params.photoId);
        if (!photo) throw new NotFoundError('photo_not_found', 'Такого фото немає');
        await auditRead(actor, 'read_photo', 'appeal_photo', [photo.id], `appeal ${appeal.number}`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.status(200).type(photo.mime).send(photo.content);
      },
    }),
  ];
}
