// How the emulated Dataverse tables are written down (dataset.mjs, workflow-table.mjs): one home for the shape of
// a table, of a choice column and of the statecode/statuscode pair every table with a status has, so each table
// lists only its own names and labels. The metadata they produce is what dataverse.mjs serves (OptionSet Options as { value, label }).

/**
 * A table's metadata: its entity set, display name, primary id and name columns, and all its columns.
 * @param {string} entitySetName
 * @param {string} displayName
 * @param {{ id: string, name: string }} primary logical names of the primary id and primary name columns
 * @param {object[]} columns
 * @param {object} [more] anything else the table declares (e.g. navigations)
 */
export function table(entitySetName, displayName, primary, columns, more = {}) {
    return {
        entitySetName,
        primaryIdAttribute: primary.id,
        primaryNameAttribute: primary.name,
        displayName,
        columns,
        ...more,
    };
}

/**
 * A column whose values are choices: Picklist, State, Status, Boolean or MultiSelectPicklist.
 * @param {string} logicalName
 * @param {string} type
 * @param {string} displayName
 * @param {[number, string][]} labels value and label of each option, in the order Dataverse lists them
 */
export function choiceColumn(logicalName, type, displayName, labels) {
    return { logicalName, type, displayName, options: labels.map(([value, label]) => ({ value, label })) };
}

/**
 * The `statecode` (Status) and `statuscode` (Status Reason) columns, as Dataverse names them on every table.
 * @param {[number, string][]} states
 * @param {[number, string][]} reasons
 */
export function statusColumns(states, reasons) {
    return [
        choiceColumn("statecode", "State", "Status", states),
        choiceColumn("statuscode", "Status", "Status Reason", reasons),
    ];
}
