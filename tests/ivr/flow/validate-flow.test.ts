import { FlowValidationError, checkFlow, validateFlow } from '../../../ivr/flow/validate-flow';

/** A small valid flow; each test breaks one thing in a copy. */
function goodFlow(): any {
  return {
    name: 'test',
    start: 'hello',
    steps: {
      hello: { type: 'play', text: 'Вітаємо.', bargeIn: true, next: 'menu' },
      menu: {
        type: 'gather', prompt: 'Натисніть один.', maxDigits: 1, timeoutMs: 5000,
        options: { '1': 'queue', '*': 'hello' }, invalidText: 'Невірний вибір.', maxFailures: 3, onFailure: 'bye',
      },
      queue: {
        type: 'transfer', text: 'З\'єднуємо.', target: { context: 'dispatchers', extension: 's', priority: 1 },
        priority: 10, reason: 'emergency',
      },
      bye: { type: 'hangup', text: 'До побачення.' },
    },
  };
}

function problemsOf(flow: unknown, options = {}): string[] {
  try {
    validateFlow(flow, options);
  } catch (err) {
    expect(err).toBeInstanceOf(FlowValidationError);
    return [...(err as FlowValidationError).problems];
  }
  throw new Error('expected the flow to be rejected');
}

describe('validateFlow', () => {
  test('a good flow passes and comes back as it was', () => {
    const flow = goodFlow();
    expect(validateFlow(flow)).toBe(flow);
    expect(checkFlow(flow)).toEqual({ problems: [], warnings: [] });
  });

  test('a next that points nowhere', () => {
    const flow = goodFlow();
    flow.steps.hello.next = 'mneu';
    flow.steps.menu.options['1'] = 'queu';
    const problems = problemsOf(flow);
    expect(problems).toContain("step 'hello': next → 'mneu' does not exist");
    expect(problems).toContain("step 'menu': key 1 → 'queu' does not exist");
  });

  test('bad keys', () => {
    const flow = goodFlow();
    flow.steps.menu.options = { '12': 'queue', a: 'queue', '#': 'queue' };
    const problems = problemsOf(flow);
    expect(problems).toContain("step 'menu': key '12' is not a single DTMF key (0-9, *, #)");
    expect(problems).toContain("step 'menu': key 'a' is not a single DTMF key (0-9, *, #)");
    expect(problems.some((p) => p.includes("'#'"))).toBe(false);
  });

  test('no start step, or a start that does not exist', () => {
    const missing = goodFlow();
    delete missing.start;
    expect(problemsOf(missing)).toEqual([expect.stringMatching(/^flow\.start: /)]);
    const wrong = goodFlow();
    wrong.start = 'begin';
    expect(problemsOf(wrong)).toContain("start step 'begin' does not exist");
  });

  test('unreachable steps are errors, or warnings when asked', () => {
    const flow = goodFlow();
    flow.steps.orphan = { type: 'hangup' };
    expect(problemsOf(flow)).toEqual(["step 'orphan' is unreachable from the start step 'hello'"]);
    const warnings: string[] = [];
    expect(() => validateFlow(flow, { unreachable: 'warn', onWarning: (w) => warnings.push(w) })).not.toThrow();
    expect(warnings).toEqual(["step 'orphan' is unreachable from the start step 'hello'"]);
  });

  test('timeouts must be positive, texts non-empty, maxDigits 1', () => {
    const flow = goodFlow();
    flow.steps.menu.timeoutMs = 0;
    flow.steps.menu.maxDigits = 4;
    flow.steps.hello.text = '   ';
    flow.steps.menu.invalidText = '';
    const problems = problemsOf(flow);
    expect(problems).toEqual(expect.arrayContaining([
      "step 'menu'.timeoutMs: must be positive",
      expect.stringMatching(/^step 'menu'\.maxDigits: /),
      "step 'hello'.text: must not be empty",
      "step 'menu'.invalidText: must not be empty",
    ]));
  });

  test('unknown step types, misspelt fields and unknown conditions', () => {
    const flow = goodFlow();
    flow.steps.hello = { type: 'say', text: 'Вітаємо.', next: 'menu' };
    flow.steps.bye = { type: 'hangup', txt: 'До побачення.' };
    const problems = problemsOf(flow);
    expect(problems.some((p) => p.startsWith("step 'hello'"))).toBe(true);
    expect(problems.some((p) => p.startsWith("step 'bye'") && p.includes('txt'))).toBe(true);

    const branching = goodFlow();
    branching.steps.hello = { type: 'branch', condition: 'isRaining', then: 'menu', else: 'bye' };
    expect(problemsOf(branching)).toEqual(["step 'hello': unknown condition 'isRaining' (known: callerKnown)"]);
    expect(() => validateFlow(branching, { conditions: ['isRaining'] })).not.toThrow();
  });

  test('transfer fields are checked', () => {
    const flow = goodFlow();
    flow.steps.queue.reason = 'Аварія!';
    flow.steps.queue.priority = -1;
    flow.steps.queue.target.context = 'dispatchers queue';
    const problems = problemsOf(flow);
    expect(problems).toEqual(expect.arrayContaining([
      "step 'queue'.reason: must be a short code like 'emergency'",
      "step 'queue'.priority: must be 0 or more",
      "step 'queue'.target.context: must be a dialplan context name",
    ]));
  });

  test('a loop with no way out', () => {
    const flow = {
      name: 'trap', start: 'a',
      steps: {
        a: { type: 'play', text: 'Раз.', next: 'b' },
        b: { type: 'play', text: 'Два.', next: 'a' },
      },
    };
    const problems = problemsOf(flow);
    expect(problems).toContain("step 'a' can never reach a transfer or a hangup (a loop with no way out)");
    expect(problems).toContain("step 'b' can never reach a transfer or a hangup (a loop with no way out)");
  });

  test('bad step names and an empty flow', () => {
    const flow = goodFlow();
    flow.steps['bad:name'] = { type: 'hangup' };
    flow.steps.hello.next = 'bad:name';
    expect(problemsOf(flow)).toContain("step 'bad:name': a step name must be letters, digits, '_' or '-', starting with a letter");
    expect(problemsOf({ name: 'empty', start: 'x', steps: {} })).toEqual(expect.arrayContaining([
      'flow has no steps', "start step 'x' does not exist",
    ]));
    expect(problemsOf(null).length).toBeGreaterThan(0);
  });

  test('every problem is listed in one error message', () => {
    const flow = goodFlow();
    flow.start = 'nowhere';
    flow.steps.menu.options = { x: 'queue' };
    flow.steps.menu.onFailure = 'gone';
    let message = '';
    try {
      validateFlow(flow);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("IVR flow 'test' is invalid:");
    expect(message).toContain("  - start step 'nowhere' does not exist");
    expect(message).toContain("  - step 'menu': key 'x' is not a single DTMF key");
    expect(message).toContain("  - step 'menu': onFailure → 'gone' does not exist");
  });
});
