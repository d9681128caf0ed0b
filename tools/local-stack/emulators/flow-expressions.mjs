// A small evaluator of Logic Apps workflow definition language, enough to run an imported flow's actions in the
// Power Automate emulator: the starter flow's Select → Query → Response, and simple Compose/Response flows.
// Functions follow https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference
// and actions https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers. Anything else is
// refused when the flow is imported ("not evaluated by the emulator"), never silently skipped.

/** Functions the evaluator knows. */
export const EVALUATED_FUNCTIONS = Object.freeze([
    "triggerBody",
    "triggerOutputs",
    "body",
    "outputs",
    "item",
    "concat",
    "coalesce",
    "string",
    "json",
    "xml",
    "xpath",
    "toLower",
    "toUpper",
    "startsWith",
    "endsWith",
    "equals",
    "not",
    "if",
    "length",
]);

/** Action types the runner knows. */
export const EVALUATED_ACTIONS = Object.freeze(["Select", "Query", "Compose", "Response"]);

export class ExpressionError extends Error {}

// ---- parsing ------------------------------------------------------------------------------------------------

function tokenize(text) {
    const tokens = [];
    let index = 0;
    while (index < text.length) {
        const char = text[index];
        if (/\s/.test(char)) {
            index += 1;
        } else if (char === "'") {
            let value = "";
            index += 1;
            for (;;) {
                if (index >= text.length) throw new ExpressionError(`Unterminated string in ${text}`);
                if (text[index] === "'") {
                    if (text[index + 1] === "'") {
                        value += "'";
                        index += 2;
                        continue;
                    }
                    index += 1;
                    break;
                }
                value += text[index];
                index += 1;
            }
            tokens.push({ kind: "string", value });
        } else if (/[0-9-]/.test(char) && /[0-9]/.test(text[index + (char === "-" ? 1 : 0)] ?? "")) {
            const match = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(index));
            tokens.push({ kind: "number", value: Number(match[0]) });
            index += match[0].length;
        } else if (/[A-Za-z_@]/.test(char)) {
            const match = /^[A-Za-z_@][A-Za-z0-9_]*/.exec(text.slice(index));
            tokens.push({ kind: "name", value: match[0] });
            index += match[0].length;
        } else if ("()[],.?".includes(char)) {
            tokens.push({ kind: char });
            index += 1;
        } else {
            throw new ExpressionError(`Unexpected "${char}" in ${text}`);
        }
    }
    return tokens;
}

/** Parses one expression (without the leading "@") into a tree. */
export function parseExpression(text) {
    const tokens = tokenize(text);
    let position = 0;
    const peek = () => tokens[position];
    const take = (kind) => {
        const token = tokens[position];
        if (!token || token.kind !== kind) throw new ExpressionError(`Expected ${kind} in ${text}`);
        position += 1;
        return token;
    };
    function primary() {
        const token = peek();
        if (!token) throw new ExpressionError(`Unexpected end of ${text}`);
        position += 1;
        if (token.kind === "string" || token.kind === "number") return { kind: "literal", value: token.value };
        if (token.kind !== "name") throw new ExpressionError(`Unexpected ${token.kind} in ${text}`);
        if (peek()?.kind !== "(") {
            if (token.value === "true" || token.value === "false")
                return { kind: "literal", value: token.value === "true" };
            if (token.value === "null") return { kind: "literal", value: null };
            throw new ExpressionError(`Unknown name ${token.value} in ${text}`);
        }
        take("(");
        const args = [];
        if (peek()?.kind !== ")") {
            args.push(expression());
            while (peek()?.kind === ",") {
                take(",");
                args.push(expression());
            }
        }
        take(")");
        return { kind: "call", name: token.value, args };
    }
    function expression() {
        let node = primary();
        for (;;) {
            const token = peek();
            const optional = token?.kind === "?";
            const next = tokens[position + (optional ? 1 : 0)];
            if (next?.kind === "[") {
                position += optional ? 2 : 1;
                const key = expression();
                take("]");
                node = { kind: "member", target: node, key, optional };
            } else if (next?.kind === ".") {
                position += optional ? 2 : 1;
                node = { kind: "member", target: node, key: { kind: "literal", value: take("name").value }, optional };
            } else return node;
        }
    }
    const tree = expression();
    if (position !== tokens.length) throw new ExpressionError(`Unexpected text after the expression in ${text}`);
    return tree;
}

/** Every function a parsed expression calls (to refuse unknown ones at import). */
export function calledFunctions(tree, found = new Set()) {
    if (tree.kind === "call") {
        found.add(tree.name);
        for (const arg of tree.args) calledFunctions(arg, found);
    } else if (tree.kind === "member") {
        calledFunctions(tree.target, found);
        calledFunctions(tree.key, found);
    }
    return found;
}

