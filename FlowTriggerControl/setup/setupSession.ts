import { signedInUserFromRow } from "../auth/accountSelection";
import type { EntraSettings } from "../auth/entraSettings";
import { displayCode, readAuthError } from "../auth/authErrorCodes";
import type { TokenProvider, SignedInUser } from "../auth/tokenProvider";
import type { Caller, RecordSnapshot } from "../contracts/record";
import type { Result } from "../contracts/result";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import { lookUpCurrentOrganization, type CurrentOrganization } from "../flow/currentEnvironment";
import { resolveEnvironmentVariable } from "../flow/environmentVariable";
import { displayTextFromBody, errorDetailsFromBody, readCappedText } from "../flow/responseReader";
import { callFlow } from "../flow/transport";
import { checkFlowUrl as urlPolicyCheck } from "../flow/urlPolicy";
import { batchSchemaOf } from "../payload/batchPayload";
import { isSentToFlow } from "../payload/fieldValues";
import { normalizeEntityMetadata } from "../payload/metadata";
import type { ColumnInfo, FlowPayload } from "../payload/payload.types";
import { buildPayload } from "../payload/payloadBuilder";
import { buildPayloadSchema, type JsonSchema } from "../payload/payloadSchema";
import { createRecordReader, type RecordReader } from "../payload/recordReader";
import { abortableSleep } from "../run/createRunner";
import { parseSettings, type HostDefaults } from "../settings/settings";
import type { Settings } from "../settings/settings.types";
import {
    checkFlowUrl,
    checkRedirectPage,
    checkSchema,
    checkSettings,
    checkSignIn,
    checkTestRun,
    checkToken,
    receivedHeaderNamesFromBody,
    type ExchangeObservation,
    type FlowUrlObservation,
    type SignInObservation,
    type TestRunObservation,
} from "./checks";
import { result, type CheckResult } from "./checkTypes";
import type { SetupWebApi } from "./dataverseWebApi";
import type { PageContext } from "./globalContext";
import type { SetupInputs } from "./inputs";
import { CHECK_ROWS, type CheckId } from "./rows";
import { decodeClaims } from "./tokenClaims";
import { checkFlowConsistency, type FlowCheck } from "./flowConsistency";
import type { FlowWebApi, VariableForSave } from "./flowWebApi";
import {
    callbackUrlAddress,
    checkFlowRow,
    flowApiOrigin,
    listHttpFlows,
    readCallbackAnswer,
    type ListedFlow,
} from "./flowWiring";

/**
 * One round of checks over the page's inputs, reusing the run's pieces one by one (settings → URL → token →
 * record → payload → transport) so each is checked and reported on its own. The page calls `check()` on
 * load and whenever the inputs change, `signIn()` from the Sign in click, `previewTestRun()` and
 * `sendTestRun()` from the test run's two clicks. Nothing here runs the flow except sendTestRun().
 */
export interface SessionDeps {
    readonly page: PageContext;
    readonly publisherPrefix: string;
    readonly webApi: SetupWebApi;
    readonly fetch: typeof fetch;
    readonly createTokenProvider: (entra: EntraSettings, user: SignedInUser) => TokenProvider;
    readonly now: () => Date;
    readonly newCorrelationId: () => string;
    /** Called whenever a row changes. */
    readonly onChange: () => void;
    /** The flow row's Dataverse calls (flowWebApi.ts); without it the row is skipped. */
    readonly flowApi?: FlowWebApi;
}

/** The flow row: the listed flows, the chosen one, its trigger URL and the pending save. */
export interface FlowRowState {
    readonly flows: readonly ListedFlow[];
    readonly chosenId?: string;
    /** The chosen flow's checks, in order. */
    readonly checks?: readonly FlowCheck[];
    /** The trigger URL to save (from Power Automate or pasted), accepted by the control's URL policy. */
    readonly url?: { readonly value: string; readonly source: "api" | "pasted" };
    /** Why there is no URL (Power Automate's refusal, or the URL policy's). */
    readonly urlProblem?: UserMessage;
    /** Save to environment variable, first click: what would change. */
    readonly save?: { readonly variable: VariableForSave; readonly newValue: string };
    /** The last save's outcome. */
    readonly saveOutcome?: { readonly ok: boolean; readonly message: UserMessage };
}

export interface TestRunPreview {
    readonly url: string;
    readonly payload: FlowPayload;
    readonly body: string;
}

const SIGN_IN_PAGE_MARK = "MsalRedirectBridge.js";

