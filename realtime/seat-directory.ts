import { QueryTypes } from 'sequelize';
import { User } from '../models';
import { interfaceKey } from '../models/database';
import type { Clock } from '../core/clock';

/** Who takes the calls of a phone: an active dispatcher or head whose queue interface it is. */
export interface Seat {
  id: number;
}

/** Every phone's seat, by interface as `key` spells it. */
export interface Seats {
  byInterface: ReadonlyMap<string, Seat>;
  /** How an interface is looked up: as the database compares it (MySQL without case). */
  key: (iface: string) => string;
}

export interface SeatDirectoryOptions {
  read: () => Promise<Seats>;
  clock: Clock;
  /** How old the seats may be when a phone rings (default 10 s): a change made outside Kontakt reaches the pops within it. */
  maxAgeMs?: number;
}

/** Of several users at one interface, the lowest id, as a lookup of one interface would pick. */
const SEATS_SQL = "SELECT u.id, u.queue_interface AS iface FROM users u WHERE u.queue_interface IS NOT NULL AND u.active = 1 AND u.role IN ('dispatcher', 'head') ORDER BY u.id";

/** Reads every seat in one statement (a row per dispatcher: a few dozen). */
export async function readSeats(): Promise<Seats> {
  const db = User.sequelize!;
  const rows = await db.query<{ id: number | string; iface: string }>(SEATS_SQL, { type: QueryTypes.SELECT });
  const key = interfaceKey(db);
  const byInterface = new Map<string, Seat>();
  for (const r of rows) if (!byInterface.has(key(r.iface))) byInterface.set(key(r.iface), { id: Number(r.id) });
  return { byInterface, key };
}

/**
 * Who sits at which phone, for the screen-pop. Reading it at every ring cost a round trip to the
 * database (a wake-up of each side on a VM) at the one moment a dispatcher waits for the card;
 * the seats change only when someone signs in at another phone or an admin edits a user.
 *
 * The seats are read whole and read again when any user changes through Kontakt, here or on
 * another instance (`changed`), and when older than `maxAgeMs`, for a change made in the database
 * by hand. They are read ahead while a caller is on the way (`readAhead`), so a ring seldom waits.
 */
export class SeatDirectory {
  private seats: Seats | null = null;
  private readAt = -Infinity;
  private reading: { seats: Promise<Seats>; generation: number } | null = null;
  private generation = 0;
  private readonly maxAgeMs: number;

  constructor(private readonly o: SeatDirectoryOptions) {
    this.maxAgeMs = o.maxAgeMs ?? 10_000;
  }

  /** Who sits at this phone now; reads the seats first when they are stale. Rejects when they cannot be read. */
  async at(iface: string): Promise<Seat | null> {
    const seats = this.age() <= this.maxAgeMs ? this.seats! : await this.read();
    return seats.byInterface.get(seats.key(iface)) ?? null;
  }

  /** A caller is on the way to the phones: seats past half their age are read again now, not at the ring. */
  readAhead(): void {
    if (this.age() > this.maxAgeMs / 2) this.read().catch(() => undefined); // the ring reads again
  }

  /** A user changed: the seats read before may be wrong. */
  changed(): void {
    this.generation++;
    this.seats = null;
  }

  /** How old the seats are, ms (Infinity: none, or changed since). */
  private age(): number {
    return this.seats ? this.o.clock.now().getTime() - this.readAt : Infinity;
  }

  private read(): Promise<Seats> {
    if (this.reading?.generation === this.generation) return this.reading.seats;
    const generation = this.generation;
    const startedAt = this.o.clock.now().getTime();
    const seats = this.o.read().then((s) => {
      // A change while the read was on its way may not be in it: kept only if none came.
      if (generation === this.generation) {
        this.seats = s;
        this.readAt = startedAt;
      }
      return s;
    });
    const reading = { seats, generation };
    this.reading = reading;
    const done = () => {
      if (this.reading === reading) this.reading = null;
    };
    seats.then(done, done);
    return seats;
  }
}
