/**
 * A user-visible message: a resx key plus positional arguments for its {0}, {1}… placeholders.
 * Logic modules return these, never sentences; only the view turns them into text.
 */
export interface UserMessage {
    readonly key: string;
    readonly args?: readonly string[];
}

export function message(key: string, ...args: string[]): UserMessage {
    return args.length > 0 ? { key, args } : { key };
}

/** Resolves a message with a string lookup (context.resources.getString in the control). */
export function formatMessage(lookup: (key: string) => string, msg: UserMessage): string {
    const template = lookup(msg.key);
    const args = msg.args ?? [];
    return template.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)] ?? whole);
}

/** An error that already knows what to tell the user. `code` is a technical code safe to show (never a token). */
export class UserFacingError extends Error {
    public readonly userMessage: UserMessage;
    public readonly code?: string;

    constructor(userMessage: UserMessage, code?: string) {
        super(code ?? userMessage.key);
        this.name = "UserFacingError";
        this.userMessage = userMessage;
        this.code = code;
    }
}
