import { message, type UserMessage } from "./userMessage";

/** The one result shape: a value, or the message that says why there is none. */
export type Result<T> = Success<T> | Failure;
export interface Success<T> {
    readonly ok: true;
    readonly value: T;
}
export interface Failure {
    readonly ok: false;
    readonly reason: UserMessage;
}

export function success<T>(value: T): Success<T> {
    return { ok: true, value };
}

/** A failure from a resx key and its arguments. */
export function failure(key: string, a?: string, b?: string, c?: string): Failure {
    return { ok: false, reason: message(key, a, b, c) };
}
