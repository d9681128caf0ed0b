// The `pac pcf init` flat config, extended to tests and scripts.
import eslintjs from "@eslint/js";
import eslintConfigPrettier from "eslint-config-prettier/flat";
import microsoftPowerApps from "@microsoft/eslint-plugin-power-apps";
import pluginPromise from "eslint-plugin-promise";
import reactPlugin from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import typescriptEslint from "typescript-eslint";

/** @type {import('eslint').Linter.Config[]} */
export default [
    {
        ignores: [
            "**/generated",
            "node_modules",
            "out",
            "coverage",
            "Solutions/out",
            "Solutions/bin",
            "Solutions/obj",
            ".demo",
            "test-results",
            "Solutions/src/WebResources",
        ],
    },
    eslintjs.configs.recommended,
    ...typescriptEslint.configs.recommendedTypeChecked,
    ...typescriptEslint.configs.stylisticTypeChecked,
    pluginPromise.configs["flat/recommended"],
    // The preset is what turns the Power Apps checker rules on; registering the plugin alone enables nothing.
    microsoftPowerApps.configs.paCheckerHosted,
    reactPlugin.configs.flat.recommended,
    {
        plugins: {
            "@microsoft/power-apps": microsoftPowerApps,
            "react-hooks": reactHooks,
        },
        languageOptions: {
            globals: { ...globals.browser, ComponentFramework: true },
            parserOptions: {
                projectService: { allowDefaultProject: ["*.js", "*.mjs"] },
                tsconfigRootDir: import.meta.dirname,
            },
        },
        settings: { react: { version: "16.14" } },
        rules: {
            "react-hooks/rules-of-hooks": "error",
            "react-hooks/exhaustive-deps": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            eqeqeq: ["error", "smart"],
            "no-console": "error",
        },
    },
    {
        // Node-side code: scripts, the local stack (tools/), node:test suites and configs. Plain JavaScript, not type-checked.
        files: ["**/*.mjs", "**/*.js", "**/*.cjs"],
        ...typescriptEslint.configs.disableTypeChecked,
        languageOptions: {
            ...typescriptEslint.configs.disableTypeChecked.languageOptions,
            globals: { ...globals.node, ...globals.browser },
        },
        rules: {
            ...typescriptEslint.configs.disableTypeChecked.rules,
            // Node code handles web resource paths as zip entries, XML text and .gitignore patterns, never as
            // browser URLs, which is what this checker rule is about.
            "@microsoft/power-apps/use-cached-webresource": "off",
            "no-console": "off",
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        // The local form host plays the model-driven app itself: it owns the form's DOM and provides Xrm.Page
        // (to emulate the Client API), so the checker's rules for web resources on a form don't apply to it.
        // The browser tests read that emulated form from the page.
        files: ["tools/local-stack/form-host/public/**/*.js", "test/e2e/**/*.mjs"],
        rules: {
            "@microsoft/power-apps/avoid-dom-form": "off",
            "@microsoft/power-apps/use-client-context": "off",
        },
    },
    {
        files: ["test/**/*.ts", "test/**/*.tsx"],
        languageOptions: {
            globals: { ...globals.jest, ...globals.node },
        },
        rules: {
            "@typescript-eslint/unbound-method": "off",
        },
    },
    // Formatting is Prettier's job (npm run format); this turns off the rules that would fight it.
    eslintConfigPrettier,
];
