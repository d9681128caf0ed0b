/**
 * Message keys only the command library uses. Phase A: their texts (1033, 1031, 1036) wait in
 * newStrings.json until they are merged into the .resx files (see NEW_STRINGS.md); the "Command_" prefix
 * keeps them apart from the control's keys until then.
 */
export const CommandMessageKeys = {
    configTitle: "Command_Config_Title",
    configProblemLine: "Command_Config_ProblemLine",
    settingsMissing: "Command_Config_SettingsMissing",
    settingsNotJson: "Command_Config_SettingsNotJson",
    settingsNotObject: "Command_Config_SettingsNotObject",
    unknownKey: "Command_Config_UnknownKey",
    expectsText: "Command_Config_ExpectsText",
    expectsNumber: "Command_Config_ExpectsNumber",
    expectsBoolean: "Command_Config_ExpectsBoolean",
    maxRowsRange: "Command_Config_MaxRowsRange",
    argsNotGrid: "Command_Args_NotGrid",
    argsNoTable: "Command_Args_NoTable",
    argsNotForm: "Command_Args_NotForm",
    noRows: "Command_Error_NoRows",
    tooManyRows: "Command_Error_TooManyRows",
    badRowId: "Command_Error_BadRowId",
    confirmDefault: "Command_Confirm_Default",
    progress: "Command_Progress",
    summaryTitle: "Command_Summary_Title",
    summarySucceeded: "Command_Summary_Succeeded",
    summaryStarted: "Command_Summary_Started",
    summaryFailed: "Command_Summary_Failed",
    summaryNotRun: "Command_Summary_NotRun",
    summaryFailureLine: "Command_Summary_FailureLine",
    summaryUnnamedRow: "Command_Summary_UnnamedRow",
    formSaveFailed: "Command_Form_SaveFailed",
} as const;
