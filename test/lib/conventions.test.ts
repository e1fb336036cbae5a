// Conventions of the teaching code, checked on the source: every export of the course's packages (lib,
// exercises, solutions, grader) has a doc comment, and nothing is typed `any` or drawn from Math.random.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Exported declarations (functions, classes, interfaces, types, consts) without a /** doc comment. */
function undocumentedExports(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const missing: string[] = [];
  const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of file.statements) {
    if (!isExported(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      if (!hasDoc(statement)) missing.push(statement.declarationList.declarations.map((d) => d.name.getText()).join(", "));
    } else if (
      ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)
    ) {
      if (!hasDoc(statement)) missing.push(statement.name?.getText() ?? "(default)");
    }
  }
  return missing.map((name) => `${relative(root, path)}: ${name}`);
}

describe.each(["lib", "exercises", "solutions", "grader"])("conventions of %s/", (folder) => {
  const files = sourceFiles(join(root, folder));

  it("has a doc comment on every export", () => {
    expect(files.length).toBeGreaterThan(3);
    expect(files.flatMap(undocumentedExports)).toEqual([]);
  });

  it("uses no `any` and no Math.random", () => {
    const offending = files.filter((path) => {
      const code = readFileSync(path, "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
      return /(:\s*any\b|\bas\s+any\b|<any>|Math\.random\s*\()/.test(code);
    });
    expect(offending.map((p) => relative(root, p))).toEqual([]);
  });
});
