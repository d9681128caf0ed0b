// The sample Dataverse data behind the local form host: a few tables whose columns cover every
// type the payload supports, plus the users of the Entra ID emulator as systemuser rows.
import { DEFAULT_USERS } from "../emulators/entra-directory.mjs";
import { choiceColumn, statusColumns, table } from "./table-shape.mjs";
import { WORKFLOW_TABLE } from "./workflow-table.mjs";

export const IDS = Object.freeze({
    account: "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b",
    parentAccount: "2c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f",
    contact: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
    currency: "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    team: "4d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a",
    envVarTenant: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    envVarMissingValue: "6f5e4d3c-2b1a-4f0e-8d9c-8b7a6f5e4d3c",
});

/** systemuserid per emulator user: a fixed, readable mapping from the user's object id. */
export function systemUserIdFor(user) {
    return `0a1b2c3d-0000-4000-8000-${user.oid.replace(/-/g, "").slice(-12)}`;
}

const systemUsers = DEFAULT_USERS.map((user) => ({
    systemuserid: systemUserIdFor(user),
    fullname: user.name,
    domainname: user.upn,
    internalemailaddress: user.upn,
    azureactivedirectoryobjectid: user.oid,
}));

const yesNo = (yes, no) => [
    [1, yes],
    [0, no],
];

