// The emulator's evaluator of workflow definition language expressions (tools/local-stack/emulators/flow-expressions.mjs):
// what it evaluates, and that it refuses what it does not instead of answering something made up.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    ExpressionError,
    checkExpressions,
    evaluateValue,
    parseExpression,
    planActions,
    runActions,
} from "../../tools/local-stack/emulators/flow-expressions.mjs";

const trigger = {
    body: { record: { table: "account", primaryName: null, id: "42" }, caller: { name: "O'Brien" } },
    headers: { "Content-Type": "application/json", "x-ms-user-email-encoded": "secret", "X-MS-Other": "v" },
};
const context = { trigger, actions: new Map() };

describe("workflow expressions in the Power Automate emulator", () => {
    it("evaluates literals with doubled quotes, optional members, coalesce and concat", () => {
        assert.equal(
            evaluateValue(
                "@concat('it''s ', coalesce(triggerBody()?['record']?['primaryName'], triggerBody()?['record']?['id']))",
                context,
            ),
            "it's 42",
        );
        assert.equal(evaluateValue("@triggerBody()?['missing']?['deeper']", context), null);
        assert.equal(evaluateValue("@triggerBody()?.caller.name", context), "O'Brien");
        assert.throws(() => evaluateValue("@triggerBody()['missing']['deeper']", context), ExpressionError);
    });

    it("evaluates string interpolation and leaves @@ as a literal @", () => {
        assert.equal(evaluateValue("Hello @{triggerBody()?['caller']?['name']}!", context), "Hello O'Brien!");
        assert.equal(evaluateValue("@@not an expression", context), "@not an expression");
        assert.deepEqual(evaluateValue({ a: ["@toUpper('x')", 3] }, context), { a: ["X", 3] });
    });

    it("reads header names through xml()/xpath(), case-insensitive startsWith", () => {
        const names = evaluateValue(
            "@xpath(xml(json(concat('{\"headers\":', string(triggerOutputs()?['headers']), '}'))), '/headers/*')",
            context,
        );
        assert.equal(names.length, 3);
        const actions = {
            Names: {
                type: "Select",
                runAfter: {},
                inputs: {
                    from: "@xpath(xml(json(concat('{\"headers\":', string(triggerOutputs()?['headers']), '}'))), '/headers/*')",
                    select: "@xpath(item(), 'name(/*)')",
                },
            },
            Caller: {
                type: "Query",
                runAfter: { Names: ["Succeeded"] },
                inputs: { from: "@body('Names')", where: "@startsWith(item(), 'X-MS-')" },
            },
            Response: {
                type: "Response",
                kind: "Http",
                runAfter: { Caller: ["Succeeded"] },
                inputs: { statusCode: 201, body: "@body('Caller')" },
            },
        };
        assert.deepEqual(runActions(actions, trigger), {
            status: 201,
            headers: {},
            body: ["x-ms-user-email-encoded", "X-MS-Other"],
        });
    });

    it("runs actions in runAfter order whatever their order in the JSON, and refuses cycles", () => {
        const actions = {
            Response: { type: "Response", runAfter: { Compose: ["Succeeded"] }, inputs: { body: "@body('Compose')" } },
            Compose: { type: "Compose", runAfter: {}, inputs: { n: "@length(triggerBody()?['caller']?['name'])" } },
        };
        assert.deepEqual(planActions(actions), ["Compose", "Response"]);
        assert.deepEqual(runActions(actions, trigger).body, { n: 7 });
        assert.throws(
            () =>
                planActions({
                    A: { type: "Compose", runAfter: { B: [] } },
                    B: { type: "Compose", runAfter: { A: [] } },
                }),
            /cycle/,
        );
    });

    it("refuses unknown functions, actions, XPath forms and syntax", () => {
        assert.throws(() => checkExpressions({ x: "@utcNow()" }), /does not evaluate utcNow\(\)/);
        assert.throws(() => planActions({ A: { type: "Http", runAfter: {} } }), /does not run Http actions/);
        assert.throws(
            () => evaluateValue("@xpath(xml(json('{\"a\":{\"b\":1}}')), '//b')", context),
            /does not evaluate "\/\/b"/,
        );
        for (const broken of ["concat('a'", "'unterminated", "concat('a') extra", "foo"]) {
            assert.throws(() => parseExpression(broken), ExpressionError, broken);
        }
    });
});
