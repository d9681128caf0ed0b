// The emulated Dataverse `workflow` table (entity set `workflows`), as far as the starter import fills it and the
// setup page reads it: a cloud flow is a row with category 5 (Modern Flow), its definition as JSON in `clientdata`,
// on/off in statecode/statuscode, and `resourceid`, the id the Power Automate API addresses it by.
// Column names: Dataverse's workflow table (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/workflow).
export const WORKFLOW_TABLE = Object.freeze({
    entitySetName: "workflows",
    primaryIdAttribute: "workflowid",
    primaryNameAttribute: "name",
    displayName: "Process",
    columns: [
        { logicalName: "workflowid", type: "Uniqueidentifier", displayName: "Process" },
        { logicalName: "name", type: "String", displayName: "Process Name", maxLength: 100 },
        { logicalName: "description", type: "Memo", displayName: "Description", maxLength: 100000 },
        {
            logicalName: "category",
            type: "Picklist",
            displayName: "Category",
            options: [
                { value: 0, label: "Workflow" },
                { value: 5, label: "Modern Flow" },
            ],
        },
        {
            logicalName: "type",
            type: "Picklist",
            displayName: "Type",
            options: [
                { value: 1, label: "Definition" },
                { value: 2, label: "Activation" },
            ],
        },
        {
            logicalName: "statecode",
            type: "State",
            displayName: "Status",
            options: [
                { value: 0, label: "Draft" },
                { value: 1, label: "Activated" },
            ],
        },
        {
            logicalName: "statuscode",
            type: "Status",
            displayName: "Status Reason",
            options: [
                { value: 1, label: "Draft" },
                { value: 2, label: "Activated" },
            ],
        },
        { logicalName: "clientdata", type: "Memo", displayName: "Client Data", maxLength: 1073741823 },
        { logicalName: "primaryentity", type: "String", displayName: "Primary Entity", maxLength: 100 },
        { logicalName: "resourceid", type: "Uniqueidentifier", displayName: "Resource Id" },
        { logicalName: "workflowidunique", type: "Uniqueidentifier", displayName: "Unique Id" },
        { logicalName: "ownerid", type: "Owner", displayName: "Owner", targets: ["systemuser"] },
    ],
});
