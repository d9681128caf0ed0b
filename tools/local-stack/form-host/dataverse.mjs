// A small stand-in for the Dataverse Web API (/api/data/v9.2) over the sample rows: retrieve with
// $select, retrieveMultiple with a single `eq` filter and one $expand, update, create, and the table
// metadata the form host hands to context.utils.getEntityMetadata. Answers carry the OData annotations
// Dataverse adds (formatted values, lookup logical names), which the payload builder relies on.
import { randomUUID } from "node:crypto";
import { TABLES } from "./dataset.mjs";

const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
const LOOKUP_TABLE = "@Microsoft.Dynamics.CRM.lookuplogicalname";
const NAVIGATION = "@Microsoft.Dynamics.CRM.associatednavigationproperty";
const LOOKUP_TYPES = new Set(["Lookup", "Customer", "Owner"]);

/** A Web API failure: the HTTP status and the answer's `error.code` (hex text, as Dataverse sends it). */
export class DataverseError extends Error {
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}

const notFound = (table, id) => new DataverseError(404, "0x80040217", `${table} With Id = ${id} Does Not Exist`);
const badProperty = (table, name) =>
    new DataverseError(
        400,
        "0x80060888",
        `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${table}'.`,
    );

function tableBySet(entitySet) {
    const entry = Object.entries(TABLES).find(([, t]) => t.entitySetName === entitySet);
    if (!entry) throw new DataverseError(404, "0x80060888", `Resource not found for the segment '${entitySet}'.`);
    return { name: entry[0], table: entry[1] };
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR" });
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "short", timeStyle: "short", timeZone: "UTC" });

/**
 * The single-valued navigation property behind a lookup value, as the associatednavigationproperty
 * annotation names it: a multi-table (customer) lookup has one per target, `<column>_<table>`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-navigation-properties#multi-table-lookups);
 * an owner lookup keeps `ownerid`, as real answers show; any other lookup has the column's name.
 */
export function navigationPropertyOf(column, table) {
    return column.type === "Customer" ? `${column.logicalName}_${table}` : column.logicalName;
}

export class Dataverse {
    /** @param {Record<string, object[]>} rows */
    constructor(rows) {
        this.rows = rows;
        /** Tables this user may not read (a missing prvRead… privilege). */
        this.unreadable = new Set();
    }

    /** From now on, reads of this table fail as for a user without its read privilege. */
    denyRead(tableName) {
        this.unreadable.add(tableName);
    }

    checkReadable(tableName) {
        if (this.unreadable.has(tableName))
            throw new DataverseError(
                403,
                "0x80040220",
                `Principal user is missing prvRead${tableName} privilege on entity '${tableName}'.`,
            );
    }

    findRow(tableName, id) {
        const table = TABLES[tableName];
        return this.rows[tableName]?.find((r) => r[table.primaryIdAttribute] === id.toLowerCase());
    }

    primaryName(ref) {
        const row = this.findRow(ref.table, ref.id);
        return row ? (row[TABLES[ref.table].primaryNameAttribute] ?? null) : null;
    }

    /** One row as the Web API returns it, restricted to `select` (column or `_x_value` names) when given. */
    toOData(tableName, row, select) {
        const table = TABLES[tableName];
        const out = { "@odata.etag": `W/"${Math.abs(hash(JSON.stringify(row)))}"` };
        const wanted = select ? new Set(select) : undefined;
        for (const column of table.columns) {
            const isLookup = LOOKUP_TYPES.has(column.type);
            const key = isLookup ? `_${column.logicalName}_value` : column.logicalName;
            if (wanted && !wanted.has(key)) continue;
            const value = row[column.logicalName];
            if (value === undefined) continue;
            if (isLookup) {
                out[key] = value ? value.id : null;
                if (value) {
                    out[`${key}${FORMATTED}`] = this.primaryName(value);
                    out[`${key}${LOOKUP_TABLE}`] = value.table;
                    out[`${key}${NAVIGATION}`] = navigationPropertyOf(column, value.table);
                }
                continue;
            }
            if (column.type === "MultiSelectPicklist") {
                out[key] = value && value.length ? value.join(",") : null;
                if (value && value.length) out[`${key}${FORMATTED}`] = value.map((v) => labelOf(column, v)).join("; ");
                continue;
            }
            out[key] = value;
            const formatted = formatValue(column, value);
            if (formatted !== undefined) out[`${key}${FORMATTED}`] = formatted;
        }
        // The primary key is always returned.
        out[table.primaryIdAttribute] = row[table.primaryIdAttribute];
        return out;
    }

