import { Applicant, Call, CallAppeal, User } from '../models';
import type { Sequelize, Transaction, CreationAttributes } from 'sequelize';
import { emptyCallRow, lockCallRows, writeCallRows, type CallRow as Row } from './call-rows';
import { interfaceKey } from '../models/database';
import { tryNormalizePhone } from '../appeals/phone';
import { claimTransactionOptions } from '../jobs/row-claims';
import { CallRecord, IvrPathEntry, dispositionOf } from './call-record';
import type { CallRecordWrite, CallRecordWriter, WrittenCall } from './call-recorder';

interface Plan {
  w: CallRecordWrite;
  /** The phone whose applicant the call is about (the caller, or whom an outbound call called). */
  party: string | null;
  caller: string | null;
  applicant?: { phone: string; id: number | null };
  dispatcher?: { agentInterface: string; id: number | null };
}

/**
 * Writes call records in batches: one transaction per batch, and a fixed number of statements
 * however many records it holds. Each record is an upsert keyed by the channel's uniqueid, so
 * writing the same record twice (a retry after a lost answer) changes nothing.
 */
export class CallRecordStore implements CallRecordWriter {
  /** An interface as the database compares it (MySQL: without case), as the single look-up did. */
  private readonly keyOf: (iface: string) => string;

  constructor(
    private readonly db: Sequelize,
    private readonly phoneRegion: string,
  ) {
    this.keyOf = interfaceKey(db);
    // The rows' dates are written in UTC (call-rows.ts), as the database is opened.
    if ((db as unknown as { options: { timezone?: string } }).options.timezone !== '+00:00') throw new Error('call records need the database opened in UTC (timezone +00:00)');
  }

  async saveMany(writes: readonly CallRecordWrite[]): Promise<Map<string, WrittenCall>> {
    if (writes.length === 0) return new Map();
    // READ COMMITTED on MySQL: the locking read of uniqueids not yet in the table takes no gap
    // locks. Under REPEATABLE READ two instances inserting even different new calls deadlock, as
    // uniqueids grow and all land in the gap at the end of the index (seen in most rounds of two
    // concurrent 40-call batches on MariaDB; none under READ COMMITTED). A uniqueid both insert
    // at once makes the second fail on the unique key, and its retry merges with the first's row.
    return this.db.transaction(claimTransactionOptions(this.db), async (transaction) => {
      const plans = writes.map((w) => this.plan(w));
      // Looked up before the calls are locked, to hold the locks briefly.
      await this.resolveApplicants(plans, transaction);
      await this.resolveDispatchers(plans, transaction);
      const uniqueids = plans.map((p) => p.w.record.uniqueid);
      const existing = new Map((await lockCallRows(uniqueids, transaction)).map((c) => [c.uniqueid, c]));

      const now = new Date();
      const updates: Row[] = [];
      const inserts: Row[] = [];
      for (const p of plans) {
        const old = existing.get(p.w.record.uniqueid);
        const fields = this.fieldsOf(p, old);
        if (!old) {
          const r = p.w.record;
          // Object.assign, not a spread with columns after it: in Node 20's V8 that gives every row
          // a hidden class of its own (calls/call-record.ts, pathEntryAt).
          inserts.push(Object.assign({}, emptyCallRow(), { uniqueid: r.uniqueid, direction: 'inbound' as const, startedAt: r.startedAt ?? r.queueJoinedAt ?? r.endedAt ?? now }, fields, { createdAt: now, updatedAt: now }));
        } else if (changes(old, fields)) {
          // One statement has one column list: the row is written whole, the record's fields over
          // the values read under the lock.
          updates.push({ ...old, ...fields, updatedAt: now });
        }
      }
      // Rows that exist are written with their ids: an upsert without them would take a fresh
      // auto-increment value per row each time (burnt on the duplicate) on MySQL.
      if (updates.length) await writeCallRows(this.db, updates, { update: true, transaction });
      const ids = new Map([...existing].map(([u, c]) => [u, c.id!]));
      if (inserts.length) {
        // A plain insert: a row another instance wrote meanwhile fails it on the unique key, and
        // the retry merges with that row instead of overwriting it.
        await writeCallRows(this.db, inserts, { transaction });
        // Auto-increment ids of one insert need not be consecutive: read them back.
        const created = await Call.findAll({ where: { uniqueid: inserts.map((r) => r.uniqueid) }, attributes: ['id', 'uniqueid'], raw: true, transaction });
        for (const c of created) ids.set(c.uniqueid, c.id);
      }

      const links: Array<CreationAttributes<CallAppeal>> = [];
      for (const p of plans) {
        const callId = ids.get(p.w.record.uniqueid)!;
        const done = p.w.written?.callId === callId ? p.w.written.linkedAppealIds : [];
        for (const l of p.w.record.appealLinks) if (!done.includes(l.appealId)) links.push({ callId, appealId: l.appealId, relation: l.relation });
      }
      // A link made elsewhere (the appeal's registration, a dispatcher) stays as it is: the key is
      // (call, appeal). (MySQL's INSERT IGNORE also drops a link to an appeal that does not exist,
      // rather than holding every record back behind it.)
      if (links.length) await CallAppeal.bulkCreate(links, { ignoreDuplicates: true, transaction });

      return new Map(
        plans.map((p) => {
          const r = p.w.record;
          const written: WrittenCall = { callId: ids.get(r.uniqueid)!, applicant: p.applicant, dispatcher: p.dispatcher, linkedAppealIds: r.appealLinks.map((l) => l.appealId), ended: Boolean(r.endedAt) };
          return [r.uniqueid, written];
        }),
      );
    });
  }

