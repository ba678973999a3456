" Vim 9 + Debian's vim-ale as an LSP client of `authlint server` (headless, -es): lint, read the
" diagnostic, ALECodeAction (its prompt answered with entry 1), write.
" Prints "DIAG line:col [linter] code message" and "PASS: ..." or "FAIL: ..." (exit 1).
" Env: LSP_CMD (the server as one command line). After shared/design/real-editors.md §3.
set nocompatible
filetype plugin on
let g:ale_linters = {'sh': ['authlint']}
let g:ale_lint_on_text_changed = 'never'
packadd ale
call ale#linter#Define('sh', {'name': 'authlint', 'lsp': 'stdio',
\   'executable': split($LSP_CMD)[0], 'command': $LSP_CMD, 'project_root': getcwd()})
runtime autoload/ale/util.vim
function! ale#util#Input(message, value, ...) abort
  return '1'
endfunction
function! s:Out(m) abort
  call writefile([a:m], '/dev/stdout', 'a')
endfunction
function! s:WaitFor(expr, ms) abort
  let n = 0
  while !eval(a:expr) && n < a:ms | sleep 50m | let n += 50 | endwhile
  return eval(a:expr)
endfunction
function! s:Finish(ok, msg) abort
  call s:Out((a:ok ? 'PASS: ' : 'FAIL: ') . a:msg) | call ale#lsp#StopAll()
  execute a:ok ? 'qall!' : 'cquit!'
endfunction
function! RunTest() abort
  setlocal filetype=sh
  ALELint
  if !s:WaitFor('len(ale#engine#GetLoclist(bufnr("")))', 15000) | return s:Finish(0, 'no diagnostics') | endif
  let d = ale#engine#GetLoclist(bufnr(''))[0]
  call s:Out(printf('DIAG %d:%d [%s] %s %s', d.lnum, d.col, d.linter_name, get(d, 'code', '?'), d.text))
  call cursor(d.lnum, d.col) | let before = getline(d.lnum)
  ALECodeAction
  if !s:WaitFor('getline(' . d.lnum . ') !=# ' . string(before), 15000) | return s:Finish(0, 'no edit') | endif
  silent write
  call s:Finish(1, 'diagnostic seen, code action applied, file written')
endfunction
autocmd VimEnter * call RunTest()
