import { z } from 'zod';
import {
  ANNOUNCEMENT_SOURCES, BUILT_IN_CONDITIONS, DTMF_KEYS, FlowDefinition, FlowStep, StepId,
} from './flow-types';

/**
 * Checks a flow when it is loaded: the shape of every step (zod), then the graph: every `next`
 * names an existing step, the start exists, keys are single DTMF keys, conditions are known,
 * every step is reachable from the start, and every step can still reach a transfer or a hangup
 * (a loop with no way out is a mistake, not a menu). All problems are listed at once.
 *
 * Unreachable steps are errors by default: flows are small and hand-written, and a step nothing
 * leads to is nearly always a mistyped `next`. Drafts may pass `unreachable: 'warn'`.
 */

export interface FlowCheckOptions {
  /** Condition names a branch may use, besides the built-in ones. */
  conditions?: readonly string[];
  unreachable?: 'error' | 'warn';
}

export interface FlowCheck {
  problems: string[];
  warnings: string[];
}

export class FlowValidationError extends Error {
  constructor(
    readonly flowName: string,
    readonly problems: readonly string[],
  ) {
    super(`IVR flow '${flowName}' is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FlowValidationError';
  }
}

const STEP_ID = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
const REASON = /^[a-z][a-z0-9_]{0,31}$/;
const DIALPLAN_NAME = /^[A-Za-z0-9_.+*#-]+$/;

const text = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
const stepRef = z.string().min(1, 'must name a step');
const timeout = z.number().int('must be a whole number of milliseconds').positive('must be positive');

const playSchema = z.strictObject({
  type: z.literal('play'),
  text,
  bargeIn: z.boolean().optional(),
  next: stepRef,
});
const announceSchema = z.strictObject({
  type: z.literal('announce'),
  source: z.enum(ANNOUNCEMENT_SOURCES),
  bargeIn: z.boolean().optional(),
  next: stepRef,
  emptyNext: stepRef.optional(),
});
const gatherSchema = z.strictObject({
  type: z.literal('gather'),
  prompt: text,
  maxDigits: z.literal(1),
  timeoutMs: timeout,
  options: z.record(z.string(), stepRef),
  invalidText: text,
  noInputText: text.optional(),
  maxFailures: z.number().int().min(1, 'must be at least 1'),
  onFailure: stepRef,
});
const branchSchema = z.strictObject({
  type: z.literal('branch'),
  condition: z.string().min(1),
  then: stepRef,
  else: stepRef,
});
const transferSchema = z.strictObject({
  type: z.literal('transfer'),
  text: text.optional(),
  target: z.strictObject({
    context: z.string().regex(DIALPLAN_NAME, 'must be a dialplan context name'),
    extension: z.string().regex(DIALPLAN_NAME, 'must be a dialplan extension'),
    priority: z.number().int().min(1, 'must be a dialplan priority (1 or more)'),
  }),
  priority: z.number().int().min(0, 'must be 0 or more').max(1000, 'must be at most 1000'),
  reason: z.string().regex(REASON, "must be a short code like 'emergency'"),
});
const hangupSchema = z.strictObject({
  type: z.literal('hangup'),
  text: text.optional(),
});
const stepSchema = z.discriminatedUnion('type', [
  playSchema, announceSchema, gatherSchema, branchSchema, transferSchema, hangupSchema,
]);
const flowSchema = z.strictObject({
  name: text,
  start: z.string().min(1, 'must name a step'),
  steps: z.record(z.string(), z.unknown()),
});

// The parsed shape must be usable as the hand-written types.
type Assignable<T extends U, U> = T;
export type CheckedStepShape = Assignable<z.infer<typeof stepSchema>, FlowStep>;

function describeIssues(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${where}${path ? `.${path}` : ''}: ${issue.message}`;
  });
}

/** Every outgoing edge of a step, labelled for messages ("key 1", "next", "onFailure"). */
function edgesOf(step: FlowStep): Array<[label: string, target: StepId]> {
  switch (step.type) {
    case 'play':
      return [['next', step.next]];
    case 'announce':
      return step.emptyNext === undefined ? [['next', step.next]] : [['next', step.next], ['emptyNext', step.emptyNext]];
    case 'gather':
      return [
        ...Object.entries(step.options).map(([key, target]): [string, StepId] => [`key ${key}`, target as StepId]),
        ['onFailure', step.onFailure],
      ];
    case 'branch':
      return [['then', step.then], ['else', step.else]];
    case 'transfer':
    case 'hangup':
      return [];
  }
}