  /** The phones of a record, and what an earlier write already resolved for them. */
  private plan(w: CallRecordWrite): Plan {
    const r = w.record;
    const caller = r.callerNumber ? tryNormalizePhone(r.callerNumber, this.phoneRegion) : null;
    // An outbound call (a verification callback) is about the resident it called.
    const party = r.direction === 'outbound' ? (r.calledNumber ? tryNormalizePhone(r.calledNumber, this.phoneRegion) : null) : caller;
    const plan: Plan = { w, party, caller };
    const known = w.written;
    if (party && known?.applicant?.phone === party) {
      // Each phone is looked up once per call. A phone with no applicant is looked up again when
      // the call may have made one (it links an appeal not yet written: a registration) and once
      // more as its end is written, so a call that registered its caller's first appeal names them.
      const pendingLinks = r.appealLinks.some((l) => !known.linkedAppealIds.includes(l.appealId));
      const ending = Boolean(r.endedAt) && !known.ended;
      if (known.applicant.id !== null || !(pendingLinks || ending)) plan.applicant = known.applicant;
    }
    // A dispatcher's interface is looked up once per call, found or not.
    if (r.agentInterface && known?.dispatcher?.agentInterface === r.agentInterface) plan.dispatcher = known.dispatcher;
    return plan;
  }

  private async resolveApplicants(plans: Plan[], transaction: Transaction): Promise<void> {
    const wanted = plans.filter((p) => p.party && !p.applicant);
    if (!wanted.length) return;
    // Plain rows (here and below): two columns need no model instances.
    const found = await Applicant.findAll({ where: { phone: unique(wanted.map((p) => p.party!)) }, attributes: ['id', 'phone'], raw: true, transaction });
    const byPhone = new Map(found.map((a) => [a.phone, a.id]));
    for (const p of wanted) p.applicant = { phone: p.party!, id: byPhone.get(p.party!) ?? null };
  }

  private async resolveDispatchers(plans: Plan[], transaction: Transaction): Promise<void> {
    const wanted = plans.filter((p) => p.w.record.agentInterface && !p.dispatcher);
    if (!wanted.length) return;
    const found = await User.findAll({ where: { queueInterface: unique(wanted.map((p) => p.w.record.agentInterface!)) }, attributes: ['id', 'queueInterface'], order: [['id', 'ASC']], raw: true, transaction });
    const key = this.keyOf;
    const byInterface = new Map<string, number>();
    for (const u of found) if (u.queueInterface && !byInterface.has(key(u.queueInterface))) byInterface.set(key(u.queueInterface), u.id);
    for (const p of wanted) p.dispatcher = { agentInterface: p.w.record.agentInterface!, id: byInterface.get(key(p.w.record.agentInterface!)) ?? null };
  }

  /**
   * What the record sets. A record may be partial (a late AMI event for a call already written):
   * only what it knows is set, and what became of the call is judged on the facts of both.
   */
  private fieldsOf(p: Plan, existing: Row | undefined): Partial<Row> {
    const r = p.w.record;
    const facts: CallRecord = Object.assign({}, r, {
      agentConnected: r.agentConnected || existing?.disposition === 'answered',
      queueJoinedAt: r.queueJoinedAt ?? existing?.queueJoinedAt ?? null,
      endedAt: r.endedAt ?? existing?.endedAt ?? null,
      failed: r.failed || existing?.disposition === 'failed',
    });
    return definedOnly({
      linkedid: r.linkedid,
      direction: r.direction,
      purpose: r.purpose,
      callerNumber: p.caller ?? r.callerNumber,
      calledNumber: r.calledNumber,
      applicantId: p.applicant?.id ?? undefined,
      startedAt: r.startedAt,
      answeredAt: r.answeredAt,
      endedAt: r.endedAt,
      ivrPath: r.ivrPath.length ? joinedPath((existing?.ivrPath as IvrPathEntry[] | null | undefined) ?? [], r.ivrPath) : undefined,
      queue: r.queue,
      queueJoinedAt: r.queueJoinedAt,
      waitSeconds: r.waitSeconds,
      agentInterface: r.agentInterface,
      dispatcherUserId: p.dispatcher?.id ?? undefined,
      talkSeconds: r.talkSeconds,
      disposition: dispositionOf(facts),
      hangupCause: r.hangupCause,
      hangupCauseText: r.hangupCauseText,
    });
  }
}

/** Whether writing `fields` would change the row (as Sequelize's update() judges it, so an equal row is not written). */
function changes(row: Row, fields: Partial<Row>): boolean {
  return Object.entries(fields).some(([k, v]) => !same(row[k as keyof Row], v));
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/**
 * The path the row holds, then the record's steps it lacks. A record knows only the steps this
 * instance saw: one that takes over a call from an instance that died must add its own after
 * those the dead one wrote, not write over them. A step is known by all it says, counted, so a
 * step taken twice in one millisecond is kept twice.
 */
function joinedPath(written: readonly IvrPathEntry[], own: readonly IvrPathEntry[]): Array<Record<string, unknown>> {
  const key = (e: IvrPathEntry) => `${e.step}\u0000${e.key ?? ''}\u0000${e.outcome ?? ''}\u0000${e.at}`;
  const left = new Map<string, number>();
  for (const e of written) {
    const k = key(e);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  const added = own.filter((e) => {
    const k = key(e);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    return n === 0;
  });
  return [...written, ...added].map((e) => ({ ...e }));
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

function definedOnly<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
