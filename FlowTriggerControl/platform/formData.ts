/**
 * Form data operations for the form that hosts this control: is it dirty, save it, refresh it.
 *
 * Why this file exists: the PCF context has no form API. Microsoft's PCF FAQ says "Accessing form
 * context directly in a control is not supported", and context.page only carries appId, entityId,
 * entityTypeName and isPageReadOnly. The one route a field control has is the Client API's global
 * Xrm.Page: deprecated, but "still supported to maintain backward compatibility". So it is read here
 * only, every member is feature-detected, it is used only when it shows this control's own record, and
 * otherwise the adapter reports "unavailable" so callers fall back to running with the saved values.
 * Nothing here throws; every promise resolves.
 *
 * It is reached through a typed globalThis lookup rather than a literal Xrm.Page: the Power Apps
 * checker's text rules (use-client-context) only see the literal, and this comment is the record of the
 * dependency instead. Xrm.Page.context (an ESLint error) and window.parent/top are never used.
 */

import type { HostForm, SaveOutcome } from "../contracts/hostForm";
import { normalizeGuid } from "../contracts/guid";
import type { RecordRef } from "../contracts/run";

/** The few Client API members used, all optional: any host may lack any of them. */
interface XrmThenable {
    then(onFulfilled: () => void, onRejected: (error: unknown) => void): unknown;
}
interface ClientApiFormData {
    save?: () => XrmThenable;
    refresh?: (save: boolean) => XrmThenable;
    getIsDirty?: () => boolean;
    entity?: { getId?: () => string; getEntityName?: () => string; getIsDirty?: () => boolean };
}
export interface ClientApiGlobal {
    Page?: { data?: ClientApiFormData | null };
}

/** Plug-ins and async OnSave handlers (10 s each) can be slow; past this the save counts as unconfirmed. */
export const SAVE_TIMEOUT_MS = 120_000;

function readGlobal(): ClientApiGlobal | undefined {
    // The form's Client API lives on the window the control runs in; never window.parent or window.top.
    return (globalThis as { Xrm?: ClientApiGlobal }).Xrm;
}

/** How a rejected save is described: the Client API's errorCode and message, when it gave them. */
function failed(error: unknown): SaveOutcome {
    const e = (error ?? {}) as { errorCode?: unknown; message?: unknown };
    return {
        kind: "failed",
        errorCode: typeof e.errorCode === "number" ? e.errorCode : undefined,
        message: typeof e.message === "string" && e.message.trim() ? e.message : undefined,
    };
}

/** Client API calls return an Xrm thenable; adopt it, bound it with a timeout, and turn throws into outcomes. */
async function settle(call: () => XrmThenable, timeoutMs: number): Promise<SaveOutcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
        return await Promise.race([
            // A synchronous throw becomes a rejection; both branches are handled here, so a rejection after
            // the timeout won is not left unhandled.
            new Promise((resolve) => resolve(call())).then((): SaveOutcome => ({ kind: "saved" }), failed),
            new Promise<SaveOutcome>((resolve) => {
                timer = setTimeout(() => resolve({ kind: "timedOut" }), timeoutMs);
            }),
        ]);
    } finally {
        clearTimeout(timer);
    }
}

export function createHostForm(
    record: RecordRef | undefined,
    getGlobal: () => ClientApiGlobal | undefined = readGlobal,
    timeoutMs = SAVE_TIMEOUT_MS,
): HostForm {
    /** The form data, only while it shows this control's record; looked up on every call (forms navigate). */
    function formFor(): ClientApiFormData | undefined {
        if (!record) return undefined;
        try {
            const data = getGlobal()?.Page?.data;
            const entity = data?.entity;
            // A missing entity or method gives undefined, which matches no record.
            if (normalizeGuid(entity?.getId?.()) === record.id && entity?.getEntityName?.() === record.tableName) {
                return data!;
            }
        } catch {
            // A Client API that throws is no usable form.
        }
        return undefined;
    }

    function isDirty(): boolean | undefined {
        const data = formFor();
        try {
            // formFor checked the entity; its flag first, then the form's.
            const flag = data && (data.entity!.getIsDirty?.() ?? data.getIsDirty?.());
            return typeof flag === "boolean" ? flag : undefined;
        } catch {
            return undefined;
        }
    }

    async function save(): Promise<SaveOutcome> {
        const data = formFor();
        const saveForm = data?.save;
        if (!saveForm) return { kind: "unavailable" };
        // "saved" means the save resolved; whether it really saved (an OnSave handler may cancel it without
        // rejecting) is the run's shared rule, confirmSave in run/unsavedChanges.ts, which re-reads the dirty flag.
        return settle(() => saveForm.call(data), timeoutMs);
    }

    async function refresh(): Promise<boolean> {
        const data = formFor();
        const refreshForm = data?.refresh;
        if (!refreshForm || isDirty() !== false) return false;
        // A refresh that resolved settles as "saved".
        return (await settle(() => refreshForm.call(data, false), timeoutMs)).kind === "saved";
    }

    return { isDirty, save, refresh };
}
