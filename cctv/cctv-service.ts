import { Camera, CctvIncident, type IncidentSource } from '../models';
import { NotFoundError, ValidationError } from '../core/errors';
import type { AppealService } from '../appeals/appeal-service';
import type { Actor } from '../appeals/actor';
import { DESCRIPTION_MAX } from '../appeals/context';

export interface CameraInput {
  name: string;
  place: string;
  streamUrl?: string | null;
  active?: boolean;
}

export interface IncidentInput {
  cameraId: number;
  /** A category code of the classifier. */
  type: string;
  description: string;
  seenAt: Date;
  snapshotUrl?: string | null;
}

export function cameraView(c: Camera) {
  return { id: c.id, name: c.name, place: c.place, streamUrl: c.streamUrl ?? null, active: c.active, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

export function incidentView(i: CctvIncident, appeal: { number: string; emergency: boolean }) {
  return {
    id: i.id, cameraId: i.cameraId, type: i.type, description: i.description, seenAt: i.seenAt.toISOString(),
    snapshotUrl: i.snapshotUrl ?? null, source: i.source, createdByUserId: i.createdByUserId ?? null,
    appeal: { id: i.appealId, number: appeal.number, emergency: appeal.emergency },
  };
}

/** The camera registry and incidents seen on cameras, which become appeals with channel `cctv`. */
export class CctvService {
  constructor(private readonly appeals: AppealService) {}

  async listCameras(filter: { active?: boolean } = {}) {
    const rows = await Camera.findAll({ where: filter.active === undefined ? {} : { active: filter.active }, order: [['name', 'ASC'], ['id', 'ASC']] });
    return rows.map(cameraView);
  }

  async getCamera(id: number) {
    return cameraView(await this.camera(id));
  }

  async createCamera(input: CameraInput) {
    return cameraView(await Camera.create({ name: input.name.trim(), place: input.place.trim(), streamUrl: input.streamUrl ?? null, active: input.active ?? true }));
  }

  async updateCamera(id: number, patch: Partial<CameraInput>) {
    const camera = await this.camera(id);
    await camera.update({
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.place !== undefined ? { place: patch.place.trim() } : {}),
      ...(patch.streamUrl !== undefined ? { streamUrl: patch.streamUrl } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    });
    return cameraView(camera);
  }

  /**
   * Registers an incident as an appeal (channel `cctv`, no applicant, the camera's place as the
   * address) and links it. An emergency category makes the domain emit `appeal.emergency`, which
   * alerts the executor's organization and the dispatchers at once.
   */
  async registerIncident(actor: Actor, source: IncidentSource, input: IncidentInput) {
    const camera = await Camera.findOne({ where: { id: input.cameraId, active: true } });
    if (!camera) throw new ValidationError('unknown_camera', 'Такої активної камери немає', [{ field: 'cameraId', message: 'Такої активної камери немає' }]);
    const text = `Камера «${camera.name}»: ${input.description.trim()}`.slice(0, DESCRIPTION_MAX);
    let incident: CctvIncident | null = null;
    // The incident and its appeal commit together: no appeal without its incident, nor the reverse.
    const appeal = await this.appeals.register(actor, {
      channel: 'cctv', categoryCode: input.type, address: camera.place, description: text,
      recordWith: async (created, transaction) => {
        incident = await CctvIncident.create(
          {
            cameraId: camera.id, type: input.type, description: input.description.trim(), seenAt: input.seenAt,
            snapshotUrl: input.snapshotUrl ?? null, appealId: created.id, source,
            createdByUserId: actor.kind === 'user' ? actor.userId : null,
          },
          { transaction },
        );
      },
    });
    if (!incident) throw new Error('the incident was not recorded with its appeal');
    return incidentView(incident, appeal);
  }

  private async camera(id: number): Promise<Camera> {
    const camera = await Camera.findByPk(id);
    if (!camera) throw new NotFoundError('camera_not_found', 'Такої камери немає');
    return camera;
  }
}