/** Table definitions: logical name, entity set, primary columns and columns with their metadata. */
export const TABLES = Object.freeze({
    account: table("accounts", "Account", { id: "accountid", name: "name" }, [
        { logicalName: "accountid", type: "Uniqueidentifier", displayName: "Account" },
        { logicalName: "name", type: "String", displayName: "Account Name", maxLength: 160 },
        { logicalName: "accountnumber", type: "String", displayName: "Account Number", maxLength: 20 },
        { logicalName: "telephone1", type: "String", format: "Phone", displayName: "Main Phone", maxLength: 50 },
        { logicalName: "emailaddress1", type: "String", format: "Email", displayName: "Email", maxLength: 100 },
        { logicalName: "websiteurl", type: "String", format: "Url", displayName: "Website", maxLength: 200 },
        {
            logicalName: "tickersymbol",
            type: "String",
            format: "TickerSymbol",
            displayName: "Ticker Symbol",
            maxLength: 10,
        },
        { logicalName: "description", type: "Memo", displayName: "Description", maxLength: 2000 },
        { logicalName: "numberofemployees", type: "Integer", displayName: "Number of Employees" },
        { logicalName: "ftc_discountrate", type: "Decimal", displayName: "Discount Rate", precision: 2 },
        { logicalName: "ftc_rating", type: "Double", displayName: "Rating", precision: 3 },
        { logicalName: "ftc_bigcount", type: "BigInt", displayName: "Big Count" },
        { logicalName: "revenue", type: "Money", displayName: "Annual Revenue" },
        choiceColumn("donotemail", "Boolean", "Do not allow Emails", yesNo("Do Not Allow", "Allow")),
        choiceColumn("industrycode", "Picklist", "Industry", [
            [1, "Accounting"],
            [7, "Consulting"],
            [33, "Wholesale"],
        ]),
        ...statusColumns(
            [
                [0, "Active"],
                [1, "Inactive"],
            ],
            [
                [1, "Active"],
                [2, "Inactive"],
            ],
        ),
        choiceColumn("ftc_regions", "MultiSelectPicklist", "Regions", [
            [100000000, "Europe"],
            [100000001, "Americas"],
            [100000002, "Asia Pacific"],
        ]),
        { logicalName: "primarycontactid", type: "Lookup", displayName: "Primary Contact", targets: ["contact"] },
        { logicalName: "parentaccountid", type: "Lookup", displayName: "Parent Account", targets: ["account"] },
        {
            logicalName: "ftc_customerid",
            type: "Customer",
            displayName: "Billing Customer",
            targets: ["account", "contact"],
        },
        { logicalName: "ownerid", type: "Owner", displayName: "Owner", targets: ["systemuser", "team"] },
        {
            logicalName: "transactioncurrencyid",
            type: "Lookup",
            displayName: "Currency",
            targets: ["transactioncurrency"],
        },
        { logicalName: "createdon", type: "DateTime", displayName: "Created On", dateBehavior: "UserLocal" },
        {
            logicalName: "ftc_contractdate",
            type: "DateTime",
            displayName: "Contract Date",
            dateBehavior: "DateOnly",
            format: "DateOnly",
        },
        {
            logicalName: "ftc_eventtime",
            type: "DateTime",
            displayName: "Event Time",
            dateBehavior: "TimeZoneIndependent",
        },
        { logicalName: "entityimage", type: "Image", displayName: "Default Image" },
        // Columns Dataverse adds for an image or file column (AttributeOf names the column they serve).
        { logicalName: "entityimage_url", type: "String", displayName: "Image URL", attributeOf: "entityimage" },
        {
            logicalName: "entityimage_timestamp",
            type: "BigInt",
            displayName: "Image Timestamp",
            attributeOf: "entityimage",
        },
        { logicalName: "ftc_contractfile", type: "File", displayName: "Contract File" },
        {
            logicalName: "ftc_contractfile_name",
            type: "String",
            displayName: "Contract File Name",
            attributeOf: "ftc_contractfile",
        },
        { logicalName: "ftc_flowstatus", type: "String", displayName: "Flow Status", maxLength: 100 },
    ]),
    contact: table("contacts", "Contact", { id: "contactid", name: "fullname" }, [
        { logicalName: "contactid", type: "Uniqueidentifier", displayName: "Contact" },
        { logicalName: "fullname", type: "String", displayName: "Full Name", maxLength: 160 },
        { logicalName: "emailaddress1", type: "String", format: "Email", displayName: "Email", maxLength: 100 },
    ]),
    systemuser: table("systemusers", "User", { id: "systemuserid", name: "fullname" }, [
        { logicalName: "systemuserid", type: "Uniqueidentifier", displayName: "User" },
        { logicalName: "fullname", type: "String", displayName: "Full Name", maxLength: 200 },
        { logicalName: "domainname", type: "String", displayName: "User Name", maxLength: 1024 },
        {
            logicalName: "internalemailaddress",
            type: "String",
            format: "Email",
            displayName: "Primary Email",
            maxLength: 100,
        },
        {
            logicalName: "azureactivedirectoryobjectid",
            type: "Uniqueidentifier",
            displayName: "Azure AD Object ID",
        },
    ]),
    team: table("teams", "Team", { id: "teamid", name: "name" }, [
        { logicalName: "teamid", type: "Uniqueidentifier", displayName: "Team" },
        { logicalName: "name", type: "String", displayName: "Team Name", maxLength: 160 },
    ]),
    transactioncurrency: table(
        "transactioncurrencies",
        "Currency",
        { id: "transactioncurrencyid", name: "currencyname" },
        [
            { logicalName: "transactioncurrencyid", type: "Uniqueidentifier", displayName: "Currency" },
            { logicalName: "currencyname", type: "String", displayName: "Currency Name", maxLength: 100 },
            { logicalName: "isocurrencycode", type: "String", displayName: "Currency Code", maxLength: 5 },
        ],
    ),
    environmentvariabledefinition: table(
        "environmentvariabledefinitions",
        "Environment Variable Definition",
        { id: "environmentvariabledefinitionid", name: "schemaname" },
        [
            { logicalName: "environmentvariabledefinitionid", type: "Uniqueidentifier", displayName: "Definition" },
            { logicalName: "schemaname", type: "String", displayName: "Schema Name", maxLength: 100 },
            { logicalName: "defaultvalue", type: "Memo", displayName: "Default Value", maxLength: 2000 },
        ],
        {
            // One-to-many to environmentvariablevalue, as Dataverse names it.
            navigations: { environmentvariabledefinition_environmentvariablevalue: "environmentvariablevalue" },
        },
    ),
    // Cloud flows (filled by an imported starter solution, ../starter-import.mjs).
    workflow: WORKFLOW_TABLE,
    environmentvariablevalue: table(
        "environmentvariablevalues",
        "Environment Variable Value",
        { id: "environmentvariablevalueid", name: "schemaname" },
        [
            { logicalName: "environmentvariablevalueid", type: "Uniqueidentifier", displayName: "Value" },
            { logicalName: "schemaname", type: "String", displayName: "Schema Name", maxLength: 100 },
            { logicalName: "value", type: "Memo", displayName: "Value", maxLength: 2000 },
            {
                logicalName: "environmentvariabledefinitionid",
                type: "Lookup",
                displayName: "Definition",
                targets: ["environmentvariabledefinition"],
            },
        ],
    ),
});

