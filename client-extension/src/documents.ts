/**
 * Which documents the server checks, and which files in the home folder it reads. Pure.
 *
 * Documents are selected by file pattern as well as by language id: VS Code 1.100 gives `.env`
 * the language `properties` and 1.139 `dotenv` (real-editors.md §5), and names such as
 * `.zshrc` or `.claude/settings.json` have no language of their own. The server decides the
 * file kind from the path (server/authlint/scanners/__init__.py) and ignores anything else.
 */

export interface Filter {
  scheme: string;
  language?: string;
  pattern?: string;
}

/** Languages whose documents are always sent (file and untitled buffers). */
export const LANGUAGES = [
  "dotenv",
  "shellscript",
  "fish",
  "powershell",
  "python",
  "javascript",
  "javascriptreact",
  "typescript",
  "typescriptreact",
] as const;

/** File patterns, whatever language VS Code gives them. */
export const PATTERNS = [
  "**/{.env,.env.*,*.env,env.example,env.sample,env.template,env.local,env.dist}",
  "**/{.envrc,.bashrc,.bash_profile,.bash_login,.bash_logout,.bash_aliases,.profile}",
  "**/{.zshenv,.zprofile,.zshrc,.zlogin,.zlogout}",
  "**/*.{fish,ps1}",
  "**/.vscode/settings.json",
  "**/User/settings.json",
  "**/*.code-workspace",
  "**/.claude/{settings.json,settings.local.json,.credentials.json}",
  "**/{.claude.json,managed-settings.json}",
  "**/{devcontainer.json,.devcontainer.json}",
  "**/{compose,docker-compose}*.{yml,yaml}",
  "**/{.mcp.json,claude_desktop_config.json}",
  "**/.streamlit/secrets.toml",
  "**/*.ipynb",
  "**/.claude/projects/**/*.jsonl",
  "**/.aider.conf.yml",
  "**/*.service",
  "**/.cline/data/{settings/providers.json,globalState.json}",
  // Kubernetes Secret / ConfigMap manifests: the server reads only those whose content says so.
  "**/*.{yaml,yml}",
  "**/{Makefile,makefile,GNUmakefile,*.mk}",
  "**/{justfile,Justfile,.justfile,*.just}",
  "**/.github/workflows/*.{yml,yaml}",
] as const;

/** The `documentSelector` of the language client. */
export function documentSelector(): Filter[] {
  const out: Filter[] = [];
  for (const language of LANGUAGES) {
    out.push({ scheme: "file", language }, { scheme: "untitled", language });
  }
  for (const pattern of PATTERNS) {
    out.push({ scheme: "file", pattern });
  }
  return out;
}

export type Platform = "linux" | "darwin" | "win32" | string;

/** A non-recursive watch: `pattern` (no `/`) inside `folder` (relative to the home folder). */
export interface HomeWatch {
  folder: string;
  pattern: string;
}

/**
 * The files in the home folder the server reads (server/authlint/core/home.py `home_files`),
 * grouped by folder so each watcher is non-recursive (a recursive watch of `~` is expensive).
 */
export function homeWatches(platform: Platform): HomeWatch[] {
  const powershell =
    platform === "win32"
      ? [
          { folder: "Documents/PowerShell", pattern: "{Microsoft.PowerShell_profile.ps1,profile.ps1}" },
          {
            folder: "Documents/WindowsPowerShell",
            pattern: "{Microsoft.PowerShell_profile.ps1,profile.ps1}",
          },
        ]
      : [{ folder: ".config/powershell", pattern: "{Microsoft.PowerShell_profile.ps1,profile.ps1}" }];
  const userRoot =
    platform === "win32" ? "AppData/Roaming" : platform === "darwin" ? "Library/Application Support" : ".config";
  return [
    {
      folder: "",
      pattern:
        "{.bashrc,.bash_profile,.bash_login,.profile,.zshenv,.zprofile,.zshrc,.zlogin,.claude.json}",
    },
    { folder: ".config/fish", pattern: "config.fish" },
    { folder: ".config/fish/conf.d", pattern: "*.fish" },
    ...powershell,
    { folder: ".claude", pattern: "{settings.json,.credentials.json}" },
    ...["Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"].map((app) => ({
      folder: `${userRoot}/${app}/User`,
      pattern: "settings.json",
    })),
  ];
}
