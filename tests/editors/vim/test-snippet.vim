" Vim 9 + ALE with the README's snippet exactly as written (authlint-ale.vim, sourced from $SNIPPET):
" every file named in $FILES (space-separated) gets an authlint diagnostic, and ALE's own linters
" stay enabled beside it. Prints "LINTERS ft: …", "DIAG file line:col code" per file and
" "PASS: …" or "FAIL: …" (exit 1). Env: LSP_CMD, SNIPPET, FILES.
set nocompatible
filetype plugin on
let g:ale_lint_on_text_changed = 'never'
let g:authlint_executable = split($LSP_CMD)[0]
let g:authlint_command = $LSP_CMD
packadd ale
execute 'source' fnameescape($SNIPPET)
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
function! Authlint() abort
  return filter(copy(ale#engine#GetLoclist(bufnr(''))), 'v:val.linter_name ==# "authlint"')
endfunction
function! RunTest() abort
  for l:ft in ['sh', 'zsh', 'json', 'python']
    call s:Out('LINTERS ' . l:ft . ': ' . join(map(ale#linter#Get(l:ft), 'v:val.name'), ','))
  endfor
  for l:file in split($FILES)
    execute 'edit' fnameescape(l:file)
    ALELint
    if !s:WaitFor('len(Authlint())', 15000)
      return s:Finish(0, 'no authlint diagnostic in ' . l:file . ' (filetype ' . &filetype . ')')
    endif
    let l:d = Authlint()[0]
    call s:Out(printf('DIAG %s %d:%d %s', l:file, l:d.lnum, l:d.col, get(l:d, 'code', '?')))
  endfor
  call s:Finish(1, 'every file checked')
endfunction
autocmd VimEnter * ++nested call RunTest()
