import * as React from "react";
import type { ConfigProblem } from "../contracts/configProblem";

const NO_PROBLEMS: readonly ConfigProblem[] = [];

/** Problems the control only learns after load; the button stays usable while they are pending. */
export function usePreparation(preparation: Promise<readonly ConfigProblem[]> | undefined): readonly ConfigProblem[] {
    const [problems, setProblems] = React.useState<readonly ConfigProblem[]>(NO_PROBLEMS);
    React.useEffect(() => {
        setProblems(NO_PROBLEMS);
        if (!preparation) return undefined;
        let current = true;
        void preparation.then((found) => current && setProblems(found.length > 0 ? found : NO_PROBLEMS));
        return () => {
            current = false;
        };
    }, [preparation]);
    return problems;
}
