// The local model-driven form host: serves a page that loads the built control bundle the way the
// platform does (React 16.14 and Fluent 8 as platform-library globals, a ComponentFramework context),
// the control's sign-in redirect web resource on the same origin, and a Dataverse Web API stand-in.
import fs from "node:fs";
import https from "node:https";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRows, TABLES } from "./dataset.mjs";
import { Dataverse, handleDataverseRequest } from "./dataverse.mjs";
import { handleOrganizationRequest } from "./organization.mjs";
import { handleUserRequest } from "./dataverse-user.mjs";
import { handleSetupHostRequest } from "./setup-host.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const nodeModules = path.join(root, "node_modules");

const CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".resx": "application/xml; charset=utf-8",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
};

/** Files the page may load, by URL path: everything else is 404. */
function staticRoutes(bundleDir, commandDir) {
    const gridHost = path.join(here, "..", "grid-host", "public");
    const config = JSON.parse(fs.readFileSync(path.join(root, "Solutions", "solution.config.json"), "utf8"));
    const webResourceDir = `/WebResources/${config.publisher.prefix}_/FlowTriggerControl/`;
    return {
        webResourceDir,
        publisherPrefix: config.publisher.prefix,
        files: {
            "/": path.join(here, "public", "index.html"),
            "/form-host.js": path.join(here, "public", "form-host.js"),
            "/client-api.js": path.join(here, "public", "client-api.js"),
            "/form.css": path.join(here, "public", "form.css"),
            "/vendor/react.js": path.join(nodeModules, "react", "umd", "react.production.min.js"),
            "/vendor/react-dom.js": path.join(nodeModules, "react-dom", "umd", "react-dom.production.min.js"),
            "/vendor/fluentui-react.js": path.join(nodeModules, "@fluentui", "react", "dist", "fluentui-react.umd.js"),
            "/control/bundle.js": path.join(bundleDir, "bundle.js"),
            // The grid page (../grid-host): what a model-driven app hands a command-bar command.
            "/grid": path.join(gridHost, "grid.html"),
            "/grid-host.js": path.join(gridHost, "grid-host.js"),
            "/grid.css": path.join(gridHost, "grid.css"),
            [`${webResourceDir}FlowTriggerCommand.js`]: path.join(commandDir, "FlowTriggerCommand.js"),
            "/control/ControlManifest.xml": path.join(bundleDir, "ControlManifest.xml"),
            // The redirect bridge web resources, served where Dataverse serves the solution's web resources.
            [`${webResourceDir}SignInRedirect.html`]: path.join(
                root,
                "FlowTriggerControl",
                "auth",
                "redirect",
                "SignInRedirect.html",
            ),
            [`${webResourceDir}SignInRedirect.js`]: path.join(
                root,
                "FlowTriggerControl",
                "auth",
                "redirect",
                "SignInRedirect.js",
            ),
            [`${webResourceDir}MsalRedirectBridge.js`]: path.join(
                nodeModules,
                "@azure",
                "msal-browser",
                "lib",
                "redirect-bridge",
                "msal-redirect-bridge.min.js",
            ),
        },
        dirs: {
            "/control/strings/": path.join(bundleDir, "strings"),
            "/fonts/": path.join(nodeModules, "@fluentui", "font-icons-mdl2", "fonts"),
        },
    };
}

function readJson(req, limit = 1_000_000) {
    return new Promise((resolve, reject) => {
        let size = 0;
        const chunks = [];
        req.on("data", (chunk) => {
            size += chunk.length;
            if (size > limit) {
                reject(new Error("Request body too large"));
                req.destroy();
            } else chunks.push(chunk);
        });
        req.on("end", () => {
            try {
                resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {});
            } catch (error) {
                reject(error);
            }
        });
        req.on("error", reject);
    });
}