export class SetupSession {
    public readonly rows = new Map<CheckId, CheckResult>();
    public schema?: { readonly single: JsonSchema; readonly batch: JsonSchema };
    public preview?: TestRunPreview;
    public flowRow: FlowRowState = { flows: [] };
    private columns?: readonly ColumnInfo[];
    private settings?: Settings;
    private inputs?: SetupInputs;
    private target?: URL;
    private tokenProvider?: TokenProvider;
    private token?: string;
    private sample?: Result<RecordSnapshot>;
    private round = 0;
    private organization?: Promise<CurrentOrganization>;
    private readonly deps: SessionDeps;

    constructor(deps: SessionDeps) {
        this.deps = deps;
    }

    /** The environment's id and tenant (RetrieveCurrentOrganization), asked once per page. */
    private currentOrganization(): Promise<CurrentOrganization> {
        this.organization ??= lookUpCurrentOrganization(this.deps.fetch);
        return this.organization;
    }

    private hostDefaults(orgTenantId: string | undefined): HostDefaults {
        return { origin: this.deps.page.origin, publisherPrefix: this.deps.publisherPrefix, orgTenantId };
    }

    private caller(): Caller {
        const { userId, userName, languageId } = this.deps.page;
        return { userId, name: userName, languageId };
    }

    private set(id: CheckId, check: CheckResult): void {
        this.rows.set(id, check);
        this.deps.onChange();
    }

    /** Runs every check up to the token (and the schema); the test run waits for its click. */
    public async check(inputs: SetupInputs): Promise<void> {
        const round = ++this.round;
        const current = (): boolean => round === this.round;
        this.inputs = inputs;
        this.settings = undefined;
        this.target = undefined;
        this.tokenProvider = undefined;
        this.token = undefined;
        this.preview = undefined;
        this.schema = undefined;
        this.sample = undefined;
        this.columns = undefined;
        this.flowRow = { flows: [] };
        for (const row of CHECK_ROWS) this.rows.set(row.id, result("pending", message("Setup_Pending")));
        this.deps.onChange();

        let parsed = parseSettings(inputs.raw, this.hostDefaults(undefined));
        if (!parsed.ok && parsed.errors.some((error) => error.reason.key === "Error_Config_TenantUnknown")) {
            // No tenantId set: the environment's own, as on a command.
            const { tenantId } = await this.currentOrganization();
            if (!current()) return;
            parsed = parseSettings(inputs.raw, this.hostDefaults(tenantId));
        }
        this.set("settings", checkSettings(parsed.ok ? [] : parsed.errors));
        if (!parsed.ok) {
            // Every other row needs settings the control accepts.
            for (const row of CHECK_ROWS) {
                if (row.id !== "settings") this.set(row.id, result("skip", message("Setup_FixSettingsFirst")));
            }
            return;
        }
        const settings = parsed.settings;
        this.settings = settings;

        const [flowUrl] = await Promise.all([
            this.observeFlowUrl(settings),
            this.checkRedirect(settings, current),
            this.startSignIn(settings, current),
            this.checkSchema(inputs, settings, current),
        ]);
        if (!current()) return;
        this.set("flowUrl", checkFlowUrl(flowUrl));
        this.set("testRun", checkTestRun(undefined));
        await this.listFlows(current);
    }

    // ---- the flow row --------------------------------------------------------------------------------

    /** Lists the environment's HTTP-triggered cloud flows and checks the first one (nothing runs). */
    private async listFlows(current: () => boolean): Promise<void> {
        const api = this.deps.flowApi;
        if (!api) {
            this.set("flow", result("skip", message("Setup_FlowRow_NotAvailable")));
            return;
        }
        let flows: ListedFlow[];
        try {
            flows = listHttpFlows(await api.cloudFlows());
        } catch (error) {
            if (current()) this.set("flow", checkFlowRow({ kind: "failed", reason: describeFailure(error) }));
            return;
        }
        if (!current()) return;
        this.flowRow = { flows };
        if (flows.length === 0) this.set("flow", checkFlowRow({ kind: "none" }));
        else this.chooseFlow(flows[0].workflowId);
    }

