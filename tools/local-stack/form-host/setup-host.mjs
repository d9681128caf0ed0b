// What the setup page (FlowTriggerControl/setup, issue 16) needs from the form host, in one module hooked into
// server.mjs: the page's web resources where Dataverse serves them, an emulated ClientGlobalContext.js.aspx, the
// table definitions the Web API answers under EntityDefinitions, and main forms (systemforms) whose formxml
// holds the scenario's Flow Trigger Buttons, for "Load from a form".
import fs from "node:fs";
import path from "node:path";
import { TABLES } from "./dataset.mjs";

const SUPPORTED_WEB_API_TYPES = {
    MultiSelectPicklist: { type: "Virtual", typeName: "MultiSelectPicklistType" },
    Image: { type: "Virtual", typeName: "ImageType" },
    File: { type: "Virtual", typeName: "FileType" },
};
/** Which derived metadata type each column type belongs to (Dataverse: Customer and Owner are lookups too). */
const CAST_OF_TYPE = {
    Picklist: "PicklistAttributeMetadata",
    State: "StateAttributeMetadata",
    Status: "StatusAttributeMetadata",
    MultiSelectPicklist: "MultiSelectPicklistAttributeMetadata",
    Boolean: "BooleanAttributeMetadata",
    Lookup: "LookupAttributeMetadata",
    Customer: "LookupAttributeMetadata",
    Owner: "LookupAttributeMetadata",
    DateTime: "DateTimeAttributeMetadata",
};
const label = (text) => ({ UserLocalizedLabel: { Label: text, LanguageCode: 1033 }, LocalizedLabels: [] });

/** A column as the Web API's AttributeMetadata base type shows it. */
function baseAttribute(column) {
    const special = SUPPORTED_WEB_API_TYPES[column.type];
    return {
        LogicalName: column.logicalName,
        AttributeType: special?.type ?? column.type,
        AttributeTypeName: { Value: special?.typeName ?? `${column.type}Type` },
        IsValidForRead: true,
        AttributeOf: null,
    };
}

/** The members a derived type adds (OptionSet, Targets, Format, DateTimeBehavior). */
function derivedAttribute(column) {
    const out = { LogicalName: column.logicalName };
    if (column.type === "Boolean") {
        const option = (value) => ({ Value: value, Label: label(column.options.find((o) => o.value === value).label) });
        out.OptionSet = { TrueOption: option(1), FalseOption: option(0) };
    } else if (column.options) {
        out.OptionSet = { Options: column.options.map((o) => ({ Value: o.value, Label: label(o.label) })) };
    }
    if (column.targets) out.Targets = column.targets;
    if (column.type === "DateTime") {
        out.Format = column.dateBehavior === "DateOnly" ? "DateOnly" : "DateAndTime";
        out.DateTimeBehavior = { Value: column.dateBehavior ?? "UserLocal" };
    }
    return out;
}

/** EntityDefinitions(LogicalName='x') with its Attributes, or one derived type's attributes. */
function entityDefinitions(pathname) {
    const m =
        /^\/api\/data\/v9\.2\/EntityDefinitions\(LogicalName='(\w+)'\)(?:\/Attributes\/Microsoft\.Dynamics\.CRM\.(\w+))?$/.exec(
            pathname,
        );
    if (!m) return undefined;
    const table = TABLES[m[1]];
    if (!table)
        return {
            status: 404,
            body: { error: { code: "0x80040217", message: `Could not find an entity with name ${m[1]}` } },
        };
    if (m[2]) {
        const value = table.columns.filter((c) => CAST_OF_TYPE[c.type] === m[2]).map(derivedAttribute);
        return { status: 200, body: { value } };
    }
    return {
        status: 200,
        body: {
            LogicalName: m[1],
            EntitySetName: table.entitySetName,
            PrimaryIdAttribute: table.primaryIdAttribute,
            PrimaryNameAttribute: table.primaryNameAttribute,
            Attributes: table.columns.map(baseAttribute),
        },
    };
}

const xml = (text) =>
    String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The manifest type of each property, as formxml's `type` attribute names it. */
function parameterType(value) {
    return typeof value === "boolean" ? "TwoOptions" : typeof value === "number" ? "Whole.None" : "SingleLine.Text";
}

/**
 * A main form's formxml with the scenario's buttons: a cell control per bound column and a controlDescription
 * with one customControl per form factor. Shape as in real form XML (TALXIS/docs
 * src/en/developer-guide/applications/controls/general.md; the Maps control sample in Microsoft's docs).
 */
