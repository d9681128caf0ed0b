// The emulated Client API the local form and grid pages share (form-host/public/client-api.js), over the
// local Dataverse Web API, without a browser: the page script runs here with `window` and a `fetch` that
// reaches the form host on 127.0.0.1. Checks the table metadata shapes, the documented error codes and the
// lookup annotations the control reads.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, beforeEach, describe, it } from "node:test";
import { IDS } from "../../tools/local-stack/form-host/dataset.mjs";
import { startFormHost } from "../../tools/local-stack/form-host/server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLIENT_API = path.join(here, "..", "..", "tools", "local-stack", "form-host", "public", "client-api.js");
const NAVIGATION = "@Microsoft.Dynamics.CRM.associatednavigationproperty";
const LOOKUP_TABLE = "@Microsoft.Dynamics.CRM.lookuplogicalname";

/** The members the getEntityMetadata reference documents on each attribute. */
const DOCUMENTED = [
    "AttributeType",
    "DisplayName",
    "EntityLogicalName",
    "LogicalName",
    "OptionSet",
    "DefaultFormValue",
];

let host;

/** Runs the page script as the browser would (it only reads `window` and `fetch`) and returns its API. */
function loadClientApi(fetchImpl = (url, init) => fetch(new URL(url, host.origin), init)) {
    const window = {};
    new Function("window", "fetch", fs.readFileSync(CLIENT_API, "utf8"))(window, fetchImpl);
    return window.LocalClientApi;
}

before(async () => {
    host = await startFormHost({ scenario: {} });
});
after(async () => {
    await host?.close();
});
beforeEach(() => host.resetData());

describe("getEntityMetadata", () => {
    const COLUMNS = ["ftc_regions", "primarycontactid", "entityimage_url", "ftc_contractdate", "name"];

    it("gives only the documented members by default, everything else on attributeDescriptor", async () => {
        const api = loadClientApi().createLocalClientApi();
        const metadata = await api.getEntityMetadata("account", COLUMNS);
        assert.equal(metadata.Attributes.getLength(), COLUMNS.length);
        for (const attribute of metadata.Attributes.getAll()) {
            const extra = Object.keys(attribute).filter((k) => !DOCUMENTED.includes(k) && k !== "attributeDescriptor");
            assert.deepEqual(extra, [], `${attribute.LogicalName} carries undocumented members`);
        }
        const regions = metadata.Attributes.get("ftc_regions");
        assert.equal(regions.AttributeType, 17, "a multi-select column is Virtual");
        assert.equal(regions.AttributeTypeName, undefined);
        assert.deepEqual(regions.attributeDescriptor.AttributeTypeName, { value: "MultiSelectPicklistType" });
        assert.ok(regions.OptionSet, "the documented OptionSet stays on the attribute");
        assert.deepEqual(metadata.Attributes.get("primarycontactid").attributeDescriptor.Targets, ["contact"]);
        assert.equal(metadata.Attributes.get("entityimage_url").attributeDescriptor.AttributeOf, "entityimage");
        assert.equal(metadata.Attributes.get("ftc_contractdate").attributeDescriptor.Behavior, 2);
        assert.equal(metadata.Attributes.get("name").EntityLogicalName, "account");
    });

    it("gives every member on the attribute itself with the full shape", async () => {
        const api = loadClientApi().createLocalClientApi({ metadataShape: () => "full" });
        const metadata = await api.getEntityMetadata("account", COLUMNS);
        const regions = metadata.Attributes.get("ftc_regions");
        assert.deepEqual(regions.AttributeTypeName, { value: "MultiSelectPicklistType" });
        assert.equal(regions.attributeDescriptor, undefined);
        assert.deepEqual(metadata.Attributes.get("primarycontactid").Targets, ["contact"]);
        assert.equal(metadata.Attributes.get("entityimage_url").AttributeOf, "entityimage");
    });

    it("reads the shape on each call, as a page reads it from its scenario once loaded", async () => {
        let shape;
        const api = loadClientApi().createLocalClientApi({ metadataShape: () => shape });
        const typeName = async () => {
            const regions = (await api.getEntityMetadata("account", ["ftc_regions"])).Attributes.get("ftc_regions");
            return [regions.AttributeTypeName?.value, regions.attributeDescriptor?.AttributeTypeName?.value];
        };
        assert.deepEqual(await typeName(), [undefined, "MultiSelectPicklistType"]);
        shape = "full";
        assert.deepEqual(await typeName(), ["MultiSelectPicklistType", undefined]);
    });
});

describe("Web API errors carry errorCode as the documented positive decimal", () => {
    it("a record that doesn't exist: 0x80040217 as 2147746327", async () => {
        const { webAPI } = loadClientApi().createLocalClientApi();
        const missing = "00000000-0000-4000-8000-000000000000";
        const error = await webAPI.retrieveRecord("account", missing).then(
            () => assert.fail("expected a rejection"),
            (e) => e,
        );
        assert.equal(error.errorCode, 2147746327);
        assert.equal(error.code, "0x80040217");
        assert.match(error.message, /Does Not Exist/);
    });

    it("a user without read access: 0x80040220 as 2147746336", async () => {
        host.dataverse.denyRead("environmentvariabledefinition");
        const { webAPI } = loadClientApi().createLocalClientApi();
        const error = await webAPI.retrieveMultipleRecords("environmentvariabledefinition", "?$select=schemaname").then(
            () => assert.fail("expected a rejection"),
            (e) => e,
        );
        assert.equal(error.errorCode, 2147746336);
        assert.equal(error.code, "0x80040220");
    });

    it("a property the table doesn't have: 0x80060888 as 2147879048", async () => {
        const { webAPI } = loadClientApi().createLocalClientApi();
        const error = await webAPI.retrieveRecord("account", IDS.account, "?$select=nosuchcolumn").then(
            () => assert.fail("expected a rejection"),
            (e) => e,
        );
        assert.equal(error.errorCode, 2147879048);
    });

    it("no answer at all: a positive code too", async () => {
        const offline = () => Promise.reject(new TypeError("Failed to fetch"));
        const { callWebApi } = loadClientApi(offline).createLocalClientApi();
        const error = await callWebApi("accounts").then(
            () => assert.fail("expected a rejection"),
            (e) => e,
        );
        assert.ok(error.errorCode > 0, `errorCode ${error.errorCode}`);
        assert.equal(error.errorCode, 0x800706be);
    });
});

describe("lookup annotations", () => {
    it("name a customer lookup's navigation property per target, as Dataverse does", async () => {
        const { webAPI } = loadClientApi().createLocalClientApi();
        const select = "?$select=_ftc_customerid_value,_primarycontactid_value,_ownerid_value";
        const row = await webAPI.retrieveRecord("account", IDS.account, select);
        assert.equal(row[`_ftc_customerid_value${LOOKUP_TABLE}`], "contact");
        assert.equal(row[`_ftc_customerid_value${NAVIGATION}`], "ftc_customerid_contact");
        assert.equal(row[`_primarycontactid_value${NAVIGATION}`], "primarycontactid");
        assert.equal(row[`_ownerid_value${NAVIGATION}`], "ownerid");

        host.dataverse.rows.account[0].ftc_customerid = { table: "account", id: IDS.parentAccount };
        const again = await webAPI.retrieveRecord("account", IDS.account, select);
        assert.equal(again[`_ftc_customerid_value${NAVIGATION}`], "ftc_customerid_account");
    });
});
