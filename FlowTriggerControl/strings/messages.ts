import type { UserMessage } from "../contracts/userMessage";

/** Resolves a message with a string lookup (context.resources.getString in the control). */
export function formatMessage(lookup: (key: string) => string, msg: UserMessage): string {
    const template = lookup(msg.key);
    const args = msg.args ?? [];
    return template.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)] ?? whole);
}