/** "request-approval" → "ftc_RequestApprovalFlowUrl": the environment variable holding that flow's URL. */
export function environmentVariableFor(flowName) {
    return `ftc_${flowName.replace(/(^|-)(\w)/g, (_m, _dash, c) => c.toUpperCase())}FlowUrl`;
}

/**
 * Fresh rows for one host instance. Lookup columns hold { id, table }; the Web API layer turns them
 * into `_x_value` with annotations, like Dataverse does.
 * @param {{ flowUrls?: Record<string, string> }} [options] environment variable values by schema name
 */
export function createRows(options = {}) {
    const flowUrls = options.flowUrls ?? {};
    const adele = systemUsers[0];
    const rows = {
        account: [
            {
                accountid: IDS.account,
                name: "Contoso Pharmaceuticals",
                accountnumber: "CP-1001",
                telephone1: "+44 20 7946 0000",
                emailaddress1: "orders@contoso-pharma.test",
                websiteurl: "https://contoso-pharma.test",
                tickersymbol: "CTSO",
                description: 'Key account.\nLine two of the description with "quotes" & <angle brackets>.',
                numberofemployees: 1200,
                ftc_discountrate: 12.5,
                ftc_rating: 4.375,
                ftc_bigcount: 4200000000123,
                revenue: 2500000.75,
                donotemail: false,
                industrycode: 7,
                statecode: 0,
                statuscode: 1,
                ftc_regions: [100000000, 100000002],
                primarycontactid: { table: "contact", id: IDS.contact },
                parentaccountid: { table: "account", id: IDS.parentAccount },
                ftc_customerid: { table: "contact", id: IDS.contact },
                ownerid: { table: "systemuser", id: adele.systemuserid },
                transactioncurrencyid: { table: "transactioncurrency", id: IDS.currency },
                createdon: "2026-11-02T23:30:00Z",
                ftc_contractdate: "2026-12-01",
                ftc_eventtime: "2026-11-20T09:00:00Z",
                entityimage: "iVBORw0KGgo=",
                entityimage_url: `/Image/download.aspx?Entity=account&Attribute=entityimage&Id=${IDS.account}&Timestamp=638712345678`,
                entityimage_timestamp: 638712345678,
                ftc_contractfile: "c0ffee00-0000-4000-8000-000000000001",
                ftc_contractfile_name: "contract.pdf",
                ftc_flowstatus: null,
            },
            { accountid: IDS.parentAccount, name: "Contoso Holdings", revenue: null, statecode: 0, statuscode: 1 },
        ],
        contact: [{ contactid: IDS.contact, fullname: "Nestor Wilke", emailaddress1: "nestor@contoso-pharma.test" }],
        systemuser: systemUsers,
        team: [{ teamid: IDS.team, name: "Sales Team" }],
        transactioncurrency: [{ transactioncurrencyid: IDS.currency, currencyname: "Euro", isocurrencycode: "EUR" }],
        environmentvariabledefinition: [],
        environmentvariablevalue: [],
        workflow: [],
    };
    let n = 0;
    for (const [schemaName, url] of Object.entries(flowUrls)) {
        const definitionId = `e0e0e0e0-0000-4000-8000-${String(++n).padStart(12, "0")}`;
        rows.environmentvariabledefinition.push({
            environmentvariabledefinitionid: definitionId,
            schemaname: schemaName,
            defaultvalue: null,
        });
        rows.environmentvariablevalue.push({
            environmentvariablevalueid: `e1e1e1e1-0000-4000-8000-${String(n).padStart(12, "0")}`,
            schemaname: schemaName,
            value: url,
            environmentvariabledefinitionid: { table: "environmentvariabledefinition", id: definitionId },
        });
    }
    rows.environmentvariabledefinition.push({
        environmentvariabledefinitionid: IDS.envVarMissingValue,
        schemaname: "ftc_EmptyFlowUrl",
        defaultvalue: null,
    });
    return rows;
}