// ---- XML values (xml() and xpath()) --------------------------------------------------------------------------

/** json → XML as Logic Apps' xml() does for a one-property object: properties become elements. */
function toXmlNode(name, value) {
    if (value === null || typeof value !== "object")
        return { name, children: [], text: value === null ? "" : String(value) };
    if (Array.isArray(value)) throw new ExpressionError("xml(): an array needs a parent property");
    const children = [];
    for (const [key, child] of Object.entries(value)) {
        if (Array.isArray(child)) for (const item of child) children.push(toXmlNode(key, item));
        else children.push(toXmlNode(key, child));
    }
    return { name, children, text: "" };
}

function xmlOf(value) {
    if (value?.xmlNode) return value;
    const object = typeof value === "string" ? JSON.parse(value) : value;
    const keys = object && typeof object === "object" ? Object.keys(object) : [];
    if (keys.length !== 1) throw new ExpressionError("xml(): the JSON needs exactly one root property");
    return { xmlNode: toXmlNode(keys[0], object[keys[0]]) };
}

/** The XPath forms the emulator evaluates: "/a/b/*", "/a/b" (elements by path) and "name(/*)". */
function xpathOf(xmlValue, path) {
    const root = xmlOf(xmlValue).xmlNode;
    if (path === "name(/*)") return root.name;
    const steps = /^\/[A-Za-z_][\w.-]*(\/([A-Za-z_][\w.-]*|\*))*$/.test(path) ? path.slice(1).split("/") : null;
    if (!steps) throw new ExpressionError(`xpath(): the emulator does not evaluate "${path}"`);
    let nodes = steps[0] === root.name ? [root] : [];
    for (const step of steps.slice(1)) {
        nodes = nodes.flatMap((node) => node.children.filter((child) => step === "*" || child.name === step));
    }
    return nodes.map((node) => ({ xmlNode: node }));
}

// ---- evaluation -----------------------------------------------------------------------------------------------

function member(target, key, optional) {
    if (target === null || target === undefined) {
        if (optional) return null;
        throw new ExpressionError(`Cannot read '${key}' of null`);
    }
    if (typeof target !== "object") throw new ExpressionError(`Cannot read '${key}' of a ${typeof target}`);
    // Property names are matched case-insensitively in the language; headers especially.
    if (Object.prototype.hasOwnProperty.call(target, key)) return target[key];
    const found = Object.keys(target).find((name) => name.toLowerCase() === String(key).toLowerCase());
    if (found !== undefined) return target[found];
    if (optional) return null;
    throw new ExpressionError(`The property '${key}' does not exist`);
}

function textOf(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
}

function call(name, args, context) {
    switch (name) {
        case "triggerBody":
            return context.trigger.body ?? null;
        case "triggerOutputs":
            return { headers: context.trigger.headers, body: context.trigger.body ?? null };
        case "body":
            return context.actions.get(args[0])?.body ?? null;
        case "outputs":
            return context.actions.get(args[0]) ?? null;
        case "item":
            if (!("item" in context)) throw new ExpressionError("item() outside a Select or Query");
            return context.item;
        case "concat":
            return args.map(textOf).join("");
        case "coalesce":
            return args.find((arg) => arg !== null && arg !== undefined) ?? null;
        case "string":
            return textOf(args[0]);
        case "json":
            return typeof args[0] === "string" ? JSON.parse(args[0]) : args[0];
        case "xml":
            return xmlOf(args[0]);
        case "xpath":
            return xpathOf(args[0], args[1]);
        case "toLower":
            return textOf(args[0]).toLowerCase();
        case "toUpper":
            return textOf(args[0]).toUpperCase();
        // Both are documented as not case-sensitive.
        case "startsWith":
            return textOf(args[0]).toLowerCase().startsWith(textOf(args[1]).toLowerCase());
        case "endsWith":
            return textOf(args[0]).toLowerCase().endsWith(textOf(args[1]).toLowerCase());
        case "equals":
            return JSON.stringify(args[0]) === JSON.stringify(args[1]);
        case "not":
            return !args[0];
        case "if":
            return args[0] ? args[1] : args[2];
        case "length":
            return Array.isArray(args[0]) ? args[0].length : textOf(args[0]).length;
        default:
            throw new ExpressionError(`The emulator does not evaluate ${name}()`);
    }
}

function evaluateTree(tree, context) {
    switch (tree.kind) {
        case "literal":
            return tree.value;
        case "member":
            return member(evaluateTree(tree.target, context), evaluateTree(tree.key, context), tree.optional);
        case "call":
            return call(
                tree.name,
                tree.args.map((arg) => evaluateTree(arg, context)),
                context,
            );
        default:
            throw new ExpressionError(`Unknown node ${tree.kind}`);
    }
}

