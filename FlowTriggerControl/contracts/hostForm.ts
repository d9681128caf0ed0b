/** How a save through the host form ended. */
export type SaveOutcome =
    | { readonly kind: "saved" }
    | { readonly kind: "failed"; readonly errorCode?: number; readonly message?: string }
    | { readonly kind: "timedOut" }
    | { readonly kind: "unavailable" };

/**
 * The form that shows the control's record: is it dirty, save it, refresh it. Implemented in
 * platform/formData.ts; any host without a form gives the "unavailable" answers.
 */
export interface HostForm {
    /** The form's unsaved-changes flag; undefined when no usable form shows this record. */
    isDirty(): boolean | undefined;
    /** Saves through the form (its OnSave handlers, validation and notifications all run). Never rejects. */
    save(): Promise<SaveOutcome>;
    /** Reloads the form's data. Declines (false) when unavailable or dirty, so no edit is lost. Never rejects. */
    refresh(): Promise<boolean>;
}

/** A host without a form (canvas app, custom page, harness): every answer says "unknown". */
export const NO_HOST_FORM: HostForm = {
    isDirty: () => undefined,
    save: () => Promise.resolve({ kind: "unavailable" }),
    refresh: () => Promise.resolve(false),
};