/** Lists every problem of a flow without throwing. */
export function checkFlow(input: unknown, options: FlowCheckOptions = {}): FlowCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  const top = flowSchema.safeParse(input);
  if (!top.success) {
    problems.push(...describeIssues('flow', top.error));
    // Go on with whatever steps there are, so one run lists as much as it can.
  }
  const raw = (input && typeof input === 'object' ? input : {}) as { start?: unknown; steps?: unknown };
  const rawSteps = raw.steps && typeof raw.steps === 'object' ? (raw.steps as Record<string, unknown>) : {};
  const start = typeof raw.start === 'string' ? raw.start : undefined;

  const steps = new Map<StepId, FlowStep>();
  for (const [id, value] of Object.entries(rawSteps)) {
    if (!STEP_ID.test(id)) problems.push(`step '${id}': a step name must be letters, digits, '_' or '-', starting with a letter`);
    const parsed = stepSchema.safeParse(value);
    if (parsed.success) steps.set(id, parsed.data as FlowStep);
    else problems.push(...describeIssues(`step '${id}'`, parsed.error));
  }
  const allIds = new Set(Object.keys(rawSteps));
  if (allIds.size === 0) problems.push('flow has no steps');
  if (start !== undefined && !allIds.has(start)) problems.push(`start step '${start}' does not exist`);

  const knownConditions = new Set<string>([...BUILT_IN_CONDITIONS, ...(options.conditions ?? [])]);
  for (const [id, step] of steps) {
    for (const [label, target] of edgesOf(step)) {
      if (!allIds.has(target)) problems.push(`step '${id}': ${label} → '${target}' does not exist`);
    }
    if (step.type === 'gather') {
      if (Object.keys(step.options).length === 0) problems.push(`step '${id}': a menu needs at least one option`);
      for (const key of Object.keys(step.options)) {
        if (!(DTMF_KEYS as readonly string[]).includes(key)) {
          problems.push(`step '${id}': key '${key}' is not a single DTMF key (0-9, *, #)`);
        }
      }
    }
    if (step.type === 'branch' && !knownConditions.has(step.condition)) {
      problems.push(`step '${id}': unknown condition '${step.condition}' (known: ${[...knownConditions].join(', ')})`);
    }
  }

  // Graph checks need every step parsed; otherwise they would report noise.
  if (steps.size === allIds.size && start !== undefined && allIds.has(start)) {
    const reachable = new Set<StepId>();
    const queue: StepId[] = [start];
    while (queue.length > 0) {
      const id = queue.shift() as StepId;
      if (reachable.has(id) || !steps.has(id)) continue;
      reachable.add(id);
      for (const [, target] of edgesOf(steps.get(id) as FlowStep)) queue.push(target);
    }
    for (const id of steps.keys()) {
      if (reachable.has(id)) continue;
      const message = `step '${id}' is unreachable from the start step '${start}'`;
      (options.unreachable === 'warn' ? warnings : problems).push(message);
    }

    // Steps that can reach a transfer or a hangup, found backwards from them.
    const canEnd = new Set<StepId>();
    let grew = true;
    while (grew) {
      grew = false;
      for (const [id, step] of steps) {
        if (canEnd.has(id)) continue;
        const ends = step.type === 'transfer' || step.type === 'hangup'
          || edgesOf(step).some(([, target]) => canEnd.has(target));
        if (ends) {
          canEnd.add(id);
          grew = true;
        }
      }
    }
    for (const id of reachable) {
      if (!canEnd.has(id)) problems.push(`step '${id}' can never reach a transfer or a hangup (a loop with no way out)`);
    }
  }
  return { problems, warnings };
}

/**
 * Validates a flow and returns it typed; throws a FlowValidationError listing every problem.
 * Warnings (unreachable steps with `unreachable: 'warn'`) go to `onWarning`.
 */
export function validateFlow(
  input: unknown,
  options: FlowCheckOptions & { onWarning?: (warning: string) => void } = {},
): FlowDefinition {
  const { problems, warnings } = checkFlow(input, options);
  const name = input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string'
    ? (input as { name: string }).name
    : '(unnamed)';
  if (problems.length > 0) throw new FlowValidationError(name, problems);
  for (const warning of warnings) options.onWarning?.(warning);
  return input as FlowDefinition;
}
