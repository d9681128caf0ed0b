// The trigger host's CORS answers, switchable by option, so the setup page (issue 16) can be shown each way a real
// tenant might answer; whether Power Automate answers preflights at all, which request headers it allows and which
// response headers it exposes is not documented (README, "Where the emulators guess").
//   preflight: "allow" (default)        any requested header is allowed;
//              "refuseAll"              no Access-Control-Allow-* at all: the browser sends nothing;
//              "refuseTrackingHeader"   only authorization and content-type: x-ms-client-tracking-id is refused;
//   exposeLocation: true (default)       false: a 202's Location (and Retry-After) is not readable by the page.
// Hooked into power-automate.mjs with a few calls.
const DEFAULTS = Object.freeze({ preflight: "allow", exposeLocation: true });
const PREFLIGHTS = new Set(["allow", "refuseAll", "refuseTrackingHeader"]);

export function createCorsPolicy(initial = {}) {
    let policy = { ...DEFAULTS };
    const set = (patch) => {
        const next = { ...policy, ...patch };
        if (!PREFLIGHTS.has(next.preflight)) throw new Error(`Unknown preflight policy ${next.preflight}`);
        policy = next;
    };
    set(initial);
    return {
        set,
        reset() {
            policy = { ...DEFAULTS };
            set(initial);
        },
        get current() {
            return { ...policy };
        },
        /** True when the preflight gets no CORS headers at all. */
        refusesPreflight: () => policy.preflight === "refuseAll",
        /** The Access-Control-Allow-Headers value for what the browser asked. */
        allowedHeaders: (requested) =>
            policy.preflight === "refuseTrackingHeader" ? "authorization, content-type" : requested,
        /** The Access-Control-Expose-Headers value. */
        exposedHeaders: (all) =>
            policy.exposeLocation
                ? all
                : all
                      .split(/,\s*/)
                      .filter((name) => !/^(location|retry-after)$/i.test(name))
                      .join(", "),
    };
}