    /** Checks the chosen flow against the settings, without running it. */
    public chooseFlow(workflowId: string): void {
        const flow = this.flowRow.flows.find((candidate) => candidate.workflowId === workflowId);
        const settings = this.settings;
        if (!flow || !settings) return;
        const checks = checkFlowConsistency({
            flow: flow.stored,
            authMode: settings.urlPolicy.authMode,
            fields: this.columns ?? [],
        }).filter((check) => this.columns !== undefined || check.id !== "schema");
        this.flowRow = { flows: this.flowRow.flows, chosenId: workflowId, checks };
        this.set("flow", checkFlowRow({ kind: "checked", flow, checks }));
    }

    private chosenFlow(): ListedFlow | undefined {
        return this.flowRow.flows.find((flow) => flow.workflowId === this.flowRow.chosenId);
    }

    private setFlowRow(change: Partial<FlowRowState>): void {
        this.flowRow = { ...this.flowRow, ...change };
        this.deps.onChange();
    }

    /**
     * Get the trigger URL: asks Power Automate (listCallbackUrl) with the maker's own token, the one the trigger
     * accepts too. Only the flow's owners get an answer; any refusal is said and a pasted URL accepted instead.
     */
    public async getTriggerUrl(): Promise<void> {
        const settings = this.settings;
        const flow = this.chosenFlow();
        if (!settings || !flow) return;
        const clear = { url: undefined, urlProblem: undefined, save: undefined, saveOutcome: undefined };
        if (this.token === undefined) {
            this.setFlowRow({ ...clear, urlProblem: message("Setup_TriggerUrl_NeedsSignIn") });
            return;
        }
        const { environmentId } = await this.currentOrganization();
        const address =
            environmentId === undefined || flow.resourceId === undefined
                ? undefined
                : callbackUrlAddress(
                      flowApiOrigin(settings.urlPolicy.cloud, settings.urlPolicy.trustedHosts),
                      environmentId,
                      flow.resourceId,
                      flow.trigger.triggerName,
                  );
        if (address === undefined) {
            this.setFlowRow({ ...clear, urlProblem: message("Setup_TriggerUrl_NoEnvironment") });
            return;
        }
        let status: number | "network";
        let body: unknown;
        try {
            const response = await this.deps.fetch(address, {
                method: "POST",
                headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json" },
                credentials: "omit",
                cache: "no-store",
            });
            status = response.status;
            body = JSON.parse(await readCappedText(response, 64 * 1024).catch(() => "{}"));
        } catch {
            status = "network";
        }
        const answer = readCallbackAnswer(status, body);
        if (!answer.ok) {
            this.setFlowRow({ ...clear, urlProblem: answer.reason });
            return;
        }
        this.acceptUrl(answer.value, "api");
    }

    /** A pasted trigger URL, where Power Automate would not give it. */
    public usePastedUrl(text: string): void {
        this.acceptUrl(text.trim(), "pasted");
    }

    private acceptUrl(value: string, source: "api" | "pasted"): void {
        const settings = this.settings;
        if (!settings) return;
        const policy = urlPolicyCheck(value, settings.urlPolicy);
        this.setFlowRow(
            policy.ok
                ? { url: { value, source }, urlProblem: undefined, save: undefined, saveOutcome: undefined }
                : { url: undefined, urlProblem: policy.reason, save: undefined, saveOutcome: undefined },
        );
    }

    /** Save to environment variable, first click: reads the variable's current value to show old and new. */
    public async prepareSave(): Promise<void> {
        const settings = this.settings;
        const url = this.flowRow.url;
        const api = this.deps.flowApi;
        if (!settings || !url || !api) return;
        if (settings.target.kind !== "environmentVariable") {
            this.setFlowRow({ saveOutcome: { ok: false, message: message("Setup_Save_NotAVariable") } });
            return;
        }
        const schemaName = settings.target.schemaName;
        let variable: VariableForSave | undefined;
        try {
            variable = await api.variable(schemaName);
        } catch (error) {
            const reason = describeFailure(error);
            this.setFlowRow({ saveOutcome: { ok: false, message: message("Setup_Save_Failed", schemaName, reason) } });
            return;
        }
        if (!variable) {
            this.setFlowRow({ saveOutcome: { ok: false, message: message("Setup_Save_NoDefinition", schemaName) } });
            return;
        }
        this.setFlowRow({ save: { variable, newValue: url.value }, saveOutcome: undefined });
    }

    public cancelSave(): void {
        this.setFlowRow({ save: undefined });
    }

