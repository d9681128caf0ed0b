import "@testing-library/jest-dom";
import { setIconOptions } from "@fluentui/react";

// Icon fonts are not loaded in jsdom; Fluent would warn for every icon it renders.
setIconOptions({ disableWarnings: true });
