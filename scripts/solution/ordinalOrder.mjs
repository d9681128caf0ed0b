/** Plain code-unit order, independent of locale, so output never depends on the machine it runs on. */
export function compareOrdinal(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