    /** Second click: writes the current value (nowhere else), then the flowUrl row checks it again. */
    public async confirmSave(): Promise<void> {
        const settings = this.settings;
        const save = this.flowRow.save;
        const api = this.deps.flowApi;
        if (!settings || !save || !api) return;
        const name = save.variable.schemaName;
        try {
            await api.saveValue(save.variable, save.newValue);
        } catch (error) {
            this.setFlowRow({
                save: undefined,
                saveOutcome: { ok: false, message: message("Setup_Save_Failed", name, describeFailure(error)) },
            });
            return;
        }
        this.setFlowRow({ save: undefined, saveOutcome: { ok: true, message: message("Setup_Save_Done", name) } });
        this.set("flowUrl", result("pending", message("Setup_Pending")));
        this.set("flowUrl", checkFlowUrl(await this.observeFlowUrl(settings)));
    }

    private async observeFlowUrl(settings: Settings): Promise<FlowUrlObservation> {
        const { authMode, cloud } = settings.urlPolicy;
        let raw: string;
        let variable: FlowUrlObservation["variable"];
        if (settings.target.kind === "url") {
            raw = settings.target.url;
        } else {
            const schemaName = settings.target.schemaName;
            let row: Record<string, unknown> | undefined;
            const api = this.deps.webApi.environmentVariables;
            const resolved = await resolveEnvironmentVariable(schemaName, {
                // Records the definition row, to tell its current value from its default value.
                retrieveMultipleRecords: async (table, options, size) => {
                    const answer = await api.retrieveMultipleRecords(table, options, size);
                    row = answer.entities[0];
                    return answer;
                },
            });
            if (!resolved.ok) {
                const key = resolved.reason.key;
                const source =
                    key === "Error_EnvVar_NotFound"
                        ? "missing"
                        : key === "Error_EnvVar_NoValue"
                          ? "empty"
                          : "unreadable";
                return { authMode, cloud, variable: { schemaName, source, error: resolved.reason } };
            }
            const values = row?.environmentvariabledefinition_environmentvariablevalue;
            const hasCurrent =
                Array.isArray(values) &&
                values.some(
                    (value: { value?: unknown }) => typeof value?.value === "string" && value.value.trim() !== "",
                );
            variable = { schemaName, source: hasCurrent ? "current" : "default" };
            raw = resolved.value.trim();
        }
        const policy = urlPolicyCheck(raw, settings.urlPolicy);
        if (policy.ok) this.target = policy.value.url;
        const currentEnvironmentId = (await this.currentOrganization()).environmentId;
        return {
            authMode,
            cloud,
            variable,
            url: raw,
            policyError: policy.ok ? undefined : policy.reason,
            currentEnvironmentId,
        };
    }

    private async checkRedirect(settings: Settings, current: () => boolean): Promise<void> {
        const entra = settings.entra;
        if (!entra) {
            this.set("redirectPage", result("skip", message("Setup_SignIn_NotNeeded")));
            return;
        }
        let answer: { status: number; isSignInPage: boolean } | "network";
        try {
            const response = await this.deps.fetch(entra.redirectUri, {
                credentials: "same-origin",
                cache: "no-store",
            });
            const text = await readCappedText(response, 64 * 1024).catch(() => "");
            answer = { status: response.status, isSignInPage: text.includes(SIGN_IN_PAGE_MARK) };
        } catch {
            answer = "network";
        }
        if (!current()) return;
        this.set(
            "redirectPage",
            checkRedirectPage({ redirectUri: entra.redirectUri, pageOrigin: this.deps.page.origin, answer }),
        );
    }

    private signInContext(entra: EntraSettings) {
        return { redirectUri: entra.redirectUri, clientId: entra.clientId, tenantId: entra.tenantId };
    }

    /** Silent sign-in only (never a window): the Sign in button opens one from its click when needed. */
    private async startSignIn(settings: Settings, current: () => boolean): Promise<void> {
        const entra = settings.entra;
        if (!entra) {
            this.set("signIn", checkSignIn({ kind: "notNeeded" }, { redirectUri: "", clientId: "", tenantId: "" }));
            this.set("token", result("skip", message("Setup_SignIn_NotNeeded")));
            return;
        }
        const user = signedInUserFromRow(await this.deps.webApi.systemUser(this.deps.page.userId));
        if (!current()) return;
        const provider = this.deps.createTokenProvider(entra, user);
        this.tokenProvider = provider;
        this.set("signIn", checkSignIn({ kind: "waiting" }, this.signInContext(entra)));
        this.set("token", result("pending", message("Setup_Token_Waiting")));
        const token = await provider.prepare();
        if (!current() || token === undefined) return;
        this.acceptToken(entra, token, true);
    }

