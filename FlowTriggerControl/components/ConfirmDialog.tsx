/** @jsx h */
import { DefaultButton, Dialog, DialogFooter, DialogType, PrimaryButton } from "@fluentui/react";
import { h } from "./jsx";
import type { StringLookup } from "./FlowTriggerButton.types";

export interface ConfirmDialogProps {
    /** The maker's question. */
    readonly text: string;
    readonly getString: StringLookup;
    /** A click too: sign-in may open its window from here. */
    readonly onConfirm: () => void;
    readonly onCancel: () => void;
}

/** The blocking "Run / Cancel" question asked before a run when the maker set confirmationText. */
export function ConfirmDialog(props: ConfirmDialogProps) {
    const { getString, onCancel } = props;
    return (
        <Dialog
            hidden={false}
            onDismiss={onCancel}
            dialogContentProps={{ type: DialogType.normal, title: getString("Confirm_Title"), subText: props.text }}
            modalProps={{ isBlocking: true }}
        >
            <DialogFooter>
                <PrimaryButton onClick={props.onConfirm} text={getString("Confirm_Run")} />
                <DefaultButton onClick={onCancel} text={getString("Confirm_Cancel")} />
            </DialogFooter>
        </Dialog>
    );
}
