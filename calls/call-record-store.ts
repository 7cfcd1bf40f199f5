import { Applicant, Call, CallAppeal, User } from '../models';
import type { Sequelize } from 'sequelize';
import { tryNormalizePhone } from '../appeals/phone';
import { CallRecord, dispositionOf } from './call-record';

/**
 * Writes call records. A save is an upsert keyed by the channel's uniqueid, inside one
 * transaction, so writing the same record twice (a retry after a lost answer) changes nothing.
 */
export class CallRecordStore {
  constructor(
    private readonly db: Sequelize,
    private readonly phoneRegion: string,
  ) {}

  async save(r: CallRecord): Promise<number> {
    return this.db.transaction(async (transaction) => {
      const caller = r.callerNumber ? tryNormalizePhone(r.callerNumber, this.phoneRegion) : null;
      // An outbound call (a verification callback) is about the resident it called.
      const party = r.direction === 'outbound' ? (r.calledNumber ? tryNormalizePhone(r.calledNumber, this.phoneRegion) : null) : caller;
      const applicant = party ? await Applicant.findOne({ where: { phone: party }, attributes: ['id'], transaction }) : null;
      const dispatcher = r.agentInterface
        ? await User.findOne({ where: { queueInterface: r.agentInterface }, attributes: ['id'], transaction })
        : null;
      const existing = await Call.findOne({ where: { uniqueid: r.uniqueid }, transaction, lock: transaction.LOCK.UPDATE });
      // A record may be partial (a late AMI event for a call already written): only what it
      // knows is written, and what became of the call is judged on the facts of both.
      const facts = {
        ...r,
        agentConnected: r.agentConnected || existing?.disposition === 'answered',
        queueJoinedAt: r.queueJoinedAt ?? existing?.queueJoinedAt ?? null,
        endedAt: r.endedAt ?? existing?.endedAt ?? null,
        failed: r.failed || existing?.disposition === 'failed',
      };
      const fields = definedOnly({
        linkedid: r.linkedid,
        direction: r.direction,
        purpose: r.purpose,
        callerNumber: caller ?? r.callerNumber,
        calledNumber: r.calledNumber,
        applicantId: applicant?.id,
        startedAt: r.startedAt,
        answeredAt: r.answeredAt,
        endedAt: r.endedAt,
        ivrPath: r.ivrPath.length ? r.ivrPath.map((p) => ({ ...p })) : undefined,
        queue: r.queue,
        queueJoinedAt: r.queueJoinedAt,
        waitSeconds: r.waitSeconds,
        agentInterface: r.agentInterface,
        dispatcherUserId: dispatcher?.id,
        talkSeconds: r.talkSeconds,
        disposition: dispositionOf(facts),
        hangupCause: r.hangupCause,
        hangupCauseText: r.hangupCauseText,
      });
      const call = existing
        ? await existing.update(fields, { transaction })
        : await Call.create({ uniqueid: r.uniqueid, direction: 'inbound', startedAt: r.startedAt ?? r.queueJoinedAt ?? r.endedAt ?? new Date(), ...fields }, { transaction });
      for (const link of r.appealLinks) {
        const known = await CallAppeal.findOne({ where: { callId: call.id, appealId: link.appealId }, transaction });
        if (!known) await CallAppeal.create({ callId: call.id, appealId: link.appealId, relation: link.relation }, { transaction });
      }
      return call.id;
    });
  }
}

function definedOnly<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
