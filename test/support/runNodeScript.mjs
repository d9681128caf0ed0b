// Runs a Node script as a user would (`node <script> …args`), with a hard time limit, for the suites that
// test a command-line tool end to end.
import { spawn } from "node:child_process";

/**
 * @param {string} script path of the .mjs file
 * @param {string[]} args
 * @param {{ cwd?: string, timeoutMs?: number }} [options] after timeoutMs the process is killed (SIGKILL)
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, output: string, ms: number }>}
 *   `output` is stdout and stderr interleaved as they arrived; `ms` the wall time.
 */
export function runNodeScript(script, args, { cwd, timeoutMs = 60_000 } = {}) {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        let output = "";
        child.stdout.on("data", (chunk) => {
            stdout += chunk;
            output += chunk;
        });
        child.stderr.on("data", (chunk) => {
            stderr += chunk;
            output += chunk;
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, output, ms: Date.now() - started });
        });
    });
}
