/**
 * The one rule for what a dispatcher's queue membership may name, used by the users API and by
 * presence alike. A member interface is what the queue dials: a device of any channel
 * technology, or a Local channel into the dialplan (FreePBX: `Local/101@from-queue/n`). A state
 * interface is the device whose state the queue follows for that member (a hint, a device,
 * `Custom:…`), given to Asterisk as QueueAdd's StateInterface.
 */
import { z } from 'zod';

const NAME = '[A-Za-z0-9_.+-]{1,64}';
const EXTEN = '[A-Za-z0-9_.+*#-]{1,40}';
const CONTEXT = '[A-Za-z0-9_.-]{1,60}';

const MEMBER = new RegExp(`^(?:(?:PJSIP|SIP|IAX2|DAHDI|Custom)\\/${NAME}|Local\\/${EXTEN}@${CONTEXT}(?:\\/[nbjm]{1,4})?)$`);
const STATE = new RegExp(`^(?:(?:PJSIP|SIP|IAX2|DAHDI)\\/${NAME}|Custom:${NAME}|hint:${EXTEN}@${CONTEXT}|Local\\/${EXTEN}@${CONTEXT})$`);

export const MEMBER_INTERFACE_HINT = 'PJSIP/101, IAX2/101 або Local/101@from-queue/n';
export const STATE_INTERFACE_HINT = 'hint:101@ext-local, PJSIP/101 або Custom:101';

export const memberInterfaceSchema = z.string().trim().regex(MEMBER, `Інтерфейс черги на зразок ${MEMBER_INTERFACE_HINT}`);
export const stateInterfaceSchema = z.string().trim().regex(STATE, `Стан телефону на зразок ${STATE_INTERFACE_HINT}`);

export const isMemberInterface = (s: string): boolean => MEMBER.test(s);
export const isStateInterface = (s: string): boolean => STATE.test(s);
