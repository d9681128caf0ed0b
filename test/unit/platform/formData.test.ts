import { createHostForm, type ClientApiGlobal } from "../../../FlowTriggerControl/platform/formData";
import { confirmSave } from "../../../FlowTriggerControl/run/unsavedChanges";

const RECORD = { tableName: "account", id: "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b" };

interface FakeForm {
    dirty: boolean;
    id: string;
    table: string;
    save: jest.Mock;
    refresh: jest.Mock;
}

/** What the Client API's errorCallback receives: a plain object, not an Error. */
function rejectWith(reason: unknown): Promise<never> {
    return new Promise((_resolve, reject) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the Client API rejects with { errorCode, message }
        reject(reason);
    });
}

/** The Client API as model-driven apps answer: braced upper-case id, thenables from save/refresh. */
function fakeXrm(overrides: Partial<FakeForm> = {}): { xrm: ClientApiGlobal; form: FakeForm } {
    const form: FakeForm = {
        dirty: true,
        id: `{${RECORD.id.toUpperCase()}}`,
        table: "account",
        save: jest.fn(() => {
            form.dirty = false;
            return Promise.resolve();
        }),
        refresh: jest.fn(() => Promise.resolve()),
        ...overrides,
    };
    const xrm: ClientApiGlobal = {
        Page: {
            data: {
                save: () => form.save() as Promise<void>,
                refresh: (save: boolean) => form.refresh(save) as Promise<void>,
                getIsDirty: () => form.dirty,
                entity: { getId: () => form.id, getEntityName: () => form.table, getIsDirty: () => form.dirty },
            },
        },
    };
    return { xrm, form };
}

describe("createHostForm (Xrm.Page.data adapter)", () => {
    it("reads the dirty flag of the form that shows this record (braces and case normalised)", () => {
        const { xrm, form } = fakeXrm();
        const hostForm = createHostForm(RECORD, () => xrm);
        expect(hostForm.isDirty()).toBe(true);
        form.dirty = false;
        expect(hostForm.isDirty()).toBe(false);
    });

    it("a normal save: saved, and the form is clean afterwards", async () => {
        const { xrm, form } = fakeXrm();
        const hostForm = createHostForm(RECORD, () => xrm);
        await expect(hostForm.save()).resolves.toEqual({ kind: "saved" });
        expect(form.save).toHaveBeenCalledTimes(1);
        expect(hostForm.isDirty()).toBe(false);
    });

    it("a failed save (rejected with { errorCode, message }) is failed, and the edits stay", async () => {
        const { xrm } = fakeXrm({
            save: jest.fn(() => rejectWith({ errorCode: -2147220989, message: "Required fields must be filled in." })),
        });
        const hostForm = createHostForm(RECORD, () => xrm);
        await expect(hostForm.save()).resolves.toEqual({
            kind: "failed",
            errorCode: -2147220989,
            message: "Required fields must be filled in.",
        });
        expect(hostForm.isDirty()).toBe(true);
    });

    it("a save rejected with null fields (seen on older hosts) is still failed", async () => {
        const { xrm } = fakeXrm({ save: jest.fn(() => rejectWith({ errorCode: null, message: undefined })) });
        await expect(createHostForm(RECORD, () => xrm).save()).resolves.toEqual({ kind: "failed" });
    });

    it("a save that resolves is reported as saved; run/unsavedChanges' confirmSave then re-reads the dirty flag", async () => {
        const { xrm } = fakeXrm({ save: jest.fn(() => Promise.resolve()) });
        const hostForm = createHostForm(RECORD, () => xrm);
        // An OnSave handler cancelled it: the promise resolved, the form is still dirty.
        await expect(hostForm.save()).resolves.toEqual({ kind: "saved" });
        expect(confirmSave(await hostForm.save(), hostForm.isDirty())).toEqual({ kind: "failed" });
    });

    it("a save that throws synchronously is failed, not thrown", async () => {
        const { xrm } = fakeXrm({
            save: jest.fn(() => {
                throw new Error("boom");
            }),
        });
        await expect(createHostForm(RECORD, () => xrm).save()).resolves.toEqual({ kind: "failed", message: "boom" });
    });

    it("a save that never settles times out after the bound", async () => {
        jest.useFakeTimers();
        try {
            const { xrm } = fakeXrm({ save: jest.fn(() => new Promise(() => undefined)) });
            const pending = createHostForm(RECORD, () => xrm, 5_000).save();
            await jest.advanceTimersByTimeAsync(5_000);
            await expect(pending).resolves.toEqual({ kind: "timedOut" });
        } finally {
            jest.useRealTimers();
        }
    });

    it("a form showing another record (or another table) is not used", async () => {
        for (const other of [{ id: "{00000000-0000-4000-8000-000000000001}" }, { table: "contact" }]) {
            const { xrm, form } = fakeXrm(other);
            const hostForm = createHostForm(RECORD, () => xrm);
            expect(hostForm.isDirty()).toBeUndefined();
            await expect(hostForm.save()).resolves.toEqual({ kind: "unavailable" });
            await expect(hostForm.refresh()).resolves.toBe(false);
            expect(form.save).not.toHaveBeenCalled();
            expect(form.refresh).not.toHaveBeenCalled();
        }
    });

    it("no Xrm, no Page.data, or no record: unknown state, nothing called, nothing thrown", async () => {
        const { xrm, form } = fakeXrm();
        const hosts = [
            createHostForm(RECORD, () => undefined),
            createHostForm(RECORD, () => ({ Page: { data: null } })),
            createHostForm(RECORD, () => ({})),
            createHostForm(undefined, () => xrm),
            createHostForm(RECORD, () => {
                throw new Error("no access");
            }),
        ];
        for (const hostForm of hosts) {
            expect(hostForm.isDirty()).toBeUndefined();
            await expect(hostForm.save()).resolves.toEqual({ kind: "unavailable" });
            await expect(hostForm.refresh()).resolves.toBe(false);
        }
        expect(form.save).not.toHaveBeenCalled();
    });

    it("the default lookup reads the page's global Xrm", () => {
        const { xrm } = fakeXrm();
        const global = globalThis as { Xrm?: ClientApiGlobal };
        global.Xrm = xrm;
        try {
            expect(createHostForm(RECORD).isDirty()).toBe(true);
        } finally {
            delete global.Xrm;
        }
        expect(createHostForm(RECORD).isDirty()).toBeUndefined();
    });

    it("refresh: only a clean form, with refresh(false) so nothing is saved on the user's behalf", async () => {
        const { xrm, form } = fakeXrm();
        const hostForm = createHostForm(RECORD, () => xrm);
        await expect(hostForm.refresh()).resolves.toBe(false);
        expect(form.refresh).not.toHaveBeenCalled();
        form.dirty = false;
        await expect(hostForm.refresh()).resolves.toBe(true);
        expect(form.refresh).toHaveBeenCalledWith(false);
    });

    it("a refresh that fails reports false", async () => {
        const { xrm } = fakeXrm({ dirty: false, refresh: jest.fn(() => Promise.reject(new Error("offline"))) });
        await expect(createHostForm(RECORD, () => xrm).refresh()).resolves.toBe(false);
    });
});
