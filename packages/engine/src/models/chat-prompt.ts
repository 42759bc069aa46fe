import { NodeFailure } from '../errors/node-failure.ts';
import { isJsonObject, type JsonValue, parseJsonSafely } from '../json.ts';
import type { NodeCompileContext } from '../nodes/node-kind.ts';
import { Template, type TemplateScope } from '../templates/template.ts';
import { TemplatedValue } from '../templates/templated-value.ts';
import type { ChatMessage, ChatRole } from './model-gateway.ts';

interface PromptPart {
  role: ChatRole;
  content: Template;
}

/**
 * An LLM node's prompts, compiled once: `prompts[{role, content}]` (or the older `systemPrompt` /
 * `promptTemplate`), and `messages`, prior chat turns as JSON (often one template). Rendered, the
 * order is: system prompts, prior turns, then the other prompts, as a chat model expects.
 */
export interface ChatPrompt {
  system: readonly PromptPart[];
  history: TemplatedValue | Template | undefined;
  turns: readonly PromptPart[];
}

const ROLES: Readonly<Record<string, ChatRole>> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  bot: 'assistant',
  model: 'assistant',
};

function roleOf(value: JsonValue | undefined): ChatRole | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.toLowerCase();
  return Object.hasOwn(ROLES, name) ? ROLES[name] : undefined;
}

export function compileChatPrompt(context: NodeCompileContext): ChatPrompt {
  const { values, problem, warn, reads } = context;
  const parts: PromptPart[] = [];
  const add = (role: ChatRole, content: unknown) => {
    const template = new Template(typeof content === 'string' ? content : JSON.stringify(content ?? ''));
    if (typeof content === 'string' && /^@prompts\/\S+$/.test(content.trim())) {
      warn(
        `a ${role} prompt is an unresolved reference (${content.trim()}); deploy the kit folder to inline it`,
      );
    }
    reads(template.references);
    parts.push({ role, content: template });
  };
  if (Array.isArray(values.prompts)) {
    values.prompts.forEach((prompt: unknown, index) => {
      const role = isJsonObject(prompt) ? roleOf(prompt.role) : undefined;
      if (!isJsonObject(prompt) || !role) {
        problem(`prompts[${index}] needs a role (system, user or assistant) and a content`);
        return;
      }
      add(role, prompt.content);
    });
  } else if (values.prompts !== undefined && values.prompts !== null && values.prompts !== '') {
    problem('prompts must be a list of {role, content}');
  }
  if (typeof values.systemPrompt === 'string' && values.systemPrompt !== '')
    add('system', values.systemPrompt);
  if (typeof values.promptTemplate === 'string' && values.promptTemplate !== '')
    add('user', values.promptTemplate);
  const history = compileHistory(values.messages, context);
  if (parts.length === 0 && history === undefined) {
    problem('the node has no prompt: add prompts [{role, content}] or a promptTemplate');
  }
  if (history instanceof TemplatedValue || history instanceof Template) reads(history.references);
  return {
    system: parts.filter((part) => part.role === 'system'),
    history,
    turns: parts.filter((part) => part.role !== 'system'),
  };
}

function compileHistory(
  raw: unknown,
  { problem, warn }: NodeCompileContext,
): TemplatedValue | Template | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === '[]') return undefined;
  if (Array.isArray(raw)) return raw.length === 0 ? undefined : new TemplatedValue(raw as JsonValue);
  if (typeof raw !== 'string') {
    problem('messages must be a JSON list of {role, content}');
    return undefined;
  }
  const text = raw.trim();
  if (text.startsWith('@')) {
    warn(`messages is a placeholder (${text}); the node runs without prior messages`);
    return undefined;
  }
  try {
    const parsed = parseJsonSafely(text);
    if (Array.isArray(parsed)) return parsed.length === 0 ? undefined : new TemplatedValue(parsed);
    problem('messages must be a JSON list of {role, content}');
    return undefined;
  } catch {
    // Not JSON as written: a template standing for the list (`{{triggerNode_1.output.history}}`).
    return new Template(text);
  }
}

/** The messages to send; empty prompts are left out (providers refuse empty turns). */
export function renderChatPrompt(prompt: ChatPrompt, scope: TemplateScope, nodeId: string): ChatMessage[] {
  const render = (part: PromptPart): ChatMessage => ({
    role: part.role,
    content: part.content.renderText(scope),
  });
  const messages = [
    ...prompt.system.map(render),
    ...renderHistory(prompt.history, scope, nodeId),
    ...prompt.turns.map(render),
  ].filter((message) => message.content.trim() !== '');
  if (messages.length === 0) {
    throw new NodeFailure(nodeId, 'every prompt rendered empty; check the templates the prompts use');
  }
  return messages;
}

function renderHistory(history: ChatPrompt['history'], scope: TemplateScope, nodeId: string): ChatMessage[] {
  if (history === undefined) return [];
  let value = history.render(scope);
  if (typeof value === 'string') {
    const text = value;
    if (text.trim() === '') return [];
    try {
      value = parseJsonSafely(text);
    } catch {
      throw new NodeFailure(
        nodeId,
        `messages rendered to text that is not a JSON list: ${text.slice(0, 80)}`,
      );
    }
  }
  if (value === null) return [];
  if (!Array.isArray(value))
    throw new NodeFailure(nodeId, 'messages must render to a list of {role, content}');
  return value.map((entry, index) => toMessage(entry, index, nodeId));
}

function toMessage(entry: JsonValue, index: number, nodeId: string): ChatMessage {
  const role = isJsonObject(entry) ? roleOf(entry.role) : undefined;
  if (!isJsonObject(entry) || !role) {
    throw new NodeFailure(
      nodeId,
      `messages[${index}] needs a role (system, user or assistant) and a content`,
    );
  }
  const content = entry.content;
  return { role, content: typeof content === 'string' ? content : JSON.stringify(content ?? '') };
}
