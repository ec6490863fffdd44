-- Headless Neovim against the lmm server, configured by the snippet in docs/editors.md (editors/run.sh
-- extracts it and passes it with -u). Works on Neovim 0.7.2 and 0.10+. Checks: the server attaches to
-- dung.lmm; a typo gets a diagnostic; the hover shows Y, X and Z with row 1's values; completion
-- after "~ " offers the columns; the ▶ Fit lens fits (β in the lenses); the Results lens's command
-- shows the summary as plain text. Writes what Neovim shows to $LMM_EDITOR_REPORT.
local dir = assert(os.getenv("LMM_EDITOR_TEST_DIR"), "LMM_EDITOR_TEST_DIR")
local report_path = assert(os.getenv("LMM_EDITOR_REPORT"), "LMM_EDITOR_REPORT")
local report = { "# Neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "." .. tostring(vim.version().patch) }
local function say(s) table.insert(report, s) end
local function finish(code)
  local f = io.open(report_path, "w")
  f:write(table.concat(report, "\n") .. "\n")
  f:close()
  vim.cmd((code == 0 and "qall!" or "cquit " .. code))
end
local function fail(msg)
  say("FAILED: " .. msg)
  io.stderr:write("nvim: FAILED: " .. msg .. "\n")
  finish(1)
end
local function check(cond, msg) if not cond then fail(msg) end end

vim.cmd("edit " .. dir .. "/dung.lmm")
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
check(vim.bo[bufnr].filetype == "lmm", "filetype is '" .. vim.bo[bufnr].filetype .. "', not lmm")

local function clients()
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr }) end
  local t = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do table.insert(t, c) end
  return t
end
check(vim.wait(60000, function() local c = clients()[1]; return c ~= nil and c.initialized ~= false and c.server_capabilities ~= nil end, 100),
  "the lmm server did not attach")
local client = clients()[1]
say("attached: " .. client.name)

local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local L
for i, l in ipairs(lines) do if l:match("^model blocks =") then L = i - 1 end end
check(L, "no 'model blocks =' line")
local line = lines[L + 1]

local function request(method, params)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, 30000)
  check(res, method .. " failed: " .. tostring(err))
  for _, r in pairs(res) do
    if r.err then fail(method .. ": " .. vim.inspect(r.err)) end
    return r.result
  end
end
local function pos(col) return { textDocument = { uri = uri }, position = { line = L, character = col } } end

-- diagnostics for a typo, gone after the fix
local col = line:find("flies", line:find("~"), true) - 1
vim.api.nvim_buf_set_text(bufnr, L, col, L, col + 5, { "flise" })
check(vim.wait(30000, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do if d.message:find("flise", 1, true) then return true end end
end, 100), "no diagnostic for the typo 'flise'")
for _, d in ipairs(vim.diagnostic.get(bufnr)) do say("diagnostic: line " .. (d.lnum + 1) .. ": " .. d.message) end
vim.api.nvim_buf_set_text(bufnr, L, col, L, col + 5, { "flies" })
check(vim.wait(30000, function() return #vim.diagnostic.get(bufnr, { severity = vim.diagnostic.severity.ERROR }) == 0 end, 100),
  "the diagnostic did not go after the fix")

-- hover: Y, X and Z side by side, row 1 of the seed on one line
local hover = request("textDocument/hover", pos(line:find("~", 1, true) - 1))
check(hover and hover.contents, "no hover")
local value = hover.contents.value or hover.contents
say("hover (" .. (hover.contents.kind or "?") .. "), as Neovim shows it:")
for _, l in ipairs(vim.lsp.util.convert_input_to_markdown_lines(hover.contents)) do say("    " .. l) end
check(value:find("\n%s*1 0%.1433747 =%s+1%s+223 β %+ 1 0 0 u %+ e\n"), "the hover has no line with row 1's Y, X and Z: " .. value)
check(not value:find("\\", 1, true), "the hover has backslash escapes: " .. value)

-- completion after "~ "
local tilde = line:find("~", 1, true)
local completion = request("textDocument/completion", pos(tilde + 1))
local items = completion.items or completion
local labels = {}
for _, it in ipairs(items) do
  table.insert(labels, it.label)
  check(it.insertTextFormat ~= 2, "a snippet for a client without snippet support: " .. it.label)
end
say("completion after '~ ': " .. table.concat(labels, ", "))
check(vim.tbl_contains(labels, "flies") and vim.tbl_contains(labels, "oven_block"), "completion lacks the columns")

-- the ▶ Fit lens, run as a user runs it (cursor on the model line, vim.lsp.codelens.run)
vim.lsp.codelens.refresh()
check(vim.wait(30000, function()
  for _, l in ipairs(vim.lsp.codelens.get(bufnr) or {}) do
    if l.range.start.line == L and l.command and l.command.title:find("Fit", 1, true) then return true end
  end
end, 100), "no ▶ Fit lens on the model line")
vim.api.nvim_win_set_cursor(0, { L + 1, 0 })
vim.lsp.codelens.run()
local titles
check(vim.wait(60000, function()
  local lenses = request("textDocument/codeLens", { textDocument = { uri = uri } })
  titles = {}
  for _, l in ipairs(lenses) do if l.range.start.line == L then table.insert(titles, l.command.title) end end
  return titles[1] and titles[1]:find("0.16623", 1, true)
end, 250), "the fit lens did not show β 0.16623")
say("lenses after ▶ Fit: " .. table.concat(titles, " | "))
check(titles[1] == "β (Intercept) 0.16623 · flies -3.4667e-05", "β lens: " .. titles[1])

-- the Results lens: the snippet's lmm.showResults opens the plain-text summary
local lenses = request("textDocument/codeLens", { textDocument = { uri = uri } })
local results
for _, l in ipairs(lenses) do if l.range.start.line == L and l.command.title == "Results" then results = l.command end end
check(results, "no Results lens")
local before = #vim.api.nvim_list_bufs()
vim.lsp.commands["lmm.showResults"](results, { bufnr = bufnr, client_id = client.id })
local shown
check(vim.wait(30000, function()
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    local text = table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), "\n")
    if b ~= bufnr and text:find("0.1662317", 1, true) then shown = text return true end
  end
end, 100), "the Results lens showed no summary with β 0.1662317")
check(not shown:find("\\", 1, true), "the results have backslash escapes")
say("Results lens: a scratch buffer with the summary; its first lines:")
local n = 0
for l in (shown .. "\n"):gmatch("(.-)\n") do n = n + 1; if n <= 12 then say("    " .. l) end end
say("PASSED")
finish(0)
