// Extra account rows for the grid page: enough to select 10 (or 100 for the benchmark) in a view.
// Deterministic ids and names, so tests and screenshots can name them.
const CITIES = ["Berlin", "Paris", "London", "Madrid", "Vienna", "Zurich", "Oslo", "Dublin", "Lisbon", "Prague"];

/** The id of sample account `n` (1-based). */
export function sampleAccountId(n) {
    return `a0c0${String(n).padStart(4, "0")}-0000-4000-8000-00000000c0de`;
}

/** The name of sample account `n`. */
export function sampleAccountName(n) {
    return `Adatum ${CITIES[(n - 1) % CITIES.length]} ${String(n).padStart(3, "0")}`;
}

/** @param {number} count */
export function sampleAccounts(count) {
    return Array.from({ length: count }, (_, index) => {
        const n = index + 1;
        return {
            accountid: sampleAccountId(n),
            name: sampleAccountName(n),
            accountnumber: `AD-${String(2000 + n)}`,
            telephone1: `+49 30 5550 ${String(n).padStart(4, "0")}`,
            revenue: 100000 + n * 2500,
            statecode: 0,
            statuscode: 1,
        };
    });
}

/** Adds `count` sample accounts to a form host's emulated Dataverse (after any resetData()). */
export function addSampleAccounts(host, count) {
    host.dataverse.rows.account.push(...sampleAccounts(count));
}