    parseSelect(tableName, selectText) {
        if (!selectText) return undefined;
        const table = TABLES[tableName];
        const names = selectText
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
        for (const name of names) {
            const column = table.columns.find((c) =>
                LOOKUP_TYPES.has(c.type) ? `_${c.logicalName}_value` === name : c.logicalName === name,
            );
            if (!column) throw badProperty(tableName, name);
        }
        return names;
    }

    retrieve(entitySet, id, query) {
        const { name } = tableBySet(entitySet);
        this.checkReadable(name);
        const row = this.findRow(name, id);
        if (!row) throw notFound(name, id);
        const select = this.parseSelect(name, query.get("$select"));
        return {
            "@odata.context": `/api/data/v9.2/$metadata#${entitySet}/$entity`,
            ...this.toOData(name, row, select),
        };
    }

    retrieveMultiple(entitySet, query) {
        const { name, table } = tableBySet(entitySet);
        this.checkReadable(name);
        let rows = this.rows[name] ?? [];
        const filter = query.get("$filter");
        if (filter) {
            // A string literal, or a whole number (the setup page lists flows with `category eq 5`).
            const m =
                /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter) ?? /^\s*(\w+)\s+eq\s+(-?\d{1,9})\s*$/.exec(filter);
            if (!m) throw new DataverseError(400, "0x80060888", `The query filter '${filter}' is not supported here.`);
            const [, column, literal] = m;
            if (!table.columns.some((c) => c.logicalName === column)) throw badProperty(name, column);
            const value = /'\s*$/.test(filter) ? literal.replace(/''/g, "'") : Number(literal);
            rows = rows.filter((r) => r[column] === value);
        }
        const select = this.parseSelect(name, query.get("$select"));
        const expand = query.get("$expand");
        const entities = rows.map((row) => {
            const entity = this.toOData(name, row, select);
            if (expand) Object.assign(entity, this.expand(name, row, expand));
            return entity;
        });
        return { "@odata.context": `/api/data/v9.2/$metadata#${entitySet}`, value: entities };
    }

    expand(tableName, row, expandText) {
        const m = /^(\w+)(?:\(\$select=([\w,]+)\))?$/.exec(expandText.trim());
        const table = TABLES[tableName];
        const target = m && table.navigations?.[m[1]];
        if (!target) throw badProperty(tableName, expandText);
        const parentId = row[table.primaryIdAttribute];
        const children = (this.rows[target] ?? []).filter((child) =>
            Object.values(child).some((v) => v && typeof v === "object" && v.id === parentId),
        );
        const select = m[2] ? this.parseSelect(target, m[2]) : undefined;
        return { [m[1]]: children.map((child) => this.toOData(target, child, select)) };
    }

    update(entitySet, id, body) {
        const { name, table } = tableBySet(entitySet);
        const row = this.findRow(name, id);
        if (!row) throw notFound(name, id);
        for (const [key, value] of Object.entries(body)) {
            const column = table.columns.find((c) => c.logicalName === key);
            if (!column || LOOKUP_TYPES.has(column.type) || column.type === "Uniqueidentifier")
                throw badProperty(name, key);
            row[key] = value;
        }
    }

    /** Server-side update by table name (a flow's "Update a row"). */
    updateRow(tableName, id, changes) {
        const table = TABLES[tableName];
        if (!table) throw new DataverseError(404, "0x80040217", `No table ${tableName}`);
        this.update(table.entitySetName, id, changes);
    }

    create(entitySet, body) {
        const { name, table } = tableBySet(entitySet);
        const id = randomUUID();
        const row = {
            [table.primaryIdAttribute]: id,
            statecode: 0,
            statuscode: 1,
            createdon: new Date().toISOString(),
        };
        for (const [key, value] of Object.entries(body)) {
            // A lookup is set by binding: "<navigation>@odata.bind": "/<entityset>(<id>)" (the Web API's
            // "Associate table rows on create"); here the navigation property is the lookup column's name.
            const bind = /^(\w+)@odata\.bind$/.exec(key);
            const column = table.columns.find((c) => c.logicalName.toLowerCase() === (bind?.[1] ?? key).toLowerCase());
            if (bind && column && LOOKUP_TYPES.has(column.type)) {
                const target = /^\/?(\w+)\(([0-9a-fA-F-]{36})\)$/.exec(String(value));
                const targetTable = target && Object.entries(TABLES).find(([, t]) => t.entitySetName === target[1]);
                if (!targetTable || !column.targets?.includes(targetTable[0])) throw badProperty(name, key);
                row[column.logicalName] = { table: targetTable[0], id: target[2].toLowerCase() };
                continue;
            }
            if (!column || LOOKUP_TYPES.has(column.type) || bind) throw badProperty(name, key);
            row[key] = value;
        }
        (this.rows[name] ??= []).push(row);
        return id;
    }

    /** Table metadata in a neutral form; the page turns it into the client API's shape. */
    metadata(tableName) {
        const table = TABLES[tableName];
        if (!table) throw new DataverseError(404, "0x80040217", `Could not find an entity with name ${tableName}`);
        return {
            LogicalName: tableName,
            EntitySetName: table.entitySetName,
            PrimaryIdAttribute: table.primaryIdAttribute,
            PrimaryNameAttribute: table.primaryNameAttribute,
            DisplayName: table.displayName,
            columns: table.columns,
        };
    }
}

