/**
 * The page's rows, in the order they run. One entry per row: adding a check is one entry here plus its
 * check function and texts. Ids are a contract (`data-check`); titles are resx keys.
 */
export const CHECK_ROWS = [
    { id: "settings", title: "Setup_Row_Settings" },
    { id: "flowUrl", title: "Setup_Row_FlowUrl" },
    { id: "redirectPage", title: "Setup_Row_RedirectPage" },
    { id: "signIn", title: "Setup_Row_SignIn" },
    { id: "token", title: "Setup_Row_Token" },
    { id: "testRun", title: "Setup_Row_TestRun" },
    { id: "schema", title: "Setup_Row_Schema" },
    { id: "flow", title: "Setup_Row_Flow" },
] as const;

export type CheckId = (typeof CHECK_ROWS)[number]["id"];
