import { cutWithEllipsis } from "../contracts/textCut";
import { dataverseErrorCode, formatHResult } from "../contracts/dataverse";
import { asBag } from "../contracts/plainData";
import { message, type UserMessage } from "../contracts/userMessage";

// Dataverse error codes, signed 32-bit as dataverseErrorCode gives them (from either form the host reports).
const OBJECT_DOES_NOT_EXIST = -2147220969; // 0x80040217
const PRIVILEGE_DENIED = -2147220960; // 0x80040220
const ACCESS_CHECK_FAILED = -2147187962; // 0x80048306 (SecLib::AccessCheckEx)

const MAX_PLATFORM_TEXT = 300;

type Bag = Record<string, unknown>;

function messageOf(error: Bag): string {
    return typeof error.message === "string" ? error.message : "";
}

function statusOf(error: Bag): number | undefined {
    return [error.status, error.httpStatusCode, error.statusCode].find((raw): raw is number => typeof raw === "number");
}

/**
 * The platform's own error text, made safe to show: one line, capped, and with anything that looks
 * like a credential (JWT, bearer value, SAS signature) removed, whatever the host put in it.
 */
export function safePlatformText(error: unknown): string {
    const bag = asBag(error);
    const text = (typeof error === "string" ? error : messageOf(bag))
        .replace(/eyJ[\w-]*\.[\w-]+\.[\w-]*/g, "[redacted]")
        .replace(/bearer\s+\S+/gi, "Bearer [redacted]")
        .replace(/([?&]sig=)[^&\s]+/gi, "$1[redacted]")
        .replace(/\s+/g, " ")
        .trim();
    if (text !== "") {
        return cutWithEllipsis(text, MAX_PLATFORM_TEXT);
    }
    const code = dataverseErrorCode(bag);
    return code !== undefined ? formatHResult(code) : "-";
}

function isNetworkFailure(error: unknown): boolean {
    const bag = asBag(error);
    if (error instanceof TypeError || bag.name === "TypeError" || statusOf(bag) === 0) {
        return true;
    }
    return /failed to fetch|network ?error|network request failed|internet_disconnected|offline/i.test(messageOf(bag));
}

/** Maps a rejected context.webAPI.retrieveRecord to what the user should read. */
export function describeRetrieveError(error: unknown): UserMessage {
    const bag = asBag(error);
    const code = dataverseErrorCode(bag);
    const status = statusOf(bag);
    if (code === OBJECT_DOES_NOT_EXIST || status === 404) {
        return message("Error_Payload_RecordNotFound");
    }
    if (code === PRIVILEGE_DENIED || code === ACCESS_CHECK_FAILED || status === 403) {
        return message("Error_Payload_NoReadPrivilege", safePlatformText(error));
    }
    if (isNetworkFailure(error)) {
        return message("Error_Payload_Network");
    }
    return message("Error_Payload_ReadFailed", safePlatformText(error));
}

/** Maps a rejected context.utils.getEntityMetadata. */
export function describeMetadataError(table: string, error: unknown): UserMessage {
    if (isNetworkFailure(error)) {
        return message("Error_Payload_Network");
    }
    return message("Error_Payload_MetadataFailed", table, safePlatformText(error));
}