function labelOf(column, value) {
    return column.options?.find((o) => o.value === value)?.label ?? String(value);
}

function formatValue(column, value) {
    if (value === null || value === undefined) return undefined;
    switch (column.type) {
        case "Integer":
        case "BigInt":
        case "Decimal":
        case "Double":
            return number.format(value);
        case "Money":
            return money.format(value);
        case "Boolean":
            return labelOf(column, value ? 1 : 0);
        case "Picklist":
        case "State":
        case "Status":
            return labelOf(column, value);
        case "DateTime":
            return column.dateBehavior === "DateOnly" ? value : dateTime.format(new Date(value));
        default:
            return undefined;
    }
}

function hash(text) {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
    return h;
}

/** Routes /api/data/v9.2/... and /api/metadata/<table>; returns false when the path isn't ours. */
export async function handleDataverseRequest(dataverse, req, res, url, readJson) {
    const send = (status, body) => {
        res.writeHead(status, { "Content-Type": "application/json; odata.metadata=minimal", "OData-Version": "4.0" });
        res.end(body === undefined ? "" : JSON.stringify(body));
    };
    try {
        const meta = /^\/api\/metadata\/(\w+)$/.exec(url.pathname);
        if (meta && req.method === "GET") {
            send(200, dataverse.metadata(meta[1]));
            return true;
        }
        const m = /^\/api\/data\/v9\.2\/(\w+)(?:\(([0-9a-fA-F-]{36})\))?$/.exec(url.pathname);
        if (!m) return false;
        const [, entitySet, id] = m;
        if (req.method === "GET" && id) send(200, dataverse.retrieve(entitySet, id, url.searchParams));
        else if (req.method === "GET") send(200, dataverse.retrieveMultiple(entitySet, url.searchParams));
        else if (req.method === "PATCH" && id) {
            dataverse.update(entitySet, id, await readJson(req));
            send(204);
        } else if (req.method === "POST" && !id) {
            const newId = dataverse.create(entitySet, await readJson(req));
            res.setHeader("OData-EntityId", `/api/data/v9.2/${entitySet}(${newId})`);
            send(204);
        } else send(405, { error: { code: "0x8006088a", message: "Method not allowed" } });
    } catch (error) {
        if (error instanceof DataverseError)
            send(error.status, { error: { code: error.code, message: error.message } });
        else
            send(400, {
                error: { code: "0x80040203", message: error instanceof Error ? error.message : "Bad request" },
            });
    }
    return true;
}
