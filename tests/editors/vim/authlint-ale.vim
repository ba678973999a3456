" authlint for Vim + ALE (ALE 3.x): every file type authlint reads, next to ALE's own linters.
" Put it in ~/.vim/after/plugin/authlint.vim (it needs ALE loaded), or after `packadd ale`.
" .env.local, .env.production…: Vim 9.0 gives them no filetype (.env is already `sh`).
augroup authlint_filetypes
  autocmd!
  autocmd BufNewFile,BufRead .env.*,*.env if &filetype ==# '' | setfiletype sh | endif
augroup END

function! AuthlintRoot(buffer) abort
  let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')
  return empty(l:git) ? expand('#' . a:buffer . ':p:h') : fnamemodify(l:git, ':h:h')
endfunction

for s:filetype in ['sh', 'bash', 'zsh', 'fish', 'ps1', 'json', 'jsonc', 'yaml', 'python',
\                  'javascript', 'javascriptreact', 'typescript', 'typescriptreact']
  call ale#linter#Define(s:filetype, {
  \   'name': 'authlint',
  \   'lsp': 'stdio',
  \   'executable': get(g:, 'authlint_executable', 'authlint'),
  \   'command': get(g:, 'authlint_command', '%e server'),
  \   'project_root': function('AuthlintRoot'),
  \})
endfor

" ALE runs every linter of a filetype unless g:ale_linters (or its defaults) list them: these
" filetypes have default lists, so authlint is added to them. Already set your own lists for
" them? Add 'authlint' there instead.
let g:ale_linters = extend(get(g:, 'ale_linters', {}), {
\   'zsh': ['shell', 'authlint'],
\   'json': ['jsonlint', 'spectral', 'vscodejson', 'authlint'],
\   'jsonc': ['authlint'],
\   'yaml': ['spectral', 'yaml-language-server', 'yamllint', 'authlint'],
\   'python': ['flake8', 'mypy', 'pylint', 'pyright', 'ruff', 'authlint'],
\}, 'keep')
