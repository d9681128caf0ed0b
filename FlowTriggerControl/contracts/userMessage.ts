/**
 * A user-visible message: a resx key plus positional arguments for its {0}, {1}… placeholders.
 * Logic modules return these, never sentences; only the view turns them into text (strings/messages.ts).
 */
export interface UserMessage {
    readonly key: string;
    readonly args?: readonly string[];
    /** A link the view offers under the text, opened in a new tab: `key` is its label, `href` its address. */
    readonly link?: { readonly key: string; readonly href: string };
}

// Up to four arguments as plain parameters, not `...args`: babel's Safari 13 parameter transform copies a
// rest parameter in a loop, in every module that has one.
export function message(key: string, a?: string, b?: string, c?: string, d?: string): UserMessage {
    const args = [a, b, c, d].filter((arg): arg is string => arg !== undefined);
    return args.length > 0 ? { key, args } : { key };
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

/**
 * The longest text the control shows in its outcome message: the flow's own answer and the maker's
 * success message alike. Longer text is cut with an ellipsis.
 */
export const MAX_SHOWN_TEXT_LENGTH = 500;
