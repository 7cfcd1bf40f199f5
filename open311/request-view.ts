import type { Appeal, Category, Organization } from '../models';
import type { AppealStatus } from '../models/appeal';
import { STATUS_NAMES } from '../appeals/state-machine';

export type PublishedAppeal = Appeal & { category?: Category | null; executor?: Organization | null };

/**
 * GeoReport knows two states. A request stays open while work is owed or the applicant has not yet
 * confirmed it (a 'done' appeal may still come back for rework); it is closed once confirmed,
 * rejected or merged into another.
 */
const CLOSED: readonly AppealStatus[] = ['confirmed', 'rejected', 'duplicate'];

export function open311Status(status: AppealStatus): 'open' | 'closed' {
  return CLOSED.includes(status) ? 'closed' : 'open';
}

export function statusesFor(open311: 'open' | 'closed'): AppealStatus[] {
  return (Object.keys(STATUS_NAMES) as AppealStatus[]).filter((s) => open311Status(s) === open311);
}

function statusNotes(a: Appeal): string {
  const name = STATUS_NAMES[a.status];
  return a.status === 'rejected' && a.rejectionReason ? `${name}: ${a.rejectionReason}` : name;
}

/**
 * One service request as GET requests shows it to anyone. It carries no personal data: nothing of
 * the applicant (name, phone, email) is read or written here.
 */
export function requestView(a: PublishedAppeal) {
  return {
    service_request_id: a.number,
    status: open311Status(a.status),
    status_notes: statusNotes(a),
    service_name: a.category?.name ?? null,
    service_code: a.category?.code ?? null,
    // Optional when filed: an empty one reads back as none.
    description: a.description || null,
    agency_responsible: a.executor?.name ?? null,
    service_notice: null,
    requested_datetime: a.registeredAt.toISOString(),
    updated_datetime: a.updatedAt.toISOString(),
    expected_datetime: a.deadlineAt.toISOString(),
    address: a.address,
    address_id: a.addressId ?? null,
    zipcode: null,
    lat: a.latitude ?? null,
    long: a.longitude ?? null,
    media_url: a.mediaUrl ?? null,
  };
}
