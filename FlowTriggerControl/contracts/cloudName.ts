/** The Microsoft clouds the control can sign in to and call flows in (flow/clouds.ts has their facts). */
export type CloudName = "Public" | "UsGov" | "UsGovHigh" | "UsGovDoD" | "China";