function serveFile(res, file) {
    fs.readFile(file, (error, data) => {
        if (error) {
            res.writeHead(404, { "Content-Type": "text/plain" });
            res.end("Not found");
            return;
        }
        res.writeHead(200, {
            "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
            // The bridge page must never be cached or carry COOP (msal-browser v5 redirect bridge rules).
            "Cache-Control": "no-store",
        });
        res.end(data);
    });
}

/**
 * Starts the form host.
 * @param {{ port?: number, tls?: { key: string, cert: string }, bundleDir?: string, commandDir?: string, scenario: object, flowUrls?: Record<string,string> }} options
 *   scenario: what the page shows (user, record, control instances); see scenario() in ../stack.mjs.
 */
export async function startFormHost(options) {
    const bundleDir = options.bundleDir ?? path.join(root, "out", "controls", "FlowTriggerControl");
    const commandDir = options.commandDir ?? path.join(root, "out", "command");
    const routes = staticRoutes(bundleDir, commandDir);
    let scenario = options.scenario;
    let dataverse = new Dataverse(createRows({ flowUrls: options.flowUrls }));
    // Rows a solution import put in the environment (../starter-import.mjs), by table and primary id: resetData()
    // brings them back as installed, next to the sample rows (the data tests add or change is what it drops).
    const installedRows = new Map();
    let origin = "";

    const handler = async (req, res) => {
        const url = new URL(req.url ?? "/", "https://127.0.0.1");
        if (url.pathname === "/scenario.json") {
            res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
            res.end(JSON.stringify(scenario));
            return;
        }
        if (handleOrganizationRequest(req, res, url)) return;
        if (handleUserRequest(req, res, url, scenario)) return;
        // The setup page (issue 16): its web resources, ClientGlobalContext.js.aspx, table definitions, main forms.
        const setup = {
            req,
            res,
            url,
            origin,
            scenario,
            ...routes,
            setupDir: options.setupDir ?? path.join(root, "out", "setup"),
        };
        if (handleSetupHostRequest(setup)) return;
        if (await handleDataverseRequest(dataverse, req, res, url, readJson)) return;
        const file = routes.files[url.pathname];
        if (file && req.method === "GET") {
            serveFile(res, file);
            return;
        }
        for (const [prefix, dir] of Object.entries(routes.dirs)) {
            if (url.pathname.startsWith(prefix)) {
                const name = url.pathname.slice(prefix.length);
                if (/^[\w.-]+$/.test(name)) {
                    serveFile(res, path.join(dir, name));
                    return;
                }
            }
        }
        res.writeHead(404, { "Content-Type": "text/plain" });
        res.end("Not found");
    };

    const server = options.tls
        ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
        : http.createServer(handler);
    const sockets = new Set();
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, "127.0.0.1", resolve);
    });
    const { port } = server.address();
    origin = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
    return {
        url: `${origin}/`,
        origin,
        redirectUri: `${origin}${routes.webResourceDir}SignInRedirect.html`,
        gridUrl: `${origin}/grid`,
        setupUrl: `${origin}${routes.webResourceDir}Setup.html`,
        get dataverse() {
            return dataverse;
        },
        setScenario(next) {
            scenario = next;
        },
        /** Adds or replaces a row as part of the environment (a solution component): resetData() keeps it. */
        install(table, row) {
            const id = row[TABLES[table].primaryIdAttribute];
            installedRows.set(`${table}/${id}`, { table, row: structuredClone(row) });
            upsertRow(dataverse.rows, table, row);
        },
        /** Fresh sample rows, plus the installed ones as they were installed. */
        resetData(flowUrls = options.flowUrls) {
            dataverse = new Dataverse(createRows({ flowUrls }));
            for (const { table, row } of installedRows.values()) upsertRow(dataverse.rows, table, structuredClone(row));
        },
        close() {
            return new Promise((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            });
        },
    };
}

function upsertRow(rows, table, row) {
    const key = TABLES[table].primaryIdAttribute;
    const list = (rows[table] ??= []);
    const index = list.findIndex((candidate) => candidate[key] === row[key]);
    if (index >= 0) list[index] = row;
    else list.push(row);
}