    private acceptToken(entra: EntraSettings, token: string, silently: boolean): void {
        this.token = token;
        this.set("signIn", checkSignIn({ kind: "signedIn", silently }, this.signInContext(entra)));
        this.set(
            "token",
            checkToken(decodeClaims(token), {
                cloud: entra.cloud,
                tenantId: entra.tenantId,
                nowSeconds: Math.floor(this.deps.now().getTime() / 1000),
            }),
        );
    }

    /** From the Sign in click: no await before getToken(), so MSAL's window opens inside the click. */
    public signIn(): Promise<void> {
        const entra = this.settings?.entra;
        const provider = this.tokenProvider;
        if (!entra || !provider) return Promise.resolve();
        const round = this.round;
        const pending = provider.getToken();
        return pending.then(
            (token) => {
                if (round === this.round) this.acceptToken(entra, token, false);
                return undefined;
            },
            (error: unknown) => {
                if (round !== this.round) return;
                this.set("signIn", checkSignIn(signInFailure(error), this.signInContext(entra)));
                this.set("token", result("skip", message("Setup_Token_NoSignIn")));
            },
        );
    }

    private async checkSchema(inputs: SetupInputs, settings: Settings, current: () => boolean): Promise<void> {
        const table = inputs.table.trim().toLowerCase();
        if (table === "") {
            this.set("schema", checkSchema({ kind: "noTable" }));
            return;
        }
        let columns: ColumnInfo[];
        try {
            columns = await this.columnsFor(table, settings.fields);
        } catch (error) {
            if (current()) this.set("schema", checkSchema({ kind: "failed", reason: reasonOf(error) }));
            return;
        }
        const single = buildPayloadSchema(columns);
        if (current()) this.columns = columns;
        let sampleProblem: UserMessage | undefined;
        if (inputs.recordId.trim() === "") {
            sampleProblem = message("Setup_Fix_ChooseRecord");
        } else {
            const reader: RecordReader = createRecordReader(this.deps.webApi.sources);
            this.sample = await reader.read(table, inputs.recordId, settings.fields);
            if (!this.sample.ok) sampleProblem = this.sample.reason;
        }
        if (!current()) return;
        this.schema = { single, batch: batchSchemaOf(single) };
        this.set("schema", checkSchema({ kind: "ready", table, columns: columns.length, sampleProblem }));
    }

    /** The columns the payload carries for these fields, from the table's live metadata. */
    private async columnsFor(table: string, fields: Settings["fields"]): Promise<ColumnInfo[]> {
        if (fields.kind === "none") return [];
        let raw: unknown;
        try {
            raw = await this.deps.webApi.sources.metadata.getEntityMetadata(table, []);
        } catch {
            throw new UserFacingError(message("Setup_Schema_MetadataFailed", table));
        }
        const all = normalizeEntityMetadata(raw).columns;
        if (all.length === 0) throw new UserFacingError(message("Setup_Schema_MetadataFailed", table));
        if (fields.kind === "all") {
            return all.filter((c) => isSentToFlow(c) && c.isValidForRead !== false && c.attributeOf === undefined);
        }
        const byName = new Map(all.map((c) => [c.logicalName, c]));
        const unknown = fields.names.filter((name) => !byName.has(name));
        if (unknown.length > 0)
            throw new UserFacingError(message("Error_Payload_UnknownColumn", table, unknown.join(", ")));
        const columns = fields.names.map((name) => byName.get(name)!);
        const unsendable = columns.filter((c) => !isSentToFlow(c)).map((c) => c.logicalName);
        if (unsendable.length > 0)
            throw new UserFacingError(message("Error_Payload_UnsupportedColumn", unsendable.join(", ")));
        return columns;
    }

    /** First click: the exact payload the test run would send, or why there is none. Sends nothing. */
    public previewTestRun(): Result<TestRunPreview> {
        if (!this.settings || !this.target) return { ok: false, reason: message("Setup_TestRun_NeedsUrl") };
        if (this.settings.entra && this.token === undefined)
            return { ok: false, reason: message("Setup_TestRun_NeedsSignIn") };
        if (!this.sample) return { ok: false, reason: message("Setup_Fix_ChooseRecord") };
        if (!this.sample.ok) return { ok: false, reason: this.sample.reason };
        const payload = buildPayload({
            correlationId: this.deps.newCorrelationId(),
            triggeredAt: this.deps.now(),
            record: this.sample.value,
            caller: this.caller(),
        });
        this.preview = { url: this.target.href, payload, body: JSON.stringify(payload) };
        return { ok: true, value: this.preview };
    }