/** The expressions inside a JSON value: "@expr" strings and "@{expr}" interpolations. */
function expressionsOf(text) {
    if (text.startsWith("@@")) return [];
    if (text.startsWith("@") && !text.startsWith("@{")) return [text.slice(1)];
    return [...text.matchAll(/@\{([^}]*)\}/g)].map((match) => match[1]);
}

/** Parses every expression in a value; throws on syntax errors and unknown functions. */
export function checkExpressions(value) {
    if (typeof value === "string") {
        for (const expression of expressionsOf(value)) {
            for (const name of calledFunctions(parseExpression(expression))) {
                if (!EVALUATED_FUNCTIONS.includes(name))
                    throw new ExpressionError(`The emulator does not evaluate ${name}() (in ${value})`);
            }
        }
    } else if (Array.isArray(value)) value.forEach(checkExpressions);
    else if (value && typeof value === "object") Object.values(value).forEach(checkExpressions);
}

/** Evaluates a JSON value whose strings may be expressions. */
export function evaluateValue(value, context) {
    if (typeof value === "string") {
        if (value.startsWith("@@")) return value.slice(1);
        if (value.startsWith("@") && !value.startsWith("@{")) {
            return plain(evaluateTree(parseExpression(value.slice(1)), context));
        }
        return value.replace(/@\{([^}]*)\}/g, (_match, expression) =>
            textOf(plain(evaluateTree(parseExpression(expression), context))),
        );
    }
    if (Array.isArray(value)) return value.map((item) => evaluateValue(item, context));
    if (value && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateValue(item, context)]));
    return value;
}

/** XML nodes leave an expression as their text (the emulator never returns XML to a caller). */
function plain(value) {
    if (value?.xmlNode) return value.xmlNode.text;
    if (Array.isArray(value)) return value.map(plain);
    return value;
}

// ---- running a flow's actions ------------------------------------------------------------------------------

/**
 * The actions in the order they run: each after every action named in its runAfter. Throws for an action
 * type the emulator does not run or an expression it does not evaluate.
 * @param {Record<string, object>} actions a definition's `actions`
 */
export function planActions(actions) {
    const names = Object.keys(actions);
    for (const [name, action] of Object.entries(actions)) {
        if (!EVALUATED_ACTIONS.includes(action.type))
            throw new ExpressionError(`Action ${name}: the emulator does not run ${action.type} actions`);
        checkExpressions(action.inputs);
    }
    const order = [];
    const done = new Set();
    for (let round = 0; round < names.length && order.length < names.length; round++) {
        for (const name of names) {
            if (done.has(name)) continue;
            const after = Object.keys(actions[name].runAfter ?? {});
            if (after.every((dependency) => done.has(dependency))) {
                order.push(name);
                done.add(name);
            }
        }
    }
    if (order.length !== names.length)
        throw new ExpressionError("The actions' runAfter has a cycle or a missing action");
    return order;
}

/**
 * Runs the actions for one trigger call and returns the Response action's answer (undefined without one).
 * @param {Record<string, object>} actions
 * @param {{ body: unknown, headers: Record<string, string> }} trigger
 * @returns {{ status: number, headers: Record<string, string>, body: unknown } | undefined}
 */
export function runActions(actions, trigger) {
    const context = { trigger, actions: new Map() };
    for (const name of planActions(actions)) {
        const action = actions[name];
        const inputs = action.inputs ?? {};
        switch (action.type) {
            case "Compose":
                context.actions.set(name, { body: evaluateValue(inputs, context) });
                break;
            case "Select": {
                const from = evaluateRaw(inputs.from, context);
                if (!Array.isArray(from)) throw new ExpressionError(`Select ${name}: "from" is not an array`);
                const body = from.map((item) => evaluateValue(inputs.select, { ...context, item }));
                context.actions.set(name, { body });
                break;
            }
            case "Query": {
                const from = evaluateRaw(inputs.from, context);
                if (!Array.isArray(from)) throw new ExpressionError(`Query ${name}: "from" is not an array`);
                context.actions.set(name, {
                    body: from.filter((item) => Boolean(evaluateValue(inputs.where, { ...context, item }))),
                });
                break;
            }
            case "Response":
                return {
                    status: Number(evaluateValue(inputs.statusCode ?? 200, context)),
                    headers: evaluateValue(inputs.headers ?? {}, context),
                    body: evaluateValue(inputs.body, context),
                };
            default:
                throw new ExpressionError(`Action ${name}: the emulator does not run ${action.type} actions`);
        }
    }
    return undefined;
}

/** Like evaluateValue, but keeps XML nodes (a Select's "from" may be xpath nodes). */
function evaluateRaw(value, context) {
    if (typeof value === "string" && value.startsWith("@") && !value.startsWith("@{") && !value.startsWith("@@")) {
        return evaluateTree(parseExpression(value.slice(1)), context);
    }
    return evaluateValue(value, context);
}
