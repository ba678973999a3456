" Vim 9 + ALE, with the README's snippet (authlint-ale.vim), as an LSP client of `authlint server`:
" a fix that creates a file. The buffer is a `.env` holding a key in a git work tree with no
" `.gitignore` (AL502); ALECodeAction's menu is answered with the entry that adds `.env` to
" .gitignore; the file must appear and the diagnostic clear without another edit of the buffer.
" Prints "DIAG …", "ACTIONS …" and "PASS: …" or "FAIL: …" (exit 1). Env: LSP_CMD, SNIPPET.
set nocompatible
filetype plugin on
let g:ale_lint_on_text_changed = 'never'
let g:authlint_executable = split($LSP_CMD)[0]
let g:authlint_command = $LSP_CMD
packadd ale
execute 'source' fnameescape($SNIPPET)
runtime autoload/ale/util.vim
function! ale#util#Input(message, value, ...) abort
  call s:Out('ACTIONS ' . substitute(a:message, "\n", ' | ', 'g'))
  for l:line in split(a:message, "\n")
    if l:line =~# '^\d\+) ' && l:line =~# '\.gitignore' && l:line !~# 'Ignore '
      return matchstr(l:line, '^\d\+')
    endif
  endfor
  return ''
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
function! Codes() abort
  return join(map(copy(ale#engine#GetLoclist(bufnr(''))), 'get(v:val, "code", "?")'), ',')
endfunction
function! RunTest() abort
  ALELint
  if !s:WaitFor('Codes() =~# "AL502"', 15000) | return s:Finish(0, 'no AL502 diagnostic: ' . Codes()) | endif
  let d = filter(copy(ale#engine#GetLoclist(bufnr(''))), 'get(v:val, "code", "") ==# "AL502"')[0]
  call s:Out(printf('DIAG %d:%d [%s] %s %s', d.lnum, d.col, d.linter_name, d.code, d.text))
  call cursor(d.lnum, d.col)
  ALECodeAction
  if !s:WaitFor('filereadable(".gitignore")', 15000) | return s:Finish(0, '.gitignore not created') | endif
  " ALE shows what the server publishes; nothing in the buffer changed.
  if !s:WaitFor('Codes() !~# "AL502"', 15000) | return s:Finish(0, 'AL502 not cleared: ' . Codes()) | endif
  call s:Finish(1, '.gitignore created by the fix, diagnostic cleared')
endfunction
autocmd VimEnter * call RunTest()
