import JSZip from "jszip";
import { compareOrdinal } from "./ordinalOrder.mjs";

/** Every entry gets this modification time, so the same content always gives the same bytes. */
export const FIXED_ENTRY_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/**
 * A zip with only file entries (no directory entries), forward-slash names in ordinal order,
 * DEFLATE level 9 and a fixed timestamp. JSZip writes DOS times from the UTC fields, so the
 * result does not depend on the machine's time zone.
 * @param {ReadonlyMap<string, Buffer>} entries name -> content
 * @returns {Promise<Buffer>}
 */
export async function writeDeterministicZip(entries) {
    const zip = new JSZip();
    for (const name of [...entries.keys()].sort(compareOrdinal)) {
        if (name.includes("\\") || name.startsWith("/") || name.endsWith("/") || name.split("/").includes("..")) {
            throw new Error(`Zip entry name "${name}" must be a relative path with forward slashes.`);
        }
        zip.file(name, entries.get(name), { date: FIXED_ENTRY_DATE, createFolders: false, binary: true });
    }
    return zip.generateAsync({
        type: "nodebuffer",
        compression: "DEFLATE",
        compressionOptions: { level: 9 },
        platform: "DOS",
        streamFiles: false,
    });
}
