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
            "no-console": "off",
            "@typescript-eslint/no-require-imports": "off",
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
