/**
 * The JSX factory of the control's components, under short names (each .tsx names them in its `@jsx`
 * pragma). `React.createElement` written out at every element cost ~50 B gzip of the control's own code,
 * which has a size budget; React's createElement and Fragment don't depend on `this`, so aliases are safe.
 */
import * as React from "react";

export const h = React.createElement;
export const Fragment = React.Fragment;
