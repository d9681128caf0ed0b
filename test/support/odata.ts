/**
 * The OData annotations the Dataverse Web API (and Xrm.WebApi) add to a row, written out here independently
 * of FlowTriggerControl/payload so a typo in the control's copy fails the tests.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/select-columns#formatted-values
 */
export const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
export const LOOKUP = "@Microsoft.Dynamics.CRM.lookuplogicalname";
export const NAV = "@Microsoft.Dynamics.CRM.associatednavigationproperty";
