import type { IInputs } from "../generated/ManifestTypes";
import type { HostTokenTheme } from "../contracts/hostTheme";
import { hostGuid } from "../contracts/guid";
import { PropertyNames, type RawProperties } from "../settings/settings.types";
import type { RecordRef } from "../contracts/run";

/**
 * Everything the control needs from one PCF context, as plain values. This file and pcfServices.ts
 * are the only code that reads the context; nothing else sees it.
 */
export interface HostSnapshot {
    readonly raw: RawProperties;
    readonly isControlDisabled: boolean;
    readonly boundField: { readonly editable: boolean; readonly maxLength?: number };
    /** Undefined while the record is new and not saved yet. */
    readonly record?: RecordRef;
    /** The form's table, known for a new record too. */
    readonly tableName?: string;
    readonly user: { readonly userId: string; readonly name: string; readonly languageId: number };
    readonly origin: string;
    readonly orgTenantId?: string;
    readonly themeTokens?: HostTokenTheme;
    /** The user may customize forms (systemform Write): only they are offered the setup page. */
    readonly canCustomize: boolean;
}

/**
 * Members model-driven apps provide but the PCF typings don't declare. They are undocumented, so they
 * are read here only, defensively, each with the reason we need it.
 */
interface UndocumentedContext {
    mode?: {
        // The record the form shows: there is no documented way for a field control to learn its record id.
        contextInfo?: FormRecordInfo;
    };
    // Same information on newer hosts.
    page?: FormRecordInfo;
    // The environment's tenant, used when the maker leaves tenantId empty.
    orgSettings?: { tenantId?: string };
}

interface FormRecordInfo {
    entityId?: string;
    entityTypeName?: string;
}

function readFormRecord(context: UndocumentedContext): Pick<HostSnapshot, "record" | "tableName"> {
    const info: FormRecordInfo = context.mode?.contextInfo ?? {};
    const page: FormRecordInfo = context.page ?? {};
    const name = info.entityTypeName ?? page.entityTypeName;
    const tableName = typeof name === "string" && name !== "" ? name : undefined;
    const id = hostGuid(info.entityId) ?? hostGuid(page.entityId);
    return { record: id && tableName ? { tableName, id } : undefined, tableName };
}

function readRaw(parameters: IInputs): RawProperties {
    const raw: Record<string, string | number | boolean | null | undefined> = {} satisfies RawProperties;
    const bag = parameters as unknown as Record<string, { raw?: string | number | boolean | null } | undefined>;
    for (const name of PropertyNames) raw[name] = bag[name]?.raw;
    return raw;
}

export function readHostSnapshot(context: ComponentFramework.Context<IInputs>): HostSnapshot {
    const undocumented = context as unknown as UndocumentedContext;
    const bound = context.parameters.boundField;
    const maxLength = (bound.attributes as { MaxLength?: number } | undefined)?.MaxLength;
    return {
        raw: readRaw(context.parameters),
        isControlDisabled: context.mode.isControlDisabled,
        boundField: {
            editable: bound.security?.editable !== false,
            maxLength: typeof maxLength === "number" && maxLength > 0 ? maxLength : undefined,
        },
        ...readFormRecord(undocumented),
        user: {
            userId: hostGuid(context.userSettings.userId) ?? "",
            name: context.userSettings.userName,
            languageId: context.userSettings.languageId,
        },
        origin: window.location.origin,
        orgTenantId: hostGuid(undocumented.orgSettings?.tenantId),
        themeTokens: context.fluentDesignLanguage?.tokenTheme as HostTokenTheme | undefined,
        canCustomize: canCustomizeForms(context.utils),
    };
}

/**
 * Form customizers only: the Write privilege on systemform (organization-owned, so Global depth), which System
 * Customizer and System Administrator hold. They can act on the setup page's fixes; it also shows the button's
 * settings. context.utils.hasEntityPrivilege is the documented PCF check (model-driven apps); elsewhere it may
 * be missing or throw, which means no.
 */
function canCustomizeForms(utils: ComponentFramework.Utility | undefined): boolean {
    try {
        return utils?.hasEntityPrivilege("systemform", 3, 3) === true;
    } catch {
        return false;
    }
}
