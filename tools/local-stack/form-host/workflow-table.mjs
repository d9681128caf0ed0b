// The emulated Dataverse `workflow` table (entity set `workflows`), as far as the starter import fills it and the
// setup page reads it: a cloud flow is a row with category 5 (Modern Flow), its definition as JSON in `clientdata`,
// on/off in statecode/statuscode, and `resourceid`, the id the Power Automate API addresses it by.
// Column names: Dataverse's workflow table (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/workflow).
import { choiceColumn, statusColumns, table } from "./table-shape.mjs";

export const WORKFLOW_TABLE = Object.freeze(
    table("workflows", "Process", { id: "workflowid", name: "name" }, [
        { logicalName: "workflowid", type: "Uniqueidentifier", displayName: "Process" },
        { logicalName: "name", type: "String", displayName: "Process Name", maxLength: 100 },
        { logicalName: "description", type: "Memo", displayName: "Description", maxLength: 100000 },
        choiceColumn("category", "Picklist", "Category", [
            [0, "Workflow"],
            [5, "Modern Flow"],
        ]),
        choiceColumn("type", "Picklist", "Type", [
            [1, "Definition"],
            [2, "Activation"],
        ]),
        ...statusColumns(
            [
                [0, "Draft"],
                [1, "Activated"],
            ],
            [
                [1, "Draft"],
                [2, "Activated"],
            ],
        ),
        { logicalName: "clientdata", type: "Memo", displayName: "Client Data", maxLength: 1073741823 },
        { logicalName: "primaryentity", type: "String", displayName: "Primary Entity", maxLength: 100 },
        { logicalName: "resourceid", type: "Uniqueidentifier", displayName: "Resource Id" },
        { logicalName: "workflowidunique", type: "Uniqueidentifier", displayName: "Unique Id" },
        { logicalName: "ownerid", type: "Owner", displayName: "Owner", targets: ["systemuser"] },
    ]),
);