export function formXmlFor(controls, controlName) {
    const cells = [];
    const descriptions = [];
    controls.forEach((control, index) => {
        const uniqueId = `{0000f7c0-0000-4000-8000-${String(index + 1).padStart(12, "0")}}`;
        cells.push(
            `<row><cell id="{${index}}"><labels><label description="${xml(control.label ?? control.field)}" languagecode="1033" /></labels>` +
                `<control id="${xml(control.field)}" classid="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}" datafieldname="${xml(control.field)}" uniqueid="${uniqueId}" /></cell></row>`,
        );
        const parameters = [`<boundField>${xml(control.field)}</boundField>`]
            .concat(
                Object.entries(control.properties ?? {}).map(
                    ([name, value]) => `<${name} static="true" type="${parameterType(value)}">${xml(value)}</${name}>`,
                ),
            )
            .join("");
        const custom = [0, 1, 2]
            .map(
                (factor) =>
                    `<customControl formFactor="${factor}" name="${controlName}"><parameters>${parameters}</parameters></customControl>`,
            )
            .join("");
        descriptions.push(
            `<controlDescription forControl="${uniqueId}"><customControl id="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}"><parameters><datafieldname>${xml(control.field)}</datafieldname></parameters></customControl>${custom}</controlDescription>`,
        );
    });
    return (
        `<form><tabs><tab name="general"><columns><column width="100%"><sections><section name="actions"><rows>${cells.join("")}</rows></section></sections></column></columns></tab></tabs>` +
        `<controlDescriptions>${descriptions.join("")}</controlDescriptions></form>`
    );
}

/** systemforms of the scenario's table: the main form with its buttons, and one main form without any. */
function systemForms(url, scenario, controlName) {
    if (url.pathname !== "/api/data/v9.2/systemforms") return undefined;
    const filter = url.searchParams.get("$filter") ?? "";
    const m = /^objecttypecode eq '(\w+)' and type eq 2$/.exec(filter);
    if (!m)
        return {
            status: 400,
            body: { error: { code: "0x80060888", message: `The query filter '${filter}' is not supported here.` } },
        };
    const table = scenario.record?.table ?? "account";
    if (m[1] !== table) return { status: 200, body: { value: [] } };
    return {
        status: 200,
        body: {
            value: [
                {
                    formid: "8448b78f-8f42-454e-8e2a-f8196b0419af",
                    name: "Account",
                    type: 2,
                    formxml: formXmlFor(scenario.controls ?? [], controlName),
                },
                {
                    formid: "1c1b1e0a-3d0b-4b5e-9c1e-6f2f0e7f2d11",
                    name: "Account for Interactive experience",
                    type: 2,
                    formxml: formXmlFor([], controlName),
                },
            ],
        },
    };
}

/**
 * ClientGlobalContext.js.aspx as the page sees it: a script defining GetGlobalContext() with getClientUrl() and
 * userSettings (userId as "{GUID}", userName, languageId) of the scenario's user.
 */
function clientGlobalContext(origin, scenario) {
    const settings = {
        clientUrl: origin,
        userId: `{${String(scenario.user?.systemUserId ?? "").toUpperCase()}}`,
        userName: scenario.user?.name ?? "",
        languageId: scenario.user?.languageId ?? 1033,
    };
    return `(function () {
    var s = ${JSON.stringify(settings)};
    window.GetGlobalContext = function () {
        return { getClientUrl: function () { return s.clientUrl; }, userSettings: { userId: s.userId, userName: s.userName, languageId: s.languageId } };
    };
})();
`;
}

/**
 * Handles the setup page's routes; returns false for any other path.
 * @param {{ req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, url: URL, origin: string,
 *   scenario: object, webResourceDir: string, publisherPrefix: string, setupDir: string }} input
 */
export function handleSetupHostRequest({ req, res, url, origin, scenario, webResourceDir, publisherPrefix, setupDir }) {
    if (req.method !== "GET") return false;
    const json = (answer) => {
        res.writeHead(answer.status, {
            "Content-Type": "application/json; odata.metadata=minimal",
            "OData-Version": "4.0",
        });
        res.end(JSON.stringify(answer.body));
        return true;
    };
    const controlName = `${publisherPrefix}_FlowTrigger.FlowTriggerControl`;
    const definitions = entityDefinitions(url.pathname);
    if (definitions) return json(definitions);
    const forms = systemForms(url, scenario, controlName);
    if (forms) return json(forms);
    if (url.pathname === "/WebResources/ClientGlobalContext.js.aspx") {
        res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" });
        res.end(clientGlobalContext(origin, scenario));
        return true;
    }
    const page = ["Setup.html", "Setup.js", "Setup.css"].find((name) => url.pathname === `${webResourceDir}${name}`);
    if (page) {
        const types = {
            ".html": "text/html; charset=utf-8",
            ".js": "text/javascript; charset=utf-8",
            ".css": "text/css; charset=utf-8",
        };
        fs.readFile(path.join(setupDir, page), (error, data) => {
            if (error) {
                res.writeHead(404, { "Content-Type": "text/plain" });
                res.end("Not found: run npm run build:setup");
                return;
            }
            res.writeHead(200, {
                "Content-Type": types[path.extname(page)],
                "Cache-Control": "no-store",
                // The platform's strict policy for web resources, reproduced: same-origin scripts only, no inline script.
                "Content-Security-Policy":
                    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' https://127.0.0.1:* http://127.0.0.1:*; frame-src https://127.0.0.1:*; img-src 'self' data:",
            });
            res.end(data);
        });
        return true;
    }
    return false;
}
