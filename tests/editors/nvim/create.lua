-- Headless Neovim 0.11 as an LSP client of `authlint server`: a fix that creates a file.
-- The buffer is a `.env` holding a key in a git work tree with no `.gitignore` (AL502). The quick
-- fix "Add `.env` to .gitignore" is picked through the real code-action UI, the file it creates is
-- waited for, then the diagnostic must clear without the buffer being edited again.
-- Prints "DIAG …", "ACTIONS …" and "PASS: …" or "FAIL: …" (exit 1). Env: LSP_CMD, LSP_TIMEOUT_MS.
local cmd = vim.split(os.getenv("LSP_CMD") or "python3 -m authlint server", " ", { trimempty = true })
local timeout = tonumber(os.getenv("LSP_TIMEOUT_MS") or "15000")
local function out(s) io.stdout:write(s .. "\n") end
local function finish(ok, msg)
  out((ok and "PASS: " or "FAIL: ") .. msg)
  for _, c in pairs(vim.lsp.get_clients()) do c:stop() end
  vim.wait(2000, function() return #vim.lsp.get_clients() == 0 end, 50)
  vim.cmd(ok and "qall!" or "cquit! 1")
end
local function codes(buf)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    seen[#seen + 1] = tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  return table.concat(seen, ",")
end
vim.ui.select = function(items, opts, on_choice)
  local titles = {}
  for i, item in ipairs(items) do titles[i] = opts.format_item and opts.format_item(item) or tostring(i) end
  out("ACTIONS " .. table.concat(titles, " | "))
  for i, title in ipairs(titles) do
    if title:find(".gitignore", 1, true) and not title:find("Ignore ", 1, true) then
      return on_choice(items[i], i)
    end
  end
  on_choice(nil, nil)
end
vim.api.nvim_create_autocmd("VimEnter", { callback = function()
  local ok, err = pcall(function()
    local buf = vim.api.nvim_get_current_buf()
    local id = vim.lsp.start({ name = "authlint", cmd = cmd, root_dir = vim.fn.getcwd() })
    if not id then return finish(false, "vim.lsp.start returned nil") end
    if not vim.wait(timeout, function() return codes(buf):find("AL502", 1, true) ~= nil end, 50) then
      return finish(false, "no AL502 diagnostic (got: " .. codes(buf) .. ")") end
    local d
    for _, x in ipairs(vim.diagnostic.get(buf)) do
      if tostring(x.code) == "AL502" then d = x end
    end
    out(string.format("DIAG %d:%d [%s] %s %s", d.lnum + 1, d.col + 1, d.source or "?", d.code, d.message))
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    vim.lsp.buf.code_action({ context = { only = { "quickfix" } } })
    local gitignore = vim.fn.getcwd() .. "/.gitignore"
    if not vim.wait(timeout, function() return vim.fn.filereadable(gitignore) == 1 end, 50) then
      return finish(false, ".gitignore not created") end
    if not vim.wait(timeout, function() return not codes(buf):find("AL502", 1, true) end, 50) then
      return finish(false, "AL502 not cleared after .gitignore was created (got: " .. codes(buf) .. ")") end
    finish(true, ".gitignore created by the fix, diagnostic cleared")
  end)
  if not ok then finish(false, "lua error: " .. tostring(err)) end
end })