    /** Second click: sends the previewed payload once, through the control's transport, and diagnoses it. */
    public async sendTestRun(): Promise<void> {
        const settings = this.settings;
        const preview = this.preview;
        const target = this.target;
        if (!settings || !preview || !target) return;
        this.preview = undefined;
        this.set("testRun", result("pending", message("Setup_TestRun_Sending")));
        const first = await this.exchange(settings, target, preview, settings.sendTrackingHeader);
        let withoutTrackingHeader: ExchangeObservation | undefined;
        if (first.status === "network" && settings.sendTrackingHeader) {
            // Safe to repeat: a request that never reached the flow started nothing. When the browser's preflight
            // is refused, the POST itself is never sent.
            withoutTrackingHeader = await this.exchange(settings, target, preview, false);
        }
        const seen: TestRunObservation = { authMode: settings.urlPolicy.authMode, first, withoutTrackingHeader };
        this.set("testRun", checkTestRun(seen));
    }

    private async exchange(
        settings: Settings,
        url: URL,
        preview: TestRunPreview,
        trackingHeader: boolean,
    ): Promise<ExchangeObservation> {
        const token = this.token;
        const provider = this.tokenProvider;
        let last: ExchangeObservation | undefined;
        const started = this.deps.now().getTime();
        // The transport's own fetch, observed: the status, error code and which headers the page may read.
        const observe: typeof fetch = async (input, init) => {
            const isPost = init?.method === "POST";
            let response: Response;
            try {
                response = await this.deps.fetch(input, init);
            } catch (error) {
                if (isPost) last = { ...emptyExchange(trackingHeader), elapsedMs: this.deps.now().getTime() - started };
                throw error;
            }
            if (isPost) {
                const body = await readCappedText(response.clone(), 64 * 1024).catch(() => "");
                const details = errorDetailsFromBody(body);
                last = {
                    status: response.status,
                    errorCode: details.errorCode,
                    flowMessage: response.ok ? displayTextFromBody(body) : details.flowMessage,
                    receivedHeaderNames: response.ok ? receivedHeaderNamesFromBody(body) : undefined,
                    elapsedMs: this.deps.now().getTime() - started,
                    readable: {
                        location: response.headers.get("location") !== null,
                        retryAfter: response.headers.get("retry-after") !== null,
                        runId: response.headers.get("x-ms-workflow-run-id") !== null,
                    },
                    withTrackingHeader: trackingHeader,
                };
            }
            return response;
        };
        await callFlow(
            {
                url,
                body: preview.body,
                correlationId: preview.payload.correlationId,
                policy: settings.urlPolicy,
                getToken:
                    token !== undefined && provider
                        ? (forceRefresh) =>
                              forceRefresh ? provider.getToken({ forceRefresh: true }) : Promise.resolve(token)
                        : undefined,
                timeoutMs: settings.timeoutMs,
                signal: new AbortController().signal,
                sendTrackingHeader: trackingHeader,
            },
            { fetch: observe, sleep: abortableSleep, now: () => this.deps.now().getTime() },
        );
        return last ?? { ...emptyExchange(trackingHeader), elapsedMs: this.deps.now().getTime() - started };
    }

    public currentInputs(): SetupInputs | undefined {
        return this.inputs;
    }
}

function emptyExchange(trackingHeader: boolean): ExchangeObservation {
    return {
        status: "network",
        elapsedMs: 0,
        readable: { location: false, retryAfter: false, runId: false },
        withTrackingHeader: trackingHeader,
    };
}

function signInFailure(error: unknown): SignInObservation {
    if (error instanceof UserFacingError) {
        return { kind: "failed", code: error.code ?? error.userMessage.key, shown: error.userMessage };
    }
    return { kind: "failed", code: displayCode(readAuthError(error)), shown: message("Auth_Failed", "?") };
}

/** A Web API failure in one line (code and message), for the flow row and the save. */
function describeFailure(error: unknown): string {
    if (error instanceof Error) {
        const code = (error as { code?: unknown }).code;
        return typeof code === "string" && code !== "" ? `${code}: ${error.message}` : error.message;
    }
    return String(error);
}

function reasonOf(error: unknown): UserMessage {
    return error instanceof UserFacingError ? error.userMessage : message("Error_Run_Unexpected");
}
