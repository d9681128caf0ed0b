import { findFlowButtons } from "../../../FlowTriggerControl/setup/formXml";

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, "application/xml");

// The shape of real form XML: a cell control and its controlDescription with one customControl per form factor
// (TALXIS/docs src/en/developer-guide/applications/controls/general.md; Microsoft's Maps control sample).
const FORM = `<form><tabs><tab><columns><column><sections><section><rows>
  <row><cell id="{c1}"><control id="ftc_flowstatus" classid="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}" datafieldname="ftc_flowstatus" uniqueid="{AAAA0000-0000-4000-8000-000000000001}" /></cell></row>
  <row><cell id="{c2}"><control id="name" classid="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}" datafieldname="name" uniqueid="{AAAA0000-0000-4000-8000-000000000002}" /></cell></row>
</rows></section></sections></column></columns></tab></tabs>
<controlDescriptions>
  <controlDescription forControl="{AAAA0000-0000-4000-8000-000000000001}">
    <customControl id="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}"><parameters><datafieldname>ftc_flowstatus</datafieldname></parameters></customControl>
    <customControl formFactor="2" name="ftc_FlowTrigger.FlowTriggerControl"><parameters><boundField>ftc_flowstatus</boundField><flowUrl static="true" type="Multiple">phone</flowUrl></parameters></customControl>
    <customControl formFactor="0" name="ftc_FlowTrigger.FlowTriggerControl"><parameters>
      <boundField>ftc_flowstatus</boundField>
      <flowUrl static="true" type="Multiple">ftc_ApprovalFlowUrl</flowUrl>
      <authMode static="true" type="Enum">EntraUser</authMode>
      <sendTrackingHeader static="true" type="TwoOptions">true</sendTrackingHeader>
      <notAProperty static="true" type="SingleLine.Text">x</notAProperty>
    </parameters></customControl>
  </controlDescription>
  <controlDescription forControl="{AAAA0000-0000-4000-8000-000000000002}">
    <customControl formFactor="0" name="MscrmControls.Rating.StarRatingControl"><parameters><value>name</value></parameters></customControl>
  </controlDescription>
</controlDescriptions></form>`;

describe("findFlowButtons", () => {
    it("lists each Flow Trigger Button with its field and the web client's parameters, ignoring other controls", () => {
        expect(findFlowButtons(FORM, parse)).toEqual([
            {
                field: "ftc_flowstatus",
                raw: { flowUrl: "ftc_ApprovalFlowUrl", authMode: "EntraUser", sendTrackingHeader: "true" },
            },
        ]);
    });

    it("finds the field from the cell when the parameters don't name it, under any publisher prefix", () => {
        const xml = FORM.replace(/<boundField>ftc_flowstatus<\/boundField>/g, "").replace(
            /ftc_FlowTrigger\./g,
            "abc_FlowTrigger.",
        );
        expect(findFlowButtons(xml, parse).map((b) => b.field)).toEqual(["ftc_flowstatus"]);
    });

    it("returns nothing for a form without the control or for text that is not XML", () => {
        expect(findFlowButtons("<form><controlDescriptions /></form>", parse)).toEqual([]);
        expect(findFlowButtons("not < xml", parse)).toEqual([]);
    });
});
