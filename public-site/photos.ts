import type { Transaction } from 'sequelize';
import { AppealPhoto, PhotoSource } from '../models';
import { ValidationError } from '../core/errors';

/** At most this many photos per appeal, over the filing and every later addition. */
export const MAX_PHOTOS = 3;
/** The longest side of a stored photo: enough to see a pothole, small enough for a phone. */
export const MAX_SIDE = 1600;
// What phones and cameras send; SVG and other formats that can carry scripts or links are refused.
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'tiff', 'gif']);

export interface ProcessedPhoto {
  content: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

function unreadable(name: string): ValidationError {
  const message = `Файл «${name.slice(0, 80)}» не схожий на фотографію (підходять JPEG, PNG, WebP, HEIC)`;
  return new ValidationError('photo_unreadable', message, [{ field: 'photos', message }]);
}

/**
 * A resident's photo made safe to keep and show: turned upright by its EXIF orientation, scaled
 * to fit MAX_SIDE, and written again as a JPEG with no metadata at all: sharp writes none unless
 * asked, so GPS position, camera, time and thumbnails are gone.
 */
export async function processPhoto(input: Buffer, name: string): Promise<ProcessedPhoto> {
  // Loaded on the first photo: libvips is about 20 MB of a server that mostly answers calls.
  const { default: sharp } = await import('sharp');
  let format: string | undefined;
  try {
    format = (await sharp(input, { failOn: 'error' }).metadata()).format;
  } catch {
    throw unreadable(name);
  }
  if (!format || !ACCEPTED.has(format)) throw unreadable(name);
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 60_000_000, animated: false })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { content: data, mime: 'image/jpeg', width: info.width, height: info.height };
  } catch {
    throw unreadable(name);
  }
}

export async function storePhotos(appealId: number, photos: readonly ProcessedPhoto[], source: PhotoSource, now: Date, transaction?: Transaction): Promise<void> {
  if (photos.length === 0) return;
  await AppealPhoto.bulkCreate(
    photos.map((p) => ({ appealId, content: p.content, mime: p.mime, width: p.width, height: p.height, bytes: p.content.length, source, createdAt: now })),
    { transaction },
  );
}

export interface PhotoInfo {
  id: number;
  width: number;
  height: number;
  bytes: number;
  source: PhotoSource;
  createdAt: Date;
}

/** The appeal's photos without their bytes. */
export async function listPhotos(appealId: number): Promise<PhotoInfo[]> {
  const rows = await AppealPhoto.findAll({
    where: { appealId }, attributes: ['id', 'width', 'height', 'bytes', 'source', 'createdAt'], order: [['id', 'ASC']],
  });
  return rows.map((r) => ({ id: r.id, width: r.width, height: r.height, bytes: r.bytes, source: r.source, createdAt: r.createdAt }));
}

/** One photo of one appeal (null when the photo belongs to another appeal). */
export async function photoOf(appealId: number, photoId: number): Promise<AppealPhoto | null> {
  return AppealPhoto.findOne({ where: { id: photoId, appealId } });
}

export async function photoCount(appealId: number): Promise<number> {
  return AppealPhoto.count({ where: { appealId } });
}
